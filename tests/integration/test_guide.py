"""The founding guide (Gründungslotse): its rules as catalog data, the questionnaire and the checklist."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from services.catalog.models import Service
from services.catalog.services import catalog_load
from services.guide.models import GuideRule
from services.guide.questions import QUESTIONS
from services.guide.selectors import checklist_build, guide_rule_applies
from services.guide.views import SESSION_KEY

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

# A sole proprietor selling goods from home, nothing else: the plainest founding.
PLAIN = {
    "activity": "trade",
    "legal_form": "sole",
    "premises": "home",
    "craft": "no",
    "travelling": "no",
    "food": "no",
    "alcohol": "no",
    "outdoor_seating": "no",
    "employees": "no",
}


@pytest.fixture
def catalog(db):
    catalog_load()


def codes(checklist) -> tuple[list[str], list[str]]:
    return [rule.code for rule in checklist.here], [rule.code for rule in checklist.elsewhere]


CASES = [
    pytest.param(
        {},
        ["gewerbeanmeldung"],
        ["steuerliche-erfassung", "ihk", "berufsgenossenschaft"],
        id="sole trader at home",
    ),
    pytest.param(
        {
            "activity": "hospitality",
            "premises": "premises",
            "food": "yes",
            "alcohol": "yes",
            "outdoor_seating": "yes",
            "employees": "yes",
        },
        ["gewerbeanmeldung", "gaststaettenerlaubnis", "sondernutzung"],
        [
            "steuerliche-erfassung",
            "ihk",
            "berufsgenossenschaft",
            "betriebsnummer",
            "lebensmittelueberwachung",
            "nutzungsaenderung",
        ],
        id="café with alcohol, outdoor seating and staff",
    ),
    pytest.param(
        {"activity": "hospitality", "premises": "premises", "food": "yes"},
        ["gewerbeanmeldung"],
        ["steuerliche-erfassung", "ihk", "berufsgenossenschaft", "lebensmittelueberwachung", "nutzungsaenderung"],
        id="café without alcohol needs no Gaststättenerlaubnis",
    ),
    pytest.param(
        {"activity": "hospitality", "premises": "none", "food": "yes", "travelling": "yes"},
        ["gewerbeanmeldung", "reisegewerbekarte"],
        ["steuerliche-erfassung", "ihk", "berufsgenossenschaft", "lebensmittelueberwachung"],
        id="food truck: travelling trade, no premises to approve",
    ),
    pytest.param(
        {"activity": "service", "craft": "yes", "legal_form": "company", "premises": "premises"},
        ["gewerbeanmeldung"],
        ["steuerliche-erfassung", "hwk", "handelsregister", "berufsgenossenschaft"],
        id="craft GmbH: HWK instead of IHK, register via notary",
    ),
    pytest.param(
        {"activity": "freelance", "legal_form": "gbr"},
        [],
        ["steuerliche-erfassung", "berufsgenossenschaft"],
        id="liberal profession: no Gewerbeanmeldung, no IHK",
    ),
    pytest.param(
        {"legal_form": "ek"},
        ["gewerbeanmeldung"],
        ["steuerliche-erfassung", "ihk", "handelsregister", "berufsgenossenschaft"],
        id="registered merchant",
    ),
    pytest.param(
        {"legal_form": "partnership", "employees": "yes"},
        ["gewerbeanmeldung"],
        ["steuerliche-erfassung", "ihk", "handelsregister", "berufsgenossenschaft", "betriebsnummer"],
        id="OHG with staff",
    ),
    pytest.param(
        {"legal_form": "other"},
        ["gewerbeanmeldung"],
        ["steuerliche-erfassung", "ihk", "berufsgenossenschaft"],
        id="legal form not decided yet: no register step",
    ),
]


@pytest.mark.parametrize(("changes", "here", "elsewhere"), CASES)
def test_the_catalog_rules_give_each_founding_its_checklist(catalog, changes, here, elsewhere):
    checklist = checklist_build(answers={**PLAIN, **changes})

    assert codes(checklist) == (here, elsewhere)


@pytest.mark.parametrize(
    ("conditions", "answers", "applies"),
    [
        ({}, {}, True),
        ({"alcohol": ["yes"]}, {"alcohol": "yes"}, True),
        ({"alcohol": ["yes"]}, {"alcohol": "no"}, False),
        ({"alcohol": ["yes"]}, {}, False),
        ({"activity": ["trade", "service"], "craft": ["no"]}, {"activity": "service", "craft": "no"}, True),
        ({"activity": ["trade", "service"], "craft": ["no"]}, {"activity": "service", "craft": "yes"}, False),
    ],
)
def test_a_rule_applies_when_every_question_it_names_has_one_of_its_answers(conditions, answers, applies):
    assert guide_rule_applies(conditions=conditions, answers=answers) is applies


def test_an_admin_edit_changes_the_checklist_and_survives_loading_the_catalog_again(catalog):
    GuideRule.objects.filter(code="betriebsnummer").update(conditions={}, explanation="Geändert")
    GuideRule.objects.filter(code="ihk").update(active=False)

    catalog_load()

    here, elsewhere = codes(checklist_build(answers=PLAIN))
    assert "betriebsnummer" in elsewhere and "ihk" not in elsewhere
    assert GuideRule.objects.get(code="betriebsnummer").explanation == "Geändert"


@pytest.mark.parametrize(
    "conditions",
    [
        [],
        {"nonsense": ["yes"]},
        {"alcohol": "yes"},
        {"alcohol": []},
        {"alcohol": ["maybe"]},
    ],
)
def test_rule_conditions_outside_the_questions_vocabulary_are_refused_in_the_admin(catalog, conditions):
    rule = GuideRule.objects.get(code="ihk")
    rule.conditions = conditions

    with pytest.raises(ValidationError):
        rule.full_clean()


def test_a_rule_needs_a_service_or_a_title(catalog):
    rule = GuideRule(code="empty", explanation="Text")

    with pytest.raises(ValidationError):
        rule.full_clean()


def test_admins_edit_the_rules_in_the_django_admin(admin_client, catalog):
    rule = GuideRule.objects.get(code="ihk")

    response = admin_client.get(reverse("admin:guide_guiderule_change", args=[rule.pk]))

    assert response.status_code == 200


# --- The pages ------------------------------------------------------------------------------


def test_the_start_page_links_to_the_guide(client, catalog):
    response = client.get(reverse("home"), **EN)

    assert reverse("guide:questions") in response.content.decode()


def test_the_questionnaire_needs_no_login_and_answers_nothing_in_advance(client, catalog):
    response = client.get(reverse("guide:questions"), **EN)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('type="radio"') == sum(len(q.choices) for q in QUESTIONS.values())
    assert "checked" not in html
    assert html.count("<fieldset") == len(QUESTIONS)


def test_unanswered_questions_are_named_next_to_their_fields_and_in_the_summary(client, catalog):
    response = client.post(reverse("guide:questions"), {"activity": "trade", "alcohol": "maybe"}, **EN)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Select whether" not in html  # each question says what to do in its own words
    assert html.count("Select yes if you will serve alcoholic drinks on the premises") == 2
    assert html.count('class="error-message"') == len(QUESTIONS) - 1
    assert 'href="#id_legal_form_0"' in html
    assert SESSION_KEY not in client.session


def test_the_answers_go_into_the_session_and_the_checklist_url_stays_clean(client, catalog):
    answers = {**PLAIN, "activity": "hospitality", "alcohol": "yes", "employees": "yes"}

    response = client.post(reverse("guide:questions"), answers)

    assert response.status_code == 302
    assert response.url == reverse("guide:checklist")
    assert "?" not in response.url
    assert client.session[SESSION_KEY] == answers


def test_the_checklist_shows_fees_times_documents_and_how_to_apply(client, catalog):
    Service.objects.filter(slug="gaststaettenerlaubnis").update(online=False)
    client.post(reverse("guide:questions"), {**PLAIN, "alcohol": "yes", "employees": "yes"})

    response = client.get(reverse("guide:checklist"), **EN)

    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    # Online: a start button. Not online: how to apply today.
    assert reverse("forms:start", args=["gewerbeanmeldung"]) in html
    assert reverse("forms:start", args=["gaststaettenerlaubnis"]) not in html
    assert "How to apply: in person" in html
    assert "26.00 €" in html and "500.00 €" in html
    assert "about 40 working days" in html
    assert "Führungszeugnis" in html
    # Steps elsewhere, with their explanation and link.
    assert "ELSTER" in html and "https://www.elster.de/" in html
    assert "Betriebsnummer" in html
    assert "Handwerksrolle" not in html.split("Steps at other bodies")[1]


def test_the_checklist_without_answers_sends_to_the_questions(client, catalog):
    response = client.get(reverse("guide:checklist"))

    assert response.status_code == 302
    assert response.url == reverse("guide:questions")


def test_stale_answers_in_the_session_ask_the_questions_again(client, catalog):
    session = client.session
    session[SESSION_KEY] = {**PLAIN, "activity": "retired-choice"}
    session.save()

    response = client.get(reverse("guide:checklist"))

    assert response.status_code == 302


def test_changing_answers_shows_the_founders_own_answers(client, catalog):
    client.post(reverse("guide:questions"), {**PLAIN, "alcohol": "yes"})

    html = client.get(reverse("guide:questions")).content.decode()

    assert re.search(r'name="alcohol" value="yes"[^>]*checked', html)


def test_starting_again_forgets_the_answers(client, catalog):
    client.post(reverse("guide:questions"), PLAIN)

    response = client.post(reverse("guide:reset"))

    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_a_logged_in_founder_sees_the_same_guide(founder_client, catalog):
    founder_client.post(reverse("guide:questions"), PLAIN)

    response = founder_client.get(reverse("guide:checklist"))

    assert response.status_code == 200
