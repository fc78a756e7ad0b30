"""The case page's action panel (``clerk/_case_actions.html``): only what the person may do now."""

from django import template
from django.utils.datastructures import MultiValueDict

from services.cases.permissions import user_may_steer_case, user_may_work_on_case
from services.workflow.assignment import colleague_list_for_case
from services.workflow.forms import AssignForm, MessageForm, NoteForm, TransitionForm
from services.workflow.services import case_transitions_for_user, transition_may_confirm
from services.workflow.transitions import FINAL_STATUSES
from services.workspace.views.actions import REFUSED_FORM_SESSION_KEY

register = template.Library()


def _refused_form(request, case) -> dict | None:
    refused = request.session.get(REFUSED_FORM_SESSION_KEY)
    if not refused or refused.get("case") != str(case.public_id):
        return None
    del request.session[REFUSED_FORM_SESSION_KEY]
    return refused


def _bind(form_class, refused, key, **kwargs):
    """The form, filled with what was typed and showing its errors, if it is the one that was refused."""
    if refused is None or refused["form"] != key:
        return form_class(**kwargs)
    form = form_class(data=MultiValueDict({k: [v] for k, v in refused["data"].items()}), **kwargs)
    form.is_valid()
    for field, errors in refused["errors"].items():
        for error in errors:
            target = field if field in form.fields else None
            if error not in form.errors.get(target or "__all__", []):
                form.add_error(target, error)
    return form


@register.inclusion_tag("clerk/_case_actions_panel.html", takes_context=True)
def case_actions(context):
    request = context["request"]
    case = context["case"]
    user = request.user
    refused = _refused_form(request, case)
    may_work = user_may_work_on_case(user, case)
    open_case = case.status not in FINAL_STATUSES
    moves = [
        (
            move,
            _bind(
                TransitionForm,
                refused,
                move.name,
                move=move,
                may_confirm=transition_may_confirm(case=case, move=move),
            ),
        )
        for move in case_transitions_for_user(case=case, user=user)
    ]
    steer = user_may_steer_case(user, case) and open_case
    return {
        "case": case,
        "request": request,
        # An inclusion tag's template gets only what is returned here, the forms need the token.
        "csrf_token": context.get("csrf_token"),
        "moves": moves,
        "may_claim": may_work and open_case and case.assignee_id is None,
        "may_release": may_work and open_case and case.assignee_id == user.pk,
        "assign_form": (
            _bind(
                AssignForm,
                refused,
                "assign",
                colleagues=colleague_list_for_case(case=case),
                initial={"assignee": case.assignee_id},
            )
            if steer
            else None
        ),
        "note_form": _bind(NoteForm, refused, "note") if may_work else None,
        "message_form": _bind(MessageForm, refused, "message") if may_work else None,
        "refused": refused["form"] if refused else "",
    }
