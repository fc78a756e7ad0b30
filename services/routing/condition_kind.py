"""What a kind of routing condition is made of; the kinds themselves are declared in ``conditions``."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.datastructures import MultiValueDict
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

Answers = Mapping[str, Any]


@dataclass(frozen=True)
class ConditionKind:
    code: str
    label: Promise
    # The form fields of the condition; a condition left empty is not part of the rule.
    fields: Callable[[], dict[str, forms.Field]]
    # Cleaned form data -> the stored value, or None when the supervisor left it empty.
    # Raises ValidationError keyed by field name.
    read: Callable[[Mapping[str, Any]], Any]
    # The stored value -> the form's initial data.
    initial: Callable[[Any], dict[str, Any]]
    # The answer the condition looks at (None when absent) and whether it matches the value.
    answer: Callable[[Answers], Any]
    test: Callable[[Any, Any], bool]
    # The value in words, in the active language ("PLZ 47798–47800").
    describe: Callable[[Any], str]

    def check(self, value: Any) -> None:
        """Reject a stored value the form would not have produced, with the form's messages."""
        try:
            data = _as_form_data(self.initial(value))
        except (AttributeError, KeyError, TypeError) as exc:
            raise ValidationError(_("The condition is not valid."), code="invalid") from exc
        form = type("ConditionForm", (forms.Form,), self.fields())(data=data)
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        if self.read(form.cleaned_data) != value:
            raise ValidationError(_("The condition is not valid."), code="invalid")

    def matches(self, value: Any, answers: Answers) -> bool:
        answer = self.answer(answers)
        return answer not in (None, "") and self.test(value, answer)


def _as_form_data(initial: dict[str, Any]) -> MultiValueDict:
    data = MultiValueDict()
    for name, value in initial.items():
        if isinstance(value, list):
            data.setlist(name, value)
        elif value is not None:
            data[name] = value
    return data


def answer_step(answers: Answers, step: str) -> Mapping[str, Any]:
    value = answers.get(step)
    return value if isinstance(value, Mapping) else {}


def choice_label(choices, code: str) -> str:
    """The label of a chosen code; ``choices`` a list or a function giving one (catalog data)."""
    return str(dict(choices() if callable(choices) else choices).get(code, code))


def or_join(items: list[str]) -> str:
    separator = gettext("or")
    return f" {separator} ".join(items)


# --- Choices of several (district, legal form, permit kind) -------------------------------------


def choice_kind(
    code: str,
    label: Promise,
    field_name: str,
    field_label: Promise,
    choices,
    answer: Callable[[Answers], Any],
    describe: Promise,
    test: Callable[[Any, Any], bool] | None = None,
) -> ConditionKind:
    """A condition that matches when the answer is one of the chosen codes."""

    def fields() -> dict[str, forms.Field]:
        return {
            field_name: forms.MultipleChoiceField(
                label=field_label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
            )
        }

    def read(data: Mapping[str, Any]) -> list[str] | None:
        chosen = list(data.get(field_name) or [])
        return chosen or None

    def text(value: list[str]) -> str:
        return str(describe) % {"values": or_join([choice_label(choices, c) for c in value])}

    return ConditionKind(
        code=code,
        label=label,
        fields=fields,
        read=read,
        initial=lambda value: {field_name: list(value or [])},
        answer=answer,
        test=test or (lambda value, answer: answer in value),
        describe=text,
    )
