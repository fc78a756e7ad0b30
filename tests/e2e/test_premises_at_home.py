"""A founder who runs the business from the home address in Krefeld chooses that instead of typing
the address again: in Chromium the address boxes appear only for "another address"; without
JavaScript they are in view and the choice "at the home address" wins over them."""

import pytest
from playwright.sync_api import expect

from forms.models import Draft
from tests.e2e.wizard_filling import page_accessible, wizard_page
from tests.factories import gewerbeanmeldung_post_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SOLE = {"legal_form": "einzelunternehmen"}


def premises_step(browser, live_server, *, javascript: bool):
    post_data, slug = gewerbeanmeldung_post_data, "gewerbeanmeldung"
    return wizard_page(browser, live_server, slug, post_data, until="premises", javascript=javascript, **SOLE)


def test_the_address_boxes_appear_only_for_another_address(browser, live_server):
    page = premises_step(browser, live_server, javascript=True)
    street = page.locator('[name="premises-street"]')
    expect(street).to_be_hidden()
    page_accessible(page)

    page.locator('[name="premises-location"][value="elsewhere"]').check()
    expect(street).to_be_visible()
    page_accessible(page)

    home = page.locator('[name="premises-location"][value="home"]')
    label = page.locator(f'label[for="{home.get_attribute("id")}"]')
    expect(label).to_contain_text("Dionysiusstraße 10, 47798 Krefeld")
    home.check()
    expect(street).to_be_hidden()
    page.locator(".wizard-buttons button").first.click()
    page.wait_for_load_state()
    assert not page.url.rstrip("/").endswith("/premises")


def test_without_javascript_the_home_address_is_taken_whatever_the_boxes_say(browser, live_server):
    page = premises_step(browser, live_server, javascript=False)
    expect(page.locator('[name="premises-street"]')).to_be_visible()
    page.locator('[name="premises-location"][value="home"]').check()
    page.locator('[name="premises-street"]').fill("Ostwall")
    page.locator(".wizard-buttons button").first.click()
    page.wait_for_load_state()
    assert not page.url.rstrip("/").endswith("/premises")
    premises = Draft.objects.get().data["extra_data"]["answers"]["steps"]["premises"]
    assert (premises["street"], premises["house_number"], premises["postcode"]) == ("Dionysiusstraße", "10", "47798")
