"""A founder's first journey in Chromium: sign up, confirm, file a Gewerbeanmeldung with an
upload, download the PDF. axe-core checks every page visited against WCAG 2.1 A/AA. The journey
counts what the founder types and prints it (run with ``-s`` to see it)."""

import re

import pytest
from django.core import mail
from pypdf import PdfReader

from services.cases.models import Case
from services.catalog.services import catalog_load
from tests.e2e.wizard_filling import Typed, fill_step
from tests.factories import gewerbeanmeldung_post_data
from tests.sample_files import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Gruenden-in-Krefeld-2026"


# Phone-sized window: the step list folds away, so the first question is in view without scrolling.
PHONE = {"width": 375, "height": 667}
TEXT_BOX = "main form :is(input:not([type=hidden]):not([type=radio]):not([type=checkbox]), select, textarea)"


def first_question_in_view(page) -> bool:
    box = page.locator(TEXT_BOX + ", main form input[type=radio]").first.bounding_box()
    return box is not None and box["y"] + box["height"] <= PHONE["height"]


def test_founder_signs_up_files_a_gewerbeanmeldung_and_downloads_the_pdf(
    page, accessible, live_server, tmp_path, capsys
):
    catalog_load()
    upload_path = tmp_path / "personalausweis.pdf"
    upload_path.write_bytes(pdf_bytes())

    page.goto("/")
    accessible()
    page.locator('header a[href="/konto/registrieren/"]').click()
    accessible()
    page.locator('[name="full_name"]').fill("Anna Schmidt")
    page.locator('[name="email"]').fill("anna.schmidt@example.org")
    page.locator('[name="password1"]').fill(PASSWORD)
    page.locator('[name="password2"]').fill(PASSWORD)
    page.locator('[name="privacy_consent"]').check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/registrieren/postfach/")
    accessible()

    link = re.search(r"https?://\S+/konto/bestaetigung/\S+/", mail.outbox[-1].body)[0]
    page.goto(link.replace(re.match(r"https?://[^/]+", link)[0], live_server.url))
    accessible()
    page.locator('[name="password"]').fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/meine-antraege/")
    accessible()

    page.goto("/")
    page.locator('main a[href="/leistungen/gewerbeanmeldung/"]').click()
    accessible()
    page.goto("/wz-schluessel/?suche=Caf%C3%A9")
    accessible()
    assert "56.10.4" in page.locator("main table").inner_text()
    page.go_back()
    page.locator('main a[href="/antraege/gewerbeanmeldung/"]').click()
    accessible()
    page.locator("main form button[type=submit]").last.click()
    typed, steps = Typed(), 0
    while "/antraege/" in page.url:
        step = page.url.rstrip("/").rsplit("/", 1)[1]
        accessible()
        if step in ("owner", "persons", "premises"):
            page.set_viewport_size(PHONE)
            assert first_question_in_view(page), f"on a phone the first question of {step} needs scrolling"
            accessible()
            page.set_viewport_size({"width": 1280, "height": 720})
        answers = gewerbeanmeldung_post_data(step, legal_form="einzelunternehmen", files=True)
        typed += fill_step(page, answers, upload_path)
        steps += 1
        page.locator(".wizard-buttons button").first.click()
        page.wait_for_load_state()
        assert page.url.rstrip("/").rsplit("/", 1)[1] != step or "/vorgaenge/" in page.url, f"step {step} stayed"
    with capsys.disabled():
        print(f"\nfounder journey (sole proprietor) over {steps} wizard pages: {typed.line()}")

    case = Case.objects.get()
    assert case.reference in page.content()
    accessible()

    page.reload()  # the PDF is rendered right after the submit commits
    with page.expect_download() as download_info:
        page.locator(f'a[href="/vorgaenge/{case.public_id}/pdf/"]').click()
    pdf_path = download_info.value.path()
    text = "".join(p.extract_text() for p in PdfReader(pdf_path).pages)
    assert case.reference in text
    assert "Schmidt" in text and "personalausweis.pdf" in text

    page.goto("/meine-antraege/")
    accessible()
    assert case.reference in page.content()
    assert len(accessible.pages) >= 12, "axe-core ran on every page of the journey"
