"""What follows a submit: routing and the receipt, each done once however often it runs."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from services.cases.models import Case, CaseEvent
from services.cases.selectors import case_list_unprocessed
from services.cases.tasks import case_processing_resume
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


def test_the_beat_resumes_the_follow_up_of_cases_left_unprocessed(db, django_capture_on_commit_callbacks):
    left = CaseFactory(submitted_at=timezone.now() - timedelta(minutes=10))
    young = CaseFactory()

    with django_capture_on_commit_callbacks(execute=True):
        assert case_processing_resume.delay(older_than_seconds=300).get() == 1

    left.refresh_from_db()
    assert left.department is not None and left.pdf and left.receipt_sent_at is not None
    assert list(left.events.values_list("kind", flat=True)) == [
        CaseEvent.Kind.DUE_DATE_SET,
        CaseEvent.Kind.ROUTED,
        CaseEvent.Kind.PDF_RENDERED,
        CaseEvent.Kind.RECEIPT_SENT,
    ]
    young.refresh_from_db()
    assert young.department is None
    assert len(mail.outbox) == 1


def test_a_case_whose_receipt_waits_in_the_outbox_is_not_resumed_again(db):
    case = CaseFactory(submitted_at=timezone.now() - timedelta(minutes=10))
    case_route(case_id=case.pk)
    Case.objects.filter(pk=case.pk).update(pdf="cases/x.pdf")
    case_receipt_queue(case_id=case.pk)  # not sent: the mail server is down, say

    assert not case_list_unprocessed(submitted_before=timezone.now()).exists()


def test_a_case_whose_receipt_went_out_before_the_outbox_existed_is_not_resumed(db):
    # Cases sent before the outbox was introduced have no receipt row: they must not get a second receipt.
    case = CaseFactory(submitted_at=timezone.now() - timedelta(minutes=10), receipt_sent_at=timezone.now())
    case_route(case_id=case.pk)
    Case.objects.filter(pk=case.pk).update(pdf="cases/x.pdf")

    assert not case_list_unprocessed(submitted_before=timezone.now()).exists()
