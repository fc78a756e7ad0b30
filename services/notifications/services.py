from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from services.cases.models import Case, CaseEvent
from services.cases.services import case_event_record


def case_receipt_send(*, case_id: int) -> None:
    """Send the receipt (Eingangsbestätigung, § 15 GewO) once.

    The case row stays locked while the mail goes out, so two runs cannot both
    send; a failed send rolls back and the task's retry sends again.
    """
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("service", "department", "applicant")
            .get(pk=case_id)
        )
        if case.receipt_sent_at is not None:
            return
        context = {
            "case": case,
            "city_name": settings.CITY_NAME,
            "city_authority": settings.CITY_AUTHORITY,
            "case_url": settings.SITE_URL + reverse("cases:detail", args=[case.public_id]),
            "pdf_url": settings.SITE_URL + reverse("cases:pdf", args=[case.public_id]),
        }
        with translation.override(settings.LANGUAGE_CODE):
            subject = render_to_string("email/receipt_subject.txt", context).strip()
            body = render_to_string("email/receipt.txt", context)
        EmailMessage(subject=subject, body=body, to=[case.applicant.email]).send()
        case.receipt_sent_at = timezone.now()
        case.save(update_fields=["receipt_sent_at"])
        case_event_record(case=case, kind=CaseEvent.Kind.RECEIPT_SENT)
