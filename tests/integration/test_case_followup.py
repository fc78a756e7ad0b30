"""What follows a submit: routing and the receipt, each done once however often it runs."""

from django.core import mail

from services.cases.models import CaseEvent
from services.notifications.services import case_receipt_send
from services.routing.services import case_route
from tests.factories import CaseFactory


def test_routing_sends_the_case_to_the_responsible_department_and_says_why(db):
    case = CaseFactory()

    case_route(case_id=case.pk)

    case.refresh_from_db()
    assert case.department == case.service.department
    assert case.service.department.name in case.routing_reason
    assert case.routed_at is not None
    event = case.events.get(kind=CaseEvent.Kind.ROUTED)
    assert event.data == {"department": "gewerbeamt", "rule": "catalog", "reason": case.routing_reason}


def test_routing_twice_changes_nothing(db):
    case = CaseFactory()
    case_route(case_id=case.pk)
    case.refresh_from_db()
    first_routed_at = case.routed_at

    case_route(case_id=case.pk)

    case.refresh_from_db()
    assert case.routed_at == first_routed_at
    assert case.events.filter(kind=CaseEvent.Kind.ROUTED).count() == 1


def test_receipt_mail_confirms_receipt_with_reference_and_links(db, settings):
    settings.SITE_URL = "https://gruenden.example"
    case = CaseFactory()
    case_route(case_id=case.pk)

    case_receipt_send(case_id=case.pk)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [case.applicant.email]
    assert case.reference in message.subject
    assert case.reference in message.body
    assert "§ 15" in message.body
    assert f"https://gruenden.example/vorgaenge/{case.public_id}/pdf/" in message.body
    assert f"https://gruenden.example/vorgaenge/{case.public_id}/" in message.body
    case.refresh_from_db()
    assert case.receipt_sent_at is not None
    assert case.events.filter(kind=CaseEvent.Kind.RECEIPT_SENT).count() == 1


def test_receipt_is_sent_only_once(db):
    case = CaseFactory()

    case_receipt_send(case_id=case.pk)
    case_receipt_send(case_id=case.pk)

    assert len(mail.outbox) == 1
    assert case.events.filter(kind=CaseEvent.Kind.RECEIPT_SENT).count() == 1
