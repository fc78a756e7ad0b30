from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutingConfig(AppConfig):
    """Which department gets a submitted case: ordered rules per service, the catalog as fallback."""

    name = "services.routing"
    label = "routing"
    verbose_name = _("Routing")
