import pytest
from django.urls import reverse

from services.catalog.models import Service
from services.catalog.services import catalog_load
from tests.factories import CaseFactory, FounderFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def catalog(db):
    catalog_load()


SERVICES = {
    "gewerbeanmeldung": "Gewerbeanmeldung",
    "gewerbeummeldung": "Gewerbeummeldung",
    "gewerbeabmeldung": "Gewerbeabmeldung",
    "gaststaettenerlaubnis": "Gaststättenerlaubnis",
    "sondernutzung": "Sondernutzungserlaubnis Außengastronomie",
    "reisegewerbekarte": "Reisegewerbekarte",
}


def test_start_page_lists_every_service_briefly_with_a_link_to_its_own_page(client, catalog):
    response = client.get(reverse("home"), **EN)

    assert response.status_code == 200
    html = response.content.decode()
    for slug, name in SERVICES.items():
        assert f'<a href="{reverse("service", args=[slug])}">{name}</a>' in html
    online = Service.objects.filter(online=True).count()
    assert html.count("Available online") == online
    assert html.count("Not yet available online") == len(SERVICES) - online
    assert "Kopie des Personalausweises" not in html, "the documents are on the service's own page"


@pytest.mark.parametrize("slug", list(SERVICES))
def test_each_service_page_says_what_is_needed_how_long_it_takes_and_the_fee(client, catalog, slug):
    response = client.get(reverse("service", args=[slug]), **EN)

    assert response.status_code == 200
    html = response.content.decode()
    assert SERVICES[slug] in html
    assert "working days" in html and "€" in html
    assert "Documents" in html and "Kopie des Personalausweises" in html
    assert "Beispielwert" not in html


def test_only_an_online_service_page_starts_the_wizard(client, catalog):
    Service.objects.filter(slug="reisegewerbekarte").update(online=False)
    online = client.get(reverse("service", args=["gewerbeanmeldung"]), **EN).content.decode()
    offline = client.get(reverse("service", args=["reisegewerbekarte"]), **EN).content.decode()

    assert "about 3 working days" in online and "26.00 €" in online
    assert f'href="{reverse("forms:start", args=["gewerbeanmeldung"])}"' in online
    assert "/antraege/" not in offline
    assert "How to apply: in person at the Bürgerservice" in offline


def test_an_unknown_service_page_is_not_found(client, catalog):
    assert client.get("/leistungen/gibt-es-nicht/").status_code == 404


def test_start_page_works_without_a_catalog(client, db):
    response = client.get(reverse("home"), **EN)

    assert response.status_code == 200
    assert "The service catalog is being prepared" in response.content.decode()


def test_my_applications_requires_login(client, db):
    response = client.get(reverse("my_cases"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_my_applications_shows_only_the_founders_own_cases(client, founder):
    own = CaseFactory(applicant=founder, reference="GEW-2026-000101", title="Eigene Bäckerei")
    CaseFactory(applicant=FounderFactory(), reference="GEW-2026-000102", title="Fremde Kneipe")
    client.force_login(founder)

    response = client.get(reverse("my_cases"), **EN)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption>" in html
    assert f'href="{reverse("cases:detail", args=[own.public_id])}"' in html
    assert own.reference in html
    assert "Eigene Bäckerei" in html
    assert "Gewerbeanmeldung" in html
    assert own.get_status_display() in html
    assert "GEW-2026-000102" not in html
    assert "Fremde Kneipe" not in html


def test_my_applications_without_cases_points_to_the_catalog(founder_client):
    response = founder_client.get(reverse("my_cases"), **EN)

    html = response.content.decode()
    assert "You have not submitted any applications yet." in html
    assert f'href="{reverse("home")}#catalog"' in html


@pytest.mark.parametrize("name", ["imprint", "privacy", "accessibility"])
def test_legal_pages_are_public_and_marked_as_demo(client, db, name):
    response = client.get(reverse(name), **EN)

    assert response.status_code == 200
    assert "Demo content" in response.content.decode()


def test_privacy_notice_names_the_legal_basis_and_rights(client, db):
    html = client.get(reverse("privacy"), **EN).content.decode()

    assert "Art. 6(1)(e) GDPR" in html
    assert "Art. 15 GDPR" in html


def test_accessibility_statement_names_feedback_contact_and_arbitration_board(client, db):
    html = client.get(reverse("accessibility"), **EN).content.decode()

    assert "mailto:barrierefreiheit@krefeld.example" in html
    assert "Schlichtungsstelle" in html
