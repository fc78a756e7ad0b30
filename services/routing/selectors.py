from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from portal.accounts.models import User
from services.cases.models import Case
from services.cases.permissions import case_visibility_for_staff, service_visibility_for_routing
from services.catalog.models import Department, Service
from services.routing.conditions import conditions_match
from services.routing.models import RoutingRule

# "Test this rule" looks at this many of the service's latest cases.
RULE_TEST_CASES = 100


def service_list_for_routing(*, user: User) -> QuerySet[Service]:
    """The services whose routing rules the user keeps, with their number of rules."""
    return (
        Service.objects.filter(service_visibility_for_routing(user))
        .select_related("department")
        .annotate(rule_count=Count("routing_rules"))
        .order_by("position", "name")
    )


def service_get_for_routing(*, user: User, slug: str) -> Service:
    try:
        return service_list_for_routing(user=user).get(slug=slug)
    except Service.DoesNotExist as exc:
        raise Http404 from exc


def routing_rule_list(*, service: Service) -> QuerySet[RoutingRule]:
    return RoutingRule.objects.filter(service=service).select_related("target").order_by("position", "id")


def routing_rule_get_for_user(*, user: User, pk: int) -> RoutingRule:
    """A rule of a service the user keeps; any other is reported as not found."""
    services = Service.objects.filter(service_visibility_for_routing(user))
    try:
        return RoutingRule.objects.select_related("service__department", "target").get(pk=pk, service__in=services)
    except RoutingRule.DoesNotExist as exc:
        raise Http404 from exc


def department_list_for_routing() -> QuerySet[Department]:
    """The departments a rule or a re-route may send cases to."""
    return Department.objects.filter(active=True).order_by("name")


def routing_rule_test(*, user: User, service: Service, conditions: dict[str, Any]) -> tuple[list[Case], int]:
    """Which of the service's latest cases the user may see the conditions would match.

    Returns the matching cases (reference, received, current department only) and how many were looked at.
    """
    cases = list(
        Case.objects.filter(case_visibility_for_staff(user), service=service)
        .select_related("department")
        .only("public_id", "reference", "submitted_at", "answers", "department__name")
        .order_by("-submitted_at", "-id")[:RULE_TEST_CASES]
    )
    return [case for case in cases if conditions_match(conditions=conditions, answers=case.answers)], len(cases)
