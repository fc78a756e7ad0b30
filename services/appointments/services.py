"""Writes: book, move, cancel, mark attended or no-show, remind. Each runs in one transaction and
writes its mail into the outbox in the same transaction (``services.notifications``).

No desk is booked twice: every write that takes a desk first locks its appointment type's row, so
bookings of one type queue up while each counts what overlaps its slot; the unique constraint on
(type, start, desk) of live appointments backs this up in the database.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from portal.accounts.models import User
from portal.accounts.services import email_normalize
from portal.rate_limits import cache_window_count
from services.appointments.ics import appointment_ics
from services.appointments.models import DESK_STATUSES, Appointment, AppointmentStatus, AppointmentType
from services.appointments.selectors import appointments_open_count
from services.appointments.slots import Slot, local_zone, slot_offered, slots_free
from services.appointments.tokens import manage_token_make
from services.cases.models import Case
from services.notifications.models import OutboxMail
from services.notifications.services import outbox_mail_queue

# How many free slots a founder who lost the race is offered instead.
ALTERNATIVES = 5


class SlotTaken(Exception):
    """Every desk of the slot is taken; ``alternatives`` are the next free slots."""

    def __init__(self, alternatives: list[Slot]):
        super().__init__("slot taken")
        self.alternatives = alternatives


def booking_rate_allow(*, email: str, ip: str) -> bool:
    """Count one booking attempt of the address and of the client IP; False once either exceeded its
    limit within APPOINTMENT_BOOKING_RATE_WINDOW. Keys are hashed: the cache holds no addresses."""
    window = settings.APPOINTMENT_BOOKING_RATE_WINDOW

    def count(key: str) -> int:
        digest = salted_hmac("services.appointments.rate", key).hexdigest()
        return cache_window_count(key=f"appointment-rate:{digest}", window=window)

    by_email = count(f"email:{email_normalize(email)}")
    by_ip = count(f"ip:{ip}")
    return by_email <= settings.APPOINTMENT_BOOKINGS_PER_EMAIL and by_ip <= settings.APPOINTMENT_BOOKINGS_PER_IP


def _next_free(appointment_type: AppointmentType, now: datetime, exclude_id: int | None = None) -> list[Slot]:
    days = slots_free(
        appointment_type=appointment_type, now=now, days_wanted=ALTERNATIVES, exclude_appointment_id=exclude_id
    )
    return [slot for day in days for slot in day.slots][:ALTERNATIVES]


def _desk_take(
    *, appointment_type: AppointmentType, starts_at: datetime, now: datetime, exclude_id: int | None = None
) -> tuple[datetime, int]:
    """Under the type's row lock: the slot's end and a free desk, or SlotTaken / ValidationError."""
    ends_at = slot_offered(appointment_type=appointment_type, starts_at=starts_at, now=now)
    if ends_at is None:
        raise ValidationError(_("This time cannot be booked. Please choose one of the free times."))
    overlapping = Appointment.objects.filter(
        appointment_type=appointment_type, status__in=DESK_STATUSES, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if exclude_id is not None:
        overlapping = overlapping.exclude(pk=exclude_id)
    free = set(range(1, appointment_type.desks + 1)) - set(overlapping.values_list("desk", flat=True))
    if not free:
        raise SlotTaken(_next_free(appointment_type, now, exclude_id))
    return ends_at, min(free)


def _type_lock(appointment_type_id: int) -> AppointmentType:
    locked = (
        AppointmentType.objects.select_for_update(of=("self",))
        .select_related("department")
        .filter(pk=appointment_type_id, active=True)
        .first()
    )
    if locked is None:
        raise ValidationError(_("This appointment can no longer be booked online."))
    return locked


def appointment_book(
    *,
    appointment_type: AppointmentType,
    starts_at: datetime,
    name: str,
    email: str,
    user: User | None = None,
    case: Case | None = None,
    now: datetime | None = None,
) -> Appointment:
    """Book a desk at ``starts_at`` and queue the confirmation with its .ics and manage link.

    Raises SlotTaken when every desk is taken (with the next free slots), ValidationError when the
    time is not offered or the address holds APPOINTMENT_OPEN_PER_EMAIL upcoming appointments."""
    now = now or timezone.now()
    email = email_normalize(email)
    if appointment_type.account_required and user is None:
        raise ValidationError(_("Please log in to book this appointment."))
    with transaction.atomic():
        locked_type = _type_lock(appointment_type.pk)
        if appointments_open_count(email=email, now=now) >= settings.APPOINTMENT_OPEN_PER_EMAIL:
            raise ValidationError(
                _("You already have %(count)s upcoming appointments. Please cancel one before booking another.")
                % {"count": settings.APPOINTMENT_OPEN_PER_EMAIL}
            )
        ends_at, desk = _desk_take(appointment_type=locked_type, starts_at=starts_at, now=now)
        try:
            with transaction.atomic():
                appointment = Appointment.objects.create(
                    appointment_type=locked_type,
                    department=locked_type.department,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    desk=desk,
                    name=name.strip(),
                    email=email,
                    user=user,
                    case=case,
                )
        except IntegrityError:
            raise SlotTaken(_next_free(locked_type, now)) from None
        appointment_mail_queue(appointment=appointment, kind="booked")
    return appointment


def _change_allowed(appointment: Appointment, now: datetime) -> None:
    if appointment.status != AppointmentStatus.BOOKED:
        raise ValidationError(_("This appointment has been cancelled or has taken place."))
    deadline = appointment.starts_at - timedelta(hours=appointment.appointment_type.cancellation_lead_hours)
    if now > deadline:
        raise ValidationError(
            _("This appointment can no longer be changed online. Please contact the department by phone or e-mail.")
        )


def _appointment_lock(appointment: Appointment) -> Appointment:
    return (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("appointment_type", "department")
        .get(pk=appointment.pk)
    )


def appointment_move(*, appointment: Appointment, starts_at: datetime, now: datetime | None = None) -> Appointment:
    """Move a booked appointment to another free slot of its type (by its manage link)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked_type = _type_lock(appointment.appointment_type_id)
        appointment = _appointment_lock(appointment)
        _change_allowed(appointment, now)
        ends_at, desk = _desk_take(
            appointment_type=locked_type, starts_at=starts_at, now=now, exclude_id=appointment.pk
        )
        appointment.starts_at, appointment.ends_at, appointment.desk = starts_at, ends_at, desk
        appointment.sequence += 1
        try:
            with transaction.atomic():
                appointment.save(update_fields=["starts_at", "ends_at", "desk", "sequence"])
        except IntegrityError:
            raise SlotTaken(_next_free(locked_type, now, appointment.pk)) from None
        appointment_mail_queue(appointment=appointment, kind="moved")
    return appointment


