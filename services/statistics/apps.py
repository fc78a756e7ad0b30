from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    """The economic development agency's area under ``/wirtschaftsfoerderung/``: aggregate figures on
    volumes, processing times and the wizard funnel, never a person's data."""

    name = "services.statistics"
    label = "statistics"
    verbose_name = _("Statistics")

    def ready(self):
        from django.db.backends.signals import connection_created

        from services.statistics import signals  # noqa: F401  (connects the receivers)
        from services.statistics.aggregates import sqlite_functions_register

        connection_created.connect(sqlite_functions_register, dispatch_uid="statistics_sqlite_functions")
