"""The founding guide lists an application's documents as far as its answers decide them: a
conditional document with guide conditions (``DocumentRequirement.guide_conditions``) only for the
answers it names; one the answers cannot decide (e.g. a residence title) with its condition."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from services.catalog.models import DocumentRequirement
from services.catalog.services import catalog_load
from services.guide.selectors import checklist_build
from tests.integration.test_guide import EN, PLAIN


@pytest.fixture
def catalog(db):
    catalog_load()


def gewerbe_documents(answers: dict) -> set[str]:
    checklist = checklist_build(answers={**PLAIN, **answers})
    rule = next(rule for rule in checklist.here if rule.service.slug == "gewerbeanmeldung")
    return {document.code for document in rule.documents}


# Answers -> the Gewerbeanmeldung's documents listed (identity always; permit, residence title and
# "other" are not decided by the guide's questions, so they stay).
UNDECIDED = {"identity", "permit", "residence_title", "other"}
CASES = [
    pytest.param({"craft": "no", "legal_form": "sole"}, UNDECIDED, id="sole trader, no craft"),
    pytest.param({"craft": "yes", "legal_form": "sole"}, UNDECIDED | {"craft_register"}, id="craft"),
    pytest.param({"craft": "no", "legal_form": "company"}, UNDECIDED | {"register_extract"}, id="GmbH"),
    pytest.param({"craft": "no", "legal_form": "gbr"}, UNDECIDED, id="GbR, not registered"),
    pytest.param(
        {"craft": "yes", "legal_form": "other"}, UNDECIDED | {"craft_register", "register_extract"}, id="undecided"
    ),
]


@pytest.mark.parametrize(("answers", "documents"), CASES)
def test_the_checklist_lists_the_documents_the_answers_call_for(catalog, answers, documents):
    assert gewerbe_documents(answers) == documents


def test_the_page_leaves_out_the_craft_card_for_a_business_that_is_not_a_craft(client, catalog):
    client.post(reverse("guide:questions"), {**PLAIN, "craft": "no", "alcohol": "yes"})
    here = client.get(reverse("guide:checklist"), **EN).content.decode().split("Steps at other bodies")[0]

    assert "Handwerkskarte" not in here
    assert "Aufenthaltstitel" in here  # not decided by the answers: listed with its condition
    assert "Führungszeugnis" in here  # the Gaststättenerlaubnis' documents are there too

    client.post(reverse("guide:questions"), {**PLAIN, "craft": "yes"})
    assert "Handwerkskarte" in client.get(reverse("guide:checklist"), **EN).content.decode()


def test_the_service_page_still_lists_every_document(client, catalog):
    html = client.get(reverse("service", args=["gewerbeanmeldung"]), **EN).content.decode()

    assert "Handwerkskarte" in html and "Registerauszug" in html


def test_an_admin_cannot_save_guide_conditions_in_words_the_guide_does_not_ask(catalog):
    document = DocumentRequirement.objects.get(service__slug="gewerbeanmeldung", code="craft_register")
    document.guide_conditions = {"craft": ["maybe"]}

    with pytest.raises(ValidationError) as refused:
        document.full_clean()
    assert "guide_conditions" in refused.value.message_dict
