import logging

from celery import shared_task
from django.utils import translation

from portal.accounts.mails import AccountMail, account_mail_compose
from portal.accounts.models import User

logger = logging.getLogger(__name__)


class AccountMailNotSent(Exception):
    """Names only the kind of mail: Celery logs the text of a task's exception, and the
    mail server's own errors may quote the recipient's address."""


@shared_task(bind=True, max_retries=5)
def account_mail_send(self, *, user_id: int | None, kind: str, language: str) -> None:
    """Compose and send one account mail. Gets only the account's id, so no address or link
    passes through the broker or the worker's logs. ``None``: a request for an address without
    an account, queued only so that its answer takes as long; nothing is sent."""
    user = User.objects.filter(pk=user_id).first() if user_id is not None else None
    if user is None:
        return
    with translation.override(language):
        message = account_mail_compose(user=user, kind=AccountMail(kind))
    if message is None:
        return
    try:
        message.send()
    except Exception as exc:
        logger.warning("Sending account mail %r to user %s failed: %s", kind, user_id, type(exc).__name__)
        if self.request.is_eager:
            # Run inside the request: the person sees the normal answer and can ask for a new mail.
            return
        raise self.retry(exc=AccountMailNotSent(kind), countdown=60 * 2**self.request.retries) from None
