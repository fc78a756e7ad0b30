"""Free slots: the grid of opening hours, closures and NRW holidays, the clocks' change, lead time,
horizon, and the desks already taken."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from services.appointments.slots import slot_offered, slots_free
from tests.factories import (
    AppointmentFactory,
    AppointmentTypeFactory,
    ClosureFactory,
    DepartmentFactory,
    OpeningHoursFactory,
    weekday_hours,
)

BERLIN = ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.django_db


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


def starts(days) -> list[str]:
    return [f"{slot.starts_at.astimezone(BERLIN):%Y-%m-%d %H:%M}" for day in days for slot in day.slots]


@pytest.fixture
def department():
    return DepartmentFactory()


def test_a_morning_is_cut_into_slots_that_fit_before_closing(department):
    weekday_hours(department, opens=time(8, 0), closes=time(10, 15), weekdays=[0])
    kind = AppointmentTypeFactory(department=department, duration_minutes=30)
    monday = date(2027, 3, 8)

    days = slots_free(appointment_type=kind, now=at(monday, 7), days_wanted=1)

    assert starts(days) == ["2027-03-08 08:00", "2027-03-08 08:30", "2027-03-08 09:00", "2027-03-08 09:30"]
    assert days[0].slots[0].ends_at == at(monday, 8, 30)


def test_two_periods_of_one_day_each_have_their_slots(department):
    OpeningHoursFactory(department=department, weekday=1, opens=time(14, 0), closes=time(15, 0))
    OpeningHoursFactory(department=department, weekday=1, opens=time(8, 0), closes=time(9, 0))
    kind = AppointmentTypeFactory(department=department, duration_minutes=60)

    days = slots_free(appointment_type=kind, now=at(date(2027, 3, 8), 7), days_wanted=1)

    assert starts(days) == ["2027-03-09 08:00", "2027-03-09 14:00"]


def test_nrw_public_holidays_and_weekends_have_no_slots(department):
    weekday_hours(department, weekdays=range(7))
    kind = AppointmentTypeFactory(department=department, duration_minutes=240)

    # Thursday 27 May 2027 is Corpus Christi (a holiday in NRW, not everywhere); 29/30 May a weekend,
    # open here all week to show that only the holiday closes.
    days = slots_free(appointment_type=kind, now=at(date(2027, 5, 26), 6), days_wanted=5)

    assert [day.day for day in days] == [
        date(2027, 5, 26),
        date(2027, 5, 28),
        date(2027, 5, 29),
        date(2027, 5, 30),
        date(2027, 5, 31),
    ]


def test_christmas_eve_is_open_christmas_day_is_not(department):
    weekday_hours(department)
    kind = AppointmentTypeFactory(department=department, duration_minutes=240)

    days = slots_free(appointment_type=kind, now=at(date(2026, 12, 24), 6), days_wanted=2)

    assert [day.day for day in days] == [date(2026, 12, 24), date(2026, 12, 28)]


def test_closures_close_single_days_and_periods(department):
    weekday_hours(department)
    ClosureFactory(department=department, first_day=date(2027, 3, 9), last_day=date(2027, 3, 9))
    ClosureFactory(department=department, first_day=date(2027, 3, 11), last_day=date(2027, 3, 16))
    ClosureFactory(department=DepartmentFactory(code="andere", name="Anderes Amt"), first_day=date(2027, 3, 17))
    kind = AppointmentTypeFactory(department=department, duration_minutes=240)

    days = slots_free(appointment_type=kind, now=at(date(2027, 3, 8), 6), days_wanted=3)

    assert [day.day for day in days] == [date(2027, 3, 8), date(2027, 3, 10), date(2027, 3, 17)]


def test_slots_keep_their_wall_clock_time_across_the_change_to_summer_time(department):
    weekday_hours(department, opens=time(8, 0), closes=time(8, 30), weekdays=[0])
    kind = AppointmentTypeFactory(department=department, duration_minutes=30)

    # Summer time begins on Sunday 29 March 2026 (in 2027 the change falls on Easter Sunday).
    days = slots_free(appointment_type=kind, now=at(date(2026, 3, 21), 6), days_wanted=2)

    assert starts(days) == ["2026-03-23 08:00", "2026-03-30 08:00"]
    assert [slot.starts_at.astimezone(UTC).hour for day in days for slot in day.slots] == [7, 6]


def test_the_skipped_hour_has_no_slots_and_a_slot_across_it_lasts_its_duration(department):
    OpeningHoursFactory(department=department, weekday=6, opens=time(1, 0), closes=time(4, 0))
    kind = AppointmentTypeFactory(department=department, duration_minutes=30)

    days = slots_free(appointment_type=kind, now=at(date(2026, 3, 28), 12), days_wanted=1)

    assert starts(days) == [
        "2026-03-29 01:00",
        "2026-03-29 01:30",
        "2026-03-29 03:00",
        "2026-03-29 03:30",
    ]
    across = days[0].slots[1]
    assert across.ends_at - across.starts_at == timedelta(minutes=30)
    assert f"{across.ends_at.astimezone(BERLIN):%H:%M}" == "03:00"


def test_the_repeated_hour_in_october_is_offered_once(department):
    OpeningHoursFactory(department=department, weekday=6, opens=time(2, 0), closes=time(3, 0))
    kind = AppointmentTypeFactory(department=department, duration_minutes=30)

    days = slots_free(appointment_type=kind, now=at(date(2027, 10, 30), 12), days_wanted=1)

    assert starts(days) == ["2027-10-31 02:00", "2027-10-31 02:30"]
    assert [slot.starts_at.astimezone(BERLIN).utcoffset() for slot in days[0].slots] == [timedelta(hours=2)] * 2


def test_the_booking_lead_time_counts_elapsed_hours_across_the_clock_change(department):
    weekday_hours(department, opens=time(8, 0), closes=time(10, 0), weekdays=[0])
    kind = AppointmentTypeFactory(department=department, duration_minutes=30, booking_lead_hours=36)

    # Saturday 20:00 (winter time) + 36 hours = Monday 09:00 summer time, not 08:00.
    days = slots_free(appointment_type=kind, now=at(date(2026, 3, 28), 20), days_wanted=1)

    assert starts(days) == ["2026-03-30 09:00", "2026-03-30 09:30"]


def test_slots_sooner_than_the_lead_time_are_not_offered(department):
    weekday_hours(department, opens=time(8, 0), closes=time(12, 0), weekdays=[0])
    kind = AppointmentTypeFactory(department=department, duration_minutes=30, booking_lead_hours=2)

    days = slots_free(appointment_type=kind, now=at(date(2027, 3, 8), 9, 10), days_wanted=1)

    assert starts(days)[0] == "2027-03-08 11:30"
    assert (
        slot_offered(appointment_type=kind, starts_at=at(date(2027, 3, 8), 11), now=at(date(2027, 3, 8), 9, 10)) is None
    )


def test_nothing_beyond_the_booking_horizon_is_offered(department):
    weekday_hours(department, weekdays=range(7))
    kind = AppointmentTypeFactory(department=department, duration_minutes=240, horizon_days=3)

    days = slots_free(appointment_type=kind, now=at(date(2027, 3, 8), 6), days_wanted=10)

    assert [day.day for day in days] == [date(2027, 3, 8) + timedelta(days=n) for n in range(4)]
    assert slot_offered(appointment_type=kind, starts_at=at(date(2027, 3, 12), 8), now=at(date(2027, 3, 8), 6)) is None


def test_a_slot_is_free_while_one_of_its_desks_is(department):
    weekday_hours(department, opens=time(8, 0), closes=time(9, 0), weekdays=[0])
    kind = AppointmentTypeFactory(department=department, duration_minutes=30, desks=2)
    monday = date(2027, 3, 8)
    AppointmentFactory(appointment_type=kind, starts_at=at(monday, 8), desk=1)
    AppointmentFactory(appointment_type=kind, starts_at=at(monday, 8, 30), desk=1)
    AppointmentFactory(appointment_type=kind, starts_at=at(monday, 8, 30), desk=2)
    AppointmentFactory(appointment_type=kind, starts_at=at(monday, 8), desk=2, status="cancelled")

    days = slots_free(appointment_type=kind, now=at(monday, 6), days_wanted=1)

    assert starts(days) == ["2027-03-08 08:00"]
    assert days[0].slots[0].free == 1


def test_an_appointment_off_the_grid_takes_the_slots_it_overlaps(department):
    # Booked before the duration changed from 45 to 30 minutes: 08:15–09:00 blocks 08:30 and 08:00.
    weekday_hours(department, opens=time(8, 0), closes=time(10, 0), weekdays=[0])
    kind = AppointmentTypeFactory(department=department, duration_minutes=30)
    monday = date(2027, 3, 8)
    AppointmentFactory(appointment_type=kind, starts_at=at(monday, 8, 15), ends_at=at(monday, 9))

    days = slots_free(appointment_type=kind, now=at(monday, 6), days_wanted=1)

    assert starts(days) == ["2027-03-08 09:00", "2027-03-08 09:30"]


def test_a_full_week_is_skipped_to_the_next_free_day(department):
    weekday_hours(department, opens=time(8, 0), closes=time(8, 30), weekdays=[0, 1])
    kind = AppointmentTypeFactory(department=department, duration_minutes=30)
    for day in (date(2027, 3, 8), date(2027, 3, 9), date(2027, 3, 15)):
        AppointmentFactory(appointment_type=kind, starts_at=at(day, 8))

    days = slots_free(appointment_type=kind, now=at(date(2027, 3, 8), 6), days_wanted=1)

    assert starts(days) == ["2027-03-16 08:00"]


def test_the_demo_offer_gives_every_departments_types_free_slots_once():
    from services.appointments.demo import DEMO_TYPES, demo_appointments_seed
    from services.appointments.models import Appointment, AppointmentType
    from services.catalog.services import catalog_load

    catalog_load()
    added = demo_appointments_seed()
    again = demo_appointments_seed()

    assert added > 0 and again == 0
    assert Appointment.objects.count() == added
    assert set(AppointmentType.objects.values_list("department__code", flat=True)) == set(DEMO_TYPES)
    for kind in AppointmentType.objects.all():
        assert slots_free(appointment_type=kind, now=datetime.now(UTC), days_wanted=1)
