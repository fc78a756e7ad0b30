"""Who works on a case: a clerk claims or releases it, a supervisor assigns it to a colleague.

Each change is an ``ASSIGNED`` event with the previous and the new assignee (user ids).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from services.cases.events import case_event_record
from services.cases.models import Case, CaseEvent
from services.cases.permissions import (
    user_is_staff_member,
    user_may_see_case,
    user_may_steer_case,
    user_may_work_on_case,
)
from services.workflow.transitions import FINAL_STATUSES, STAFF_ROLES


def case_claim(*, case: Case, actor: User) -> Case:
    """The actor takes the case. A case someone else works on is assigned by a supervisor instead."""

    def change(case: Case) -> User:
        if not user_may_work_on_case(actor, case):
            raise PermissionDenied
        if case.assignee_id not in (None, actor.pk):
            raise ValidationError(
                _("A colleague already works on this case. A supervisor can assign it to you."), code="taken"
            )
        return actor

    return _assignee_change(case=case, actor=actor, change=change, action="claim")


def case_release(*, case: Case, actor: User) -> Case:
    """The actor gives back a case they work on; it returns to the department's unassigned cases."""

    def change(case: Case) -> None:
        if not user_may_work_on_case(actor, case):
            raise PermissionDenied
        if case.assignee_id != actor.pk:
            raise ValidationError(_("You can only release a case you work on."), code="not_yours")
        return None

    return _assignee_change(case=case, actor=actor, change=change, action="release")


def case_assign(*, case: Case, actor: User, assignee: User | None) -> Case:
    """A supervisor gives the case to a colleague of its department (or to nobody)."""

    def change(case: Case) -> User | None:
        if not user_may_steer_case(actor, case):
            raise PermissionDenied
        if assignee is not None and not (user_is_staff_member(assignee) and user_may_see_case(assignee, case)):
            raise ValidationError(
                {"assignee": ValidationError(_("Choose a colleague of the case's department."), code="colleague")}
            )
        return assignee

    return _assignee_change(case=case, actor=actor, change=change, action="assign")


def colleague_list_for_case(*, case: Case) -> QuerySet[User]:
    """The staff of the case's department a supervisor may assign it to."""
    if case.department_id is None:
        return User.objects.none()
    return User.objects.filter(departments=case.department_id, role__in=STAFF_ROLES, is_active=True).order_by(
        "full_name", "email"
    )


def _assignee_change(*, case: Case, actor: User, change, action: str) -> Case:
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        new = change(case)
        if case.status in FINAL_STATUSES:
            raise ValidationError(_("A decided case is no longer assigned."), code="decided")
        new_id = new.pk if new is not None else None
        if case.assignee_id == new_id:
            return case
        previous_id = case.assignee_id
        case.assignee = new
        case.save(update_fields=["assignee"])
        case_event_record(
            case=case,
            kind=CaseEvent.Kind.ASSIGNED,
            actor=actor,
            data={"action": action, "from": previous_id, "to": new_id},
        )
    return case
