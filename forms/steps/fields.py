"""Field builders the step forms share, so every yes/no question and date looks the same."""

from django import forms
from django.utils.translation import gettext_lazy as _

YES = "yes"
NO = "no"
YES_NO = [(YES, _("Yes")), (NO, _("No"))]


def yes_no_field(label, *, help_text: str = "", choices=YES_NO) -> forms.ChoiceField:
    """A required radio question; "no" is a valid answer, unlike a required checkbox."""
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, help_text=help_text)


def date_field(label, *, required: bool = True, help_text: str = "", validators=()) -> forms.DateField:
    """A date with the browser's date picker; typed dates (31.12.2026) are accepted as well."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        validators=list(validators),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
