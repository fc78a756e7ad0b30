from django.db.models import QuerySet
from django.http import Http404

from services.catalog.models import District, DistrictPostcode, Service


def service_list() -> QuerySet[Service]:
    return Service.objects.select_related("department").prefetch_related("documents")


def service_get(*, slug: str) -> Service:
    """One service of the catalog, with its department and documents; unknown ones are not found."""
    service = service_list().filter(slug=slug).first()
    if service is None:
        raise Http404
    return service


def district_choices() -> list[tuple[str, str]]:
    """The city's districts as (code, name), in the catalog's order."""
    return list(District.objects.values_list("code", "name"))


def district_postcode_map() -> dict[str, str]:
    """Every postcode of the table with its district's code (one query, for counting many cases)."""
    return dict(DistrictPostcode.objects.values_list("postcode", "district__code"))


def district_for_postcode(*, postcode: str | None) -> str:
    """The code of the district a postcode is counted to; "" for a postcode outside the table."""
    postcode = (postcode or "").strip()
    if not postcode:
        return ""
    return DistrictPostcode.objects.filter(postcode=postcode).values_list("district__code", flat=True).first() or ""
