"""Due dates in working days: weekends and the public holidays of North Rhine-Westphalia do not count."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from services.workflow.due_dates import due_date_for, working_day_is, working_days_add, working_days_between


def received(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@pytest.mark.parametrize(
    ("received_on", "days", "due"),
    [
        (date(2026, 3, 2), 3, date(2026, 3, 5)),  # Monday: within the week
        (date(2026, 3, 6), 3, date(2026, 3, 11)),  # Friday: the weekend does not count
        (date(2026, 3, 7), 1, date(2026, 3, 9)),  # Saturday: counting starts on Monday
        (date(2026, 6, 3), 3, date(2026, 6, 9)),  # Thursday 4 June 2026 is Corpus Christi (NRW)
        (date(2027, 10, 29), 3, date(2027, 11, 4)),  # Monday 1 November 2027 is All Saints' Day (NRW)
        (date(2026, 12, 23), 3, date(2026, 12, 29)),  # Christmas Eve counts, Christmas Day (Friday) does not
        (date(2026, 4, 2), 2, date(2026, 4, 8)),  # Good Friday and Easter Monday
        (date(2026, 3, 2), 0, date(2026, 3, 2)),
    ],
)
def test_due_date_counts_working_days_in_nrw(received_on, days, due):
    assert due_date_for(received=received(received_on), processing_days=days) == due


def test_holidays_of_other_states_are_working_days_in_nrw():
    assert working_day_is(date(2026, 1, 6))  # Epiphany: Bavaria, not NRW
    assert working_day_is(date(2025, 10, 31))  # Reformation Day: Lower Saxony and others, not NRW
    assert not working_day_is(date(2026, 6, 4))
    assert not working_day_is(date(2027, 11, 1))


def test_a_submission_late_in_the_evening_counts_from_the_local_day():
    # 23:30 in Krefeld (22:30 UTC) is Friday: counting starts on Monday.
    late = timezone.make_aware(datetime(2026, 3, 6, 23, 30))
    assert due_date_for(received=late, processing_days=1) == date(2026, 3, 9)


def test_working_days_between_counts_after_the_start_up_to_the_end():
    assert working_days_between(start=date(2026, 6, 2), end=date(2026, 6, 8)) == 3
    assert working_days_between(start=date(2026, 6, 2), end=date(2026, 6, 2)) == 0
    assert working_days_between(start=date(2026, 6, 8), end=date(2026, 6, 2)) == 0
    assert working_days_add(start=date(2026, 6, 5), days=3) == date(2026, 6, 10)
