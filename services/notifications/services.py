"""E-mail through the outbox: every mail is a row written in the transaction that causes it,
sent after commit by a task that marks it sent.

What holds (README, "What is guaranteed"):

- No mail is lost: the row commits with the change or not at all, and ``outbox_mail_resume``
  (Celery beat) sends every row a task did not, whether the broker was down, a worker died or
  the mail server refused.
- No mail is sent twice by a retry or a second worker: sending happens while the row is locked
  (``SELECT … FOR UPDATE SKIP LOCKED``) and only if it is not marked sent; the mark commits with
  the lock's transaction.
- One window remains, as with any SMTP sender: if the process dies (or its database connection
  drops) after the mail server accepted the mail and before the mark commits, the mail goes out
  again. Delivery is therefore at-least-once; a repeat carries the same ``Message-ID`` so mail
  systems and readers can recognise it. The row itself exists once (``dedupe_key``).
"""

import logging
from datetime import datetime, timedelta
from email.utils import parseaddr
from enum import StrEnum

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from services.cases.events import case_event_record
from services.cases.models import Case, CaseEvent
from services.notifications.models import OutboxMail

logger = logging.getLogger(__name__)

RECEIPT = "receipt"


class Delivery(StrEnum):
    SENT = "sent"
    FAILED = "failed"  # the mail server refused or was unreachable: try again later
    EXPIRED = "expired"  # its link expired before it could go out: abandoned
    NOTHING_TO_DO = "nothing_to_do"  # sent already, abandoned, or another worker holds it


def outbox_mail_queue(
    *,
    to: str,
    subject: str,
    body: str,
    kind: str,
    language: str | None = None,
    case: Case | None = None,
    dedupe_key: str | None = None,
    expires_at: datetime | None = None,
    attachment: tuple[str, str, str] | None = None,
) -> OutboxMail:
    """Write a mail into the outbox in the caller's transaction; it is sent after commit.

    ``kind`` is a code, no personal data. With ``dedupe_key`` the mail exists once: queueing
    it again returns the first row. Mails with ``expires_at`` (a link that stops working) are
    not sent after that moment, and their text is erased once sent or abandoned, so that the
    database keeps no usable link. ``attachment`` is (file name, text, MIME type).
    """
    with transaction.atomic():
        if dedupe_key is not None:
            existing = OutboxMail.objects.filter(dedupe_key=dedupe_key).first()
            if existing is not None:
                return existing
        try:
            with transaction.atomic():
                mail = OutboxMail.objects.create(
                    to=to,
                    # Header injection is refused by EmailMessage; one line keeps the subject sendable.
                    subject=" ".join(subject.split())[:300],
                    body=body,
                    kind=kind,
                    language=language or translation.get_language() or settings.LANGUAGE_CODE,
                    case=case,
                    dedupe_key=dedupe_key,
                    expires_at=expires_at,
                    **_attachment_fields(attachment),
                )
        except IntegrityError:
            if dedupe_key is None:
                raise
            # A concurrent transaction queued the same mail and committed first.
            return OutboxMail.objects.get(dedupe_key=dedupe_key)
        transaction.on_commit(lambda: outbox_mail_send_schedule(mail_id=mail.pk))
    return mail


def _attachment_fields(attachment: tuple[str, str, str] | None) -> dict[str, str]:
    if attachment is None:
        return {}
    name, text, mimetype = attachment
    return {"attachment_name": name, "attachment_text": text, "attachment_type": mimetype}


def outbox_mail_send_schedule(*, mail_id: int) -> None:
    """Hand the mail to a worker. Called after commit: if the broker is unreachable the mail
    stays in the outbox and ``outbox_mail_resume`` sends it, so the caller never sees an error."""
    from services.notifications.tasks import outbox_mail_send

    try:
        outbox_mail_send.delay(mail_id=mail_id)
    except Exception as exc:
        logger.warning("Queueing outbox mail %s failed (%s); the resume sends it", mail_id, type(exc).__name__)


