"""Reading the Gewerbeanmeldung's answers: the facts that step conditions, summary and routing ask."""

from typing import Any

from forms.applications.base import Answers
from forms.steps.countries import country_free_movement
from forms.steps.legal_forms import legal_form_get


def answers_legal_form(answers: Answers):
    return legal_form_get((answers.get("owner") or {}).get("legal_form"))


def answers_persons(answers: Answers) -> list[dict[str, Any]]:
    return list(answers.get("persons") or [])


def person_name(person: dict[str, Any]) -> str:
    return " ".join(filter(None, [person.get("given_names", ""), person.get("surname", "")]))


def persons_named(answers: Answers) -> list[tuple[int, str]]:
    """(index, name) of each person named in the application."""
    return [(index, person_name(person)) for index, person in enumerate(answers_persons(answers))]


def persons_without_free_movement(answers: Answers) -> list[tuple[int, str]]:
    """(index, name) of each person who needs a residence title."""
    return [
        (index, person_name(person))
        for index, person in enumerate(answers_persons(answers))
        if not country_free_movement(person.get("nationality", ""))
    ]


def answers_registered(answers: Answers) -> bool:
    register = answers.get("register") or {}
    return answers_legal_form(answers).register_type is not None and not register.get("registration_pending")


def answers_in_formation(answers: Answers) -> bool:
    return bool((answers.get("register") or {}).get("registration_pending"))


def answers_reason(answers: Answers) -> str:
    return (answers.get("reason") or {}).get("reason", "")
