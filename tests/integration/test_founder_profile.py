"""Data entered once: the founder's profile fills the shared steps of every application, is kept from
the first application, changes only when the founder says so, and is the founder's own ("My data")."""

import datetime
import re

import pytest
from django.db import DatabaseError
from django.test import Client

from forms.models import Draft, FounderProfile
from forms.services import founder_profile_part_save
from services.cases.models import Case
from services.catalog.services import catalog_load
from tests.factories import ClerkFactory, FounderFactory, gewerbeanmeldung_post_data
from tests.wizard_answers import gaststaettenerlaubnis_post_data, wizard_walk

PERSON = {
    "surname": "Schmidt",
    "given_names": "Anna",
    "birth_name": "",
    "sex": "female",
    "date_of_birth": "1985-04-12",
    "place_of_birth": "Krefeld",
    "birth_country": "DE",
    "nationality": "DE",
    "further_nationality": "",
    "street": "Dionysiusstraße",
    "house_number": "10",
    "postcode": "47798",
    "city": "Krefeld",
    "country": "DE",
    "phone": "02151 123456",
    "email": "person0@example.org",
}
COMPANY = {"legal_form": "einzelunternehmen"}
BUSINESS = {"trade_name": "Café Rheinblick", "street": "Ostwall", "house_number": "104", "postcode": "47798"}
GEWERBE = {"legal_form": "einzelunternehmen", "files": True}


@pytest.fixture(autouse=True)
def catalog(db):
    catalog_load()


@pytest.fixture
def profile(founder):
    for part, values in (("person", PERSON), ("company", COMPANY), ("business", BUSINESS)):
        founder_profile_part_save(owner=founder, part=part, values=values)
    return founder


def prefilled(post_data, **persons_overrides):
    """A step's POST as the browser sends it once the persons step was shown prefilled (one initial entry)."""

    def post(step, **options):
        data = post_data(step, **options)
        if step == "persons":
            data["persons-INITIAL_FORMS"] = "1"
            data.update({f"persons-0-{name}": value for name, value in persons_overrides.items()})
        return data

    return post


def walk_to_review(client: Client, slug: str, post_data, **options) -> str:
    url, _seen = wizard_walk(client, slug, post_data, until="review", **options)
    return url


def test_every_shared_step_is_prefilled_from_the_profile(profile, founder_client):
    draft_url = founder_client.get(founder_client.post("/antraege/gewerbeanmeldung/")["Location"])["Location"]
    owner = founder_client.get(draft_url)
    assert owner.context["form"].initial == {"legal_form": "einzelunternehmen"}
    assert re.search(r'<input[^>]*value="einzelunternehmen"[^>]*checked', owner.content.decode())
    founder_client.post(draft_url, gewerbeanmeldung_post_data("owner", **GEWERBE))
    persons = founder_client.get(draft_url.replace("/owner/", "/persons/"))
    formset = persons.context["form"]
    assert formset.initial_form_count() == 1
    assert formset.forms[0].initial["surname"] == "Schmidt"
    assert 'value="Dionysiusstraße"' in persons.content.decode()
    premises = founder_client.get(draft_url.replace("/owner/", "/premises/"))
    assert premises.context["form"].initial == BUSINESS

    gast = founder_client.get(founder_client.post("/antraege/gaststaettenerlaubnis/")["Location"])["Location"]
    founder_client.post(gast, gaststaettenerlaubnis_post_data("operator"))
    assert founder_client.get(gast.replace("/operator/", "/persons/")).context["form"].forms[0].initial["email"] == (
        "person0@example.org"
    )
    assert founder_client.get(gast.replace("/operator/", "/premises/")).context["form"].initial == BUSINESS

    special = founder_client.get(founder_client.post("/antraege/sondernutzung/")["Location"])["Location"]
    applicant = founder_client.get(special).context["form"].initial
    assert applicant["surname"] == "Schmidt" and applicant["email"] == "person0@example.org"
    assert "company_name" not in applicant  # a sole proprietor has no company name
    assert founder_client.get(special.replace("/applicant/", "/location/")).context["form"].initial == BUSINESS

    card = founder_client.get(founder_client.post("/antraege/reisegewerbekarte/")["Location"])["Location"]
    assert card.endswith("/applicant/")
    assert founder_client.get(card).context["form"].initial["date_of_birth"] == datetime.date(1985, 4, 12)


