"""The departments' appointments: the day's and the week's agenda (any staff member of the department),
outcomes and cancellations, and what the department offers (supervisors and admins)."""

from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from services.appointments.forms import AppointmentTypeForm, ClosureForm, OpeningHoursForm, StaffCancelForm
from services.appointments.models import AppointmentStatus, AppointmentType, Closure, OpeningHours
from services.appointments.offer import (
    appointment_type_save,
    closure_add,
    closure_remove,
    opening_hours_add,
    opening_hours_remove,
)
from services.appointments.selectors import (
    agenda_list,
    appointment_get_for_staff,
    department_get_for_appointments,
    department_list_for_appointments,
)
from services.appointments.services import appointment_cancel, appointment_outcome_set
from services.appointments.views import day_param_read
from services.cases.permissions import user_may_see_case
from services.catalog.models import Department
from services.workspace.access import staff_area, supervisor_area


def _agenda_url(department: Department, day: date, week: bool = False) -> str:
    query = {"abteilung": department.code, "tag": day.isoformat()}
    if week:
        query["ansicht"] = "woche"
    return f"{reverse('workspace:agenda')}?{urlencode(query)}"


@staff_area
@require_safe
def agenda(request: HttpRequest) -> HttpResponse:
    departments = list(department_list_for_appointments(user=request.user).order_by("name"))
    if not departments:
        return render(request, "clerk/appointments/agenda.html", {"departments": []})
    code = request.GET.get("abteilung")
    department = next((d for d in departments if d.code == code), departments[0]) if code else departments[0]
    if code and department.code != code:
        raise Http404
    day = day_param_read(request.GET.get("tag")) or timezone.localdate()
    week = request.GET.get("ansicht") == "woche"
    if week:
        day -= timedelta(days=day.weekday())
    length = 7 if week else 1
    appointments = list(agenda_list(department=department, first=day, days=length))
    for appointment in appointments:
        appointment.case_visible = appointment.case is not None and user_may_see_case(request.user, appointment.case)
    context = {
        "departments": departments,
        "department": department,
        "day": day,
        "week": week,
        "appointments": appointments,
        "today": timezone.localdate(),
        "previous_url": _agenda_url(department, day - timedelta(days=length), week),
        "next_url": _agenda_url(department, day + timedelta(days=length), week),
        "other_view_url": _agenda_url(department, day, not week),
        "statuses": AppointmentStatus,
    }
    return render(request, "clerk/appointments/agenda.html", context)


@staff_area
@require_POST
def appointment_outcome(request: HttpRequest, public_id) -> HttpResponse:
    appointment = appointment_get_for_staff(user=request.user, public_id=public_id)
    try:
        appointment_outcome_set(appointment=appointment, status=request.POST.get("status", ""), actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The appointment has been marked."))
    return redirect(_agenda_url(appointment.department, timezone.localdate(appointment.starts_at)))


@staff_area
@require_http_methods(["GET", "HEAD", "POST"])
def appointment_staff_cancel(request: HttpRequest, public_id) -> HttpResponse:
    appointment = appointment_get_for_staff(user=request.user, public_id=public_id)
    back = _agenda_url(appointment.department, timezone.localdate(appointment.starts_at))
    form = StaffCancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appointment_cancel(appointment=appointment, actor=request.user, message=form.cleaned_data["message"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The appointment has been cancelled and the visitor informed."))
            return redirect(back)
    return render(
        request, "clerk/appointments/cancel.html", {"appointment": appointment, "form": form, "back_url": back}
    )


# --- what a department offers (supervisors) ---------------------------------------------------------


def _offer_url(department: Department) -> str:
    return reverse("workspace:appointment_offer", args=[department.code])


@supervisor_area
@require_safe
def appointment_offer_departments(request: HttpRequest) -> HttpResponse:
    departments = department_list_for_appointments(user=request.user).order_by("name")
    return render(request, "clerk/appointments/departments.html", {"departments": departments})


def _offer_page(request, department, hours_form=None, closure_form=None) -> HttpResponse:
    context = {
        "department": department,
        "types": AppointmentType.objects.filter(department=department).select_related("service"),
        "hours": OpeningHours.objects.filter(department=department),
        "closures": Closure.objects.filter(department=department, last_day__gte=timezone.localdate()),
        "hours_form": hours_form or OpeningHoursForm(prefix="hours"),
        "closure_form": closure_form or ClosureForm(prefix="closure"),
    }
    return render(request, "clerk/appointments/offer.html", context)


@supervisor_area
@require_safe
def appointment_offer(request: HttpRequest, department: str) -> HttpResponse:
    return _offer_page(request, department_get_for_appointments(user=request.user, code=department))


@supervisor_area
@require_POST
def opening_hours_create(request: HttpRequest, department: str) -> HttpResponse:
    department_obj = department_get_for_appointments(user=request.user, code=department)
    form = OpeningHoursForm(request.POST, prefix="hours")
    if form.is_valid():
        try:
            opening_hours_add(department=department_obj, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The opening hours have been added."))
            return redirect(_offer_url(department_obj))
    return _offer_page(request, department_obj, hours_form=form)


@supervisor_area
@require_POST
def opening_hours_delete(request: HttpRequest, pk: int) -> HttpResponse:
    hours = get_object_or_404(OpeningHours, pk=pk, department__in=department_list_for_appointments(user=request.user))
    opening_hours_remove(opening_hours=hours)
    messages.success(request, _("The opening hours have been removed."))
    return redirect(_offer_url(hours.department))


@supervisor_area
@require_POST
def closure_create(request: HttpRequest, department: str) -> HttpResponse:
    department_obj = department_get_for_appointments(user=request.user, code=department)
    form = ClosureForm(request.POST, prefix="closure")
    if form.is_valid():
        data = form.cleaned_data
        try:
            closure_add(
                department=department_obj,
                first_day=data["first_day"],
                last_day=data["last_day"] or data["first_day"],
                reason=data["reason"],
                today=timezone.localdate(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The closure has been added."))
            return redirect(_offer_url(department_obj))
    return _offer_page(request, department_obj, closure_form=form)


@supervisor_area
@require_POST
def closure_delete(request: HttpRequest, pk: int) -> HttpResponse:
    closure = get_object_or_404(Closure, pk=pk, department__in=department_list_for_appointments(user=request.user))
    closure_remove(closure=closure)
    messages.success(request, _("The closure has been removed."))
    return redirect(_offer_url(closure.department))


def _type_form_page(request: HttpRequest, appointment_type: AppointmentType) -> HttpResponse:
    form = AppointmentTypeForm(request.POST or None, instance=appointment_type)
    if request.method == "POST" and form.is_valid():
        try:
            appointment_type_save(appointment_type=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The appointment type has been saved."))
            return redirect(_offer_url(appointment_type.department))
    context = {"form": form, "department": appointment_type.department, "appointment_type": appointment_type}
    return render(request, "clerk/appointments/type_form.html", context)


@supervisor_area
@require_http_methods(["GET", "HEAD", "POST"])
def appointment_type_create(request: HttpRequest, department: str) -> HttpResponse:
    department_obj = department_get_for_appointments(user=request.user, code=department)
    return _type_form_page(request, AppointmentType(department=department_obj))


@supervisor_area
@require_http_methods(["GET", "HEAD", "POST"])
def appointment_type_edit(request: HttpRequest, pk: int) -> HttpResponse:
    appointment_type = get_object_or_404(
        AppointmentType.objects.select_related("department"),
        pk=pk,
        department__in=department_list_for_appointments(user=request.user),
    )
    return _type_form_page(request, appointment_type)
