"""Routing rules as data: order, first match, catalog fallback, the stored reason, and keeping the rules."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from services.cases.models import CaseEvent
from services.catalog.models import Department, Service
from services.catalog.services import catalog_load
from services.routing.models import RoutingRule
from services.routing.rules import (
    routing_rule_create,
    routing_rule_delete,
    routing_rule_move,
    routing_rule_update,
)
from services.routing.services import case_route
from tests.factories import (
    AdminFactory,
    AnalystFactory,
    CaseFactory,
    ClerkFactory,
    DepartmentFactory,
    FounderFactory,
    RoutingRuleFactory,
    ServiceFactory,
    SupervisorFactory,
    gewerbeanmeldung_answers,
)

# District conditions read the catalog's table of districts and postcodes.
pytestmark = pytest.mark.usefixtures("districts")

MITTE = {"postcode": {"from": "47798", "to": "47800"}}


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher is deliberately slow; these tests make a user or two for every role.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def service(db):
    return ServiceFactory()


@pytest.fixture
def mitte(db):
    return DepartmentFactory(code="bezirksstelle-mitte", name="Bezirksstelle Mitte")


@pytest.fixture
def uerdingen(db):
    return DepartmentFactory(code="bezirksstelle-uerdingen", name="Bezirksstelle Uerdingen")


def cafe_case(service, postcode="47798", **options):
    answers = gewerbeanmeldung_answers(overrides={"premises": {"postcode": postcode}}, **options)
    return CaseFactory(service=service, answers=answers)


def test_the_first_matching_rule_wins_and_the_case_says_which_and_why(service, mitte, uerdingen):
    RoutingRuleFactory(service=service, conditions={"district": ["uerdingen"]}, target=uerdingen)
    RoutingRuleFactory(service=service, conditions={"legal_form": ["ek"]}, target=uerdingen)
    rule = RoutingRuleFactory(service=service, conditions=MITTE, target=mitte)
    RoutingRuleFactory(service=service, conditions={"legal_form": ["gmbh"]}, target=uerdingen)
    case = cafe_case(service)

    case_route(case_id=case.pk)

    case.refresh_from_db()
    assert case.department == mitte
    # "Regel 3: PLZ 47798–47800 → Bezirksstelle Mitte" in the official language
    assert case.routing_reason.split(":")[0].endswith(" 3")
    assert "47798–47800" in case.routing_reason
    assert case.routing_reason.endswith("→ Bezirksstelle Mitte")
    event = case.events.get(kind=CaseEvent.Kind.ROUTED)
    assert event.data == {"department": mitte.code, "rule": f"rule:{rule.pk}", "reason": case.routing_reason}


def test_without_a_matching_rule_the_catalog_decides(service, uerdingen):
    RoutingRuleFactory(service=service, conditions={"district": ["uerdingen"]}, target=uerdingen)
    case = cafe_case(service)

    case_route(case_id=case.pk)

    case.refresh_from_db()
    assert case.department == service.department
    assert case.events.get(kind=CaseEvent.Kind.ROUTED).data["rule"] == "catalog"


def test_order_decides_between_two_matching_rules(service, mitte, uerdingen):
    first = RoutingRuleFactory(service=service, conditions=MITTE, target=mitte)
    RoutingRuleFactory(service=service, conditions={"legal_form": ["gmbh"]}, target=uerdingen)
    supervisor = SupervisorFactory(departments=[service.department])

    routing_rule_move(rule=first, direction="down", actor=supervisor)
    case = cafe_case(service)
    case_route(case_id=case.pk)

    case.refresh_from_db()
    assert case.department == uerdingen
    assert case.routing_reason.split(":")[0].endswith(" 1")


def test_inactive_rules_and_rules_to_inactive_departments_are_passed_over(service, mitte, uerdingen):
    RoutingRuleFactory(service=service, conditions=MITTE, target=uerdingen, active=False)
    RoutingRuleFactory(service=service, conditions=MITTE, target=mitte)
    Department.objects.filter(pk=mitte.pk).update(active=False)
    case = cafe_case(service)

    case_route(case_id=case.pk)

    case.refresh_from_db()
    assert case.department == service.department


def test_rules_of_another_service_do_not_apply(service, mitte):
    other = ServiceFactory(slug="gewerbeummeldung", name="Gewerbeummeldung", reference_prefix="GUM")
    RoutingRuleFactory(service=other, conditions=MITTE, target=mitte)
    case = cafe_case(service)

    case_route(case_id=case.pk)

    case.refresh_from_db()
    assert case.department == service.department


def test_editing_or_deleting_the_rule_later_does_not_rewrite_the_reason(service, mitte, uerdingen):
    rule = RoutingRuleFactory(service=service, conditions=MITTE, target=mitte)
    case = cafe_case(service)
    case_route(case_id=case.pk)
    case.refresh_from_db()
    reason = case.routing_reason
    admin = AdminFactory()

    routing_rule_update(rule=rule, conditions={"district": ["huels"]}, target=uerdingen, active=True, actor=admin)
    routing_rule_delete(rule=rule, actor=admin)

    case.refresh_from_db()
    assert (case.department, case.routing_reason) == (mitte, reason)
    assert case.events.get(kind=CaseEvent.Kind.ROUTED).data["reason"] == reason


def test_the_demo_catalog_sends_uerdingen_to_its_bezirksstelle(db):
    catalog_load()
    catalog_load()
    service = Service.objects.get(slug="gewerbeanmeldung")
    assert service.routing_rules.count() == 1

    in_uerdingen = cafe_case(service, postcode="47829")
    in_mitte = cafe_case(service)
    case_route(case_id=in_uerdingen.pk)
    case_route(case_id=in_mitte.pk)

    in_uerdingen.refresh_from_db()
    in_mitte.refresh_from_db()
    assert in_uerdingen.department.code == "gewerbeamt-uerdingen"
    assert "Uerdingen" in in_uerdingen.routing_reason
    assert in_mitte.department.code == "gewerbeamt"


def test_loading_the_catalog_again_keeps_the_rules_staff_changed(db):
    catalog_load()
    service = Service.objects.get(slug="gewerbeanmeldung")
    service.routing_rules.update(conditions={"district": ["huels"]})

    catalog_load()

    assert list(service.routing_rules.values_list("conditions", flat=True)) == [{"district": ["huels"]}]


# --- Keeping the rules -----------------------------------------------------------------------------


def test_new_rules_go_to_the_end_and_delete_closes_the_gap(service, mitte):
    supervisor = SupervisorFactory(departments=[service.department])
    rules = [
        routing_rule_create(service=service, conditions={"district": [code]}, target=mitte, actor=supervisor)
        for code in ("mitte", "ost", "west")
    ]
    assert [rule.position for rule in rules] == [1, 2, 3]
    assert rules[0].created_by == supervisor

    routing_rule_delete(rule=rules[0], actor=supervisor)

    assert list(service.routing_rules.values_list("conditions__district", "position")) == [
        (["ost"], 1),
        (["west"], 2),
    ]


def test_moving_swaps_with_the_neighbour_and_stops_at_the_ends(service, mitte):
    first, second = (RoutingRuleFactory(service=service, target=mitte) for _ in range(2))
    admin = AdminFactory()

    routing_rule_move(rule=first, direction="up", actor=admin)
    routing_rule_move(rule=second, direction="down", actor=admin)
    assert [r.pk for r in service.routing_rules.order_by("position")] == [first.pk, second.pk]

    routing_rule_move(rule=second, direction="up", actor=admin)
    assert [r.pk for r in service.routing_rules.order_by("position")] == [second.pk, first.pk]


@pytest.mark.parametrize(
    ("conditions", "field"),
    [
        ({"postcode": {"from": "47839", "to": "47798"}}, "postcode_to"),
        ({}, "__all__"),
        ({"wz_prefix": "56-10"}, "wz_prefix"),
    ],
)
def test_invalid_rules_are_not_stored(service, mitte, conditions, field):
    with pytest.raises(ValidationError) as raised:
        routing_rule_create(service=service, conditions=conditions, target=mitte, actor=AdminFactory())

    assert field in raised.value.message_dict
    assert not RoutingRule.objects.exists()


def test_a_rule_cannot_target_an_inactive_department(service, mitte):
    Department.objects.filter(pk=mitte.pk).update(active=False)
    mitte.refresh_from_db()

    with pytest.raises(ValidationError) as raised:
        routing_rule_create(service=service, conditions=MITTE, target=mitte, actor=AdminFactory())

    assert [e.code for e in raised.value.error_dict["target"]] == ["inactive"]


def test_only_supervisors_of_the_services_department_and_admins_keep_its_rules(service, mitte):
    allowed = [SupervisorFactory(departments=[service.department]), AdminFactory()]
    refused = [
        ClerkFactory(departments=[service.department]),
        SupervisorFactory(departments=[mitte]),  # a rule's target may not pull cases to itself
        AnalystFactory(),
        FounderFactory(),
    ]
    for user in allowed:
        routing_rule_create(service=service, conditions=MITTE, target=mitte, actor=user)
    for user in refused:
        with pytest.raises(PermissionDenied):
            routing_rule_create(service=service, conditions=MITTE, target=mitte, actor=user)

    assert service.routing_rules.count() == len(allowed)


# --- A supervisor of another department -------------------------------------------------------------------
# The shared matrix (tests/integration/test_permission_matrix.py) covers every routing URL for its eight roles;
# it has no supervisor of another department, who must not reach department X's rules or cases either.


def _rule_url(name):
    # The rule is made with the URL: a rule of the case's service.
    return lambda case: reverse(name, args=[RoutingRuleFactory(service=case.service).pk])


def _service_url(name):
    return lambda case: reverse(name, args=[case.service.slug])


def _case_url(name):
    return lambda case: reverse(name, args=[case.public_id])


OTHER_SUPERVISOR_URLS = [
    ("routing_rules", "get", _service_url("workspace:routing_rules")),
    ("routing_rule_create", "post", _service_url("workspace:routing_rule_create")),
    ("routing_rule_edit", "post", _rule_url("workspace:routing_rule_edit")),
    ("routing_rule_test", "get", _rule_url("workspace:routing_rule_test")),
    ("routing_rule_move", "post", _rule_url("workspace:routing_rule_move")),
    ("routing_rule_delete", "post", _rule_url("workspace:routing_rule_delete")),
    ("case_reroute", "get", _case_url("workspace:case_reroute")),
    ("case_reroute", "post", _case_url("workspace:case_reroute")),
]


@pytest.mark.parametrize(
    ("name", "method", "url"), OTHER_SUPERVISOR_URLS, ids=lambda v: v if isinstance(v, str) else ""
)
def test_a_supervisor_of_another_department_gets_404(client, service, uerdingen, name, method, url):
    case = CaseFactory(service=service, department=service.department)
    client.force_login(SupervisorFactory(departments=[uerdingen]))

    response = getattr(client, method)(url(case), {"direction": "up", "reason": "x", "department": uerdingen.pk})

    assert response.status_code == 404, f"{method.upper()} {name}"
    assert RoutingRule.objects.filter(service=service).count() <= 1


def test_the_rules_overview_lists_only_the_services_a_supervisor_keeps(client, service, uerdingen):
    client.force_login(SupervisorFactory(departments=[uerdingen]))

    response = client.get(reverse("workspace:routing_services"))

    assert response.status_code == 200
    assert list(response.context["services"]) == []
