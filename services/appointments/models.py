"""What a department offers (appointment types), when it is open (weekly hours, closures) and who
comes when (appointments). Free slots are computed from these (``selectors.slots_free``), never stored.

No desk is booked twice: ``appointment_book`` locks the type's row while it counts the appointments
overlapping the slot, and the database refuses a second live appointment on the same desk and start.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AppointmentType(models.Model):
    """Something a department receives visitors for, e.g. "Identitätsprüfung Gewerbeanmeldung"."""

    department = models.ForeignKey(
        "catalog.Department", on_delete=models.PROTECT, related_name="appointment_types", verbose_name=_("department")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what to bring"), blank=True)
    # Offered on the founder's case page of this service ("book the identity check for GEW-…").
    service = models.ForeignKey(
        "catalog.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointment_types",
        verbose_name=_("offered on cases of"),
    )
    # At most 480: the slot search relies on it (``slots._LONGEST``).
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration in minutes"), validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    desks = models.PositiveSmallIntegerField(
        _("desks serving it at the same time"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    account_required = models.BooleanField(_("only with a user account"), default=False)
    horizon_days = models.PositiveSmallIntegerField(
        _("bookable days ahead"), default=60, validators=[MinValueValidator(1), MaxValueValidator(366)]
    )
    booking_lead_hours = models.PositiveSmallIntegerField(
        _("latest booking, hours before"), default=2, validators=[MaxValueValidator(24 * 30)]
    )
    cancellation_lead_hours = models.PositiveSmallIntegerField(
        _("latest cancellation or move, hours before"), default=24, validators=[MaxValueValidator(24 * 30)]
    )
    active = models.BooleanField(_("bookable"), default=True)

    class Meta:
        ordering = ["department__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["department", "name"], name="appointment_type_unique_name"),
        ]
        verbose_name = _("appointment type")
        verbose_name_plural = _("appointment types")

    def __str__(self) -> str:
        return self.name


class OpeningHours(models.Model):
    """One period of a weekday in which a department receives visitors (e.g. Monday 08:00–12:00)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    department = models.ForeignKey(
        "catalog.Department", on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("department")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["department", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(condition=Q(opens__lt=models.F("closes")), name="opening_hours_opens_before_closes"),
        ]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Closure(models.Model):
    """Days on which a department receives nobody (besides the NRW public holidays, which close it anyway)."""

    department = models.ForeignKey(
        "catalog.Department", on_delete=models.CASCADE, related_name="closures", verbose_name=_("department")
    )
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["department", "first_day"]
        constraints = [
            models.CheckConstraint(condition=Q(first_day__lte=models.F("last_day")), name="closure_first_before_last"),
        ]
        indexes = [models.Index(fields=["department", "last_day"], name="closure_department_idx")]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")

    def __str__(self) -> str:
        return f"{self.first_day}–{self.last_day}"


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not come")
    CANCELLED = "cancelled", _("Cancelled")


# The statuses that occupy a desk: everything but a cancellation.
DESK_STATUSES = (AppointmentStatus.BOOKED, AppointmentStatus.ATTENDED, AppointmentStatus.NO_SHOW)


class Appointment(models.Model):
    """A visitor's appointment at one desk of an appointment type."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    appointment_type = models.ForeignKey(
        AppointmentType, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("appointment type")
    )
    # The type's department, kept here for the department's agenda (an index by department and time).
    department = models.ForeignKey(
        "catalog.Department", on_delete=models.PROTECT, related_name="appointments", verbose_name=_("department")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    desk = models.PositiveSmallIntegerField(_("desk"))
    status = models.CharField(
        _("status"), max_length=20, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="appointments"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="appointments"
    )
    # Raised with every move, so that calendars replace the event they hold (iCalendar SEQUENCE).
    sequence = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "desk"]
        constraints = [
            # The last line of defence against a double booking (the type's row lock is the first).
            models.UniqueConstraint(
                fields=["appointment_type", "starts_at", "desk"],
                condition=~Q(status="cancelled"),
                name="appointment_one_per_desk",
            ),
            models.CheckConstraint(
                condition=Q(starts_at__lt=models.F("ends_at")), name="appointment_starts_before_end"
            ),
        ]
        indexes = [
            models.Index(
                fields=["appointment_type", "starts_at"],
                condition=~Q(status="cancelled"),
                name="appointment_slot_idx",
            ),
            models.Index(fields=["department", "starts_at"], name="appointment_agenda_idx"),
            models.Index(fields=["email", "starts_at"], name="appointment_email_idx"),
            models.Index(fields=["starts_at"], condition=Q(status="booked"), name="appointment_reminder_idx"),
        ]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")

    def __str__(self) -> str:
        return f"{self.appointment_type_id} {self.starts_at:%Y-%m-%d %H:%M}"
