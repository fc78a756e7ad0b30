"""The case's internal timeline in words: what each audit event means, in the reader's language.

Events keep codes and ids only (``services.cases.events``); the words are made here, when shown.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from services.cases.events import AccessedItem
from services.cases.models import Attachment, Case, CaseEvent
from services.workflow.transitions import TRANSITIONS, CaseStatus


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    kind: str
    title: str
    actor: str
    detail: str


def _status_label(code: str) -> str:
    try:
        return str(CaseStatus(code).label)
    except ValueError:
        return code


def _actor(event: CaseEvent, case: Case) -> str:
    if event.actor is None:
        return _("System")
    if event.actor_id == case.applicant_id:
        return _("Applicant")
    return event.actor.full_name or event.actor.email


def _detail(event: CaseEvent, attachments: dict[int, Attachment]) -> str:
    data = event.data or {}
    if event.kind == CaseEvent.Kind.TRANSITION:
        move = TRANSITIONS.get(data.get("transition", ""))
        moved = _("from “%(source)s” to “%(target)s”") % {
            "source": _status_label(data.get("from", "")),
            "target": _status_label(data.get("to", "")),
        }
        return f"{move.label}: {moved}" if move else moved
    if event.kind == CaseEvent.Kind.ACCESSED:
        item = data.get("item")
        if item == AccessedItem.ATTACHMENT:
            attachment = attachments.get(data.get("attachment"))
            if attachment is None:
                return _("Opened an attachment")
            return _("Opened the attachment “%(document)s: %(file)s”") % {
                "document": attachment.document_label,
                "file": attachment.original_name,
            }
        if item == AccessedItem.PDF:
            return _("Opened the PDF of the application")
        return _("Opened the case")
    if event.kind == CaseEvent.Kind.SUBMITTED and "attachments" in data:
        count = data["attachments"]
        return ngettext("with %(count)d attachment", "with %(count)d attachments", count) % {"count": count}
    if event.kind == CaseEvent.Kind.REROUTED:
        # The names as they were then: renaming a department later does not rewrite the trail.
        return _("from “%(source)s” to “%(target)s”: %(reason)s") % {
            "source": data.get("from_name") or "–",
            "target": data.get("to_name", ""),
            "reason": data.get("reason", ""),
        }
    if event.kind == CaseEvent.Kind.ROUTED:
        # The rule's reason, in the words stored when the case was routed; older events name the code only.
        if data.get("reason"):
            return data["reason"]
        if data.get("department"):
            return _("to department “%(code)s”") % {"code": data["department"]}
    return ""


def timeline_entries(*, case: Case, events, attachments: list[Attachment]) -> list[TimelineEntry]:
    """Every event of the case, oldest first, as a line of the timeline."""
    by_id = {attachment.pk: attachment for attachment in attachments}
    # The labels once per page (``get_kind_display`` rebuilds its lookup of the choices per event).
    titles = {kind: str(label) for kind, label in CaseEvent.Kind.choices}
    return [
        TimelineEntry(
            at=event.created_at,
            kind=event.kind,
            title=titles.get(event.kind, event.kind),
            actor=_actor(event, case),
            detail=_detail(event, by_id),
        )
        for event in events
    ]
