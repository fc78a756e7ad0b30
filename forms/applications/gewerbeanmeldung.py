"""Gewerbeanmeldung (GewA 1, § 14 GewO, Anlage 1 GewAnzV): steps, conditions and summary."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forms.applications import application_register
from forms.applications.base import Answers, Application, Step, SummaryField, SummarySection
from forms.steps.address import AddressForm, address_format
from forms.steps.company import RegisterForm
from forms.steps.countries import country_free_movement, country_name
from forms.steps.documents import DocumentField, DocumentForm
from forms.steps.fields import YES, YES_NO, date_field, yes_no_field
from forms.steps.legal_forms import LEGAL_FORM_CHOICES, LEGAL_FORMS, OTHER, legal_form_get
from forms.steps.person import SEX_CHOICES, PersonFormSet
from forms.steps.residence import SELF_EMPLOYMENT_CHOICES, TITLE_KIND_CHOICES, ResidenceForm, residence_key
from forms.steps.review import ReviewForm
from forms.validators import (
    validate_business_start,
    validate_city_postcode,
    validate_phone,
    validate_wz_code,
    wz_code_compact,
)

__all__ = ["LEGAL_FORMS", "GEWERBEANMELDUNG"]

# --- Choices ---------------------------------------------------------------------------------

ESTABLISHMENT_CHOICES = [
    ("main", _("Main establishment (Hauptniederlassung)")),
    ("branch", _("Branch (Zweigniederlassung)")),
    ("dependent_branch", _("Dependent branch (unselbstständige Zweigstelle)")),
]
BUSINESS_KIND_CHOICES = [
    ("industry", _("Industry")),
    ("craft", _("Craft")),
    ("wholesale", _("Trade: wholesale")),
    ("retail", _("Trade: retail")),
    ("agency", _("Trade: commercial agency")),
    ("other", _("Other")),
]
REASON_CHOICES = [
    ("new", _("New establishment")),
    ("takeover_purchase", _("Takeover by purchase")),
    ("takeover_lease", _("Takeover by lease")),
    ("takeover_inheritance", _("Takeover by inheritance")),
    ("legal_form_change", _("Change of legal form")),
    ("conversion", _("Founding under the Transformation Act (merger, division)")),
    ("partner_joining", _("A partner joins")),
    ("relocation", _("Relocation from another district")),
]
# An earlier business carries on under a new owner or form: the GewA 1 asks who ran it before.
REASONS_WITH_PREVIOUS_OWNER = {
    "takeover_purchase",
    "takeover_lease",
    "takeover_inheritance",
    "legal_form_change",
    "conversion",
}
PERMIT_KIND_CHOICES = [
    ("34a", _("Security services (§ 34a GewO)")),
    ("34c", _("Real estate and loan brokerage, property development (§ 34c GewO)")),
    ("34d", _("Insurance brokerage or advice (§ 34d GewO)")),
    ("34f", _("Financial investment brokerage (§ 34f GewO)")),
    ("gastg", _("Restaurant or bar serving alcohol (§ 2 GastG)")),
    ("other", _("Other permit")),
]
# Descriptions the Gewerbeamt sends back because they say nothing about the business.
VAGUE_ACTIVITIES = {
    "handel",
    "handel mit waren aller art",
    "dienstleistungen",
    "dienstleistungen aller art",
    "gewerbe",
    "sonstiges",
}
ACTIVITY_MIN_LENGTH = 20
MAX_EMPLOYEES = 99999

# --- Step forms ------------------------------------------------------------------------------


class OwnerForm(forms.Form):
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=LEGAL_FORM_CHOICES, widget=forms.RadioSelect)
    legal_form_other = forms.CharField(
        label=_("Which legal form?"),
        max_length=100,
        required=False,
        help_text=_("Only for “Other”, e.g. Limited (Ltd.) under English law."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("legal_form") == OTHER:
            if not cleaned.get("legal_form_other", "").strip():
                self.add_error("legal_form_other", ValidationError(_("Please name the legal form."), code="required"))
        else:
            cleaned["legal_form_other"] = ""
        return cleaned


class BusinessForm(AddressForm):
    trade_name = forms.CharField(
        label=_("Trade name"),
        max_length=200,
        required=False,
        help_text=_("The name the business uses, if any, e.g. “Café Rheinblick”."),
    )
    phone = forms.CharField(
        label=_("Phone of the business"),
        max_length=30,
        required=False,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    email = forms.EmailField(label=_("E-mail of the business"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    establishment = forms.ChoiceField(
        label=_("The registration is for"), choices=ESTABLISHMENT_CHOICES, widget=forms.RadioSelect
    )
    main_establishment = forms.CharField(
        label=_("Address of the main establishment"),
        max_length=300,
        required=False,
        help_text=_("Only for a branch: street, number, postcode and town of the main establishment."),
    )
    public_holding = yes_no_field(_("Does the public sector hold shares in the business?"))
    start_date = date_field(_("Start of the activity"), validators=[validate_business_start])
    activity = forms.CharField(
        label=_("Activity"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_(
            "Describe precisely what the business does, e.g. “Retail of clothing and accessories” "
            "or “Installation of heating systems”; “Trade” alone is not enough."
        ),
    )
    wz_code = forms.CharField(
        label=_("Economic activity code (WZ 2008)"),
        max_length=10,
        required=False,
        validators=[validate_wz_code],
        help_text=_("If you know it, e.g. 47.71 or 56.10.1. Otherwise the Gewerbeamt assigns it."),
    )
    business_kinds = forms.MultipleChoiceField(
        label=_("Kind of business"), choices=BUSINESS_KIND_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    side_business = yes_no_field(_("Is the business run (for now) as a side business?"))
    employees_full_time = forms.IntegerField(
        label=_("Employees full-time (without owners)"), min_value=0, max_value=MAX_EMPLOYEES, initial=0
    )
    employees_part_time = forms.IntegerField(
        label=_("Employees part-time"), min_value=0, max_value=MAX_EMPLOYEES, initial=0
    )

    field_order = [
        "trade_name",
        "street",
        "house_number",
        "postcode",
        "city",
        "phone",
        "email",
        "website",
        "establishment",
        "main_establishment",
        "public_holding",
        "start_date",
        "activity",
        "wz_code",
        "business_kinds",
        "side_business",
        "employees_full_time",
        "employees_part_time",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The business address is in this city: other places have their own Gewerbeamt.
        self.fields["street"].label = _("Business premises (Betriebsstätte): street")
        self.fields["postcode"].validators.append(validate_city_postcode)
        self.fields["city"].disabled = True
        self.fields["city"].initial = settings.CITY_NAME

    def clean_activity(self):
        activity = " ".join(self.cleaned_data["activity"].split())
        if len(activity) < ACTIVITY_MIN_LENGTH or activity.casefold().rstrip(".") in VAGUE_ACTIVITIES:
            raise ValidationError(
                _("Please describe the activity more precisely, e.g. “Retail of clothing and accessories”."),
                code="activity_vague",
            )
        return activity

    def clean_wz_code(self):
        return wz_code_compact(self.cleaned_data["wz_code"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("establishment") in ("branch", "dependent_branch"):
            if not cleaned.get("main_establishment", "").strip():
                self.add_error(
                    "main_establishment",
                    ValidationError(_("Enter the address of the main establishment."), code="required"),
                )
        else:
            cleaned["main_establishment"] = ""
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason for the registration"), choices=REASON_CHOICES, widget=forms.RadioSelect)
    previous_address = forms.CharField(
        label=_("Previous business premises"),
        max_length=300,
        required=False,
        help_text=_("Only on relocation: the address in the district the business comes from."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == "relocation":
            if not cleaned.get("previous_address", "").strip():
                self.add_error(
                    "previous_address",
                    ValidationError(_("Enter the address of the previous business premises."), code="required"),
                )
        else:
            cleaned["previous_address"] = ""
        return cleaned


class PreviousOwnerForm(forms.Form):
    previous_owner = forms.CharField(label=_("Name of the previous owner or former company name"), max_length=200)
    previous_trade_name = forms.CharField(label=_("Previous trade name"), max_length=200, required=False)


class PermitsForm(forms.Form):
    needs_permit = yes_no_field(
        _("Does the activity need a permit?"),
        help_text=_("E.g. security services, brokerage, insurance or restaurants serving alcohol."),
    )
    craft_register = yes_no_field(
        _("Is the business entered in the register of crafts (Handwerksrolle)?"),
        help_text=_("Needed for a licensed craft (Anlage A HwO), e.g. electrician or hairdresser."),
    )


class PermitForm(DocumentForm):
    permit_kind = forms.ChoiceField(label=_("Kind of permit"), choices=PERMIT_KIND_CHOICES)
    permit_kind_other = forms.CharField(label=_("Which permit?"), max_length=200, required=False)
    authority = forms.CharField(label=_("Issuing authority"), max_length=200)
    issue_date = date_field(_("Date of issue"))
    permit_number = forms.CharField(label=_("Reference number of the permit"), max_length=60, required=False)
    permit_document = DocumentField(document_code="permit", label=_("Copy of the permit"))

    def clean_issue_date(self):
        issued = self.cleaned_data["issue_date"]
        if issued > timezone.localdate():
            raise ValidationError(
                _("The permit must have been issued already; the business may start only then."), code="issue_future"
            )
        return issued

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("permit_kind") == "other":
            if not cleaned.get("permit_kind_other", "").strip():
                self.add_error("permit_kind_other", ValidationError(_("Please name the permit."), code="required"))
        else:
            cleaned["permit_kind_other"] = ""
        return cleaned


class AttachmentsForm(DocumentForm):
    identity = DocumentField(
        document_code="identity",
        label=_("Identity card or passport"),
        help_text=_("Of every person named in the application; with a passport, add the registration certificate."),
    )
    register_extract = DocumentField(
        document_code="register_extract", label=_("Current register extract"), required=False
    )
    craft_register = DocumentField(
        document_code="craft_register", label=_("Craft card (Handwerkskarte)"), required=False
    )
    other = DocumentField(
        document_code="other",
        label=_("Further documents"),
        required=False,
        help_text=_(
            "E.g. the family court's approval for a founder under 18, or the notarised articles of a company "
            "in formation."
        ),
    )

    def __init__(self, *args, registered: bool = False, in_formation: bool = False, craft: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for name, needed in (("register_extract", registered), ("craft_register", craft), ("other", in_formation)):
            field = self.fields[name]
            field.required = needed and not self.stored.get(field.document_code)
        if not registered:
            del self.fields["register_extract"]
        if not craft:
            del self.fields["craft_register"]


# --- Reading the answers ---------------------------------------------------------------------


def _legal_form(answers: Answers):
    return legal_form_get((answers.get("owner") or {}).get("legal_form"))


def _persons(answers: Answers) -> list[dict[str, Any]]:
    return list(answers.get("persons") or [])


def person_name(person: dict[str, Any]) -> str:
    return " ".join(filter(None, [person.get("given_names", ""), person.get("surname", "")]))


def persons_without_free_movement(answers: Answers) -> list[tuple[int, str]]:
    """(index, name) of each person who needs a residence title."""
    return [
        (index, person_name(person))
        for index, person in enumerate(_persons(answers))
        if not country_free_movement(person.get("nationality", ""))
    ]


def _registered(answers: Answers) -> bool:
    register = answers.get("register") or {}
    return _legal_form(answers).register_type is not None and not register.get("registration_pending")


def _in_formation(answers: Answers) -> bool:
    return bool((answers.get("register") or {}).get("registration_pending"))


def _reason(answers: Answers) -> str:
    return (answers.get("reason") or {}).get("reason", "")


STEPS = [
    Step("owner", _("Legal form"), OwnerForm),
    Step(
        "register",
        _("Company"),
        RegisterForm,
        condition=lambda answers: _legal_form(answers).has_company_name,
        form_kwargs=lambda answers: {"legal_form": _legal_form(answers).code},
    ),
    Step(
        "persons",
        _("Persons"),
        PersonFormSet,
        form_kwargs=lambda answers: {"legal_form": _legal_form(answers).code},
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
        condition=lambda answers: _reason(answers) in REASONS_WITH_PREVIOUS_OWNER,
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
            "registered": _registered(answers),
            "in_formation": _in_formation(answers),
            "craft": (answers.get("permits") or {}).get("craft_register") == YES,
        },
    ),
    Step("review", _("Review and submit"), ReviewForm),
]

# --- Summary ---------------------------------------------------------------------------------

# Field numbers of the GewA 1 (Anlage 1 GewAnzV, version of 2014). "" where the form has
# no numbered field for an answer this portal asks in addition.
FIELD = {
    "register_name": "1",
    "register_entry": "2",
    "trade_name": "3",
    "surname": "4",
    "given_names": "5",
    "sex": "6",
    "birth_name": "7",
    "date_of_birth": "8",
    "place_of_birth": "9",
    "nationality": "10",
    "home_address": "11",
    "contact": "12",
    "premises": "13",
    "main_establishment": "14",
    "previous_premises": "15",
    "activity": "16",
    "side_business": "17",
    "start_date": "18",
    "business_kind": "19",
    "employees": "20",
    "establishment": "21",
    "reason": "22",
    "previous_owner": "26",
    "permit": "28",
    "craft_register": "29",
    "residence_title": "30",
    "residence_self_employment": "31",
}


def _label(choices: Iterable[tuple[str, Any]], value: Any) -> str:
    return str(dict(choices).get(value, value or ""))


def _date(value: str | None) -> str:
    if not value:
        return ""
    try:
        return date.fromisoformat(value).strftime("%d.%m.%Y")
    except (TypeError, ValueError):
        return str(value)


def _field(key: str, label, value: Any) -> SummaryField:
    return SummaryField(FIELD.get(key, ""), str(label), "" if value is None else str(value))


def _owner_section(answers: Answers) -> SummarySection:
    owner = answers.get("owner") or {}
    legal_form = _legal_form(answers)
    fields = [_field("", _("Legal form"), owner.get("legal_form_other") or _label(LEGAL_FORM_CHOICES, legal_form.code))]
    persons = _persons(answers)
    if legal_form.code == "gbr":
        fields.append(_field("register_name", _("Partners of the GbR"), ", ".join(map(person_name, persons))))
    if legal_form.max_persons > 1:
        fields.append(_field("", _("Number of managing persons"), len(persons)))
    return SummarySection("owner", gettext("Legal form"), fields)


def _register_section(register: dict[str, Any]) -> SummarySection:
    if register.get("registration_pending"):
        entry = gettext("not yet entered (in formation)")
    else:
        entry = register.get("register_entry") or ""
    return SummarySection(
        "register",
        gettext("Company"),
        [
            _field("register_name", _("Registered name with legal form"), register.get("company_name", "")),
            _field("register_entry", _("Register court and number"), entry),
        ],
    )


def _person_section(index: int, person: dict[str, Any], answers: Answers) -> SummarySection:
    legal_form = _legal_form(answers)
    role = str(legal_form.role) if legal_form.max_persons == 1 else f"{legal_form.role} {index + 1}"
    birth_place = person.get("place_of_birth", "")
    birth_country = person.get("birth_country", "")
    return SummarySection(
        "persons",
        f"{role}: {person_name(person)}",
        [
            _field("surname", _("Surname"), person.get("surname", "")),
            _field("given_names", _("Given names"), person.get("given_names", "")),
            _field("sex", _("Sex"), _label(SEX_CHOICES, person.get("sex"))),
            _field("birth_name", _("Birth name"), person.get("birth_name", "")),
            _field("date_of_birth", _("Date of birth"), _date(person.get("date_of_birth"))),
            _field(
                "place_of_birth",
                _("Place and country of birth"),
                ", ".join(filter(None, [birth_place, country_name(birth_country) if birth_country else ""])),
            ),
            _field("nationality", _("Nationality"), country_name(person.get("nationality", ""))),
            _field(
                "home_address",
                _("Home address"),
                address_format(person, country=country_name(person["country"]) if person.get("country") else ""),
            ),
            _field("contact", _("Phone"), person.get("phone", "")),
            _field("contact", _("E-mail"), person.get("email", "")),
        ],
    )


def _business_section(business: dict[str, Any]) -> SummarySection:
    fields = [
        _field("trade_name", _("Trade name"), business.get("trade_name", "")),
        _field("premises", _("Business premises"), address_format(business)),
        _field("premises", _("Phone of the business"), business.get("phone", "")),
        _field("premises", _("E-mail of the business"), business.get("email", "")),
        _field("premises", _("Website"), business.get("website", "")),
    ]
    if business.get("main_establishment"):
        fields.append(_field("main_establishment", _("Main establishment"), business["main_establishment"]))
    fields += [
        _field("activity", _("Activity"), business.get("activity", "")),
        _field("", _("Economic activity code (WZ 2008)"), business.get("wz_code", "")),
        _field("side_business", _("Side business"), _label(YES_NO, business.get("side_business"))),
        _field("start_date", _("Start of the activity"), _date(business.get("start_date"))),
        _field(
            "business_kind",
            _("Kind of business"),
            ", ".join(_label(BUSINESS_KIND_CHOICES, kind) for kind in business.get("business_kinds", [])),
        ),
        _field("employees", _("Employees full-time"), business.get("employees_full_time", 0)),
        _field("employees", _("Employees part-time"), business.get("employees_part_time", 0)),
        _field(
            "establishment", _("The registration is for"), _label(ESTABLISHMENT_CHOICES, business.get("establishment"))
        ),
        _field("", _("Public sector holds shares"), _label(YES_NO, business.get("public_holding"))),
    ]
    return SummarySection("business", gettext("Business"), fields)


def _reason_section(reason: dict[str, Any]) -> SummarySection:
    fields = [_field("reason", _("Reason for the registration"), _label(REASON_CHOICES, reason.get("reason")))]
    if reason.get("previous_address"):
        fields.append(_field("previous_premises", _("Previous business premises"), reason["previous_address"]))
    return SummarySection("reason", gettext("Reason"), fields)


def _previous_owner_section(previous: dict[str, Any]) -> SummarySection:
    return SummarySection(
        "previous_owner",
        gettext("Previous owner"),
        [
            _field(
                "previous_owner",
                _("Name of the previous owner or former company name"),
                previous.get("previous_owner", ""),
            ),
            _field("previous_owner", _("Previous trade name"), previous.get("previous_trade_name", "")),
        ],
    )


def _permits_section(permits: dict[str, Any]) -> SummarySection:
    return SummarySection(
        "permits",
        gettext("Permits"),
        [
            _field("permit", _("The activity needs a permit"), _label(YES_NO, permits.get("needs_permit"))),
            _field(
                "craft_register", _("Entered in the register of crafts"), _label(YES_NO, permits.get("craft_register"))
            ),
        ],
    )


def _permit_section(permit: dict[str, Any]) -> SummarySection:
    return SummarySection(
        "permit",
        gettext("Permit"),
        [
            _field(
                "permit",
                _("Kind of permit"),
                permit.get("permit_kind_other") or _label(PERMIT_KIND_CHOICES, permit.get("permit_kind")),
            ),
            _field("permit", _("Issuing authority"), permit.get("authority", "")),
            _field("permit", _("Date of issue"), _date(permit.get("issue_date"))),
            _field("permit", _("Reference number of the permit"), permit.get("permit_number", "")),
        ],
    )


def _residence_sections(answers: Answers) -> list[SummarySection]:
    residence = answers.get("residence") or {}
    sections = []
    for index, name in persons_without_free_movement(answers):
        kind = residence.get(residence_key(index, "title_kind"))
        if kind is None:
            continue
        sections.append(
            SummarySection(
                "residence",
                gettext("Residence title: %(name)s") % {"name": name},
                [
                    _field("residence_title", _("Residence title"), _label(TITLE_KIND_CHOICES, kind)),
                    _field(
                        "residence_title",
                        _("Valid until"),
                        _date(residence.get(residence_key(index, "valid_until"))) or gettext("unlimited"),
                    ),
                    _field(
                        "residence_self_employment",
                        _("The title allows self-employment"),
                        _label(SELF_EMPLOYMENT_CHOICES, residence.get(residence_key(index, "self_employment"))),
                    ),
                ],
            )
        )
    return sections


def gewerbeanmeldung_summary(answers: Answers) -> list[SummarySection]:
    """Every answer, in the order and with the field numbers of the GewA 1."""
    sections = []
    if "owner" in answers:
        sections.append(_owner_section(answers))
    if answers.get("register"):
        sections.append(_register_section(answers["register"]))
    sections += [_person_section(index, person, answers) for index, person in enumerate(_persons(answers))]
    if answers.get("business"):
        sections.append(_business_section(answers["business"]))
    if answers.get("reason"):
        sections.append(_reason_section(answers["reason"]))
    if answers.get("previous_owner"):
        sections.append(_previous_owner_section(answers["previous_owner"]))
    if answers.get("permits"):
        sections.append(_permits_section(answers["permits"]))
    if answers.get("permit"):
        sections.append(_permit_section(answers["permit"]))
    sections += _residence_sections(answers)
    if (answers.get("review") or {}).get("declaration"):
        sections.append(
            SummarySection(
                "review",
                gettext("Declaration"),
                [_field("", _("Declaration"), gettext("I declare that the information is true and complete."))],
            )
        )
    return sections


def gewerbeanmeldung_case_title(answers: Answers) -> str:
    """The trade name, else the company name, else the (first) person's name."""
    trade_name = (answers.get("business") or {}).get("trade_name")
    company_name = (answers.get("register") or {}).get("company_name")
    persons = _persons(answers)
    return trade_name or company_name or (person_name(persons[0]) if persons else "")


def gewerbeanmeldung_search_terms(answers: Answers) -> list[str]:
    """Trade name, company name, the persons' names and the business e-mail."""
    business = answers.get("business") or {}
    register = answers.get("register") or {}
    terms = [business.get("trade_name"), register.get("company_name"), business.get("email")]
    for person in _persons(answers):
        terms += [person.get("surname"), person.get("given_names")]
    return [term for term in terms if term]


GEWERBEANMELDUNG = application_register(
    Application(
        service_slug="gewerbeanmeldung",
        steps=STEPS,
        summary_sections=gewerbeanmeldung_summary,
        case_title=gewerbeanmeldung_case_title,
        pdf_template="pdf/gewerbeanmeldung.html",
        search_terms=gewerbeanmeldung_search_terms,
        version="GewA1-2019",
        confirmation_template="pdf/gewerbe_empfangsbescheinigung.html",
    )
)
