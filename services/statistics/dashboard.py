"""The dashboard's tables, built from the selectors' aggregates: one function per question the agency
asks, each returning a ``Table`` the page, the charts and the exports share."""

from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import cached_property

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forms.applications import application_exists, application_for
from services.appointments.models import AppointmentType
from services.catalog.models import Department, Service
from services.catalog.selectors import district_choices
from services.statistics import selectors
from services.statistics.dimensions import DIMENSIONS, KIND_DIMENSION, WZ_SECTIONS
from services.statistics.selectors import AGE_BANDS, FigureFilter
from services.statistics.tables import (
    Cell,
    Line,
    Table,
    column_line,
    count,
    days,
    label,
    share,
    small,
    totals_protect,
)


def _bucket_label(day: date, resolution: str) -> str:
    if resolution == "day":
        return formats.date_format(day, "SHORT_DATE_FORMAT")
    if resolution == "week":
        year, week, _weekday = day.isocalendar()
        return _("Week %(week)s/%(year)s") % {"week": week, "year": year}
    return formats.date_format(day, "YEAR_MONTH_FORMAT")


class Figures:
    """The aggregates of one filter, each read from the database once, when a table first needs it."""

    def __init__(self, *, flt: FigureFilter, today: date, now: datetime | None = None):
        self.flt = flt
        self.today = today
        self.now = now or timezone.now()

    @cached_property
    def service_names(self) -> dict[int, str]:
        return {pk: name for pk, name, _slug in self._services}

    @cached_property
    def service_slugs(self) -> dict[int, str]:
        return {pk: slug for pk, _name, slug in self._services}

    @cached_property
    def _services(self) -> list[tuple[int, str, str]]:
        return list(Service.objects.values_list("pk", "name", "slug"))

    @cached_property
    def department_names(self) -> dict[int, str]:
        return dict(Department.objects.values_list("pk", "name"))

    @cached_property
    def breakdowns(self) -> dict[str, dict]:
        return selectors.volume_breakdowns(flt=self.flt)

    @cached_property
    def processing(self) -> dict[str, dict]:
        return selectors.processing_breakdowns(flt=self.flt)

    @cached_property
    def funnel(self) -> dict[int, dict]:
        return selectors.funnel_figures(flt=self.flt)


def _change(current: int, before: int) -> Cell:
    if not before:
        return Cell("share", None)
    return Cell("share", (current - before) / before, hidden=small(current, before))


def table_volume(figures: Figures) -> Table:
    flt = figures.flt
    series = selectors.volume_series(flt=flt)
    names = figures.service_names
    shown = sorted({service for counts in series.values() for service in counts}, key=lambda pk: names[pk])
    if flt.service is not None:
        shown = [flt.service.pk]
    table = Table(
        "volume",
        _("Applications received per %(unit)s") % {"unit": dict(RESOLUTION_UNITS)[flt.resolution]},
        [_("Period"), *(names[pk] for pk in shown), _("Total")],
    )
    for bucket, counts in sorted(series.items()):
        table.rows.append(
            [
                label(_bucket_label(bucket, flt.resolution)),
                *(count(counts.get(pk, 0)) for pk in shown),
                count(sum(counts.values())),
            ]
        )
    # Each row adds up to its total; each column to the period's figure in the comparison table.
    columns = range(1, len(table.columns))
    totals_protect(
        table,
        [
            *(Line([(row, column) for column in columns[:-1]], (row, columns[-1])) for row in range(len(table.rows))),
            *(column_line(table, column) for column in columns),
        ],
    )
    return table


def table_comparison(figures: Figures) -> Table:
    flt = figures.flt
    counts = selectors.volume_comparison(flt=flt)
    names = figures.service_names
    table = Table(
        "comparison",
        _("Applications compared with the period before and the same period a year before"),
        [
            _("Service"),
            _("This period"),
            _("Period before"),
            _("Change on the period before"),
            _("A year before"),
            _("Change on the year"),
        ],
        note=_("Period before: %(start)s – %(end)s; a year before: %(ystart)s – %(yend)s.")
        % {
            "start": formats.date_format(flt.previous().start, "SHORT_DATE_FORMAT"),
            "end": formats.date_format(flt.previous().end, "SHORT_DATE_FORMAT"),
            "ystart": formats.date_format(flt.year_before().start, "SHORT_DATE_FORMAT"),
            "yend": formats.date_format(flt.year_before().end, "SHORT_DATE_FORMAT"),
        },
    )
    totals = [0, 0, 0]
    for pk, (current, previous, year_before) in sorted(counts.items(), key=lambda item: names[item[0]]):
        totals = [totals[0] + current, totals[1] + previous, totals[2] + year_before]
        table.rows.append(comparison_row(names[pk], current, previous, year_before))
    table.rows.append(comparison_row(_("All services"), *totals))
    comparison_protect(table)
    return table


