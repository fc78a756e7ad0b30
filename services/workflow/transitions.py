"""The one place that declares a case's states, the moves between them and who may make them.

Nothing sets ``Case.status`` by hand: ``case_transition`` in
``services.workflow.services`` checks a move against this table (status and role)
and records it. Changing the workflow means changing this table and its tests.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import Role


class CaseStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Received")
    IN_REVIEW = "in_review", _("In review")
    INFORMATION_REQUESTED = "information_requested", _("Information requested")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    FORWARDED = "forwarded", _("Forwarded to another authority")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# A case in one of these is decided: no further move, the processing clock has stopped.
FINAL_STATUSES = frozenset({CaseStatus.APPROVED, CaseStatus.REJECTED, CaseStatus.FORWARDED, CaseStatus.WITHDRAWN})
# While information is requested the processing clock pauses (the founder has the case).
PAUSED_STATUSES = frozenset({CaseStatus.INFORMATION_REQUESTED})

STAFF_ROLES = frozenset({Role.CLERK, Role.SUPERVISOR, Role.ADMIN})
FOUNDER_ROLES = frozenset({Role.FOUNDER})


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str
    # Who may make the move. Staff must also belong to the case's department (admins excepted).
    roles: frozenset[str]
    # The move needs a text for the founder (the reason, or what is missing).
    needs_text: bool = False
    # A decision: it ends the case and may carry a decision document.
    decision: bool = False


def _transition(
    name: str,
    label: str,
    sources: set[str],
    target: str,
    roles: frozenset[str],
    *,
    needs_text: bool = False,
    decision: bool = False,
) -> Transition:
    return Transition(
        name=name,
        label=label,
        sources=frozenset(sources),
        target=target,
        roles=roles,
        needs_text=needs_text,
        decision=decision,
    )


INITIAL_STATUS = CaseStatus.SUBMITTED

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        _transition("start_review", _("Start review"), {CaseStatus.SUBMITTED}, CaseStatus.IN_REVIEW, STAFF_ROLES),
        _transition(
            "request_information",
            _("Request information"),
            {CaseStatus.IN_REVIEW},
            CaseStatus.INFORMATION_REQUESTED,
            STAFF_ROLES,
            needs_text=True,
        ),
        _transition(
            "provide_information",
            _("Send answer"),
            {CaseStatus.INFORMATION_REQUESTED},
            CaseStatus.IN_REVIEW,
            FOUNDER_ROLES,
            needs_text=True,
        ),
        _transition("approve", _("Approve"), {CaseStatus.IN_REVIEW}, CaseStatus.APPROVED, STAFF_ROLES, decision=True),
        _transition(
            "reject",
            _("Reject"),
            {CaseStatus.IN_REVIEW},
            CaseStatus.REJECTED,
            STAFF_ROLES,
            needs_text=True,
            decision=True,
        ),
        _transition(
            "forward",
            _("Forward to another authority"),
            {CaseStatus.IN_REVIEW},
            CaseStatus.FORWARDED,
            STAFF_ROLES,
            needs_text=True,
            decision=True,
        ),
        _transition(
            "withdraw",
            _("Withdraw application"),
            {CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW, CaseStatus.INFORMATION_REQUESTED},
            CaseStatus.WITHDRAWN,
            FOUNDER_ROLES,
        ),
    ]
}
