"""A drop-down answer is one of its options, checked against the option keys as they are given."""

import pytest
from django.core.exceptions import ValidationError

from forms.steps.countries import country_choices
from forms.steps.fields import select_field


def country_field():
    return select_field("Country", choices=country_choices, required_message="Select the country.")


def test_a_listed_option_is_accepted():
    assert country_field().clean("CY") == "CY"


def test_an_option_not_listed_is_refused():
    field = country_field()

    assert not field.valid_value("QQ")


def test_an_overlooked_question_says_what_to_do():
    with pytest.raises(ValidationError) as refused:
        country_field().clean("")

    assert refused.value.messages == ["Select the country."]


def test_options_in_groups_are_found_too():
    field = select_field("Kind", choices=[("Trade", [("retail", "Retail")])], required_message="Choose one.")

    assert field.clean("retail") == "retail"
