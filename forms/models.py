import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Draft(models.Model):
    """A wizard in progress, kept in the database so it survives restarts."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts")
    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE, related_name="drafts")
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    case = models.OneToOneField("cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="draft")

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")

    def __str__(self) -> str:
        return f"{self.service} ({self.public_id})"


class FounderProfile(models.Model):
    """What a founder entered once and every new application offers again (once-only, within the portal).

    ``data`` holds the shared answer parts by name ("person", "company", "business"), each a JSON
    object keyed by the shared steps' own field names; ``forms.steps.profile`` maps the parts to
    the steps and back. Kept from the first application, changed on "My data" or, when the founder
    says so, from a later application.
    """

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="founder_profile")
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("founder profile")
        verbose_name_plural = _("founder profiles")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.owner_id}"