def test_a_prefilled_person_confirmed_unchanged_is_the_applications_person(profile, founder_client):
    url = walk_to_review(founder_client, "gewerbeanmeldung", prefilled(gewerbeanmeldung_post_data), **GEWERBE)
    review = founder_client.get(url)
    assert "profile_update" not in review.context["form"].fields  # nothing differs: nothing to ask

    response = founder_client.post(url, gewerbeanmeldung_post_data("review"))
    assert response.status_code == 302 and response["Location"].endswith("/eingereicht/")
    draft = Draft.objects.get(owner=profile)
    assert draft.case.answers["persons"][0]["surname"] == "Schmidt"
    assert FounderProfile.objects.get(owner=profile).data["person"] == PERSON


def test_the_first_application_fills_the_profile_without_asking(founder, founder_client):
    url, seen = wizard_walk(founder_client, "gaststaettenerlaubnis", gaststaettenerlaubnis_post_data)
    assert url.endswith("/eingereicht/") and "review" in seen

    data = FounderProfile.objects.get(owner=founder).data
    assert data["person"]["surname"] == "Schmidt" and data["person"]["date_of_birth"] == "1985-04-12"
    assert data["company"] == {"legal_form": "einzelunternehmen"}
    assert data["business"] == {**BUSINESS}


def test_a_profile_that_cannot_be_written_files_no_case_either(founder, founder_client, monkeypatch):
    url = walk_to_review(founder_client, "gaststaettenerlaubnis", gaststaettenerlaubnis_post_data)

    def profile_unavailable(**kwargs):
        raise DatabaseError("the profile table is unavailable")

    monkeypatch.setattr("forms.views.founder_profile_keep", profile_unavailable)
    founder_client.raise_request_exception = False
    response = founder_client.post(url, gaststaettenerlaubnis_post_data("review"))

    assert response.status_code == 500
    assert not Case.objects.exists()
    assert Draft.objects.get(owner=founder).case is None


@pytest.mark.parametrize("answer", ["yes", "no"])
def test_answers_that_differ_ask_whether_to_update_the_profile(profile, founder_client, answer):
    post = prefilled(gewerbeanmeldung_post_data, email="anna@rheinblick.example")
    url = walk_to_review(founder_client, "gewerbeanmeldung", post, **GEWERBE)

    review = founder_client.get(url)
    question = review.context["form"].fields["profile_update"]
    assert question.initial is None and [value for value, _label in question.choices] == ["yes", "no"]
    page = review.content.decode()
    assert "Ihre Angaben weichen von Ihrem Profil ab. Profil aktualisieren?" in page
    assert "Abweichend: Person und Wohnanschrift" in page
    assert len(re.findall(r'<input[^>]*name="review-profile_update"', page)) == 2
    assert not re.search(r'<input[^>]*name="review-profile_update"[^>]*checked', page)
    unanswered = founder_client.post(url, gewerbeanmeldung_post_data("review"))
    assert unanswered.status_code == 200 and "profile_update" in unanswered.context["form"].errors
    assert not Draft.objects.filter(case__isnull=False).exists()

    response = founder_client.post(url, gewerbeanmeldung_post_data("review", overrides={"profile_update": answer}))
    assert response["Location"].endswith("/eingereicht/")
    case = Draft.objects.get(owner=profile).case
    assert case.answers["persons"][0]["email"] == "anna@rheinblick.example"
    assert "profile_update" not in case.answers["review"]
    kept = FounderProfile.objects.get(owner=profile).data["person"]["email"]
    assert kept == ("anna@rheinblick.example" if answer == "yes" else "person0@example.org")