def appointment_cancel(
    *, appointment: Appointment, actor: User | None = None, message: str = "", now: datetime | None = None
) -> Appointment:
    """Cancel: by the founder (manage link, until the cancellation lead time) or by staff (``actor``,
    any time before it took place, with a message to the founder). The mail carries a link to book again."""
    now = now or timezone.now()
    with transaction.atomic():
        appointment = _appointment_lock(appointment)
        if actor is None:
            _change_allowed(appointment, now)
        elif appointment.status != AppointmentStatus.BOOKED:
            raise ValidationError(_("This appointment has been cancelled or has taken place."))
        appointment.status = AppointmentStatus.CANCELLED
        appointment.status_changed_at = now
        appointment.status_changed_by = actor
        appointment.save(update_fields=["status", "status_changed_at", "status_changed_by"])
        appointment_mail_queue(appointment=appointment, kind="cancelled", message=message.strip(), by_staff=bool(actor))
    return appointment


def appointment_outcome_set(
    *, appointment: Appointment, status: str, actor: User, now: datetime | None = None
) -> Appointment:
    """Staff mark a booked appointment attended or no-show, once its day has come."""
    now = now or timezone.now()
    if status not in (AppointmentStatus.ATTENDED, AppointmentStatus.NO_SHOW):
        raise ValidationError(_("Unknown outcome."))
    with transaction.atomic():
        appointment = _appointment_lock(appointment)
        if appointment.status not in (AppointmentStatus.BOOKED, AppointmentStatus.ATTENDED, AppointmentStatus.NO_SHOW):
            raise ValidationError(_("This appointment has been cancelled."))
        if timezone.localdate(appointment.starts_at) > timezone.localdate(now):
            raise ValidationError(_("An appointment can be marked only from its day on."))
        appointment.status = status
        appointment.status_changed_at = now
        appointment.status_changed_by = actor
        appointment.save(update_fields=["status", "status_changed_at", "status_changed_by"])
    return appointment


