"""The page header shows each person the links of their own area (agency, staff, founders), never the
founders' links (services, appointments, "My applications") to staff or the agency."""

import re

import pytest
from django.urls import reverse

from tests.factories import (
    AdminFactory,
    AnalystFactory,
    ClerkFactory,
    DepartmentFactory,
    FounderFactory,
    SupervisorFactory,
)

FOUNDER_LINKS = {"home", "appointments:types", "my_cases", "profile"}
STAFF_LINKS = {"workspace:inbox", "workspace:agenda"}
SUPERVISOR_LINKS = {"workspace:overdue", "workspace:routing_services"}
AGENCY_LINKS = {"agency:dashboard", "agency:reports"}
EVERY_LINK = FOUNDER_LINKS | STAFF_LINKS | SUPERVISOR_LINKS | AGENCY_LINKS | {"admin:index"}


def header_links(client, page: str) -> set[str]:
    html = client.get(page).content.decode()
    nav = re.search(r'<nav aria-label="[^"]*">(.*?)</nav>', html, re.S).group(1)
    hrefs = set(re.findall(r'href="([^"]+)"', nav))
    return {name for name in EVERY_LINK if reverse(name) in hrefs}


@pytest.mark.parametrize(
    ("make_user", "page", "expected"),
    [
        (None, "home", {"home", "appointments:types"}),
        (FounderFactory, "my_cases", FOUNDER_LINKS),
        (lambda: ClerkFactory(departments=[DepartmentFactory()]), "workspace:inbox", STAFF_LINKS),
        (lambda: SupervisorFactory(departments=[DepartmentFactory()]), "workspace:inbox",
         STAFF_LINKS | SUPERVISOR_LINKS),
        (AnalystFactory, "agency:dashboard", AGENCY_LINKS),
        (AdminFactory, "workspace:inbox", STAFF_LINKS | SUPERVISOR_LINKS | AGENCY_LINKS | {"admin:index"}),
    ],
    ids=["anonymous", "founder", "clerk", "supervisor", "agency analyst", "admin"],
)  # fmt: skip
def test_the_header_links_only_the_areas_of_the_persons_role(client, db, make_user, page, expected):
    if make_user is not None:
        client.force_login(make_user())

    assert header_links(client, reverse(page)) == expected
