"""The Gewerbeummeldung and -abmeldung in the catalog and the workflow: online at the Gewerbeamt with their
own references, routed by district like the registration, and confirmed with the § 15 GewO certificate."""

import pytest
from pypdf import PdfReader

from services.cases.models import Case
from services.catalog.models import Service
from services.catalog.services import catalog_load
from services.workflow.services import case_transition
from tests.factories import ClerkFactory
from tests.wizard_answers import gewerbeabmeldung_post_data, gewerbeummeldung_post_data, wizard_walk

NOTICES = {"gewerbeummeldung": gewerbeummeldung_post_data, "gewerbeabmeldung": gewerbeabmeldung_post_data}


@pytest.fixture(autouse=True)
def catalog(db):
    catalog_load()


@pytest.mark.parametrize(
    ("slug", "prefix", "fee_cents"), [("gewerbeummeldung", "GUM", 2600), ("gewerbeabmeldung", "GAB", 1500)]
)
def test_each_notice_is_online_at_the_gewerbeamt_with_its_reference_fee_and_receipt_wording(slug, prefix, fee_cents):
    service = Service.objects.get(slug=slug)

    assert service.online and service.department.code == "gewerbeamt"
    assert (service.reference_prefix, service.processing_days, service.fee_cents) == (prefix, 3, fee_cents)
    assert service.receipt_basis == "§ 15 Abs. 1 GewO"
    rule = service.routing_rules.get()
    assert rule.conditions == {"district": ["uerdingen"]} and rule.target.code == "gewerbeamt-uerdingen"


@pytest.mark.parametrize("slug", sorted(NOTICES))
def test_an_approved_notice_gets_the_certificate_of_receipt_with_its_field_numbers(
    founder_client, django_capture_on_commit_callbacks, settings, slug
):
    settings.LANGUAGE_CODE = "en"
    with django_capture_on_commit_callbacks(execute=True):
        wizard_walk(founder_client, slug, NOTICES[slug])
    case = Case.objects.get()
    clerk = ClerkFactory(departments=[case.department])

    case = case_transition(case=case, transition="start_review", actor=clerk)
    case = case_transition(case=case, transition="approve", actor=clerk, generate_confirmation=True)

    document = case.attachments.get(document_code="decision")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(document.file.open("rb")).pages).split())
    assert "§ 15 (1) GewO" in text and case.reference in text
    assert "15 Trade name Café Rheinblick" in text
