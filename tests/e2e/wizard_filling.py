"""Helpers of the journeys: logging in, filling a wizard the way a person would (counting what they
type), opening a draft at a step, checking a page with axe-core."""

from dataclasses import astuple, dataclass

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


@dataclass(frozen=True)
class Typed:
    """What a person typed: text boxes (a date's day, month and year are three) and answers (a date is
    one), each with how many of them the page marks as required (an asterisk at the question)."""

    boxes: int = 0
    required_boxes: int = 0
    answers: int = 0
    required_answers: int = 0

    def __add__(self, other: "Typed") -> "Typed":
        return Typed(*(mine + theirs for mine, theirs in zip(astuple(self), astuple(other), strict=True)))

    def line(self) -> str:
        return (
            f"{self.boxes} typed boxes ({self.required_boxes} required; a date's day, month and year count as "
            f"three), {self.answers} typed answers ({self.required_answers} required; a date counts as one)"
        )


def fill_step(page, data: dict, upload_path, *, keep_shown: bool = False) -> Typed:
    """Fill a wizard step from what its form posts (``data``): type, tick, choose, attach.

    Returns what was typed into text boxes. With ``keep_shown`` a text box already showing the wanted
    answer (prefilled, or filled in by the page's script from an earlier box) is left as it is and
    not counted.
    """
    boxes = required_boxes = 0
    answers: dict[str, bool] = {}  # typed answer -> required
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
            required = bool(element.evaluate(REQUIRED))
            boxes, required_boxes = boxes + 1, required_boxes + required
            # The day, month and year of a date are one answer.
            is_date_part = element.evaluate("e => /(^| )date-input-/.test(e.className)")
            answer = name.rsplit("_", 1)[0] if is_date_part else name
            answers[answer] = answers.get(answer, False) or required
    return Typed(boxes, required_boxes, len(answers), sum(answers.values()))


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