# The comparison's counts and the changes derived from each: (count column, change columns).
COMPARISON_COLUMNS = {1: (3, 5), 2: (3,), 4: (5,)}


def comparison_protect(table: Table) -> None:
    """The comparison's last row is the total of each count column; a change is withheld with its counts."""
    last = len(table.rows) - 1
    totals_protect(
        table,
        [column_line(table, column, total=last) for column in COMPARISON_COLUMNS],
        linked=lambda position: [(position[0], change) for change in COMPARISON_COLUMNS[position[1]]],
    )


def comparison_row(name: str, current: int, previous: int, year_before: int) -> list[Cell]:
    return [
        label(name),
        count(current),
        count(previous),
        _change(current, previous),
        count(year_before),
        _change(current, year_before),
    ]


def _share_table(
    name: str, title, heading, counts: dict, labels: list[tuple], *, whole: int | None = None, additive: bool = True
) -> Table:
    """Counts per value with their share of all; ``labels`` gives the order, values not in it follow.
    ``additive``: each application counts in one row (not so for the kinds of business)."""
    whole = sum(counts.values()) if whole is None else whole
    table = Table(name, str(title), [str(heading), _("Applications"), _("Share")])
    known = [code for code, _label in labels]
    for code, text in labels + [(code, None) for code in counts if code not in known]:
        n = counts.get(code, 0)
        if text is None:
            text = str(_("not stated")) if code in ("", None) else str(code)
        table.rows.append([label(text), count(n), share(n, whole)])
    if additive:
        # The shares give away the whole, so the counts add up to a known total.
        totals_protect(table, [column_line(table, 1)], linked=lambda position: [(position[0], 2)])
    return table


def table_department(figures: Figures) -> Table:
    counts = figures.breakdowns["department"]
    names = figures.department_names
    labels = sorted(((pk, names[pk]) for pk in counts if pk is not None), key=lambda item: item[1])
    if None in counts:
        labels.append((None, _("not routed yet")))
    return _share_table("department", _("By department"), _("Department"), counts, labels)


def table_dimension(figures: Figures, name: str) -> Table:
    dimension = DIMENSIONS[name]
    counts = figures.breakdowns[dimension.field]
    if name == "district":
        labels = [*district_choices(), ("", _("outside the table or not stated"))]
    elif name == "wz_section":
        labels = [(code, f"{code} – {text}") for code, _first, _last, text in WZ_SECTIONS] + [("", _("not stated"))]
    else:
        labels = [(code, dimension.label(code)) for code in sorted(counts, key=lambda c: -counts[c])]
    return _share_table(name, dimension.title, _("Value"), counts, labels)


def table_business_kind(figures: Figures) -> Table:
    counts = figures.breakdowns["business_kind"]
    whole = figures.breakdowns["total"]
    table = _share_table(
        "business_kind",
        KIND_DIMENSION.title,
        _("Kind of business"),
        counts,
        KIND_DIMENSION.choices,
        whole=whole,
        additive=False,
    )
    table.note = _("A business may be of several kinds: the shares are of all applications and add up to more.")
    return table


