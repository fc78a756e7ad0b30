"""The review summary and the PDF's entries, derived from the step declarations.

Every answered step becomes a section; each of its form fields (or ``Group`` of fields)
becomes a line with the form field's label, the answer as shown to people and the official
number the step declares for it (``Step.numbers``). A formset step gives a section per
entry, titled by the formset's ``section_title(index, answer)``; a form with ``parts()`` (one
person's residence title each) a section per part.
"""

from collections.abc import Collection, Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext

from forms.applications.base import Answers, Step, SummaryField, SummarySection


def date_display(value: Any) -> str:
    """A stored ISO date as people read it (31.12.2026); other values unchanged."""
    if not value:
        return ""
    try:
        return date.fromisoformat(str(value)).strftime("%d.%m.%Y")
    except ValueError:
        return str(value)


def answer_display(field: forms.Field, value: Any) -> str:
    """One stored answer as the form offered it: choice labels, dates, decimal numbers, yes/no."""
    if value is None or value == "" or value == []:
        return ""
    if isinstance(field, forms.BooleanField):
        return gettext("Yes") if value else gettext("No")
    if isinstance(field, forms.DateField):
        return date_display(value)
    if isinstance(field, forms.DecimalField):
        # Kept as text ("12.5"); shown as the language writes numbers ("12,5").
        return number_format(Decimal(str(value)))
    if isinstance(field, forms.ChoiceField):
        labels = {str(key): label for key, label in _flat_choices(field.choices)}
        values = value if isinstance(value, list) else [value]
        return ", ".join(str(labels.get(str(item), item)) for item in values)
    return str(value)


def _flat_choices(choices: Iterable) -> Iterable[tuple[Any, Any]]:
    for key, label in choices:
        if isinstance(label, list | tuple):
            yield from label
        else:
            yield key, label


def _shown(field: forms.Field) -> bool:
    return not isinstance(field.widget, forms.HiddenInput) and not isinstance(field, forms.FileField)


def step_summary_fields(
    step: Step, form: forms.Form, answer: Mapping[str, Any], *, only: Collection[str] | None = None
) -> list[SummaryField]:
    """The lines of one answered form (of its fields ``only``, if given): its fields in form order,
    groups where the first of their fields is."""
    grouped = {name: group_name for group_name, group in step.groups.items() for name in group.fields}
    lines = []
    for name, field in form.fields.items():
        if not _shown(field) or (only is not None and name not in only):
            continue
        if name in grouped:
            group_name = grouped[name]
            group = step.groups[group_name]
            if name != next(n for n in group.fields if n in form.fields and _shown(form.fields[n])):
                continue
            shown = {n: answer_display(form.fields[n], answer.get(n)) for n in group.fields if n in form.fields}
            value = group.value(answer) if group.value else ", ".join(filter(None, shown.values()))
            lines.append(SummaryField(step.number(group_name), str(group.label), value))
            continue
        value = answer_display(field, answer.get(name))
        if not value and not field.required:
            continue
        lines.append(SummaryField(step.number(name), str(field.label), value))
    return lines


def summary_from_steps(steps: Iterable[Step], answers: Answers) -> list[SummarySection]:
    """A section for every answered step (an entry of a formset step each), in the order of the steps."""
    sections = []
    for step in steps:
        answer = answers.get(step.name)
        if not answer:
            continue
        kwargs = step.form_kwargs(answers) if step.form_kwargs else {}
        form = step.form_class(**kwargs)
        if isinstance(form, forms.BaseFormSet):
            for index, entry in enumerate(answer):
                title = form.section_title(index, entry) if hasattr(form, "section_title") else str(step.title)
                sections.append(SummarySection(step.name, title, step_summary_fields(step, form.empty_form, entry)))
        elif hasattr(form, "parts"):
            for title, names in form.parts():
                sections.append(SummarySection(step.name, title, step_summary_fields(step, form, answer, only=names)))
        else:
            sections.append(SummarySection(step.name, str(step.title), step_summary_fields(step, form, answer)))
    return sections
