"""The founder's side of the dialogue: answer an information request, write, withdraw.

Each form is shown on the application's page (``views.case_detail``); a refused form is shown
there again with the text typed and the error next to the field.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.access import founder_area
from services.cases.models import Case
from services.cases.selectors import case_get_for_applicant
from services.workflow.dialogue import case_message_reply
from services.workflow.forms import FounderMessageForm, InformationAnswerForm, WithdrawForm
from services.workflow.selectors import (
    case_attachments_total,
    case_decision_documents,
    case_public_timeline,
    case_thread,
)
from services.workflow.services import case_transition, case_transitions_for_user
from services.workflow.transitions import FINAL_STATUSES


def case_detail_context(request, case: Case, **forms) -> dict:
    """What the founder's page of an application shows; ``forms`` replace the empty forms."""
    moves = {move.name for move in case_transitions_for_user(case=case, user=request.user)}
    answer_form = forms.get("answer_form")
    if answer_form is None and "provide_information" in moves:
        answer_form = InformationAnswerForm()
    message_form = forms.get("message_form")
    if message_form is None and case.status not in FINAL_STATUSES and "provide_information" not in moves:
        message_form = FounderMessageForm()
    return {
        "case": case,
        "attachments": case.attachments.exclude(document_code="decision"),
        "decision_documents": case_decision_documents(case=case),
        "timeline": case_public_timeline(case=case),
        "thread": case_thread(case=case),
        "answer_form": answer_form,
        "message_form": message_form,
        "may_withdraw": "withdraw" in moves,
    }


def _render_detail(request, case: Case, **forms):
    return render(request, "cases/detail.html", case_detail_context(request, case, **forms))


@founder_area
@require_POST
def answer(request, public_id):
    case = case_get_for_applicant(applicant=request.user, public_id=public_id)
    form = InformationAnswerForm(request.POST, request.FILES, stored_total=case_attachments_total(case=case))
    if form.is_valid():
        try:
            case_transition(
                case=case,
                transition="provide_information",
                actor=request.user,
                text=form.cleaned_data["text"],
                documents=form.cleaned_data["documents"],
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            if exc.code == "transition_not_allowed":
                messages.error(request, " ".join(exc.messages))
                return redirect("cases:detail", case.public_id)
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you. Your answer has been sent to the department."))
            return redirect("cases:detail", case.public_id)
    return _render_detail(request, case, answer_form=form)


@founder_area
@require_POST
def message(request, public_id):
    case = case_get_for_applicant(applicant=request.user, public_id=public_id)
    form = FounderMessageForm(request.POST)
    if form.is_valid():
        try:
            case_message_reply(case=case, author=request.user, text=form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your message has been sent to the department."))
            return redirect("cases:detail", case.public_id)
    return _render_detail(request, case, message_form=form)


@founder_area
@require_http_methods(["GET", "HEAD", "POST"])
def withdraw(request, public_id):
    """Withdrawing asks for a confirmation on a page of its own."""
    case = case_get_for_applicant(applicant=request.user, public_id=public_id)
    if "withdraw" not in {move.name for move in case_transitions_for_user(case=case, user=request.user)}:
        messages.error(request, _("This application can no longer be withdrawn."))
        return redirect("cases:detail", case.public_id)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            case_transition(case=case, transition="withdraw", actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("You have withdrawn your application."))
        return redirect("cases:detail", case.public_id)
    return render(request, "cases/withdraw.html", {"case": case, "form": form})
