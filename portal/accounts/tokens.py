from django.contrib.auth.tokens import PasswordResetTokenGenerator

from portal.accounts.models import User


class EmailVerificationTokenGenerator(PasswordResetTokenGenerator):
    """Tokens for the e-mail confirmation link.

    The hash covers ``email_verified_at``, so a link stops working once it has
    been used, and the password hash, so a new sign-up of the same unconfirmed
    address ends the links sent before; the age check (settings.PASSWORD_RESET_TIMEOUT)
    is inherited.
    """

    key_salt = "portal.accounts.tokens.EmailVerificationTokenGenerator"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        # Microseconds dropped: some databases do not store them.
        verified = "" if user.email_verified_at is None else user.email_verified_at.replace(microsecond=0, tzinfo=None)
        return f"{user.pk}{user.email}{user.password}{verified}{timestamp}"


email_verification_token_generator = EmailVerificationTokenGenerator()
