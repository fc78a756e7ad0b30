import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

from portal.deployment import serving_settings_verify  # noqa: E402  (needs the settings loaded)

serving_settings_verify()
