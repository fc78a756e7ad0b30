from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from forms.selectors import draft_list_with_progress
from portal.access import founder_area
from services.cases.selectors import case_list_for_applicant
from services.catalog.selectors import service_get, service_list

LEGAL_PAGES = {"imprint", "privacy", "accessibility"}


@require_safe
def home(request):
    return render(request, "portal/home.html", {"services": service_list()})


@require_safe
def service_page(request, service: str):
    """A service's own start page: what it is for, what to have ready, how long it takes, the fee."""
    return render(request, "portal/service.html", {"service": service_get(slug=service)})


@require_safe
@founder_area
def my_cases(request):
    context = {
        "cases": case_list_for_applicant(applicant=request.user),
        "drafts": draft_list_with_progress(owner=request.user),
    }
    return render(request, "portal/my_cases.html", context)


@require_safe
def legal_page(request, page: str):
    if page not in LEGAL_PAGES:
        raise Http404
    return render(request, f"portal/{page}.html")
