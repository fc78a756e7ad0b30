"""The Gewerbeanmeldung's summary in the order and with the field numbers of the GewA 1."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forms.applications.base import Answers, SummaryField, SummarySection
from forms.applications.gewerbeanmeldung.answers import (
    answers_legal_form,
    answers_persons,
    person_name,
    persons_without_free_movement,
)
from forms.applications.gewerbeanmeldung.choices import (
    BUSINESS_KIND_CHOICES,
    ESTABLISHMENT_CHOICES,
    PERMIT_KIND_CHOICES,
    REASON_CHOICES,
)
from forms.steps.address import address_format
from forms.steps.countries import country_name
from forms.steps.fields import YES_NO
from forms.steps.legal_forms import LEGAL_FORM_CHOICES
from forms.steps.person import SEX_CHOICES
from forms.steps.residence import SELF_EMPLOYMENT_CHOICES, TITLE_KIND_CHOICES, residence_key

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
    legal_form = answers_legal_form(answers)
    fields = [_field("", _("Legal form"), owner.get("legal_form_other") or _label(LEGAL_FORM_CHOICES, legal_form.code))]
    persons = answers_persons(answers)
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
    legal_form = answers_legal_form(answers)
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
    sections += [_person_section(index, person, answers) for index, person in enumerate(answers_persons(answers))]
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
    persons = answers_persons(answers)
    return trade_name or company_name or (person_name(persons[0]) if persons else "")


def gewerbeanmeldung_search_terms(answers: Answers) -> list[str]:
    """Trade name, company name, the persons' names and the business e-mail."""
    business = answers.get("business") or {}
    register = answers.get("register") or {}
    terms = [business.get("trade_name"), register.get("company_name"), business.get("email")]
    for person in answers_persons(answers):
        terms += [person.get("surname"), person.get("given_names")]
    return [term for term in terms if term]
