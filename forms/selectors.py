from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext

from forms.applications import application_exists, application_for
from forms.applications.base import Answers, Application
from forms.draft_expiry import draft_expires_at
from forms.models import Draft, FounderProfile
from forms.steps.address import address_format
from forms.steps.countries import country_name
from forms.steps.groups import HOME_ADDRESS, REGISTER_ENTRY
from forms.steps.legal_forms import legal_form_get
from forms.steps.person import SEX_CHOICES, person_name, person_nationalities
from forms.steps.profile import (
    BUSINESS,
    COMPANY,
    PART_TITLES,
    PERSON,
    profile_entries_from_answers,
    profile_parts_changed,
)
from forms.storage import DraftStorage
from portal.accounts.models import User
from services.cases.models import Case
from services.cases.selectors import case_list_for_applicant
from services.catalog.models import Service


def draft_list_open(*, owner: User) -> QuerySet[Draft]:
    return Draft.objects.filter(owner=owner, case__isnull=True).select_related("service")


def draft_get_for_owner(*, owner: User, public_id) -> Draft:
    """The owner's draft with its service; anybody else's is reported as not found. (A submitted draft's
    case is read only when asked for: every wizard request loads the draft, few of them a case.)"""
    try:
        return Draft.objects.select_related("service").get(owner=owner, public_id=public_id)
    except Draft.DoesNotExist as exc:
        raise Http404 from exc


def service_get_with_wizard(*, slug: str) -> Service:
    """A service founders can apply for online here; any other is reported as not found."""
    if not application_exists(slug):
        raise Http404
    try:
        return Service.objects.select_related("department").get(slug=slug, online=True)
    except Service.DoesNotExist as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class DraftOverview:
    """An open draft as "My applications" lists it."""

    draft: Draft
    step: int | None  # the step the founder is on, counted from 1 (None: the service has no wizard now)
    total: int | None  # the steps that apply with the answers so far
    expires_at: datetime


def draft_progress(*, draft: Draft) -> tuple[int, int]:
    """(step x, of y): the wizard's current step among the steps of the application's declaration that
    apply to the answers the wizard has kept so far. A new draft is on step 1."""
    application = application_for(draft.service.slug)
    data = draft.data or {}
    kept = (data.get(DraftStorage.extra_data_key) or {}).get("answers") or {}
    stored = (kept.get("steps") or {}) if kept.get("version") == application.version else {}
    answers: dict = {}
    applying: list[str] = []
    for step in application.steps:
        if step.applies(answers):
            applying.append(step.name)
            if stored.get(step.name) is not None:
                answers[step.name] = stored[step.name]
    current = data.get(DraftStorage.step_key)
    return (applying.index(current) + 1 if current in applying else 1), len(applying)


def draft_list_with_progress(*, owner: User) -> list[DraftOverview]:
    """The owner's open drafts, last changed first, with their progress and the moment they expire."""
    overviews = []
    for draft in draft_list_open(owner=owner):
        step, total = draft_progress(draft=draft) if application_exists(draft.service.slug) else (None, None)
        overviews.append(DraftOverview(draft=draft, step=step, total=total, expires_at=draft_expires_at(draft=draft)))
    return overviews


def founder_profile_data(*, owner: User) -> dict[str, Any]:
    """The founder's profile parts ({} while there is none)."""
    profile = FounderProfile.objects.filter(owner=owner).only("data").first()
    return dict(profile.data) if profile else {}


def founder_profile_complete(*, data: Mapping[str, Any]) -> bool:
    """Whether the profile has what every application asks: the person with the home address and the legal form."""
    person = data.get(PERSON) or {}
    return bool(person.get("surname") and person.get("street") and (data.get(COMPANY) or {}).get("legal_form"))


def founder_profile_changes(*, owner: User, application: Application, answers: Answers) -> list[str]:
    """The profile parts an application's answers would change (the review asks whether to keep them)."""
    data = founder_profile_data(owner=owner)
    given = profile_entries_from_answers(application=application, answers=answers)
    return profile_parts_changed(profile=data, given=given)


@dataclass(frozen=True)
class ProfileSection:
    """A part of the profile as "My data" shows it: a heading and summary rows (label, value)."""

    part: str
    title: str
    rows: list[tuple[str, str]]


def _choice_label(choices, value) -> str:
    return str(dict(choices).get(value, value or ""))


def founder_profile_sections(*, data: Mapping[str, Any]) -> list[ProfileSection]:
    """Every part of the profile, filled or not (``rows`` empty), in the order of ``PART_TITLES``."""
    person, company, business = (data.get(part) or {} for part in (PERSON, COMPANY, BUSINESS))
    sections = {part: ProfileSection(part, str(title), []) for part, title in PART_TITLES.items()}
    if person:
        born = date.fromisoformat(person["date_of_birth"]) if person.get("date_of_birth") else None
        nationalities = [country_name(code) for code in person_nationalities(person)]
        birth_country = country_name(person["birth_country"]) if person.get("birth_country") else ""
        place = ", ".join(filter(None, [person.get("place_of_birth", ""), birth_country]))
        sections[PERSON].rows.extend(
            [
                (gettext("Name"), person_name(person)),
                (gettext("Birth name"), person.get("birth_name") or ""),
                (gettext("Sex"), _choice_label(SEX_CHOICES, person.get("sex"))),
                (gettext("Date of birth"), date_format(born, "d.m.Y") if born else ""),
                (gettext("Place of birth"), place),
                (gettext("Nationality"), ", ".join(nationalities)),
                (str(HOME_ADDRESS.label), HOME_ADDRESS.value(person)),
                (gettext("Phone"), person.get("phone") or ""),
                (gettext("E-mail"), person.get("email") or ""),
            ]
        )
    if company:
        legal_form = legal_form_get(company.get("legal_form"))
        sections[COMPANY].rows.append((gettext("Legal form"), company.get("legal_form_other") or str(legal_form.label)))
        if legal_form.has_company_name:
            sections[COMPANY].rows.extend(
                [
                    (gettext("Company name"), company.get("company_name") or ""),
                    (gettext("Register entry"), REGISTER_ENTRY.value(company)),
                ]
            )
    if business:
        sections[BUSINESS].rows.extend(
            [
                (gettext("Trade name"), business.get("trade_name") or ""),
                (gettext("Address"), address_format({**business, "city": settings.CITY_NAME})),
            ]
        )
    return list(sections.values())


@dataclass(frozen=True)
class GuideTask:
    """An online application of the founder's checklist, and how far the founder is with it."""

    service: Service
    case: Case | None  # the founder's latest case of the service
    draft: DraftOverview | None  # else the open draft last changed

    @property
    def done(self) -> bool:
        return self.case is not None


def guide_tasks(*, owner: User, services: list[Service]) -> list[GuideTask]:
    """The checklist's online applications in its order, each with the founder's latest case or open draft."""
    drafts = {}
    for overview in draft_list_with_progress(owner=owner):
        drafts.setdefault(overview.draft.service_id, overview)
    cases = {}
    for case in case_list_for_applicant(applicant=owner).order_by("-submitted_at"):
        cases.setdefault(case.service_id, case)
    return [
        GuideTask(service=service, case=cases.get(service.pk), draft=drafts.get(service.pk))
        for service in services
        if service.online and application_exists(service.slug)
    ]
