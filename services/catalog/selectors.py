from django.db.models import QuerySet

from services.catalog.models import Service


def service_list() -> QuerySet[Service]:
    return Service.objects.select_related("department").prefetch_related("documents")
