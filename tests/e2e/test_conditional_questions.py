"""A question that belongs to one answer of another (a period's dates, the name of an "other" kind)
appears in Chromium only once that answer is chosen, and without JavaScript it is simply there."""

import pytest
from playwright.sync_api import expect

from tests.e2e.wizard_filling import wizard_page
from tests.wizard_answers import sondernutzung_post_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def period_step(browser, live_server, *, javascript: bool):
    return wizard_page(
        browser, live_server, "sondernutzung", sondernutzung_post_data, until="period", javascript=javascript
    )


def test_the_dates_of_another_period_appear_only_when_another_period_is_chosen(browser, live_server):
    page = period_step(browser, live_server, javascript=True)
    season_year = page.locator('[name="period-season_year"]')
    first_day = page.locator('[name="period-start_date_day"]')
    expect(season_year).to_be_hidden()
    expect(first_day).to_be_hidden()

    page.locator('[name="period-period_kind"][value="period"]').check()
    expect(first_day).to_be_visible()
    expect(season_year).to_be_hidden()

    page.locator('[name="period-period_kind"][value="season"]').check()
    expect(season_year).to_be_visible()
    expect(first_day).to_be_hidden()


def test_without_javascript_every_question_of_the_step_is_shown(browser, live_server):
    page = period_step(browser, live_server, javascript=False)
    expect(page.locator('[name="period-season_year"]')).to_be_visible()
    expect(page.locator('[name="period-start_date_day"]')).to_be_visible()
