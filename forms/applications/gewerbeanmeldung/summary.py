"""The Gewerbeanmeldung's summary: the steps' own lines, plus what the GewA 1 derives from several answers."""

from collections.abc import Iterable
from dataclasses import replace

from django.utils.translation import gettext

from forms.applications.base import Answers, Step, SummaryField, SummarySection
from forms.applications.gewerbeanmeldung.answers import answers_legal_form, answers_persons, person_name
from forms.applications.summary import summary_from_steps


def gewerbeanmeldung_summary(steps: Iterable[Step], answers: Answers) -> list[SummarySection]:
    """Every answer with the official field numbers the steps declare.

    Field 1 names a GbR's partners and field 13 counts the managing persons of a company:
    both follow from the persons step, so they are added to the owner's section.
    """
    sections = summary_from_steps(steps, answers)
    legal_form = answers_legal_form(answers)
    persons = answers_persons(answers)
    extra = []
    if legal_form.code == "gbr" and persons:
        extra.append(SummaryField("1", gettext("Partners of the GbR"), ", ".join(map(person_name, persons))))
    if legal_form.max_persons > 1 and persons:
        extra.append(SummaryField("13", gettext("Number of managing persons"), str(len(persons))))
    owner = next((i for i, section in enumerate(sections) if section.step == "owner"), None)
    if extra and owner is not None:
        sections[owner] = replace(sections[owner], fields=[*sections[owner].fields, *extra])
    return sections


def gewerbeanmeldung_case_title(answers: Answers) -> str:
    """The trade name, else the company name, else the (first) person's name."""
    trade_name = (answers.get("premises") or {}).get("trade_name")
    company_name = (answers.get("register") or {}).get("company_name")
    persons = answers_persons(answers)
    return trade_name or company_name or (person_name(persons[0]) if persons else "")


def gewerbeanmeldung_search_terms(answers: Answers) -> list[str]:
    """Trade name, company name, the persons' names and the business e-mail."""
    premises = answers.get("premises") or {}
    register = answers.get("register") or {}
    terms = [premises.get("trade_name"), register.get("company_name"), premises.get("email")]
    for person in answers_persons(answers):
        terms += [person.get("surname"), person.get("given_names")]
    return [term for term in terms if term]
