"""No desk is ever booked twice: founders who take the last desk of a slot at the same moment get one
appointment between them; the others are told so and offered the next free slots (PostgreSQL)."""

import threading
from datetime import time

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from services.appointments.models import Appointment
from services.appointments.services import SlotTaken, appointment_book
from services.appointments.slots import slots_free
from tests.factories import AppointmentFactory, AppointmentTypeFactory, DepartmentFactory, weekday_hours
from tests.integration.test_case_submit import postgres_only, run_in_threads

FOUNDERS = 12


def bookable_type(desks: int):
    department = DepartmentFactory()
    weekday_hours(department, opens=time(7, 0), closes=time(20, 0), weekdays=range(7))
    kind = AppointmentTypeFactory(department=department, desks=desks)
    first_day = slots_free(appointment_type=kind, now=timezone.now(), days_wanted=1)[0]
    return kind, first_day.slots[0]


def race(kind, slot):
    numbers = iter(range(FOUNDERS))
    lock = threading.Lock()

    def book():
        with lock:
            n = next(numbers)
        return appointment_book(
            appointment_type=kind, starts_at=slot.starts_at, name=f"Gründer {n}", email=f"g{n}@example.org"
        )

    return run_in_threads(FOUNDERS, book)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_many_founders_racing_for_one_desk_get_exactly_one_appointment():
    kind, slot = bookable_type(desks=1)

    booked, refused = race(kind, slot)

    assert len(booked) == 1
    assert Appointment.objects.filter(starts_at=slot.starts_at).count() == 1
    assert len(refused) == FOUNDERS - 1
    assert all(isinstance(error, SlotTaken) for error in refused), refused
    # Each refusal offers the next free slots, and the taken one is not among them.
    assert all(
        error.alternatives and slot.starts_at not in [s.starts_at for s in error.alternatives] for error in refused
    )


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_three_desks_serve_three_of_the_racing_founders_each_at_their_own_desk():
    kind, slot = bookable_type(desks=3)

    booked, refused = race(kind, slot)

    assert sorted(appointment.desk for appointment in booked) == [1, 2, 3]
    assert len(refused) == FOUNDERS - 3 and all(isinstance(error, SlotTaken) for error in refused)


@pytest.mark.django_db
def test_the_database_itself_refuses_a_second_appointment_at_the_same_desk():
    kind, slot = bookable_type(desks=1)
    AppointmentFactory(appointment_type=kind, starts_at=slot.starts_at, desk=1)
    AppointmentFactory(appointment_type=kind, starts_at=slot.starts_at, desk=1, status="cancelled")

    with pytest.raises(IntegrityError), transaction.atomic():
        AppointmentFactory(appointment_type=kind, starts_at=slot.starts_at, desk=1)
