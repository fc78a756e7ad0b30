import hashlib
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forms.models import Draft
from portal.accounts.models import User
from services.cases.files import content_type_detect, filename_sanitise
from services.cases.models import Attachment, Case, CaseEvent, ReferenceCounter
from services.cases.search import search_text_build
from services.cases.selectors import attachment_total_size_for_draft
from services.catalog.models import Service


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
    case never waits for a colleague's action on it.
    """
    data: dict[str, Any] = {"item": AccessedItem(item).value}
    if attachment is not None:
        data["attachment"] = attachment.pk
    with transaction.atomic():
        return case_event_record(case=case, kind=CaseEvent.Kind.ACCESSED, actor=user, data=data)


def case_reference_next(*, service: Service) -> str:
    """The next reference of a service in the current year, e.g. ``GEW-2026-000042``.

    Runs inside the submit transaction: the counter row stays locked by the
    UPDATE until commit, so concurrent submits get consecutive, unique numbers.
    """
    year = timezone.localdate().year
    counter, _ = ReferenceCounter.objects.get_or_create(service=service, year=year)
    ReferenceCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
    counter.refresh_from_db(fields=["last_number"])
    return f"{service.reference_prefix}-{year}-{counter.last_number:06d}"


def case_submit(
    *,
    draft: Draft,
    applicant: User,
    answers: dict[str, Any],
    summary: list[dict[str, Any]],
    form_version: str,
    title: str,
    search_terms: list[str],
    document_codes: set[str],
) -> Case:
    """Turn a completed draft into a case, exactly once.

    ``summary`` is the snapshot of the answers as the official form shows them; it stays
    with the case for the clerk's page and the PDF.

    A second submit of the same draft (double click, replayed POST, a retry)
    returns the case the first one created. Attachments of the draft whose
    document still applies move to the case; the rest stay with the draft
    until the upload clean-up removes them.
    """
    # Imported here: the task module imports the services that import this one.
    from services.cases.followup import case_followup_start

    with transaction.atomic():
        draft = (
            Draft.objects.select_for_update(of=("self",)).select_related("service").get(pk=draft.pk, owner=applicant)
        )
        if draft.case_id is not None:
            return draft.case
        reference = case_reference_next(service=draft.service)
        case = Case.objects.create(
            submission_key=draft.public_id,
            reference=reference,
            service=draft.service,
            applicant=applicant,
            answers=answers,
            summary=summary,
            form_version=form_version,
            title=title[:200],
            search_text=search_text_build([reference, title, applicant.email, *search_terms]),
            submitted_at=timezone.now(),
        )
        attached = Attachment.objects.filter(
            draft=draft, owner=applicant, case__isnull=True, document_code__in=document_codes
        ).update(case=case)
        draft.case = case
        draft.data = {}
        draft.save(update_fields=["case", "data", "updated_at"])
        case_event_record(case=case, kind=CaseEvent.Kind.SUBMITTED, actor=applicant, data={"attachments": attached})
        # robust: the case is committed whatever happens next; a follow-up that fails here
        # (broker down, or in eager mode a mail server down) is logged and picked up again
        # by `resume_case_processing`, and the founder still gets the confirmation page.
        transaction.on_commit(lambda: case_followup_start(case_id=case.pk), robust=True)
    return case


def attachment_store(
    *, owner: User, draft: Draft, document_code: str, document_label: str, uploaded_file: File
) -> Attachment:
    """Keep an uploaded document for the owner's draft.

    The draft's uploads together stay within UPLOAD_MAX_CASE_SIZE even when uploads arrive in
    parallel: the check and the save run under a lock on the draft row, so a second upload waits
    until the first is counted (``ValidationError`` with code ``case_size`` beyond the limit). The
    form's own check before only gives the quick answer.
    """
    if draft.owner_id != owner.pk:
        raise ValueError("The draft belongs to another user.")
    return attachment_create(
        owner=owner,
        document_code=document_code,
        document_label=document_label,
        uploaded_file=uploaded_file,
        draft=draft,
    )


def attachment_create(
    *, owner: User, document_code: str, document_label: str, uploaded_file: File, **links: Any
) -> Attachment:
    """Store an uploaded document, held by whatever ``links`` name (``draft``, or ``case`` and ``message``).

    The content decides the type (the form checked it already; this guards every other caller),
    the file goes to the storage under an unguessable key, and the founder's file name is kept,
    cleaned, only to be shown back to the owner and the clerks.
    """
    content_type = content_type_detect(file=uploaded_file)
    if content_type is None:
        raise ValidationError(_("The file must be a PDF, JPEG or PNG document."), code="file_type")
    digest = hashlib.sha256()
    size = 0
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
        size += len(chunk)
    uploaded_file.seek(0)
    attachment = Attachment(
        owner=owner,
        document_code=document_code,
        document_label=document_label[:200],
        original_name=filename_sanitise(name=uploaded_file.name or "", content_type=content_type),
        content_type=content_type,
        size=size,
        sha256=digest.hexdigest(),
        **links,
    )
    # The storage keeps this as the object's type (S3 metadata) instead of what the client claimed.
    uploaded_file.content_type = content_type
    with transaction.atomic():
        draft = links.get("draft")
        if draft is not None:
            locked = Draft.objects.select_for_update().get(pk=draft.pk)
            if attachment_total_size_for_draft(draft=locked) + size > settings.UPLOAD_MAX_CASE_SIZE:
                raise ValidationError(
                    _("All documents of an application together are beyond the limit."), code="case_size"
                )
        attachment.file.save(attachment.original_name, uploaded_file, save=False)
        try:
            attachment.save()
        except Exception:
            attachment.file.delete(save=False)
            raise
    return attachment


def attachment_remove(*, owner: User, public_id: uuid.UUID) -> None:
    """Delete one of the owner's uploads and its file, unless it belongs to a submitted application."""
    with transaction.atomic():
        # The lock keeps a concurrent submit from taking the attachment into its case meanwhile.
        attachment = Attachment.objects.select_for_update().filter(owner=owner, public_id=public_id).first()
        if attachment is None:
            raise Http404
        submitted = attachment.case_id is not None or (
            Draft.objects.filter(pk=attachment.draft_id, case__isnull=False).exists()
        )
        if submitted:
            raise ValidationError(
                _("This file belongs to a submitted application and can no longer be removed."), code="submitted"
            )
        _attachment_delete(attachment)


