"""The founder's side: appointment types, free slots by day, booking, and the manage link's pages
(move, cancel). Consultations are bookable without an account; types marked ``account_required``
ask founders to log in first. Every page works without JavaScript."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.accounts.throttle import client_ip
from services.appointments.forms import BookingForm
from services.appointments.models import AppointmentType
from services.appointments.selectors import (
    appointment_get_by_token,
    appointment_type_get_bookable,
    appointment_type_list_bookable,
)
from services.appointments.services import (
    SlotTaken,
    appointment_book,
    appointment_cancel,
    appointment_move,
    booking_rate_allow,
)
from services.appointments.slots import Slot, local_zone, slot_offered, slots_free
from services.appointments.tokens import manage_token_make
from services.cases.models import Case
from services.cases.permissions import user_is_founder
from services.cases.selectors import case_get_for_applicant

_SLOT_FORMAT = "%Y%m%dT%H%MZ"
DAYS_PER_PAGE = 5


def slot_param(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_SLOT_FORMAT)


def _plausible(day: date) -> bool:
    # Far-off dates would overflow date arithmetic; no appointment lies beyond a year or two.
    return abs((day - date.today()).days) <= 3660


def slot_param_read(value: str | None) -> datetime | None:
    try:
        moment = datetime.strptime(value or "", _SLOT_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None
    return moment if _plausible(moment.date()) else None


def _case_from_request(request: HttpRequest) -> Case | None:
    """The founder's own case the booking is for (``?vorgang=``); another's answers 404."""
    public_id = request.GET.get("vorgang") or request.POST.get("vorgang")
    if not public_id or not user_is_founder(request.user):
        return None
    try:
        return case_get_for_applicant(applicant=request.user, public_id=public_id)
    except ValidationError:  # not a UUID
        return None


@dataclass(frozen=True)
class SlotLink:
    """A free slot as the page lists it: its local start (ISO and HH:MM, formatted once) and its link."""

    slot: Slot
    url: str
    iso: str
    time: str


def _slot_links(slots: list[Slot], base_url: str, extra: dict[str, str]) -> list[SlotLink]:
    zone = local_zone()
    links = []
    for slot in slots:
        local = slot.starts_at.astimezone(zone)
        url = f"{base_url}?{urlencode({**extra, 'beginn': slot_param(slot.starts_at)})}"
        links.append(SlotLink(slot=slot, url=url, iso=local.isoformat(), time=local.strftime("%H:%M")))
    return links


def _slot_page_context(
    *, appointment_type: AppointmentType, base_url: str, extra: dict[str, str], start: date | None, exclude_id=None
) -> dict:
    days = slots_free(
        appointment_type=appointment_type,
        now=timezone.now(),
        start=start,
        days_wanted=DAYS_PER_PAGE,
        exclude_appointment_id=exclude_id,
    )
    day_links = [(day.day, _slot_links(day.slots, base_url, extra)) for day in days]
    later = None
    if len(days) == DAYS_PER_PAGE:
        later = urlencode({**extra, "ab": (days[-1].day + timedelta(days=1)).isoformat()})
    return {
        "appointment_type": appointment_type,
        "days": day_links,
        "next_slot": day_links[0][1][0] if day_links and start is None else None,
        "later_query": later,
        "paged": start is not None,
    }


def day_param_read(value: str | None) -> date | None:
    """A day from a query parameter (YYYY-MM-DD), or None when it is not one or implausibly far off."""
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return None
    return day if _plausible(day) else None


def _start_day(request: HttpRequest) -> date | None:
    return day_param_read(request.GET.get("ab"))


@require_safe
def appointment_types(request: HttpRequest) -> HttpResponse:
    return render(request, "appointments/types.html", {"types": appointment_type_list_bookable()})


@require_safe
def slots(request: HttpRequest, type_id: int) -> HttpResponse:
    appointment_type = appointment_type_get_bookable(pk=type_id)
    case = _case_from_request(request)
    extra = {"vorgang": str(case.public_id)} if case else {}
    context = _slot_page_context(
        appointment_type=appointment_type,
        base_url=reverse("appointments:book", args=[type_id]),
        extra=extra,
        start=_start_day(request),
    )
    context["case"] = case
    return render(request, "appointments/slots.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def book(request: HttpRequest, type_id: int) -> HttpResponse:
    appointment_type = appointment_type_get_bookable(pk=type_id)
    if appointment_type.account_required and not user_is_founder(request.user):
        if request.user.is_authenticated:  # staff and analysts book nothing
            messages.error(request, _("Appointments of this kind are booked by founders with their account."))
            return redirect("appointments:slots", type_id)
        return redirect_to_login(request.get_full_path())
    slots_url = reverse("appointments:slots", args=[type_id])
    starts_at = slot_param_read(request.GET.get("beginn"))
    if (
        starts_at is None
        or slot_offered(appointment_type=appointment_type, starts_at=starts_at, now=timezone.now()) is None
    ):
        messages.error(request, _("Please choose one of the free times."))
        return redirect(slots_url)
    case = _case_from_request(request)
    user = request.user if user_is_founder(request.user) else None
    initial = {"name": user.full_name, "email": user.email} if user else {}
    form = BookingForm(request.POST or None, initial=initial)
    context = {"appointment_type": appointment_type, "starts_at": starts_at, "case": case, "form": form}
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not booking_rate_allow(email=email, ip=client_ip(request)):
            form.add_error(None, _("Too many bookings from this address or network. Please try again tomorrow."))
        else:
            try:
                appointment = appointment_book(
                    appointment_type=appointment_type,
                    starts_at=starts_at,
                    name=form.cleaned_data["name"],
                    email=email,
                    user=user,
                    case=case,
                )
            except SlotTaken as taken:
                context["alternatives"] = _slot_links(
                    taken.alternatives, request.path, {"vorgang": str(case.public_id)} if case else {}
                )
                form.add_error(None, _("Someone else has just booked this time. Please choose another one."))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Your appointment is booked. We have sent the confirmation with a calendar file to %(email)s.")
                    % {"email": appointment.email},
                )
                return redirect("appointments:manage", manage_token_make(public_id=appointment.public_id))
    return render(request, "appointments/book.html", context)


def _manage_context(appointment) -> dict:
    token = manage_token_make(public_id=appointment.public_id)
    deadline = appointment.starts_at - timedelta(hours=appointment.appointment_type.cancellation_lead_hours)
    return {
        "appointment": appointment,
        "token": token,
        "changeable": appointment.status == "booked" and timezone.now() <= deadline,
        "change_deadline": deadline,
    }


@require_safe
def manage(request: HttpRequest, token: str) -> HttpResponse:
    appointment = appointment_get_by_token(token=token, now=timezone.now())
    return render(request, "appointments/manage.html", _manage_context(appointment))


@require_POST
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    appointment = appointment_get_by_token(token=token, now=timezone.now())
    try:
        appointment_cancel(appointment=appointment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your appointment has been cancelled. We have sent you a confirmation."))
    return redirect("appointments:manage", token)


@require_http_methods(["GET", "HEAD", "POST"])
def move(request: HttpRequest, token: str) -> HttpResponse:
    """Without ``beginn``: the free slots to move to; with it: confirm the new time (POST moves)."""
    appointment = appointment_get_by_token(token=token, now=timezone.now())
    context = _manage_context(appointment)
    if not context["changeable"]:
        messages.error(request, _("This appointment can no longer be changed online."))
        return redirect("appointments:manage", token)
    starts_at = slot_param_read(request.GET.get("beginn"))
    if starts_at is None:
        context.update(
            _slot_page_context(
                appointment_type=appointment.appointment_type,
                base_url=request.path,
                extra={},
                start=_start_day(request),
                exclude_id=appointment.pk,
            )
        )
        return render(request, "appointments/move.html", context)
    context["starts_at"] = starts_at
    if request.method == "POST":
        try:
            appointment_move(appointment=appointment, starts_at=starts_at)
        except SlotTaken as taken:
            context["alternatives"] = _slot_links(taken.alternatives, request.path, {})
            context["error"] = _("Someone else has just booked this time. Please choose another one.")
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
        else:
            messages.success(request, _("Your appointment has been moved. We have sent you the new calendar file."))
            return redirect("appointments:manage", token)
    return render(request, "appointments/move_confirm.html", context)
