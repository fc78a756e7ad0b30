"""The wizard's step counter ("Schritt 4 von 9"; English here), counted from the answers so far, never skipping
a number."""

import re

import pytest

from services.catalog.services import catalog_load
from tests.factories import gewerbeanmeldung_post_data
from tests.integration.test_gewerbeanmeldung_wizard import start, step_of

COUNTER = re.compile(r'<p class="step-count">Step (\d+) of (\d+)</p>')


@pytest.fixture(autouse=True)
def catalog(db):
    catalog_load()


def counters(client, **options) -> list[tuple[str, int, int]]:
    """Walk the wizard to its review step; the step and its counter on every page."""
    url, seen = start(client), []
    while "/antraege/" in url:
        step = step_of(url)
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        current, total = COUNTER.search(page).groups()
        seen.append((step, int(current), int(total)))
        if step == "review":
            break
        url = client.post(url, gewerbeanmeldung_post_data(step, **options))["Location"]
    return seen


@pytest.mark.parametrize(
    "options",
    [
        {"legal_form": "einzelunternehmen"},
        {"legal_form": "gbr", "persons": 2, "nationalities": ["DE", "TR"]},
        {"legal_form": "gmbh", "persons": 2, "reason": "takeover_purchase", "needs_permit": True},
    ],
)
def test_the_counter_goes_up_one_step_at_a_time_and_ends_at_the_total(founder_client, options):
    seen = counters(founder_client, **options)

    assert [current for _step, current, _total in seen] == list(range(1, len(seen) + 1))
    assert seen[-1][1] == seen[-1][2], "the review is the last of the steps counted"
    totals = [total for _step, _current, total in seen]
    assert totals == sorted(totals), "a total grows only when an answer adds a step"


def test_a_sole_proprietor_sees_the_total_of_their_steps_from_the_start(founder_client):
    seen = counters(founder_client, legal_form="einzelunternehmen")

    assert {total for _step, _current, total in seen} == {len(seen)}


def test_on_a_phone_the_step_list_folds_behind_the_step_count(founder_client):
    page = founder_client.get(start(founder_client), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<details class="steps-folded">' in page
    assert re.search(r"<summary>Step 1 of \d+: show all steps</summary>", page)
    assert 'aria-current="step"' in page
