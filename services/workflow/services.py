from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from services.cases.events import case_event_record
from services.cases.models import Attachment, Case, CaseEvent, CaseMessage
from services.cases.permissions import user_is_staff_member, user_may_transition
from services.cases.services import attachment_create
from services.cases.text import text_neutralise
from services.workflow.documents import (
    ANSWER_DOCUMENT_CODE,
    DECISION_DOCUMENT_CODE,
    confirmation_render,
    confirmation_template_for,
)
from services.workflow.due_dates import case_clock_pause, case_clock_resume
from services.workflow.notices import case_notice_transition
from services.workflow.transitions import FINAL_STATUSES, PAUSED_STATUSES, TRANSITIONS, CaseStatus, Transition

TEXT_MAX_LENGTH = 5000


def case_text_clean(*, text: str, required: bool) -> str:
    """A text for the case's thread or notes: without invisible characters, trimmed, within
    TEXT_MAX_LENGTH; ``ValidationError`` keyed ``text`` otherwise."""
    text = text_neutralise(text or "").strip()
    if required and not text:
        raise ValidationError({"text": ValidationError(_("Please write a text."), code="required")})
    if len(text) > TEXT_MAX_LENGTH:
        raise ValidationError(
            {
                "text": ValidationError(
                    _("The text may have at most %(limit)s characters."),
                    code="max_length",
                    params={"limit": TEXT_MAX_LENGTH},
                )
            }
        )
    return text


def transition_get(name: str) -> Transition:
    try:
        return TRANSITIONS[name]
    except KeyError as exc:
        raise ValidationError(_("Unknown action."), code="unknown_transition") from exc


def transition_may_confirm(*, case: Case, move: Transition) -> bool:
    """Whether the move may carry a generated confirmation: approvals of services that declare one."""
    return move.decision and move.target == CaseStatus.APPROVED and bool(confirmation_template_for(case=case))


def case_transition(
    *,
    case: Case,
    transition: str,
    actor: User,
    text: str = "",
    decision_document: File | None = None,
    generate_confirmation: bool = False,
    documents: Sequence[File] = (),
) -> Case:
    """Move a case along the declared workflow, for a person whose role and department allow the move.

    - ``text`` goes to the founder (from staff) or to the department (from the founder) as a message
      of the case's thread; moves that declare ``needs_text`` refuse to go without it.
    - A decision may carry ``decision_document`` (an upload, checked like the wizard's) or, for an
      approval of a service that declares one, a ``generate_confirmation`` PDF.
    - ``documents``: files the founder sends with an answer to an information request.
    - Asking for information stops the processing clock; the answer restarts it and moves the due date.

    The event (actor, time, from, to and the message with the comment), the message, the files
    and the founder's notice are written in one transaction. Raises ``PermissionDenied`` for a
    person who may not make the move, ``ValidationError`` for a move the status does not allow
    or input that is missing (keyed by the field: ``text``, ``decision_document``).
    """
    move = transition_get(transition)
    text = case_text_clean(text=text, required=move.needs_text)
    if (decision_document is not None or generate_confirmation) and not move.decision:
        raise ValidationError(
            {"decision_document": ValidationError(_("Only a decision carries a decision document."), code="decision")}
        )
    if decision_document is not None and generate_confirmation:
        raise ValidationError(
            {
                "decision_document": ValidationError(
                    _("Either upload a decision document or generate the confirmation, not both."), code="both"
                )
            }
        )
    if documents and move.name != "provide_information":
        raise ValueError("Only an answer to an information request carries the founder's documents.")
    if actor is None or not user_may_transition(actor, case, move):
        raise PermissionDenied
    if generate_confirmation and not transition_may_confirm(case=case, move=move):
        raise ValidationError(
            {
                "decision_document": ValidationError(
                    _("This service has no confirmation to generate."), code="no_confirmation"
                )
            }
        )
    now = timezone.now()
    # Rendering takes a while: done before the row lock, so colleagues' actions on the case never wait for it.
    if generate_confirmation:
        decision_document = confirmation_render(case=case, issued_at=now)
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            case = (
                Case.objects.select_for_update(of=("self",))
                .select_related("service", "department", "applicant")
                .get(pk=case.pk)
            )
            _check(case=case, move=move, actor=actor)
            source = case.status
            message = None
            if text:
                message = CaseMessage.objects.create(
                    case=case,
                    author=actor,
                    direction=(
                        CaseMessage.Direction.TO_FOUNDER
                        if user_is_staff_member(actor)
                        else CaseMessage.Direction.FROM_FOUNDER
                    ),
                    text=text,
                    transition=move.name,
                )
            for document in documents:
                stored.append(
                    attachment_create(
                        owner=case.applicant,
                        document_code=ANSWER_DOCUMENT_CODE,
                        document_label=gettext("Document sent with the answer"),
                        uploaded_file=document,
                        case=case,
                        message=message,
                    )
                )
            if decision_document is not None:
                stored.append(
                    attachment_create(
                        # The founder owns the decision (they download it like their own files);
                        # uploaded_by keeps who issued it.
                        owner=case.applicant,
                        uploaded_by=actor,
                        document_code=DECISION_DOCUMENT_CODE,
                        document_label=(
                            gettext("Confirmation") if generate_confirmation else gettext("Decision document")
                        ),
                        uploaded_file=decision_document,
                        case=case,
                        message=message,
                    )
                )
            case.status = move.target
            update_fields = ["status", "clock_paused_at", "due_date"]
            if move.target in PAUSED_STATUSES:
                case_clock_pause(case=case, now=now)
            elif move.target in FINAL_STATUSES:
                case.clock_paused_at = None
            elif source in PAUSED_STATUSES:
                case_clock_resume(case=case, now=now, actor=actor)
            if move.decision:
                case.decided_at = now
                update_fields.append("decided_at")
            case.save(update_fields=update_fields)
            event = case_event_record(
                case=case,
                kind=CaseEvent.Kind.TRANSITION,
                actor=actor,
                data={
                    "transition": move.name,
                    "from": source,
                    "to": move.target,
                    # The comment lives in the message (the audit data keeps ids, not texts).
                    "message": message.pk if message else None,
                    "documents": [a.pk for a in stored],
                },
            )
            for attachment in stored:
                if attachment.document_code == DECISION_DOCUMENT_CODE:
                    case_event_record(
                        case=case,
                        kind=CaseEvent.Kind.DECISION_DOCUMENT,
                        actor=actor,
                        data={"attachment": attachment.pk, "generated": generate_confirmation},
                    )
            case_notice_transition(case=case, move=move, text=text, event=event)
    except BaseException:
        # The rows are gone with the rollback; their files must not stay behind.
        for attachment in stored:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return case


def _check(*, case: Case, move: Transition, actor: User) -> None:
    if actor is None or not user_may_transition(actor, case, move):
        raise PermissionDenied
    if case.status not in move.sources:
        raise ValidationError(
            _("This action is not possible while the case is “%(status)s”."),
            code="transition_not_allowed",
            params={"status": case.get_status_display()},
        )


def case_transitions_available(*, case: Case) -> list[str]:
    """The moves the declared workflow allows from the case's current status."""
    return [name for name, move in TRANSITIONS.items() if case.status in move.sources]


def case_transitions_for_user(*, case: Case, user: User) -> list[Transition]:
    """The moves this person may make on the case now (status and role)."""
    return [
        TRANSITIONS[name]
        for name in case_transitions_available(case=case)
        if user_may_transition(user, case, TRANSITIONS[name])
    ]
