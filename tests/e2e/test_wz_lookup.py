"""Finding the WZ code without leaving the Gewerbeanmeldung: the help on the activity step searches
by words, and choosing a result fills in the code. Without JavaScript the help links to the search page."""

import pytest
from playwright.sync_api import expect

from tests.e2e.wizard_filling import page_accessible, wizard_page
from tests.factories import gewerbeanmeldung_post_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def activity_step(browser, live_server, *, javascript: bool):
    return wizard_page(
        browser, live_server, "gewerbeanmeldung", gewerbeanmeldung_post_data, until="activity",
        javascript=javascript, legal_form="einzelunternehmen",
    )  # fmt: skip


def test_a_founder_finds_the_code_by_a_word_and_takes_it_over(browser, live_server):
    page = activity_step(browser, live_server, javascript=True)
    page.locator("details.help summary", has_text="Wie finde ich").click()
    page.locator("#wz-lookup-words").fill("Café")
    page.locator("#wz-lookup-words").press("Enter")
    result = page.locator(".wz-lookup-results li", has_text="56.10.4")
    expect(result).to_be_visible()
    page_accessible(page)

    result.get_by_role("button").click()
    expect(page.locator('[name="activity-wz_code"]')).to_have_value("56.10.4")
    assert "/activity/" in page.url, "searching did not submit the step"


def test_without_javascript_the_help_links_to_the_search_page(browser, live_server):
    page = activity_step(browser, live_server, javascript=False)
    page.locator("details.help summary", has_text="Wie finde ich").click()
    expect(page.locator(".wz-lookup")).to_be_hidden()
    expect(page.locator('details.help a[href="/wz-schluessel/"]')).to_be_visible()
