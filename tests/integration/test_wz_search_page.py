"""Founders find the WZ 2008 code on a page that works without JavaScript and without an account."""

import pytest

from services.catalog.services import catalog_load
from tests.integration.test_gewerbeanmeldung_wizard import start

pytestmark = pytest.mark.django_db


def test_a_word_finds_its_code_with_a_plain_get_form(client):
    page = client.get("/wz-schluessel/", {"suche": "Café"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<form method="get"' in page and 'name="suche"' in page
    assert "<strong>56.10.4</strong></td><td>Cafés</td>" in page
    assert 'value="Café"' in page


def test_no_word_shows_the_empty_form(client):
    response = client.get("/wz-schluessel/")

    assert response.status_code == 200
    assert "<table" not in response.content.decode()


@pytest.mark.parametrize("words", ["Quantenteleportation", "x" * 5000, "\x00<script>"])
def test_odd_or_unknown_words_find_nothing_without_an_error(client, words):
    response = client.get("/wz-schluessel/", {"suche": words}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "<table" not in response.content.decode()
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_the_activity_step_offers_help_for_legal_form_activity_and_code(founder_client):
    catalog_load()
    owner_url = start(founder_client)
    owner = founder_client.get(owner_url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Which legal form fits?" in owner and "GmbH or UG" in owner

    business = founder_client.get(owner_url.replace("/owner/", "/activity/"), HTTP_ACCEPT_LANGUAGE="en")
    page = business.content.decode()
    assert "What counts as a precise activity?" in page
    assert 'href="/wz-schluessel/"' in page


def test_the_lookup_in_the_wizard_gets_the_same_results_as_json(client):
    response = client.get("/wz-schluessel/", {"suche": "Café", "format": "json"})

    assert response["Content-Type"] == "application/json"
    first = response.json()["results"][0]
    assert first == {
        "code": "56.10.4",
        "title": "Cafés",
        "class": "Restaurants, Gaststätten, Imbissstuben, Cafés, Eissalons u. Ä.",
    }
