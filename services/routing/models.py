from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class RoutingRule(models.Model):
    """One rule of a service: when all its conditions match a case's answers, the case goes to ``target``.

    The rules of a service are asked in ``position`` order (1, 2, 3, … as the staff list shows
    them); the first match wins and the catalog's department is the fallback. ``conditions``
    is ``{kind: value}`` as declared in ``services.routing.conditions``.
    """

    service = models.ForeignKey(
        "catalog.Service", on_delete=models.CASCADE, related_name="routing_rules", verbose_name=_("service")
    )
    position = models.PositiveIntegerField(_("position"))
    conditions = models.JSONField(_("conditions"), default=dict, encoder=DjangoJSONEncoder)
    target = models.ForeignKey(
        "catalog.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("target department")
    )
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["service", "position", "id"]
        indexes = [models.Index(fields=["service", "position"], name="routing_rule_order_idx")]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")

    def __str__(self) -> str:
        return f"{self.service_id} #{self.position}"
