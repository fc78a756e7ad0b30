"""Uploaded documents: kept for a draft, moved into a case by the submit (``services.cases.submit``),
removed by their owner or by the clean-up when abandoned."""

import hashlib
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from services.cases.files import content_type_detect, filename_sanitise
from services.cases.models import Attachment
from services.cases.selectors import attachment_total_size_for_draft


@dataclass(frozen=True)
class DraftUpload:
    """One file of a request for ``attachments_store``; ``replaces`` as in ``attachment_store``."""

    document_code: str
    document_label: str
    uploaded_file: File
    replaces: Callable[[Attachment], bool] | None = None


def attachment_store(
    *,
    owner: User,
    draft: models.Model,
    document_code: str,
    document_label: str,
    uploaded_file: File,
    replaces: Callable[[Attachment], bool] | None = None,
) -> Attachment:
    """Keep an uploaded document for the owner's draft.

    The draft's uploads together stay within UPLOAD_MAX_CASE_SIZE even when uploads arrive in
    parallel: the check and the save run under a lock on the draft row, so a second upload waits
    until the first is counted (``ValidationError`` with code ``case_size`` beyond the limit). The
    form's own check before only gives the quick answer.

    ``replaces``: for a document that is one file by nature (a photo), which of the draft's uploads
    of ``document_code`` the new file replaces. Those are chosen under the same lock, do not count
    against the limit, and are removed as the remove button removes them (``attachment_remove``)
    once the new file is stored; if the new one is refused, they stay.
    """
    upload = DraftUpload(document_code, document_label, uploaded_file, replaces)
    [stored] = attachments_store(owner=owner, draft=draft, uploads=[upload])
    if isinstance(stored, ValidationError):
        raise stored
    return stored


def attachments_store(
    *, owner: User, draft: models.Model, uploads: Sequence[DraftUpload]
) -> list[Attachment | ValidationError]:
    """Keep the uploads of one request for the owner's draft, each as ``attachment_store`` keeps one, in
    one transaction: the draft's lock and its uploads' size are read once for all of them. Returns per
    upload its attachment or the ``ValidationError`` that refused it (the others are kept all the same).
    """
    if draft.owner_id != owner.pk:
        raise ValueError("The draft belongs to another user.")
    results: list[Attachment | ValidationError] = []
    prepared: list[tuple[int, DraftUpload, Attachment]] = []
    for index, upload in enumerate(uploads):
        try:
            attachment = _attachment_new(
                owner=owner,
                document_code=upload.document_code,
                document_label=upload.document_label,
                uploaded_file=upload.uploaded_file,
                draft=draft,
            )
        except ValidationError as error:
            results.append(error)
        else:
            results.append(attachment)
            prepared.append((index, upload, attachment))
    if not prepared:
        return results
    saved: list[Attachment] = []
    replaced: list[Attachment] = []
    try:
        with transaction.atomic():
            # The draft (``forms.Draft``) is the holder's row: locked, it counts one request's uploads at a time.
            locked = type(draft).objects.select_for_update().get(pk=draft.pk)
            # A statement of its own, after the lock is granted: summed in the locking statement, PostgreSQL sees the
            # database as it was before the wait, without the uploads of the request that held the lock.
            total = attachment_total_size_for_draft(draft=locked)
            for index, upload, attachment in prepared:
                replacing: list[Attachment] = []
                if upload.replaces is not None and locked.case_id is None:
                    # Read under the draft's lock: a parallel upload of the same document has been stored
                    # by now, and is replaced too (as is one stored just before in this request). A submitted
                    # draft's files belong to its case: none is replaced.
                    same_document = Attachment.objects.select_for_update().filter(
                        draft=locked, owner=owner, document_code=upload.document_code, case__isnull=True
                    )
                    replacing = [
                        stored for stored in same_document if stored not in replaced and upload.replaces(stored)
                    ]
                kept = total - sum(stored.size for stored in replacing)
                if kept + attachment.size > settings.UPLOAD_MAX_CASE_SIZE:
                    results[index] = ValidationError(
                        _("All documents of an application together are beyond the limit."), code="case_size"
                    )
                    continue
                attachment.file.save(attachment.original_name, upload.uploaded_file, save=False)
                saved.append(attachment)
                replaced.extend(replacing)
                total = kept + attachment.size
            Attachment.objects.bulk_create(saved)
            # Only now that the new files are stored: if anything fails, the old ones stay.
            for stored in replaced:
                _attachment_delete(stored)
    except Exception:
        for attachment in saved:
            attachment.file.delete(save=False)
        raise
    return results


def attachment_create(
    *,
    owner: User,
    document_code: str,
    document_label: str,
    uploaded_file: File,
    **links: Any,
) -> Attachment:
    """Store an uploaded document held by whatever ``links`` name (``case`` and ``message``; a draft's
    uploads go through ``attachments_store``)."""
    attachment = _attachment_new(
        owner=owner, document_code=document_code, document_label=document_label, uploaded_file=uploaded_file, **links
    )
    with transaction.atomic():
        _attachment_save(attachment, uploaded_file)
    return attachment


def _attachment_new(
    *, owner: User, document_code: str, document_label: str, uploaded_file: File, **links: Any
) -> Attachment:
    """An unsaved attachment of the uploaded file.

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
    # The storage keeps this as the object's type (S3 metadata) instead of what the client claimed.
    uploaded_file.content_type = content_type
    return Attachment(
        owner=owner,
        document_code=document_code,
        document_label=document_label[:200],
        original_name=filename_sanitise(name=uploaded_file.name or "", content_type=content_type),
        content_type=content_type,
        size=size,
        sha256=digest.hexdigest(),
        **links,
    )


def _attachment_save(attachment: Attachment, uploaded_file: File) -> None:
    """The file, then its row; inside the caller's transaction. The file goes again if the row fails."""
    attachment.file.save(attachment.original_name, uploaded_file, save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise


def attachment_remove(*, owner: User, public_id: uuid.UUID) -> None:
    """Delete one of the owner's uploads and its file, unless it belongs to a submitted application."""
    with transaction.atomic():
        # The lock keeps a concurrent submit from taking the attachment into its case meanwhile.
        attachment = Attachment.objects.select_for_update().filter(owner=owner, public_id=public_id).first()
        if attachment is None:
            raise Http404
        submitted = attachment.case_id is not None or (
            attachment.draft_id is not None and attachment.draft.case_id is not None
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


def attachments_delete_for_draft(*, draft: models.Model) -> int:
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
