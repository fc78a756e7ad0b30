"""Forms for the workflow's actions: staff on the case page, founders on their application's page.

Uploads reuse the wizard's checks (``forms.steps.documents.DocumentField``: PDF, JPEG or PNG by
content, within the size limit), and the founder's answers keep to the limit per case.
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from forms.steps.documents import DocumentField, megabytes
from portal.accounts.models import User
from services.workflow.documents import ANSWER_DOCUMENT_CODE, DECISION_DOCUMENT_CODE
from services.workflow.services import TEXT_MAX_LENGTH
from services.workflow.transitions import Transition

# Files a founder may send with one answer.
ANSWER_FILES_MAX = 5


def _text_field(*, label, required: bool, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_MAX_LENGTH,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Please write a text.")},
    )


class TransitionForm(forms.Form):
    """One workflow move: a text where the move needs one (optional for the others), and for a
    decision an uploaded document or the generated confirmation."""

    def __init__(self, *args, move: Transition, may_confirm: bool = False, **kwargs):
        kwargs.setdefault("prefix", move.name)
        super().__init__(*args, **kwargs)
        self.move = move
        self.fields["text"] = _text_field(
            label=_("Text for the applicant") if move.needs_text else _("Message to the applicant (optional)"),
            required=move.needs_text,
            help_text=_("The applicant reads this on the page of the application."),
        )
        if move.decision:
            self.fields["decision_document"] = DocumentField(
                document_code=DECISION_DOCUMENT_CODE,
                label=_("Decision document (optional)"),
                required=False,
                help_text=_("The applicant can download it on the page of the application."),
            )
            if may_confirm:
                self.fields["generate_confirmation"] = forms.BooleanField(
                    label=_("Generate the certificate of receipt (§ 15 GewO) as the decision document"),
                    required=False,
                )

    def stored_for(self, field_name: str) -> list:
        # DocumentField asks its form for files stored already; a decision starts with none.
        return []

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision_document") and cleaned.get("generate_confirmation"):
            self.add_error(
                "decision_document",
                _("Either upload a decision document or generate the confirmation, not both."),
            )
        return cleaned


class NoteForm(forms.Form):
    text = _text_field(label=_("Internal note"), required=True, help_text=_("Only the department sees this note."))


class MessageForm(forms.Form):
    text = _text_field(label=_("Message to the applicant"), required=True)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assign to"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody (unassigned)"),
    )

    def __init__(self, *args, colleagues, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = colleagues
        self.fields["assignee"].label_from_instance = lambda user: user.full_name or user.email


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class DocumentsField(DocumentField):
    """Several documents in one input, each checked like a wizard upload."""

    widget = MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"})

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if len(files) > ANSWER_FILES_MAX:
            raise forms.ValidationError(
                _("Please send at most %(count)s files at once."), code="too_many", params={"count": ANSWER_FILES_MAX}
            )
        return [super(DocumentsField, self).clean(file, initial) for file in files]

    def bound_data(self, data, initial):
        return initial


class InformationAnswerForm(forms.Form):
    """The founder's answer to an information request."""

    text = _text_field(label=_("Your answer"), required=True)
    documents = DocumentsField(
        document_code=ANSWER_DOCUMENT_CODE,
        label=_("Documents (optional)"),
        required=False,
        help_text=_("You can choose several files."),
    )

    def __init__(self, *args, stored_total: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored_total = stored_total

    def stored_for(self, field_name: str) -> list:
        # DocumentField asks its form for files stored already; an answer starts with none.
        return []

    def clean_documents(self):
        documents = self.cleaned_data.get("documents") or []
        if self.stored_total + sum(document.size for document in documents) > settings.UPLOAD_MAX_CASE_SIZE:
            raise forms.ValidationError(
                _(
                    "All documents of an application may have at most %(limit)s MB together. "
                    "Please upload a smaller file or remove another one."
                ),
                code="case_size",
                params={"limit": megabytes(settings.UPLOAD_MAX_CASE_SIZE)},
            )
        return documents


class FounderMessageForm(forms.Form):
    text = _text_field(label=_("Message to the department"), required=True)


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, I withdraw this application. It will not be processed further."),
        error_messages={"required": _("Please confirm that you want to withdraw the application.")},
    )
