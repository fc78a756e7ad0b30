"""Writing the monthly reports: rendered once per past month and kept; the current month is not over,
so it is rendered on demand as a preliminary report and never kept."""

import hashlib
import logging
from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from services.pdf.services import pdf_render
from services.reports.content import month_before, month_first, month_label, monthly_report_sections
from services.reports.models import MonthlyReport

logger = logging.getLogger(__name__)


class MonthNotOver(ValueError):
    """A report is kept only for a month that is over."""


def month_is_over(*, month: date, today: date | None = None) -> bool:
    return month_first(month) < month_first(today or timezone.localdate())


def monthly_report_render(*, month: date) -> bytes:
    """The report for the month (any day of it) as a tagged PDF in the authority's language; a month not
    over yet says on every page that its figures are preliminary."""
    month = month_first(month)
    now = timezone.localtime()
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "month": month,
            "month_label": month_label(month),
            "final": month_is_over(month=month, today=now.date()),
            "generated_at": now,
            "city_name": settings.CITY_NAME,
            "city_authority": settings.CITY_AUTHORITY,
            "sections": monthly_report_sections(month=month, today=now.date(), now=now),
        }
        return pdf_render(template="pdf/monthly_report.html", context=context)


def _file_name(month: date) -> str:
    return f"monthly-report-{month:%Y-%m}.pdf"  # under upload_to


def monthly_report_ensure(*, month: date) -> MonthlyReport:
    """The kept report of a past month, rendered and stored on first use; later calls (a second
    download, the beat job again, a parallel request) return the same one. ``MonthNotOver`` for the
    current month or a later one."""
    month = month_first(month)
    if not month_is_over(month=month):
        raise MonthNotOver(month)
    report = MonthlyReport.objects.filter(month=month).first()
    if report is not None:
        return report
    # Rendering takes a while: before the transaction; the unique month decides a race.
    content = monthly_report_render(month=month)
    report = MonthlyReport(month=month, sha256=hashlib.sha256(content).hexdigest(), size=len(content))
    report.file.save(_file_name(month), ContentFile(content), save=False)
    try:
        with transaction.atomic():
            report.generated_at = timezone.now()
            report.save()
    except IntegrityError:
        # Another worker kept the month's report first: keep that one and drop this file.
        report.file.storage.delete(report.file.name)
        return MonthlyReport.objects.get(month=month)
    except BaseException:
        report.file.storage.delete(report.file.name)
        raise
    logger.info("monthly report kept for %s", f"{month:%Y-%m}")
    return report


def monthly_report_regenerate(*, month: date) -> MonthlyReport:
    """Render a past month's report again and replace the kept one (the admin command only: a kept
    report is the one the council received)."""
    month = month_first(month)
    if not month_is_over(month=month):
        raise MonthNotOver(month)
    content = monthly_report_render(month=month)
    stored = ContentFile(content)
    with transaction.atomic():
        report = MonthlyReport.objects.select_for_update().filter(month=month).first()
        if report is None:
            report = MonthlyReport(month=month)
        old_name = report.file.name if report.file else ""
        report.file.save(_file_name(month), stored, save=False)
        new_name = report.file.name
        report.sha256 = hashlib.sha256(content).hexdigest()
        report.size = len(content)
        report.generated_at = timezone.now()
        try:
            report.save()
        except BaseException:
            report.file.storage.delete(new_name)
            raise
        if old_name and old_name != new_name:
            storage = report.file.storage
            transaction.on_commit(lambda: storage.delete(old_name))
    logger.info("monthly report regenerated for %s", f"{month:%Y-%m}")
    return report


def monthly_report_last_month_ensure(*, today: date | None = None) -> MonthlyReport:
    """The beat job: keep last month's report (once; later runs change nothing)."""
    return monthly_report_ensure(month=month_before(month_first(today or timezone.localdate())))
