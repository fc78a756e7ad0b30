import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Without these the portal would serve with a public secret key or print receipts and
# password links to its log.
REQUIRED_FOR_SERVING = ("SECRET_KEY", "EMAIL_URL")


def serving_settings_verify() -> None:
    """Refuse to serve requests or run tasks on the embedded development defaults outside DEBUG."""
    if settings.DEBUG:
        return
    missing = [name for name in REQUIRED_FOR_SERVING if not os.environ.get(name)]
    if missing:
        raise ImproperlyConfigured(f"Set {', '.join(missing)} in the environment (or DEBUG=true for development).")
