from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    """Online appointment booking: what departments offer, when they are open, and who comes when."""

    name = "services.appointments"
    label = "appointments"
    verbose_name = _("Appointments")
