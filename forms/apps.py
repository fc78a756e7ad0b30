from django.apps import AppConfig


class FormsConfig(AppConfig):
    name = "forms"
    label = "forms"
    verbose_name = "Antragsassistenten"

    def ready(self):
        # Each application module registers its declaration when imported.
        from forms.applications import (  # noqa: F401
            gaststaettenerlaubnis,
            gewerbeabmeldung,
            gewerbeanmeldung,
            gewerbeummeldung,
            reisegewerbekarte,
            sondernutzung,
        )
