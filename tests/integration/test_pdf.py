"""The official PDF of a submitted Gewerbeanmeldung (GewA 1) and its one-time generation."""

import gc
import hashlib
import io
import zlib
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

import pydyf
import pypdf
import pytest
import weasyprint
from django.utils import timezone

from services.cases.models import Case, CaseEvent
from services.pdf import services as pdf_services
from services.pdf.archive import PDF_VARIANT
from services.pdf.compression import PDF_ZLIB_LEVEL
from services.pdf.services import case_pdf_generate, case_pdf_render
from tests.factories import (
    REGISTER_EXTRACT,
    CaseFactory,
    gewerbe_case_gmbh,
    gewerbeanmeldung_answers,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_pdf(settings):
    """The PDF speaks the official language; in tests that is the untranslated msgid text."""
    settings.LANGUAGE_CODE = "en"
    settings.CITY_NAME = "Krefeld"
    settings.CITY_AUTHORITY = "Stadt Krefeld – Der Oberbürgermeister"


@pytest.fixture
def gmbh_case():
    return gewerbe_case_gmbh(
        reference="GEW-2026-000042",
        title="Café Rheinblick",
        submitted_at=datetime(2026, 1, 15, 9, 30, tzinfo=UTC),
    )


def pdf_read(content: bytes) -> tuple[pypdf.PdfReader, list[str]]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return reader, [page.extract_text() for page in reader.pages]


def flat(pages: list[str]) -> str:
    """The text of all pages with every run of whitespace (line and page breaks) as one space."""
    return " ".join(" ".join(pages).split())


def stored_pdfs(settings) -> list[Path]:
    return sorted(Path(settings.MEDIA_ROOT).glob("cases/**/*.pdf"))


def test_pdf_of_a_gmbh_shows_every_answer_with_its_field_number(gmbh_case):
    _, pages = pdf_read(case_pdf_render(case=gmbh_case))
    text = flat(pages)

    assert "Stadt Krefeld – Der Oberbürgermeister" in text
    assert "Business registration under § 14 GewO or § 55c GewO" in text
    assert "Gewerbeanmeldung (LeiKa key 99050012104000)" in text
    assert "Legal form Limited liability company (GmbH)" in text
    assert "1 Company name including the legal form Rheinblick GmbH" in text
    assert "2 Register court and number Krefeld HRB 12345" in text
    assert "13 Number of managing persons 2" in text
    assert "15 Trade name Café Rheinblick 15 Business premises Ostwall 104, 47798 Krefeld" in text
    assert "56.10.1" in text
    assert "24 Reason for the registration New establishment" in text
    # Each managing director is a group of their own, in order, with the person fields 3 to 12.
    first = text.index("Managing director 1: Anna Schmidt")
    second = text.index("Managing director 2: Mehmet Yılmaz")
    assert first < text.index("3 Surname Schmidt 4 Given names Anna") < second
    assert second < text.index("3 Surname Yılmaz 4 Given names Mehmet") < text.index("15 Trade name")
    assert "7 Date of birth 03.11.1979 8 Place of birth Duisburg 9 Country of birth Germany" in text
    assert "11 Home address Dionysiusstraße 11, 47798 Krefeld, Germany" in text
    # Within a group the fields follow the official numbering, whatever order the wizard asked them in.
    assert text.index("19 Is the business run") < text.index("20 Start of the activity")
    assert "I declare that the information is true and complete." in text


def test_pdf_states_reference_and_time_of_receipt_in_german_time_on_every_page(gmbh_case):
    _, pages = pdf_read(case_pdf_render(case=gmbh_case))

    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert "Reference: GEW-2026-000042" in text
        # 09:30 UTC in January is 10:30 in Krefeld.
        assert "Received: 15.01.2026 10:30" in text
        assert f"Page {number} of {len(pages)}" in text


def test_pdf_lists_each_attachment_with_its_checksum(gmbh_case):
    _, pages = pdf_read(case_pdf_render(case=gmbh_case))
    text = flat(pages)

    assert "Handelsregisterauszug HRB-12345-Auszug.pdf" in text
    assert f"SHA-256 checksum {hashlib.sha256(REGISTER_EXTRACT).hexdigest()}" in text
    identity = gmbh_case.attachments.get(document_code="identity")
    assert f"{identity.document_label} {identity.original_name}" in text
    assert f"SHA-256 checksum {identity.sha256}" in text
    assert "submitted electronically through the Krefeld founders' portal" in text
    assert "no handwritten signature" in text


def test_pdf_has_title_language_and_an_outline(gmbh_case):
    reader, _ = pdf_read(case_pdf_render(case=gmbh_case))

    assert reader.metadata.title == "Business registration under § 14 GewO or § 55c GewO GEW-2026-000042"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    # Tagged: assistive technology gets structure (headings, table headers), not only text.
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    outline = [item["/Title"] for item in reader.outline if not isinstance(item, list)]
    assert "Business registration under § 14 GewO or § 55c GewO" in outline


def xmp_identification(reader: pypdf.PdfReader) -> dict[str, str]:
    """The identification properties (pdfaid:…, pdfuaid:…) of the file's XMP metadata."""
    xmpmeta = ElementTree.fromstring(reader.trailer["/Root"]["/Metadata"].get_object().get_data())
    descriptions = xmpmeta.iterfind("rdf:RDF/rdf:Description", {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#"})
    namespaces = {"pdfaid": "http://www.aiim.org/pdfa/ns/id/", "pdfuaid": "http://www.aiim.org/pdfua/ns/id/"}
    return {
        f"{prefix}:{name}": value
        for description in descriptions
        for key, value in description.attrib.items()
        for prefix, uri in namespaces.items()
        if key.startswith(f"{{{uri}}}") and (name := key.removeprefix(f"{{{uri}}}"))
    }


def test_pdf_identifies_itself_as_pdf_ua_1_and_pdf_a_2a(gmbh_case):
    before = timezone.now().replace(microsecond=0)
    reader, _ = pdf_read(case_pdf_render(case=gmbh_case))
    root = reader.trailer["/Root"]

    assert xmp_identification(reader) == {"pdfuaid:part": "1", "pdfaid:part": "2", "pdfaid:conformance": "A"}
    # PDF/A: a validator finds the definition of the pdfuaid schema, which PDF/A does not predefine.
    extension = root["/Metadata"].get_object().get_data()
    assert b"<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>" in extension
    assert b"<pdfaProperty:name>part</pdfaProperty:name>" in extension
    assert reader.pdf_header == "%PDF-1.7"
    assert root["/OutputIntents"][0]["/S"] == "/GTS_PDFA1"
    # PDF/A: the trailer carries the file identifier, a hash of the file's content.
    assert len(reader.trailer["/ID"]) == 2
    # PDF/UA: tagged, language and title, and viewers show the title rather than the file name.
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"] == {"/Marked": True}
    assert root["/ViewerPreferences"] == {"/DisplayDocTitle": True}
    assert root["/Lang"] == "en"
    assert (
        reader.metadata.title
        == reader.xmp_metadata.dc_title["x-default"]
        == "Business registration under § 14 GewO or § 55c GewO GEW-2026-000042"
    )
    # Created when rendered; the document information and the XMP metadata agree.
    assert before <= reader.metadata.creation_date <= timezone.now()
    assert reader.xmp_metadata.xmp_create_date == reader.metadata.creation_date.astimezone(UTC).replace(tzinfo=None)


def test_pdf_of_a_sole_proprietor():
    case = CaseFactory(reference="GEW-2026-000007", answers=gewerbeanmeldung_answers(legal_form="einzelunternehmen"))

    reader, pages = pdf_read(case_pdf_render(case=case))
    text = flat(pages)

    assert "Legal form Sole proprietor (not registered)" in text
    assert "Owner: Anna Schmidt" in text
    assert "3 Surname Schmidt" in text
    assert "Managing director" not in text
    assert "Company name" not in text
    assert "15 Trade name Café Rheinblick" in text
    assert "No documents were attached." in text
    assert f"Page 1 of {len(reader.pages)}" in pages[0]


def test_answers_are_printed_as_text_and_nothing_is_fetched(monkeypatch):
    trade_name = '<img src="http://192.0.2.1/track.png"> Café & Co'
    answers = gewerbeanmeldung_answers(
        legal_form="einzelunternehmen", overrides={"premises": {"trade_name": trade_name}}
    )
    fetched = []
    monkeypatch.setattr("weasyprint.URLFetcher.fetch", lambda self, url, headers=None: fetched.append(url))

    _, pages = pdf_read(case_pdf_render(case=CaseFactory(answers=answers)))

    assert f"15 Trade name {trade_name}" in flat(pages)
    assert fetched == []


def test_each_object_serialized_once_gives_the_file_pydyf_writes(gmbh_case, monkeypatch):
    documents = []
    write_pdf = weasyprint.document.Document.write_pdf

    def write_pdf_kept(self, *args, **kwargs):
        documents.append(self)
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.document.Document, "write_pdf", write_pdf_kept)
    content = case_pdf_render(case=gmbh_case)

    (document,) = documents
    assert write_pdf(document, pdf_variant=PDF_VARIANT) == content


def test_pdf_streams_are_compressed_at_zlib_level_6_not_pydyfs_9():
    # Structure elements, the kind of data the largest stream of a PDF (its object stream) holds.
    raw = b" ".join(f"{n} 0 obj << /Type /StructElem /S /TD /P {n * 7 % 500} 0 R >>".encode() for n in range(2000))

    data = pydyf.Stream([raw], compress=True).data

    assert PDF_ZLIB_LEVEL == 6
    assert zlib.compress(raw, 6) in data
    assert zlib.compress(raw, 9) not in data


def test_weasyprint_renders_with_the_cycle_collector_held_off_and_it_is_back_on_afterwards(gmbh_case, monkeypatch):
    render = weasyprint.HTML.render
    collector_on_during_render = []

    def render_watched(self, *args, **kwargs):
        collector_on_during_render.append(gc.isenabled())
        return render(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "render", render_watched)
    assert case_pdf_render(case=gmbh_case).startswith(b"%PDF-")

    assert collector_on_during_render == [False]
    assert gc.isenabled()


def test_a_failed_render_turns_the_cycle_collector_back_on(gmbh_case, monkeypatch):
    def render_failing(self, *args, **kwargs):
        raise RuntimeError("WeasyPrint gave up")

    monkeypatch.setattr(weasyprint.HTML, "render", render_failing)
    with pytest.raises(RuntimeError):
        case_pdf_render(case=gmbh_case)

    assert gc.isenabled()


def test_a_process_that_turned_the_cycle_collector_off_keeps_it_off(gmbh_case):
    gc.disable()
    try:
        case_pdf_render(case=gmbh_case)
        assert not gc.isenabled()
    finally:
        gc.enable()


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
