"""What the agency's figures are counted from: one narrow row per case and anonymous wizard events.

Neither table holds anything that identifies a person: a ``CaseFigure`` keeps codes (service,
department, district, legal form, WZ section, kind, reason) and times; a ``WizardEvent`` keeps the
service, the step, what happened, when, and a per-draft journey id that cannot be traced back to the
draft without the portal's secret key. Never an answer.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CaseFigure(models.Model):
    """A case as the figures count it, kept current by the case's own writes (``case_figure_sync``).

    This is the dashboard's rollup: the dimensions are read out of the case's answers once, when the
    case changes, instead of out of JSON on every dashboard request; the rows are narrow enough that
    a year of a large city's cases aggregates from the indexes below.
    """

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, primary_key=True, related_name="+")
    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE, related_name="+")
    department = models.ForeignKey(
        "catalog.Department", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField()
    # The day of submission in the city's time zone: days, weeks and months are the city's.
    submitted_on = models.DateField()
    district = models.CharField(max_length=20, blank=True)
    legal_form = models.CharField(max_length=30, blank=True)
    wz_section = models.CharField(max_length=1, blank=True)
    # The kinds of business ticked (several may be), one bit each (``KIND_BITS``).
    business_kinds = models.PositiveSmallIntegerField(default=0)
    reason = models.CharField(max_length=12, blank=True)
    side_business = models.BooleanField(null=True)
    open = models.BooleanField(default=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # Calendar days from receipt to decision, pauses included (what the founder waited).
    processing_days = models.FloatField(null=True, blank=True)
    within_due = models.BooleanField(null=True)
    information_requested = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(
                fields=["submitted_on", "service", "department", "district"],
                name="figure_period_idx",
            ),
            models.Index(fields=["service", "submitted_on"], name="figure_service_idx"),
            models.Index(fields=["submitted_on"], name="figure_open_idx", condition=models.Q(open=True)),
        ]

    def __str__(self) -> str:
        return f"figures of case {self.case_id}"


class WizardEvent(models.Model):
    """One anonymous step of a founder's way through a wizard (the funnel)."""

    class Kind(models.TextChoices):
        STARTED = "started", _("Started")
        STEP_COMPLETED = "step_completed", _("Step completed")
        SUBMITTED = "submitted", _("Submitted")

    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE, related_name="+")
    journey = models.UUIDField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    step = models.CharField(max_length=40, blank=True)
    at = models.DateTimeField(default=timezone.now)
    # For a submission: seconds since the draft was started (the time to complete).
    seconds = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["service", "kind", "at"], name="wizard_event_kind_idx"),
            models.Index(fields=["journey", "kind"], name="wizard_event_journey_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.step}".strip()
