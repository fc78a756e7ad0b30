"""The personal link to move or cancel an appointment.

The token is the appointment's id signed with the site's secret (HMAC), so it cannot be guessed or
altered into another appointment's link, and it can be written into every mail about the appointment
without storing it. It stops working once the appointment is over (``selectors``)."""

from django.core import signing

_SALT = "services.appointments.manage"


def manage_token_make(*, public_id) -> str:
    return signing.Signer(salt=_SALT).sign(str(public_id))


def manage_token_read(token: str) -> str | None:
    """The appointment's public id the token names, or None for a forged or mangled token."""
    try:
        return signing.Signer(salt=_SALT).unsign(token)
    except signing.BadSignature:
        return None
