"""Reads: appointment types offered, an appointment by its manage link, a department's agenda."""

from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.http import Http404

from portal.accounts.models import Role, User
from services.appointments.models import DESK_STATUSES, Appointment, AppointmentType
from services.appointments.slots import local_zone
from services.appointments.tokens import manage_token_read
from services.cases.models import Case
from services.cases.permissions import user_is_staff_member
from services.catalog.models import Department


def appointment_type_list_bookable() -> QuerySet[AppointmentType]:
    return AppointmentType.objects.filter(active=True, department__active=True).select_related("department")


def appointment_type_get_bookable(*, pk: int) -> AppointmentType:
    try:
        return appointment_type_list_bookable().get(pk=pk)
    except AppointmentType.DoesNotExist:
        raise Http404 from None


def appointment_types_for_case(*, case: Case) -> QuerySet[AppointmentType]:
    """The types a founder is offered on the page of a case: those of its service."""
    return appointment_type_list_bookable().filter(service_id=case.service_id)


def appointment_get_by_token(*, token: str, now: datetime) -> Appointment:
    """The appointment the manage link names; 404 for a forged token or once the appointment is over."""
    public_id = manage_token_read(token)
    if public_id is None:
        raise Http404
    appointment = (
        Appointment.objects.select_related("appointment_type", "department", "case")
        .filter(public_id=public_id, ends_at__gt=now)
        .first()
    )
    if appointment is None:
        raise Http404
    return appointment


def appointments_for_case(*, case: Case) -> QuerySet[Appointment]:
    return (
        Appointment.objects.filter(case=case, status__in=DESK_STATUSES)
        .select_related("appointment_type", "department")
        .order_by("-starts_at")
    )


def department_list_for_appointments(*, user: User) -> QuerySet[Department]:
    """The departments whose appointments a staff member works with: their own; admins every one."""
    if not user_is_staff_member(user):
        return Department.objects.none()
    if user.role == Role.ADMIN:
        return Department.objects.all()
    return user.departments.all()


def department_get_for_appointments(*, user: User, code: str) -> Department:
    department = department_list_for_appointments(user=user).filter(code=code).first()
    if department is None:
        raise Http404
    return department


def appointment_get_for_staff(*, user: User, public_id) -> Appointment:
    appointment = (
        Appointment.objects.select_related("appointment_type", "department", "case")
        .filter(public_id=public_id, department__in=department_list_for_appointments(user=user))
        .first()
    )
    if appointment is None:
        raise Http404
    return appointment


def agenda_list(*, department: Department, first: date, days: int) -> QuerySet[Appointment]:
    """A department's appointments from ``first`` for ``days`` days, cancelled ones included."""
    zone = local_zone()
    start = datetime.combine(first, time.min, tzinfo=zone)
    end = datetime.combine(first + timedelta(days=days), time.min, tzinfo=zone)
    return (
        Appointment.objects.filter(department=department, starts_at__gte=start, starts_at__lt=end)
        .select_related("appointment_type", "case")
        .order_by("starts_at", "appointment_type__name", "desk")
    )


def appointments_open_count(*, email: str, now: datetime) -> int:
    """Upcoming appointments booked under an address (as stored: normalised)."""
    return Appointment.objects.filter(email=email, status="booked", starts_at__gt=now).count()
