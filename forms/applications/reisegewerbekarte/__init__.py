"""Reisegewerbekarte (§ 55 GewO): the card for trading without a prior order away from one's premises.

The card is personal: one applicant, who lives in the city (§ 61 GewO). The review summary
and the PDF are derived from the step declarations (``forms.applications.summary``).
"""

from django.utils.translation import gettext_lazy as _

from forms.applications import application_register
from forms.applications.base import Answers, Application, Step
from forms.applications.reisegewerbekarte.steps import ActivityForm, ApplicantForm, PhotoForm, ReliabilityForm
from forms.applications.summary import summary_from_steps
from forms.steps.address import address_in_city
from forms.steps.countries import country_free_movement
from forms.steps.groups import HOME_ADDRESS
from forms.steps.person import person_name, person_nationalities
from forms.steps.residence import ResidenceForm
from forms.steps.review import ReviewForm


def applicant_without_free_movement(answers: Answers) -> list[tuple[int, str]]:
    """The applicant as (0, name) if they need a residence title, else nobody."""
    applicant = answers.get("applicant") or {}
    if not applicant or any(country_free_movement(code) for code in person_nationalities(applicant)):
        return []
    return [(0, person_name(applicant))]


STEPS = [
    Step(
        "applicant",
        _("Applicant"),
        ApplicantForm,
        groups={"home_address": HOME_ADDRESS},
    ),
    Step(
        "residence",
        _("Residence title"),
        ResidenceForm,
        condition=lambda answers: bool(applicant_without_free_movement(answers)),
        form_kwargs=lambda answers: {
            "persons": applicant_without_free_movement(answers),
            "residents": {0} if address_in_city(answers.get("applicant") or {}) else set(),
        },
    ),
    Step("activity", _("Activities"), ActivityForm),
    Step("photo", _("Photo"), PhotoForm),
    Step("reliability", _("Documents"), ReliabilityForm),
    Step("review", _("Review and submit"), ReviewForm),
]


def reisegewerbekarte_case_title(answers: Answers) -> str:
    return person_name(answers.get("applicant") or {})


def reisegewerbekarte_search_terms(answers: Answers) -> list[str]:
    applicant = answers.get("applicant") or {}
    return [term for term in (applicant.get("surname"), applicant.get("given_names"), applicant.get("email")) if term]


REISEGEWERBEKARTE = application_register(
    Application(
        service_slug="reisegewerbekarte",
        steps=STEPS,
        summary_sections=lambda answers: summary_from_steps(STEPS, answers),
        case_title=reisegewerbekarte_case_title,
        pdf_title=_("Application for a travelling trade card (Reisegewerbekarte, § 55 GewO)"),
        pdf_form_name="",
        search_terms=reisegewerbekarte_search_terms,
        version="RGK-2026",
    )
)
