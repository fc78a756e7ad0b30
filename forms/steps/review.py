"""The last step: the founder declares that the answers are true (the electronic GewA 1 has no signature)."""

from collections.abc import Sequence

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

PROFILE_UPDATE_CHOICES = [
    ("yes", _("Yes, update my profile with these answers")),
    ("no", _("No, use them for this application only")),
]


class ReviewForm(forms.Form):
    declaration = forms.BooleanField(
        label=_("I declare that the information is true and complete."),
        error_messages={"required": _("Please confirm that the information is true and complete.")},
    )

    def __init__(self, *args, profile_changes: Sequence[str] = (), **kwargs):
        """``profile_changes``: the headings of the profile parts this application's answers differ
        from. The founder is then asked whether to update the profile, with no answer chosen."""
        super().__init__(*args, **kwargs)
        if profile_changes:
            self.fields = {
                "profile_update": forms.ChoiceField(
                    label=_("Your answers differ from your profile. Update the profile?"),
                    help_text=format_lazy("{} {}", _("Differs:"), ", ".join(str(title) for title in profile_changes)),
                    choices=PROFILE_UPDATE_CHOICES,
                    widget=forms.RadioSelect,
                    error_messages={
                        "required": _("Say whether your profile should take the answers of this application.")
                    },
                ),
                **self.fields,
            }

    def profile_update_wanted(self) -> bool:
        return self.cleaned_data.get("profile_update") == "yes"
