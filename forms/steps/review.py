"""The last step: the founder declares that the answers are true (the electronic GewA 1 has no signature)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ReviewForm(forms.Form):
    declaration = forms.BooleanField(
        label=_("I declare that the information is true and complete."),
        error_messages={"required": _("Please confirm that the information is true and complete.")},
    )
