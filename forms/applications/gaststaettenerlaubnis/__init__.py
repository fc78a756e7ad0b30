"""Gaststättenerlaubnis (§ 2 GastG): the permit to serve alcohol, for one operator and these rooms."""

from django.utils.translation import gettext_lazy as _

from forms.applications import application_register
from forms.applications.base import Application, Group, Step
from forms.applications.gaststaettenerlaubnis.steps import (
    EstablishmentForm,
    OperatorForm,
    PremisesForm,
    ReliabilityForm,
    RoomFormSet,
)
from forms.applications.gaststaettenerlaubnis.summary import (
    answers_legal_form,
    establishment_kind_line,
    gaststaettenerlaubnis_case_title,
    gaststaettenerlaubnis_search_terms,
    gaststaettenerlaubnis_summary,
    persons_named,
)
from forms.steps.company import RegisterForm
from forms.steps.groups import HOME_ADDRESS, REGISTER_ENTRY, address_group
from forms.steps.person import PersonFormSet
from forms.steps.review import ReviewForm

STEPS = [
    Step("operator", _("Operator"), OperatorForm),
    Step(
        "register",
        _("Company"),
        RegisterForm,
        condition=lambda answers: answers_legal_form(answers).has_company_name,
        form_kwargs=lambda answers: {"legal_form": answers_legal_form(answers).code},
        groups={"register_entry": REGISTER_ENTRY},
    ),
    Step(
        "persons",
        _("Persons"),
        PersonFormSet,
        form_kwargs=lambda answers: {"legal_form": answers_legal_form(answers).code},
        groups={"home_address": HOME_ADDRESS},
    ),
    Step("premises", _("Premises"), PremisesForm, groups={"address": address_group(_("Address of the establishment"))}),
    Step("rooms", _("Rooms"), RoomFormSet),
    Step(
        "establishment",
        _("Establishment and opening hours"),
        EstablishmentForm,
        groups={"kind": Group(_("Kind of establishment"), ("kind", "kind_other"), establishment_kind_line)},
    ),
    Step(
        "reliability",
        _("Reliability"),
        ReliabilityForm,
        form_kwargs=lambda answers: {"persons": persons_named(answers)},
    ),
    Step("review", _("Review and submit"), ReviewForm),
]

GASTSTAETTENERLAUBNIS = application_register(
    Application(
        service_slug="gaststaettenerlaubnis",
        steps=STEPS,
        summary_sections=lambda answers: gaststaettenerlaubnis_summary(STEPS, answers),
        case_title=gaststaettenerlaubnis_case_title,
        pdf_title=_("Application for a restaurant permit (§ 2 GastG)"),
        pdf_form_name="",
        search_terms=gaststaettenerlaubnis_search_terms,
        version="GastG-2026",
    )
)
