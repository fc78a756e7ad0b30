"""The agency's dashboard in Chromium: the analyst logs in, lands on the dashboard, sees its charts
with the same figures in tables, changes the filters through the URL, and axe-core finds no WCAG 2.1
A/AA violation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from services.catalog.services import catalog_load
from services.statistics.services import case_figures_refresh
from tests.factories import DEFAULT_PASSWORD, AnalystFactory, CaseFactory, gewerbeanmeldung_answers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_analyst_reads_charts_and_tables_and_narrows_them_by_district(page, accessible):
    catalog_load()
    analyst = AnalystFactory()
    answers = gewerbeanmeldung_answers(legal_form="einzelunternehmen")
    for days in range(1, 8):
        CaseFactory(answers=answers, submitted_at=timezone.now() - timedelta(days=days * 20))
    case_figures_refresh()
    page.set_default_timeout(60_000)  # a busy machine; the journeys' default is 15 s

    page.goto("/konto/anmelden/")
    page.locator('[name="username"]').fill(analyst.email)
    page.locator('[name="password"]').fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    assert page.url.endswith("/wirtschaftsfoerderung/")
    assert page.locator("figure.chart svg[role=img]").count() >= 5
    assert page.locator("#chart-volume-title").count() == 1
    assert page.locator("section[aria-labelledby=table-district-heading] table tbody tr").count() == 10
    accessible()

    page.locator("#id_district").select_option("mitte")
    page.locator("main form[method=get] button[type=submit]").click()
    page.wait_for_load_state()
    assert "district=mitte" in page.url
    accessible()


def test_the_analyst_finds_the_monthly_reports_and_the_dates_as_day_month_and_year(page, accessible):
    catalog_load()
    analyst = AnalystFactory()
    answers = gewerbeanmeldung_answers(legal_form="einzelunternehmen")
    for days in range(1, 4):
        CaseFactory(answers=answers, submitted_at=timezone.now() - timedelta(days=days * 35))
    case_figures_refresh()
    page.set_default_timeout(60_000)

    page.goto("/konto/anmelden/")
    page.locator('[name="username"]').fill(analyst.email)
    page.locator('[name="password"]').fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    # The period is typed as day, month and year, and stays in the URL.
    page.locator("#id_start_0").fill("1")
    page.locator("#id_start_1").fill("1")
    page.locator("#id_start_2").fill(str(timezone.localdate().year - 1))
    page.locator("main form[method=get] button[type=submit]").click()
    page.wait_for_load_state()
    assert "start_day=1" in page.url and "start_month=1" in page.url
    assert page.locator("#id_start_0").input_value() == "1"
    accessible()

    page.locator("header nav a[href='/wirtschaftsfoerderung/berichte/']").click()
    page.wait_for_load_state()
    assert page.locator("main table tbody tr").count() >= 3
    assert page.locator("header nav a[href='/termine/']").count() == 0
    accessible()
