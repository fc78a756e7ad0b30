from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from portal.accounts.mails import AccountMail, account_mail_compose
from portal.accounts.models import Role, User
from portal.accounts.selectors import uid_decode
from portal.accounts.tokens import email_verification_token_generator
from services.catalog.models import Department
from services.notifications.services import outbox_mail_queue


def email_normalize(email: str) -> str:
    return User.objects.normalize_email(email.strip()).lower()


def account_mail_queue(*, user: User | None, kind: AccountMail) -> None:
    """Put an account mail, in the active language, into the outbox; it is sent after commit.

    Composed now, so a link's validity counts from here: the outbox drops a mail it could not
    send while its link works, and erases the text (with the link) once it is sent. The request
    itself never talks to the mail server, so its duration does not tell whether an address is
    registered.
    """
    if user is None:
        return
    message = account_mail_compose(user=user, kind=kind)
    if message is None:
        return
    outbox_mail_queue(
        to=user.email,
        subject=message.subject,
        body=message.body,
        kind=f"account_{kind}",
        language=translation.get_language(),
        expires_at=timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
    )


def user_verification_send(*, user: User) -> None:
    """Mail a one-time link that confirms the address (valid for PASSWORD_RESET_TIMEOUT seconds)."""
    if not user.is_email_verified:
        account_mail_queue(user=user, kind=AccountMail.VERIFICATION)


def _existing_owner_notify(*, user: User) -> None:
    if user.is_active and user.is_email_verified:
        account_mail_queue(user=user, kind=AccountMail.ALREADY_REGISTERED)


def user_signup(*, email: str, password: str, full_name: str) -> User | None:
    """Create an unverified founder account and mail the confirmation link.

    A confirmed address is not changed; its owner gets a mail instead and the caller
    receives None. The caller must answer both cases the same way so that nobody can
    probe which addresses are registered.

    An address that is registered but not confirmed belongs to nobody yet: anyone may
    have typed it. Its sign-up is replaced by the new one (password, name, consent), so
    the account never keeps a password that the owner of the mailbox did not choose.
    Replacing the password also ends every confirmation link sent before (the token
    covers the password hash), and confirming asks for the password
    (``user_email_verify``). So the account is confirmed only by someone who holds both
    the latest link (the mailbox) and the password of the latest sign-up: an attacker
    who signs up again after the owner gets a link mailed to the owner, never to
    themselves.
    """
    email = email_normalize(email)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None and not existing.is_email_verified and existing.is_active:
        with transaction.atomic():
            existing = User.objects.select_for_update().get(pk=existing.pk)
            if not existing.is_email_verified:
                existing.set_password(password)
                existing.full_name = full_name.strip()
                existing.privacy_accepted_at = timezone.now()
                existing.save(update_fields=["password", "full_name", "privacy_accepted_at"])
                user_verification_send(user=existing)
                return None
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
    account_mail_queue(user=user, kind=AccountMail.VERIFICATION)


class VerificationPasswordWrong(Exception):
    """The link is valid, but the password is not the one chosen in the latest sign-up."""


def user_email_verify(*, uidb64: str, token: str, password: str) -> User | None:
    """Confirm the address of the account the link was made for; None if the link is invalid, used or expired.

    The password of the latest sign-up must be given too (``VerificationPasswordWrong``
    otherwise): see ``user_signup`` for why the link alone is not enough.
    """
    pk = uid_decode(uidb64)
    if pk is None:
        return None
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=pk, is_active=True).first()
        if user is None or not email_verification_token_generator.check_token(user, token):
            return None
        if not user.check_password(password):
            raise VerificationPasswordWrong
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user


def user_password_reset_send(*, user: User | None) -> None:
    """Mail a reset link; ``None`` (no such account) does the same work and sends nothing."""
    account_mail_queue(user=user, kind=AccountMail.PASSWORD_RESET)


def user_password_reset_complete(*, user: User, password: str) -> User:
    """Set the new password and end a log-in block of the account. The reset link reached the mailbox,
    so the address counts as confirmed."""
    from axes.utils import reset as login_failures_reset  # imported here: axes needs the app registry

    login_failures_reset(username=user.email)
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
