"""Claim, release, assign; notes and messages; the due date set at routing; the supervisors' overdue list."""

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from portal.accounts.models import Role, User
from services.cases.models import CaseEvent, CaseMessage, CaseNote
from services.routing.services import case_route
from services.workflow.assignment import case_assign, case_claim, case_release, colleague_list_for_case
from services.workflow.dialogue import case_message_reply, case_message_send, case_note_add
from services.workflow.selectors import case_list_overdue_for_staff
from services.workflow.transitions import CaseStatus
from tests.factories import CaseFactory, DepartmentFactory, ServiceFactory


@pytest.fixture
def staff(db):
    x = DepartmentFactory()
    y = DepartmentFactory(code="ordnungsamt", name="Ordnungsamt")
    people = {
        "clerk_x": User.objects.create(email="clerk-x@example.org", role=Role.CLERK),
        "colleague_x": User.objects.create(email="colleague-x@example.org", role=Role.CLERK),
        "clerk_y": User.objects.create(email="clerk-y@example.org", role=Role.CLERK),
        "supervisor_x": User.objects.create(email="lead-x@example.org", role=Role.SUPERVISOR),
        "analyst": User.objects.create(email="wfg@example.org", role=Role.ANALYST),
    }
    for name in ["clerk_x", "colleague_x", "supervisor_x", "analyst"]:
        people[name].departments.add(x)
    people["clerk_y"].departments.add(y)
    people["x"], people["y"] = x, y
    return people


@pytest.fixture
def case(staff):
    return CaseFactory(department=staff["x"])


def assigned_events(case):
    return list(case.events.filter(kind=CaseEvent.Kind.ASSIGNED).values_list("actor__email", "data"))


def test_a_clerk_claims_and_releases_a_case(staff, case):
    clerk = staff["clerk_x"]
    case = case_claim(case=case, actor=clerk)
    assert case.assignee == clerk
    case = case_claim(case=case, actor=clerk)  # again: nothing changes, nothing recorded
    case = case_release(case=case, actor=clerk)
    assert case.assignee is None
    assert assigned_events(case) == [
        (clerk.email, {"action": "claim", "from": None, "to": clerk.pk}),
        (clerk.email, {"action": "release", "from": clerk.pk, "to": None}),
    ]


def test_a_clerk_cannot_take_a_colleagues_case_or_release_it(staff, case):
    case_claim(case=case, actor=staff["colleague_x"])
    with pytest.raises(ValidationError):
        case_claim(case=case, actor=staff["clerk_x"])
    with pytest.raises(ValidationError):
        case_release(case=case, actor=staff["clerk_x"])
    case.refresh_from_db()
    assert case.assignee == staff["colleague_x"]


@pytest.mark.parametrize("outsider", ["clerk_y", "analyst"])
def test_people_outside_the_department_cannot_claim(staff, case, outsider):
    with pytest.raises(PermissionDenied):
        case_claim(case=case, actor=staff[outsider])
    assert not case.events.exists()


def test_a_supervisor_assigns_to_a_colleague_of_the_department(staff, case):
    case = case_assign(case=case, actor=staff["supervisor_x"], assignee=staff["colleague_x"])
    assert case.assignee == staff["colleague_x"]
    case = case_assign(case=case, actor=staff["supervisor_x"], assignee=None)
    assert case.assignee is None
    assert [data["action"] for _, data in assigned_events(case)] == ["assign", "assign"]
    assert set(colleague_list_for_case(case=case)) == {staff["clerk_x"], staff["colleague_x"], staff["supervisor_x"]}


def test_a_supervisor_cannot_assign_outside_the_department(staff, case):
    with pytest.raises(ValidationError) as refused:
        case_assign(case=case, actor=staff["supervisor_x"], assignee=staff["clerk_y"])
    assert "assignee" in refused.value.message_dict
    with pytest.raises(ValidationError):
        case_assign(case=case, actor=staff["supervisor_x"], assignee=staff["analyst"])


