"""The Gaststättenerlaubnis' summary: operator, persons, premises with their rooms, establishment."""

import datetime
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext

from forms.applications.base import Answers, SummaryField, SummarySection
from forms.applications.gaststaettenerlaubnis.steps import ALCOHOL_CHOICES, KIND_CHOICES, OPERATOR_LEGAL_FORM_CHOICES
from forms.steps.address import address_format
from forms.steps.countries import country_name
from forms.steps.fields import YES_NO
from forms.steps.legal_forms import legal_form_get
from forms.steps.person import person_name
from forms.steps.review import declaration_section


def _date(value: str) -> str:
    return datetime.date.fromisoformat(value).strftime("%d.%m.%Y")


def answers_legal_form(answers: Answers):
    return legal_form_get((answers.get("operator") or {}).get("legal_form"))


def answers_persons(answers: Answers) -> list[dict[str, Any]]:
    return list(answers.get("persons") or [])


def persons_named(answers: Answers) -> list[tuple[int, str]]:
    """(index, name) of each person named in the application: each shows their reliability."""
    return [(index, person_name(person)) for index, person in enumerate(answers_persons(answers))]


def _person_section(index: int, person: dict[str, Any], answers: Answers) -> SummarySection:
    legal_form = answers_legal_form(answers)
    role = str(legal_form.role) if legal_form.max_persons == 1 else f"{legal_form.role} {index + 1}"
    birth = f"{_date(person['date_of_birth'])}, {person['place_of_birth']}, {country_name(person['birth_country'])}"
    return SummarySection(
        "persons",
        f"{role}: {person_name(person)}",
        [
            SummaryField("", gettext("Surname"), person["surname"]),
            SummaryField("", gettext("Given names"), person["given_names"]),
            SummaryField("", gettext("Birth name"), person.get("birth_name", "")),
            SummaryField("", gettext("Date, place and country of birth"), birth),
            SummaryField("", gettext("Nationality"), country_name(person["nationality"])),
            SummaryField("", gettext("Home address"), address_format(person, country=country_name(person["country"]))),
            SummaryField("", gettext("Phone"), person.get("phone", "")),
            SummaryField("", gettext("E-mail"), person.get("email", "")),
        ],
    )


def _rooms_section(rooms: list[dict[str, Any]]) -> SummarySection:
    fields = [
        SummaryField(
            "",
            room["name"],
            gettext("%(area)s m², %(seats)s seats") % {"area": number_format(room["area_m2"]), "seats": room["seats"]},
        )
        for room in rooms
    ]
    total_area = sum(float(room["area_m2"]) for room in rooms)
    total_seats = sum(room["seats"] for room in rooms)
    fields.append(
        SummaryField(
            "",
            gettext("All rooms"),
            gettext("%(area)s m², %(seats)s seats") % {"area": number_format(total_area, 1), "seats": total_seats},
        )
    )
    return SummarySection("rooms", gettext("Rooms"), fields)


def gaststaettenerlaubnis_summary(answers: Answers) -> list[SummarySection]:
    sections = []
    if operator := answers.get("operator"):
        label = dict(OPERATOR_LEGAL_FORM_CHOICES)[operator["legal_form"]]
        sections.append(
            SummarySection("operator", gettext("Operator"), [SummaryField("", gettext("Legal form"), str(label))])
        )
    if register := answers.get("register"):
        entry = (
            gettext("not yet entered (in formation)")
            if register.get("registration_pending")
            else register.get("register_entry", "")
        )
        sections.append(
            SummarySection(
                "register",
                gettext("Company"),
                [
                    SummaryField("", gettext("Company name including the legal form"), register["company_name"]),
                    SummaryField("", gettext("Register court and number"), entry),
                ],
            )
        )
    sections += [_person_section(index, person, answers) for index, person in enumerate(answers_persons(answers))]
    if premises := answers.get("premises"):
        sections.append(
            SummarySection(
                "premises",
                gettext("Premises"),
                [
                    SummaryField("", gettext("Name of the establishment"), premises["trade_name"]),
                    SummaryField("", gettext("Address of the establishment"), address_format(premises)),
                    SummaryField(
                        "",
                        gettext("Approved for a restaurant before"),
                        str(dict(YES_NO)[premises["was_restaurant"]]),
                    ),
                ],
            )
        )
    if rooms := answers.get("rooms"):
        sections.append(_rooms_section(rooms))
    if establishment := answers.get("establishment"):
        kind = establishment.get("kind_other") or str(dict(KIND_CHOICES)[establishment["kind"]])
        sections.append(
            SummarySection(
                "establishment",
                gettext("Establishment and opening hours"),
                [
                    SummaryField("", gettext("Kind of establishment"), kind),
                    SummaryField("", gettext("Alcoholic drinks"), str(dict(ALCOHOL_CHOICES)[establishment["alcohol"]])),
                    SummaryField("", gettext("Opening day"), _date(establishment["start_date"])),
                    SummaryField("", gettext("Opening hours"), establishment["opening_hours"]),
                    SummaryField("", gettext("Live music or dancing"), str(dict(YES_NO)[establishment["music"]])),
                ],
            )
        )
    return sections + declaration_section(answers)


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
