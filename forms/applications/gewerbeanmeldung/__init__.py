"""Gewerbeanmeldung (GewA 1, § 14 GewO, Anlage 1 GewAnzV): steps, conditions and summary."""

from django.utils.translation import gettext_lazy as _

from forms.applications import application_register
from forms.applications.base import Application, Step
from forms.applications.gewerbeanmeldung.answers import (
    answers_in_formation,
    answers_legal_form,
    answers_reason,
    answers_registered,
    persons_named,
    persons_without_free_movement,
)
from forms.applications.gewerbeanmeldung.choices import PERMIT_KIND_CHOICES, REASONS_WITH_PREVIOUS_OWNER
from forms.applications.gewerbeanmeldung.steps import (
    AttachmentsForm,
    BusinessForm,
    OwnerForm,
    PermitForm,
    PermitsForm,
    PreviousOwnerForm,
    ReasonForm,
)
from forms.applications.gewerbeanmeldung.summary import (
    gewerbeanmeldung_case_title,
    gewerbeanmeldung_search_terms,
    gewerbeanmeldung_summary,
)
from forms.steps.company import RegisterForm
from forms.steps.fields import YES
from forms.steps.legal_forms import LEGAL_FORMS
from forms.steps.person import PersonFormSet
from forms.steps.residence import ResidenceForm
from forms.steps.review import ReviewForm

__all__ = ["GEWERBEANMELDUNG", "LEGAL_FORMS", "PERMIT_KIND_CHOICES"]

STEPS = [
    Step("owner", _("Legal form"), OwnerForm),
    Step(
        "register",
        _("Company"),
        RegisterForm,
        condition=lambda answers: answers_legal_form(answers).has_company_name,
        form_kwargs=lambda answers: {"legal_form": answers_legal_form(answers).code},
    ),
    Step(
        "persons",
        _("Persons"),
        PersonFormSet,
        form_kwargs=lambda answers: {"legal_form": answers_legal_form(answers).code},
    ),
    Step(
        "residence",
        _("Residence title"),
        ResidenceForm,
        condition=lambda answers: bool(persons_without_free_movement(answers)),
        form_kwargs=lambda answers: {"persons": persons_without_free_movement(answers)},
    ),
    Step("business", _("Business"), BusinessForm),
    Step("reason", _("Reason"), ReasonForm),
    Step(
        "previous_owner",
        _("Previous owner"),
        PreviousOwnerForm,
        condition=lambda answers: answers_reason(answers) in REASONS_WITH_PREVIOUS_OWNER,
    ),
    Step("permits", _("Permits"), PermitsForm),
    Step(
        "permit",
        _("Permit"),
        PermitForm,
        condition=lambda answers: (answers.get("permits") or {}).get("needs_permit") == YES,
    ),
    Step(
        "attachments",
        _("Documents"),
        AttachmentsForm,
        form_kwargs=lambda answers: {
            "persons": persons_named(answers),
            "registered": answers_registered(answers),
            "in_formation": answers_in_formation(answers),
            "craft": (answers.get("permits") or {}).get("craft_register") == YES,
        },
    ),
    Step("review", _("Review and submit"), ReviewForm),
]

GEWERBEANMELDUNG = application_register(
    Application(
        service_slug="gewerbeanmeldung",
        steps=STEPS,
        summary_sections=gewerbeanmeldung_summary,
        case_title=gewerbeanmeldung_case_title,
        pdf_title=_("Business registration under § 14 GewO or § 55c GewO"),
        pdf_form_name=_("Form GewA 1 (Annex 1 to the Trade Notification Ordinance, GewAnzV)"),
        search_terms=gewerbeanmeldung_search_terms,
        version="GewA1-2019",
        confirmation_template="pdf/gewerbe_empfangsbescheinigung.html",
    )
)
