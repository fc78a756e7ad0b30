"""A visitor books a consultation with the keyboard alone and cancels it by the e-mailed link, in
Chromium; axe-core checks every page against WCAG 2.1 A/AA."""

import re
from datetime import time

import pytest
from django.core import mail

from services.appointments.models import Appointment
from tests.factories import AppointmentTypeFactory, DepartmentFactory, weekday_hours

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching ``selector`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the focus")


def test_a_visitor_books_by_keyboard_and_cancels_by_the_mailed_link(page, accessible, live_server):
    department = DepartmentFactory(code="wirtschaftsfoerderung", name="Wirtschaftsförderung")
    weekday_hours(department, opens=time(7, 0), closes=time(20, 0), weekdays=range(7))
    kind = AppointmentTypeFactory(
        department=department, name="Gründungsberatung", duration_minutes=60, cancellation_lead_hours=0
    )

    page.goto("/termine/")
    accessible()
    tab_to(page, f'main a[href="/termine/{kind.pk}/"]')
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/termine/{kind.pk}/")
    accessible()
    tab_to(page, ".next-slot a")
    page.keyboard.press("Enter")
    page.wait_for_url("**/buchen/**")
    accessible()
    tab_to(page, '[name="name"]')
    page.keyboard.type("Erika Muster")
    page.keyboard.press("Tab")
    page.keyboard.type("erika@example.org")
    page.keyboard.press("Enter")
    page.wait_for_url("**/termine/verwalten/**")
    accessible()

    appointment = Appointment.objects.get()
    assert appointment.status == "booked" and appointment.name == "Erika Muster"
    [confirmation] = mail.outbox
    assert confirmation.attachments[0][0] == "termin.ics"
    link = re.search(r"https?://\S+/termine/verwalten/\S+/", confirmation.body)[0]

    page.context.clear_cookies()
    page.goto(link.replace(re.match(r"https?://[^/]+", link)[0], live_server.url))
    accessible()
    tab_to(page, "main form button[type=submit]")
    with page.expect_navigation():  # back to the same page, now showing the cancellation
        page.keyboard.press("Enter")
    accessible()

    appointment.refresh_from_db()
    assert appointment.status == "cancelled"
    assert len(mail.outbox) == 2


def test_a_supervisor_works_the_agenda_and_the_offer_pages_pass_axe(page, accessible):
    from django.utils import timezone

    from tests.e2e.test_clerk_journey import log_in
    from tests.factories import AppointmentFactory, SupervisorFactory

    department = DepartmentFactory()
    weekday_hours(department)
    kind = AppointmentTypeFactory(department=department, name="Identitätsprüfung Gewerbeanmeldung")
    appointment = AppointmentFactory(appointment_type=kind, starts_at=timezone.now(), name="Erika Muster")
    supervisor = SupervisorFactory(departments=[department])

    log_in(page, supervisor.email)
    page.goto("/sachbearbeitung/termine/")
    accessible()
    assert "Erika Muster" in page.content()
    page.locator('main button[value="attended"]').click()
    page.wait_for_load_state()
    accessible()
    page.goto(f"/sachbearbeitung/termine/angebot/{department.code}/")
    accessible()
    page.locator('main form[action$="/zeiten/"] button[type=submit]').click()  # empty: messages by the fields
    page.wait_for_load_state()
    accessible()
    page.goto(f"/sachbearbeitung/termine/{appointment.public_id}/absagen/")
    accessible()

    appointment.refresh_from_db()
    assert appointment.status == "attended"
