from collections.abc import Callable
from functools import wraps

from django.http import Http404, HttpRequest, HttpResponse

from services.cases.permissions import user_is_staff_member, user_is_supervisor


def staff_area(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Only staff reach the view; for anyone else (founders, analysts, anonymous) the URL does not exist."""

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not user_is_staff_member(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


def supervisor_area(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Only supervisors and admins reach the view; anyone else gets 404."""

    @wraps(view)
    def guarded(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not user_is_supervisor(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return guarded
