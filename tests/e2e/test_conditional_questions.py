"""A question that belongs to one answer of another (a period's dates, the name of an "other" kind)
appears in Chromium only once that answer is chosen, and without JavaScript it is simply there."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from services.catalog.services import catalog_load
from tests.factories import FounderFactory
from tests.wizard_answers import sondernutzung_post_data, wizard_walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def period_step(browser, live_server, *, javascript: bool):
    """A founder's browser on the Sondernutzung's period step, the steps before it filed."""
    catalog_load()
    client = Client()
    client.force_login(FounderFactory())
    url, _steps = wizard_walk(client, "sondernutzung", sondernutzung_post_data, until="period")
    context = browser.new_context(base_url=live_server.url, locale="de-DE", java_script_enabled=javascript)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    page = context.new_page()
    page.goto(url)
    return page


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
