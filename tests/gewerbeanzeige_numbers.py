"""What the three Gewerbeanzeigen (Anlage 1–3 GewAnzV) share in their field numbering, and the
checks their pinned tables run alike (tests/unit/test_gewa*_fields.py)."""

import re

from forms.applications.base import Answers, Application

# (step, form field or group) -> field number: the owner and the business premises carry the
# same numbers in all three forms.
OWNER_AND_PREMISES_NUMBERS = {
    ("register", "legal_form_other"): "1",
    ("register", "company_name"): "1",
    ("register", "register_entry"): "2",
    ("persons", "surname"): "3",
    ("persons", "given_names"): "4",
    ("persons", "birth_name"): "5",
    ("persons", "sex"): "6",
    ("persons", "date_of_birth"): "7",
    ("persons", "place_of_birth"): "8",
    ("persons", "birth_country"): "9",
    ("persons", "nationality"): "10",
    ("persons", "further_nationality"): "10",
    ("persons", "home_address"): "11",
    ("persons", "phone"): "12",
    ("persons", "email"): "12",
    ("premises", "trade_name"): "15",
    ("premises", "premises"): "15",
    ("premises", "phone"): "15",
    ("premises", "email"): "15",
    ("premises", "website"): "15",
}


def declared_numbers(application: Application) -> dict[tuple[str, str], str]:
    return {(step.name, name): number for step in application.steps for name, number in step.numbers.items()}


def numbered_names_without_field(application: Application, answers_per_scenario: list[Answers]) -> list[tuple]:
    """The (step, name) pairs a step numbers that neither its form (in any of the scenarios, a
    per-person prefix such as ``p1_`` removed) nor its groups hold."""
    names: dict[str, set[str]] = {}
    for answers in answers_per_scenario:
        for step in application.steps:
            form = step.form_class(**(step.form_kwargs(answers) if step.form_kwargs else {}))
            form = getattr(form, "empty_form", form)
            names.setdefault(step.name, set()).update(re.sub(r"^p\d+_", "", name) for name in form.fields)
    return [
        (step.name, name)
        for step in application.steps
        for name in step.numbers
        if name not in names[step.name] and name not in step.groups
    ]


def summary_numbers(application: Application, answers: Answers) -> set[str]:
    """The field numbers the summary (and so the PDF) prints for these answers."""
    return {field.number for section in application.summary_sections(answers) for field in section.fields} - {""}