def attachments_purge_abandoned(*, older_than: timedelta) -> int:
    """Delete uploads that never became part of a case: their draft is gone, or it was submitted
    without them (a document no longer asked for) longer than ``older_than`` ago. Returns how many.

    Uploads of an open draft stay with it, however old, until the founder removes them or the
    draft expires (``forms.draft_expiry``)."""
    cutoff = timezone.now() - older_than
    abandoned = Attachment.objects.filter(case__isnull=True).filter(
        Q(draft__isnull=True) | Q(uploaded_at__lt=cutoff, draft__updated_at__lt=cutoff, draft__case__isnull=False)
    )
    purged = 0
    for pk in list(abandoned.values_list("pk", flat=True)):
        with transaction.atomic():
            # Checked again under the lock: a submit may have taken it into a case since.
            attachment = abandoned.select_for_update(of=("self",)).filter(pk=pk).first()
            if attachment is None:
                continue
            _attachment_delete(attachment)
            purged += 1
    return purged


def attachments_delete_for_draft(*, draft: Draft) -> int:
    """Delete the uploads of an open draft, files first. Call inside the transaction that holds the
    draft's row lock (a submit could otherwise take them into its case meanwhile). Returns how many."""
    attachments = list(Attachment.objects.filter(draft=draft, case__isnull=True))
    for attachment in attachments:
        _attachment_delete(attachment)
    return len(attachments)


def _attachment_delete(attachment: Attachment) -> None:
    # The file goes first: if the storage fails, the transaction keeps the row and a retry finds it.
    attachment.file.delete(save=False)
    attachment.delete()
