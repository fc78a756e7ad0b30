"""Reads of the agency's figures: every number is aggregated by the database from ``CaseFigure``,
``WizardEvent`` and ``Appointment`` (no loop over cases or appointments); Python only fills empty
periods and lays the results out as ``Table``s (``services.statistics.tables``), where small groups are suppressed."""

import math
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.db.models import CharField, Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, Floor, TruncMonth, TruncWeek
from django.utils import timezone

from services.appointments.models import Appointment, AppointmentStatus, AppointmentType
from services.appointments.selectors import appointment_type_list_bookable
from services.appointments.slots import slots_free
from services.catalog.models import Department, Service
from services.statistics.dimensions import KIND_BITS
from services.statistics.funnel_rollup import minutes_bucket
from services.statistics.models import CaseFigure, FigureDay, FigureMonth, FunnelMonth, WizardJourney, WizardStep
from services.statistics.rollups import DAYS, KIND, MONTH_DIMENSIONS, side_business_value

RESOLUTIONS = ("day", "week", "month")
# Open cases by how long ago they arrived: (label, first day, last day or None).
AGE_BANDS = [(0, 7), (8, 14), (15, 30), (31, 60), (61, None)]


@dataclass(frozen=True)
class FigureFilter:
    """What the analyst looks at: a period (both days included, the city's calendar), the resolution of
    the time series and optionally one service, department and district."""

    start: date
    end: date
    resolution: str = "month"
    service: Service | None = None
    department: Department | None = None
    district: str = ""

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "FigureFilter":
        """The period of the same length right before."""
        return replace(self, start=self.start - timedelta(days=self.days), end=self.start - timedelta(days=1))

    def year_before(self) -> "FigureFilter":
        """The same days a year earlier (29 February becomes the 28th)."""
        return replace(self, start=_year_back(self.start), end=_year_back(self.end))


def _year_back(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _local_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The aware instants [start 00:00, day after end 00:00) in the city's time zone."""
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), zone),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), zone),
    )


def _scoped(figures: QuerySet, flt: FigureFilter) -> QuerySet:
    if flt.service is not None:
        figures = figures.filter(service=flt.service)
    if flt.department is not None:
        figures = figures.filter(department=flt.department)
    if flt.district:
        figures = figures.filter(district=flt.district)
    return figures


def case_figures_in_period(*, flt: FigureFilter) -> QuerySet[CaseFigure]:
    return _scoped(CaseFigure.objects.filter(submitted_on__range=(flt.start, flt.end)), flt)


# --- Volume ------------------------------------------------------------------------------------


def period_buckets(*, flt: FigureFilter) -> list[date]:
    """The first day of every day, week (Monday) or month the period touches."""
    if flt.resolution == "day":
        first, step = flt.start, None
    elif flt.resolution == "week":
        first, step = flt.start - timedelta(days=flt.start.weekday()), None
    else:
        first, step = flt.start.replace(day=1), "month"
    buckets, current = [], first
    while current <= flt.end:
        buckets.append(current)
        if step == "month":
            current = (current.replace(day=28) + timedelta(days=4)).replace(day=1)
        else:
            current += timedelta(days=1 if flt.resolution == "day" else 7)
    return buckets


def _cells_scoped(cells: QuerySet, flt: FigureFilter) -> QuerySet:
    """A rollup's cells narrowed to the filter's service, department and district."""
    if flt.service is not None:
        cells = cells.filter(service=flt.service.pk)
    if flt.department is not None:
        cells = cells.filter(department=flt.department.pk)
    if flt.district:
        cells = cells.filter(district=flt.district)
    return cells


def figure_days_in_period(*, flt: FigureFilter) -> QuerySet[FigureDay]:
    return _cells_scoped(FigureDay.objects.filter(day__range=(flt.start, flt.end)), flt)


