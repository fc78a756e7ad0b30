"""Routing rules per service (supervisors and admins) and re-routing a case."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from services.cases.permissions import user_may_see_case, user_may_steer_case
from services.cases.selectors import case_get_for_staff
from services.catalog.models import Service
from services.routing.conditions import conditions_describe
from services.routing.forms import CaseRerouteForm, RoutingRuleForm
from services.routing.models import RoutingRule
from services.routing.rules import routing_rule_create, routing_rule_delete, routing_rule_move, routing_rule_update
from services.routing.selectors import (
    RULE_TEST_CASES,
    routing_rule_get_for_user,
    routing_rule_list,
    routing_rule_test,
    service_get_for_routing,
    service_list_for_routing,
)
from services.routing.services import case_reroute
from services.workspace.access import supervisor_area


def _rules_url(service: Service) -> str:
    return reverse("workspace:routing_rules", kwargs={"service": service.slug})


@supervisor_area
@require_safe
def routing_services(request: HttpRequest) -> HttpResponse:
    return render(request, "clerk/routing/services.html", {"services": service_list_for_routing(user=request.user)})


@supervisor_area
@require_safe
def routing_rules(request: HttpRequest, service: str) -> HttpResponse:
    service_obj = service_get_for_routing(user=request.user, slug=service)
    rules = [(rule, conditions_describe(rule.conditions)) for rule in routing_rule_list(service=service_obj)]
    return render(request, "clerk/routing/rules.html", {"service": service_obj, "rules": rules})


def _rule_form_page(request: HttpRequest, service: Service, rule: RoutingRule | None) -> HttpResponse:
    """Create or edit: "Save" stores the rule, "Test this rule" shows its matches without storing it."""
    testing = request.POST.get("action") == "test"
    form = RoutingRuleForm(request.POST or None, rule=rule, testing=testing)
    context = {"service": service, "rule": rule, "form": form, "test_limit": RULE_TEST_CASES}
    if request.method == "POST" and form.is_valid():
        if testing:
            context["matches"], context["looked_at"] = routing_rule_test(
                user=request.user, service=service, conditions=form.conditions
            )
            context["tested"] = conditions_describe(form.conditions)
        else:
            fields = {"conditions": form.conditions, "target": form.cleaned_data["target"], "actor": request.user}
            try:
                if rule is None:
                    routing_rule_create(service=service, active=form.cleaned_data["active"], **fields)
                    messages.success(request, _("The rule has been added at the end of the list."))
                else:
                    routing_rule_update(rule=rule, active=form.cleaned_data["active"], **fields)
                    messages.success(request, _("The rule has been saved."))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect(_rules_url(service))
    return render(request, "clerk/routing/rule_form.html", context)


@supervisor_area
@require_http_methods(["GET", "HEAD", "POST"])
def routing_rule_create_view(request: HttpRequest, service: str) -> HttpResponse:
    return _rule_form_page(request, service_get_for_routing(user=request.user, slug=service), None)


@supervisor_area
@require_http_methods(["GET", "HEAD", "POST"])
def routing_rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rule = routing_rule_get_for_user(user=request.user, pk=pk)
    return _rule_form_page(request, rule.service, rule)


@supervisor_area
@require_http_methods(["GET", "HEAD", "POST"])
def routing_rule_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    rule = routing_rule_get_for_user(user=request.user, pk=pk)
    if request.method == "POST":
        routing_rule_delete(rule=rule, actor=request.user)
        messages.success(request, _("The rule has been deleted."))
        return redirect(_rules_url(rule.service))
    context = {"rule": rule, "service": rule.service, "description": conditions_describe(rule.conditions)}
    return render(request, "clerk/routing/rule_delete.html", context)


@supervisor_area
@require_POST
def routing_rule_move_view(request: HttpRequest, pk: int) -> HttpResponse:
    rule = routing_rule_get_for_user(user=request.user, pk=pk)
    direction = request.POST.get("direction")
    if direction in ("up", "down"):
        routing_rule_move(rule=rule, direction=direction, actor=request.user)
    return redirect(_rules_url(rule.service))


@supervisor_area
@require_safe
def routing_rule_test_view(request: HttpRequest, pk: int) -> HttpResponse:
    rule = routing_rule_get_for_user(user=request.user, pk=pk)
    matches, looked_at = routing_rule_test(user=request.user, service=rule.service, conditions=rule.conditions)
    context = {
        "rule": rule,
        "service": rule.service,
        "tested": conditions_describe(rule.conditions),
        "matches": matches,
        "looked_at": looked_at,
        "test_limit": RULE_TEST_CASES,
    }
    return render(request, "clerk/routing/rule_test.html", context)


@supervisor_area
@require_http_methods(["GET", "HEAD", "POST"])
def case_reroute_view(request: HttpRequest, public_id) -> HttpResponse:
    """The re-route form on a page of its own: the case page's panel posts here, errors are shown here."""
    case = case_get_for_staff(user=request.user, public_id=public_id)
    if not user_may_steer_case(request.user, case):
        raise Http404
    form = CaseRerouteForm(request.POST or None, current=case.department)
    if request.method == "POST" and form.is_valid():
        try:
            case = case_reroute(
                case=case,
                department=form.cleaned_data["department"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(reference)s has been re-routed to %(department)s.")
                % {"reference": case.reference, "department": case.department.name},
            )
            if user_may_see_case(request.user, case):
                return redirect("workspace:case", public_id=case.public_id)
            return redirect("workspace:inbox")
    return render(request, "clerk/routing/reroute.html", {"case": case, "form": form})
