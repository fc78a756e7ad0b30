"""Which area of the portal a person works in: founders file and follow applications, staff work
cases in ``/sachbearbeitung/``, the agency reads figures in ``/wirtschaftsfoerderung/``. A URL of an
area that is not yours answers 404 (DESIGN.md)."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from services.cases.permissions import user_is_analyst, user_is_founder, user_is_staff_member


def founder_area(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Founders reach the view; anonymous visitors are asked to log in; anyone else gets 404."""

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not user_is_founder(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(guarded)


def agency_area(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The economic development agency (and admins) reach the view; for anyone else, anonymous
    visitors included, the URL does not exist."""

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not user_is_analyst(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


def landing_url(user) -> str:
    """Where a person lands after logging in: staff in their inbox, founders in "Meine Anträge",
    the agency on its dashboard, anyone else on the start page."""
    if user_is_staff_member(user):
        return reverse("workspace:inbox")
    if user_is_founder(user):
        return reverse("my_cases")
    if user_is_analyst(user):
        return reverse("agency:dashboard")
    return reverse("home")
