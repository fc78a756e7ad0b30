"""Field builders the step forms share, so every yes/no question and date looks the same."""

import datetime
from calendar import monthrange
from typing import ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

YES = "yes"
NO = "no"
YES_NO = [(YES, _("Yes")), (NO, _("No"))]

# The three parts of a date, in the order founders type them (GOV.UK date input).
DATE_PARTS = ("day", "month", "year")


def with_help(field: forms.Field, template: str) -> forms.Field:
    """Give a question help for founders who hesitate: ``template`` (a <details> under ``forms/help/``)
    is shown with the field by ``includes/field.html``."""
    field.help_template = template
    return field


def shown_with(field: forms.Field, *, choice: str, value: str | tuple[str, ...]) -> forms.Field:
    """Ask ``field`` only after the answer ``value`` to the question ``choice`` of the same form
    (with several values: after any of them, e.g. one of a group of checkboxes).

    ``includes/field.html`` marks it so that ``js/reveal.js`` hides it until that answer is chosen
    (the GOV.UK conditional reveal). Without JavaScript it stays in view with its hint, and the
    form's ``clean`` must drop it for every other answer.
    """
    field.shown_with = (choice, " ".join(value) if isinstance(value, tuple) else value)
    return field


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


def required_error(message) -> dict:
    """The ``error_messages`` that replace Django's "This field is required." with what to do."""
    return {"required": message} if message else {}


def require_with(form: forms.Form, messages: dict) -> None:
    """Give a form's fields (by name) the message shown when they are left empty."""
    for name, message in messages.items():
        if name in form.fields:
            form.fields[name].error_messages["required"] = message


def other_text_clean(form: forms.Form, cleaned: dict, *, choice: str, other: str, message) -> None:
    """The free text for the choice "other": required with it, dropped with any other choice."""
    if cleaned.get(choice) == "other":
        if not cleaned.get(other, "").strip():
            form.add_error(other, ValidationError(message, code="required"))
    else:
        cleaned[other] = ""


class SelectField(forms.ChoiceField):
    """A drop-down whose answer is checked against the option keys directly. Django's own check
    normalises every option again on each validation: 2.6 ms for the ~200 countries, for every
    country field of every person."""

    def __init__(self, *, choices, **kwargs):
        super().__init__(choices=choices, **kwargs)
        self.options = choices  # as given: a list, or a callable that gives one

    def valid_value(self, value) -> bool:
        text = str(value)
        for key, label in self.options() if callable(self.options) else self.options:
            if isinstance(label, list | tuple):
                if any(text == str(inner) for inner, _label in label):
                    return True
            elif text == str(key):
                return True
        return False


def select_field(label, *, choices, required_message, help_text: str = "") -> forms.ChoiceField:
    """A required drop-down that starts on "Please choose": an overlooked question is an error with
    ``required_message``, never a silently kept first option. ``choices`` may be a callable."""

    def with_blank():
        return [("", _("Please choose")), *(choices() if callable(choices) else choices)]

    return SelectField(
        label=label, choices=with_blank, help_text=help_text, error_messages={"required": required_message}
    )


class DatePartsWidget(forms.MultiWidget):
    """Day, month and year as three numeric text inputs, each with its own label; the template
    puts them in a fieldset whose legend is the field's label (``includes/field.html``)."""

    template_name = "forms/widgets/date_parts.html"
    use_fieldset = True

    def __init__(self, *, autocomplete: str = ""):
        widgets = {}
        for part, digits in zip(DATE_PARTS, (2, 2, 4), strict=True):
            attrs = {"inputmode": "numeric", "maxlength": digits, "class": f"date-input-{part}"}
            if autocomplete:
                attrs["autocomplete"] = f"{autocomplete}-{part}"
            widgets[part] = forms.TextInput(attrs=attrs)
        super().__init__(widgets)

    def decompress(self, value):
        if isinstance(value, str):
            # A date kept as text (drafts saved before the date had three inputs, or a re-shown initial).
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        parts = super().value_from_datadict(data, files, name)
        if not any(parts) and data.get(name):
            # A draft saved before the date had three inputs keeps the date as one ISO value.
            return data.get(name)
        return parts

    def value_omitted_from_data(self, data, files, name):
        return name not in data and super().value_omitted_from_data(data, files, name)

    def id_for_label(self, id_):
        # The error summary links to the first input, the day.
        return f"{id_}_0" if id_ else id_


class DatePartsField(forms.DateField):
    """A date typed as day, month and year; says what is wrong with an impossible date."""

    default_error_messages: ClassVar[dict] = {
        "required": _("Enter the date: day, month and year."),
        "incomplete": _("The date must include a day, a month and a year."),
        "invalid": _("Enter the date in numbers, for example 27 3 2007."),
        "month": _("The month must be a number from 1 to 12."),
        "year": _("Enter the year with four digits, for example 2007."),
        "day": _("This month has only %(days)s days."),
    }

    def to_python(self, value):
        if not isinstance(value, list | tuple):
            return super().to_python(value)
        parts = [(part or "").strip() for part in value]
        if not any(parts):
            return None
        if not all(parts):
            raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete")
        if not all(part.isascii() and part.isdigit() for part in parts):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        day, month, year = (int(part) for part in parts)
        if not 1 <= month <= 12:
            raise forms.ValidationError(self.error_messages["month"], code="invalid_month")
        if len(parts[2]) != 4:
            raise forms.ValidationError(self.error_messages["year"], code="invalid_year")
        days = monthrange(year, month)[1]
        if not 1 <= day <= days:
            raise forms.ValidationError(self.error_messages["day"], code="invalid_day", params={"days": days})
        return datetime.date(year, month, day)


def date_field(
    label, *, required: bool = True, help_text: str = "", validators=(), autocomplete: str = "", required_message=None
) -> forms.DateField:
    """A date as three inputs (day, month, year) with an example, not the browser's date picker.
    ``autocomplete="bday"`` lets the browser fill a date of birth; ``required_message`` says what to
    do when the date is left out (the messages for an impossible date are the field's own)."""
    example = _("For example, 27 3 2007.")
    return DatePartsField(
        label=label,
        required=required,
        help_text=format_lazy("{} {}", example, help_text) if help_text else example,
        validators=list(validators),
        widget=DatePartsWidget(autocomplete=autocomplete),
        error_messages={"required": required_message} if required_message else None,
    )
