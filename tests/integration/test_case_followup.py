"""What follows a submit: routing and the receipt, each done once however often it runs."""

from django.core import mail

from services.cases.models import CaseEvent
from services.notifications.services import case_receipt_queue, outbox_mail_deliver
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
    assert event.data == {"department": "gewerbeamt", "rule": "catalog"}


def test_routing_twice_changes_nothing(db):
    case = CaseFactory()
    case_route(case_id=case.pk)
    case.refresh_from_db()
    first_routed_at = case.routed_at

    case_route(case_id=case.pk)

    case.refresh_from_db()
    assert case.routed_at == first_routed_at
    assert case.events.filter(kind=CaseEvent.Kind.ROUTED).count() == 1


def test_receipt_mail_confirms_receipt_with_reference_and_links(db, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://gruenden.example"
    case = CaseFactory()
    case_route(case_id=case.pk)

    with django_capture_on_commit_callbacks(execute=True):
        case_receipt_queue(case_id=case.pk)

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


def test_the_receipt_is_queued_and_sent_only_once(db, django_capture_on_commit_callbacks):
    case = CaseFactory()

    with django_capture_on_commit_callbacks(execute=True):
        first = case_receipt_queue(case_id=case.pk)
        second = case_receipt_queue(case_id=case.pk)
    outbox_mail_deliver(mail_id=first.pk)

    assert first == second
    assert len(mail.outbox) == 1
    assert case.events.filter(kind=CaseEvent.Kind.RECEIPT_SENT).count() == 1


def test_the_receipt_is_not_marked_sent_before_the_mail_server_took_it(db):
    case = CaseFactory()

    case_receipt_queue(case_id=case.pk)  # queued; the test's transaction never commits, so nothing sends

    case.refresh_from_db()
    assert case.receipt_sent_at is None
    assert not case.events.filter(kind=CaseEvent.Kind.RECEIPT_SENT).exists()
