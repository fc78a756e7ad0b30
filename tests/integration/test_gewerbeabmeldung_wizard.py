"""A founder files a Gewerbeabmeldung (GewA 3) through the wizard, over HTTP with the test client."""

import io
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from services.cases.models import Case
from services.catalog.services import catalog_load
from tests.wizard_answers import errors_of, gewerbeabmeldung_post_data, wizard_step_refused, wizard_walk

SLUG = "gewerbeabmeldung"


@pytest.fixture(autouse=True)
def catalog(db):
    catalog_load()


def walk(client: Client, *, until: str | None = None, **options) -> tuple[str, list[str]]:
    return wizard_walk(client, SLUG, gewerbeabmeldung_post_data, until=until, **options)


def test_a_closure_is_filed_and_goes_to_the_gewerbeamt(founder_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        url, seen = walk(founder_client, legal_form="einzelunternehmen")

    assert seen == ["owner", "persons", "premises", "closure", "reason", "activity", "operation"] + [
        "attachments",
        "review",
    ]
    assert url.endswith("/eingereicht/")
    case = Case.objects.get()
    # The agency counts closures for the net formation figure by this slug.
    assert case.service.slug == "gewerbeabmeldung"
    assert re.fullmatch(r"GAB-\d{4}-000001", case.reference)
    assert case.department.code == "gewerbeamt"
    assert case.answers["closure"]["scope"] == "full"


def test_a_closure_in_uerdingen_goes_to_the_bezirksstelle(founder_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        walk(founder_client, overrides={"postcode": "47829"})

    assert Case.objects.get().department.code == "gewerbeamt-uerdingen"


@pytest.mark.parametrize(
    ("reason", "asked", "number", "value"),
    [
        ("relocation", "future_premises", "17", "Königsallee 1, 40212 Düsseldorf"),
        ("transfer_sale", "successor", "26", "Rheinblick Nachfolge GmbH"),
    ],
)
def test_a_move_away_names_the_new_address_and_a_handover_the_successor(
    founder_client, django_capture_on_commit_callbacks, reason, asked, number, value
):
    with django_capture_on_commit_callbacks(execute=True):
        _url, seen = walk(founder_client, reason=reason, scope="partial")

    other = ({"future_premises", "successor"} - {asked}).pop()
    assert asked in seen and other not in seen
    case = Case.objects.get()
    assert (number, value) in {(field["number"], field["value"]) for s in case.summary for field in s["fields"]}


def test_the_pdf_is_the_gewa_3_with_the_official_field_numbers(founder_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        walk(founder_client, legal_form="einzelunternehmen")
    case = Case.objects.get()

    pdf = founder_client.get(f"/vorgaenge/{case.public_id}/pdf/")
    pages = PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())

    assert case.reference in text and "GewA 3" in text
    closed = (timezone.localdate() - timedelta(days=3)).strftime("%d.%m.%Y")
    for number, value in (("3", "Schmidt"), ("15", "Ostwall 104"), ("20", closed), ("18", "Betrieb eines Cafés")):
        assert re.search(rf"\b{number} [^0-9]*?{re.escape(value)}", text), (number, value)


# One invalid answer per step, and the message that says what to do.
INVALID = [
    ("owner", {}, {"legal_form": None}, "legal_form", "Choose the legal form of the business."),
    ("register", {"legal_form": "gmbh"}, {"register_number": ""}, "register_number", "Enter the register number"),
    ("persons", {}, {"0-date_of_birth_month": "13"}, "date_of_birth", "The month must be a number from 1 to 12."),
    ("premises", {}, {"postcode": "40212"}, "postcode", "This postcode is not in Krefeld."),
    ("closure", {}, {"scope": None}, "scope", "Say whether the whole business is given up or only this establishment."),
    ("closure", {}, {"establishment": None}, "establishment", "Choose what the deregistration is for."),
    (
        "closure",
        {},
        {"closure_date": timezone.localdate() - timedelta(days=4 * 366)},
        "closure_date",
        "The date lies more than 3 years back. Please check the date.",
    ),
    ("reason", {}, {"reason": None}, "reason", "Choose the reason for the deregistration."),
    (
        "future_premises",
        {"reason": "relocation"},
        {"future_address": ""},
        "future_address",
        "Enter the address the business moves to.",
    ),
    (
        "successor",
        {"reason": "legal_form_change"},
        {"successor": ""},
        "successor",
        "Enter the name of the new owner or the new company name.",
    ),
    ("activity", {}, {"activity": ""}, "activity", "Describe the activity of the business."),
    (
        "operation",
        {},
        {"employees_full_time": "zwei"},
        "employees_full_time",
        "Enter the number of full-time employees as a whole number, e.g. 2.",
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
        founder_client, SLUG, gewerbeabmeldung_post_data, step=step, overrides=overrides, **options
    )

    assert message in " ".join(errors_of(response.context["form"], field))
