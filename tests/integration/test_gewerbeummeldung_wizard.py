"""A founder files a Gewerbeummeldung (GewA 2) through the wizard, over HTTP with the test client."""

import io
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from services.cases.models import Case
from services.catalog.services import catalog_load
from tests.wizard_answers import errors_of, gewerbeummeldung_post_data, wizard_step_refused, wizard_walk

SLUG = "gewerbeummeldung"


@pytest.fixture(autouse=True)
def catalog(db):
    catalog_load()


def walk(client: Client, *, until: str | None = None, **options) -> tuple[str, list[str]]:
    return wizard_walk(client, SLUG, gewerbeummeldung_post_data, until=until, **options)


def pdf_text(client: Client, case: Case) -> str:
    pdf = client.get(f"/vorgaenge/{case.public_id}/pdf/")
    pages = PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_a_move_to_uerdingen_goes_to_the_bezirksstelle_with_both_addresses_numbered(
    founder_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        url, seen = walk(founder_client, legal_form="einzelunternehmen")

    assert seen == ["owner", "persons", "change", "previous_premises", "premises", "activity", "operation"] + [
        "attachments",
        "review",
    ]
    assert url.endswith("/eingereicht/")
    case = Case.objects.get()
    assert re.fullmatch(r"GUM-\d{4}-000001", case.reference)
    # The new premises (47829) lie in Uerdingen: the routing rule of the catalog sends it there.
    assert case.department.code == "gewerbeamt-uerdingen"
    numbered = {(field["number"], field["value"]) for section in case.summary for field in section["fields"]}
    assert ("17", "Ostwall 104, 47798 Krefeld") in numbered
    assert ("15", "Bahnhofstraße 21, 47829 Krefeld") in numbered


def test_an_extended_activity_asks_the_permit_and_stays_at_the_gewerbeamt(
    founder_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _url, seen = walk(founder_client, legal_form="gmbh", changes=("activity_extension",), needs_permit=True)

    assert "previous_premises" not in seen
    assert {"register", "permits", "permit"} <= set(seen)
    case = Case.objects.get()
    assert case.department.code == "gewerbeamt"
    assert case.answers["activity"]["previous_activity"] != case.answers["activity"]["activity"]
    assert {a.document_code for a in case.attachments.all()} == {"identity", "register_extract", "permit"}


def test_the_pdf_is_the_gewa_2_with_the_official_field_numbers(founder_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        walk(founder_client, legal_form="einzelunternehmen", changes=("relocation", "activity_change"))
    case = Case.objects.get()

    text = pdf_text(founder_client, case)

    assert case.reference in text and "GewA 2" in text
    change_date = (timezone.localdate() + timedelta(days=14)).strftime("%d.%m.%Y")
    for number, value in (("3", "Schmidt"), ("15", "Bahnhofstraße 21"), ("17", "Ostwall 104"), ("21", change_date)):
        assert re.search(rf"\b{number} [^0-9]*?{re.escape(value)}", text), (number, value)


# One invalid answer per step, and the message that says what to do.
INVALID = [
    ("owner", {}, {"legal_form": None}, "legal_form", "Choose the legal form of the business."),
    ("register", {"legal_form": "gmbh"}, {"company_name": "Rheinblick"}, "company_name", "must include the legal form"),
    ("persons", {}, {"0-surname": ""}, "surname", "Enter the surname."),
    (
        "residence",
        {"nationalities": ["TR"]},
        {"p0_self_employment": None},
        "p0_self_employment",
        "Say whether the title of Anna Schmidt allows self-employment.",
    ),
    ("change", {}, {"changes": None}, "changes", "Choose at least one change"),
    (
        "change",
        {},
        {"changes": ["activity_change", "activity_extension"]},
        "changes",
        "Choose either a change or an extension of the activity, not both.",
    ),
    ("previous_premises", {}, {"postcode": "40212"}, "postcode", "This postcode is not in Krefeld."),
    (
        "premises",
        {},
        {"street": "Ostwall", "house_number": "104", "postcode": "47798"},
        "__all__",
        "This is the previous address. Enter the address of the premises the business moves to.",
    ),
    (
        "activity",
        {"changes": ("activity_change",)},
        {"activity": "Betrieb eines Cafés mit Verkauf von Kuchen, Kaffee und alkoholfreien Getränken"},
        "activity",
        "The activity is the same as before. Describe the activity after the change.",
    ),
    ("activity", {}, {"activity": "Handel"}, "activity", "Please describe the activity more precisely"),
    (
        "operation",
        {},
        {"change_date": timezone.localdate() + timedelta(days=200)},
        "change_date",
        "You can file the notice at most three months before the change. Please file it later.",
    ),
    (
        "permits",
        {"changes": ("activity_extension",)},
        {"needs_permit": None},
        "needs_permit",
        "Say whether the activity needs a permit.",
    ),
    (
        "permit",
        {"changes": ("activity_extension",), "needs_permit": True},
        {"authority": ""},
        "authority",
        "Enter the authority that issued the permit.",
    ),
    (
        "craft",
        {"changes": ("activity_extension",), "craft": True},
        {"chamber": ""},
        "chamber",
        "Enter the chamber of crafts that issued the craft card.",
    ),
    (
        "attachments",
        {},
        {"identity_0": None},
        "identity_0",
        "Upload the document: Identity card or passport – Anna Schmidt.",
    ),
    ("review", {}, {"declaration": None}, "declaration", "Please confirm that the information is true and complete."),
]


@pytest.mark.parametrize(
    ("step", "options", "overrides", "field", "message"),
    INVALID,
    ids=[f"{step}-{field}" for step, _o, _v, field, _m in INVALID],
)
def test_an_invalid_answer_on_each_step_is_shown_and_says_what_to_do(
    founder_client, step, options, overrides, field, message
):
    response = wizard_step_refused(
        founder_client, SLUG, gewerbeummeldung_post_data, step=step, overrides=overrides, **options
    )

    assert message in " ".join(errors_of(response.context["form"], field))
