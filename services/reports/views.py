"""The agency's monthly reports: the list of months and each month's PDF, behind the analyst
permission (``agency_area``: anyone else, anonymous visitors included, gets 404)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portal.access import agency_area
from services.cases.handout import file_hand_out
from services.reports.content import month_first
from services.reports.selectors import report_month_get, report_month_list, report_month_offered
from services.reports.services import month_is_over, monthly_report_ensure, monthly_report_render


def _filename(month, *, final: bool) -> str:
    name = _("monthly-report") if final else _("monthly-report-preliminary")
    return f"{name}-{month:%Y-%m}.pdf"


@require_safe
@agency_area
def report_list(request):
    today = timezone.localdate()
    context = {"months": report_month_list(today=today), "current": month_first(today)}
    return render(request, "agency/reports.html", context)


@require_safe
@agency_area
def report_download(request, year: int, month: int):
    first = report_month_get(year=year, month=month)
    today = timezone.localdate()
    if month_is_over(month=first, today=today):
        if not report_month_offered(month=first):
            raise Http404
        report = monthly_report_ensure(month=first)
        return file_hand_out(report.file, filename=_filename(first, final=True), content_type="application/pdf")
    if first != month_first(today):
        raise Http404
    # The month is not over: rendered for this download, marked preliminary, not kept.
    response = HttpResponse(monthly_report_render(month=first), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(first, final=False)}"'
    response["Cache-Control"] = "private, no-store"
    return response
