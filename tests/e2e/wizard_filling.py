"""Helpers of the journeys: logging in, filling a wizard the way a person would (counting what they
type), opening a draft at a step, checking a page with axe-core."""

from django.conf import settings
from django.shortcuts import resolve_url
from django.test import Client

from services.catalog.services import catalog_load
from tests.factories import DEFAULT_PASSWORD, FounderFactory
from tests.wizard_answers import wizard_walk

# A question is marked required by the asterisk in its label or, for a date, in its legend.
REQUIRED = "e => !!e.closest('.field').querySelector(':scope > label .required, :scope > fieldset > legend .required')"


def log_in(page, email: str) -> None:
    page.goto(resolve_url(settings.LOGIN_URL))
    page.locator('[name="username"]').fill(email)
    page.locator('[name="password"]').fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def fill_step(page, data: dict, upload_path, *, keep_shown: bool = False) -> tuple[int, int]:
    """Fill a wizard step from what its form posts (``data``): type, tick, choose, attach.

    Returns how many text boxes were typed into (a date's day, month and year are three) and how
    many of them the page marks as required (an asterisk at the question). With ``keep_shown`` a
    text box already showing the wanted answer (prefilled) is left as it is and not counted.
    """
    typed = required = 0
    for name, value in data.items():
        if name == "application-current_step" or name.endswith(("TOTAL_FORMS", "INITIAL_FORMS", "_NUM_FORMS")):
            continue
        if value == "":  # left empty: an optional question the person skips
            continue
        element = page.locator(f'[name="{name}"]')
        kind = element.first.get_attribute("type") or element.first.evaluate("e => e.tagName.toLowerCase()")
        if kind == "file":
            element.set_input_files(str(upload_path))
        elif kind == "radio":
            page.locator(f'[name="{name}"][value="{value}"]').check()
        elif kind == "checkbox":
            for one in value if isinstance(value, list) else [value]:
                target = element if one == "on" else page.locator(f'[name="{name}"][value="{one}"]')
                target.check()
        elif kind == "select":
            element.select_option(value)
        elif keep_shown and element.input_value() == value:
            continue
        else:
            element.fill(value)
            typed += bool(value)
            required += bool(value) and element.evaluate(REQUIRED)
    return typed, required


def wizard_page(browser, live_server, slug: str, post_data, *, until: str, javascript: bool = True, **options):
    """A new founder's browser on the step ``until`` of a ``slug`` draft whose earlier steps were
    posted (``post_data(step, **options)``) over the test client."""
    catalog_load()
    client = Client()
    client.force_login(FounderFactory())
    url, _steps = wizard_walk(client, slug, post_data, until=until, **options)
    context = browser.new_context(base_url=live_server.url, locale="de-DE", java_script_enabled=javascript)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(url)
    return page


WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def page_accessible(page) -> None:
    """axe-core on the page as it is now: no WCAG 2.1 A/AA violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
