"""A café owner applies for tables and chairs on the pavement (Sondernutzungserlaubnis) through the wizard."""

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
from tests.wizard_answers import errors_of, sondernutzung_post_data, wizard_step_refused, wizard_walk

SLUG = "sondernutzung"
STEPS = ["applicant", "location", "area", "period", "documents", "review"]


@pytest.fixture(autouse=True)
def catalog(db):
    catalog_load()


def walk(client: Client, *, until: str | None = None, **options) -> tuple[str, list[str]]:
    return wizard_walk(client, SLUG, sondernutzung_post_data, until=until, **options)


def test_the_service_page_offers_the_application_online_with_the_rate_per_m2_and_month(client):
    page = client.get(f"/leistungen/{SLUG}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert f'href="/antraege/{SLUG}/"' in page
    assert "plus 2.50 € per m² and started month" in page


def test_a_valid_application_becomes_a_case_of_the_tiefbau_office_with_its_fee_in_the_pdf(
    founder_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        url, seen = walk(founder_client)

    assert seen == STEPS
    case = Case.objects.get()
    assert url.endswith("/eingereicht/")
    assert re.fullmatch(r"SON-\d{4}-000001", case.reference)
    assert case.department.code == "tiefbau" and case.title == "Café Rheinblick"
    assert {a.document_code for a in case.attachments.all()} == {
        "site_plan",
        "furniture",
        "business_permit",
        "identity",
    }
    fees = [section for section in case.summary if section["step"] == "area"][-1]
    # 15 m² × 7 months (1 April to 31 October) × 2,50 € = 262,50 €, plus 50,00 € administrative fee.
    administrative, usage, total = (field["value"] for field in fees["fields"])
    assert (administrative, total) == ("50,00 €", "312,50 €")
    assert usage.startswith("15 m² × 7 ") and usage.endswith(" × 2,50 € = 262,50 €")
    pdf = founder_client.get(f"/vorgaenge/{case.public_id}/pdf/")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages)
    assert case.reference in text and "312,50 €" in text


def test_the_review_page_shows_the_fee_before_submitting(founder_client):
    url, _seen = walk(founder_client, until="review", season=False)

    page = founder_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # 15 m² for two calendar months: 2 months × 2.50 € = 75.00 €, plus 50.00 €.
    assert "15 m² × 2 months × 2.50 € = 75.00 €" in page and "125.00 €" in page


def test_an_area_in_front_of_a_neighbour_needs_the_neighbours_consent(founder_client):
    url, _seen = walk(founder_client, until="documents", other_property=True)
    data = sondernutzung_post_data("documents", other_property=True, overrides={"neighbour_consent": None})

    response = founder_client.post(url, data)

    assert response.status_code == 200
    assert "neighbour_consent" in response.context["form"].errors


def test_the_case_lands_in_the_tiefbau_inbox_only_and_runs_the_workflow(
    founder_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        walk(founder_client)
    case = Case.objects.get()
    tiefbau = Service.objects.get(slug=SLUG).department
    inbox = Client()
    inbox.force_login(ClerkFactory(departments=[tiefbau]))
    elsewhere = Client()
    elsewhere.force_login(ClerkFactory(departments=[Department.objects.get(code="gewerbeamt")]))

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
    ("applicant", {"surname": ""}, "surname", "Enter your surname."),
    ("applicant", {"email": "anna"}, "email", "Enter the e-mail address like name@example.de."),
    ("location", {"postcode": "40212"}, "postcode", "This postcode is not in Krefeld."),
    ("location", {"free_width": "1.2"}, "free_width", "At least 1.5 m of the pavement must stay free"),
    ("area", {"area_m2": "0"}, "area_m2", "The area must be at least 1 m²."),
    ("area", {"chairs": "40"}, "chairs", "hold at most 30 chairs. Enter fewer chairs or a larger area."),
    ("period", {"period_kind": None}, "period_kind", "Choose the season or another period."),
    ("period", {"period_kind": "period"}, "start_date", "Enter the first day of the period."),
    ("documents", {"site_plan": None}, "site_plan", "Upload the site plan with the dimensions of the area."),
    ("review", {"declaration": None}, "declaration", "Please confirm"),
]


@pytest.mark.parametrize(
    ("step", "overrides", "field", "message"), INVALID, ids=[f"{s}-{f}" for s, _o, f, _m in INVALID]
)
def test_an_invalid_answer_on_each_step_is_shown_next_to_its_field(founder_client, step, overrides, field, message):
    response = wizard_step_refused(founder_client, SLUG, sondernutzung_post_data, step=step, overrides=overrides)

    assert message in " ".join(errors_of(response.context["form"], field))
