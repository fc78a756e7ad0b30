"""A supervisor re-routes a case with a reason: audited, assignee cleared, the inboxes switch at once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from services.cases.models import Case, CaseEvent
from services.cases.selectors import case_list_for_staff
from services.catalog.models import Department
from services.routing.services import case_reroute
from services.workflow.transitions import CaseStatus
from tests.factories import (
    AdminFactory,
    AnalystFactory,
    CaseFactory,
    ClerkFactory,
    DepartmentFactory,
    SupervisorFactory,
)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher is deliberately slow; these tests make a user or two for every role.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def gewerbeamt(db):
    return DepartmentFactory()


@pytest.fixture
def uerdingen(db):
    return DepartmentFactory(code="bezirksstelle-uerdingen", name="Bezirksstelle Uerdingen")


@pytest.fixture
def case(gewerbeamt):
    clerk = ClerkFactory(departments=[gewerbeamt])
    return CaseFactory(department=gewerbeamt, routing_reason="Katalog", assignee=clerk)


def test_a_supervisor_re_routes_a_case_of_the_department(case, gewerbeamt, uerdingen):
    supervisor = SupervisorFactory(departments=[gewerbeamt])

    case_reroute(case=case, department=uerdingen, reason="Betriebsstätte liegt in Uerdingen", actor=supervisor)

    case.refresh_from_db()
    assert case.department == uerdingen
    assert case.assignee is None
    assert case.routing_reason == "Katalog"  # how it was routed first stays; the re-route is an event
    event = case.events.get(kind=CaseEvent.Kind.REROUTED)
    assert event.actor == supervisor
    assert event.data == {
        "from": "gewerbeamt",
        "from_name": "Gewerbeamt",
        "to": "bezirksstelle-uerdingen",
        "to_name": "Bezirksstelle Uerdingen",
        "reason": "Betriebsstätte liegt in Uerdingen",
        "assignee_cleared": True,
    }


def test_the_new_departments_inbox_shows_the_case_at_once_and_the_old_one_no_longer(
    client, case, gewerbeamt, uerdingen
):
    old_clerk = ClerkFactory(departments=[gewerbeamt])
    new_clerk = ClerkFactory(departments=[uerdingen])
    assert list(case_list_for_staff(user=old_clerk)) == [case]
    assert list(case_list_for_staff(user=new_clerk)) == []

    case_reroute(case=case, department=uerdingen, reason="Zuständigkeit", actor=AdminFactory())

    assert list(case_list_for_staff(user=old_clerk)) == []
    assert list(case_list_for_staff(user=new_clerk)) == [case]
    client.force_login(new_clerk)
    assert case.reference in client.get(reverse("workspace:inbox")).content.decode()
    client.force_login(old_clerk)
    assert case.reference not in client.get(reverse("workspace:inbox")).content.decode()
    assert client.get(reverse("workspace:case", args=[case.public_id])).status_code == 404


@pytest.mark.parametrize("who", ["clerk of the department", "supervisor of another department", "founder", "analyst"])
def test_only_supervisors_of_the_case_department_and_admins_may_re_route(case, gewerbeamt, uerdingen, who):
    actor = {
        "clerk of the department": lambda: ClerkFactory(departments=[gewerbeamt]),
        "supervisor of another department": lambda: SupervisorFactory(departments=[uerdingen]),
        "founder": lambda: case.applicant,
        "analyst": lambda: AnalystFactory(),
    }[who]()

    with pytest.raises(PermissionDenied):
        case_reroute(case=case, department=uerdingen, reason="Zuständigkeit", actor=actor)

    case.refresh_from_db()
    assert case.department == gewerbeamt
    assert not case.events.filter(kind=CaseEvent.Kind.REROUTED).exists()


@pytest.mark.parametrize(
    ("target", "reason", "field", "code"),
    [
        ("uerdingen", "   ", "reason", "required"),
        ("gewerbeamt", "Zuständigkeit", "department", "same"),
        ("inactive", "Zuständigkeit", "department", "inactive"),
    ],
)
def test_a_re_route_needs_a_reason_and_another_active_department(
    case, gewerbeamt, uerdingen, target, reason, field, code
):
    if target == "inactive":
        Department.objects.filter(pk=uerdingen.pk).update(active=False)
        uerdingen.refresh_from_db()
    department = {"uerdingen": uerdingen, "gewerbeamt": gewerbeamt, "inactive": uerdingen}[target]

    with pytest.raises(ValidationError) as raised:
        case_reroute(case=case, department=department, reason=reason, actor=SupervisorFactory(departments=[gewerbeamt]))

    assert [e.code for e in raised.value.error_dict[field]] == [code]
    case.refresh_from_db()
    assert case.department == gewerbeamt and case.assignee is not None


def test_a_decided_case_stays_where_it_was_decided(case, gewerbeamt, uerdingen):
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.APPROVED)

    with pytest.raises(ValidationError):
        case_reroute(case=case, department=uerdingen, reason="Zuständigkeit", actor=AdminFactory())

    case.refresh_from_db()
    assert case.department == gewerbeamt
