"""What the monthly report for the city council shows: the dashboard's tables and charts for one month
(``services.statistics.dashboard``, small groups suppressed there), the month compared with the month
before and the same month a year before, and the trend of the thirteen months up to it.

Figures that describe the moment rather than the month (open applications by age, the appointments'
next free slot) are left out: a kept report must say the same whenever it is read."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import formats
from django.utils.translation import gettext as _

from services.catalog.models import Service
from services.statistics import selectors
from services.statistics.charts import DASHBOARD_CHARTS, Chart, chart_for
from services.statistics.dashboard import TABLES, Figures, comparison_protect, comparison_row
from services.statistics.selectors import FigureFilter
from services.statistics.tables import Table

# The month's tables by section, in the report's order.
MONTH_SECTIONS = [
    (
        "volume",
        ["department", "district", "wz_section", "legal_form", "business_kind", "reason", "side_business"],
    ),
    ("processing", ["processing_service", "processing_department"]),
    ("funnel", ["funnel", "funnel_steps"]),
]
TREND_MONTHS = 13


@dataclass(frozen=True)
class Figure:
    """A table of the report and the chart drawn from it (None: a table only)."""

    table: Table
    chart: Chart | None


@dataclass(frozen=True)
class Section:
    name: str
    title: str
    figures: list[Figure]


def month_first(day: date) -> date:
    return day.replace(day=1)


def month_last(month: date) -> date:
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def month_before(month: date, months: int = 1) -> date:
    for _month in range(months):
        month = (month.replace(day=1) - timedelta(days=1)).replace(day=1)
    return month


def month_label(month: date) -> str:
    return formats.date_format(month, "YEAR_MONTH_FORMAT")


def _figure(table: Table) -> Figure:
    chart = None
    if table.name in DASHBOARD_CHARTS:
        column, vertical = DASHBOARD_CHARTS[table.name]
        description = _("Bars of the column “%(column)s” of the table below.") % {"column": str(table.columns[column])}
        chart = chart_for(table, column=column, vertical=vertical, description=description)
    return Figure(table, chart)


def table_month_comparison(*, month: date) -> Table:
    """Applications per service in the month, the month before and the same month a year before."""
    previous, year_before = month_before(month), month_before(month, 12)
    recent = selectors.volume_series(flt=FigureFilter(start=previous, end=month_last(month)))
    earlier = selectors.volume_series(flt=FigureFilter(start=year_before, end=month_last(year_before)))
    current, before, year = recent.get(month, {}), recent.get(previous, {}), earlier.get(year_before, {})
    names = dict(Service.objects.values_list("pk", "name"))
    table = Table(
        "comparison",
        _("Applications compared with the month before and the same month a year before"),
        [
            _("Service"),
            month_label(month),
            month_label(previous),
            _("Change on the month before"),
            month_label(year_before),
            _("Change on the year"),
        ],
    )
    totals = [0, 0, 0]
    for pk in sorted({*current, *before, *year}, key=lambda pk: names.get(pk, "")):
        row = (current.get(pk, 0), before.get(pk, 0), year.get(pk, 0))
        totals = [total + n for total, n in zip(totals, row, strict=True)]
        table.rows.append(comparison_row(names.get(pk, ""), *row))
    table.rows.append(comparison_row(_("All services"), *totals))
    comparison_protect(table)
    return table


def monthly_report_sections(*, month: date, today: date, now: datetime) -> list[Section]:
    """The report's sections for the month (its first day), as of ``today``."""
    flt = FigureFilter(start=month, end=month_last(month), resolution="month")
    figures = Figures(flt=flt, today=today, now=now)
    trend = Figures(
        flt=FigureFilter(start=month_before(month, TREND_MONTHS - 1), end=month_last(month), resolution="month"),
        today=today,
        now=now,
    )
    titles = {
        "volume": _("Applications received"),
        "processing": _("Processing"),
        "funnel": _("Online applications: where founders give up"),
    }
    sections = [
        Section(
            "overview",
            _("The month at a glance"),
            [
                Figure(table_month_comparison(month=month), None),
                _figure(TABLES["volume"](trend)),
                Figure(TABLES["net_formation"](trend), None),
            ],
        )
    ]
    for name, tables in MONTH_SECTIONS:
        sections.append(Section(name, titles[name], [_figure(TABLES[table](figures)) for table in tables]))
    return sections
