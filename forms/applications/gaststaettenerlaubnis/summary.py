"""The Gaststättenerlaubnis' summary: the steps' own lines (``summary_from_steps``), plus the rooms' total."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext

from forms.applications.base import Answers, Step, SummaryField, SummarySection
from forms.applications.gaststaettenerlaubnis.steps import KIND_CHOICES
from forms.applications.summary import summary_from_steps
from forms.steps.legal_forms import legal_form_get
from forms.steps.person import person_name


def answers_legal_form(answers: Answers):
    return legal_form_get((answers.get("operator") or {}).get("legal_form"))


def answers_persons(answers: Answers) -> list[dict[str, Any]]:
    return list(answers.get("persons") or [])


def persons_named(answers: Answers) -> list[tuple[int, str]]:
    """(index, name) of each person named in the application: each shows their reliability."""
    return [(index, person_name(person)) for index, person in enumerate(answers_persons(answers))]


def establishment_kind_line(establishment: dict[str, Any]) -> str:
    """The kind chosen, or what the founder wrote for "other"."""
    return establishment.get("kind_other") or str(dict(KIND_CHOICES).get(establishment.get("kind"), ""))


def _rooms_total(rooms: list[dict[str, Any]]) -> SummarySection:
    area = sum(Decimal(str(room["area_m2"])) for room in rooms)
    seats = sum(room["seats"] for room in rooms)
    value = gettext("%(area)s m², %(seats)s seats") % {"area": number_format(area, 1), "seats": seats}
    return SummarySection("rooms", gettext("All rooms"), [SummaryField("", gettext("All rooms"), value)])


def gaststaettenerlaubnis_summary(steps: Iterable[Step], answers: Answers) -> list[SummarySection]:
    """Every answer as the steps declare it; after the last room, the area and seats of all rooms."""
    sections = summary_from_steps(steps, answers)
    rooms = answers.get("rooms")
    last_room = max((i for i, section in enumerate(sections) if section.step == "rooms"), default=None)
    if rooms and last_room is not None:
        sections.insert(last_room + 1, _rooms_total(rooms))
    return sections


def gaststaettenerlaubnis_case_title(answers: Answers) -> str:
    """The establishment's name, else the company's, else the operator's."""
    persons = answers_persons(answers)
    return (
        (answers.get("premises") or {}).get("trade_name")
        or (answers.get("register") or {}).get("company_name")
        or (person_name(persons[0]) if persons else "")
    )


def gaststaettenerlaubnis_search_terms(answers: Answers) -> list[str]:
    premises, register = answers.get("premises") or {}, answers.get("register") or {}
    terms = [premises.get("trade_name"), premises.get("street"), register.get("company_name")]
    for person in answers_persons(answers):
        terms += [person.get("surname"), person.get("given_names"), person.get("email")]
    return [term for term in terms if term]
