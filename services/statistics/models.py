"""What the agency's figures are counted from: one narrow row per case and one per wizard draft.

Neither table holds anything that identifies a person: a ``CaseFigure`` keeps codes (service,
department, district, legal form, WZ section, kind, reason) and times; a ``WizardJourney`` keeps the
service, the steps completed, the last one and the times of start and submission, under a per-draft
journey id that cannot be traced back to the draft without the portal's secret key. Never an answer,
and no record of each step's POST: the funnel keeps only what its figures count.
"""

from django.db import models


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


class FigureDay(models.Model):
    """The dashboard's daily rollup of ``CaseFigure``: per day of receipt (the city's calendar), service,
    department and district, the cases and the processing counts that add up (open, decided, with a due
    date, decided within it, with an information request).

    Kept current by ``case_figure_sync`` in the transaction of the case's write (the change of the case's
    figure row is added to its cells, the old row's taken off), rebuilt whole by ``figure_rollups_rebuild``.
    Every cell is kept at four levels: its department and district, all departments (-1), all districts
    ("*") and both, so that each filter reads one level (the unfiltered dashboard the few cells per day
    and service of "all and all"). Ids are plain numbers (a rollup has no foreign keys to keep);
    department 0 is "not routed yet".
    """

    day = models.DateField()
    service = models.IntegerField()
    department = models.IntegerField(default=0)
    district = models.CharField(max_length=20, blank=True)
    cases = models.IntegerField(default=0)
    open = models.IntegerField(default=0)
    decided = models.IntegerField(default=0)
    with_due = models.IntegerField(default=0)
    within_due = models.IntegerField(default=0)
    requested = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["department", "district", "day", "service"], name="figure_day_cell"),
        ]
        indexes = [
            models.Index(fields=["day"], name="figure_day_idx"),
            models.Index(fields=["day"], name="figure_day_open_idx", condition=models.Q(open__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.service}/{self.department}/{self.district}: {self.cases}"


class FigureMonth(models.Model):
    """The dashboard's monthly rollup of ``CaseFigure`` for what has too many values to keep per day: per
    month of receipt, service, department and district, the cases per value of each breakdown
    (``dimension``: legal_form, wz_section, reason, side_business, business_kind — a case counts once per
    kind it names) and the decided cases per whole day of processing time (``dimension`` "days", the value
    the days rounded to the nearest whole day), the histogram the median and 90th percentile are read from,
    and the day counts that add up (``dimension`` "count", value cases, decided, with_due, within_due,
    requested), so that whole months need not read every day.

    Kept and rebuilt like ``FigureDay``, at the same four levels. Days of a period that do not cover a
    whole month are read from ``FigureDay`` and ``CaseFigure`` (``services.statistics.selectors``).
    """

    month = models.DateField()
    service = models.IntegerField()
    department = models.IntegerField(default=0)
    district = models.CharField(max_length=20, blank=True)
    dimension = models.CharField(max_length=20)
    value = models.CharField(max_length=30, blank=True)
    cases = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["department", "district", "dimension", "month", "service", "value"], name="figure_month_cell"
            ),
        ]
        # Per department (every district) and per district (every department); the unique index
        # serves the other levels.
        indexes = [
            models.Index(fields=["district", "dimension", "month"], name="figure_month_district_idx"),
            models.Index(fields=["department", "dimension", "month"], name="figure_month_department_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.service}/{self.department}/{self.district} {self.dimension}={self.value}"


class WizardStep(models.Model):
    """The bit a wizard step has in ``WizardJourney.steps_done``: given on first sight, never reused, so
    reordering or adding steps later leaves the journeys already counted as they were."""

    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=40)
    bit = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "name"], name="wizard_step_unique_name"),
            models.UniqueConstraint(fields=["service", "bit"], name="wizard_step_unique_bit"),
        ]

    def __str__(self) -> str:
        return f"{self.service_id}/{self.name}"


class WizardJourney(models.Model):
    """The funnel's rollup of one draft's events, kept by ``funnel_event_record``: when it started, which
    steps it completed, the last one, and whether and how fast it was submitted."""

    journey = models.UUIDField(primary_key=True)
    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField()
    steps_done = models.BigIntegerField(default=0)
    last_step = models.CharField(max_length=40, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    seconds = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["started_at", "service"], name="wizard_journey_started_idx")]

    def __str__(self) -> str:
        return str(self.journey)


class FunnelMonth(models.Model):
    """The funnel's monthly rollup of ``WizardJourney``: per month a draft was started in (the city's
    calendar) and service, the drafts (``dimension``): "started" and "submitted" (value ""), "step" per
    step's bit in ``WizardJourney.steps_done`` (value the bit), "stop" per last step completed of the
    drafts not submitted (value the step, "" before the first) and "minutes" per whole minute from start
    to submission (value the minutes, rounded to the nearest), the histogram the median is read from.

    Kept by ``funnel_event_record`` in the transaction of each event, rebuilt by ``funnel_rollups_rebuild``;
    days of a period that do not cover a whole month are read from ``WizardJourney`` itself.
    """

    month = models.DateField()
    service = models.IntegerField()
    dimension = models.CharField(max_length=20)
    value = models.CharField(max_length=40, blank=True)
    drafts = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month", "service", "dimension", "value"], name="funnel_month_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.service} {self.dimension}={self.value}: {self.drafts}"