# --- mail ---------------------------------------------------------------------------------------

_SUBJECTS = {
    "booked": lambda: _("Your appointment on %(when)s is booked"),
    "moved": lambda: _("Your appointment has been moved to %(when)s"),
    "cancelled": lambda: _("Your appointment on %(when)s has been cancelled"),
    "reminder": lambda: _("Reminder: your appointment tomorrow, %(when)s"),
}


def appointment_mail_queue(
    *, appointment: Appointment, kind: str, message: str = "", by_staff: bool = False, dedupe_key: str | None = None
) -> OutboxMail:
    """Compose a mail about the appointment (in the official language, like every mail from the
    authority) and write it into the outbox in the caller's transaction. Mails with the manage link
    expire when the appointment ends, and the outbox then erases their text."""
    local_start = appointment.starts_at.astimezone(local_zone())
    live = appointment.status == AppointmentStatus.BOOKED
    context = {
        "appointment": appointment,
        "kind": kind,
        "message": message,
        "by_staff": by_staff,
        "starts_at": local_start,
        "city_name": settings.CITY_NAME,
        "manage_url": settings.SITE_URL
        + reverse("appointments:manage", args=[manage_token_make(public_id=appointment.public_id)])
        if live
        else "",
        "book_url": settings.SITE_URL + reverse("appointments:slots", args=[appointment.appointment_type_id]),
    }
    with translation.override(settings.LANGUAGE_CODE):
        when = f"{local_start:%d.%m.%Y %H:%M}"
        subject = _SUBJECTS[kind]() % {"when": when}
        body = render_to_string("appointments/email/appointment.txt", context)
    return outbox_mail_queue(
        to=appointment.email,
        subject=subject,
        body=body,
        kind=f"appointment_{kind}",
        language=settings.LANGUAGE_CODE,
        case=appointment.case,
        dedupe_key=dedupe_key,
        expires_at=appointment.ends_at if live else None,
        attachment=("termin.ics", appointment_ics(appointment=appointment), "text/calendar; charset=utf-8")
        if kind != "reminder"
        else None,
    )


def appointment_reminders_queue(*, now: datetime | None = None) -> int:
    """Queue the reminder for every appointment booked for tomorrow (local date). Safe to run any
    number of times: each appointment's reminder for its time exists once (the outbox's dedupe key;
    a moved appointment is reminded of its new time). Returns how many reminders are due."""
    now = now or timezone.now()
    zone = local_zone()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    start = datetime.combine(tomorrow, datetime.min.time(), tzinfo=zone)
    end = datetime.combine(tomorrow + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    due = Appointment.objects.filter(status=AppointmentStatus.BOOKED, starts_at__gte=start, starts_at__lt=end)
    count = 0
    for appointment in due.select_related("appointment_type", "department", "case").iterator():
        key = f"appointment-reminder:{appointment.public_id}:{int(appointment.starts_at.timestamp())}"
        with transaction.atomic():
            appointment_mail_queue(appointment=appointment, kind="reminder", dedupe_key=key)
        count += 1
    return count
