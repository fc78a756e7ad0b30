"""The day before, every booked appointment's visitor gets one reminder, however often the task runs."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from services.appointments.services import appointment_move, appointment_reminders_queue
from services.appointments.tasks import appointment_reminders_task
from services.notifications.models import OutboxMail
from services.workflow.due_dates import public_holiday_is
from tests.factories import AppointmentFactory, AppointmentTypeFactory, DepartmentFactory, weekday_hours

BERLIN = ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.django_db


def day_at(days_from_today: int, hour: int) -> datetime:
    return datetime.combine(timezone.localdate() + timedelta(days=days_from_today), time(hour), tzinfo=BERLIN)


def tomorrow_at(hour: int) -> datetime:
    return day_at(1, hour)


def test_tomorrows_visitors_are_reminded_once_even_when_the_task_runs_twice(django_capture_on_commit_callbacks):
    kind = AppointmentTypeFactory()
    reminded = AppointmentFactory(appointment_type=kind, starts_at=tomorrow_at(9), email="morgen@example.org")
    AppointmentFactory(appointment_type=kind, starts_at=tomorrow_at(10), status="cancelled")
    AppointmentFactory(appointment_type=kind, starts_at=day_at(2, 9))
    # Today's last hour, not "in half an hour": after 23:30 that would be tomorrow.
    AppointmentFactory(appointment_type=kind, starts_at=day_at(0, 23))

    with django_capture_on_commit_callbacks(execute=True):
        appointment_reminders_task.delay()
        appointment_reminders_task.delay()

    assert OutboxMail.objects.filter(kind="appointment_reminder").count() == 1
    [sent] = mail.outbox
    assert sent.to == [reminded.email]
    assert "09:00" in sent.subject


def test_a_moved_appointment_is_reminded_of_its_new_time(django_capture_on_commit_callbacks):
    department = DepartmentFactory()
    weekday_hours(department, opens=time(7, 0), closes=time(20, 0), weekdays=range(7))
    kind = AppointmentTypeFactory(department=department, cancellation_lead_hours=0)
    # The evening before a day with opening hours: a public holiday (Easter Monday, say) has no free slot to move to.
    days = 1
    while public_holiday_is(timezone.localdate() + timedelta(days=days)):
        days += 1
    evening_before = day_at(days - 1, 18)
    appointment = AppointmentFactory(appointment_type=kind, starts_at=day_at(days, 9))
    appointment_reminders_queue(now=evening_before)

    appointment_move(appointment=appointment, starts_at=day_at(days, 11), now=evening_before)
    appointment_reminders_queue(now=evening_before)
    appointment_reminders_queue(now=evening_before)

    subjects = sorted(OutboxMail.objects.filter(kind="appointment_reminder").values_list("subject", flat=True))
    assert len(subjects) == 2 and "11:00" in subjects[0] + subjects[1]
