"""Departments work their day: the agenda of their own departments, outcomes, cancellations with a
message to the visitor; supervisors keep types, opening hours and closures, with clear messages."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from services.appointments.models import AppointmentType, Closure, OpeningHours
from tests.factories import (
    AppointmentFactory,
    AppointmentTypeFactory,
    CaseFactory,
    ClerkFactory,
    DepartmentFactory,
    OpeningHoursFactory,
    SupervisorFactory,
)

BERLIN = ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.django_db


def today_at(hour: int, days: int = 0) -> datetime:
    return datetime.combine(timezone.localdate() + timedelta(days=days), time(hour), tzinfo=BERLIN)


@pytest.fixture
def department():
    return DepartmentFactory()


@pytest.fixture
def clerk_client(client, department):
    client.force_login(ClerkFactory(departments=[department]))
    return client


@pytest.fixture
def supervisor_client(client, department):
    client.force_login(SupervisorFactory(departments=[department]))
    return client


def test_the_agenda_shows_the_days_appointments_with_person_type_and_case(clerk_client, department):
    case = CaseFactory(department=department)
    kind = AppointmentTypeFactory(department=department, name="Identitätsprüfung Gewerbeanmeldung")
    AppointmentFactory(appointment_type=kind, starts_at=today_at(9), name="Erika Muster", case=case)
    AppointmentFactory(appointment_type=kind, starts_at=today_at(9, days=1), name="Morgen Kommt")
    other = AppointmentTypeFactory(department=DepartmentFactory(code="andere", name="Anderes Amt"))
    AppointmentFactory(appointment_type=other, starts_at=today_at(10), name="Fremde Person")

    day = clerk_client.get(reverse("workspace:agenda")).content.decode()
    week = clerk_client.get(reverse("workspace:agenda") + "?ansicht=woche").content.decode()

    assert "Erika Muster" in day and "Identitätsprüfung Gewerbeanmeldung" in day and "09:00" in day
    assert reverse("workspace:case", args=[case.public_id]) in day
    assert "Morgen Kommt" not in day and "Fremde Person" not in day
    if timezone.localdate().weekday() < 6:
        assert "Morgen Kommt" in week


def test_another_departments_agenda_does_not_exist_for_a_clerk(clerk_client):
    DepartmentFactory(code="andere", name="Anderes Amt")

    assert clerk_client.get(reverse("workspace:agenda") + "?abteilung=andere").status_code == 404


def test_staff_mark_todays_appointments_attended_or_no_show_but_not_tomorrows(clerk_client, department):
    kind = AppointmentTypeFactory(department=department)
    today = AppointmentFactory(appointment_type=kind, starts_at=today_at(8))
    tomorrow = AppointmentFactory(appointment_type=kind, starts_at=today_at(8, days=1))

    clerk_client.post(reverse("workspace:appointment_outcome", args=[today.public_id]), {"status": "no_show"})
    clerk_client.post(reverse("workspace:appointment_outcome", args=[tomorrow.public_id]), {"status": "attended"})
    clerk_client.post(reverse("workspace:appointment_outcome", args=[today.public_id]), {"status": "teleported"})

    today.refresh_from_db()
    tomorrow.refresh_from_db()
    assert (today.status, tomorrow.status) == ("no_show", "booked")


def test_a_cancellation_by_the_department_mails_its_message_and_a_link_to_book_again(
    clerk_client, department, django_capture_on_commit_callbacks
):
    kind = AppointmentTypeFactory(department=department)
    appointment = AppointmentFactory(appointment_type=kind, starts_at=today_at(10, days=2), email="v@example.org")
    url = reverse("workspace:appointment_cancel", args=[appointment.public_id])

    empty = clerk_client.post(url, {"message": ""})
    with django_capture_on_commit_callbacks(execute=True):
        done = clerk_client.post(url, {"message": "Der Sachbearbeiter ist erkrankt."})

    appointment.refresh_from_db()
    assert empty.status_code == 200 and done.status_code == 302
    assert appointment.status == "cancelled"
    [sent] = mail.outbox
    assert sent.to == ["v@example.org"]
    assert "Der Sachbearbeiter ist erkrankt." in sent.body
    assert reverse("appointments:slots", args=[kind.pk]) in sent.body


def test_supervisors_add_opening_hours_and_are_told_about_overlaps(supervisor_client, department):
    OpeningHoursFactory(department=department, weekday=0, opens=time(8), closes=time(12))
    url = reverse("workspace:opening_hours_create", args=[department.code])

    overlap = supervisor_client.post(url, {"hours-weekday": 0, "hours-opens": "11:00", "hours-closes": "13:00"})
    backwards = supervisor_client.post(url, {"hours-weekday": 1, "hours-opens": "12:00", "hours-closes": "08:00"})
    fine = supervisor_client.post(url, {"hours-weekday": 0, "hours-opens": "14:00", "hours-closes": "16:00"})

    assert overlap.status_code == 200 and "08:00–12:00" in overlap.content.decode()
    assert backwards.status_code == 200
    assert fine.status_code == 302
    assert OpeningHours.objects.filter(department=department).count() == 2


def test_supervisors_add_closures_of_a_day_or_a_period(supervisor_client, department):
    url = reverse("workspace:closure_create", args=[department.code])
    soon = timezone.localdate() + timedelta(days=10)

    single = supervisor_client.post(url, {"closure-first_day": soon.isoformat(), "closure-reason": "Betriebsausflug"})
    backwards = supervisor_client.post(
        url, {"closure-first_day": soon.isoformat(), "closure-last_day": (soon - timedelta(days=2)).isoformat()}
    )

    assert single.status_code == 302
    assert backwards.status_code == 200
    assert list(Closure.objects.values_list("first_day", "last_day")) == [(soon, soon)]


def test_supervisors_create_types_with_checked_values(supervisor_client, department):
    url = reverse("workspace:appointment_type_create", args=[department.code])
    data = {
        "name": "Gründungsberatung",
        "duration_minutes": 45,
        "desks": 2,
        "horizon_days": 30,
        "booking_lead_hours": 2,
        "cancellation_lead_hours": 24,
        "active": "on",
    }

    created = supervisor_client.post(url, data)
    duplicate = supervisor_client.post(url, {**data, "name": "gründungsberatung"})
    too_short = supervisor_client.post(url, {**data, "name": "Kurz", "duration_minutes": 2, "desks": 0})

    assert created.status_code == 302
    assert duplicate.status_code == 200 and too_short.status_code == 200
    assert list(AppointmentType.objects.values_list("name", "department", "desks")) == [
        ("Gründungsberatung", department.pk, 2)
    ]


def test_clerks_do_not_reach_the_offer_pages(clerk_client, department):
    assert clerk_client.get(reverse("workspace:appointment_offer", args=[department.code])).status_code == 404


@pytest.mark.parametrize("query", ["?tag=9999-12-31&ansicht=woche", "?tag=0001-01-01", "?tag=gestern"])
def test_far_off_or_garbage_agenda_days_show_today(clerk_client, query):
    assert clerk_client.get(reverse("workspace:agenda") + query).status_code == 200
