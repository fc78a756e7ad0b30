from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.http import Http404

from forms.applications import application_exists, application_for
from forms.draft_expiry import draft_expires_at
from forms.models import Draft
from forms.storage import DraftStorage
from portal.accounts.models import User
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
