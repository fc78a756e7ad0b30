"""A case from the inbox to a decision, in Chromium: the clerk finds it by the trade name and asks
for information, the founder answers with an upload, the clerk approves with the generated
certificate of receipt, the founder downloads it. axe-core checks every page both of them see."""

import pytest
from pypdf import PdfReader

from services.cases.search import search_text_build
from services.catalog.services import catalog_load
from services.pdf.services import case_pdf_generate
from services.routing.services import case_route
from services.workflow.transitions import CaseStatus
from tests.e2e.wizard_filling import log_in
from tests.factories import ClerkFactory, FounderFactory, gewerbe_case_gmbh
from tests.sample_files import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TRADE_NAME = "Café Rheinblick"


WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
checked: list[str] = []


def accessible(page) -> None:
    """axe-core on the page as it is now (either person's browser): no WCAG 2.1 A/AA violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG)
    checked.append(page.url)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def open_action(page, name: str):
    """Open a move's panel on the staff case page and return its form."""
    page.locator(f"#action-{name} > summary").click()
    return page.locator(f"#action-{name} form")


def test_clerk_takes_a_case_from_the_inbox_to_a_decision(browser, page, live_server, tmp_path):
    catalog_load()
    founder = FounderFactory(full_name="Anna Schmidt", language="de")
    case = gewerbe_case_gmbh(applicant=founder, title=TRADE_NAME)
    case.search_text = search_text_build([case.reference, TRADE_NAME, founder.email])
    case.save()
    case = case_route(case_id=case.pk)
    case_pdf_generate(case_id=case.pk)
    clerk = ClerkFactory(full_name="Clara Klein")
    clerk.departments.add(case.department)
    upload_path = tmp_path / "gewerbeerlaubnis.pdf"
    upload_path.write_bytes(pdf_bytes())

    # The clerk searches the inbox for the trade name and opens the case.
    log_in(page, clerk.email)
    accessible(page)
    page.goto("/sachbearbeitung/")
    accessible(page)
    page.locator('[name="q"]').fill("rheinblick")
    page.locator('[name="q"]').press("Enter")
    page.wait_for_load_state()
    accessible(page)
    page.locator(f'a[href="/sachbearbeitung/vorgang/{case.public_id}/"]').first.click()
    page.wait_for_load_state()
    accessible(page)

    open_action(page, "start_review").locator("button[type=submit]").click()
    page.wait_for_load_state()
    accessible(page)
    form = open_action(page, "request_information")
    form.locator('[name="request_information-text"]').fill("Bitte reichen Sie die Gaststättenerlaubnis nach.")
    accessible(page)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    accessible(page)
    case.refresh_from_db()
    assert case.status == CaseStatus.INFORMATION_REQUESTED

    # The founder, in a browser of their own, answers with an upload.
    founder_context = browser.new_context(base_url=live_server.url, locale="de-DE")
    founder_page = founder_context.new_page()
    founder_page.set_default_timeout(15_000)
    log_in(founder_page, founder.email)
    founder_page.goto("/meine-antraege/")
    accessible(founder_page)
    assert case.reference in founder_page.content()
    founder_page.locator(f'a[href="/vorgaenge/{case.public_id}/"]').click()
    founder_page.wait_for_load_state()
    accessible(founder_page)
    assert "Gaststättenerlaubnis" in founder_page.content()
    founder_page.locator('section.answer [name="text"]').fill("Anbei die Erlaubnis.")
    founder_page.locator('[name="documents"]').set_input_files(str(upload_path))
    founder_page.locator("section.answer button[type=submit]").click()
    founder_page.wait_for_load_state()
    accessible(founder_page)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
    assert case.attachments.filter(original_name="gewerbeerlaubnis.pdf").exists()

    # The clerk sees the answer and approves with the generated certificate of receipt.
    page.reload()
    assert "Anbei die Erlaubnis." in page.content()
    accessible(page)
    form = open_action(page, "approve")
    form.locator('[name="approve-generate_confirmation"]').check()
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    accessible(page)
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED

    # The founder sees the decision and downloads the certificate.
    founder_page.reload()
    accessible(founder_page)
    document = case.attachments.get(document_code="decision")
    with founder_page.expect_download() as download_info:
        founder_page.locator(f'a[href="/vorgaenge/anhang/{document.public_id}/"]').click()
    text = "".join(p.extract_text() for p in PdfReader(download_info.value.path()).pages)
    assert case.reference in text and "15" in text
    founder_context.close()
    assert len(checked) >= 13, "axe-core ran on every page of the journey"
