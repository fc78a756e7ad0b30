"""The department's internal notes and the message thread with the founder, outside workflow moves."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from services.cases.events import case_event_record
from services.cases.models import Case, CaseEvent, CaseMessage, CaseNote
from services.cases.permissions import user_may_work_on_case
from services.workflow.notices import case_notice_message
from services.workflow.services import case_text_clean
from services.workflow.transitions import FINAL_STATUSES


def case_note_add(*, case: Case, author: User, text: str) -> CaseNote:
    """An internal note of the department; the founder never sees it."""
    text = case_text_clean(text=text, required=True)
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        if not user_may_work_on_case(author, case):
            raise PermissionDenied
        note = CaseNote.objects.create(case=case, author=author, text=text)
        case_event_record(case=case, kind=CaseEvent.Kind.NOTE_ADDED, actor=author, data={"note": note.pk})
    return note


def case_message_send(*, case: Case, author: User, text: str) -> CaseMessage:
    """A message from the department to the founder; the founder is told by mail."""
    text = case_text_clean(text=text, required=True)
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).select_related("service", "applicant").get(pk=case.pk)
        if not user_may_work_on_case(author, case):
            raise PermissionDenied
        message = CaseMessage.objects.create(
            case=case, author=author, direction=CaseMessage.Direction.TO_FOUNDER, text=text
        )
        event = case_event_record(
            case=case,
            kind=CaseEvent.Kind.MESSAGE_SENT,
            actor=author,
            data={"message": message.pk, "direction": message.direction},
        )
        case_notice_message(case=case, event=event)
    return message


def case_message_reply(*, case: Case, author: User, text: str) -> CaseMessage:
    """A message from the founder to the department, while the case is open."""
    text = case_text_clean(text=text, required=True)
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        if case.applicant_id != author.pk:
            raise PermissionDenied
        if case.status in FINAL_STATUSES:
            raise ValidationError(
                {
                    "text": ValidationError(
                        _("This application is closed; messages are no longer possible."), code="closed"
                    )
                }
            )
        message = CaseMessage.objects.create(
            case=case, author=author, direction=CaseMessage.Direction.FROM_FOUNDER, text=text
        )
        case_event_record(
            case=case,
            kind=CaseEvent.Kind.MESSAGE_SENT,
            actor=author,
            data={"message": message.pk, "direction": message.direction},
        )
    return message
