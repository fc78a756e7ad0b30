"""One account cannot start drafts without end (each may hold the full upload allowance)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from forms.models import Draft
from tests.factories import DraftFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def limits(settings):
    settings.DRAFT_MAX_OPEN = 4
    settings.DRAFT_MAX_OPEN_PER_SERVICE = 2
    settings.DRAFT_CREATE_RATE_LIMIT = 3
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def en_founder_client(founder_client):
    founder_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return founder_client


def start(client, service):
    return client.post(reverse("forms:start", kwargs={"service": service.slug}))


def test_25_drafts_in_a_row_are_not_all_created(en_founder_client, founder, gewerbe_service):
    answers = [start(en_founder_client, gewerbe_service).status_code for _ in range(25)]

    assert answers[:2] == [302, 302]
    assert set(answers[2:]) == {200}
    assert Draft.objects.filter(owner=founder).count() == 2


def test_the_founder_is_told_to_continue_an_existing_draft(en_founder_client, founder, gewerbe_service):
    existing = DraftFactory(owner=founder, service=gewerbe_service)
    DraftFactory(owner=founder, service=gewerbe_service)

    response = start(en_founder_client, gewerbe_service)

    html = response.content.decode()
    assert response.status_code == 200
    assert "No new application started" in html
    assert "You already have 2 open drafts for this application" in html
    assert reverse("forms:wizard", args=[gewerbe_service.slug, existing.public_id]) in html


def test_open_drafts_of_all_services_together_are_limited(en_founder_client, founder, gewerbe_service):
    for slug in ["gaststaettenerlaubnis", "sondernutzung"]:
        other = ServiceFactory(slug=slug, reference_prefix=slug[:3].upper())
        DraftFactory.create_batch(2, owner=founder, service=other)

    response = start(en_founder_client, gewerbe_service)

    assert response.status_code == 200
    assert "You already have 4 open drafts" in response.content.decode()
    assert Draft.objects.filter(owner=founder).count() == 4


def test_starting_and_deleting_drafts_quickly_is_rate_limited(en_founder_client, founder, gewerbe_service):
    for _ in range(3):
        assert start(en_founder_client, gewerbe_service).status_code == 302
        Draft.objects.filter(owner=founder).delete()

    response = start(en_founder_client, gewerbe_service)

    assert response.status_code == 429
    assert "started many applications in a short time" in response.content.decode()
    assert not Draft.objects.filter(owner=founder).exists()


def test_submitted_drafts_do_not_count(en_founder_client, founder, gewerbe_service):
    from tests.factories import CaseFactory

    for _ in range(2):
        DraftFactory(owner=founder, service=gewerbe_service, case=CaseFactory(applicant=founder))

    assert start(en_founder_client, gewerbe_service).status_code == 302
