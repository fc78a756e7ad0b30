"""The GewA 2 field numbers the Gewerbeummeldung prints, pinned (sources and confidence: docs/gewa2-fields.md)."""

import pytest

from forms.applications import application_for
from tests.gewerbeanzeige_numbers import (
    OWNER_AND_PREMISES_NUMBERS,
    declared_numbers,
    numbered_names_without_field,
    summary_numbers,
)
from tests.wizard_answers import answers_through_forms, gewerbeummeldung_post_data

APPLICATION = application_for("gewerbeummeldung")

# (step, form field or group) -> the field of Anlage 2 GewAnzV it fills.
GEWA2_NUMBERS = {
    **OWNER_AND_PREMISES_NUMBERS,
    ("previous_premises", "previous_premises"): "17",
    ("activity", "activity"): "18",
    ("activity", "previous_activity"): "19",
    ("operation", "side_business"): "20",
    ("operation", "change_date"): "21",
    ("operation", "business_kinds"): "22",
    ("operation", "employees_full_time"): "23",
    ("operation", "employees_part_time"): "23",
    ("change", "changes"): "24",
    ("permits", "needs_permit"): "25",
    ("permit", "permit_kind"): "25",
    ("permit", "authority"): "25",
    ("permit", "issue_date"): "25",
    ("permit", "permit_number"): "25",
    ("permits", "craft_register"): "26",
    ("craft", "craft_annex"): "26",
    ("craft", "chamber"): "26",
    ("craft", "entry_date"): "26",
    ("residence", "title_kind"): "27",
    ("residence", "authority_office"): "27",
    ("residence", "authority"): "27",
    ("residence", "issue_date"): "27",
    ("residence", "valid_until"): "27",
    ("residence", "self_employment"): "28",
    ("residence", "conditions"): "28",
}
# § 3 Abs. 1 Nr. 5 b) GewAnzV: what the Eichbehörde receives of a Gewerbeummeldung.
EICHBEHOERDE = {"1", "3", "4", "5", "11", "14", "15", "18", "19", "21"}
# § 3 Abs. 2 Nr. 3 b) GewAnzV: the statistics fields of a Gewerbeummeldung that the portal fills.
STATISTICS = {"6", "10", "18", "19", "20", "21", "22", "23", "24", "26"}
# § 3 Abs. 1 GewAnzV withholds field 30 of Anlage 2 from every body: the signature, which the
# electronic form drops (§ 2 Abs. 1); 27 and 28 go to the Bundesagentur für Arbeit only (residence).
NOT_ASKED = {"30"}
BA_ONLY = {"27", "28"}


def test_the_steps_declare_exactly_the_pinned_numbers():
    assert declared_numbers(APPLICATION) == GEWA2_NUMBERS


def test_every_number_is_a_field_of_the_30_field_form_and_the_signature_is_not_asked():
    numbers = set(GEWA2_NUMBERS.values())
    assert numbers <= {str(number) for number in range(1, 30)}
    assert not numbers & NOT_ASKED


def test_the_fields_forwarded_to_the_eichbehoerde_and_the_statistics_are_asked():
    asked = set(GEWA2_NUMBERS.values()) | {"13"}  # 13 is counted from the persons, not asked
    # 14 (a branch's manager) is not asked again: the Gewerbeamt has it from the registration.
    assert asked >= EICHBEHOERDE - {"14"}
    assert asked >= STATISTICS


def test_the_residence_fields_are_those_given_to_the_bundesagentur_only():
    assert {number for (step, _name), number in GEWA2_NUMBERS.items() if step == "residence"} == BA_ONLY


def test_every_declared_field_exists_on_its_step_form():
    scenarios = [
        {"legal_form": "gbr", "persons": 2, "nationalities": ["TR"], "changes": ("relocation", "activity_change")},
        {"legal_form": "other", "changes": ("activity_extension",), "needs_permit": True, "craft": True},
    ]
    answers = [answers_through_forms(APPLICATION, gewerbeummeldung_post_data, **options) for options in scenarios]
    assert numbered_names_without_field(APPLICATION, answers) == []


@pytest.mark.django_db
def test_the_pdf_entries_of_a_move_with_a_changed_activity_carry_official_numbers():
    answers = answers_through_forms(
        APPLICATION,
        gewerbeummeldung_post_data,
        legal_form="gmbh",
        persons=2,
        changes=("relocation", "activity_change"),
        needs_permit=True,
        craft=True,
    )
    assert summary_numbers(APPLICATION, answers) == {
        str(n) for n in (1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 15, 17)
    } | {str(n) for n in range(18, 27)}
