"""The official PDF of a submitted Gewerbeanmeldung (GewA 1) and its one-time generation."""

import hashlib
import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pypdf
import pytest

from forms.applications.base import Application, SummaryField, SummarySection
from services.cases.models import Case, CaseEvent
from services.pdf import services as pdf_services
from services.pdf.services import case_pdf_generate, case_pdf_render
from tests.factories import AttachmentFactory, CaseFactory

pytestmark = pytest.mark.django_db


def person(title: str, surname: str, given_names: str) -> SummarySection:
    return SummarySection(
        step="persons",
        title=title,
        fields=[
            SummaryField("4", "Surname", surname),
            SummaryField("5", "Given names", given_names),
            SummaryField("8", "Date of birth", "01.02.1980"),
            SummaryField("11", "Home address", "Ostwall 1\n47798 Krefeld"),
        ],
    )


GMBH_SECTIONS = [
    SummarySection(
        step="owner",
        title="Owner",
        fields=[
            SummaryField("1", "Name of the company with legal form", "Seidenweber Software GmbH"),
            SummaryField("2", "Register court and number", "Amtsgericht Krefeld HRB 12345"),
        ],
    ),
    person("Managing director 1", "Wagner", "Anna Maria"),
    person("Managing director 2", "Özdemir", "Kemal"),
    SummarySection(
        step="business",
        title="Business",
        fields=[SummaryField("12", "Trade name", "Seidenweber Apps")]
        + [SummaryField(str(n), f"Field {n}", f"Entry {n}") for n in range(13, 34)],
    ),
]


@pytest.fixture(autouse=True)
def english_pdf(settings):
    """The PDF speaks the official language; in tests that is the untranslated msgid text."""
    settings.LANGUAGE_CODE = "en"
    settings.CITY_NAME = "Krefeld"
    settings.CITY_AUTHORITY = "Stadt Krefeld – Der Oberbürgermeister"


@pytest.fixture
def sections(monkeypatch):
    chosen = list(GMBH_SECTIONS)
    application = Application(
        service_slug="gewerbeanmeldung",
        steps=[],
        summary_sections=lambda answers: chosen,
        case_title=lambda answers: "",
        pdf_template="pdf/gewerbeanmeldung.html",
    )
    monkeypatch.setattr(pdf_services, "application_for", lambda slug: application)
    return chosen


@pytest.fixture
def gmbh_case(sections):
    case = CaseFactory(
        reference="GEW-2026-000042",
        title="Seidenweber Apps",
        submitted_at=datetime(2026, 1, 15, 9, 30, tzinfo=UTC),
    )
    AttachmentFactory(
        case=case,
        owner=case.applicant,
        document_code="register_extract",
        document_label="Handelsregisterauszug",
        original_name="HRB-12345-Auszug.pdf",
        content=b"%PDF-1.4\n% Handelsregister B 12345\n",
    )
    return case


def pdf_read(content: bytes) -> tuple[pypdf.PdfReader, list[str]]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return reader, [page.extract_text() for page in reader.pages]


def stored_pdfs(settings) -> list[Path]:
    return sorted(Path(settings.MEDIA_ROOT).glob("cases/**/*.pdf"))


def test_pdf_of_a_gmbh_shows_every_answer_with_its_field_number(gmbh_case):
    _, pages = pdf_read(case_pdf_render(case=gmbh_case))
    text = "\n".join(pages)

    assert "Business registration under § 14 GewO or § 55c GewO" in text
    assert "Stadt Krefeld – Der Oberbürgermeister" in text
    assert "Seidenweber Software GmbH" in text
    assert "Amtsgericht Krefeld HRB 12345" in text
    assert "Seidenweber Apps" in text
    for surname, given_names in (("Wagner", "Anna Maria"), ("Özdemir", "Kemal")):
        assert re.search(rf"4 Surname {surname}\b", text)
        assert re.search(rf"5 Given names {given_names}\b", text)
    assert text.index("Managing director 1") < text.index("Wagner") < text.index("Managing director 2")
    assert text.index("Managing director 2") < text.index("Özdemir") < text.index("12 Trade name")
    assert "33 Field 33 Entry 33" in text
    assert "99050012104000" in text


def test_pdf_states_reference_and_time_of_receipt_in_german_time_on_every_page(
    gmbh_case,
):
    _, pages = pdf_read(case_pdf_render(case=gmbh_case))

    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert "Reference: GEW-2026-000042" in text
        # 09:30 UTC in January is 10:30 in Krefeld.
        assert "Received: 15.01.2026 10:30" in text
        assert f"Page {number} of {len(pages)}" in text


