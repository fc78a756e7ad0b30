from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.http import Http404

from forms.models import Draft
from portal.accounts.models import User
from services.cases.models import Attachment, Case


def case_list_for_applicant(*, applicant: User) -> QuerySet[Case]:
    return Case.objects.filter(applicant=applicant).select_related("service", "department")


def case_get_for_applicant(*, applicant: User, public_id) -> Case:
    """The applicant's own case; anybody else's is reported as not found."""
    try:
        return case_list_for_applicant(applicant=applicant).get(public_id=public_id)
    except Case.DoesNotExist as exc:
        raise Http404 from exc


def case_list_unprocessed(*, submitted_before) -> QuerySet[Case]:
    """Cases whose follow-up (routing, PDF, receipt in the outbox) has not completed.

    A receipt in the outbox counts as done here: sending it is the outbox's own resume's job.
    """
    from services.notifications.models import OutboxMail
    from services.notifications.services import RECEIPT

    receipt = OutboxMail.objects.filter(case=OuterRef("pk"), kind=RECEIPT)
    # A sent receipt settles it without the subquery.
    return (
        Case.objects.filter(submitted_at__lt=submitted_before)
        .alias(receipt_queued=Exists(receipt))
        .filter(Q(department__isnull=True) | Q(pdf="") | Q(receipt_sent_at__isnull=True, receipt_queued=False))
    )


def attachment_get_for_user(*, user: User, public_id) -> Attachment:
    """An attachment the user may open (founders: their own uploads); anything else is not found."""
    try:
        return Attachment.objects.select_related("case").get(owner=user, public_id=public_id)
    except Attachment.DoesNotExist as exc:
        raise Http404 from exc


def attachment_list_for_draft(*, draft: Draft) -> QuerySet[Attachment]:
    return Attachment.objects.filter(draft=draft, owner_id=draft.owner_id)


def attachment_by_document_for_draft(*, draft: Draft) -> dict[str, list[Attachment]]:
    """The draft's uploads per document code, as ``DocumentForm(stored=...)`` takes them."""
    by_document: dict[str, list[Attachment]] = {}
    for attachment in attachment_list_for_draft(draft=draft):
        by_document.setdefault(attachment.document_code, []).append(attachment)
    return by_document


def attachment_total_size_for_draft(*, draft: Draft) -> int:
    """Bytes the draft's uploads take, as ``DocumentForm(stored_total=...)`` takes them."""
    return attachment_list_for_draft(draft=draft).aggregate(total=Sum("size"))["total"] or 0
