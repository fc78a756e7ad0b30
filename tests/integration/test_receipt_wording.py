"""The receipt names the rule it confirms under as the service declares it: § 15 GewO belongs to
the Gewerbeanzeigen (notifications), an application for a permit is confirmed under its own rule."""

import pytest

from services.catalog.models import Service
from services.catalog.services import catalog_load
from services.notifications.services import case_receipt_queue
from tests.factories import CaseFactory, ServiceFactory


@pytest.mark.django_db
def test_the_receipt_of_a_gewerbeanzeige_confirms_it_under_section_15_gewo():
    case = CaseFactory()

    mail = case_receipt_queue(case_id=case.pk)

    assert "§ 15 Abs. 1 GewO" in mail.body


@pytest.mark.django_db
def test_the_receipt_of_another_service_confirms_only_that_the_application_arrived():
    service = ServiceFactory(
        slug="sondernutzung", name="Sondernutzungserlaubnis", reference_prefix="SNE", receipt_basis=""
    )
    case = CaseFactory(service=service, summary=[], form_version="test")

    mail = case_receipt_queue(case_id=case.pk)

    assert "GewO" not in mail.body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "basis"),
    [
        ("gaststaettenerlaubnis", "§ 2 Abs. 1 GastG"),
        ("sondernutzung", "§ 18 Abs. 1 StrWG NRW"),
        ("reisegewerbekarte", "§ 55 Abs. 2 GewO"),
    ],
)
def test_the_receipt_of_an_application_for_a_permit_names_its_own_rule_from_the_catalog(slug, basis):
    catalog_load()
    service = Service.objects.get(slug=slug)
    case = CaseFactory(service=service, department=service.department, summary=[], form_version="test")

    body = case_receipt_queue(case_id=case.pk).body

    assert f"Ihres Antrags nach {basis}" in body
    assert "§ 15" not in body and "Anzeige" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["gewerbeanmeldung", "gewerbeummeldung", "gewerbeabmeldung"])
def test_the_gewerbeanzeigen_of_the_catalog_are_notifications_confirmed_under_section_15(slug):
    catalog_load()
    service = Service.objects.get(slug=slug)

    assert service.notification and service.receipt_basis == "§ 15 Abs. 1 GewO"
