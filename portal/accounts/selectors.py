from django.conf import settings
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

from portal.accounts.models import User
from portal.accounts.tokens import email_verification_token_generator


def link_valid_hours() -> int:
    """How long confirmation and password links work, for the texts that mention it."""
    return settings.PASSWORD_RESET_TIMEOUT // 3600


def uid_decode(uidb64: str) -> int | None:
    try:
        return int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, UnicodeDecodeError):
        return None


def verification_link_user(*, uidb64: str, token: str) -> User | None:
    """The account a confirmation link is valid for, or None. Reads only: the link stays usable."""
    pk = uid_decode(uidb64)
    if pk is None:
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not email_verification_token_generator.check_token(user, token):
        return None
    return user
