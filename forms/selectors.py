from django.db.models import QuerySet
from django.http import Http404

from forms.applications import application_exists
from forms.models import Draft
from portal.accounts.models import User
from services.catalog.models import Service


def draft_list_open(*, owner: User) -> QuerySet[Draft]:
    return Draft.objects.filter(owner=owner, case__isnull=True).select_related("service")


def draft_get_for_owner(*, owner: User, public_id) -> Draft:
    """The owner's draft; anybody else's is reported as not found."""
    try:
        return Draft.objects.select_related("service", "case").get(owner=owner, public_id=public_id)
    except Draft.DoesNotExist as exc:
        raise Http404 from exc


def service_get_with_wizard(*, slug: str) -> Service:
    """A service founders can apply for online here; any other is reported as not found."""
    if not application_exists(slug):
        raise Http404
    try:
        return Service.objects.select_related("department").get(slug=slug, online=True)
    except Service.DoesNotExist as exc:
        raise Http404 from exc
