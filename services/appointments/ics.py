"""The appointment as an iCalendar file (RFC 5545) for the founder's calendar, in Europe/Berlin."""

from email.utils import parseaddr

import icalendar
from django.conf import settings
from django.utils import timezone

from services.appointments.models import Appointment, AppointmentStatus
from services.appointments.slots import local_zone


def appointment_uid(appointment: Appointment) -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"appointment-{appointment.public_id}@{domain}"


def appointment_ics(*, appointment: Appointment) -> str:
    """The event with its time zone definition; a cancelled appointment cancels the event it replaces
    (same UID, higher SEQUENCE)."""
    cancelled = appointment.status == AppointmentStatus.CANCELLED
    department = appointment.department
    zone = local_zone()
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//{settings.CITY_NAME}//Gruenderportal//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = icalendar.Event()
    event.add("uid", appointment_uid(appointment))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", appointment.starts_at.astimezone(zone))
    event.add("dtend", appointment.ends_at.astimezone(zone))
    event.add("summary", f"{appointment.appointment_type.name} – {department.name}")
    location = ", ".join(part for part in (department.name, department.parent_name, settings.CITY_AUTHORITY) if part)
    event.add("location", location)
    if appointment.appointment_type.description:
        event.add("description", appointment.appointment_type.description)
    event.add("sequence", appointment.sequence + (1 if cancelled else 0))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical().decode()
