from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The agency's monthly report for the city council: a tagged PDF of one month's figures, kept for
    every past month (``MonthlyReport``), read in ``/wirtschaftsfoerderung/berichte/``."""

    name = "services.reports"
    label = "reports"
    verbose_name = _("Monthly reports")
