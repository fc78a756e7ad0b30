import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OutboxMail(models.Model):
    """One e-mail the portal owes somebody.

    Written in the transaction of the change that causes it, so the mail exists exactly when
    the change does; a task sends it after commit and marks it sent (``services.outbox``).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    to = models.EmailField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    # One text attachment at most (e.g. an appointment's .ics); no personal data beyond the body's.
    attachment_name = models.CharField(max_length=100, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    attachment_text = models.TextField(blank=True)
    # A code such as "receipt", "account_verification" or "case_transition"; never personal data.
    kind = models.CharField(_("kind"), max_length=60)
    language = models.CharField(_("language"), max_length=10, blank=True)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="mails", verbose_name=_("case")
    )
    # Set by callers whose mail must exist only once (e.g. one receipt per case): a second
    # queue with the same key returns the first row instead of writing another.
    dedupe_key = models.CharField(max_length=120, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Not sent and never will be: its link expired before the mail could go out.
    abandoned_at = models.DateTimeField(_("abandoned at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    # Only the class of the error: the mail server's messages may quote the address.
    last_error = models.CharField(_("last error"), max_length=120, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="outbox_pending_idx",
                condition=Q(sent_at__isnull=True, abandoned_at__isnull=True),
            ),
        ]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")

    def __str__(self) -> str:
        return f"{self.kind} {self.public_id}"
