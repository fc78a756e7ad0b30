from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "services.catalog"
    label = "catalog"
    verbose_name = "Leistungskatalog"