def table_processing(figures: Figures, by: str) -> Table:
    rows = figures.processing[by]
    names = figures.service_names if by == "service" else figures.department_names
    table = Table(
        f"processing_{by}",
        _("Processing time per service") if by == "service" else _("Processing time per department"),
        [
            _("Service") if by == "service" else _("Department"),
            _("Received"),
            _("Decided"),
            _("Median days to decision"),
            _("90th percentile of days"),
            _("Decided within the due date"),
            _("With an information request"),
        ],
        note=_("Applications received in the period; calendar days from receipt to decision, waiting for the "
               "founder's answer included."),
    )  # fmt: skip
    for pk, row in sorted(rows.items(), key=lambda item: names.get(item[0], "")):
        table.rows.append(
            [
                label(names.get(pk, _("not routed yet"))),
                count(row["cases"]),
                count(row["decided"]),
                days(row["median"], base=row["decided"]),
                days(row["p90"], base=row["decided"]),
                share(row["within_due"], row["with_due"]),
                share(row["requested"], row["cases"]),
            ]
        )
    # The applications received add up to the period's figure (the comparison table); a row's other
    # figures are derived from them.
    totals_protect(table, [column_line(table, 1)], linked=lambda position: [(position[0], c) for c in range(2, 7)])
    return table


def table_backlog(figures: Figures) -> Table:
    counts = selectors.backlog_by_age(flt=figures.flt, today=figures.today)
    table = Table(
        "backlog",
        _("Open applications by age"),
        [_("Received"), _("Open applications")],
        note=_("Applications not decided today, whatever the period; department, service and district apply."),
    )
    for (first, last), n in zip(AGE_BANDS, counts, strict=True):
        if last is None:
            text = _("more than %(days)s days ago") % {"days": first - 1}
        else:
            text = _("%(first)s to %(last)s days ago") % {"first": first, "last": last}
        table.rows.append([label(text), count(n)])
    return table


def table_funnel(figures: Figures) -> Table:
    names = figures.service_names
    table = Table(
        "funnel",
        _("Online applications started and submitted"),
        [_("Service"), _("Started"), _("Submitted"), _("Conversion"), _("Median minutes to submit")],
        note=_("Drafts started in the period, and how many of them were submitted (until today)."),
    )
    for pk, row in sorted(figures.funnel.items(), key=lambda item: names[item[0]]):
        minutes = row["median_seconds"] / 60 if row["median_seconds"] is not None else None
        table.rows.append(
            [
                label(names[pk]),
                count(row["started"]),
                count(row["submitted"]),
                share(row["submitted"], row["started"]),
                days(minutes, base=row["submitted"]),
            ]
        )
    return table


def table_funnel_steps(figures: Figures) -> Table:
    names, slugs = figures.service_names, figures.service_slugs
    table = Table(
        "funnel_steps",
        _("Wizard steps: completed, and where founders gave up"),
        [_("Service"), _("Step"), _("Completed"), _("Share of starts"), _("Gave up after this step")],
        note=_("A draft not submitted counts where it stopped: after the last step it completed."),
    )
    lines = []
    for pk, row in sorted(figures.funnel.items(), key=lambda item: names[item[0]]):
        steps = application_for(slugs[pk]).steps if application_exists(slugs[pk]) else []
        before = [label(names[pk]), label(_("(before the first step)")), label(""), label("")]
        # The drafts given up add up to those started minus those submitted (the funnel table).
        lines.append(column_line(table, 4, rows=range(len(table.rows), len(table.rows) + len(steps) + 1)))
        table.rows.append([*before, count(row["stops"].get("", 0))])
        for step in steps:
            n = row["steps"].get(step.name, 0)
            table.rows.append(
                [
                    label(names[pk]),
                    label(step.title),
                    count(n),
                    share(n, row["started"]),
                    count(row["stops"].get(step.name, 0)),
                ]
            )
    totals_protect(table, lines)
    return table


