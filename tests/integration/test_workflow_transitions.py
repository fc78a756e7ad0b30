"""Every declared move from every status, for every kind of person; texts, documents, the clock, notices."""

import itertools
from datetime import date, datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from pypdf import PdfReader

from portal.accounts.models import Role, User
from services.cases.models import Attachment, CaseEvent, CaseMessage
from services.workflow.services import case_transition
from services.workflow.transitions import TRANSITIONS, CaseStatus
from tests.factories import CaseFactory, DepartmentFactory, gewerbe_case_gmbh
from tests.sample_files import pdf_bytes, upload

TEXT = "Bitte reichen Sie die Kopie des Ausweises nach."

# Who may make which move, written out rather than derived from the code under test.
STAFF_MOVES = {"start_review", "request_information", "approve", "reject", "forward"}
FOUNDER_MOVES = {"provide_information", "withdraw"}
ACTORS = ["founder_a", "founder_b", "clerk_x", "clerk_y", "supervisor_x", "analyst", "admin"]
ALLOWED = {
    "founder_a": FOUNDER_MOVES,
    "clerk_x": STAFF_MOVES,
    "supervisor_x": STAFF_MOVES,
    "admin": STAFF_MOVES,
}


@pytest.fixture
def people(db):
    x = DepartmentFactory()
    y = DepartmentFactory(code="ordnungsamt", name="Ordnungsamt")
    # No passwords: hashing one per person would make the hundreds of cases here slow.
    people = {
        "founder_a": User.objects.create(email="a@example.org", full_name="Anna Schmidt", role=Role.FOUNDER),
        "founder_b": User.objects.create(email="b@example.org", role=Role.FOUNDER),
        "clerk_x": User.objects.create(email="clerk-x@example.org", role=Role.CLERK),
        "clerk_y": User.objects.create(email="clerk-y@example.org", role=Role.CLERK),
        "supervisor_x": User.objects.create(email="lead-x@example.org", role=Role.SUPERVISOR),
        "analyst": User.objects.create(email="wfg@example.org", role=Role.ANALYST),
        "admin": User.objects.create(email="admin@example.org", role=Role.ADMIN),
    }
    people["clerk_x"].departments.add(x)
    people["supervisor_x"].departments.add(x)
    people["clerk_y"].departments.add(y)
    people["analyst"].departments.add(x)
    people["department"] = x
    return people


def case_in(people, status):
    return CaseFactory(applicant=people["founder_a"], department=people["department"], status=status)


@pytest.mark.parametrize(
    ("transition", "status", "actor"), list(itertools.product(TRANSITIONS, CaseStatus.values, ACTORS))
)
def test_every_move_from_every_status_for_every_person(people, transition, status, actor):
    case = case_in(people, status)
    move = TRANSITIONS[transition]
    permitted = transition in ALLOWED.get(actor, set())

    def make():
        return case_transition(case=case, transition=transition, actor=people[actor], text=TEXT)

    if not permitted:
        with pytest.raises(PermissionDenied):
            make()
    elif status not in move.sources:
        with pytest.raises(ValidationError) as refused:
            make()
        assert refused.value.code == "transition_not_allowed"
    else:
        case = make()
        assert case.status == move.target
        event = case.events.get(kind=CaseEvent.Kind.TRANSITION)
        assert (event.actor, event.data["from"], event.data["to"]) == (people[actor], status, move.target)
        assert CaseMessage.objects.get(pk=event.data["message"]).text == TEXT
        return
    case.refresh_from_db()
    assert case.status == status
    assert not case.events.exists()
    assert not case.messages.exists()


@pytest.mark.parametrize("transition", sorted(name for name, move in TRANSITIONS.items() if move.needs_text))
def test_moves_that_need_a_text_refuse_to_go_without_one(people, transition):
    move = TRANSITIONS[transition]
    actor = people["founder_a"] if transition in FOUNDER_MOVES else people["clerk_x"]
    case = case_in(people, next(iter(move.sources)))

    with pytest.raises(ValidationError) as refused:
        case_transition(case=case, transition=transition, actor=actor, text="   ")

    assert "text" in refused.value.message_dict
    case.refresh_from_db()
    assert case.status in move.sources


def test_a_decision_is_dated_and_carries_an_uploaded_document(people, django_capture_on_commit_callbacks):
    case = case_in(people, CaseStatus.IN_REVIEW)

    case = case_transition(
        case=case,
        transition="reject",
        actor=people["clerk_x"],
        text="Die Tätigkeit ist erlaubnispflichtig.",
        decision_document=upload("Bescheid.pdf", pdf_bytes()),
    )

    assert case.decided_at is not None
    document = case.attachments.get(document_code="decision")
    assert (document.owner, document.uploaded_by) == (people["founder_a"], people["clerk_x"])
    assert document.message.text == "Die Tätigkeit ist erlaubnispflichtig."
    assert case.events.filter(kind=CaseEvent.Kind.DECISION_DOCUMENT, data__attachment=document.pk).exists()


def test_a_decision_document_must_be_a_pdf_or_image(people):
    case = case_in(people, CaseStatus.IN_REVIEW)
    with pytest.raises(ValidationError):
        case_transition(
            case=case, transition="approve", actor=people["clerk_x"], decision_document=upload("x.pdf", b"hello")
        )
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
    assert not Attachment.objects.exists()


