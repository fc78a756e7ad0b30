from django.db.models import Q, QuerySet
from django.http import Http404

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


def attachment_get_for_owner(*, owner: User, public_id) -> Attachment:
    try:
        return Attachment.objects.select_related("case").get(owner=owner, public_id=public_id)
    except Attachment.DoesNotExist as exc:
        raise Http404 from exc


def case_list_unprocessed(*, submitted_before) -> QuerySet[Case]:
    """Cases whose follow-up (routing, PDF, receipt) has not completed."""
    return Case.objects.filter(submitted_at__lt=submitted_before).filter(
        Q(department__isnull=True) | Q(pdf="") | Q(receipt_sent_at__isnull=True)
    )
