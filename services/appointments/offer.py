"""What a department offers, kept by its supervisors: appointment types, weekly opening hours and
closures. Each write checks its rule and raises ValidationError with a message for the form.

Changing hours, durations or closures never touches booked appointments: they keep their time and
still take the desks they overlap; the department cancels those it can no longer keep (with a
message to the visitor) from its agenda.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from services.appointments.models import AppointmentType, Closure, OpeningHours
from services.catalog.models import Department


def appointment_type_save(*, appointment_type: AppointmentType) -> AppointmentType:
    """Create or update a type (its form has validated the fields); names are unique per department."""
    duplicate = AppointmentType.objects.filter(
        department=appointment_type.department, name__iexact=appointment_type.name
    ).exclude(pk=appointment_type.pk)
    if duplicate.exists():
        raise ValidationError({"name": _("This department already offers an appointment of this name.")})
    appointment_type.save()
    return appointment_type


def opening_hours_add(*, department: Department, weekday: int, opens, closes) -> OpeningHours:
    """Add a period to a weekday; it may not overlap another period of the same day."""
    if opens >= closes:
        raise ValidationError({"closes": _("The closing time must be later than the opening time.")})
    with transaction.atomic():
        Department.objects.select_for_update().get(pk=department.pk)
        overlapping = OpeningHours.objects.filter(
            department=department, weekday=weekday, opens__lt=closes, closes__gt=opens
        ).first()
        if overlapping is not None:
            raise ValidationError(
                {"opens": _("This overlaps the opening hours %(hours)s.") % {"hours": str(overlapping)}}
            )
        return OpeningHours.objects.create(department=department, weekday=weekday, opens=opens, closes=closes)


def opening_hours_remove(*, opening_hours: OpeningHours) -> None:
    opening_hours.delete()


def closure_add(*, department: Department, first_day: date, last_day: date, reason: str, today: date) -> Closure:
    if last_day < first_day:
        raise ValidationError({"last_day": _("The last day must not be before the first day.")})
    if last_day < today:
        raise ValidationError({"last_day": _("The closure lies in the past.")})
    return Closure.objects.create(department=department, first_day=first_day, last_day=last_day, reason=reason.strip())


def closure_remove(*, closure: Closure) -> None:
    closure.delete()
