"""The receipt names the rule it confirms under as the service declares it: § 15 GewO belongs to
the Gewerbeanzeigen, not to every application."""

import pytest

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
