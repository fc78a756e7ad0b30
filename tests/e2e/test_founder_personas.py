"""Three founders as they come to the Gewerbeamt, each filing a Gewerbeanmeldung in Chromium:
a sole proprietor with a non-EU nationality, a GbR of two and a GmbH taking over a business.
axe-core checks every page; the journey prints what each of them typed (run with ``-s``), leaving what
the page shows already: the first person's e-mail from the account, a town from its Krefeld postcode."""

import pytest

from services.cases.models import Case
from services.catalog.services import catalog_load
from tests.e2e.wizard_filling import Typed, fill_step, log_in
from tests.factories import FounderFactory, gewerbeanmeldung_post_data
from tests.sample_files import pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSONAS = {
    "sole proprietor from Türkiye": {"legal_form": "einzelunternehmen", "nationalities": ["TR"]},
    "GbR of two": {"legal_form": "gbr", "persons": 2},
    "GmbH taking over a business": {"legal_form": "gmbh", "reason": "takeover_purchase"},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_founder_files_a_gewerbeanmeldung(persona, page, accessible, tmp_path, capsys):
    catalog_load()
    founder = FounderFactory()
    upload_path = tmp_path / "nachweis.pdf"
    upload_path.write_bytes(pdf_bytes())
    log_in(page, founder.email)

    page.goto("/antraege/gewerbeanmeldung/")
    page.locator("main form button[type=submit]").last.click()
    typed = Typed()
    pages = []
    while "/antraege/" in page.url:
        step = page.url.rstrip("/").rsplit("/", 1)[1]
        accessible()
        # The first person is the founder, who gives the e-mail of the account (the page shows it already).
        own = {"0-email": founder.email} if step == "persons" else None
        data = gewerbeanmeldung_post_data(step, **PERSONAS[persona], overrides=own)
        typed += fill_step(page, data, upload_path, keep_shown=True)
        if step == "persons":
            # Each home address's town came from its Krefeld postcode; nobody typed it.
            assert (
                page.locator('[name$="-city"]').evaluate_all("boxes => boxes.map(box => box.value)")
                == ["Krefeld"] * page.locator('[name$="-city"]').count()
            )
        pages = [*pages, step]
        page.locator(".wizard-buttons button").first.click()
        page.wait_for_load_state()
        assert page.url.rstrip("/").rsplit("/", 1)[1] != step, f"step {step} stayed"

    case = Case.objects.get(applicant=founder)
    assert case.reference in page.content()
    accessible()
    assert case.answers["persons"][0]["email"] == founder.email
    assert {person["city"] for person in case.answers["persons"]} == {"Krefeld"}
    if persona.startswith("sole"):
        assert "residence" in pages
    if persona.startswith("GmbH"):
        assert "previous_owner" in pages
    with capsys.disabled():
        print(f"\nGewerbeanmeldung, {persona}, over {len(pages)} wizard pages: {typed.line()}")
