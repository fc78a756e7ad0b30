import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from portal.accounts.models import Role, User
from portal.accounts.selectors import uid_decode
from portal.accounts.tokens import email_verification_token_generator
from services.catalog.models import Department

logger = logging.getLogger(__name__)


def email_normalize(email: str) -> str:
    return User.objects.normalize_email(email.strip()).lower()


def link_valid_hours() -> int:
    """How long confirmation and password links work, for the texts that mention it."""
    return settings.PASSWORD_RESET_TIMEOUT // 3600


def _uid_encode(user: User) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def account_mail_send(*, user: User, template: str, context: dict[str, Any] | None = None) -> None:
    """Render an account mail now (in the active language) and send it once the transaction commits."""
    context = {
        "user": user,
        "site_url": settings.SITE_URL,
        "city_name": settings.CITY_NAME,
        "valid_hours": link_valid_hours(),
        **(context or {}),
    }
    subject = "".join(render_to_string(f"email/accounts/{template}_subject.txt", context).splitlines())
    body = render_to_string(f"email/accounts/{template}_body.txt", context)
    recipient, user_pk = user.email, user.pk

    def send() -> None:
        # The account is already committed: a failing mail server must not turn the
        # response into an error page. The person can ask for a new mail; ops see the log.
        try:
            send_mail(subject, body, None, [recipient])
        except Exception:
            logger.exception("Sending account mail %r to user %s failed", template, user_pk)

    transaction.on_commit(send)


def user_verification_send(*, user: User) -> None:
    """Mail a one-time link that confirms the address (valid for PASSWORD_RESET_TIMEOUT seconds)."""
    if user.is_email_verified:
        return
    path = reverse(
        "accounts:verify",
        kwargs={"uidb64": _uid_encode(user), "token": email_verification_token_generator.make_token(user)},
    )
    account_mail_send(user=user, template="verification", context={"link": settings.SITE_URL + path})


def _existing_owner_notify(*, user: User) -> None:
    if not user.is_active:
        return
    if not user.is_email_verified:
        # Most likely the same person whose first mail got lost: a fresh link helps them.
        user_verification_send(user=user)
        return
    account_mail_send(
        user=user,
        template="already_registered",
        context={
            "login_link": settings.SITE_URL + reverse("accounts:login"),
            "password_reset_link": settings.SITE_URL + reverse("accounts:password_reset"),
        },
    )


def user_signup(*, email: str, password: str, full_name: str) -> User | None:
    """Create an unverified founder account and mail the confirmation link.

    An address that already has an account is not changed; its owner gets a mail
    instead and the caller receives None. The caller must answer both cases the
    same way so that nobody can probe which addresses are registered.
    """
    email = email_normalize(email)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=email, password=password, full_name=full_name.strip(), privacy_accepted_at=timezone.now()
                )
                user_verification_send(user=user)
                return user
        except IntegrityError:
            # A concurrent sign-up with the same address won the race.
            existing = User.objects.get(email__iexact=email)
    # Hash anyway so that both branches take about as long.
    make_password(password)
    _existing_owner_notify(user=existing)
    return None


def user_verification_resend(*, email: str) -> None:
    """Send a new confirmation link if the address belongs to an unconfirmed account; else do nothing."""
    user = User.objects.filter(
        email__iexact=email_normalize(email), is_active=True, email_verified_at__isnull=True
    ).first()
    if user is not None:
        user_verification_send(user=user)


def user_email_verify(*, uidb64: str, token: str) -> User | None:
    """Confirm the address of the account the link was made for; None if the link is invalid, used or expired."""
    pk = uid_decode(uidb64)
    if pk is None:
        return None
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=pk, is_active=True).first()
        if user is None or not email_verification_token_generator.check_token(user, token):
            return None
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user


def user_password_reset_send(*, user: User) -> None:
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={"uidb64": _uid_encode(user), "token": default_token_generator.make_token(user)},
    )
    account_mail_send(user=user, template="password_reset", context={"link": settings.SITE_URL + path})


def user_password_reset_complete(*, user: User, password: str) -> User:
    """Set the new password. The reset link reached the mailbox, so the address counts as confirmed."""
    user.set_password(password)
    update_fields = ["password"]
    if not user.is_email_verified:
        user.email_verified_at = timezone.now()
        update_fields.append("email_verified_at")
    user.save(update_fields=update_fields)
    return user


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    role: Role
    department_codes: tuple[str, ...] = ()
    is_admin: bool = False


DEMO_PASSWORD = "demo-passwort-2026"
DEMO_ACCOUNTS = (
    DemoAccount("gruender@example.org", "Gina Gründerin", Role.FOUNDER),
    DemoAccount("gewerbe@example.org", "Sachbearbeitung Gewerbeamt", Role.CLERK, ("gewerbeamt",)),
    DemoAccount("leitung@example.org", "Leitung Gewerbeamt", Role.SUPERVISOR, ("gewerbeamt",)),
    DemoAccount("wfg@example.org", "Wirtschaftsförderung", Role.ANALYST),
    DemoAccount("admin@example.org", "Administration", Role.ADMIN, is_admin=True),
)


@transaction.atomic
def demo_users_seed(*, password: str = DEMO_PASSWORD) -> list[User]:
    """Create or reset the demo accounts. Needs the catalog (departments) loaded; safe to run again."""
    users = []
    for account in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(email=account.email)
        user.full_name = account.full_name
        user.role = account.role
        user.is_active = True
        user.is_staff = user.is_superuser = account.is_admin
        user.email_verified_at = user.email_verified_at or timezone.now()
        user.set_password(password)
        user.save()
        user.departments.set(Department.objects.get(code=code) for code in account.department_codes)
        users.append(user)
    return users
