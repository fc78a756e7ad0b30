"""Each kind of routing condition: what it reads from the answers, when it matches, what it accepts."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from services.routing.conditions import CONDITION_KINDS, conditions_check, conditions_describe, conditions_match
from tests.factories import gewerbeanmeldung_answers

# District conditions read the catalog's table of districts and postcodes.
pytestmark = pytest.mark.usefixtures("districts")


@pytest.fixture(scope="module")
def cafe():
    """A GmbH café at 47798 (Mitte), WZ 56.10.1, no permit."""
    return gewerbeanmeldung_answers()


@pytest.fixture(scope="module")
def bar_in_uerdingen():
    """A sole proprietor's bar at 47829 (Uerdingen) with a GastG licence, no WZ code."""
    return gewerbeanmeldung_answers(
        legal_form="einzelunternehmen",
        needs_permit=True,
        overrides={"premises": {"postcode": "47829"}, "activity": {"wz_code": ""}},
    )


CASES = [
    # kind, value, matches the café, matches the bar
    ("postcode", {"from": "47798", "to": "47800"}, True, False),
    ("postcode", {"from": "47829", "to": "47829"}, False, True),
    ("district", ["mitte"], True, False),
    ("district", ["uerdingen", "huels"], False, True),
    ("legal_form", ["gmbh", "ug"], True, False),
    ("legal_form", ["einzelunternehmen"], False, True),
    ("wz_prefix", "56", True, False),
    ("wz_prefix", "56.10.1", True, False),
    ("wz_prefix", "47.1", False, False),
    ("permit_kind", ["gastg"], False, True),
    ("permit_kind", ["34a"], False, False),
    ("alcohol", "yes", False, True),
    ("alcohol", "no", True, False),
]


@pytest.mark.parametrize(("kind", "value", "cafe_matches", "bar_matches"), CASES)
def test_each_condition_kind_matches_the_answers_it_describes(
    kind, value, cafe_matches, bar_matches, cafe, bar_in_uerdingen
):
    conditions = {kind: value}

    conditions_check(conditions)
    assert conditions_match(conditions=conditions, answers=cafe) is cafe_matches
    assert conditions_match(conditions=conditions, answers=bar_in_uerdingen) is bar_matches


@pytest.mark.parametrize("kind", list(CONDITION_KINDS))
def test_a_condition_whose_answer_is_absent_does_not_match(kind):
    value = next(value for code, value, *_ in CASES if code == kind)

    assert not conditions_match(conditions={kind: value}, answers={})
    assert not conditions_match(conditions={kind: value}, answers={"business": "not a step"})


def test_all_conditions_of_a_rule_must_match(cafe):
    assert conditions_match(conditions={"district": ["mitte"], "legal_form": ["gmbh"]}, answers=cafe)
    assert not conditions_match(conditions={"district": ["mitte"], "legal_form": ["ek"]}, answers=cafe)
    assert not conditions_match(conditions={}, answers=cafe)
    assert not conditions_match(conditions={"unknown": "x"}, answers=cafe)


def test_conditions_are_described_in_the_order_of_the_table():
    with translation.override("en"):
        text = conditions_describe({"legal_form": ["gmbh"], "postcode": {"from": "47798", "to": "47800"}})

    assert text.startswith("Postcode 47798–47800, Legal form ")


@pytest.mark.parametrize(
    ("conditions", "field", "code"),
    [
        ({"postcode": {"from": "47800", "to": "47798"}}, "postcode_to", "order"),
        ({"postcode": {"from": "4779", "to": "47800"}}, "postcode_from", "postcode"),
        ({"postcode": {"from": "10115", "to": "10999"}}, "postcode_from", "outside_city"),
        ({"postcode": "47798"}, "__all__", "invalid"),
        ({"wz_prefix": "5"}, "wz_prefix", "wz_format"),
        ({"wz_prefix": "56.1.0"}, "wz_prefix", "wz_format"),
        ({"wz_prefix": "04"}, "wz_prefix", "wz_division"),
        ({"district": ["atlantis"]}, "districts", "invalid_choice"),
        ({"legal_form": ["plc"]}, "legal_forms", "invalid_choice"),
        ({"alcohol": "maybe"}, "alcohol", "invalid_choice"),
        ({}, "__all__", "no_conditions"),
        ({"colour": "red"}, "__all__", "unknown"),
    ],
)
def test_invalid_conditions_are_rejected_with_a_message_for_the_field(conditions, field, code):
    with pytest.raises(ValidationError) as raised:
        conditions_check(conditions)

    errors = raised.value.update_error_dict({})
    assert code in [error.code for error in errors[field]], errors
