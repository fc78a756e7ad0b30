"""Gewerbeanmeldung (GewA 1, § 14 GewO, Anlage 1 GewAnzV): steps, conditions and summary.

Each step declares the official field number of every form field it asks (``numbers``);
the review summary and the PDF are derived from these declarations. The numbering and its
sources: docs/gewa1-fields.md.
"""

from django.utils.translation import gettext_lazy as _

from forms.applications import application_register
from forms.applications.base import Application, Group, Prefill, Step
from forms.applications.gewerbeanmeldung.answers import (
    answers_establishment,
    answers_home_in_city,
    answers_in_formation,
    answers_legal_form,
    answers_reason,
    answers_registered,
    persons_living_in_city,
    persons_named,
    persons_without_free_movement,
)
from forms.applications.gewerbeanmeldung.choices import (
    BRANCHES,
    PERMIT_KIND_CHOICES,
    REASONS_WITH_PREVIOUS_OWNER,
)
from forms.applications.gewerbeanmeldung.steps import (
    ActivityForm,
    AttachmentsForm,
    CraftForm,
    EstablishmentForm,
    MainEstablishmentForm,
    ManagerForm,
    OperationForm,
    OwnerForm,
    PermitForm,
    PermitsForm,
    PremisesForm,
    PreviousOwnerForm,
    PreviousPremisesForm,
    ReasonForm,
)
from forms.applications.gewerbeanmeldung.summary import (
    gewerbeanmeldung_case_title,
    gewerbeanmeldung_search_terms,
    gewerbeanmeldung_summary,
)
from forms.steps.address import address_format
from forms.steps.company import RegisterForm
from forms.steps.fields import YES
from forms.steps.groups import ADDRESS_FIELDS, HOME_ADDRESS, REGISTER_ENTRY, address_group
from forms.steps.legal_forms import LEGAL_FORMS
from forms.steps.person import PersonFormSet
from forms.steps.residence import ResidenceForm
from forms.steps.review import ReviewForm

__all__ = ["GEWERBEANMELDUNG", "LEGAL_FORMS", "PERMIT_KIND_CHOICES", "gewerbeanzeige"]


def _permit_kind_line(permit) -> str:
    return permit.get("permit_kind_other") or str(dict(PERMIT_KIND_CHOICES).get(permit.get("permit_kind"), ""))


