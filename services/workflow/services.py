from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.accounts.models import User
from services.cases.models import Case, CaseEvent
from services.cases.services import case_event_record
from services.workflow.transitions import TRANSITIONS


def case_transition(*, case: Case, transition: str, actor: User | None) -> Case:
    """Move a case along the declared workflow and record the move in the audit trail."""
    try:
        move = TRANSITIONS[transition]
    except KeyError as exc:
        raise ValidationError(_("Unknown action."), code="unknown_transition") from exc
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        if case.status not in move.sources:
            raise ValidationError(
                _("This action is not possible while the case is “%(status)s”."),
                code="transition_not_allowed",
                params={"status": case.get_status_display()},
            )
        source = case.status
        case.status = move.target
        case.save(update_fields=["status"])
        case_event_record(
            case=case,
            kind=CaseEvent.Kind.TRANSITION,
            actor=actor,
            data={"transition": move.name, "from": source, "to": move.target},
        )
    return case


def case_transitions_available(*, case: Case) -> list[str]:
    """The moves the declared workflow allows from the case's current status."""
    return [name for name, move in TRANSITIONS.items() if case.status in move.sources]
