"""Open drafts expire: nobody changed them for ``DRAFT_EXPIRY_DAYS``, so they are deleted with
their uploads, after a reminder mail ``DRAFT_EXPIRY_REMINDER_DAYS`` before.

Celery beat runs both every ``DRAFT_EXPIRY_INTERVAL_SECONDS`` (``forms.tasks``); so does the
``expire_drafts`` command. Both are safe to run twice, also at the same time: a reminder is an
outbox mail with a key of the draft and its last change, so it exists once per idle spell
(continuing the draft moves the expiry and a later reminder is a new one); a deletion locks
the draft row and checks again that it is open and idle.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from forms.models import Draft
from services.cases.services import attachments_delete_for_draft
from services.notifications.services import outbox_mail_queue

REMINDER = "draft_expiry_reminder"


def draft_expires_at(*, draft: Draft) -> datetime:
    return draft.updated_at + timedelta(days=settings.DRAFT_EXPIRY_DAYS)


def _drafts_idle_since(cutoff: datetime) -> QuerySet[Draft]:
    return Draft.objects.filter(case__isnull=True, updated_at__lt=cutoff)


def draft_reminders_queue(*, now: datetime | None = None) -> int:
    """Queue the reminder for every open draft that expires within the reminder period and has none
    for its current idle spell. Returns how many drafts are in the period (reminded now or before)."""
    now = now or timezone.now()
    expiry = timedelta(days=settings.DRAFT_EXPIRY_DAYS)
    reminder_from = now - expiry + timedelta(days=settings.DRAFT_EXPIRY_REMINDER_DAYS)
    drafts = (
        _drafts_idle_since(reminder_from)
        .filter(updated_at__gte=now - expiry, owner__is_active=True)
        .select_related("owner", "service")
    )
    count = 0
    for draft in drafts.iterator():
        draft_reminder_queue(draft=draft)
        count += 1
    return count


def draft_reminder_queue(*, draft: Draft) -> None:
    """One reminder per draft and last change: queueing it again finds the first (``dedupe_key``)."""
    owner = draft.owner
    language = owner.language if owner.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    context = {
        "service": draft.service.name,
        "expires_at": timezone.localtime(draft_expires_at(draft=draft)),
        "my_cases_url": settings.SITE_URL + reverse("my_cases"),
        "city_authority": settings.CITY_AUTHORITY,
    }
    with translation.override(language):
        subject = render_to_string("email/draft_reminder_subject.txt", context).strip()
        body = render_to_string("email/draft_reminder.txt", context)
    outbox_mail_queue(
        to=owner.email,
        subject=subject,
        body=body,
        kind=REMINDER,
        language=language,
        dedupe_key=f"{REMINDER}:{draft.pk}:{draft.updated_at.timestamp():.6f}",
    )


def drafts_expire(*, now: datetime | None = None) -> int:
    """Delete every open draft idle for longer than ``DRAFT_EXPIRY_DAYS``, with its uploads' files.
    Returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.DRAFT_EXPIRY_DAYS)
    expired = 0
    for pk in list(_drafts_idle_since(cutoff).values_list("pk", flat=True)):
        with transaction.atomic():
            # Checked again under the lock: the founder may have continued it, or submitted it, since.
            draft = _drafts_idle_since(cutoff).select_for_update().filter(pk=pk).first()
            if draft is None:
                continue
            attachments_delete_for_draft(draft=draft)
            draft.delete()
            expired += 1
    return expired
