"""The case's audit trail: every write that matters to a case records its event here, inside
the transaction of the write (``case_event_record``); reading a case records who opened what
(``case_access_record``).

Events keep codes and ids only, never personal data; the words are made when shown
(``services.workspace.timeline``).
"""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from services.cases.models import Attachment, Case, CaseEvent


def case_event_record(
    *, case: Case, kind: str, actor: User | None = None, data: dict[str, Any] | None = None
) -> CaseEvent:
    """Write one audit event. Call it inside the transaction of the write it records.

    ``data`` holds codes and ids only, never personal data.
    """
    return CaseEvent.objects.create(case=case, kind=kind, actor=actor, data=data or {})


class AccessedItem(models.TextChoices):
    """What a staff member opened, as the access event records it."""

    CASE = "case", _("the case")
    PDF = "pdf", _("the PDF")
    ATTACHMENT = "attachment", _("an attachment")


def case_access_record(*, case: Case, user: User, item: str, attachment: Attachment | None = None) -> CaseEvent:
    """Record that a staff member opened the case, its PDF or one of its attachments.

    Only an event is added and the case row is not changed, so it is not locked: reading a
    case never waits for a colleague's action on it. The event is one INSERT, atomic on its own:
    no transaction is opened for it (BEGIN and COMMIT were two of the case page's round trips).
    """
    data: dict[str, Any] = {"item": AccessedItem(item).value}
    if attachment is not None:
        data["attachment"] = attachment.pk
    return case_event_record(case=case, kind=CaseEvent.Kind.ACCESSED, actor=user, data=data)
