"""The founding guide in Chromium, without an account: start page → questionnaire (first sent back
with errors) → checklist → change the answers → start an online application, log in, and find
the draft with its progress under "My applications". axe-core checks every page against WCAG 2.1 A/AA."""

import re

import pytest

from services.catalog.services import catalog_load
from tests.factories import DEFAULT_PASSWORD, FounderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CAFE = {
    "activity": "hospitality",
    "legal_form": "sole",
    "premises": "premises",
    "craft": "no",
    "travelling": "no",
    "food": "yes",
    "alcohol": "yes",
    "outdoor_seating": "yes",
    "employees": "yes",
}


def test_a_visitor_gets_a_checklist_for_a_cafe_and_starts_the_gewerbeanmeldung(page, accessible):
    catalog_load()

    page.goto("/")
    accessible()
    page.locator('main a[href="/gruendungslotse/"]').click()
    page.wait_for_url("**/gruendungslotse/")
    accessible()
    assert page.locator("input[type=radio]:checked").count() == 0

    page.locator('[name="activity"][value="hospitality"]').check()
    page.locator("main form button[type=submit]").click()
    accessible()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    summary.locator('a[href="#id_alcohol_0"]').click()
    assert page.evaluate("document.activeElement.id") == "id_alcohol_0"

    for name, value in CAFE.items():
        page.locator(f'[name="{name}"][value="{value}"]').check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/gruendungslotse/checkliste/")
    assert "?" not in page.url
    accessible()
    here = page.locator("#here-heading + ol > li h3").all_inner_texts()
    assert here == ["Gewerbeanmeldung", "Gaststättenerlaubnis", "Sondernutzungserlaubnis Außengastronomie"]
    assert page.locator("#checklist-betriebsnummer").is_visible()

    page.locator('main a[href="/gruendungslotse/"]').click()
    accessible()
    assert page.locator('[name="alcohol"][value="yes"]').is_checked()
    page.locator('[name="alcohol"][value="no"]').check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/gruendungslotse/checkliste/")
    here = page.locator("#here-heading + ol > li h3").all_inner_texts()
    assert here == ["Gewerbeanmeldung", "Sondernutzungserlaubnis Außengastronomie"]

    founder = FounderFactory()
    page.locator('a[href="/antraege/gewerbeanmeldung/"]').click()
    page.wait_for_url("**/konto/anmelden/**")
    page.locator('[name="username"]').fill(founder.email)
    page.locator('[name="password"]').fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/antraege/gewerbeanmeldung/")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r".*/antraege/gewerbeanmeldung/[0-9a-f-]{36}/owner/$"))

    page.goto("/meine-antraege/")
    accessible()
    draft = page.locator(".draft-list > li")
    assert re.search(r"(Step|Schritt) 1 (of|von) \d+", draft.inner_text())
