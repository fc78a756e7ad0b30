"""The town of a home address follows from a postcode of this city: in Chromium the page fills the
empty box as the postcode is typed and never replaces a typed town; without JavaScript the box may be
left empty and the wizard takes the city."""

import pytest
from playwright.sync_api import expect

from tests.e2e.wizard_filling import page_accessible, wizard_page
from tests.factories import gewerbeanmeldung_post_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def persons_step(browser, live_server, *, javascript: bool):
    return wizard_page(
        browser,
        live_server,
        "gewerbeanmeldung",
        gewerbeanmeldung_post_data,
        until="persons",
        javascript=javascript,
        legal_form="einzelunternehmen",
    )


def test_a_postcode_of_the_city_fills_the_empty_town_and_a_typed_town_stays(browser, live_server):
    page = persons_step(browser, live_server, javascript=True)
    postcode, city = page.locator('[name="persons-0-postcode"]'), page.locator('[name="persons-0-city"]')

    postcode.fill("47829")
    expect(city).to_have_value("Krefeld")
    page_accessible(page)
    postcode.fill("40212")  # another place: the town filled in goes again
    expect(city).to_have_value("")

    page.locator('[name="persons-0-country"]').select_option("NL")
    postcode.fill("47798")
    expect(city).to_have_value("")
    page.locator('[name="persons-0-country"]').select_option("DE")
    expect(city).to_have_value("Krefeld")

    city.fill("Krefeld-Hüls")
    postcode.fill("47839")
    expect(city).to_have_value("Krefeld-Hüls")


def test_without_javascript_the_town_may_stay_empty_after_a_postcode_of_the_city(browser, live_server):
    page = persons_step(browser, live_server, javascript=False)
    # The hint at the box says so (its wording is the German catalog's, merged separately).
    expect(page.locator('[name="persons-0-city"]')).to_have_attribute("aria-describedby", "id_persons-0-city_helptext")
    expect(page.locator("#id_persons-0-city_helptext")).to_contain_text("Krefeld")
    data = gewerbeanmeldung_post_data("persons", legal_form="einzelunternehmen", overrides={"0-city": ""})
    for name, value in data.items():
        element = page.locator(f'[name="{name}"]')
        if name.endswith(("FORMS", "current_step")) or not value:
            continue
        if element.first.evaluate("e => e.tagName") == "SELECT":
            element.select_option(value)
        elif element.first.get_attribute("type") == "radio":
            page.locator(f'[name="{name}"][value="{value}"]').check()
        else:
            element.fill(value)
    page.locator(".wizard-buttons button").first.click()
    page.wait_for_load_state()
    assert not page.url.rstrip("/").endswith("/persons")