STEPS = [
    Step("owner", _("Legal form"), OwnerForm),
    Step(
        "register",
        _("Company"),
        RegisterForm,
        condition=lambda answers: answers_legal_form(answers).has_company_name,
        form_kwargs=lambda answers: {"legal_form": answers_legal_form(answers).code},
        numbers={"legal_form_other": "1", "company_name": "1", "register_entry": "2"},
        groups={"register_entry": REGISTER_ENTRY},
    ),
    Step(
        "persons",
        _("Persons"),
        PersonFormSet,
        form_kwargs=lambda answers: {"legal_form": answers_legal_form(answers).code},
        numbers={
            "surname": "3",
            "given_names": "4",
            "birth_name": "5",
            "sex": "6",
            "date_of_birth": "7",
            "place_of_birth": "8",
            "birth_country": "9",
            "nationality": "10",
            "further_nationality": "10",
            "home_address": "11",
            "phone": "12",
            "email": "12",
        },
        groups={"home_address": HOME_ADDRESS},
    ),
    Step(
        "residence",
        _("Residence title"),
        ResidenceForm,
        condition=lambda answers: bool(persons_without_free_movement(answers)),
        form_kwargs=lambda answers: {
            "persons": persons_without_free_movement(answers),
            "residents": persons_living_in_city(answers),
        },
        numbers={
            "title_kind": "30",
            "authority_office": "30",
            "authority": "30",
            "issue_date": "30",
            "valid_until": "30",
            "self_employment": "31",
            "conditions": "31",
        },
    ),
    Step(
        "premises",
        _("Business premises"),
        PremisesForm,
        form_kwargs=lambda answers: {"home": answers_home_in_city(answers)},
        numbers={"trade_name": "15", "premises": "15", "phone": "15", "email": "15", "website": "15"},
        # The choice "at the home address" is one line with the address it gives.
        groups={"premises": Group(_("Business premises"), ("location", *ADDRESS_FIELDS), address_format)},
    ),
    Step("activity", _("Activity"), ActivityForm, numbers={"activity": "18"}),
    Step(
        "operation",
        _("Kind, size and start"),
        OperationForm,
        numbers={
            "start_date": "20",
            "business_kinds": "21",
            "side_business": "19",
            "employees_full_time": "22",
            "employees_part_time": "22",
        },
    ),
    Step("establishment", _("Establishment"), EstablishmentForm, numbers={"establishment": "23"}),
    Step(
        "main_establishment",
        _("Main establishment"),
        MainEstablishmentForm,
        condition=lambda answers: answers_establishment(answers) in BRANCHES,
        numbers={"main_establishment": "16"},
    ),
    Step(
        "manager",
        _("Representative or manager"),
        ManagerForm,
        condition=lambda answers: (
            answers_establishment(answers) in BRANCHES or answers_legal_form(answers).code == "ag"
        ),
        numbers={"surname": "14", "given_names": "14", "address": "14"},
        groups={"address": address_group(_("Address"))},
    ),
    Step("reason", _("Reason"), ReasonForm, numbers={"reason": "24"}),
    Step(
        "previous_premises",
        _("Previous business premises"),
        PreviousPremisesForm,
        condition=lambda answers: answers_reason(answers) == "relocation",
        numbers={"previous_address": "17"},
    ),
    Step(
        "previous_owner",
        _("Previous owner"),
        PreviousOwnerForm,
        condition=lambda answers: answers_reason(answers) in REASONS_WITH_PREVIOUS_OWNER,
        numbers={"previous_owner": "26", "previous_trade_name": "26"},
    ),
    Step("permits", _("Permits"), PermitsForm, numbers={"needs_permit": "28", "craft_register": "29"}),
    Step(
        "permit",
        _("Permit"),
        PermitForm,
        condition=lambda answers: (answers.get("permits") or {}).get("needs_permit") == YES,
        numbers={"permit_kind": "28", "authority": "28", "issue_date": "28", "permit_number": "28"},
        groups={"permit_kind": Group(_("Kind of permit"), ("permit_kind", "permit_kind_other"), _permit_kind_line)},
    ),
    Step(
        "craft",
        _("Craft card"),
        CraftForm,
        condition=lambda answers: (answers.get("permits") or {}).get("craft_register") == YES,
        numbers={"craft_annex": "29", "chamber": "29", "entry_date": "29"},
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


def gewerbeanzeige(
    *,
    service_slug: str,
    steps: list[Step],
    pdf_title: str,
    pdf_form_name: str,
    version: str,
    prefill: Prefill | None = None,
) -> Application:
    """A Gewerbeanzeige (GewA 1, 2 or 3): its summary, title and search terms are the Gewerbeanmeldung's, and
    its confirmation is the Empfangsbescheinigung under § 15 Abs. 1 GewO."""
    return application_register(
        Application(
            service_slug=service_slug,
            steps=steps,
            summary_sections=lambda answers: gewerbeanmeldung_summary(steps, answers),
            case_title=gewerbeanmeldung_case_title,
            pdf_title=pdf_title,
            pdf_form_name=pdf_form_name,
            search_terms=gewerbeanmeldung_search_terms,
            version=version,
            confirmation_template="pdf/gewerbe_empfangsbescheinigung.html",
            prefill=prefill,
        )
    )


GEWERBEANMELDUNG = gewerbeanzeige(
    service_slug="gewerbeanmeldung",
    steps=STEPS,
    pdf_title=_("Business registration under § 14 GewO or § 55c GewO"),
    pdf_form_name=_("Form GewA 1 (Annex 1 to the Trade Notification Ordinance, GewAnzV)"),
    version="GewA1-2019",
)
