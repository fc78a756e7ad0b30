"""The last step: the founder declares that the answers are true (the electronic GewA 1 has no signature)."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forms.applications.base import Answers, SummaryField, SummarySection


class ReviewForm(forms.Form):
    declaration = forms.BooleanField(
        label=_("I declare that the information is true and complete."),
        error_messages={"required": _("Please confirm that the information is true and complete.")},
    )


def declaration_section(answers: Answers) -> list[SummarySection]:
    """The summary's section for the declaration, once the review step is answered (else none)."""
    if not (answers.get("review") or {}).get("declaration"):
        return []
    declared = str(ReviewForm.base_fields["declaration"].label)
    return [SummarySection("review", gettext("Declaration"), [SummaryField("", gettext("Declaration"), declared)])]
