"""A supervisor re-routes a case with a reason: audited, assignee cleared, the inboxes switch at once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from portal.accounts.models import Role
from services.cases.models import Case, CaseEvent
from services.cases.permissions import case_visibility_for_staff, user_may_see_case
from services.catalog.models import Department
from services.routing.services import case_reroute
from services.workflow.transitions import CaseStatus
from tests.factories import CaseFactory, DepartmentFactory, UserFactory


def staff(role, *departments):
    user = UserFactory(role=role)
    user.departments.set(departments)
    return user


@pytest.fixture
def gewerbeamt(db):
    return DepartmentFactory()


@pytest.fixture
def uerdingen(db):
    return DepartmentFactory(code="bezirksstelle-uerdingen", name="Bezirksstelle Uerdingen")


@pytest.fixture
def case(gewerbeamt):
    clerk = staff(Role.CLERK, gewerbeamt)
    return CaseFactory(department=gewerbeamt, routing_reason="Katalog", assignee=clerk)


def test_a_supervisor_re_routes_a_case_of_the_department(case, gewerbeamt, uerdingen):
    supervisor = staff(Role.SUPERVISOR, gewerbeamt)

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


def test_the_new_departments_staff_see_the_case_at_once_and_the_old_ones_no_longer(case, gewerbeamt, uerdingen):
    old_clerk = staff(Role.CLERK, gewerbeamt)
    new_clerk = staff(Role.CLERK, uerdingen)
    assert Case.objects.filter(case_visibility_for_staff(old_clerk), pk=case.pk).exists()
    assert not Case.objects.filter(case_visibility_for_staff(new_clerk), pk=case.pk).exists()

    case_reroute(case=case, department=uerdingen, reason="Zuständigkeit", actor=staff(Role.ADMIN))

    assert not Case.objects.filter(case_visibility_for_staff(old_clerk), pk=case.pk).exists()
    assert Case.objects.filter(case_visibility_for_staff(new_clerk), pk=case.pk).exists()
    case.refresh_from_db()
    assert user_may_see_case(new_clerk, case) and not user_may_see_case(old_clerk, case)


@pytest.mark.parametrize("who", ["clerk of the department", "supervisor of another department", "founder", "analyst"])
def test_only_supervisors_of_the_case_department_and_admins_may_re_route(case, gewerbeamt, uerdingen, who):
    actor = {
        "clerk of the department": lambda: staff(Role.CLERK, gewerbeamt),
        "supervisor of another department": lambda: staff(Role.SUPERVISOR, uerdingen),
        "founder": lambda: case.applicant,
        "analyst": lambda: staff(Role.ANALYST),
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
        case_reroute(case=case, department=department, reason=reason, actor=staff(Role.SUPERVISOR, gewerbeamt))

    assert [e.code for e in raised.value.error_dict[field]] == [code]
    case.refresh_from_db()
    assert case.department == gewerbeamt and case.assignee is not None


def test_a_decided_case_stays_where_it_was_decided(case, gewerbeamt, uerdingen):
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.APPROVED)

    with pytest.raises(ValidationError):
        case_reroute(case=case, department=uerdingen, reason="Zuständigkeit", actor=staff(Role.ADMIN))

    case.refresh_from_db()
    assert case.department == gewerbeamt
