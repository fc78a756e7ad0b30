"""What staff do on the case page: workflow moves, claim/release/assign, notes, messages.

Each action POSTs to its own URL and redirects back to ``workspace:case``. A refused input is
kept in the session for one page view, so the case page shows the form again with the text
typed and the error next to the field (``templatetags/case_actions.py`` picks it up).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from services.cases.models import Case
from services.cases.selectors import case_get_for_staff
from services.workflow import assignment, dialogue
from services.workflow.forms import AssignForm, MessageForm, NoteForm, TransitionForm
from services.workflow.services import case_transition, transition_get, transition_may_confirm
from services.workspace.access import staff_area, supervisor_area

# The session key of a refused form, read once by the case page.
REFUSED_FORM_SESSION_KEY = "workflow_refused_form"


def _case(request, public_id) -> Case:
    # The same lookup as the case page: another department's case does not exist for this person.
    return case_get_for_staff(user=request.user, public_id=public_id)


def _back(case: Case, anchor: str = "") -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("workspace:case", args=[case.public_id]) + (f"#{anchor}" if anchor else ""))


def _refused(request, case: Case, *, form_key: str, form, error: ValidationError | None = None):
    """Keep the typed text and the errors for the next view of the case page, then go back there."""
    errors = {field: [str(m) for m in messages_] for field, messages_ in form.errors.items()}
    if error is not None:
        if hasattr(error, "error_dict"):
            for field, field_errors in error.message_dict.items():
                errors.setdefault(field if field in form.fields else "__all__", []).extend(field_errors)
        else:
            errors.setdefault("__all__", []).extend(error.messages)
    data = {key: value for key, value in request.POST.items() if key != "csrfmiddlewaretoken"}
    request.session[REFUSED_FORM_SESSION_KEY] = {
        "case": str(case.public_id),
        "form": form_key,
        "data": data,
        "errors": errors,
    }
    return _back(case, f"action-{form_key}")


@staff_area
@require_POST
def transition(request, public_id, name: str):
    case = _case(request, public_id)
    try:
        move = transition_get(name)
    except ValidationError as exc:
        raise Http404 from exc
    form = TransitionForm(
        request.POST, request.FILES, move=move, may_confirm=transition_may_confirm(case=case, move=move)
    )
    if not form.is_valid():
        return _refused(request, case, form_key=move.name, form=form)
    try:
        case_transition(
            case=case,
            transition=move.name,
            actor=request.user,
            text=form.cleaned_data["text"],
            decision_document=form.cleaned_data.get("decision_document"),
            generate_confirmation=form.cleaned_data.get("generate_confirmation", False),
        )
    except ValidationError as exc:
        if exc.code == "transition_not_allowed":
            # Someone else moved the case meanwhile: the page shows its current state.
            messages.error(request, " ".join(exc.messages))
            return _back(case)
        return _refused(request, case, form_key=move.name, form=form, error=exc)
    messages.success(request, _("Done: %(action)s.") % {"action": move.label})
    return _back(case)


def _simple_action(request, case: Case, action, success: str) -> HttpResponseRedirect:
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return _back(case)


@staff_area
@require_POST
def claim(request, public_id):
    case = _case(request, public_id)
    return _simple_action(
        request,
        case,
        lambda: assignment.case_claim(case=case, actor=request.user),
        _("You now work on this case."),
    )


@staff_area
@require_POST
def release(request, public_id):
    case = _case(request, public_id)
    return _simple_action(
        request,
        case,
        lambda: assignment.case_release(case=case, actor=request.user),
        _("You have released the case."),
    )


@supervisor_area
@require_POST
def assign(request, public_id):
    case = _case(request, public_id)
    form = AssignForm(request.POST, colleagues=assignment.colleague_list_for_case(case=case))
    if not form.is_valid():
        return _refused(request, case, form_key="assign", form=form)
    try:
        assignment.case_assign(case=case, actor=request.user, assignee=form.cleaned_data["assignee"])
    except ValidationError as exc:
        return _refused(request, case, form_key="assign", form=form, error=exc)
    messages.success(request, _("The assignment has been changed."))
    return _back(case)


@staff_area
@require_POST
def note(request, public_id):
    case = _case(request, public_id)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _refused(request, case, form_key="note", form=form)
    try:
        dialogue.case_note_add(case=case, author=request.user, text=form.cleaned_data["text"])
    except ValidationError as exc:
        return _refused(request, case, form_key="note", form=form, error=exc)
    messages.success(request, _("The note has been added."))
    return _back(case, "notes-heading")


@staff_area
@require_POST
def message(request, public_id):
    case = _case(request, public_id)
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _refused(request, case, form_key="message", form=form)
    try:
        dialogue.case_message_send(case=case, author=request.user, text=form.cleaned_data["text"])
    except ValidationError as exc:
        return _refused(request, case, form_key="message", form=form, error=exc)
    messages.success(request, _("The message has been sent to the applicant."))
    return _back(case, "thread-heading")
