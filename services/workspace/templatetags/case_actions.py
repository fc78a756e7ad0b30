"""The case page's action panel (``clerk/_case_actions.html``): only what the person may do now."""

from django import forms, template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils.datastructures import MultiValueDict
from django.utils.safestring import SafeString
from django.utils.translation import get_language

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


# The HTML of an empty form's fields, per language, form and prefix: the same for every case. Rendering
# the panel's half a dozen forms widget by widget took about a tenth of the case page's time. A
# refused form (filled in, with its errors) is rendered afresh. Kept in the process: a new release
# starts new processes, so the HTML never outlives the code that made it.
_EMPTY_FORM_HTML: dict[tuple, SafeString] = {}


@receiver(setting_changed)
def _empty_forms_forget(**kwargs) -> None:
    # The forms' hints quote settings (the upload limit): a test that changes one gets them afresh.
    _EMPTY_FORM_HTML.clear()


def _fields_html(form: forms.Form) -> SafeString:
    key = None if form.is_bound else (get_language(), type(form).__qualname__, form.prefix, tuple(form.fields))
    html = _EMPTY_FORM_HTML.get(key) if key is not None else None
    if html is None:
        html = render_to_string("clerk/_case_action_fields.html", {"form": form})
        if key is not None:
            _EMPTY_FORM_HTML[key] = html
    return html


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
            _fields_html(
                _bind(
                    TransitionForm,
                    refused,
                    move.name,
                    move=move,
                    may_confirm=transition_may_confirm(case=case, move=move),
                )
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
        "note_form": _fields_html(_bind(NoteForm, refused, "note")) if may_work else None,
        "message_form": _fields_html(_bind(MessageForm, refused, "message")) if may_work else None,
        "refused": refused["form"] if refused else "",
    }
