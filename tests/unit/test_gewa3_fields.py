"""The GewA 3 field numbers the Gewerbeabmeldung prints, pinned (sources and confidence: docs/gewa3-fields.md)."""

import pytest

from forms.applications import application_for
from tests.gewerbeanzeige_numbers import (
    OWNER_AND_PREMISES_NUMBERS,
    declared_numbers,
    numbered_names_without_field,
    summary_numbers,
)
from tests.wizard_answers import answers_through_forms, gewerbeabmeldung_post_data

APPLICATION = application_for("gewerbeabmeldung")

# (step, form field or group) -> the field of Anlage 3 GewAnzV it fills.
GEWA3_NUMBERS = {
    **OWNER_AND_PREMISES_NUMBERS,
    ("future_premises", "future_address"): "17",
    ("activity", "activity"): "18",
    ("operation", "side_business"): "19",
    ("closure", "closure_date"): "20",
    ("operation", "business_kinds"): "21",
    ("operation", "employees_full_time"): "22",
    ("operation", "employees_part_time"): "22",
    ("closure", "establishment"): "23",
    ("reason", "reason"): "24",
    ("successor", "successor"): "26",
}
# § 3 Abs. 1 Nr. 6 c) GewAnzV: of a Gewerbeabmeldung the Bundesagentur für Arbeit receives fields
# 1–9, 11 and 20 only: the owner and the date the business closed.
BUNDESAGENTUR = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "11", "20"}
# § 3 Abs. 2 Nr. 3 c) GewAnzV: the statistics fields of a Gewerbeabmeldung that the portal fills.
STATISTICS = {"6", "10", "18", "19", "20", "21", "22", "23", "24", "26"}
# Field 30 of Anlage 3 goes to no body (§ 3 Abs. 1): the signature, dropped electronically (§ 2 Abs. 1).
NOT_ASKED = {"30"}


def test_the_steps_declare_exactly_the_pinned_numbers():
    assert declared_numbers(APPLICATION) == GEWA3_NUMBERS


def test_every_number_is_a_field_of_the_30_field_form_and_the_signature_is_not_asked():
    numbers = set(GEWA3_NUMBERS.values())
    assert numbers <= {str(number) for number in range(1, 30)}
    assert not numbers & NOT_ASKED


def test_the_date_of_the_closure_is_the_field_the_bundesagentur_receives_besides_the_owner():
    asked = set(GEWA3_NUMBERS.values())
    assert asked >= BUNDESAGENTUR
    assert GEWA3_NUMBERS[("closure", "closure_date")] == "20"
    assert asked >= STATISTICS


def test_every_declared_field_exists_on_its_step_form():
    scenarios = [
        {"legal_form": "gbr", "persons": 2, "reason": "relocation"},
        {"legal_form": "other", "reason": "transfer_sale", "scope": "partial"},
    ]
    answers = [answers_through_forms(APPLICATION, gewerbeabmeldung_post_data, **options) for options in scenarios]
    assert numbered_names_without_field(APPLICATION, answers) == []


@pytest.mark.django_db
def test_the_pdf_entries_of_a_handover_carry_official_numbers():
    answers = answers_through_forms(
        APPLICATION, gewerbeabmeldung_post_data, legal_form="gmbh", persons=2, reason="transfer_sale"
    )
    assert summary_numbers(APPLICATION, answers) == {str(n) for n in (1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 15)} | {
        str(n) for n in (18, 19, 20, 21, 22, 23, 24, 26)
    }
