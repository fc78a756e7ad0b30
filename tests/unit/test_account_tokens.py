"""The e-mail confirmation token: bound to the account's state, single use, limited in time."""

from datetime import datetime, timedelta

from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone

from portal.accounts.models import User
from portal.accounts.tokens import EmailVerificationTokenGenerator


def unsaved_user(**fields) -> User:
    return User(pk=42, email="anna@example.org", **fields)


def test_a_fresh_token_is_accepted():
    generator = EmailVerificationTokenGenerator()
    user = unsaved_user()

    assert generator.check_token(user, generator.make_token(user))


def test_the_token_stops_working_once_the_address_is_confirmed():
    generator = EmailVerificationTokenGenerator()
    user = unsaved_user()
    token = generator.make_token(user)

    user.email_verified_at = timezone.now()

    assert not generator.check_token(user, token)


def test_the_token_is_bound_to_the_address():
    generator = EmailVerificationTokenGenerator()
    user = unsaved_user()
    token = generator.make_token(user)

    user.email = "someone.else@example.org"

    assert not generator.check_token(user, token)


def test_the_token_expires_after_the_configured_time(settings):
    generator = EmailVerificationTokenGenerator()
    user = unsaved_user()
    token = generator.make_token(user)

    generator._now = lambda: datetime.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 1)

    assert not generator.check_token(user, token)


def test_a_password_reset_token_does_not_confirm_an_address():
    user = unsaved_user(password="x")

    assert not EmailVerificationTokenGenerator().check_token(user, default_token_generator.make_token(user))