def outbox_message_id(*, mail: OutboxMail) -> str:
    """The same for every attempt, so a repeated delivery is recognisably the same mail."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<{mail.public_id}@{domain}>"


def outbox_mail_deliver(*, mail_id: int) -> Delivery:
    """Send one outbox mail unless it is sent already or another worker is sending it."""
    with transaction.atomic():
        mail = (
            OutboxMail.objects.select_for_update(skip_locked=True)
            .filter(pk=mail_id, sent_at__isnull=True, abandoned_at__isnull=True)
            .first()
        )
        if mail is None:
            return Delivery.NOTHING_TO_DO
        now = timezone.now()
        if mail.expires_at is not None and mail.expires_at <= now:
            mail.abandoned_at = now
            mail.body = ""
            mail.save(update_fields=["abandoned_at", "body"])
            return Delivery.EXPIRED
        headers = {"Message-ID": outbox_message_id(mail=mail)}
        if mail.language:
            headers["Content-Language"] = mail.language
        message = EmailMessage(subject=mail.subject, body=mail.body, to=[mail.to], headers=headers)
        if mail.attachment_name:
            message.attach(mail.attachment_name, mail.attachment_text, mail.attachment_type)
        mail.attempts += 1
        mail.last_attempt_at = now
        try:
            message.send()
        except Exception as exc:
            logger.warning("Sending outbox mail %s (%s) failed: %s", mail.pk, mail.kind, type(exc).__name__)
            mail.last_error = type(exc).__name__[:120]
            mail.save(update_fields=["attempts", "last_attempt_at", "last_error"])
            return Delivery.FAILED
        # From here to the commit is the window in which a crash sends the mail twice.
        mail.sent_at = timezone.now()
        mail.last_error = ""
        update_fields = ["attempts", "last_attempt_at", "last_error", "sent_at"]
        if mail.expires_at is not None:
            mail.body = ""
            update_fields.append("body")
        mail.save(update_fields=update_fields)
        if mail.case_id is not None:
            _case_mail_sent_record(mail=mail)
    return Delivery.SENT


def _case_mail_sent_record(*, mail: OutboxMail) -> None:
    # Same transaction as the sent mark: the timeline says "sent" exactly when the outbox does.
    case = Case.objects.select_for_update(of=("self",)).get(pk=mail.case_id)
    if mail.kind == RECEIPT:
        case.receipt_sent_at = mail.sent_at
        case.save(update_fields=["receipt_sent_at"])
        case_event_record(case=case, kind=CaseEvent.Kind.RECEIPT_SENT)
    else:
        case_event_record(case=case, kind=CaseEvent.Kind.NOTIFIED, data={"mail": mail.kind})


def outbox_mails_resume(*, older_than_seconds: int) -> int:
    """Schedule every unsent mail that no task sent within ``older_than_seconds`` (broker down,
    worker killed, mail server refused); abandon those whose link expired. Returns how many."""
    now = timezone.now()
    cutoff = now - timedelta(seconds=older_than_seconds)
    pending = OutboxMail.objects.filter(sent_at__isnull=True, abandoned_at__isnull=True)
    expired = pending.filter(expires_at__lte=now)
    expired.update(abandoned_at=now, body="")
    due = (
        pending.filter(created_at__lt=cutoff, attempts__lt=settings.OUTBOX_MAX_ATTEMPTS)
        .exclude(last_attempt_at__gte=cutoff)
        .values_list("pk", flat=True)
    )
    mail_ids = list(due[: settings.OUTBOX_RESUME_BATCH])
    for mail_id in mail_ids:
        outbox_mail_send_schedule(mail_id=mail_id)
    return len(mail_ids)


def case_receipt_queue(*, case_id: int) -> OutboxMail:
    """Put the receipt (Eingangsbestätigung) into the outbox, once per case; it names the rule the
    service declares (``Service.receipt_basis``: § 15 GewO for a Gewerbeanzeige, else the permit's own).

    The case row is locked, so concurrent runs write one mail; the outbox marks the case's
    receipt as sent when the mail has gone out.
    """
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("service", "department", "applicant")
            .get(pk=case_id)
        )
        dedupe_key = f"{RECEIPT}:{case.pk}"
        existing = OutboxMail.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
        context = {
            "case": case,
            "city_name": settings.CITY_NAME,
            "city_authority": settings.CITY_AUTHORITY,
            "case_url": settings.SITE_URL + reverse("cases:detail", args=[case.public_id]),
            "pdf_url": settings.SITE_URL + reverse("cases:pdf", args=[case.public_id]),
        }
        # The receipt is the authority's official confirmation: in the official language.
        with translation.override(settings.LANGUAGE_CODE):
            subject = render_to_string("email/receipt_subject.txt", context).strip()
            body = render_to_string("email/receipt.txt", context)
        return outbox_mail_queue(
            to=case.applicant.email,
            subject=subject,
            body=body,
            kind=RECEIPT,
            language=settings.LANGUAGE_CODE,
            case=case,
            dedupe_key=dedupe_key,
        )
