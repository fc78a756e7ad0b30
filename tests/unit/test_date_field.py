"""Dates are typed as day, month and year (GOV.UK date input), never with the browser's date picker."""

from datetime import date

import pytest
from django import forms
from django.utils import translation

from forms.steps.fields import date_field


class DateForm(forms.Form):
    when = date_field("Date of birth", autocomplete="bday")
    optional = date_field("Valid until", required=False)


def posted(day="", month="", year="", **extra) -> DateForm:
    return DateForm(data={"when_day": day, "when_month": month, "when_year": year, **extra})


def error_code(form: DateForm) -> str:
    return form.errors.as_data()["when"][0].code


class TestTypedDate:
    def test_three_numbers_make_the_date(self):
        form = posted("7", "03", "2007")
        assert form.is_valid(), form.errors
        assert form.cleaned_data["when"] == date(2007, 3, 7)

    def test_leading_and_trailing_blanks_are_ignored(self):
        assert posted(" 27 ", "3 ", "2007").is_valid()

    def test_a_missing_date_is_required(self):
        assert error_code(posted()) == "required"

    def test_an_optional_date_may_stay_empty(self):
        form = posted("1", "1", "1990")
        assert form.is_valid(), form.errors
        assert form.cleaned_data["optional"] is None

    @pytest.mark.parametrize(
        ("parts", "code"),
        [
            (("27", "", "2007"), "incomplete"),
            (("", "3", ""), "incomplete"),
            (("27", "März", "2007"), "invalid"),
            (("2x", "3", "2007"), "invalid"),
            (("27", "13", "2007"), "invalid_month"),
            (("27", "0", "2007"), "invalid_month"),
            (("27", "3", "07"), "invalid_year"),
            (("31", "4", "2007"), "invalid_day"),
            (("29", "2", "2023"), "invalid_day"),
            (("0", "2", "2023"), "invalid_day"),
        ],
    )
    def test_an_impossible_date_says_what_is_wrong(self, parts, code):
        assert error_code(posted(*parts)) == code

    def test_the_day_error_names_the_days_of_the_month(self):
        assert "30" in posted("31", "4", "2007").errors["when"][0]

    def test_the_29th_of_february_of_a_leap_year_is_a_date(self):
        assert posted("29", "2", "2024").is_valid()

    def test_what_was_typed_is_shown_again_with_the_error(self):
        html = str(posted("31", "4", "2007")["when"])
        assert 'value="31"' in html and 'value="4"' in html and 'value="2007"' in html

    def test_a_date_kept_as_one_iso_value_is_still_read(self):
        # Drafts saved before dates had three inputs keep "2007-03-27".
        form = DateForm(data={"when": "2007-03-27"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["when"] == date(2007, 3, 27)


class TestDateInputs:
    def test_three_labelled_numeric_inputs_without_a_date_picker(self):
        with translation.override("de"):
            html = str(DateForm()["when"])
        assert 'type="date"' not in html
        for index, (part, label) in enumerate((("day", "Tag"), ("month", "Monat"), ("year", "Jahr"))):
            assert f'<label for="id_when_{index}">{label}</label>' in html
            assert f'name="when_{part}"' in html and f'id="id_when_{index}"' in html
        assert html.count('inputmode="numeric"') == 3

    def test_a_date_of_birth_can_be_filled_by_the_browser(self):
        html = str(DateForm()["when"])
        assert 'autocomplete="bday-day"' in html and 'autocomplete="bday-year"' in html

    def test_the_hint_gives_an_example(self):
        assert "27 3 2007" in str(DateForm()["when"].help_text)

    def test_the_error_summary_links_to_the_day(self):
        assert DateForm()["when"].id_for_label == "id_when_0"

    def test_an_initial_date_fills_the_three_inputs(self):
        html = str(DateForm(initial={"when": date(2026, 11, 27)})["when"])
        assert 'value="27"' in html and 'value="11"' in html and 'value="2026"' in html


def test_a_date_left_out_can_say_what_to_enter():
    class BirthForm(forms.Form):
        born = date_field("Date of birth", required_message="Enter the date of birth.")

    form = BirthForm(data={"born_day": "", "born_month": "", "born_year": ""})
    assert form.errors["born"] == ["Enter the date of birth."]
    assert (
        BirthForm(data={"born_day": "31", "born_month": "2", "born_year": "2000"}).errors.as_data()["born"][0].code
        == "invalid_day"
    )
