"""The Gaststättenerlaubnis and the Sondernutzungserlaubnis derive their summaries from the step
declarations now; cases submitted with the hand-written summaries keep theirs (a case is a snapshot)."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from services.catalog.models import Service
from services.catalog.services import catalog_load
from services.pdf.services import case_pdf_render
from tests.factories import CaseFactory, ClerkFactory

# As the hand-written summaries left them before (e.g. one "Rooms" section with a total line).
OLD_SNAPSHOTS = {
    "gaststaettenerlaubnis": [
        {
            "step": "operator",
            "title": "Betreiber",
            "fields": [{"number": "", "label": "Rechtsform", "value": "Einzelunternehmen"}],
        },
        {
            "step": "rooms",
            "title": "Räume",
            "fields": [
                {"number": "", "label": "Gastraum", "value": "45 m², 30 Sitzplätze"},
                {"number": "", "label": "Alle Räume", "value": "45,0 m², 30 Sitzplätze"},
            ],
        },
        {"step": "review", "title": "Erklärung", "fields": [{"number": "", "label": "Erklärung", "value": "Ja"}]},
    ],
    "sondernutzung": [
        {
            "step": "location",
            "title": "Standort",
            "fields": [{"number": "", "label": "Position", "value": "Vor dem Schaufenster"}],
        },
        {
            "step": "area",
            "title": "Gebühren",
            "fields": [{"number": "", "label": "Gebühren insgesamt", "value": "237,50 €"}],
        },
    ],
}


@pytest.fixture(autouse=True)
def catalog(db):
    catalog_load()


@pytest.mark.parametrize("slug", sorted(OLD_SNAPSHOTS))
def test_an_old_case_shows_the_summary_it_was_submitted_with(founder, slug):
    service = Service.objects.get(slug=slug)
    case = CaseFactory(
        service=service,
        department=service.department,
        applicant=founder,
        answers={},
        summary=OLD_SNAPSHOTS[slug],
        form_version="old",
        title="Café Rheinblick",
    )
    lines = [field["value"] for section in OLD_SNAPSHOTS[slug] for field in section["fields"]]
    lines += [section["title"] for section in OLD_SNAPSHOTS[slug]]

    clerk = Client()
    clerk.force_login(ClerkFactory(departments=[service.department]))
    clerk_page = clerk.get(reverse("workspace:case", args=[case.public_id])).content.decode()
    pdf_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(case_pdf_render(case=case))).pages)

    for value in lines:
        assert value in clerk_page
        assert value in " ".join(pdf_text.split())
