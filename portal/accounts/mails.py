"""The account mails, composed when they are queued into the outbox (``services.notifications``):
links and tokens never travel through the broker, and the outbox erases them once sent."""

from enum import StrEnum

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from portal.accounts.models import User
from portal.accounts.selectors import link_valid_hours
from portal.accounts.tokens import email_verification_token_generator


class AccountMail(StrEnum):
    VERIFICATION = "verification"
    ALREADY_REGISTERED = "already_registered"
    PASSWORD_RESET = "password_reset"


def _link(user: User, url_name: str, token: str) -> str:
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return settings.SITE_URL + reverse(url_name, kwargs={"uidb64": uidb64, "token": token})


def _context(user: User, kind: AccountMail) -> dict | None:
    """What the mail needs; None if it no longer applies to the account as it is now."""
    if not user.is_active:
        return None
    if kind == AccountMail.VERIFICATION:
        if user.is_email_verified:
            return None
        return {"link": _link(user, "accounts:verify", email_verification_token_generator.make_token(user))}
    if kind == AccountMail.PASSWORD_RESET:
        if not user.has_usable_password():
            return None
        return {"link": _link(user, "accounts:password_reset_confirm", default_token_generator.make_token(user))}
    return {
        "login_link": settings.SITE_URL + reverse("accounts:login"),
        "password_reset_link": settings.SITE_URL + reverse("accounts:password_reset"),
    }


def account_mail_compose(*, user: User, kind: AccountMail) -> EmailMessage | None:
    """Render the mail in the active language, or None if it no longer applies (e.g. already confirmed)."""
    context = _context(user, kind)
    if context is None:
        return None
    context = {
        "user": user,
        "site_url": settings.SITE_URL,
        "city_name": settings.CITY_NAME,
        "valid_hours": link_valid_hours(),
        **context,
    }
    subject = "".join(render_to_string(f"email/accounts/{kind}_subject.txt", context).splitlines())
    body = render_to_string(f"email/accounts/{kind}_body.txt", context)
    return EmailMessage(subject, body, None, [user.email])
