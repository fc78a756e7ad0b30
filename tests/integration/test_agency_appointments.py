"""The agency's appointment figures against hand-computed expectations on a few seeded appointments:
bookings, attendance, no-shows and cancellations per type, the no-show rate of the appointments past,
the time until the next free slot, the department filter and the suppression of small groups."""

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from services.appointments.models import AppointmentStatus
from services.statistics.dashboard import TABLE_NAMES, dashboard_table
from services.statistics.selectors import FigureFilter
from tests.factories import (
    AnalystFactory,
    AppointmentFactory,
    AppointmentTypeFactory,
    DepartmentFactory,
    weekday_hours,
)

BERLIN = ZoneInfo("Europe/Berlin")
# A Wednesday in March 2026, mid-morning.
NOW = datetime(2026, 3, 11, 10, 0, tzinfo=BERLIN)


def local(*args) -> datetime:
    return datetime(*args, tzinfo=BERLIN)


@pytest.fixture
def identity_check(db):
    """The Gewerbeamt, open weekdays 8–12, one desk every 30 minutes: seven appointments past (four
    attended, three missed), one cancelled, two booked this morning at 10:00 and 10:30, and one marked
    missed ahead of its time; one attended in February, outside the period."""
    department = DepartmentFactory()
    weekday_hours(department)
    kind = AppointmentTypeFactory(department=department, name="Identitätsprüfung Gewerbeanmeldung")
    for day in (2, 3, 4, 5):
        AppointmentFactory(appointment_type=kind, starts_at=local(2026, 3, day, 9), status=AppointmentStatus.ATTENDED)
    for day in (2, 3, 4):
        AppointmentFactory(
            appointment_type=kind, starts_at=local(2026, 3, day, 9, 30), status=AppointmentStatus.NO_SHOW
        )
    AppointmentFactory(appointment_type=kind, starts_at=local(2026, 3, 6, 9), status=AppointmentStatus.CANCELLED)
    AppointmentFactory(appointment_type=kind, starts_at=local(2026, 3, 11, 10))
    AppointmentFactory(appointment_type=kind, starts_at=local(2026, 3, 11, 10, 30))
    AppointmentFactory(appointment_type=kind, starts_at=local(2026, 3, 11, 11, 30), status=AppointmentStatus.NO_SHOW)
    AppointmentFactory(appointment_type=kind, starts_at=local(2026, 2, 27, 9), status=AppointmentStatus.ATTENDED)
    return kind


@pytest.fixture
def consultation(db):
    """The Wirtschaftsförderung, with no opening hours (so no free slot), two consultations attended."""
    department = DepartmentFactory(code="wirtschaftsfoerderung", name="Wirtschaftsförderung")
    kind = AppointmentTypeFactory(department=department, name="Gründungsberatung")
    for day in (2, 3):
        AppointmentFactory(appointment_type=kind, starts_at=local(2026, 3, day, 14), status=AppointmentStatus.ATTENDED)
    return kind


def appointments_table(**extra):
    flt = FigureFilter(start=date(2026, 3, 1), end=date(2026, 3, 31), **extra)
    return dashboard_table(flt=flt, today=NOW.date(), now=NOW, name="appointments")


def test_bookings_attendance_no_shows_cancellations_and_the_next_free_slot_per_type(identity_check, consultation):
    table = appointments_table()

    with translation.override("de"):
        rows = table.german_rows()
    assert rows == [
        # Booked 11, the one cancellation included (itself a small group); no-show rate: 3 of the 7 past
        # attended or missed (the one marked ahead of its time left out); next free slot at 11:00.
        ["Identitätsprüfung Gewerbeanmeldung", "Gewerbeamt", "11", "4", "4", "< 3", "42,9 %", "0 T. 1 Std."],
        # Two consultations: a small group, its rate withheld; no opening hours, no free slot.
        ["Gründungsberatung", "Wirtschaftsförderung", "< 3", "< 3", "0", "0", "–", "–"],
    ]
    data = table.as_json()
    assert data["rows"][0][2:] == [11, 4, 4, "< 3", pytest.approx(3 / 7), 0.04]
    assert data["rows"][1][2:] == ["< 3", "< 3", 0, 0, None, None]


def test_the_next_free_slot_is_on_the_next_open_day_when_today_is_full(identity_check):
    AppointmentFactory(appointment_type=identity_check, starts_at=local(2026, 3, 11, 11))

    rows = appointments_table().as_json()["rows"]

    # Thursday 08:00 is 22 hours away.
    assert rows[0][-1] == round(22 / 24, 2)


def test_the_department_filter_narrows_the_appointments_to_its_types(identity_check, consultation):
    table = appointments_table(department=consultation.department)

    assert [row[0].text for row in table.rows] == ["Gründungsberatung"]


def test_the_dashboard_shows_the_appointments_and_no_booked_persons_name_or_address(client, identity_check):
    client.force_login(AnalystFactory())
    secrets = {appointment.name for appointment in identity_check.appointments.all()}
    secrets |= {appointment.email for appointment in identity_check.appointments.all()}
    query = {"start": "2026-03-01", "end": "2026-03-31"}

    page = client.get(reverse("agency:dashboard"), query)
    downloads = [
        client.get(reverse("agency:table_export", args=["appointments", fmt]), query) for fmt in ("csv", "json")
    ]

    assert "appointments" in TABLE_NAMES
    assert "Identitätsprüfung Gewerbeanmeldung" in page.content.decode()
    assert json.loads(downloads[1].content)["rows"][0][:3] == ["Identitätsprüfung Gewerbeanmeldung", "Gewerbeamt", 11]
    for response in [page, *downloads]:
        body = response.content.decode("utf-8-sig")
        assert not [secret for secret in secrets if secret in body]


def test_without_appointment_types_the_dashboard_says_so(client, db):
    client.force_login(AnalystFactory())

    page = client.get(reverse("agency:dashboard"), {"start": "2026-03-01", "end": "2026-03-31"})

    with translation.override("de"):
        message = gettext("No appointment type is bookable and no appointment lies in this period.")
    assert message in page.content.decode()
