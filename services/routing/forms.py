from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from services.catalog.models import Department
from services.routing.condition_kind import ConditionKind
from services.routing.conditions import CONDITION_KINDS, conditions_check
from services.routing.models import RoutingRule
from services.routing.rules import routing_rule_validate


class RoutingRuleForm(forms.Form):
    """A rule's conditions (one group of fields per kind, from the condition table), target and state."""

    target = forms.ModelChoiceField(
        label=_("Target department"),
        queryset=Department.objects.none(),
        empty_label=_("Choose a department"),
        help_text=_("Cases that meet every condition go to this department."),
    )
    active = forms.BooleanField(
        label=_("The rule is active"),
        required=False,
        initial=True,
        help_text=_("An inactive rule stays in the list but routes no case."),
    )

    def __init__(self, *args, rule: RoutingRule | None = None, testing: bool = False, **kwargs):
        if rule is not None:
            kwargs.setdefault("initial", {})
            kwargs["initial"] = {**self.rule_initial(rule), **kwargs["initial"]}
        super().__init__(*args, **kwargs)
        # A rule whose department has been closed since still shows it, and the check names the problem.
        current = Q(pk=rule.target_id) if rule is not None else Q(pk__in=[])
        self.fields["target"].queryset = Department.objects.filter(Q(active=True) | current).order_by("name")
        # "Test this rule" needs only the conditions: it stores nothing.
        self.testing = testing
        self.fields["target"].required = not testing
        self.condition_groups: list[tuple[ConditionKind, list[str]]] = []
        for kind in CONDITION_KINDS.values():
            fields = kind.fields()
            self.fields.update(fields)
            self.condition_groups.append((kind, list(fields)))
        self.conditions: dict[str, Any] = {}

    @staticmethod
    def rule_initial(rule: RoutingRule) -> dict[str, Any]:
        initial: dict[str, Any] = {"target": rule.target_id, "active": rule.active}
        for code, value in rule.conditions.items():
            if code in CONDITION_KINDS:
                initial.update(CONDITION_KINDS[code].initial(value))
        return initial

    @property
    def groups(self):
        """(kind, bound fields) for the template, in the order of the condition table."""
        return [(kind, [self[name] for name in names]) for kind, names in self.condition_groups]

    def clean(self):
        cleaned = super().clean()
        conditions = {}
        failed = False
        for kind in CONDITION_KINDS.values():
            try:
                value = kind.read(cleaned)
            except ValidationError as error:
                self.add_error(None, error)
                failed = True
                continue
            if value is not None:
                conditions[kind.code] = value
        if failed or "target" in self.errors:
            return cleaned
        try:
            if self.testing:
                conditions_check(conditions)
            else:
                routing_rule_validate(conditions=conditions, target=cleaned.get("target"))
        except ValidationError as error:
            self.add_error(None, error)
        self.conditions = conditions
        return cleaned


class CaseRerouteForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("New department"), queryset=Department.objects.none(), empty_label=_("Choose a department")
    )
    reason = forms.CharField(
        label=_("Reason for re-routing"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the case's timeline. Staff only; the applicant does not see it."),
    )

    def __init__(self, *args, current: Department | None, **kwargs):
        super().__init__(*args, **kwargs)
        departments = Department.objects.filter(active=True).order_by("name")
        if current is not None:
            departments = departments.exclude(pk=current.pk)
        self.fields["department"].queryset = departments