def test_pdf_lists_each_attachment_with_its_checksum(gmbh_case):
    attachment = gmbh_case.attachments.get()
    _, pages = pdf_read(case_pdf_render(case=gmbh_case))
    text = "\n".join(pages)

    assert "Handelsregisterauszug" in text
    assert "HRB-12345-Auszug.pdf" in text
    assert attachment.sha256 == hashlib.sha256(b"%PDF-1.4\n% Handelsregister B 12345\n").hexdigest()
    assert attachment.sha256 in re.sub(r"\s", "", text)
    note = " ".join(text.split())
    assert "submitted electronically through the Krefeld founders' portal" in note
    assert "no handwritten signature" in note


def test_pdf_has_title_language_and_an_outline(gmbh_case):
    reader, _ = pdf_read(case_pdf_render(case=gmbh_case))

    assert reader.metadata.title == "Business registration GEW-2026-000042"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    # Tagged: assistive technology gets structure (headings, table headers), not only text.
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    outline = [item["/Title"] for item in reader.outline if not isinstance(item, list)]
    assert "Business registration under § 14 GewO or § 55c GewO" in outline


def test_pdf_of_a_sole_proprietor(sections):
    sections[:] = [
        person("Owner", "Schmitz", "Johanna"),
        SummarySection(
            step="business",
            title="Business",
            fields=[SummaryField("12", "Trade name", "Kaffeerösterei Schmitz")],
        ),
    ]
    case = CaseFactory(reference="GEW-2026-000007")

    reader, pages = pdf_read(case_pdf_render(case=case))
    text = "\n".join(pages)

    assert "4 Surname Schmitz" in text
    assert "Kaffeerösterei Schmitz" in text
    assert "No documents were attached." in text
    assert f"Page 1 of {len(reader.pages)}" in pages[0]


def test_answers_are_printed_as_text_and_nothing_is_fetched(sections, monkeypatch):
    sections[:] = [
        SummarySection(
            step="business",
            title="Business",
            fields=[
                SummaryField(
                    "12",
                    "Trade name",
                    '<img src="http://192.0.2.1/track.png"> Café & Co',
                )
            ],
        )
    ]

    fetched = []
    monkeypatch.setattr(
        "weasyprint.URLFetcher.fetch",
        lambda self, url, headers=None: fetched.append(url),
    )
    _, pages = pdf_read(case_pdf_render(case=CaseFactory()))

    assert '<img src="http://192.0.2.1/track.png"> Café & Co' in pages[0]
    assert fetched == []


def test_generating_twice_stores_one_pdf_and_records_one_event(gmbh_case, settings):
    case_pdf_generate(case_id=gmbh_case.pk)
    case_pdf_generate(case_id=gmbh_case.pk)

    gmbh_case.refresh_from_db()
    files = stored_pdfs(settings)
    assert len(files) == 1
    content = gmbh_case.pdf.open("rb").read()
    gmbh_case.pdf.close()
    assert content.startswith(b"%PDF-")
    assert hashlib.sha256(content).hexdigest() == gmbh_case.pdf_sha256
    assert files[0].read_bytes() == content
    events = CaseEvent.objects.filter(case=gmbh_case, kind=CaseEvent.Kind.PDF_RENDERED)
    assert [event.data for event in events] == [{"sha256": gmbh_case.pdf_sha256}]


def test_a_run_that_finds_the_pdf_already_stored_discards_its_own(gmbh_case, settings, monkeypatch):
    # A second worker (a retry, a duplicate task) finishes while this one is still rendering.
    render = pdf_services.case_pdf_render
    calls = []

    def render_while_another_run_finishes(*, case):
        calls.append(case.pk)
        content = render(case=case)
        if len(calls) == 1:
            case_pdf_generate(case_id=case.pk)
        return content

    monkeypatch.setattr(pdf_services, "case_pdf_render", render_while_another_run_finishes)
    case_pdf_generate(case_id=gmbh_case.pk)

    assert len(calls) == 2
    assert len(stored_pdfs(settings)) == 1
    assert CaseEvent.objects.filter(case=gmbh_case, kind=CaseEvent.Kind.PDF_RENDERED).count() == 1


def test_a_failed_write_leaves_no_stored_file_behind(gmbh_case, settings, monkeypatch):
    def failing_event_record(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(pdf_services, "case_event_record", failing_event_record)
    with pytest.raises(RuntimeError):
        case_pdf_generate(case_id=gmbh_case.pk)

    assert stored_pdfs(settings) == []
    assert not Case.objects.get(pk=gmbh_case.pk).pdf
