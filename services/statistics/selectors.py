"""Reads of the agency's figures: every number is aggregated by the database from ``CaseFigure``,
``WizardEvent`` and ``Appointment`` (no loop over cases or appointments); Python only fills empty
periods and lays the results out as ``Table``s (``services.statistics.tables``), where small groups are suppressed."""

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.db.models import CharField, Count, F, Q, QuerySet, Value
from django.db.models.functions import Cast, TruncMonth, TruncWeek
from django.utils import timezone

from services.appointments.models import Appointment, AppointmentStatus, AppointmentType
from services.appointments.selectors import appointment_type_list_bookable
from services.appointments.slots import slots_free
from services.catalog.models import Department, Service
from services.statistics.aggregates import Percentile
from services.statistics.dimensions import KIND_BITS
from services.statistics.models import CaseFigure, WizardJourney, WizardStep

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


def volume_series(*, flt: FigureFilter) -> dict[date, dict[int, int]]:
    """Submissions per period bucket and service: {bucket: {service id: count}}."""
    figures = case_figures_in_period(flt=flt)
    if flt.resolution == "day":
        bucket = F("submitted_on")
    elif flt.resolution == "week":
        bucket = TruncWeek("submitted_on")
    else:
        bucket = TruncMonth("submitted_on")
    rows = figures.annotate(bucket=bucket).values("bucket", "service").annotate(n=Count("pk")).order_by()
    series: dict[date, dict[int, int]] = {b: {} for b in period_buckets(flt=flt)}
    for row in rows:
        day = row["bucket"].date() if isinstance(row["bucket"], datetime) else row["bucket"]
        series.setdefault(day, {})[row["service"]] = row["n"]
    return series


def volume_comparison(*, flt: FigureFilter) -> dict[int, tuple[int, int, int]]:
    """Submissions per service in the period, the period before and the same period a year before."""
    previous, year_before = flt.previous(), flt.year_before()
    periods = {
        "current": Q(submitted_on__range=(flt.start, flt.end)),
        "previous": Q(submitted_on__range=(previous.start, previous.end)),
        "year_before": Q(submitted_on__range=(year_before.start, year_before.end)),
    }
    either = periods["current"] | periods["previous"] | periods["year_before"]
    rows = (
        _scoped(CaseFigure.objects.filter(either), flt)
        .values("service")
        .annotate(**{name: Count("pk", filter=condition) for name, condition in periods.items()})
        .order_by()
    )
    return {row["service"]: (row["current"], row["previous"], row["year_before"]) for row in rows}


# The columns the volume is broken down by, each counted in the one query of ``volume_breakdowns``.
BREAKDOWN_FIELDS = ("department", "district", "legal_form", "wz_section", "reason", "side_business", "business_kinds")


def volume_breakdowns(*, flt: FigureFilter) -> dict[str, dict]:
    """Submissions in the period per value of each of ``BREAKDOWN_FIELDS``: {field: {value: count}}, read
    in one query (a UNION ALL of one GROUP BY per column). Kinds of business come per bit (a case may
    name several), from their combinations."""
    base = case_figures_in_period(flt=flt)
    parts = [
        base.values(dimension=Value(field), value=Cast(field, CharField())).annotate(n=Count("pk")).order_by()
        for field in BREAKDOWN_FIELDS
    ]
    result: dict[str, dict] = {field: {} for field in BREAKDOWN_FIELDS}
    for row in parts[0].union(*parts[1:], all=True):
        result[row["dimension"]][row["value"]] = row["n"]
    kinds = result.pop("business_kinds")
    result["business_kind"] = {
        code: sum(n for mask, n in kinds.items() if int(mask) & bit) for code, bit in KIND_BITS.items()
    }
    result["department"] = {int(pk) if pk is not None else None: n for pk, n in result["department"].items()}
    result["side_business"] = {
        None if value is None else value in ("true", "1"): n for value, n in result["side_business"].items()
    }
    result["total"] = sum(result["district"].values())
    return result


# --- Processing --------------------------------------------------------------------------------


def processing_breakdowns(*, flt: FigureFilter) -> dict[str, dict]:
    """Per service and per department ({"service": {pk: row}, "department": {pk: row}}, one query), for
    the cases received in the period: how many, how many decided, median and 90th percentile of the
    days to the decision, decided within the due date (of those with one), with an information request."""
    figures = {
        "cases": Count("pk"),
        "decided": Count("decided_at"),
        "median": Percentile("processing_days", 0.5),
        "p90": Percentile("processing_days", 0.9),
        "with_due": Count("within_due"),
        "within_due": Count("pk", filter=Q(within_due=True)),
        "requested": Count("pk", filter=Q(information_requested=True)),
    }
    base = case_figures_in_period(flt=flt)
    by_service = base.values(by=Value("service"), key=F("service")).annotate(**figures).order_by()
    by_department = base.values(by=Value("department"), key=F("department")).annotate(**figures).order_by()
    result: dict[str, dict] = {"service": {}, "department": {}}
    for row in by_service.union(by_department, all=True):
        result[row["by"]][row["key"]] = row
    return result


def backlog_by_age(*, flt: FigureFilter, today: date) -> list[int]:
    """Open cases now (whatever the period), per age band of ``AGE_BANDS``."""
    bands = {}
    for index, (first, last) in enumerate(AGE_BANDS):
        condition = Q(submitted_on__lte=today - timedelta(days=first))
        if last is not None:
            condition &= Q(submitted_on__gte=today - timedelta(days=last))
        bands[f"band_{index}"] = Count("pk", filter=condition)
    result = _scoped(CaseFigure.objects.filter(open=True), flt).aggregate(**bands)
    return [result[f"band_{index}"] for index in range(len(AGE_BANDS))]


# --- Funnel ------------------------------------------------------------------------------------


def funnel_figures(*, flt: FigureFilter) -> dict[int, dict]:
    """Per service, for the drafts started in the period: starts, submissions (until now), the median
    seconds to submit, each step's completions ({step name: drafts}) and where the drafts not submitted
    stopped ({last step completed: drafts}; "" before the first)."""
    start, end = _local_bounds(flt.start, flt.end)
    journeys = WizardJourney.objects.filter(started_at__gte=start, started_at__lt=end)
    if flt.service is not None:
        journeys = journeys.filter(service=flt.service)
    bits = sorted(set(WizardStep.objects.values_list("bit", flat=True)))
    step_counts = {f"bit_{bit}": Count("pk", filter=Q(**{f"has_{bit}__gt": 0})) for bit in bits}
    rows = (
        journeys.alias(**{f"has_{bit}": F("steps_done").bitand(1 << bit) for bit in bits})
        .values("service")
        .annotate(
            started=Count("pk"),
            submitted=Count("submitted_at"),
            median_seconds=Percentile("seconds", 0.5),
            **step_counts,
        )
        .order_by()
    )
    names = {(service, bit): name for service, name, bit in WizardStep.objects.values_list("service", "name", "bit")}
    figures: dict[int, dict] = {}
    for row in rows:
        service = row["service"]
        figures[service] = {
            "started": row["started"],
            "submitted": row["submitted"],
            "median_seconds": row["median_seconds"],
            "steps": {names[service, bit]: row[f"bit_{bit}"] for bit in bits if (service, bit) in names},
            "stops": {},
        }
    stops = journeys.filter(submitted_at__isnull=True).values("service", "last_step").annotate(n=Count("pk"))
    for row in stops.order_by():
        figures[row["service"]]["stops"][row["last_step"]] = row["n"]
    return figures


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
