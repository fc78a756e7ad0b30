"""Reading the Gewerbeanmeldung's answers: the facts that step conditions, summary and routing ask."""

from typing import Any

from forms.applications.base import Answers
from forms.steps.address import address_in_city
from forms.steps.countries import country_free_movement
from forms.steps.groups import CITY_ADDRESS_FIELDS
from forms.steps.legal_forms import legal_form_get
from forms.steps.person import person_name, person_nationalities

__all__ = ["person_name"]


def answers_legal_form(answers: Answers):
    return legal_form_get((answers.get("owner") or {}).get("legal_form"))


def answers_persons(answers: Answers) -> list[dict[str, Any]]:
    return list(answers.get("persons") or [])


def persons_named(answers: Answers) -> list[tuple[int, str]]:
    """(index, name) of each person named in the application."""
    return [(index, person_name(person)) for index, person in enumerate(answers_persons(answers))]


def persons_without_free_movement(answers: Answers) -> list[tuple[int, str]]:
    """(index, name) of each person who needs a residence title."""
    return [
        (index, person_name(person))
        for index, person in enumerate(answers_persons(answers))
        if not any(country_free_movement(code) for code in person_nationalities(person))
    ]


def persons_living_in_city(answers: Answers) -> set[int]:
    """The indexes of the persons whose home address is in this city."""
    return {index for index, person in enumerate(answers_persons(answers)) if address_in_city(person)}


def answers_home_in_city(answers: Answers) -> dict[str, str] | None:
    """The first person's home address (street, house number, postcode) if it is in this city, where
    the business may be run from home; None otherwise. In this city means what the premises' own
    postcode check accepts (``validate_city_postcode``)."""
    persons = answers_persons(answers)
    home = persons[0] if persons else {}
    if not address_in_city(home):
        return None
    return {name: home.get(name, "") for name in CITY_ADDRESS_FIELDS}


def answers_registered(answers: Answers) -> bool:
    register = answers.get("register") or {}
    return answers_legal_form(answers).register_type is not None and not register.get("registration_pending")


def answers_in_formation(answers: Answers) -> bool:
    return bool((answers.get("register") or {}).get("registration_pending"))


def answers_reason(answers: Answers) -> str:
    return (answers.get("reason") or {}).get("reason", "")


def answers_establishment(answers: Answers) -> str:
    return (answers.get("establishment") or {}).get("establishment", "")


# The steps of a Gewerbeummeldung or -abmeldung that start from the registration's answers as they are.
REGISTRATION_STEPS = ("owner", "register", "persons", "premises")


def registration_initial(answers: Answers) -> dict[str, Any]:
    """The initial answers a later notice about this registered business starts from (``forms.prefill``):
    owner, company, persons and business premises as registered."""
    return {name: answers[name] for name in REGISTRATION_STEPS if answers.get(name)}
