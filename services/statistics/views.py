"""The agency's pages: the dashboard and each table's CSV and JSON download. Nothing here reads a case;
every figure comes from ``services.statistics.dashboard`` (aggregates, small groups suppressed)."""

import csv
import io

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portal.access import agency_area
from services.statistics.charts import dashboard_charts
from services.statistics.dashboard import TABLE_NAMES, dashboard_table, dashboard_tables
from services.statistics.forms import figure_filter_form


@require_safe
@agency_area
def dashboard(request):
    today = timezone.localdate()
    form = figure_filter_form(query=request.GET, today=today)
    context = {"form": form, "query": request.GET.urlencode()}
    if form.is_valid():
        tables = dashboard_tables(flt=form.figure_filter(), today=today)
        context.update(
            tables=tables,
            charts=dashboard_charts(tables, description=_("Bars of the column “%(column)s” of the table below.")),
            flt=form.figure_filter(),
        )
    return render(request, "agency/dashboard.html", context)


@require_safe
@agency_area
def table_export(request, name: str, fmt: str):
    if name not in TABLE_NAMES or fmt not in ("csv", "json"):
        raise Http404
    today = timezone.localdate()
    form = figure_filter_form(query=request.GET, today=today)
    if not form.is_valid():
        return render(request, "agency/dashboard.html", {"form": form, "query": ""}, status=400)
    flt = form.figure_filter()
    table = dashboard_table(flt=flt, today=today, name=name)
    filename = f"{name}_{flt.start:%Y-%m-%d}_{flt.end:%Y-%m-%d}.{fmt}"
    if fmt == "json":
        response = JsonResponse(table.as_json(), json_dumps_params={"ensure_ascii": False, "indent": 1})
    else:
        response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table_csv(table) -> bytes:
    """The table for German spreadsheet programs: UTF-8 with BOM, semicolons, German number format."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(column) for column in table.columns])
    writer.writerows(table.german_rows())
    return ("\ufeff" + out.getvalue()).encode("utf-8")
