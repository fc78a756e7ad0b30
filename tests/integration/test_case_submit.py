"""Submitting a draft: one transaction, one case, one reference, exactly once."""

import threading
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from forms.services import draft_submit
from services.cases.models import Attachment, Case, CaseEvent
from services.cases.submit import case_reference_next
from tests.factories import AttachmentFactory, DraftFactory, ServiceFactory

ANSWERS = {"owner": {"legal_form": "einzelunternehmen"}}


def submit(draft, **overrides):
    return draft_submit(
        **{
            "draft": draft,
            "applicant": draft.owner,
            "answers": ANSWERS,
            "summary": [],
            "form_version": "test",
            "title": "Blumen Müller",
            "search_terms": ["Müller"],
            "document_codes": {"identity"},
            **overrides,
        }
    )


@pytest.fixture
def draft(db):
    return DraftFactory()


def test_submit_creates_the_case_with_reference_answers_and_first_event(draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        case = submit(draft)

    year = timezone.localdate().year
    assert case.reference == f"GEW-{year}-000001"
    assert case.answers == ANSWERS
    assert case.status == "submitted"
    assert case.applicant == draft.owner
    assert [event.kind for event in case.events.all()] == [CaseEvent.Kind.SUBMITTED]
    assert len(callbacks) == 1, "the follow-up task is queued only after commit"


def test_references_count_per_service_and_year(db):
    gewerbe = ServiceFactory()
    abmeldung = ServiceFactory(slug="gewerbeabmeldung", name="Gewerbeabmeldung", reference_prefix="GAB")
    year = timezone.localdate().year

    assert case_reference_next(service=gewerbe) == f"GEW-{year}-000001"
    assert case_reference_next(service=gewerbe) == f"GEW-{year}-000002"
    assert case_reference_next(service=abmeldung) == f"GAB-{year}-000001"


def test_submitting_the_same_draft_twice_yields_one_case(draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        first = submit(draft)
        second = submit(draft)

    assert first == second
    assert Case.objects.count() == 1
    draft.refresh_from_db()
    assert draft.case == first
    assert draft.data == {}, "the wizard's copy of the answers is dropped once the case holds them"


def test_attachments_of_documents_that_still_apply_move_to_the_case(draft, django_capture_on_commit_callbacks):
    identity = AttachmentFactory(owner=draft.owner, draft=draft, document_code="identity")
    stale_permit = AttachmentFactory(owner=draft.owner, draft=draft, document_code="permit")

    with django_capture_on_commit_callbacks(execute=False):
        case = submit(draft)

    assert list(case.attachments.all()) == [identity]
    stale_permit.refresh_from_db()
    assert stale_permit.case is None


def test_another_users_draft_cannot_be_submitted(draft, db):
    other = DraftFactory().owner
    with pytest.raises(type(draft).DoesNotExist):
        submit(draft, applicant=other)
    assert Case.objects.count() == 0
    assert Attachment.objects.count() == 0


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrency is proven on PostgreSQL (set DATABASE_URL)"
)


def run_in_threads(count, target):
    barrier = threading.Barrier(count)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(target())
        except Exception as exc:  # collected and asserted on below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_get_unique_consecutive_references():
    drafts = [DraftFactory() for _ in range(8)]
    pending = iter(drafts)
    lock = threading.Lock()

    def submit_next():
        with lock:
            draft = next(pending)
        case = submit(draft, title="", document_codes=set())
        return case.reference

    with mock.patch("services.cases.submit.case_followup_start"):
        references, errors = run_in_threads(8, submit_next)

    assert errors == []
    year = timezone.localdate().year
    assert sorted(references) == [f"GEW-{year}-{n:06d}" for n in range(1, 9)]


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_double_submit_of_one_draft_creates_one_case():
    draft = DraftFactory()
    with mock.patch("services.cases.submit.case_followup_start"):
        cases, errors = run_in_threads(4, lambda: submit(draft).pk)

    assert errors == []
    assert len(set(cases)) == 1
    assert Case.objects.count() == 1
