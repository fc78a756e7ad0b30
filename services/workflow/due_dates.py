"""The processing clock: due dates in working days, paused while the founder has the case.

A working day is Monday to Friday except the public holidays of North Rhine-Westphalia
(``holidays`` knows Fronleichnam, Allerheiligen and the rest). A case is due
``Service.processing_days`` working days after the day it was received; while
information is requested the clock stands still, and the due date moves on by the
working days the founder took to answer.
"""

import functools
from datetime import date, datetime, timedelta

import holidays
from django.utils import timezone

from portal.accounts.models import User
from services.cases.events import case_event_record
from services.cases.models import Case, CaseEvent

# The city's public holidays: Germany, state of North Rhine-Westphalia.
HOLIDAY_COUNTRY = "DE"
HOLIDAY_SUBDIVISION = "NW"


@functools.cache
def _holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(HOLIDAY_COUNTRY, subdiv=HOLIDAY_SUBDIVISION, years=year))


def public_holiday_is(day: date) -> bool:
    """A public holiday in North Rhine-Westphalia (also closes the departments' appointment desks)."""
    return day in _holidays(day.year)


def working_day_is(day: date) -> bool:
    return day.weekday() < 5 and not public_holiday_is(day)


def working_days_add(*, start: date, days: int) -> date:
    """The day ``days`` working days after ``start`` (``start`` itself does not count)."""
    day = start
    remaining = days
    while remaining > 0:
        day += timedelta(days=1)
        if working_day_is(day):
            remaining -= 1
    return day


def working_days_between(*, start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` is not later)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if working_day_is(day):
            count += 1
    return count


def due_date_for(*, received: datetime, processing_days: int) -> date:
    return working_days_add(start=timezone.localdate(received), days=processing_days)


def case_due_date_start(*, case: Case) -> None:
    """Set the due date of a case that has none, from its service's processing days.

    Call it inside the transaction that holds the case's row lock (routing does).
    """
    if case.due_date is not None:
        return
    case.due_date = due_date_for(received=case.submitted_at, processing_days=case.service.processing_days)
    case.save(update_fields=["due_date"])
    case_event_record(
        case=case,
        kind=CaseEvent.Kind.DUE_DATE_SET,
        data={"due_date": case.due_date.isoformat(), "processing_days": case.service.processing_days},
    )


def case_clock_pause(*, case: Case, now: datetime) -> None:
    """Stop the clock (information requested). The caller saves ``clock_paused_at``."""
    if case.clock_paused_at is None:
        case.clock_paused_at = now


def case_clock_resume(*, case: Case, now: datetime, actor: User | None) -> None:
    """Restart the clock: the due date moves by the working days it stood still.

    The caller holds the row lock and saves ``clock_paused_at`` and ``due_date``.
    """
    if case.clock_paused_at is None:
        return
    paused_days = working_days_between(start=timezone.localdate(case.clock_paused_at), end=timezone.localdate(now))
    case.clock_paused_at = None
    if case.due_date is None or paused_days == 0:
        return
    previous = case.due_date
    case.due_date = working_days_add(start=previous, days=paused_days)
    case_event_record(
        case=case,
        kind=CaseEvent.Kind.DUE_DATE_SET,
        actor=actor,
        data={"due_date": case.due_date.isoformat(), "previous": previous.isoformat(), "paused_days": paused_days},
    )
