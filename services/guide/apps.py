from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    """The founding guide (Gründungslotse): a questionnaire without login and the checklist its rules produce."""

    name = "services.guide"
    label = "guide"
    verbose_name = _("Founding guide")
