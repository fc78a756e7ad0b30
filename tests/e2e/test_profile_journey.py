"""Data entered once, in Chromium: the founding guide's checklist → "Start all" → log in → "My data"
(person and legal form, typed once) → the Gewerbeanmeldung, prefilled, where the business premises
are typed and kept → the Gaststättenerlaubnis right after it, prefilled with both → each case in the
inbox of its department's clerk. axe-core checks every page against WCAG 2.1 A/AA.

The journey counts the text boxes the founder types into (a date's day, month and year are three;
a box already showing the wanted value is not typed into) and prints the counts (run with ``-s``)."""

import re

import pytest
from django.conf import settings
from django.test import Client

from forms.models import FounderProfile
from forms.services import founder_profile_part_save
from services.cases.models import Case
from services.catalog.services import catalog_load
from tests.e2e.wizard_filling import fill_step, log_in, page_accessible
from tests.factories import DEFAULT_PASSWORD, ClerkFactory, FounderFactory, gewerbeanmeldung_post_data
from tests.sample_files import pdf_bytes
from tests.wizard_answers import gaststaettenerlaubnis_post_data, wizard_walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CAFE = {
    "activity": "hospitality",
    "legal_form": "sole",
    "premises": "premises",
    "craft": "no",
    "travelling": "no",
    "food": "yes",
    "alcohol": "yes",
    "outdoor_seating": "no",
    "employees": "yes",
}
# "My data", as the founder types it (the same person the applications' answers name).
PERSON = {
    "surname": "Schmidt",
    "given_names": "Anna",
    "sex": "female",
    "date_of_birth_day": "12",
    "date_of_birth_month": "4",
    "date_of_birth_year": "1985",
    "place_of_birth": "Krefeld",
    "birth_country": "DE",
    "nationality": "DE",
    "street": "Dionysiusstraße",
    "house_number": "10",
    "postcode": "47798",
    "city": "Krefeld",
    "country": "DE",
    "phone": "02151 123456",
    "email": "person0@example.org",
}

# The same person as the profile keeps it (the answers' JSON).
PERSON_ANSWERS = {
    **{name: value for name, value in PERSON.items() if not name.startswith("date_of_birth")},
    "date_of_birth": "1985-04-12",
}


def fill(page, data: dict, upload_path) -> int:
    """Fill a page the way a person would, leaving what already shows the wanted answer; returns how
    many text boxes were typed into."""
    return fill_step(page, data, upload_path, keep_shown=True).boxes


def entries_add(page, step: str, data: dict) -> None:
    """A formset step that asks for more entries than it shows: "add another" (no JavaScript needed)."""
    wanted = int(data.get(f"{step}-TOTAL_FORMS", 0))
    while wanted and int(page.locator(f'[name="{step}-TOTAL_FORMS"]').input_value()) < wanted:
        page.locator('button[name="formset_add"]').click()
        page.wait_for_load_state()


def file_application(page, accessible, slug: str, post_data, upload_path) -> tuple[int, int]:
    """Walk the wizard the founder is on to its submit; returns (typed inputs, wizard pages)."""
    typed = pages = 0
    while f"/antraege/{slug}/" in page.url:
        step = page.url.rstrip("/").rsplit("/", 1)[1]
        accessible()
        data = post_data(step)
        entries_add(page, step, data)
        typed += fill(page, data, upload_path)
        pages += 1
        page.locator(".wizard-buttons button").first.click()
        page.wait_for_load_state()
        assert page.url.rstrip("/").rsplit("/", 1)[1] != step or "/vorgaenge/" in page.url, f"{slug}: {step} stayed"
    return typed, pages


