from django.db.models import QuerySet
from django.http import Http404

from services.catalog.models import Service


def service_list() -> QuerySet[Service]:
    return Service.objects.select_related("department").prefetch_related("documents")


def service_get(*, slug: str) -> Service:
    """One service of the catalog, with its department and documents; unknown ones are not found."""
    service = service_list().filter(slug=slug).first()
    if service is None:
        raise Http404
    return service
