"""What an application type declares: its steps, their conditions and its summary.

The wizard view, the review step and the PDF all read these declarations, so a new
application type is one module in ``forms/applications`` registered in
``forms/applications/__init__.py``.
"""

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from django import forms
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation

# Cleaned answers of the steps filled in so far: step name -> cleaned data
# (a dict for a form, a list of dicts for a formset). JSON-ready.
Answers = Mapping[str, Any]


@dataclass(frozen=True)
class Step:
    name: str
    title: str
    form_class: type[forms.Form] | type[forms.BaseFormSet]
    # Shown only when this returns True for the answers of the earlier steps.
    condition: Callable[[Answers], bool] | None = None
    # Extra keyword arguments for the form, derived from earlier answers.
    form_kwargs: Callable[[Answers], dict[str, Any]] | None = None
    # The official form's field number of each form field (or ``Group``) this step asks, e.g.
    # {"surname": "3"}; the summary takes labels from the form fields and these numbers.
    numbers: Mapping[str, str] = field(default_factory=dict)
    # Form fields the summary shows as one line (an address), by the name used in ``numbers``.
    groups: Mapping[str, "Group"] = field(default_factory=dict)

    def applies(self, answers: Answers) -> bool:
        return self.condition is None or self.condition(answers)

    def renumbered(self, numbers: Mapping[str, str], **changes: Any) -> "Step":
        """The same step for another official form whose fields carry other numbers, e.g. the GewA 1's
        permit (28) as the GewA 2's (25): ``{"28": "25"}``; ``changes`` replace other declarations."""
        return replace(self, numbers={name: numbers.get(n, n) for name, n in self.numbers.items()}, **changes)

    def number(self, name: str) -> str:
        """The official number of a form field; per-person fields (``p1_title_kind``) by their kind."""
        if name in self.numbers:
            return self.numbers[name]
        return self.numbers.get(_PER_PERSON_PREFIX.sub("", name), "")


_PER_PERSON_PREFIX = re.compile(r"^p\d+_")


@dataclass(frozen=True)
class Group:
    """Form fields the summary shows as one answer, e.g. the parts of an address."""

    label: Any
    fields: tuple[str, ...]
    # The line from the step's answer (a dict); default: the fields' shown values joined by ", ".
    value: Callable[[Mapping[str, Any]], str] | None = None


@dataclass(frozen=True)
class SummaryField:
    number: str  # the official form's field number, e.g. "3" or "13a"; "" where it has none
    label: str
    value: str


@dataclass(frozen=True)
class SummarySection:
    step: str  # the step that changes these answers
    title: str
    fields: list[SummaryField] = field(default_factory=list)


@dataclass(frozen=True)
class Prefill:
    """Where a new application's steps start from (``forms.prefill``): the founder's latest case of
    ``source_service`` that was not withdrawn or rejected, whose answers ``initial`` maps to the
    initial answers of this application's steps ({step name: a dict, or a list of dicts for a formset})."""

    source_service: str
    initial: Callable[[Answers], dict[str, Any]]


@dataclass(frozen=True)
class Application:
    service_slug: str
    steps: list[Step]
    # Every answer, grouped and numbered as on the official form.
    summary_sections: Callable[[Answers], list[SummarySection]]
    # A short title for lists ("Meine Anträge", inbox), e.g. the trade name.
    case_title: Callable[[Answers], str]
    # The PDF (one template for every application, ``pdf/application.html``) is headed by the official
    # title and names the official form it follows ("" where there is none).
    pdf_title: str
    pdf_form_name: str
    # The words clerks search a case by (names, trade name, e-mail); kept folded on the case.
    search_terms: Callable[[Answers], list[str]]
    # Stored with every case, so that a case says which form its answers belong to.
    version: str
    # The confirmation a clerk may generate with an approval (a PDF template), if the service has one.
    confirmation_template: str = ""
    # The steps start from the founder's earlier answers where there are some; the founder reviews them.
    prefill: Prefill | None = None

    def step(self, name: str) -> Step:
        return next(s for s in self.steps if s.name == name)

    def summary_snapshot(self, answers: Answers) -> list[dict[str, Any]]:
        """The summary as JSON-ready data in the authority's language, as the case keeps it (``Case.summary``)."""
        with translation.override(settings.LANGUAGE_CODE):
            sections = [asdict(section) for section in self.summary_sections(answers)]
            return json.loads(json.dumps(sections, cls=DjangoJSONEncoder))


def answers_from_form(form: forms.Form | forms.BaseFormSet) -> Any:
    """A validated step's answers, JSON-ready; uploaded files are kept as attachments, not answers."""
    if isinstance(form, forms.BaseFormSet):
        deleted = set(map(id, form.deleted_forms)) if form.can_delete else set()
        # An entry the form started with (prefilled) is an answer even when the founder left it unchanged.
        kept = [f for i, f in enumerate(form.forms) if f.has_changed() or i < form.initial_form_count()]
        return [answers_from_form(f) for f in kept if id(f) not in deleted]
    data = {
        name: value
        for name, value in form.cleaned_data.items()
        if name != "DELETE" and not isinstance(form.fields.get(name), forms.FileField)
    }
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))