def table_appointments(figures: Figures) -> Table:
    counts = selectors.appointment_figures(flt=figures.flt, now=figures.now)
    lead = selectors.appointment_lead_days(flt=figures.flt, now=figures.now)
    kinds = (
        AppointmentType.objects.filter(pk__in=[*counts, *lead])
        .order_by("department__name", "name")
        .values_list("pk", "name", "department__name")
    )
    table = Table(
        "appointments",
        _("Appointments per type"),
        [
            _("Appointment type"),
            _("Department"),
            _("Booked"),
            _("Attended"),
            _("Did not come"),
            _("Cancelled"),
            _("No-show rate"),
            _("Next free slot in"),
        ],
        note=_("Appointments in the period, cancelled ones included in “Booked”; the no-show rate is of the "
               "appointments past that were attended or missed. The next free slot is counted from now, in "
               "days (d) and hours (h), in the downloads in days; “–” if none is free or the type is not "
               "bookable. The district filter does not apply."),
        empty=_("No appointment type is bookable and no appointment lies in this period."),
    )  # fmt: skip
    empty = dict.fromkeys(("booked", "attended", "no_show", "cancelled", "past_attended", "past_no_show"), 0)
    for pk, name, department in kinds:
        row = counts.get(pk, empty)
        table.rows.append(
            [
                label(name),
                label(department),
                count(row["booked"]),
                count(row["attended"]),
                count(row["no_show"]),
                count(row["cancelled"]),
                share(row["past_no_show"], row["past_attended"] + row["past_no_show"]),
                Cell("duration", lead.get(pk)),
            ]
        )
    return table


# Net business formation: Gewerbeanmeldungen minus Gewerbeabmeldungen (the services' catalog codes).
REGISTRATION, DEREGISTRATION = "gewerbeanmeldung", "gewerbeabmeldung"


def net_formation_filter(flt: FigureFilter) -> FigureFilter:
    """The months the period touches, whatever the service chosen (the figure is of both services)."""
    last = (flt.end.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return replace(flt, start=flt.start.replace(day=1), end=last, resolution="month", service=None)


def table_net_formation(figures: Figures) -> Table:
    """Per month: Gewerbeanmeldungen, Gewerbeabmeldungen and their difference, once Abmeldungen exist."""
    flt = net_formation_filter(figures.flt)
    slugs = {slug: pk for pk, slug in figures.service_slugs.items()}
    table = Table(
        "net_formation",
        _("Net business formation per month"),
        [_("Month"), _("Gewerbeanmeldungen"), _("Gewerbeabmeldungen"), _("Net formation")],
        note=_("Notifications received per month (whole months); the difference is withheld where either "
               "count is under 3. Department and district apply, the service filter does not."),
        empty=_("No Gewerbeabmeldung has been received in these months: the net formation follows once "
                "the portal receives them."),
    )  # fmt: skip
    registration, deregistration = slugs.get(REGISTRATION), slugs.get(DEREGISTRATION)
    if registration is None or deregistration is None:
        return table
    series = selectors.volume_series(flt=flt)
    if not any(counts.get(deregistration) for counts in series.values()):
        return table
    for bucket, counts in sorted(series.items()):
        added, closed = counts.get(registration, 0), counts.get(deregistration, 0)
        table.rows.append(
            [
                label(_bucket_label(bucket, "month")),
                count(added),
                count(closed),
                Cell("count", added - closed, hidden=small(added, closed), secondary=small(added, closed)),
            ]
        )
    return table


RESOLUTION_UNITS = [("day", gettext_lazy("day")), ("week", gettext_lazy("week")), ("month", gettext_lazy("month"))]


TABLES = {
    "volume": table_volume,
    "comparison": table_comparison,
    "department": table_department,
    **{name: (lambda figures, name=name: table_dimension(figures, name)) for name in DIMENSIONS},
    "business_kind": table_business_kind,
    "net_formation": table_net_formation,
    "processing_service": lambda figures: table_processing(figures, "service"),
    "processing_department": lambda figures: table_processing(figures, "department"),
    "backlog": table_backlog,
    "funnel": table_funnel,
    "funnel_steps": table_funnel_steps,
    "appointments": table_appointments,
}
# Every table of the dashboard, in the page's order, by the name its export URL carries.
TABLE_NAMES = tuple(TABLES)


def dashboard_tables(*, flt: FigureFilter, today: date, now: datetime | None = None) -> dict[str, Table]:
    """Every table of the dashboard for the filter, by name; each aggregate is read once. ``now`` (default:
    this moment) is when the appointments' no-shows and next free slots are counted."""
    figures = Figures(flt=flt, today=today, now=now)
    return {name: build(figures) for name, build in TABLES.items()}


def dashboard_table(*, flt: FigureFilter, today: date, name: str, now: datetime | None = None) -> Table:
    """One table by name (``KeyError`` for an unknown one), reading only what it needs."""
    return TABLES[name](Figures(flt=flt, today=today, now=now))
