import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from services.workflow.transitions import FINAL_STATUSES, INITIAL_STATUS, CaseStatus

# The statuses of cases that still need work: the inbox's default and its partial indexes.
CASE_OPEN_STATUSES = tuple(status for status in CaseStatus.values if status not in FINAL_STATUSES)


def attachment_key(instance: "Attachment", filename: str) -> str:
    # The key reveals nothing: neither the founder's file name nor a guessable number.
    return f"attachments/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}"


def case_pdf_key(instance: "Case", filename: str) -> str:
    return f"cases/{instance.submitted_at:%Y/%m}/{uuid.uuid4().hex}.pdf"


class Case(models.Model):
    """A submitted application (Vorgang)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    submission_key = models.UUIDField(unique=True, editable=False)
    reference = models.CharField(_("reference"), max_length=30, unique=True)
    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT, related_name="cases")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(_("status"), max_length=30, choices=CaseStatus.choices, default=INITIAL_STATUS)
    answers = models.JSONField(_("answers"), encoder=DjangoJSONEncoder)
    title = models.CharField(_("title"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(_("received at"))
    department = models.ForeignKey(
        "catalog.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    routing_reason = models.CharField(_("routing reason"), max_length=300, blank=True)
    routed_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=case_pdf_key, blank=True, max_length=200)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    receipt_sent_at = models.DateTimeField(null=True, blank=True)
    # The snapshot of what the founder saw at submit, in the official language: sections of
    # {"step", "title", "fields": [{"number", "label", "value"}]}. The clerk's page, the PDF and
    # every export read it, so a later change of the wizard never rewrites an old case.
    summary = models.JSONField(_("summary"), default=list, encoder=DjangoJSONEncoder)
    form_version = models.CharField(_("form version"), max_length=40, blank=True)
    # Reference, trade name, surnames and e-mail, folded for search ("Schäfer" -> "schaefer").
    search_text = models.TextField(blank=True, editable=False)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("assigned to"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    # Set while the processing clock pauses (information requested); the due date moves on resume.
    clock_paused_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["applicant", "-submitted_at"], name="case_applicant_idx"),
            # The inbox: one index per filter and sort, led by the department every staff query has.
            # The search text's trigram index exists on PostgreSQL only (migration 0004).
            models.Index(fields=["department", "status", "submitted_at"], name="case_inbox_idx"),
            models.Index(fields=["department", "status", "due_date"], name="case_status_due_idx"),
            models.Index(fields=["department", "submitted_at"], name="case_received_idx"),
            models.Index(fields=["department", "due_date", "submitted_at"], name="case_due_idx"),
            models.Index(
                fields=["department", "due_date", "submitted_at"],
                name="case_open_due_idx",
                condition=models.Q(status__in=CASE_OPEN_STATUSES),
            ),
            models.Index(
                fields=["department", "submitted_at"],
                name="case_open_received_idx",
                condition=models.Q(status__in=CASE_OPEN_STATUSES),
            ),
            models.Index(fields=["department", "service", "status"], name="case_service_idx"),
            models.Index(fields=["assignee", "status", "due_date"], name="case_assignee_idx"),
            # "Assigned to me" / "unassigned" with a status and a period: each count per status and the
            # page's count read this index alone (a department's history holds 60,000 cases per clerk).
            models.Index(fields=["department", "assignee", "status", "submitted_at"], name="case_dept_assignee_idx"),
        ]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.reference


class ReferenceCounter(models.Model):
    """The last reference number handed out per service and year."""

    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "year"], name="unique_counter_per_service_year")]

    def __str__(self) -> str:
        return f"{self.service_id}/{self.year}: {self.last_number}"


class Attachment(models.Model):
    """An uploaded document: first held by a draft, then by the submitted case."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attachments")
    draft = models.ForeignKey(
        "forms.Draft", on_delete=models.SET_NULL, null=True, blank=True, related_name="attachments"
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="attachments")
    # Set for files sent later in the case's message thread (an answer to an information request,
    # or a decision document from the department).
    message = models.ForeignKey(
        "CaseMessage", on_delete=models.PROTECT, null=True, blank=True, related_name="attachments"
    )
    # Who uploaded it, when that is not the owner (a clerk's decision document).
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    document_code = models.SlugField(_("document"), max_length=60)
    document_label = models.CharField(_("document"), max_length=200)
    file = models.FileField(upload_to=attachment_key, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return f"{self.document_label}: {self.original_name}"


class CaseEvent(models.Model):
    """The audit trail: one row for everything that happened to a case."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Received")
        ROUTED = "routed", _("Routed")
        PDF_RENDERED = "pdf_rendered", _("PDF created")
        RECEIPT_SENT = "receipt_sent", _("Receipt sent")
        TRANSITION = "transition", _("Status changed")
        REROUTED = "rerouted", _("Re-routed")
        ASSIGNED = "assigned", _("Assignment changed")
        NOTE_ADDED = "note_added", _("Internal note added")
        MESSAGE_SENT = "message_sent", _("Message sent")
        DUE_DATE_SET = "due_date_set", _("Due date set")
        DECISION_DOCUMENT = "decision_document", _("Decision document added")
        ACCESSED = "accessed", _("Opened by staff")
        NOTIFIED = "notified", _("Founder notified")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    data = models.JSONField(default=dict, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"


class CaseNote(models.Model):
    """An internal note of the department on a case; never shown to the founder."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self) -> str:
        return f"{self.case_id} note {self.pk}"


class CaseMessage(models.Model):
    """One message of the thread between the department and the founder."""

    class Direction(models.TextChoices):
        TO_FOUNDER = "to_founder", _("From the department")
        FROM_FOUNDER = "from_founder", _("From the applicant")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(max_length=20, choices=Direction.choices)
    text = models.TextField(_("message"))
    # The workflow move the message came with (e.g. "request_information"), if any.
    transition = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.case_id} message {self.pk}"