def test_an_approval_can_generate_the_certificate_of_receipt(people):
    case = gewerbe_case_gmbh(applicant=people["founder_a"], department=people["department"])
    case.status = CaseStatus.IN_REVIEW
    case.save()

    case = case_transition(case=case, transition="approve", actor=people["clerk_x"], generate_confirmation=True)

    document = case.attachments.get(document_code="decision")
    assert document.content_type == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(document.file.open("rb")).pages)
    assert "§ 15" in text and case.reference in text
    assert case.events.get(kind=CaseEvent.Kind.DECISION_DOCUMENT).data["generated"] is True


def test_only_an_approval_generates_a_confirmation(people):
    case = case_in(people, CaseStatus.IN_REVIEW)
    with pytest.raises(ValidationError) as refused:
        case_transition(case=case, transition="reject", actor=people["clerk_x"], text=TEXT, generate_confirmation=True)
    assert "decision_document" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        case_transition(case=case, transition="start_review", actor=people["clerk_x"], generate_confirmation=True)


def test_the_founder_answers_with_files_and_the_case_returns_to_the_clerk(people):
    case = case_in(people, CaseStatus.INFORMATION_REQUESTED)

    case = case_transition(
        case=case,
        transition="provide_information",
        actor=people["founder_a"],
        text="Anbei der Ausweis.",
        documents=[upload("ausweis.pdf", pdf_bytes())],
    )

    assert case.status == CaseStatus.IN_REVIEW
    message = case.messages.get()
    assert message.direction == CaseMessage.Direction.FROM_FOUNDER
    (answer,) = message.attachments.all()
    assert (answer.case, answer.owner, answer.original_name) == (case, people["founder_a"], "ausweis.pdf")


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def test_the_clock_pauses_while_information_is_requested_and_moves_the_due_date(people, monkeypatch):
    # Received Monday 1 June 2026: 3 working days, Thursday 4 June is Corpus Christi -> due Friday 5 June.
    case = case_in(people, CaseStatus.IN_REVIEW)
    case.submitted_at = at(date(2026, 6, 1))
    case.due_date = date(2026, 6, 5)
    case.save()

    monkeypatch.setattr(timezone, "now", lambda: at(date(2026, 6, 2)))
    case = case_transition(case=case, transition="request_information", actor=people["clerk_x"], text=TEXT)
    assert case.clock_paused_at == at(date(2026, 6, 2))

    # Answered Monday 8 June: the founder held it Wednesday, Friday and Monday (Thursday is a holiday).
    monkeypatch.setattr(timezone, "now", lambda: at(date(2026, 6, 8)))
    case = case_transition(case=case, transition="provide_information", actor=people["founder_a"], text="Anbei.")

    assert case.clock_paused_at is None
    assert case.due_date == date(2026, 6, 10)
    event = case.events.get(kind=CaseEvent.Kind.DUE_DATE_SET)
    assert event.data == {"due_date": "2026-06-10", "previous": "2026-06-05", "paused_days": 3}


def test_an_answer_on_the_same_day_leaves_the_due_date(people, monkeypatch):
    case = case_in(people, CaseStatus.IN_REVIEW)
    case.due_date = date(2026, 6, 5)
    case.save()
    monkeypatch.setattr(timezone, "now", lambda: at(date(2026, 6, 2), 9))
    case = case_transition(case=case, transition="request_information", actor=people["clerk_x"], text=TEXT)
    monkeypatch.setattr(timezone, "now", lambda: at(date(2026, 6, 2), 15))
    case = case_transition(case=case, transition="provide_information", actor=people["founder_a"], text="Anbei.")
    assert case.due_date == date(2026, 6, 5)


def test_withdrawing_while_paused_stops_the_clock_for_good(people):
    case = case_in(people, CaseStatus.INFORMATION_REQUESTED)
    case.clock_paused_at = timezone.now()
    case.save()

    case = case_transition(case=case, transition="withdraw", actor=people["founder_a"])

    assert case.status == CaseStatus.WITHDRAWN
    assert case.clock_paused_at is None
    assert case.decided_at is None


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_public_move_mails_the_founder_in_their_language(people, language, django_capture_on_commit_callbacks):
    founder = people["founder_a"]
    founder.language = language
    founder.save()
    case = case_in(people, CaseStatus.IN_REVIEW)
    case.title = "Café Rheinblick"
    case.save()

    with django_capture_on_commit_callbacks(execute=True), translation.override("de" if language == "en" else "en"):
        case_transition(case=case, transition="request_information", actor=people["clerk_x"], text=TEXT)

    (notice,) = mail.outbox
    assert notice.to == [founder.email]
    assert case.reference in notice.subject
    for private in ["Rheinblick", founder.full_name, founder.email, TEXT]:
        assert private not in notice.subject
    assert TEXT not in notice.body, "the message itself stays in the portal"
    assert f"/vorgaenge/{case.public_id}/" in notice.body
    with translation.override(language):
        assert str(CaseStatus.INFORMATION_REQUESTED.label) in notice.body
    event = case.events.get(kind=CaseEvent.Kind.NOTIFIED)
    assert event.data == {"transition": "request_information", "kind": "transition", "language": language}


def test_no_mail_leaves_when_the_move_fails(people, django_capture_on_commit_callbacks):
    case = case_in(people, CaseStatus.IN_REVIEW)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        case_transition(
            case=case, transition="approve", actor=people["clerk_x"], decision_document=upload("x.pdf", b"no pdf")
        )
    assert mail.outbox == []
