from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The clerks' and supervisors' area under ``/sachbearbeitung/``: inbox, case page, routing rules."""

    name = "services.workspace"
    label = "workspace"
    verbose_name = _("Clerk workspace")
