"""Writes of routing rules: create, change, delete, reorder.

Each checks that the actor may keep the service's rules and that the rule is valid
(``services.routing.conditions`` and an active target department), and holds the
service's row lock while it renumbers, so the positions stay 1, 2, 3, … without gaps
and the number a case's routing reason names is the one the list showed then.
"""

from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from services.cases.permissions import user_may_edit_routing
from services.catalog.models import Department, Service
from services.routing.conditions import conditions_check
from services.routing.models import RoutingRule


def routing_rule_validate(*, conditions: Any, target: Department | None) -> None:
    """Raise ValidationError, keyed by form field where there is one, unless the rule is valid."""
    errors: dict[str, list[ValidationError]] = {}
    try:
        conditions_check(conditions)
    except ValidationError as error:
        error.update_error_dict(errors)
    if target is None:
        errors.setdefault("target", []).append(ValidationError(_("Choose the target department."), code="required"))
    elif not target.active:
        errors.setdefault("target", []).append(
            ValidationError(_("This department is inactive and takes no new cases."), code="inactive")
        )
    if errors:
        raise ValidationError(errors)


def _service_lock(*, service: Service, actor: User) -> Service:
    service = Service.objects.select_for_update().get(pk=service.pk)
    if not user_may_edit_routing(actor, service):
        raise PermissionDenied
    return service


def routing_rule_create(
    *, service: Service, conditions: dict[str, Any], target: Department, actor: User, active: bool = True
) -> RoutingRule:
    """Add a rule at the end of the service's list (asked last, before the catalog fallback)."""
    routing_rule_validate(conditions=conditions, target=target)
    with transaction.atomic():
        service = _service_lock(service=service, actor=actor)
        position = RoutingRule.objects.filter(service=service).count() + 1
        return RoutingRule.objects.create(
            service=service,
            position=position,
            conditions=conditions,
            target=target,
            active=active,
            created_by=actor,
            updated_by=actor,
        )


def routing_rule_update(
    *, rule: RoutingRule, conditions: dict[str, Any], target: Department, active: bool, actor: User
) -> RoutingRule:
    routing_rule_validate(conditions=conditions, target=target)
    with transaction.atomic():
        _service_lock(service=rule.service, actor=actor)
        rule = RoutingRule.objects.select_for_update().get(pk=rule.pk)
        rule.conditions = conditions
        rule.target = target
        rule.active = active
        rule.updated_by = actor
        rule.save(update_fields=["conditions", "target", "active", "updated_by", "updated_at"])
    return rule


def routing_rule_delete(*, rule: RoutingRule, actor: User) -> None:
    """Remove the rule; the rules after it move up one place. Cases it routed keep their reason."""
    with transaction.atomic():
        service = _service_lock(service=rule.service, actor=actor)
        rule = RoutingRule.objects.filter(pk=rule.pk, service=service).first()
        if rule is None:
            return
        rule.delete()
        RoutingRule.objects.filter(service=service, position__gt=rule.position).update(position=F("position") - 1)


def routing_rule_move(*, rule: RoutingRule, direction: Literal["up", "down"], actor: User) -> None:
    """Swap the rule with its neighbour; at the top (or bottom) nothing changes."""
    if direction not in ("up", "down"):
        raise ValueError(direction)
    with transaction.atomic():
        service = _service_lock(service=rule.service, actor=actor)
        rule = RoutingRule.objects.filter(pk=rule.pk, service=service).first()
        if rule is None:  # deleted meanwhile
            return
        neighbour_position = rule.position - 1 if direction == "up" else rule.position + 1
        neighbour = RoutingRule.objects.filter(service=service, position=neighbour_position).first()
        if neighbour is None:
            return
        neighbour.position, rule.position = rule.position, neighbour.position
        neighbour.updated_by = rule.updated_by = actor
        for moved in (rule, neighbour):
            moved.save(update_fields=["position", "updated_by", "updated_at"])


def routing_rules_seed(*, service: Service, rules: list[tuple[dict[str, Any], Department]]) -> None:
    """Give a service its first rules (demo data); a service that has rules keeps them as staff left them."""
    with transaction.atomic():
        service = Service.objects.select_for_update().get(pk=service.pk)
        if RoutingRule.objects.filter(service=service).exists():
            return
        for position, (conditions, target) in enumerate(rules, start=1):
            routing_rule_validate(conditions=conditions, target=target)
            RoutingRule.objects.create(service=service, position=position, conditions=conditions, target=target)
