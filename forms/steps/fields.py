"""Field builders the step forms share, so every yes/no question and date looks the same."""

from django import forms
from django.utils.translation import gettext_lazy as _

YES = "yes"
NO = "no"
YES_NO = [(YES, _("Yes")), (NO, _("No"))]


def yes_no_field(label, *, help_text: str = "", choices=YES_NO, required_message=None) -> forms.ChoiceField:
    """A required radio question; "no" is a valid answer, unlike a required checkbox.

    ``required_message`` says what to do when it is left out, e.g. "Say whether …".
    """
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages=required_error(required_message),
    )


def date_field(
    label, *, required: bool = True, help_text: str = "", validators=(), required_message=None
) -> forms.DateField:
    """A date with the browser's date picker; typed dates (31.12.2026) are accepted as well."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        validators=list(validators),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            **required_error(required_message),
            "invalid": _("Enter a real date, e.g. 31.12.2026."),
        },
    )


def required_error(message) -> dict:
    """The ``error_messages`` that replace Django's "This field is required." with what to do."""
    return {"required": message} if message else {}


def require_with(form: forms.Form, messages: dict) -> None:
    """Give a form's fields (by name) the message shown when they are left empty."""
    for name, message in messages.items():
        if name in form.fields:
            form.fields[name].error_messages["required"] = message
