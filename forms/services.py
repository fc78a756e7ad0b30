from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from forms.applications.base import Answers, Application
from forms.models import Draft, FounderProfile
from forms.steps.profile import profile_entries_from_answers, profile_part_clean, profile_parts_changed
from forms.storage import DraftStorage
from portal.accounts.models import User
from portal.rate_limits import cache_window_count
from services.cases.models import Case
from services.cases.selectors import attachment_list_for_draft
from services.cases.submit import case_submit
from services.catalog.models import Service
from services.statistics.services import FunnelEvent, funnel_event_record, funnel_step_completed


class DraftLimitReached(Exception):
    """No new draft now; ``message`` tells the founder why and what to do instead."""

    def __init__(self, message, *, rate_limited: bool = False):
        super().__init__(str(message))
        self.message = message
        self.rate_limited = rate_limited


def _draft_creations_count(*, owner: User) -> int:
    # In the shared cache, so a draft created and deleted again still counts.
    return cache_window_count(key=f"draft-create-rate:{owner.pk}", window=settings.DRAFT_CREATE_RATE_WINDOW)


def draft_create(*, owner: User, service: Service, prefill: dict[str, Any] | None = None) -> Draft:
    """Start a draft, within the limits that keep one account from filling the storage: each draft may
    hold UPLOAD_MAX_CASE_SIZE of documents. At most DRAFT_MAX_OPEN open drafts, DRAFT_MAX_OPEN_PER_SERVICE
    of them for one service, and DRAFT_CREATE_RATE_LIMIT new ones within DRAFT_CREATE_RATE_WINDOW seconds.
    ``DraftLimitReached`` otherwise. ``prefill`` (``forms.prefill.prefill_initial``) is what its steps start from."""
    with transaction.atomic():
        # One founder's parallel requests wait here, so they cannot all pass the counts at once.
        User.objects.select_for_update().filter(pk=owner.pk).exists()
        open_drafts = Draft.objects.filter(owner=owner, case__isnull=True)
        if open_drafts.filter(service=service).count() >= settings.DRAFT_MAX_OPEN_PER_SERVICE:
            raise DraftLimitReached(
                _(
                    "You already have %(count)d open drafts for this application. Please continue one of "
                    "them below, or delete one you no longer need."
                )
                % {"count": settings.DRAFT_MAX_OPEN_PER_SERVICE}
            )
        if open_drafts.count() >= settings.DRAFT_MAX_OPEN:
            raise DraftLimitReached(
                _(
                    "You already have %(count)d open drafts. Please continue or delete one of them under "
                    "“My applications” before you start another."
                )
                % {"count": settings.DRAFT_MAX_OPEN}
            )
        if _draft_creations_count(owner=owner) > settings.DRAFT_CREATE_RATE_LIMIT:
            raise DraftLimitReached(
                _(
                    "You have started many applications in a short time. Please continue one of your drafts, "
                    "or try again in an hour."
                ),
                rate_limited=True,
            )
        data = DraftStorage.initial_data(prefill=prefill) if prefill else {}
        draft = Draft.objects.create(owner=owner, service=service, data=data)
        funnel_event_record(service=service, draft_key=draft.public_id, kind=FunnelEvent.STARTED)
        return draft


def draft_save(*, draft: Draft, step_completed: str = "") -> None:
    """Store a draft's wizard state. The step the founder completed with it (if any) is counted in the
    agency's funnel in the same transaction: a step's POST commits once."""
    with transaction.atomic():
        draft.save(update_fields=["data", "updated_at"])
        if step_completed:
            funnel_step_completed(service=draft.service, draft_key=draft.public_id, step=step_completed)


def draft_delete(*, draft: Draft) -> None:
    """Discard an open draft; its uploads are left for the clean-up, which removes their files.

    A submitted draft belongs to its case and is not found here.
    """
    if draft.case_id is not None:
        raise Http404
    draft.delete()


def draft_submit(
    *,
    draft: Draft,
    applicant: User,
    answers: dict[str, Any],
    summary: list[dict[str, Any]],
    form_version: str,
    title: str,
    search_terms: list[str],
    document_codes: set[str],
    step_completed: str = "",
) -> Case:
    """Submit a completed draft as a case (``case_submit``), exactly once.

    A second submit of the same draft (double click, replayed POST, a retry) waits for the
    first under the lock on the draft and returns the case the first one created. The draft
    keeps a link to its case and drops its copy of the answers. Uploads of documents that
    still apply (``document_codes``) move to the case; the rest stay with the draft until the
    upload clean-up removes them. The step whose POST submits (``step_completed``) is counted in the
    agency's funnel in the same transaction, before the submission.
    """
    with transaction.atomic():
        # Without the case joined: a submit that waited for the lock sees the row's new case_id, but a
        # join made before the wait would not see the case the first submit created.
        locked = Draft.objects.select_for_update().get(pk=draft.pk, owner=applicant)
        if locked.case_id is not None:
            return locked.case
        if step_completed:
            funnel_step_completed(service=draft.service, draft_key=locked.public_id, step=step_completed)
        case = case_submit(
            submission_key=locked.public_id,
            service=draft.service,
            applicant=applicant,
            answers=answers,
            summary=summary,
            form_version=form_version,
            title=title,
            search_terms=search_terms,
            attachments=attachment_list_for_draft(draft=locked).filter(document_code__in=document_codes),
        )
        locked.case = case
        locked.data = {}
        locked.save(update_fields=["case", "data", "updated_at"])
    draft.case = case  # the caller's copy too: the wizard's storage must not save the answers again
    return case


def founder_profile_part_save(*, owner: User, part: str, values: Mapping[str, Any]) -> FounderProfile:
    """Replace one part of the founder's profile ("My data": the founder changed it there)."""
    with transaction.atomic():
        profile, _created = FounderProfile.objects.select_for_update().get_or_create(owner=owner)
        profile.data = {**profile.data, part: profile_part_clean(part, values)}
        profile.save(update_fields=["data", "updated_at"])
    return profile


def founder_profile_keep(*, owner: User, application: Application, answers: Answers, update: bool) -> list[str]:
    """Keep what a submitted application's shared steps answered: a part the profile does not have yet
    is taken as it is (the first application fills the profile); a part it has is changed only when
    the founder said so at the review (``update``), never silently. Returns the parts written."""
    given = profile_entries_from_answers(application=application, answers=answers)
    if not given:
        return []
    with transaction.atomic():
        profile, _created = FounderProfile.objects.select_for_update().get_or_create(owner=owner)
        data = dict(profile.data)
        written = []
        for part, values in given.items():
            if not data.get(part):
                data[part] = profile_part_clean(part, values)
            elif update and profile_parts_changed(profile=data, given={part: values}):
                data[part] = profile_part_clean(part, {**data[part], **values})
            else:
                continue
            written.append(part)
        if written:
            profile.data = data
            profile.save(update_fields=["data", "updated_at"])
    return written
