"""The kept monthly reports: one PDF per past month, written once (``monthly_report_ensure``) and
replaced only by the admin command ``monthly_report_regenerate``. The file lies in the default
storage (private); the agency's report page hands it out after checking the analyst permission."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MonthlyReport(models.Model):
    # The first day of the month the report covers (the city's calendar).
    month = models.DateField(_("month"), unique=True)
    file = models.FileField(_("file"), upload_to="agency-reports/", max_length=200)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    size = models.PositiveIntegerField(_("size in bytes"))
    generated_at = models.DateTimeField(_("generated at"))

    class Meta:
        ordering = ["-month"]
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"
