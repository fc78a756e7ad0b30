"""A founder applies for a Gaststättenerlaubnis (§ 2 GastG) through the wizard."""

import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from services.cases.models import Case
from services.catalog.models import Department, Service
from services.catalog.services import catalog_load
from services.workflow.transitions import CaseStatus
from tests.factories import ClerkFactory
from tests.wizard_answers import errors_of, gaststaettenerlaubnis_post_data, wizard_step_refused, wizard_walk

SLUG = "gaststaettenerlaubnis"


@pytest.fixture(autouse=True)
def catalog(db):
    catalog_load()


def walk(client: Client, *, until: str | None = None, **options) -> tuple[str, list[str]]:
    return wizard_walk(client, SLUG, gaststaettenerlaubnis_post_data, until=until, **options)


def test_a_sole_proprietor_files_and_the_case_goes_to_the_gewerbeamt_with_its_pdf(
    founder_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        url, seen = walk(founder_client)

    assert seen == ["operator", "persons", "premises", "rooms", "establishment", "reliability", "review"]
    assert url.endswith("/eingereicht/")
    case = Case.objects.get()
    assert re.fullmatch(r"GST-\d{4}-000001", case.reference)
    assert case.department.code == "gewerbeamt" and case.title == "Café Rheinblick"
    assert [room["name"] for room in case.answers["rooms"]] == ["Gastraum", "Küche"]
    assert {a.document_code for a in case.attachments.all()} == {
        "floor_plan",
        "lease",
        "identity",
        "certificate_of_conduct",
        "trade_register_info",
        "food_hygiene",
        "tax_certificate",
    }
    rooms = [section for section in case.summary if section["step"] == "rooms"]
    assert [section["title"] for section in rooms] == ["Raum 1: Gastraum", "Raum 2: Küche", "Alle Räume"]
    assert rooms[1]["fields"][1] == {"number": "", "label": "Fläche (m²)", "value": "12,5"}
    assert rooms[-1]["fields"][-1]["value"].startswith("57,5 m², 30 ")
    pdf = founder_client.get(f"/vorgaenge/{case.public_id}/pdf/")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages)
    assert case.reference in text and "Schmidt" in text and "§ 2 GastG" in text


def test_a_gmbh_names_its_company_and_each_managing_director_shows_reliability(
    founder_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _url, seen = walk(founder_client, legal_form="gmbh", was_restaurant=False)

    case = Case.objects.get()
    assert seen[:3] == ["operator", "register", "persons"]
    assert case.answers["register"]["register_entry"]
    assert "building_permit" in {a.document_code for a in case.attachments.all()}


def test_the_case_lands_in_the_gewerbeamt_inbox_only_and_runs_the_workflow(
    founder_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        walk(founder_client)
    case = Case.objects.get()
    inbox = Client()
    inbox.force_login(ClerkFactory(departments=[Service.objects.get(slug=SLUG).department]))
    elsewhere = Client()
    elsewhere.force_login(ClerkFactory(departments=[Department.objects.get(code="tiefbau")]))

    assert case.reference in inbox.get("/sachbearbeitung/").content.decode()
    assert case.reference not in elsewhere.get("/sachbearbeitung/").content.decode()
    # The clerk works it through the same workflow as every case.
    assert inbox.get(reverse("workspace:case", args=[case.public_id])).status_code == 200
    assert elsewhere.get(reverse("workspace:case", args=[case.public_id])).status_code == 404
    for move, data in (("start_review", {}), ("request_information", {"request_information-text": "Bitte ergänzen."})):
        assert inbox.post(reverse("workspace:case_transition", args=[case.public_id, move]), data).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.INFORMATION_REQUESTED


# One invalid answer per step, and the message that says what to do.
INVALID = [
    ("operator", {"legal_form": None}, "legal_form", "Choose the legal form of the operator."),
    ("persons", {"0-date_of_birth_month": "13"}, "date_of_birth", "The month must be a number from 1 to 12."),
    ("premises", {"postcode": "40212"}, "postcode", "This postcode is not in Krefeld."),
    (
        "premises",
        {"was_restaurant": "no"},
        "building_permit",
        "Rooms not yet approved for a restaurant need a building permit. Upload it here.",
    ),
    ("rooms", {"0-area_m2": "abc"}, "area_m2", "Enter the area in square metres as a number, e.g. 45 or 12.5."),
    ("rooms", {"0-seats": "0"}, "__all__", "Enter the seats of at least one guest room."),
    ("establishment", {"opening_hours": ""}, "opening_hours", "Enter the opening hours, e.g. Mon–Fri 11:00–23:00."),
    ("establishment", {"kind": "other"}, "kind_other", "Describe the kind of establishment."),
    ("reliability", {"conduct_0": None}, "conduct_0", "Upload the certificate of conduct of Anna Schmidt."),
    ("review", {"declaration": None}, "declaration", "Please confirm"),
]


@pytest.mark.parametrize(
    ("step", "overrides", "field", "message"), INVALID, ids=[f"{s}-{f}" for s, _o, f, _m in INVALID]
)
def test_an_invalid_answer_on_each_step_is_shown_next_to_its_field(founder_client, step, overrides, field, message):
    response = wizard_step_refused(
        founder_client, SLUG, gaststaettenerlaubnis_post_data, step=step, overrides=overrides
    )

    assert message in " ".join(errors_of(response.context["form"], field))
