from dataclasses import dataclass
from datetime import date

from django.db.models import Min
from django.http import Http404

from services.reports.content import month_before, month_first
from services.reports.models import MonthlyReport
from services.statistics.models import CaseFigure

# The longest list of months the report page offers.
MONTHS_LISTED = 120


@dataclass(frozen=True)
class ReportMonth:
    month: date
    report: MonthlyReport | None


def report_month_list(*, today: date) -> list[ReportMonth]:
    """The past months that have figures (from the first application on) or a kept report, newest first,
    each with its kept report if there is one."""
    kept = {report.month: report for report in MonthlyReport.objects.all()}
    first = CaseFigure.objects.aggregate(first=Min("submitted_on"))["first"]
    months = set(kept)
    month = month_before(month_first(today))
    while first is not None and month >= month_first(first) and len(months) < MONTHS_LISTED:
        months.add(month)
        month = month_before(month)
    return [ReportMonth(month, kept.get(month)) for month in sorted(months, reverse=True)]


def report_month_offered(*, month: date) -> bool:
    """Whether a past month's report is offered: it is kept, or the month is not before the first
    application (a URL naming any other month makes no report)."""
    if MonthlyReport.objects.filter(month=month).exists():
        return True
    first = CaseFigure.objects.aggregate(first=Min("submitted_on"))["first"]
    return first is not None and month >= month_first(first)


def report_month_get(*, year: int, month: int) -> date:
    """The first day of the month named in a URL; 404 for one that does not exist."""
    try:
        return date(year, month, 1)
    except ValueError as exc:
        raise Http404 from exc
