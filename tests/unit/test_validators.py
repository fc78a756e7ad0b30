from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from forms.validators import (
    RegisterEntryValidator,
    register_entry_normalise,
    validate_business_start,
    validate_city_postcode,
    validate_date_of_birth,
    validate_phone,
    validate_postcode,
    validate_wz_code,
)


def error_code(validator, value, **kwargs):
    with pytest.raises(ValidationError) as raised:
        validator(value, **kwargs)
    return raised.value.code


def years_before(day: date, years: int) -> date:
    return day.replace(year=day.year - years)


@pytest.fixture
def today(monkeypatch):
    """Pins "today" to an ordinary day, so date rules are checked against known dates."""
    pinned = date(2026, 6, 15)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: pinned)
    return pinned


class TestRegisterEntry:
    @pytest.mark.parametrize(
        "company_form, entry",
        [
            ("e.K.", "Krefeld HRA 4711"),
            ("OHG", "Krefeld HRA 4711"),
            ("KG", "Krefeld HRA 4711"),
            ("GmbH", "Krefeld HRB 12345"),
            ("UG", "Krefeld HRB 12345"),
            ("AG", "Düsseldorf HRB 98765"),
            ("e.G.", "Krefeld GnR 17"),
            ("PartG", "Essen PR 2024"),
            ("e.V.", "Krefeld VR 3456"),
        ],
    )
    def test_the_register_type_that_matches_the_legal_form_is_accepted(self, company_form, entry):
        assert register_entry_normalise(entry, company_form=company_form) == entry

    @pytest.mark.parametrize(
        "typed",
        ["krefeld hrb 12345", "  Krefeld   HRB  12345 ", "KREFELD HRB 12345", "Krefeld HRB12345", "HRB 12345 Krefeld"],
    )
    def test_spaces_case_and_order_are_normalised(self, typed):
        assert register_entry_normalise(typed, company_form="GmbH") == "Krefeld HRB 12345"

    def test_a_court_alias_becomes_the_register_court_name(self):
        assert register_entry_normalise("Berlin HRB 1234") == "Berlin (Charlottenburg) HRB 1234"

    def test_a_suffix_letter_of_the_number_is_kept(self):
        assert register_entry_normalise("Berlin HRB 1234 B") == "Berlin (Charlottenburg) HRB 1234 B"

    @pytest.mark.parametrize(
        "company_form, entry",
        [
            ("GmbH", "Krefeld HRA 12345"),
            ("e.K.", "Krefeld HRB 12345"),
            ("e.V.", "Krefeld HRB 12345"),
            ("e.G.", "Krefeld VR 12345"),
            ("PartG", "Krefeld HRA 12345"),
        ],
    )
    def test_a_register_type_that_does_not_fit_the_legal_form_is_refused(self, company_form, entry):
        assert error_code(register_entry_normalise, entry, company_form=company_form) == "register_type"

    def test_the_wrong_type_message_names_the_right_register(self):
        with translation.override("en"):
            with pytest.raises(ValidationError) as raised:
                register_entry_normalise("Krefeld HRA 12345", company_form="GmbH")
            assert raised.value.messages == ["A GmbH is entered in register HRB, not HRA."]

    @pytest.mark.parametrize("entry", ["Entenhausen HRB 12345", "Amtsgericht Nirgendwo HRB 1"])
    def test_an_unknown_court_is_refused(self, entry):
        assert error_code(register_entry_normalise, entry) == "register_court"

    @pytest.mark.parametrize(
        "entry", ["Krefeld 12345", "Krefeld HRB", "Krefeld HRC 12345", "Krefeld HRB 0123", "", "HRB 12345"]
    )
    def test_a_malformed_entry_is_refused(self, entry):
        assert error_code(register_entry_normalise, entry) == "register_format"

    def test_the_validator_class_checks_against_its_legal_form(self):
        RegisterEntryValidator("GmbH")("Krefeld HRB 12345")
        assert error_code(RegisterEntryValidator("GmbH"), "Krefeld HRA 12345") == "register_type"
        assert RegisterEntryValidator("GmbH") == RegisterEntryValidator("GmbH") != RegisterEntryValidator("KG")