def test_a_clerk_cannot_assign(staff, case):
    with pytest.raises(PermissionDenied):
        case_assign(case=case, actor=staff["clerk_x"], assignee=staff["colleague_x"])


def test_a_decided_case_is_not_claimed(staff):
    case = CaseFactory(department=staff["x"], status=CaseStatus.APPROVED)
    with pytest.raises(ValidationError):
        case_claim(case=case, actor=staff["clerk_x"])


def test_notes_stay_internal_and_are_audited(staff, case):
    note = case_note_add(case=case, author=staff["clerk_x"], text="  Rückruf vereinbart.  ")
    assert note.text == "Rückruf vereinbart."
    assert case.events.get(kind=CaseEvent.Kind.NOTE_ADDED).data == {"note": note.pk}
    with pytest.raises(PermissionDenied):
        case_note_add(case=case, author=staff["clerk_y"], text="x")
    with pytest.raises(ValidationError):
        case_note_add(case=case, author=staff["clerk_x"], text=" ")
    assert CaseNote.objects.count() == 1


def test_notes_and_messages_lose_invisible_characters(staff, case):
    note = case_note_add(case=case, author=staff["clerk_x"], text="Firma \u202eexe.Ltd\u202c ge\u200bprüft")
    message = case_message_send(case=case, author=staff["clerk_x"], text="\ufeffBitte \u2066Ausweis\u2069 senden")

    assert note.text == "Firma exe.Ltd geprüft"
    assert message.text == "Bitte Ausweis senden"
    with pytest.raises(ValidationError):
        case_note_add(case=case, author=staff["clerk_x"], text="\u200b\u202e")


def test_a_message_to_the_founder_is_mailed_without_its_text(staff, case, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = case_message_send(case=case, author=staff["clerk_x"], text="Wann beginnen Sie?")
    assert message.direction == CaseMessage.Direction.TO_FOUNDER
    (notice,) = mail.outbox
    assert notice.to == [case.applicant.email]
    assert case.reference in notice.subject and "Wann" not in notice.body


def test_the_founder_replies_while_the_case_is_open(staff, case):
    message = case_message_reply(case=case, author=case.applicant, text="Am 1. Juli.")
    assert message.direction == CaseMessage.Direction.FROM_FOUNDER
    with pytest.raises(PermissionDenied):
        case_message_reply(case=case, author=staff["clerk_x"], text="x")
    case.status = CaseStatus.WITHDRAWN
    case.save()
    with pytest.raises(ValidationError):
        case_message_reply(case=case, author=case.applicant, text="Noch etwas.")


def test_routing_sets_the_due_date_from_the_processing_days(db):
    service = ServiceFactory(processing_days=3)
    # Friday 5 June 2026, after Corpus Christi: Monday, Tuesday, Wednesday.
    case = CaseFactory(service=service, submitted_at=timezone.make_aware(datetime(2026, 6, 5, 9)))

    case = case_route(case_id=case.pk)
    case_route(case_id=case.pk)

    case.refresh_from_db()
    assert case.due_date == date(2026, 6, 10)
    event = case.events.get(kind=CaseEvent.Kind.DUE_DATE_SET)
    assert event.data == {"due_date": "2026-06-10", "processing_days": 3}


def test_the_overdue_list_shows_open_cases_past_their_date_in_the_supervisors_departments(staff):
    today = timezone.localdate()
    overdue = CaseFactory(department=staff["x"], due_date=today - timedelta(days=1), status=CaseStatus.IN_REVIEW)
    CaseFactory(department=staff["x"], due_date=today, status=CaseStatus.IN_REVIEW)
    CaseFactory(department=staff["x"], due_date=today - timedelta(days=5), status=CaseStatus.APPROVED)
    CaseFactory(department=staff["y"], due_date=today - timedelta(days=5))

    assert list(case_list_overdue_for_staff(user=staff["supervisor_x"])) == [overdue]
    assert list(case_list_overdue_for_staff(user=staff["analyst"])) == []
