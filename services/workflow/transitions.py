"""The one place that declares a case's states and the moves between them.

Nothing sets ``Case.status`` by hand: ``case_transition`` in
``services.workflow.services`` checks a move against this table and records it.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Received")
    IN_REVIEW = "in_review", _("In review")
    INFORMATION_REQUESTED = "information_requested", _("Information requested")
    COMPLETED = "completed", _("Completed")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[str]
    target: str


def _transition(name: str, label: str, sources: set[str], target: str) -> Transition:
    return Transition(name=name, label=label, sources=frozenset(sources), target=target)


INITIAL_STATUS = CaseStatus.SUBMITTED

TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        _transition("claim", _("Start review"), {CaseStatus.SUBMITTED}, CaseStatus.IN_REVIEW),
        _transition(
            "request_information", _("Request information"), {CaseStatus.IN_REVIEW}, CaseStatus.INFORMATION_REQUESTED
        ),
        _transition(
            "provide_information", _("Provide information"), {CaseStatus.INFORMATION_REQUESTED}, CaseStatus.IN_REVIEW
        ),
        _transition("complete", _("Complete"), {CaseStatus.IN_REVIEW}, CaseStatus.COMPLETED),
        _transition("reject", _("Reject"), {CaseStatus.IN_REVIEW}, CaseStatus.REJECTED),
        _transition(
            "withdraw",
            _("Withdraw"),
            {CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW, CaseStatus.INFORMATION_REQUESTED},
            CaseStatus.WITHDRAWN,
        ),
    ]
}