def test_a_sole_proprietor_enters_shared_data_once_and_files_two_applications(
    browser, page, accessible, live_server, tmp_path, capsys
):
    catalog_load()
    founder = FounderFactory(full_name="Anna Schmidt")
    upload_path = tmp_path / "nachweis.pdf"
    upload_path.write_bytes(pdf_bytes())

    # The guide, without an account: questions → checklist → "Start all" asks to log in.
    page.goto("/gruendungslotse/")
    accessible()
    for name, value in CAFE.items():
        page.locator(f'[name="{name}"][value="{value}"]').check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/gruendungslotse/checkliste/")
    accessible()
    page.locator('main a[href="/gruendungslotse/alle-starten/"]').click()
    page.wait_for_url("**/konto/anmelden/**")
    accessible()
    page.locator('[name="username"]').fill(founder.email)
    page.locator('[name="password"]').fill(DEFAULT_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/gruendungslotse/alle-starten/")
    accessible()
    tasks = page.locator(".task-list .task-name").all_inner_texts()
    assert tasks[1:] == ["Gewerbeanmeldung", "Gaststättenerlaubnis"]

    # "My data" first: the person with the home address, then the legal form.
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/meine-daten/person/")
    accessible()
    profile_typed = fill(page, PERSON, upload_path)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/gruendungslotse/alle-starten/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/meine-daten/unternehmen/")
    accessible()
    page.locator('[name="legal_form"][value="einzelunternehmen"]').check()
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/gruendungslotse/alle-starten/")
    accessible()
    assert page.locator("#task-status-profile strong").count() == 1  # complete

    # The Gewerbeanmeldung, prefilled with person and legal form; its business premises are kept.
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/antraege/gewerbeanmeldung/[0-9a-f-]{36}/owner/$"))
    assert page.locator('[name="owner-legal_form"][value="einzelunternehmen"]').is_checked()
    gewerbe_typed, gewerbe_pages = file_application(
        page,
        accessible,
        "gewerbeanmeldung",
        lambda step: gewerbeanmeldung_post_data(step, legal_form="einzelunternehmen"),
        upload_path,
    )
    gewerbe = Case.objects.get(service__slug="gewerbeanmeldung")
    assert gewerbe.reference in page.content()
    accessible()

    # Back to the list, and on to the Gaststättenerlaubnis, prefilled with person and premises.
    page.locator('main a[href="/gruendungslotse/alle-starten/"]').click()
    page.wait_for_url("**/gruendungslotse/alle-starten/")
    accessible()
    assert gewerbe.reference in page.locator("#task-status-gewerbeanmeldung").inner_text()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/antraege/gaststaettenerlaubnis/[0-9a-f-]{36}/operator/$"))
    gast_typed, gast_pages = file_application(
        page, accessible, "gaststaettenerlaubnis", gaststaettenerlaubnis_post_data, upload_path
    )
    gast = Case.objects.get(service__slug="gaststaettenerlaubnis")
    assert gast.reference in page.content()
    accessible()
    assert gast.answers["persons"][0]["surname"] == "Schmidt" and gast.answers["premises"]["street"] == "Ostwall"

    with capsys.disabled():
        print(
            f"\nonce-only journey (sole proprietor): My data {profile_typed} typed inputs; then the Gewerbeanmeldung "
            f"{gewerbe_typed} typed inputs over {gewerbe_pages} wizard pages and the Gaststättenerlaubnis "
            f"{gast_typed} typed inputs over {gast_pages} wizard pages (text boxes typed into; a box already "
            "showing the wanted value is left; a date's day, month and year count as three)"
        )
    assert gewerbe_typed <= 15 and gast_typed <= 10

    # The checklist shows both as submitted.
    page.goto("/gruendungslotse/checkliste/")
    accessible()
    assert page.locator("#progress-gewerbeanmeldung .tag-done").count() == 1
    assert page.locator("#progress-gaststaettenerlaubnis .tag-done").count() == 1

    # Each case is in the inbox of its department's clerk.
    for case in (gewerbe, gast):
        case.refresh_from_db()
        clerk = ClerkFactory(departments=[case.department])
        context = browser.new_context(base_url=live_server.url, locale="de-DE")
        clerk_page = context.new_page()
        log_in(clerk_page, clerk.email)
        clerk_page.wait_for_url("**/sachbearbeitung/**")
        assert case.reference in clerk_page.content(), f"{case.reference} not in the inbox of {case.department}"
        page_accessible(clerk_page)
        context.close()


def test_the_review_asks_before_a_differing_answer_changes_the_profile(browser, live_server):
    catalog_load()
    founder = FounderFactory()
    for part, values in (
        ("person", {**PERSON_ANSWERS, "email": "alt@example.org"}),
        ("company", {"legal_form": "einzelunternehmen"}),
    ):
        founder_profile_part_save(owner=founder, part=part, values=values)
    client = Client()
    client.force_login(founder)

    def post_data(step, **options):
        data = gaststaettenerlaubnis_post_data(step, **options)
        if step == "persons":
            data["persons-INITIAL_FORMS"] = "1"  # as the prefilled page posts it
        return data

    url, _steps = wizard_walk(client, "gaststaettenerlaubnis", post_data, until="review")
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    page = context.new_page()
    page.goto(url)
    page_accessible(page)
    question = page.locator('[name="review-profile_update"]')
    assert question.count() == 2 and page.locator('[name="review-profile_update"]:checked').count() == 0

    page.locator('[name="review-declaration"]').check()
    page.locator(".wizard-buttons button").first.click()
    page.wait_for_load_state()
    page_accessible(page)  # the error says to answer the question
    assert page.locator(".error-summary").is_visible()
    page.locator('[name="review-profile_update"][value="no"]').check()
    page.locator('[name="review-declaration"]').check()
    page.locator(".wizard-buttons button").first.click()
    page.wait_for_url("**/eingereicht/")
    context.close()

    assert FounderProfile.objects.get(owner=founder).data["person"]["email"] == "alt@example.org"
    assert Case.objects.get().answers["persons"][0]["email"] == "person0@example.org"
