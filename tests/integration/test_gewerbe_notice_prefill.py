"""A Gewerbeummeldung or -abmeldung starts from the founder's Gewerbeanmeldung: the founder chooses the
business on the start page, reviews the prefilled owner, company, person and premises pages, and submits."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from forms.models import Draft
from services.cases.models import Case
from services.catalog.models import Service
from services.catalog.services import catalog_load
from services.workflow.transitions import CaseStatus
from tests.factories import CaseFactory, FounderFactory, gewerbeanmeldung_answers
from tests.wizard_answers import form_as_shown, gewerbeabmeldung_post_data, gewerbeummeldung_post_data

NOTICES = {"gewerbeummeldung": gewerbeummeldung_post_data, "gewerbeabmeldung": gewerbeabmeldung_post_data}
# The pages that start from the registration and that the founder here submits as shown.
REVIEWED = {"owner", "register", "persons", "premises", "previous_premises"}


@pytest.fixture(autouse=True)
def catalog(db):
    catalog_load()


def registration(applicant, *, title="Café Rheinblick", days_ago=30, **options) -> Case:
    return CaseFactory(
        service=Service.objects.get(slug="gewerbeanmeldung"),
        applicant=applicant,
        answers=gewerbeanmeldung_answers(**options),
        title=title,
        submitted_at=timezone.now() - timedelta(days=days_ago),
    )


def start(client, slug: str, source) -> str:
    """Start a draft from ``source`` (a case, or "none"); returns the URL of its first step."""
    response = client.post(f"/antraege/{slug}/", {"source": getattr(source, "public_id", source)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"])["Location"]


def file_reviewing(client, slug: str, url: str, changed=(), **options) -> list[str]:
    """Submit every step; the prefilled ones as shown (unless ``changed``), the rest with test answers."""
    post_data, seen = NOTICES[slug], []
    while f"/antraege/{slug}/" in url:
        step = url.rstrip("/").rsplit("/", 1)[1]
        seen.append(step)
        page = client.get(url)
        if step in REVIEWED and step not in changed:
            data = form_as_shown(step, page.context["form"])
        else:
            data = post_data(step, **options)
        response = client.post(url, data)
        assert response.status_code == 302, (step, response.context and response.context["form"].errors)
        url = response["Location"]
    return seen


def test_the_start_page_offers_the_founders_businesses_and_preselects_none(founder_client, founder):
    older = registration(founder, title="Kiosk am Ostwall", days_ago=400)
    latest = registration(founder, title="Café Rheinblick")
    withdrawn = registration(founder, title="Zurückgezogen GmbH")
    Case.objects.filter(pk=withdrawn.pk).update(status=CaseStatus.WITHDRAWN)
    registration(FounderFactory(), title="Fremdes Café")

    page = founder_client.get("/antraege/gewerbeabmeldung/").content.decode()

    assert page.index(latest.reference) < page.index(older.reference)
    assert "Ostwall 104, 47798 Krefeld" in page
    assert "Zurückgezogen" not in page and "Fremdes Café" not in page
    assert 'value="none"' in page and "checked" not in page


@pytest.mark.parametrize("slug", sorted(NOTICES))
def test_without_a_choice_no_draft_is_started_and_the_page_says_what_to_do(founder_client, founder, slug):
    registration(founder)

    response = founder_client.post(f"/antraege/{slug}/", {}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "Choose the business this notice is about" in response.content.decode()
    assert not Draft.objects.exists()


def test_another_founders_case_cannot_be_chosen(founder_client, founder):
    registration(founder)
    foreign = registration(FounderFactory(), title="Fremdes Café")

    response = founder_client.post("/antraege/gewerbeummeldung/", {"source": foreign.public_id})

    assert response.status_code == 200 and not Draft.objects.exists()


@pytest.mark.parametrize(("slug", "changed"), [("gewerbeummeldung", {"premises"}), ("gewerbeabmeldung", set())])
def test_the_notice_starts_from_the_registration_and_keeps_what_the_founder_reviewed(
    founder_client, founder, django_capture_on_commit_callbacks, slug, changed
):
    gewa1 = registration(founder, legal_form="gbr", persons=2)
    url = start(founder_client, slug, gewa1)

    first = founder_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"These answers come from your registration {gewa1.reference}" in first
    assert re.search(r'value="gbr"[^>]*checked', first)
    with django_capture_on_commit_callbacks(execute=True):
        seen = file_reviewing(founder_client, slug, url, changed=changed, legal_form="gbr", persons=2)

    assert {"owner", "register", "persons", "premises"} <= set(seen)
    case = Case.objects.get(service__slug=slug)
    persons = [(p["surname"], p["given_names"], p["date_of_birth"]) for p in case.answers["persons"]]
    assert persons == [(p["surname"], p["given_names"], p["date_of_birth"]) for p in gewa1.answers["persons"]]
    assert case.answers["register"]["company_name"] == gewa1.answers["register"]["company_name"]
    assert case.answers["owner"] == gewa1.answers["owner"]
    if slug == "gewerbeabmeldung":
        assert case.answers["premises"] == gewa1.answers["premises"]
        assert case.answers["activity"]["activity"] == gewa1.answers["activity"]["activity"]
    else:
        assert case.answers["previous_premises"]["street"] == gewa1.answers["premises"]["street"]


def test_the_founder_chooses_which_business_when_there_are_several(founder_client, founder):
    older = registration(founder, title="Kiosk am Ostwall", days_ago=400, legal_form="gmbh")
    registration(founder, title="Café Rheinblick", legal_form="einzelunternehmen")

    url = start(founder_client, "gewerbeabmeldung", older)

    assert re.search(r'value="gmbh"[^>]*checked', founder_client.get(url).content.decode())
    draft = Draft.objects.get()
    assert draft.data["extra_data"]["prefill"]["source"] == older.reference


def test_another_business_starts_empty(founder_client, founder):
    registration(founder)

    url = start(founder_client, "gewerbeummeldung", "none")
    page = founder_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "These answers come from your registration" not in page and "checked" not in page


def test_a_founder_without_a_registration_starts_without_the_question(founder_client):
    page = founder_client.get("/antraege/gewerbeabmeldung/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Which business is this notice about?" not in page
    assert founder_client.post("/antraege/gewerbeabmeldung/").status_code == 302


def test_after_a_move_the_new_premises_keep_name_and_contacts_but_not_the_old_address(founder_client, founder):
    url = start(founder_client, "gewerbeummeldung", registration(founder))
    while not url.endswith("/premises/"):
        step = url.rstrip("/").rsplit("/", 1)[1]
        page = founder_client.get(url)
        data = (
            form_as_shown(step, page.context["form"])
            if step in REVIEWED
            else gewerbeummeldung_post_data(step, changes=("relocation",))
        )
        url = founder_client.post(url, data)["Location"]

    form = founder_client.get(url).context["form"]

    assert form["trade_name"].value() == "Café Rheinblick" and form["email"].value() == "info@rheinblick.example"
    assert not form["street"].value() and not form["postcode"].value()
