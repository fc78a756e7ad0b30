"""Founders book, move and cancel appointments; the mail carries an .ics in Europe/Berlin and a
personal link that works for its own appointment only, and only until it is over."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from services.appointments.models import Appointment
from services.appointments.services import appointment_book, appointment_cancel, appointment_move
from services.appointments.slots import slots_free
from services.appointments.tokens import manage_token_make
from services.appointments.views import slot_param
from services.notifications.models import OutboxMail
from tests.factories import (
    AppointmentFactory,
    AppointmentTypeFactory,
    CaseFactory,
    ClerkFactory,
    DepartmentFactory,
    weekday_hours,
)

BERLIN = ZoneInfo("Europe/Berlin")
pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def consultation():
    department = DepartmentFactory(code="wirtschaftsfoerderung", name="Wirtschaftsförderung")
    weekday_hours(department, opens=time(7, 0), closes=time(20, 0), weekdays=range(7))
    return AppointmentTypeFactory(department=department, name="Gründungsberatung", duration_minutes=60, desks=1)


def first_free(kind, *, after: int = 0):
    slots = [slot for day in slots_free(appointment_type=kind, now=timezone.now(), days_wanted=6) for slot in day.slots]
    return slots[after]


def book_url(kind, slot, **extra) -> str:
    query = "&".join(f"{key}={value}" for key, value in {**extra, "beginn": slot_param(slot.starts_at)}.items())
    return f"{reverse('appointments:book', args=[kind.pk])}?{query}"


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=BERLIN)


def test_a_visitor_books_a_consultation_without_an_account(client, consultation, django_capture_on_commit_callbacks):
    slots_page = client.get(reverse("appointments:slots", args=[consultation.pk]))
    slot = first_free(consultation)
    assert slots_page.status_code == 200
    assert (
        "Next free appointment" in slots_page.content.decode()
        or "Nächster freier Termin" in slots_page.content.decode()
    )
    assert book_url(consultation, slot).replace("&", "&amp;") in slots_page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(book_url(consultation, slot), {"name": "Erika Muster", "email": "Erika@Example.org"})

    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("appointments:manage", args=[manage_token_make(public_id=appointment.public_id)])
    assert (appointment.starts_at, appointment.email, appointment.user) == (slot.starts_at, "erika@example.org", None)
    confirmation = client.get(response.url)
    assert "Erika@Example.org".lower() in confirmation.content.decode()
    [sent] = mail.outbox
    assert sent.to == ["erika@example.org"]
    assert response.url in sent.body


def test_the_calendar_file_holds_the_appointment_in_berlin_time(consultation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appointment = appointment_book(
            appointment_type=consultation,
            starts_at=first_free(consultation).starts_at,
            name="Erika Muster",
            email="erika@example.org",
        )

    [sent] = mail.outbox
    [(filename, content, mimetype)] = sent.attachments
    calendar = icalendar.Calendar.from_ical(content)
    [event] = calendar.walk("VEVENT")
    assert filename == "termin.ics" and mimetype.startswith("text/calendar")
    assert event.decoded("dtstart") == appointment.starts_at
    assert str(event.decoded("dtstart").tzinfo) == "Europe/Berlin"
    assert event["dtstart"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(minutes=60)
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert "Gründungsberatung" in str(event["summary"])


def test_a_type_that_needs_an_account_sends_visitors_to_log_in_and_prefills_for_founders(
    founder_client, client, founder
):
    department = DepartmentFactory()
    weekday_hours(department, opens=time(7, 0), closes=time(20, 0), weekdays=range(7))
    identity_check = AppointmentTypeFactory(department=department, account_required=True)
    url = book_url(identity_check, first_free(identity_check))

    page = founder_client.get(url)
    founder_client.logout()
    anonymous = client.get(url)

    assert page.status_code == 200
    assert f'value="{founder.email}"' in page.content.decode()
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("accounts:login"))
    with pytest.raises(ValidationError):
        appointment_book(
            appointment_type=identity_check,
            starts_at=first_free(identity_check).starts_at,
            name="X",
            email="x@example.org",
        )


def test_a_founder_books_the_identity_check_for_their_case(founder_client, founder):
    case = CaseFactory(applicant=founder)
    department = case.service.department
    weekday_hours(department, opens=time(7, 0), closes=time(20, 0), weekdays=range(7))
    kind = AppointmentTypeFactory(department=department, service=case.service, account_required=True)
    slot = first_free(kind)

    slots_page = founder_client.get(reverse("appointments:slots", args=[kind.pk]) + f"?vorgang={case.public_id}")
    response = founder_client.post(
        book_url(kind, slot, vorgang=case.public_id), {"name": "A", "email": founder.email, "vorgang": case.public_id}
    )

    assert case.reference in slots_page.content.decode()
    assert response.status_code == 302
    assert Appointment.objects.get().case == case


def test_nobody_links_an_appointment_to_another_founders_case(founder_client):
    other_case = CaseFactory()
    department = other_case.service.department
    weekday_hours(department, opens=time(7, 0), closes=time(20, 0), weekdays=range(7))
    kind = AppointmentTypeFactory(department=department, service=other_case.service)

    response = founder_client.get(reverse("appointments:slots", args=[kind.pk]) + f"?vorgang={other_case.public_id}")

    assert response.status_code == 404


def test_a_taken_slot_is_refused_with_the_next_free_times(client, consultation):
    slot = first_free(consultation)
    AppointmentFactory(appointment_type=consultation, starts_at=slot.starts_at)

    response = client.post(book_url(consultation, slot), {"name": "Zweite", "email": "zweite@example.org"})

    page = response.content.decode()
    assert response.status_code == 200
    assert Appointment.objects.count() == 1
    assert "Someone else has just booked this time" in page or "Jemand anderes hat diesen Termin" in page
    assert book_url(consultation, first_free(consultation)).replace("&", "&amp;") in page


def test_a_time_off_the_grid_or_garbage_sends_back_to_the_free_times(client, consultation):
    slot = first_free(consultation)
    odd = slot.starts_at + timedelta(minutes=7)

    off_grid = client.post(
        f"{reverse('appointments:book', args=[consultation.pk])}?beginn={slot_param(odd)}",
        {"name": "A", "email": "a@example.org"},
    )
    garbage = client.get(f"{reverse('appointments:book', args=[consultation.pk])}?beginn=gestern")

    assert off_grid.status_code == 302 and Appointment.objects.count() == 0
    assert garbage.status_code == 302 and garbage.url == reverse("appointments:slots", args=[consultation.pk])


def test_bookings_are_limited_per_address_and_per_network(client, consultation, settings):
    settings.APPOINTMENT_BOOKINGS_PER_EMAIL = 2
    settings.APPOINTMENT_BOOKINGS_PER_IP = 4
    settings.APPOINTMENT_OPEN_PER_EMAIL = 10

    def attempt(n, email):
        return client.post(book_url(consultation, first_free(consultation)), {"name": f"P{n}", "email": email})

    results = [attempt(n, "same@example.org").status_code for n in range(3)]
    others = [attempt(n, f"other{n}@example.org").status_code for n in range(2)]

    assert results == [302, 302, 200]
    assert others == [302, 200]  # the network's fifth attempt
    assert Appointment.objects.count() == 3


def test_an_address_holds_only_a_few_upcoming_appointments(consultation, settings):
    settings.APPOINTMENT_OPEN_PER_EMAIL = 1
    appointment_book(
        appointment_type=consultation, starts_at=first_free(consultation).starts_at, name="A", email="a@example.org"
    )

    with pytest.raises(ValidationError, match="upcoming|anstehende"):
        appointment_book(
            appointment_type=consultation, starts_at=first_free(consultation).starts_at, name="A", email="A@example.org"
        )


def test_the_manage_link_moves_and_cancels_its_appointment(client, consultation, django_capture_on_commit_callbacks):
    first, later = first_free(consultation, after=30), first_free(consultation, after=40)
    appointment = AppointmentFactory(appointment_type=consultation, starts_at=first.starts_at)
    token = manage_token_make(public_id=appointment.public_id)
    move_url = reverse("appointments:move", args=[token])

    choose = client.get(move_url)
    with django_capture_on_commit_callbacks(execute=True):
        moved = client.post(f"{move_url}?beginn={slot_param(later.starts_at)}")
    appointment.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = client.post(reverse("appointments:cancel", args=[token]))

    assert choose.status_code == 200 and slot_param(later.starts_at) in choose.content.decode()
    assert moved.status_code == 302 and appointment.starts_at == later.starts_at and appointment.sequence == 1
    assert cancelled.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == "cancelled"
    moved_mail, cancel_mail = mail.outbox
    cancel_event = icalendar.Calendar.from_ical(cancel_mail.attachments[0][1]).walk("VEVENT")[0]
    assert str(cancel_event["status"]) == "CANCELLED" and cancel_event["sequence"] == 2
    assert reverse("appointments:slots", args=[consultation.pk]) in cancel_mail.body
    # The freed slot is bookable again.
    free = slots_free(appointment_type=consultation, now=timezone.now(), start=timezone.localdate(later.starts_at))
    assert later.starts_at in [slot.starts_at for day in free for slot in day.slots]


def test_changes_stop_at_the_cancellation_lead_time(consultation):
    now = timezone.now()
    appointment = AppointmentFactory(appointment_type=consultation, starts_at=now + timedelta(hours=5))

    with pytest.raises(ValidationError, match="no longer be changed|nicht mehr geändert"):
        appointment_cancel(appointment=appointment, now=now)
    with pytest.raises(ValidationError, match="no longer be changed|nicht mehr geändert"):
        appointment_move(appointment=appointment, starts_at=first_free(consultation).starts_at, now=now)


def test_a_forged_or_altered_link_finds_nothing(client, consultation):
    mine = AppointmentFactory(appointment_type=consultation, starts_at=first_free(consultation, after=30).starts_at)
    theirs = AppointmentFactory(appointment_type=consultation, starts_at=first_free(consultation, after=31).starts_at)
    my_token = manage_token_make(public_id=mine.public_id)
    signature = my_token.rpartition(":")[2]

    for token in (f"{theirs.public_id}:{signature}", f"{mine.public_id}:x{signature[1:]}", str(theirs.public_id)):
        assert client.get(reverse("appointments:manage", args=[token])).status_code == 404
        assert client.post(reverse("appointments:cancel", args=[token])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "booked"
    assert client.get(reverse("appointments:manage", args=[my_token])).status_code == 200


def test_the_link_expires_when_the_appointment_is_over(client, consultation):
    past = AppointmentFactory(appointment_type=consultation, starts_at=timezone.now() - timedelta(hours=2))

    response = client.get(reverse("appointments:manage", args=[manage_token_make(public_id=past.public_id)]))

    assert response.status_code == 404


def test_every_mail_is_an_outbox_row_that_forgets_the_link_once_sent(consultation, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        appointment = appointment_book(
            appointment_type=consultation, starts_at=first_free(consultation).starts_at, name="A", email="a@example.org"
        )

    row = OutboxMail.objects.get()
    assert row.kind == "appointment_booked" and row.sent_at is not None
    assert row.expires_at == appointment.ends_at and row.body == ""


def test_the_case_pages_offer_the_identity_check_and_show_the_linked_appointment(founder_client, founder, client):
    case = CaseFactory(applicant=founder, department=DepartmentFactory())
    kind = AppointmentTypeFactory(department=case.department, service=case.service, name="Identitätsprüfung")
    offer = founder_client.get(reverse("cases:detail", args=[case.public_id])).content.decode()
    appointment = AppointmentFactory(
        appointment_type=kind, starts_at=timezone.now() + timedelta(days=3), case=case, user=founder
    )

    founder_page = founder_client.get(reverse("cases:detail", args=[case.public_id])).content.decode()
    client.force_login(ClerkFactory(departments=[case.department]))
    clerk_page = client.get(reverse("workspace:case", args=[case.public_id])).content.decode()

    assert f"{reverse('appointments:slots', args=[kind.pk])}?vorgang={case.public_id}" in offer
    assert case.reference in offer
    assert reverse("appointments:manage", args=[manage_token_make(public_id=appointment.public_id)]) in founder_page
    assert "Identitätsprüfung" in clerk_page and reverse("workspace:agenda") in clerk_page


def test_an_appointment_of_a_type_no_longer_offered_cannot_be_moved_but_can_be_cancelled(client, consultation):
    appointment = AppointmentFactory(
        appointment_type=consultation, starts_at=first_free(consultation, after=30).starts_at
    )
    later = first_free(consultation, after=40)
    consultation.active = False
    consultation.save()
    token = manage_token_make(public_id=appointment.public_id)

    moved = client.post(f"{reverse('appointments:move', args=[token])}?beginn={slot_param(later.starts_at)}")
    cancelled = client.post(reverse("appointments:cancel", args=[token]))

    appointment.refresh_from_db()
    assert moved.status_code == 200 and cancelled.status_code == 302
    assert appointment.status == "cancelled" and appointment.starts_at != later.starts_at


@pytest.mark.parametrize("query", ["?ab=9999-12-31", "?ab=0001-01-01", "?ab=morgen"])
def test_far_off_or_garbage_days_in_the_address_are_answered_not_crashed(client, consultation, query):
    assert client.get(reverse("appointments:slots", args=[consultation.pk]) + query).status_code == 200


@pytest.mark.parametrize("beginn", ["99991231T2359Z", "00010101T0000Z", "2027"])
def test_far_off_or_garbage_times_send_back_to_the_free_times(client, consultation, beginn):
    response = client.get(f"{reverse('appointments:book', args=[consultation.pk])}?beginn={beginn}")

    assert response.status_code == 302
