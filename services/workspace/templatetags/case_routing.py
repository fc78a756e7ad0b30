"""The case page's routing panel: which rule routed the case and why, and the re-route form.

Re-routes themselves (from, to, reason) are lines of the case's timeline (``services.workspace.timeline``).
"""

from django import template

from services.cases.permissions import user_may_edit_routing, user_may_steer_case
from services.routing.forms import CaseRerouteForm
from services.workflow.transitions import FINAL_STATUSES

register = template.Library()


@register.inclusion_tag("clerk/routing/_panel.html", takes_context=True)
def case_routing(context) -> dict:
    case = context["case"]
    request = context["request"]
    may_reroute = case.status not in FINAL_STATUSES and user_may_steer_case(request.user, case)
    return {
        "case": case,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "may_edit_rules": user_may_edit_routing(request.user, case.service),
        "form": CaseRerouteForm(current=case.department, auto_id="reroute_%s") if may_reroute else None,
    }
