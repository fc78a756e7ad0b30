"""The staff pages for routing rules and re-routing: forms, messages next to the field, test results."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from services.cases.models import CaseEvent
from services.catalog.models import Department
from services.routing.models import RoutingRule
from tests.factories import (
    AdminFactory,
    CaseFactory,
    ClerkFactory,
    DepartmentFactory,
    RoutingRuleFactory,
    ServiceFactory,
    SupervisorFactory,
    gewerbeanmeldung_answers,
)

# District conditions read the catalog's table of districts and postcodes.
pytestmark = pytest.mark.usefixtures("districts")


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
def supervisor(service):
    return SupervisorFactory(departments=[service.department])


@pytest.fixture
def supervisor_client(client, supervisor):
    client.force_login(supervisor)
    return client


def rule_post(target, **fields):
    return {"target": target.pk, "active": "on", **fields}


def test_the_rules_of_a_service_are_listed_in_order_with_their_conditions(supervisor_client, service, mitte):
    RoutingRuleFactory(service=service, conditions={"district": ["uerdingen"]}, target=mitte)
    RoutingRuleFactory(service=service, conditions={"postcode": {"from": "47798", "to": "47800"}}, target=mitte)

    supervisor_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = supervisor_client.get(reverse("workspace:routing_rules", kwargs={"service": service.slug}))

    assert response.status_code == 200
    descriptions = [description for _, description in response.context["rules"]]
    assert descriptions == ["District Uerdingen", "Postcode 47798–47800"]
    assert "Bezirksstelle Mitte" in response.content.decode()


def test_a_supervisor_creates_a_rule(supervisor_client, supervisor, service, mitte):
    url = reverse("workspace:routing_rule_create", kwargs={"service": service.slug})
    response = supervisor_client.post(
        url, rule_post(mitte, postcode_from="47798", postcode_to="47800", legal_forms=["gmbh", "ug"], alcohol="")
    )

    assert response.status_code == 302
    rule = RoutingRule.objects.get()
    assert rule.conditions == {"postcode": {"from": "47798", "to": "47800"}, "legal_form": ["gmbh", "ug"]}
    assert (rule.service, rule.target, rule.position, rule.active) == (service, mitte, 1, True)
    assert rule.created_by == supervisor == rule.updated_by


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"postcode_from": "47839", "postcode_to": "47798"}, "postcode_to", "order"),
        ({"postcode_from": "abc"}, "postcode_from", "postcode"),
        ({"wz_prefix": "x56"}, "wz_prefix", "wz_format"),
        ({}, "__all__", "no_conditions"),
        ({"alcohol": "maybe"}, "alcohol", "invalid_choice"),
    ],
)
def test_an_invalid_rule_is_rejected_with_a_message_next_to_the_field(
    supervisor_client, service, mitte, fields, field, code
):
    url = reverse("workspace:routing_rule_create", kwargs={"service": service.slug})

    with translation.override("en"):
        response = supervisor_client.post(url, rule_post(mitte, **fields))

    assert response.status_code == 200
    assert code in [error.code for error in response.context["form"].errors.as_data()[field]]
    assert 'class="error-summary"' in response.content.decode()
    assert not RoutingRule.objects.exists()


def test_a_rule_cannot_be_saved_with_an_inactive_target(supervisor_client, service, mitte):
    rule = RoutingRuleFactory(service=service, target=mitte)
    Department.objects.filter(pk=mitte.pk).update(active=False)

    response = supervisor_client.post(
        reverse("workspace:routing_rule_edit", kwargs={"pk": rule.pk}),
        rule_post(mitte, postcode_from="47829"),
    )

    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["target"]] == ["inactive"]
    rule.refresh_from_db()
    assert rule.conditions == {"postcode": {"from": "47798", "to": "47800"}}


def test_editing_shows_the_stored_conditions_and_saves_changes(supervisor_client, service, mitte):
    rule = RoutingRuleFactory(service=service, conditions={"wz_prefix": "56.1", "alcohol": "yes"}, target=mitte)
    url = reverse("workspace:routing_rule_edit", kwargs={"pk": rule.pk})

    form = supervisor_client.get(url).context["form"]
    assert (form["wz_prefix"].value(), form["alcohol"].value(), form["target"].value()) == ("56.1", "yes", mitte.pk)

    response = supervisor_client.post(url, {"target": mitte.pk, "permit_kinds": ["34a"]})

    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.conditions, rule.active) == ({"permit_kind": ["34a"]}, False)


def test_delete_asks_first_and_move_reorders(supervisor_client, service, mitte):
    first, second = (RoutingRuleFactory(service=service, target=mitte) for _ in range(2))

    assert supervisor_client.get(reverse("workspace:routing_rule_delete", kwargs={"pk": first.pk})).status_code == 200
    assert RoutingRule.objects.count() == 2
    move = reverse("workspace:routing_rule_move", kwargs={"pk": second.pk})
    assert supervisor_client.post(move, {"direction": "sideways"}).status_code == 302
    assert supervisor_client.post(move, {"direction": "up"}).status_code == 302
    assert list(RoutingRule.objects.order_by("position").values_list("pk", flat=True)) == [second.pk, first.pk]

    supervisor_client.post(reverse("workspace:routing_rule_delete", kwargs={"pk": second.pk}))

    assert list(RoutingRule.objects.values_list("pk", "position")) == [(first.pk, 1)]


def test_test_this_rule_lists_the_matching_cases_the_user_may_see(supervisor_client, service, mitte):
    gewerbeamt = service.department
    in_mitte = gewerbeanmeldung_answers()
    in_huels = gewerbeanmeldung_answers(overrides={"premises": {"postcode": "47839"}})
    visible_match = CaseFactory(service=service, department=gewerbeamt, answers=in_mitte)
    CaseFactory(service=service, department=gewerbeamt, answers=in_huels)
    CaseFactory(service=service, department=mitte, answers=in_mitte)  # another department's case: not shown
    rule = RoutingRuleFactory(service=service, conditions={"district": ["mitte"]}, target=mitte)

    response = supervisor_client.get(reverse("workspace:routing_rule_test", kwargs={"pk": rule.pk}))

    assert response.status_code == 200
    assert response.context["matches"] == [visible_match]
    assert response.context["looked_at"] == 2
    page = response.content.decode()
    assert visible_match.reference in page and gewerbeamt.name in page
    assert visible_match.applicant.email not in page


def test_test_this_rule_on_the_form_shows_matches_without_saving(supervisor_client, service):
    case = CaseFactory(service=service, department=service.department, answers=gewerbeanmeldung_answers())
    url = reverse("workspace:routing_rule_create", kwargs={"service": service.slug})

    # Testing needs no target department yet.
    response = supervisor_client.post(url, {"legal_forms": ["gmbh"], "action": "test"})

    assert response.status_code == 200
    assert response.context["matches"] == [case]
    assert not RoutingRule.objects.exists()


# --- Re-routing ------------------------------------------------------------------------------------


@pytest.fixture
def routed_case(service):
    return CaseFactory(service=service, department=service.department, routing_reason="Regel 1: PLZ 47798")


def test_the_case_panel_shows_the_reason_and_offers_re_routing_to_supervisors_only(rf, routed_case, supervisor):
    from django.template.loader import render_to_string

    clerk = ClerkFactory(departments=[routed_case.department])
    for user, offered in ((supervisor, True), (clerk, False)):
        request = rf.get("/")
        request.user = user
        html = render_to_string("clerk/_case_routing.html", {"case": routed_case, "request": request})
        assert "Regel 1: PLZ 47798" in html
        assert (reverse("workspace:case_reroute", kwargs={"public_id": routed_case.public_id}) in html) is offered


def test_a_supervisor_re_routes_through_the_form(supervisor_client, routed_case, mitte):
    url = reverse("workspace:case_reroute", kwargs={"public_id": routed_case.public_id})

    response = supervisor_client.post(url, {"department": mitte.pk, "reason": "Liegt in Mitte"})

    assert response.status_code == 302
    assert response.url == reverse("workspace:inbox")  # the case left the supervisor's department
    routed_case.refresh_from_db()
    assert routed_case.department == mitte
    assert routed_case.events.get(kind=CaseEvent.Kind.REROUTED).data["reason"] == "Liegt in Mitte"


def test_an_admin_returns_to_the_case_after_re_routing(client, routed_case, mitte):
    client.force_login(AdminFactory())

    response = client.post(
        reverse("workspace:case_reroute", kwargs={"public_id": routed_case.public_id}),
        {"department": mitte.pk, "reason": "Liegt in Mitte"},
    )

    assert response.url == reverse("workspace:case", kwargs={"public_id": routed_case.public_id})
    with translation.override("en"):
        timeline = client.get(response.url).content.decode()
    assert "Liegt in Mitte" in timeline and "Bezirksstelle Mitte" in timeline


def test_a_re_route_without_reason_shows_the_message_next_to_the_field(supervisor_client, routed_case, mitte):
    url = reverse("workspace:case_reroute", kwargs={"public_id": routed_case.public_id})

    response = supervisor_client.post(url, {"department": mitte.pk, "reason": " "})

    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    routed_case.refresh_from_db()
    assert routed_case.department != mitte