def test_my_data_shows_and_changes_the_founders_own_profile_only(profile, founder_client):
    page = founder_client.get("/meine-daten/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Anna Schmidt" in text and "Dionysiusstraße 10, 47798 Krefeld" in text and "Café Rheinblick" in text
    assert 'href="/meine-daten/person/"' in text

    response = founder_client.post(
        "/meine-daten/person/",
        {
            **PERSON,
            "email": "neu@example.org",
            "date_of_birth_day": "12",
            "date_of_birth_month": "4",
            "date_of_birth_year": "1985",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/meine-daten/"
    assert FounderProfile.objects.get(owner=profile).data["person"]["email"] == "neu@example.org"

    invalid = founder_client.post("/meine-daten/person/", {**PERSON, "surname": ""})
    assert invalid.status_code == 200 and "surname" in invalid.context["form"].errors

    company = founder_client.post(
        "/meine-daten/unternehmen/", {"legal_form": "gmbh", "company_name": "Rheinblick", "register_court": "Krefeld"}
    )
    assert company.status_code == 200 and "company_name" in company.context["form"].errors
    assert (
        founder_client.post("/meine-daten/unternehmen/", {"legal_form": "einzelunternehmen", "company_name": ""})[
            "Location"
        ]
        == "/meine-daten/"
    )

    other = Client()
    other.force_login(FounderFactory())
    assert "Anna Schmidt" not in other.get("/meine-daten/").content.decode()
    other.post(
        "/meine-daten/person/",
        {
            **PERSON,
            "surname": "Fremd",
            "date_of_birth_day": "1",
            "date_of_birth_month": "1",
            "date_of_birth_year": "1980",
        },
    )
    assert FounderProfile.objects.get(owner=profile).data["person"]["surname"] == "Schmidt"

    clerk = Client()
    clerk.force_login(ClerkFactory())
    assert clerk.get("/meine-daten/").status_code == 404
    assert clerk.get("/meine-daten/person/").status_code == 404
    assert Client().get("/meine-daten/")["Location"].startswith("/konto/anmelden/")
    assert founder_client.get("/meine-daten/unbekannt/").status_code == 404


def test_start_all_asks_for_the_data_first_then_files_the_checklist_in_order(founder, founder_client):
    founder_client.post(
        "/gruendungslotse/",
        {
            "activity": "hospitality",
            "legal_form": "sole",
            "premises": "premises",
            "craft": "no",
            "travelling": "no",
            "food": "yes",
            "alcohol": "yes",
            "outdoor_seating": "no",
            "employees": "no",
        },
    )
    checklist = founder_client.get("/gruendungslotse/checkliste/").content.decode()
    assert 'href="/gruendungslotse/alle-starten/"' in checklist and 'id="progress-gewerbeanmeldung"' in checklist

    tasks = founder_client.get("/gruendungslotse/alle-starten/")
    assert [task.service.slug for task in tasks.context["tasks"]] == ["gewerbeanmeldung", "gaststaettenerlaubnis"]
    assert founder_client.post("/gruendungslotse/alle-starten/")["Location"] == "/meine-daten/person/"
    for part, values in (("person", PERSON), ("company", COMPANY)):
        founder_profile_part_save(owner=founder, part=part, values=values)

    first = founder_client.post("/gruendungslotse/alle-starten/")["Location"]
    assert first.startswith("/antraege/gewerbeanmeldung/")
    assert founder_client.post("/gruendungslotse/alle-starten/")["Location"] == first  # the open draft, not a new one
    assert Draft.objects.filter(owner=founder).count() == 1
    checklist = founder_client.get("/gruendungslotse/checkliste/")
    progress = dict((rule.code, done) for rule, done in checklist.context["here"])
    assert progress["gewerbeanmeldung"].drafts == 1 and progress["gewerbeanmeldung"].submitted == 0


def test_adding_a_room_without_javascript_starts_it_with_its_default_seats(founder_client):
    url, _seen = wizard_walk(founder_client, "gaststaettenerlaubnis", gaststaettenerlaubnis_post_data, until="rooms")
    data = {**gaststaettenerlaubnis_post_data("rooms", rooms=1), "formset_add": "1"}

    response = founder_client.post(url, data)

    assert response.status_code == 200
    assert response.context["form"].total_form_count() == 2
    assert response.context["form"].forms[1]["seats"].value() == "0"
