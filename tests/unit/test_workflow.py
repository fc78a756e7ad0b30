"""The workflow: only declared moves, each recorded in the audit trail."""

import pytest
from django.core.exceptions import ValidationError

from portal.accounts.models import Role
from services.cases.models import CaseEvent
from services.workflow.services import case_transition, case_transitions_available
from services.workflow.transitions import CaseStatus
from tests.factories import CaseFactory, ClerkFactory


@pytest.fixture
def case(db):
    return CaseFactory(department=None)


@pytest.fixture
def clerk(case):
    clerk = ClerkFactory()
    case.department = case.service.department
    case.save(update_fields=["department"])
    clerk.departments.add(case.department)
    return clerk


def test_a_new_case_can_be_claimed_or_withdrawn(case):
    assert case.status == CaseStatus.SUBMITTED
    assert case_transitions_available(case=case) == ["start_review", "withdraw"]


def test_a_declared_move_changes_the_status_and_is_recorded(case, clerk):
    case = case_transition(case=case, transition="start_review", actor=clerk)

    assert case.status == CaseStatus.IN_REVIEW
    event = case.events.get(kind=CaseEvent.Kind.TRANSITION)
    assert event.actor == clerk
    assert event.data["transition"] == "start_review"
    assert (event.data["from"], event.data["to"]) == ("submitted", "in_review")


def test_a_move_the_workflow_does_not_allow_is_refused_and_changes_nothing(case, clerk):
    with pytest.raises(ValidationError) as refused:
        case_transition(case=case, transition="approve", actor=clerk)

    assert refused.value.code == "transition_not_allowed"
    case.refresh_from_db()
    assert case.status == CaseStatus.SUBMITTED
    assert not case.events.filter(kind=CaseEvent.Kind.TRANSITION).exists()


def test_an_unknown_move_is_refused(case, clerk):
    with pytest.raises(ValidationError) as refused:
        case_transition(case=case, transition="teleport", actor=clerk)
    assert refused.value.code == "unknown_transition"


def test_information_requests_go_back_and_forth_until_a_decision(case, clerk):
    case = case_transition(case=case, transition="start_review", actor=clerk)
    case = case_transition(case=case, transition="request_information", actor=clerk, text="Bitte Ausweis.")
    case = case_transition(case=case, transition="provide_information", actor=case.applicant, text="Anbei.")
    case = case_transition(case=case, transition="approve", actor=clerk)
    assert case.status == CaseStatus.APPROVED
    assert case_transitions_available(case=case) == []
    assert case.applicant.role == Role.FOUNDER
