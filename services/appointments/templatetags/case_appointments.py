"""The appointments of a case on its pages: the founder's (with links to book one of the service's
appointment types, and to move or cancel their own) and the department's (with the agenda day)."""

from django import template

from services.appointments.selectors import appointment_types_for_case, appointments_for_case
from services.appointments.tokens import manage_token_make
from services.workflow.transitions import FINAL_STATUSES

register = template.Library()


@register.inclusion_tag("appointments/_case_appointments.html", takes_context=True)
def case_appointments(context, *, for_staff: bool = False) -> dict:
    case = context["case"]
    user = context["request"].user
    appointments = list(appointments_for_case(case=case))
    if not for_staff:
        for appointment in appointments:
            if appointment.user_id == user.pk and appointment.status == "booked":
                appointment.manage_token = manage_token_make(public_id=appointment.public_id)
    bookable = [] if for_staff or case.status in FINAL_STATUSES else list(appointment_types_for_case(case=case))
    return {"case": case, "appointments": appointments, "bookable": bookable, "for_staff": for_staff}
