"""The founder's profile and the shared steps it fills: the one place that maps one to the other.

The profile (``forms.models.FounderProfile.data``) keeps three parts, each a JSON object:

- ``person``: the founder as ``PersonForm`` asks (name, birth, nationality, home address, contact);
- ``company``: the legal form (a ``LegalFormForm`` step) and the company with its register entry
  (``RegisterForm``);
- ``business``: the trade name and the business premises in this city (a ``CityAddressForm`` step;
  where an application asks two, e.g. the premises before and after a move, the later step's
  answers are the ones kept).

Each ``ProfileLink`` names a shared step type and which of its form fields stand for which
profile entry. Every wizard step whose form is of such a type is prefilled from the profile and
its answers are compared with the profile at the review, so a new application gets both by using
the shared steps; nothing here names an application.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from forms.applications.base import Answers, Application
from forms.steps.company import LegalFormForm, RegisterForm
from forms.steps.legal_forms import legal_form_get
from forms.steps.person import BasePersonFormSet, PersonForm
from forms.steps.premises import ApplicantForm, CityAddressForm

PERSON = "person"
COMPANY = "company"
BUSINESS = "business"

# The parts in the order "My data" shows them, with their headings.
PART_TITLES = {
    PERSON: _("Person and home address"),
    COMPANY: _("Legal form and company"),
    BUSINESS: _("Business premises"),
}

# The person part holds what the shared person form asks, in its order.
PERSON_FIELDS = tuple(PersonForm.field_order)
REGISTER_FIELDS = (
    "legal_form_other",
    "company_name",
    "registration_pending",
    "register_court",
    "register_type",
    "register_number",
)
BUSINESS_FIELDS = ("trade_name", "street", "house_number", "postcode")
DATE_ENTRIES = {(PERSON, "date_of_birth")}

ProfileData = Mapping[str, Mapping[str, Any]]


@dataclass(frozen=True)
class ProfileLink:
    """A shared step type and the profile entries its fields stand for: form field -> (part, key)."""

    form_type: type
    fields: Mapping[str, tuple[str, str]]
    # A formset of persons: the profile is its first entry (the founder).
    first_of_many: bool = False

    def matches(self, form_class: type) -> bool:
        return isinstance(form_class, type) and issubclass(form_class, self.form_type)

    def initial(self, profile: ProfileData) -> Any:
        """The step form's initial data from the profile (None: the profile has nothing for it)."""
        values = {}
        for name, (part, key) in self.fields.items():
            value = (profile.get(part) or {}).get(key)
            if value in (None, ""):
                continue
            if (part, key) in DATE_ENTRIES and isinstance(value, str):
                value = datetime.date.fromisoformat(value)
            values[name] = value
        if not values:
            return None
        return [values] if self.first_of_many else values

    def entries(self, step_answers: Any) -> dict[tuple[str, str], Any]:
        """The profile entries a step's answers give: (part, key) -> value."""
        if self.first_of_many:
            step_answers = step_answers[0] if step_answers else {}
        step_answers = step_answers or {}
        return {entry: step_answers[name] for name, entry in self.fields.items() if name in step_answers}


def _same_names(part: str, names: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    return {name: (part, name) for name in names}


PROFILE_LINKS = (
    ProfileLink(LegalFormForm, {"legal_form": (COMPANY, "legal_form")}),
    # The register entry as one line ("Krefeld HRB 12345") is not a form field: kept for "My data" to show.
    ProfileLink(RegisterForm, _same_names(COMPANY, (*REGISTER_FIELDS, "register_entry"))),
    ProfileLink(BasePersonFormSet, _same_names(PERSON, PERSON_FIELDS), first_of_many=True),
    ProfileLink(PersonForm, _same_names(PERSON, PERSON_FIELDS)),
    ProfileLink(
        ApplicantForm,
        {
            "company_name": (COMPANY, "company_name"),
            **_same_names(PERSON, ("surname", "given_names", "street", "house_number", "postcode", "city")),
            **_same_names(PERSON, ("phone", "email")),
        },
    ),
    ProfileLink(CityAddressForm, _same_names(BUSINESS, BUSINESS_FIELDS)),
)


def profile_link_for(form_class: type) -> ProfileLink | None:
    """The link of a step's form type, or None for a step the profile does not fill."""
    return next((link for link in PROFILE_LINKS if link.matches(form_class)), None)


def profile_step_initial(*, profile: ProfileData, form_class: type) -> Any:
    """What the profile prefills in a step of this form type (None: nothing)."""
    link = profile_link_for(form_class)
    return link.initial(profile) if link and profile else None


def profile_entries_from_answers(*, application: Application, answers: Answers) -> dict[str, dict[str, Any]]:
    """The profile parts an application's answers give, by part: only the entries its shared steps asked."""
    parts: dict[str, dict[str, Any]] = {}
    for step in application.steps:
        link = profile_link_for(step.form_class)
        if link is None or answers.get(step.name) is None:
            continue
        for (part, key), value in link.entries(answers[step.name]).items():
            parts.setdefault(part, {})[key] = value
    return parts


def _same(one: Any, other: Any) -> bool:
    def normal(value):
        return "" if value in (None, False) else str(value).strip()

    return normal(one) == normal(other)


def profile_parts_changed(*, profile: ProfileData, given: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The parts (in the order of ``PART_TITLES``) the profile has and the given entries change.
    A part the profile does not have yet is not a change: it is kept without asking."""
    return [
        part
        for part in PART_TITLES
        if profile.get(part)
        and part in given
        and any(not _same(profile[part].get(key), value) for key, value in given[part].items())
    ]


def profile_part_clean(part: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """A part as kept: a company without a company name (a sole proprietor) keeps no register entry."""
    values = dict(values)
    if part == COMPANY and not legal_form_get(values.get("legal_form")).has_company_name:
        for key in (*REGISTER_FIELDS, "register_entry"):
            values.pop(key, None)
    return values


def profile_account_defaults(profile: ProfileData, *, email: str) -> dict[str, Any]:
    """The profile as initial data: until the person part has an e-mail entry, the account's e-mail
    (the founder's own, with which they log in) stands for it. Only for prefilling: the review
    compares answers with the profile itself."""
    person = dict(profile.get(PERSON) or {})
    if email and "email" not in person:
        person["email"] = email
    return {**profile, PERSON: person}


def profile_part_initial(profile: ProfileData, part: str) -> dict[str, Any]:
    """A part as initial data of its own form on "My data" (a date as a date)."""
    values = dict(profile.get(part) or {})
    for entry_part, key in DATE_ENTRIES:
        if entry_part == part and isinstance(values.get(key), str):
            values[key] = datetime.date.fromisoformat(values[key])
    return values
