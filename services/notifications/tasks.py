from celery import shared_task
from django.conf import settings
from django.db import DatabaseError

from services.notifications.services import Delivery, outbox_mail_deliver, outbox_mails_resume


class OutboxMailNotSent(Exception):
    """Names no address: Celery logs the text of a task's exception, and the mail
    server's own errors may quote the recipient."""


@shared_task(
    bind=True,
    max_retries=5,
    soft_time_limit=60,
    time_limit=90,
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    retry_backoff_max=settings.CELERY_RETRY_BACKOFF_MAX,
)
def outbox_mail_send(self, *, mail_id: int) -> str:
    """Send one outbox mail; a retry or a second worker never sends it twice (see the service).

    A dropped database connection is retried soon; a mail server that refuses, with a growing
    pause. What outlasts the retries is left to the beat's resume."""
    delivery = outbox_mail_deliver(mail_id=mail_id)
    if delivery == Delivery.FAILED and not self.request.is_eager:
        # After the last retry the beat's resume keeps trying at its own pace; in eager mode
        # (no broker, development) the request must not wait for retries.
        raise self.retry(exc=OutboxMailNotSent(mail_id), countdown=min(30 * 2**self.request.retries, 300))
    return str(delivery)


@shared_task(soft_time_limit=60, time_limit=90)
def outbox_mails_resume_task() -> int:
    """Celery beat: send what no task sent (broker was down, worker killed, mail server refused)."""
    return outbox_mails_resume(older_than_seconds=settings.OUTBOX_RESUME_AFTER_SECONDS)
