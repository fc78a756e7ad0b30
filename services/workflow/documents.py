"""Decision documents: a file the clerk uploads, or the confirmation the portal generates."""

from datetime import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone, translation

from forms.applications import application_for
from services.cases.models import Case
from services.pdf.services import pdf_render

DECISION_DOCUMENT_CODE = "decision"
ANSWER_DOCUMENT_CODE = "information"


def confirmation_template_for(*, case: Case) -> str:
    """The confirmation PDF the case's service declares ("" when it has none)."""
    try:
        return application_for(case.service.slug).confirmation_template
    except KeyError:
        return ""


def confirmation_render(*, case: Case, issued_at: datetime) -> ContentFile:
    """The service's confirmation for an approved case (for the Gewerbeanmeldung the
    Empfangsbescheinigung under § 15 GewO), in the authority's language, as a file to store."""
    template = confirmation_template_for(case=case)
    if not template:
        raise ValueError(f"The service {case.service.slug!r} declares no confirmation.")
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "reference": case.reference,
            "received_at": timezone.localtime(case.submitted_at),
            "issued_at": timezone.localtime(issued_at),
            "department": case.department or case.service.department,
            "city_name": settings.CITY_NAME,
            "city_authority": settings.CITY_AUTHORITY,
            "sections": case.summary,
        }
        content = pdf_render(template=template, context=context)
    return ContentFile(content, name=f"{case.reference}-bescheinigung.pdf")
