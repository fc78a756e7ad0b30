"""Each person lands in their own area after logging in and sees that area's navigation."""

import pytest
from django.urls import reverse

from tests.factories import (
    DEFAULT_PASSWORD,
    AdminFactory,
    AnalystFactory,
    ClerkFactory,
    DepartmentFactory,
    FounderFactory,
    SupervisorFactory,
)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Many accounts per test; the real hasher's deliberate slowness would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def log_in(client, user, **query):
    url = reverse("accounts:login")
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return client.post(url, {"username": user.email, "password": DEFAULT_PASSWORD})


@pytest.mark.parametrize(
    "make_user, landing",
    [
        (lambda: ClerkFactory(departments=[DepartmentFactory()]), "workspace:inbox"),
        (lambda: SupervisorFactory(departments=[DepartmentFactory()]), "workspace:inbox"),
        (AdminFactory, "workspace:inbox"),
        (FounderFactory, "my_cases"),
        (AnalystFactory, "agency:dashboard"),
    ],
)
def test_everyone_lands_in_their_own_area(client, db, make_user, landing):
    user = make_user()

    response = log_in(client, user)

    assert response.status_code == 302
    assert response.url == reverse(landing)


def test_a_requested_page_wins_over_the_landing_page(client, db):
    clerk = ClerkFactory(departments=[DepartmentFactory()])

    response = log_in(client, clerk, next="/sachbearbeitung/?status=all")

    assert response.url == "/sachbearbeitung/?status=all"


def test_staff_see_the_inbox_in_the_navigation_and_not_my_applications(client, db):
    client.force_login(ClerkFactory(departments=[DepartmentFactory()]))

    html = client.get(reverse("home")).content.decode()

    assert f'href="{reverse("workspace:inbox")}"' in html
    assert f'href="{reverse("my_cases")}"' not in html


@pytest.mark.parametrize(
    ("person", "sees_steering"),
    [(lambda d: ClerkFactory(departments=[d]), False), (lambda d: SupervisorFactory(departments=[d]), True)],
    ids=["clerk", "supervisor"],
)
def test_supervisors_also_find_the_overdue_list_and_the_routing_rules_in_the_navigation(
    client, db, person, sees_steering
):
    client.force_login(person(DepartmentFactory()))

    html = client.get(reverse("workspace:inbox")).content.decode()

    assert (f'href="{reverse("workspace:overdue")}"' in html) is sees_steering
    assert (f'href="{reverse("workspace:routing_services")}"' in html) is sees_steering


def test_founders_see_my_applications_and_not_the_inbox(client, db):
    client.force_login(FounderFactory())

    html = client.get(reverse("home")).content.decode()

    assert f'href="{reverse("my_cases")}"' in html
    assert reverse("workspace:inbox") not in html
