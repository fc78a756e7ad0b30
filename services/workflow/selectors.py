"""What the workflow shows: overdue cases for supervisors, the founder's view of a case."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone

from portal.accounts.models import User
from services.cases.models import Attachment, Case, CaseEvent, CaseMessage
from services.cases.permissions import case_visibility_for_staff
from services.cases.selectors import case_overdue_condition
from services.workflow.documents import DECISION_DOCUMENT_CODE
from services.workflow.transitions import TRANSITIONS, CaseStatus


def case_list_overdue_for_staff(*, user: User, today: date | None = None) -> QuerySet[Case]:
    """Overdue cases the staff member may see (the inbox's rule), the longest overdue first."""
    today = today or timezone.localdate()
    return (
        Case.objects.filter(case_visibility_for_staff(user))
        .filter(case_overdue_condition(today=today))
        .select_related("service", "department", "assignee")
        .order_by("due_date", "submitted_at")
    )


@dataclass(frozen=True)
class PublicStep:
    """One line of the founder's timeline."""

    at: datetime
    label: str  # the status the case reached, or "Received"
    by_founder: bool


def case_public_timeline(*, case: Case) -> list[PublicStep]:
    """What the founder may see of the audit trail: the receipt and every workflow move.

    Internal events (routing, assignment, notes, staff access, due dates) stay with the department.
    """
    steps = []
    for event in case.events.filter(kind__in=[CaseEvent.Kind.SUBMITTED, CaseEvent.Kind.TRANSITION]).order_by(
        "created_at", "id"
    ):
        if event.kind == CaseEvent.Kind.SUBMITTED:
            steps.append(PublicStep(at=event.created_at, label=str(CaseEvent.Kind.SUBMITTED.label), by_founder=True))
            continue
        move = TRANSITIONS.get(event.data.get("transition", ""))
        if move is None:
            continue
        steps.append(
            PublicStep(
                at=event.created_at,
                label=str(CaseStatus(move.target).label),
                by_founder=event.actor_id == case.applicant_id,
            )
        )
    return steps


def case_thread(*, case: Case) -> list[CaseMessage]:
    """The messages between department and founder, oldest first, each with the files sent with it."""
    return list(case.messages.prefetch_related("attachments").order_by("created_at", "id"))


def case_decision_documents(*, case: Case) -> QuerySet[Attachment]:
    return case.attachments.filter(document_code=DECISION_DOCUMENT_CODE).order_by("uploaded_at", "id")


def case_attachments_total(*, case: Case) -> int:
    """Bytes the case's files take, for the upload limit per case."""
    return sum(case.attachments.values_list("size", flat=True))
