from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from services.cases.events import case_event_record
from services.cases.models import Case, CaseEvent
from services.cases.permissions import user_may_steer_case
from services.catalog.models import Department
from services.routing.conditions import conditions_describe, conditions_match
from services.routing.models import RoutingRule
from services.workflow.due_dates import case_due_date_start
from services.workflow.transitions import FINAL_STATUSES

REASON_MAX_LENGTH = Case._meta.get_field("routing_reason").max_length


@dataclass(frozen=True)
class RoutingDecision:
    department: Department
    rule: str  # a stable code of the rule that decided: "catalog" or "rule:<id>"
    reason: str  # the explanation shown to clerks


def routing_by_catalog(case: Case) -> RoutingDecision:
    department = case.service.department
    reason = gettext("The service catalog names %(department)s as responsible for %(service)s.") % {
        "department": department.name,
        "service": case.service.name,
    }
    return RoutingDecision(department=department, rule="catalog", reason=reason)


def routing_by_rule(rule: RoutingRule) -> RoutingDecision:
    reason = gettext("Rule %(number)s: %(conditions)s → %(department)s") % {
        "number": rule.position,
        "conditions": conditions_describe(rule.conditions),
        "department": rule.target.name,
    }
    return RoutingDecision(department=rule.target, rule=f"rule:{rule.pk}", reason=reason[:REASON_MAX_LENGTH])


def routing_decide(*, case: Case) -> RoutingDecision:
    """The service's active rules in order, the first whose conditions all match wins; else the catalog.

    A rule whose target department has become inactive since is passed over.
    """
    rules = RoutingRule.objects.filter(service_id=case.service_id, active=True, target__active=True)
    for rule in rules.select_related("target").order_by("position", "id"):
        if conditions_match(conditions=rule.conditions, answers=case.answers):
            return routing_by_rule(rule)
    return routing_by_catalog(case)


def case_route(*, case_id: int) -> Case:
    """Route a submitted case to its department; a routed case stays as it is.

    The reason is stored in the official language, so later edits of the rules never rewrite it.
    """
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).select_related("service__department").get(pk=case_id)
        if case.department_id is not None:
            return case
        with translation.override(settings.LANGUAGE_CODE):
            decision = routing_decide(case=case)
        case.department = decision.department
        case.routing_reason = decision.reason
        case.routed_at = timezone.now()
        case.save(update_fields=["department", "routing_reason", "routed_at"])
        case_due_date_start(case=case)
        case_event_record(
            case=case,
            kind=CaseEvent.Kind.ROUTED,
            data={"department": decision.department.code, "rule": decision.rule, "reason": decision.reason},
        )
    return case


def case_reroute(*, case: Case, department: Department, reason: str, actor: User) -> Case:
    """Send a case to another department, for a reason the timeline keeps.

    Supervisors of the case's department and admins only. The case leaves its assignee
    (the new department decides who works on it) and appears in the new department's inbox
    at once; the old department no longer sees it.
    """
    reason = (reason or "").strip()
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).select_related("department").get(pk=case.pk)
        if not user_may_steer_case(actor, case):
            raise PermissionDenied
        errors = {}
        if not department.active:
            errors["department"] = ValidationError(
                _("This department is inactive and takes no new cases."), code="inactive"
            )
        elif department.pk == case.department_id:
            errors["department"] = ValidationError(_("The case is already in this department."), code="same")
        if not reason:
            errors["reason"] = ValidationError(_("Say why the case goes to another department."), code="required")
        if case.status in FINAL_STATUSES:
            raise ValidationError(_("A decided case cannot be re-routed."), code="decided")
        if errors:
            raise ValidationError(errors)
        previous = case.department
        assignee_cleared = case.assignee_id is not None
        # The case moves first, so that what the event sets off (the agency's figures) sees it moved.
        case.department = department
        case.assignee = None
        case.save(update_fields=["department", "assignee"])
        case_event_record(
            case=case,
            kind=CaseEvent.Kind.REROUTED,
            actor=actor,
            data={
                "from": previous.code if previous else None,
                "from_name": previous.name if previous else "",
                "to": department.code,
                "to_name": department.name,
                "reason": reason,
                "assignee_cleared": assignee_cleared,
            },
        )
    return case