class TestPostcode:
    @pytest.mark.parametrize("value", ["47798", " 47798 ", "01067", "99998"])
    def test_five_digits_are_a_postcode(self, value):
        validate_postcode(value)

    @pytest.mark.parametrize("value", ["4779", "477981", "4779a", "47 798", "00123", ""])
    def test_anything_else_is_refused(self, value):
        assert error_code(validate_postcode, value) == "postcode"

    def test_a_postcode_of_the_city_is_accepted(self, settings):
        settings.CITY_POSTCODES = ["47798", "47799"]
        validate_city_postcode("47799")

    def test_a_postcode_outside_the_city_is_refused_naming_the_city(self, settings):
        settings.CITY_NAME = "Musterstadt"
        settings.CITY_POSTCODES = ["47798"]
        with translation.override("en"), pytest.raises(ValidationError) as raised:
            validate_city_postcode("40212")
        assert raised.value.code == "postcode_outside_city"
        assert "Musterstadt" in raised.value.messages[0]

    def test_a_malformed_postcode_is_reported_as_such_not_as_outside(self):
        assert error_code(validate_city_postcode, "4779") == "postcode"


class TestWzCode:
    @pytest.mark.parametrize("value", ["47.11", "56.10.1", "62.01", " 62.01 ", "47. 11", "01.11", "99.00"])
    def test_classes_and_subclasses_of_existing_divisions_are_accepted(self, value):
        validate_wz_code(value)

    @pytest.mark.parametrize("value", ["4711", "47.1", "47", "47.11.12", "A47.11", "47-11", "47,11", ""])
    def test_other_formats_are_refused(self, value):
        assert error_code(validate_wz_code, value) == "wz_format"

    @pytest.mark.parametrize("value", ["04.11", "34.10", "40.11", "44.00", "57.10", "76.10", "89.00", "00.00"])
    def test_a_division_that_wz_2008_does_not_have_is_refused(self, value):
        assert error_code(validate_wz_code, value) == "wz_division"

    @pytest.mark.parametrize("value", ["56.10.9", "47.19.5", "62.05", "01.11.1"])
    def test_a_code_the_classification_does_not_have_is_refused(self, value):
        assert error_code(validate_wz_code, value) == "wz_unknown"


class TestPhone:
    @pytest.mark.parametrize(
        "value", ["02151 86-0", "+49 (2151) 86 0", "0170/1234567", "021518600", "+49 170 12345678901234"]
    )
    def test_plausible_numbers_are_accepted(self, value):
        validate_phone(value)

    @pytest.mark.parametrize(
        "value", ["12345", "02151 abc", "49+2151 860", "+49 2151 86 0 ext. 5", "1" * 21, "()-/ +", "0049.2151"]
    )
    def test_implausible_numbers_are_refused(self, value):
        assert error_code(validate_phone, value) == "phone"


class TestDateOfBirth:
    def test_an_adult_is_accepted(self, today):
        validate_date_of_birth(date(1985, 4, 12))

    def test_a_person_of_exactly_sixteen_is_accepted(self, today):
        validate_date_of_birth(years_before(today, 16))

    def test_sixteen_and_seventeen_year_olds_are_not_turned_away(self, today):
        validate_date_of_birth(years_before(today, 17) + timedelta(days=1))

    def test_one_day_short_of_sixteen_is_too_young(self, today):
        assert error_code(validate_date_of_birth, years_before(today, 16) + timedelta(days=1)) == "birth_too_young"

    @pytest.mark.parametrize("days", [0, 1, 400])
    def test_today_and_future_dates_are_refused(self, today, days):
        assert error_code(validate_date_of_birth, today + timedelta(days=days)) == "birth_future"

    def test_an_implausibly_old_date_is_refused(self, today):
        assert error_code(validate_date_of_birth, date(1890, 1, 1)) == "birth_implausible"


class TestBusinessStart:
    @pytest.mark.parametrize("offset", [0, 30, -30, -3 * 365])
    def test_dates_around_today_are_accepted(self, today, offset):
        validate_business_start(today + timedelta(days=offset))

    def test_exactly_three_years_back_and_one_year_ahead_are_accepted(self, today):
        validate_business_start(years_before(today, 3))
        validate_business_start(years_before(today, -1))

    def test_more_than_three_years_back_is_refused(self, today):
        assert error_code(validate_business_start, years_before(today, 3) - timedelta(days=1)) == "start_too_early"

    def test_more_than_a_year_ahead_is_refused(self, today):
        assert error_code(validate_business_start, years_before(today, -1) + timedelta(days=1)) == "start_too_late"

    def test_on_29_february_the_limits_fall_on_28_february(self, monkeypatch):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2028, 2, 29))
        validate_business_start(date(2025, 2, 28))
        validate_business_start(date(2029, 2, 28))
        assert error_code(validate_business_start, date(2025, 2, 27)) == "start_too_early"
        assert error_code(validate_business_start, date(2029, 3, 1)) == "start_too_late"