def period_months_split(*, start: date, end: date) -> tuple[tuple[date, date] | None, list[tuple[date, date]]]:
    """The whole months of the period (first and last month's first day, or None) and the days outside
    them (up to two ranges, both days included): the months are read from ``FigureMonth``, the days
    from ``CaseFigure``."""
    first = start if start.day == 1 else (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    after_end = end + timedelta(days=1)
    last = end.replace(day=1) if after_end.day == 1 else (end.replace(day=1) - timedelta(days=1)).replace(day=1)
    if first > last:
        return None, [(start, end)]
    edges = []
    if start < first:
        edges.append((start, first - timedelta(days=1)))
    last_day = (last.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    if last_day < end:
        edges.append((last_day + timedelta(days=1), end))
    return (first, last), edges


def _month_cells_and_edge_figures(flt: FigureFilter) -> tuple[QuerySet | None, QuerySet | None]:
    months, edges = period_months_split(start=flt.start, end=flt.end)
    cells = _cells_scoped(FigureMonth.objects.filter(month__range=months), flt) if months else None
    figures = None
    if edges:
        days = Q()
        for first, last in edges:
            days |= Q(submitted_on__range=(first, last))
        figures = _scoped(CaseFigure.objects.filter(days), flt)
    return cells, figures


def _bucket_day(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def volume_series(*, flt: FigureFilter) -> dict[date, dict[int, int]]:
    """Submissions per period bucket and service: {bucket: {service id: count}}, from ``FigureDay``."""
    if flt.resolution == "day":
        bucket = F("day")
    elif flt.resolution == "week":
        bucket = TruncWeek("day")
    else:
        bucket = TruncMonth("day")
    rows = (
        figure_days_in_period(flt=flt).annotate(bucket=bucket).values("bucket", "service").annotate(n=Sum("cases"))
    ).order_by()
    series: dict[date, dict[int, int]] = {b: {} for b in period_buckets(flt=flt)}
    for row in rows:
        if row["n"]:
            series.setdefault(_bucket_day(row["bucket"]), {})[row["service"]] = row["n"]
    return series


def volume_comparison(*, flt: FigureFilter) -> dict[int, tuple[int, int, int]]:
    """Submissions per service in the period, the period before and the same period a year before."""
    previous, year_before = flt.previous(), flt.year_before()
    periods = {
        "current": Q(day__range=(flt.start, flt.end)),
        "previous": Q(day__range=(previous.start, previous.end)),
        "year_before": Q(day__range=(year_before.start, year_before.end)),
    }
    either = periods["current"] | periods["previous"] | periods["year_before"]
    rows = (
        _cells_scoped(FigureDay.objects.filter(either), flt)
        .values("service")
        .annotate(**{name: Sum("cases", filter=condition) for name, condition in periods.items()})
        .order_by()
    )
    counts = {row["service"]: (row["current"] or 0, row["previous"] or 0, row["year_before"] or 0) for row in rows}
    return {service: numbers for service, numbers in counts.items() if any(numbers)}


# The columns the volume is broken down by: per day in ``FigureDay``, per month in ``FigureMonth``.
DAY_BREAKDOWNS = ("department", "district")
BREAKDOWN_FIELDS = ("legal_form", "wz_section", "reason", "side_business", "business_kinds")


def volume_breakdowns(*, flt: FigureFilter) -> dict[str, dict]:
    """Submissions in the period per department, district, legal form, WZ section, reason, side business
    and kind of business: {field: {value: count}}. Department and district come from ``FigureDay``; the
    others from ``FigureMonth`` for the period's whole months and from ``CaseFigure`` for its other days
    (one GROUP BY per column, in one UNION ALL query). Kinds of business come per kind (a case may name
    several)."""
    days = figure_days_in_period(flt=flt)
    parts = [
        days.values(dimension=Value(field), value=Cast(field, CharField())).annotate(n=Sum("cases")).order_by()
        for field in DAY_BREAKDOWNS
    ]
    result: dict[str, dict] = {field: defaultdict(int) for field in (*DAY_BREAKDOWNS, *MONTH_DIMENSIONS, KIND)}
    for row in parts[0].union(*parts[1:], all=True):
        result[row["dimension"]][row["value"]] += row["n"]
    cells, figures = _month_cells_and_edge_figures(flt)
    if cells is not None:
        rows = cells.exclude(dimension=DAYS).values("dimension", "value").annotate(n=Sum("cases")).order_by()
        for row in rows:
            result[row["dimension"]][row["value"]] += row["n"]
    if figures is not None:
        edge_parts = [
            figures.values(dimension=Value(field), value=Cast(field, CharField())).annotate(n=Count("pk")).order_by()
            for field in BREAKDOWN_FIELDS
        ]
        for row in edge_parts[0].union(*edge_parts[1:], all=True):
            if row["dimension"] == "business_kinds":
                for code, bit in KIND_BITS.items():
                    if int(row["value"]) & bit:
                        result[KIND][code] += row["n"]
            elif row["dimension"] == "side_business":
                side = None if row["value"] is None else row["value"] in ("true", "1")
                result["side_business"][side_business_value(side)] += row["n"]
            else:
                result[row["dimension"]][row["value"]] += row["n"]
    counts = {field: {value: n for value, n in values.items() if n} for field, values in result.items()}
    return {
        "department": {int(pk) or None: n for pk, n in counts["department"].items()},
        "district": counts["district"],
        "legal_form": counts["legal_form"],
        "wz_section": counts["wz_section"],
        "reason": counts["reason"],
        "side_business": {None if value == "" else value == "true": n for value, n in counts["side_business"].items()},
        "business_kind": {code: counts[KIND].get(code, 0) for code in KIND_BITS},
        "total": sum(counts["district"].values()),
    }


# --- Processing --------------------------------------------------------------------------------


def histogram_percentile(histogram: dict[int, int], fraction: float) -> float | None:
    """The continuous percentile (linear interpolation, as PostgreSQL's ``percentile_cont``) of the values
    a histogram {value: how many} stands for."""
    total = sum(histogram.values())
    if not total:
        return None
    position = fraction * (total - 1)
    wanted = {math.floor(position), math.ceil(position)}
    found: dict[int, float] = {}
    seen = 0
    for value in sorted(histogram):
        count = histogram[value]
        for index in wanted:
            if seen <= index < seen + count:
                found[index] = value
        seen += count
    low, high = math.floor(position), math.ceil(position)
    return found[low] + (found[high] - found[low]) * (position - low)


def processing_breakdowns(*, flt: FigureFilter) -> dict[str, dict]:
    """Per service and per department ({"service": {pk: row}, "department": {pk: row}}), for the cases
    received in the period: how many, how many decided, median and 90th percentile of the days to the
    decision (in whole days, from the histogram in ``FigureMonth`` and the period's other days in
    ``CaseFigure``), decided within the due date (of those with one), with an information request."""
    sums = {name: Sum(name) for name in ("cases", "decided", "with_due", "within_due", "requested")}
    days = figure_days_in_period(flt=flt)
    by_service = days.values(by=Value("service"), key=F("service")).annotate(**sums).order_by()
    by_department = days.values(by=Value("department"), key=F("department")).annotate(**sums).order_by()
    result: dict[str, dict] = {"service": {}, "department": {}}
    for row in by_service.union(by_department, all=True):
        if row["cases"]:
            result[row["by"]][row["key"] or None if row["by"] == "department" else row["key"]] = row
    histograms: dict[tuple[str, int | None], dict[int, int]] = defaultdict(lambda: defaultdict(int))

    def count(service: int, department: int | None, waited: int, n: int) -> None:
        histograms["service", service][waited] += n
        histograms["department", department or None][waited] += n

    cells, figures = _month_cells_and_edge_figures(flt)
    if cells is not None:
        rows = cells.filter(dimension=DAYS).values("service", "department", "value").annotate(n=Sum("cases"))
        for row in rows.order_by():
            count(row["service"], row["department"], int(row["value"]), row["n"])
    if figures is not None:
        waited = Floor(F("processing_days") + 0.5)
        rows = figures.filter(processing_days__isnull=False).values("service", "department", waited=waited)
        for row in rows.annotate(n=Count("pk")).order_by():
            count(row["service"], row["department"], int(row["waited"]), row["n"])
    for by, rows in result.items():
        for key, row in rows.items():
            histogram = histograms.get((by, key), {})
            row["median"] = histogram_percentile(histogram, 0.5)
            row["p90"] = histogram_percentile(histogram, 0.9)
    return result


def backlog_by_age(*, flt: FigureFilter, today: date) -> list[int]:
    """Open cases now (whatever the period), per age band of ``AGE_BANDS``, from ``FigureDay``."""
    bands = {}
    for index, (first, last) in enumerate(AGE_BANDS):
        condition = Q(day__lte=today - timedelta(days=first))
        if last is not None:
            condition &= Q(day__gte=today - timedelta(days=last))
        bands[f"band_{index}"] = Sum("open", filter=condition)
    result = _cells_scoped(FigureDay.objects.filter(open__gt=0), flt).aggregate(**bands)
    return [result[f"band_{index}"] or 0 for index in range(len(AGE_BANDS))]


# --- Funnel ------------------------------------------------------------------------------------


def funnel_figures(*, flt: FigureFilter) -> dict[int, dict]:
    """Per service, for the drafts started in the period: starts, submissions (until now), the median
    seconds to submit (at whole minutes), each step's completions ({step name: drafts}) and where the
    drafts not submitted stopped ({last step completed: drafts}; "" before the first). Whole months come
    from ``FunnelMonth``, the period's other days from ``WizardJourney``."""
    names = {(service, bit): name for service, name, bit in WizardStep.objects.values_list("service", "name", "bit")}
    counts: dict[int, dict] = defaultdict(
        lambda: {"started": 0, "submitted": 0, "step": defaultdict(int), "stop": defaultdict(int),
                 "minutes": defaultdict(int)}
    )  # fmt: skip
    months, edges = period_months_split(start=flt.start, end=flt.end)
    if months:
        cells = FunnelMonth.objects.filter(month__range=months)
        if flt.service is not None:
            cells = cells.filter(service=flt.service.pk)
        for row in cells.values("service", "dimension", "value").annotate(n=Sum("drafts")).order_by():
            figures = counts[row["service"]]
            if row["dimension"] in ("started", "submitted"):
                figures[row["dimension"]] += row["n"]
            elif row["dimension"] == "minutes":
                figures["minutes"][int(row["value"])] += row["n"]
            else:
                figures[row["dimension"]][row["value"]] += row["n"]
    if edges:
        days = Q()
        for first, last in edges:
            start, end = _local_bounds(first, last)
            days |= Q(started_at__gte=start, started_at__lt=end)
        journeys = WizardJourney.objects.filter(days)
        if flt.service is not None:
            journeys = journeys.filter(service=flt.service)
        for row in journeys.values("service", "steps_done").annotate(n=Count("pk")).order_by():
            figures = counts[row["service"]]
            figures["started"] += row["n"]
            for bit in range(row["steps_done"].bit_length()):
                if row["steps_done"] >> bit & 1:
                    figures["step"][str(bit)] += row["n"]
        stops = journeys.filter(submitted_at__isnull=True).values("service", "last_step").annotate(n=Count("pk"))
        for row in stops.order_by():
            counts[row["service"]]["stop"][row["last_step"]] += row["n"]
        times = journeys.filter(submitted_at__isnull=False).values("service", "seconds").annotate(n=Count("pk"))
        for row in times.order_by():
            counts[row["service"]]["submitted"] += row["n"]
            if row["seconds"] is not None:
                counts[row["service"]]["minutes"][minutes_bucket(row["seconds"])] += row["n"]
    result: dict[int, dict] = {}
    for service, figures in counts.items():
        if not figures["started"]:
            continue
        median = histogram_percentile({m: n for m, n in figures["minutes"].items() if n}, 0.5)
        result[service] = {
            "started": figures["started"],
            "submitted": figures["submitted"],
            "median_seconds": median * 60 if median is not None else None,
            "steps": {name: figures["step"].get(str(bit), 0) for (of, bit), name in names.items() if of == service},
            "stops": {step: n for step, n in figures["stop"].items() if n},
        }
    return result


# --- Appointments ------------------------------------------------------------------------------


def _appointment_types_scoped(types: QuerySet[AppointmentType], flt: FigureFilter) -> QuerySet[AppointmentType]:
    if flt.service is not None:
        types = types.filter(service=flt.service)
    if flt.department is not None:
        types = types.filter(department=flt.department)
    return types


def appointment_figures(*, flt: FigureFilter, now: datetime) -> dict[int, dict[str, int]]:
    """Per appointment type, of the appointments starting in the period (one query): all booked,
    cancelled ones included; attended; no-shows; cancelled; and the attended and no-shows of those
    whose time has passed by ``now`` (the base of the no-show rate). The district does not apply."""
    start, end = _local_bounds(flt.start, flt.end)
    types = _appointment_types_scoped(AppointmentType.objects.all(), flt)
    past = Q(starts_at__lt=now)
    rows = (
        Appointment.objects.filter(starts_at__gte=start, starts_at__lt=end, appointment_type__in=types)
        .values("appointment_type")
        .annotate(
            booked=Count("pk"),
            attended=Count("pk", filter=Q(status=AppointmentStatus.ATTENDED)),
            no_show=Count("pk", filter=Q(status=AppointmentStatus.NO_SHOW)),
            cancelled=Count("pk", filter=Q(status=AppointmentStatus.CANCELLED)),
            past_attended=Count("pk", filter=past & Q(status=AppointmentStatus.ATTENDED)),
            past_no_show=Count("pk", filter=past & Q(status=AppointmentStatus.NO_SHOW)),
        )
        .order_by()
    )
    return {row.pop("appointment_type"): row for row in rows}


def appointment_lead_days(*, flt: FigureFilter, now: datetime) -> dict[int, float | None]:
    """Per bookable appointment type: the days (a fraction: 0.5 are twelve hours) from ``now`` until
    its next free slot, by the appointments app's slot search; None if none is free within its horizon."""
    lead: dict[int, float | None] = {}
    for kind in _appointment_types_scoped(appointment_type_list_bookable(), flt):
        days = slots_free(appointment_type=kind, now=now, days_wanted=1)
        lead[kind.pk] = (days[0].slots[0].starts_at - now).total_seconds() / 86400 if days else None
    return lead
