from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from services.cases.models import Case, CaseEvent
from services.cases.services import case_event_record
from services.catalog.models import Department
from services.workflow.due_dates import case_due_date_start


@dataclass(frozen=True)
class RoutingDecision:
    department: Department
    rule: str  # a stable code of the rule that decided
    reason: str  # the explanation shown to clerks


def routing_by_catalog(case: Case) -> RoutingDecision:
    department = case.service.department
    reason = gettext("The service catalog names %(department)s as responsible for %(service)s.") % {
        "department": department.name,
        "service": case.service.name,
    }
    return RoutingDecision(department=department, rule="catalog", reason=reason)


# Rules are asked in order; the first that returns a decision wins. Rule-based
# routing (by activity, district, …) adds functions in front of the catalog rule,
# which always decides.
ROUTING_RULES: list[Callable[[Case], RoutingDecision | None]] = [routing_by_catalog]


def routing_decide(*, case: Case) -> RoutingDecision:
    for rule in ROUTING_RULES:
        decision = rule(case)
        if decision is not None:
            return decision
    raise LookupError("no routing rule decided")  # unreachable while the catalog rule is last


def case_route(*, case_id: int) -> Case:
    """Route a submitted case to its department; a routed case stays as it is."""
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
            data={"department": decision.department.code, "rule": decision.rule},
        )
    return case
