"""Filling a wizard in Chromium the way a person would, counting what they type."""

from django.conf import settings
from django.shortcuts import resolve_url

from tests.factories import DEFAULT_PASSWORD

# A question is marked required by the asterisk in its label or, for a date, in its legend.
REQUIRED = "e => !!e.closest('.field').querySelector(':scope > label .required, :scope > fieldset > legend .required')"


def log_in(page, email: str) -> None:
    page.goto(resolve_url(settings.LOGIN_URL))
    page.locator('[name="username"]').fill(email)
    page.locator('[name="password"]').fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def fill_step(page, data: dict, upload_path) -> tuple[int, int]:
    """Fill a wizard step from what its form posts (``data``): type, tick, choose, attach.

    Returns how many text boxes were typed into (a date's day, month and year are three) and how
    many of them the page marks as required (an asterisk at the question).
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
        else:
            element.fill(value)
            typed += bool(value)
            required += bool(value) and element.evaluate(REQUIRED)
    return typed, required
