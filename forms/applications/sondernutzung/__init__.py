"""Sondernutzungserlaubnis Außengastronomie (§ 18 StrWG NRW): tables and chairs on public street."""

from django.utils.translation import gettext_lazy as _

from forms.applications import application_register
from forms.applications.base import Application, Step
from forms.applications.sondernutzung.steps import (
    AreaForm,
    DocumentsForm,
    LocationForm,
    PeriodForm,
    answers_other_property,
)
from forms.applications.sondernutzung.summary import (
    sondernutzung_case_title,
    sondernutzung_search_terms,
    sondernutzung_summary,
)
from forms.steps.groups import address_group
from forms.steps.premises import ApplicantForm
from forms.steps.review import ReviewForm

STEPS = [
    Step("applicant", _("Applicant"), ApplicantForm, groups={"address": address_group(_("Address"))}),
    Step("location", _("Location"), LocationForm, groups={"address": address_group(_("Address of the business"))}),
    Step("area", _("Area and furniture"), AreaForm),
    Step("period", _("Period"), PeriodForm),
    Step(
        "documents",
        _("Documents"),
        DocumentsForm,
        form_kwargs=lambda answers: {"other_property": answers_other_property(answers)},
    ),
    Step("review", _("Review and submit"), ReviewForm),
]

SONDERNUTZUNG = application_register(
    Application(
        service_slug="sondernutzung",
        steps=STEPS,
        summary_sections=lambda answers: sondernutzung_summary(STEPS, answers),
        case_title=sondernutzung_case_title,
        pdf_title=_("Application for a special use permit for outdoor seating (§ 18 StrWG NRW)"),
        pdf_form_name="",
        search_terms=sondernutzung_search_terms,
        version="SNE-2026",
    )
)
