"""In Chromium: a founder with a Gewerbeanmeldung deregisters the business. The start page asks which
business (nothing chosen yet, the error says what to do), the owner, company, person and premises pages
show the registration's answers with a note to check them, and every page passes axe."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from services.catalog.models import Service
from services.catalog.services import catalog_load
from tests.e2e.wizard_filling import page_accessible
from tests.factories import CaseFactory, FounderFactory, gewerbeanmeldung_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_deregistration_starts_from_the_founders_registration(browser, live_server, tmp_path):
    catalog_load()
    founder = FounderFactory()
    gewa1 = CaseFactory(
        service=Service.objects.get(slug="gewerbeanmeldung"),
        applicant=founder,
        answers=gewerbeanmeldung_answers(legal_form="gbr", persons=2),
        title="Café Rheinblick",
    )
    client = Client()
    client.force_login(founder)
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(30_000)

    page.goto("/antraege/gewerbeabmeldung/")
    page_accessible(page)
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator(".error-summary")).to_be_visible()
    page_accessible(page)
    page.screenshot(path=str(tmp_path / "start.png"), full_page=True)

    page.locator(f'[name="source"][value="{gewa1.public_id}"]').check()
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url("**/owner/")
    expect(page.locator(".notice")).to_contain_text(gewa1.reference)
    expect(page.locator('[name="owner-legal_form"][value="gbr"]')).to_be_checked()
    page_accessible(page)

    for _step in ("owner", "register"):
        page.locator(".wizard-buttons button[type=submit]").first.click()
        page.wait_for_load_state()
    assert page.url.endswith("/persons/")
    expect(page.locator('[name="persons-1-surname"]')).to_have_value("Yılmaz")
    page_accessible(page)
    page.screenshot(path=str(tmp_path / "persons.png"), full_page=True)
