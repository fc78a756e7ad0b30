"""Reads of the agency's figures: every number is aggregated by the database from ``CaseFigure``,
``WizardJourney``, ``Appointment`` and their rollups (no loop over cases or appointments); Python only fills empty
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
from services.statistics.rollups import (
    ALL_DEPARTMENTS,
    ALL_DISTRICTS,
    COUNT,
    DAYS,
    KIND,
    MONTH_COUNTS,
    MONTH_DIMENSIONS,
    side_business_value,
)

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


def _level(cells: QuerySet, flt: FigureFilter, by: tuple[str, ...] = ()) -> QuerySet:
    """A rollup's cells narrowed to the filter's service, at the level of department and district the
    filter and the grouping ``by`` need (``services.statistics.rollups``: -1 and "*" are all)."""
    if flt.service is not None:
        cells = cells.filter(service=flt.service.pk)
    if flt.department is not None:
        cells = cells.filter(department=flt.department.pk)
    elif "department" in by:
        cells = cells.exclude(department=ALL_DEPARTMENTS)
    else:
        cells = cells.filter(department=ALL_DEPARTMENTS)
    if flt.district:
        cells = cells.filter(district=flt.district)
    elif "district" in by:
        cells = cells.exclude(district=ALL_DISTRICTS)
    else:
        cells = cells.filter(district=ALL_DISTRICTS)
    return cells


def period_months_split(*, start: date, end: date) -> tuple[tuple[date, date] | None, list[tuple[date, date]]]:
    """The whole months of the period (first and last month's first day, or None) and the days outside
    them (up to two ranges, both days included): the months are read from the monthly rollups, the
    days from the daily one or the rows themselves."""
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


def _in_ranges(field: str, ranges: list[tuple[date, date]]) -> Q:
    condition = Q()
    for first, last in ranges:
        condition |= Q(**{f"{field}__range": (first, last)})
    return condition


def _day_counts(
    *, flt: FigureFilter, start: date, end: date, by: tuple[str, ...], names: tuple[str, ...] = ("cases",)
) -> dict[tuple, dict[str, int]]:
    """The day counts ``names`` of the cases received from ``start`` to ``end`` per value of ``by``: whole
    months from ``FigureMonth`` (dimension "count"), the other days from ``FigureDay``."""
    result: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(names, 0))
    months, edges = period_months_split(start=start, end=end)
    if months:
        cells = FigureMonth.objects.filter(dimension=COUNT, month__range=months, value__in=names)
        for row in _level(cells, flt, by).values(*by, "value").annotate(n=Sum("cases")).order_by():
            result[tuple(row[field] for field in by)][row["value"]] += row["n"]
    if edges:
        days = _level(FigureDay.objects.filter(_in_ranges("day", edges)), flt, by)
        for row in days.values(*by).annotate(**{f"n_{name}": Sum(name) for name in names}).order_by():
            counts = result[tuple(row[field] for field in by)]
            for name in names:
                counts[name] += row[f"n_{name}"] or 0
    return result


def _bucket_day(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def volume_series(*, flt: FigureFilter) -> dict[date, dict[int, int]]:
    """Submissions per period bucket and service: {bucket: {service id: count}}; per month from
    ``FigureMonth`` and the days around whole months, per day and week from ``FigureDay``."""
    series: dict[date, dict[int, int]] = {b: {} for b in period_buckets(flt=flt)}
    rows = []
    if flt.resolution == "month":
        months, edges = period_months_split(start=flt.start, end=flt.end)
        if months:
            cells = _level(FigureMonth.objects.filter(dimension=COUNT, value="cases", month__range=months), flt)
            rows.extend(cells.values(bucket=F("month"), cell_service=F("service")).annotate(n=Sum("cases")).order_by())
        days = _level(FigureDay.objects.filter(_in_ranges("day", edges)), flt) if edges else None
        bucket = TruncMonth("day")
    else:
        days = _level(FigureDay.objects.filter(day__range=(flt.start, flt.end)), flt)
        bucket = F("day") if flt.resolution == "day" else TruncWeek("day")
    if days is not None:
        rows.extend(days.values(bucket=bucket, cell_service=F("service")).annotate(n=Sum("cases")).order_by())
    for row in rows:
        if row["n"]:
            counts = series.setdefault(_bucket_day(row["bucket"]), {})
            counts[row["cell_service"]] = counts.get(row["cell_service"], 0) + row["n"]
    return series


def volume_comparison(*, flt: FigureFilter) -> dict[int, tuple[int, int, int]]:
    """Submissions per service in the period, the period before and the same period a year before."""
    periods = [flt, flt.previous(), flt.year_before()]
    counts = [_day_counts(flt=flt, start=period.start, end=period.end, by=("service",)) for period in periods]
    services = {key[0] for each in counts for key, values in each.items() if values["cases"]}
    return {
        service: tuple(each[(service,)]["cases"] if (service,) in each else 0 for each in counts)
        for service in services
    }


# The columns the volume is broken down by, read from ``CaseFigure`` for days outside whole months.
BREAKDOWN_FIELDS = ("legal_form", "wz_section", "reason", "side_business", "business_kinds")


def volume_breakdowns(*, flt: FigureFilter) -> dict[str, dict]:
    """Submissions in the period per department, district, legal form, WZ section, reason, side business
    and kind of business: {field: {value: count}}. Department and district come from the day counts
    (``_day_counts``); the others from ``FigureMonth`` for the period's whole months and from
    ``CaseFigure`` for its other days (one GROUP BY per column, in one UNION ALL query). Kinds of
    business come per kind (a case may name several)."""
    result: dict[str, dict] = {field: defaultdict(int) for field in (*MONTH_DIMENSIONS, KIND)}
    months, edges = period_months_split(start=flt.start, end=flt.end)
    if months:
        cells = FigureMonth.objects.filter(dimension__in=[*MONTH_DIMENSIONS, KIND], month__range=months)
        for row in _level(cells, flt).values("dimension", "value").annotate(n=Sum("cases")).order_by():
            result[row["dimension"]][row["value"]] += row["n"]
    if edges:
        figures = _scoped(CaseFigure.objects.filter(_in_ranges("submitted_on", edges)), flt)
        parts = [
            figures.values(dimension=Value(field), value=Cast(field, CharField())).annotate(n=Count("pk")).order_by()
            for field in BREAKDOWN_FIELDS
        ]
        for row in parts[0].union(*parts[1:], all=True):
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
    by_day = {
        field: {key[0]: values["cases"] for key, values in _day_counts(
            flt=flt, start=flt.start, end=flt.end, by=(field,)
        ).items() if values["cases"]}
        for field in ("department", "district")
    }  # fmt: skip
    return {
        "department": {pk or None: n for pk, n in by_day["department"].items()},
        "district": by_day["district"],
        "legal_form": counts["legal_form"],
        "wz_section": counts["wz_section"],
        "reason": counts["reason"],
        "side_business": {None if value == "" else value == "true": n for value, n in counts["side_business"].items()},
        "business_kind": {code: counts[KIND].get(code, 0) for code in KIND_BITS},
        "total": sum(by_day["district"].values()),
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
    result: dict[str, dict] = {"service": {}, "department": {}}
    histograms: dict[tuple[str, int | None], dict[int, int]] = defaultdict(lambda: defaultdict(int))
    months, edges = period_months_split(start=flt.start, end=flt.end)
    for by in result:
        counts = _day_counts(flt=flt, start=flt.start, end=flt.end, by=(by,), names=MONTH_COUNTS)
        for (key,), row in counts.items():
            if row["cases"]:
                result[by][key or None if by == "department" else key] = {"by": by, "key": key, **row}
        if months:
            cells = _level(FigureMonth.objects.filter(dimension=DAYS, month__range=months), flt, (by,))
            for row in cells.values(by, "value").annotate(n=Sum("cases")).order_by():
                histograms[by, row[by] or None][int(row["value"])] += row["n"]
    if edges:
        figures = _scoped(CaseFigure.objects.filter(_in_ranges("submitted_on", edges)), flt)
        waited = Floor(F("processing_days") + 0.5)
        rows = figures.filter(processing_days__isnull=False).values("service", "department", waited=waited)
        for row in rows.annotate(n=Count("pk")).order_by():
            histograms["service", row["service"]][int(row["waited"])] += row["n"]
            histograms["department", row["department"]][int(row["waited"])] += row["n"]
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
    result = _level(FigureDay.objects.filter(open__gt=0), flt).aggregate(**bands)
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
