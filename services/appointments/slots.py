"""Free slots: computed from a type's duration and desks, its department's weekly hours and
closures, the NRW public holidays, the booking horizon and lead time, and the appointments booked.

Slots lie on a grid per opening period: the period's opening time, then every ``duration`` minutes
while the whole appointment fits before closing. Times are wall-clock times in Europe/Berlin: an
8:00 slot is at 8:00 in summer and in winter. On the night the clocks change, a wall-clock time that
does not exist (02:30 on the last Sunday of March) is no slot; one that exists twice (02:30 on the
last Sunday of October) is a slot once, at its first occurrence. An appointment lasts its duration
in elapsed time, so one that spans the change ends an hour later or earlier on the wall clock.
"""

import zoneinfo
from bisect import bisect_left
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from services.appointments.models import Appointment, AppointmentStatus, AppointmentType, Closure, OpeningHours
from services.workflow.due_dates import public_holiday_is

# How many days one query for booked appointments covers while looking for free slots.
_CHUNK_DAYS = 14
_LONGEST = timedelta(minutes=480)


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    ends_at: datetime
    free: int


@dataclass(frozen=True)
class SlotDay:
    day: date
    slots: list[Slot]


def local_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def wall_clock_aware(day: date, at: time) -> datetime | None:
    """The moment ``at`` on ``day`` in the portal's time zone, in UTC (so that arithmetic and
    comparisons count elapsed time); None if the clocks skip it."""
    zone = local_zone()
    naive = datetime.combine(day, at)
    moment = naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if moment.astimezone(zone).replace(tzinfo=None) != naive:
        return None
    return moment


@dataclass(frozen=True)
class Calendar:
    """What a department's slot grid needs besides the type: its hours per weekday and closed days."""

    hours: dict[int, list[tuple[time, time]]]
    closed: frozenset[date]

    @classmethod
    def load(cls, *, department_id: int, first: date, last: date) -> "Calendar":
        hours: dict[int, list[tuple[time, time]]] = {}
        for weekday, opens, closes in (
            OpeningHours.objects.filter(department_id=department_id)
            .order_by()
            .values_list("weekday", "opens", "closes")
        ):
            hours.setdefault(weekday, []).append((opens, closes))
        closed = set()
        for first_day, last_day in (
            Closure.objects.filter(department_id=department_id, first_day__lte=last, last_day__gte=first)
            .order_by()
            .values_list("first_day", "last_day")
        ):
            day = max(first_day, first)
            while day <= min(last_day, last):
                closed.add(day)
                day += timedelta(days=1)
        return cls(hours={k: sorted(v) for k, v in hours.items()}, closed=frozenset(closed))

    def is_open(self, day: date) -> bool:
        return day.weekday() in self.hours and day not in self.closed and not public_holiday_is(day)

    def grid(self, *, day: date, duration: timedelta) -> list[tuple[datetime, datetime]]:
        """Every (start, end) of the day's grid, whether booked or not."""
        if not self.is_open(day):
            return []
        grid = []
        for opens, closes in self.hours[day.weekday()]:
            start = datetime.combine(day, opens)
            while start + duration <= datetime.combine(day, closes):
                aware_start = wall_clock_aware(day, start.time())
                if aware_start is not None:
                    # The end in elapsed time: an appointment lasts its duration when the clocks change.
                    grid.append((aware_start, aware_start + duration))
                start += duration
        return grid


def bookable_window(*, appointment_type: AppointmentType, now: datetime) -> tuple[datetime, date]:
    """The earliest start one may book now (lead time) and the last day one may book (horizon)."""
    earliest = now.astimezone(UTC) + timedelta(hours=appointment_type.booking_lead_hours)
    last_day = timezone.localdate(now) + timedelta(days=appointment_type.horizon_days)
    return earliest, last_day


def _booked(*, appointment_type: AppointmentType, first: date, last: date, exclude_id: int | None):
    zone = local_zone()
    start = datetime.combine(first, time.min, tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)
    # "Not cancelled" in the words of the partial index (appointment_slot_idx) that serves it.
    # No appointment lasts longer than a type may (480 minutes): the lower bound on the start lets
    # the partial index on (type, start) read just the stretch; "not cancelled" in the index's words.
    booked = (
        Appointment.objects.filter(
            appointment_type=appointment_type, starts_at__gt=start - _LONGEST, starts_at__lt=end, ends_at__gt=start
        )
        .exclude(status=AppointmentStatus.CANCELLED)
        .order_by()
    )
    if exclude_id is not None:
        booked = booked.exclude(pk=exclude_id)
    return _Booked(sorted(booked.values_list("starts_at", "ends_at")))


class _Booked:
    """The appointments of a stretch of days, sorted by start, to count those overlapping a slot."""

    def __init__(self, spans: list[tuple[datetime, datetime]]):
        self.spans = spans
        self.starts = [start for start, _end in spans]
        self.longest = max((end - start for start, end in spans), default=timedelta(0))

    def free(self, slot_start: datetime, slot_end: datetime, desks: int) -> int:
        # Only appointments that start less than the longest one before the slot can reach into it.
        first = bisect_left(self.starts, slot_start - self.longest)
        last = bisect_left(self.starts, slot_end)
        taken = sum(1 for _start, end in self.spans[first:last] if end > slot_start)
        return max(desks - taken, 0)


def slots_free(
    *,
    appointment_type: AppointmentType,
    now: datetime,
    start: date | None = None,
    days_wanted: int = 5,
    exclude_appointment_id: int | None = None,
) -> list[SlotDay]:
    """The first ``days_wanted`` days from ``start`` (default: today) that have a free slot, each
    with its free slots in time order, within the booking horizon. ``exclude_appointment_id``
    leaves one appointment out of the count (moving it frees its own slot)."""
    earliest, last_day = bookable_window(appointment_type=appointment_type, now=now)
    day = max(start or timezone.localdate(now), timezone.localdate(earliest))
    duration = timedelta(minutes=appointment_type.duration_minutes)
    days: list[SlotDay] = []
    while day <= last_day and len(days) < days_wanted:
        chunk_last = min(day + timedelta(days=_CHUNK_DAYS - 1), last_day)
        calendar = Calendar.load(department_id=appointment_type.department_id, first=day, last=chunk_last)
        booked = _booked(
            appointment_type=appointment_type, first=day, last=chunk_last, exclude_id=exclude_appointment_id
        )
        while day <= chunk_last and len(days) < days_wanted:
            slots = []
            for slot_start, slot_end in calendar.grid(day=day, duration=duration):
                if slot_start < earliest:
                    continue
                free = booked.free(slot_start, slot_end, appointment_type.desks)
                if free:
                    slots.append(Slot(starts_at=slot_start, ends_at=slot_end, free=free))
            if slots:
                days.append(SlotDay(day=day, slots=slots))
            day += timedelta(days=1)
    return days


def slot_offered(*, appointment_type: AppointmentType, starts_at: datetime, now: datetime) -> datetime | None:
    """The end of the slot starting at ``starts_at`` if the type offers it now (on the grid, open,
    within lead time and horizon), whether or not its desks are taken; else None."""
    earliest, last_day = bookable_window(appointment_type=appointment_type, now=now)
    starts_at = starts_at.astimezone(UTC)
    day = timezone.localdate(starts_at)
    if starts_at < earliest or day > last_day:
        return None
    calendar = Calendar.load(department_id=appointment_type.department_id, first=day, last=day)
    for slot_start, slot_end in calendar.grid(day=day, duration=timedelta(minutes=appointment_type.duration_minutes)):
        if slot_start == starts_at:
            return slot_end
    return None
