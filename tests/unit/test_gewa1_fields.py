"""The GewA 1 field numbers the Gewerbeanmeldung prints, pinned (sources: docs/gewa1-fields.md)."""

from forms.applications import application_for
from tests.factories import gewerbeanmeldung_answers
from tests.gewerbeanzeige_numbers import (
    OWNER_AND_PREMISES_NUMBERS,
    declared_numbers,
    numbered_names_without_field,
    summary_numbers,
)

APPLICATION = application_for("gewerbeanmeldung")

# (step, form field or group) -> the field of Anlage 1 GewAnzV it fills.
GEWA1_NUMBERS = {
    **OWNER_AND_PREMISES_NUMBERS,
    ("manager", "surname"): "14",
    ("manager", "given_names"): "14",
    ("manager", "address"): "14",
    ("main_establishment", "main_establishment"): "16",
    ("previous_premises", "previous_address"): "17",
    ("activity", "activity"): "18",
    ("operation", "side_business"): "19",
    ("operation", "start_date"): "20",
    ("operation", "business_kinds"): "21",
    ("operation", "employees_full_time"): "22",
    ("operation", "employees_part_time"): "22",
    ("establishment", "establishment"): "23",
    ("reason", "reason"): "24",
    ("previous_owner", "previous_owner"): "26",
    ("previous_owner", "previous_trade_name"): "26",
    ("permits", "needs_permit"): "28",
    ("permit", "permit_kind"): "28",
    ("permit", "authority"): "28",
    ("permit", "issue_date"): "28",
    ("permit", "permit_number"): "28",
    ("permits", "craft_register"): "29",
    ("craft", "craft_annex"): "29",
    ("craft", "chamber"): "29",
    ("craft", "entry_date"): "29",
    ("residence", "title_kind"): "30",
    ("residence", "authority_office"): "30",
    ("residence", "authority"): "30",
    ("residence", "issue_date"): "30",
    ("residence", "valid_until"): "30",
    ("residence", "self_employment"): "31",
    ("residence", "conditions"): "31",
}
# § 3 Abs. 1 Nr. 5 a) GewAnzV: what the Eichbehörde receives of a registration.
EICHBEHOERDE = {"1", "3", "4", "5", "11", "14", "15", "18", "20"}
# § 3 Abs. 2 Nr. 3 a) GewAnzV: the statistics fields of a registration that the portal fills.
STATISTICS = {"6", "10", "18", "19", "20", "21", "22", "23", "24", "29"}


def test_the_steps_declare_exactly_the_pinned_numbers():
    assert declared_numbers(APPLICATION) == GEWA1_NUMBERS


def test_every_number_is_a_field_of_the_33_field_form():
    assert set(GEWA1_NUMBERS.values()) <= {str(number) for number in range(1, 34)}


def test_the_fields_forwarded_to_the_eichbehoerde_are_all_asked():
    asked = set(GEWA1_NUMBERS.values()) | {"13"}  # 13 is counted from the persons, not asked
    assert asked >= EICHBEHOERDE
    assert asked >= STATISTICS


def test_every_declared_field_exists_on_its_step_form():
    scenarios = [
        {"legal_form": "gbr", "nationalities": ["DE", "TR"], "reason": "relocation", "needs_permit": True},
        {"legal_form": "other", "establishment": "branch", "craft": True},
    ]
    answers = [gewerbeanmeldung_answers(**options) for options in scenarios]
    assert numbered_names_without_field(APPLICATION, answers) == []


def test_the_pdf_entries_of_a_full_registration_carry_official_numbers():
    answers = gewerbeanmeldung_answers(
        legal_form="gmbh", persons=2, establishment="branch", reason="relocation", needs_permit=True, craft=True
    )
    assert summary_numbers(APPLICATION, answers) == {
        str(n) for n in (1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17)
    } | {str(n) for n in (18, 19, 20, 21, 22, 23, 24, 28, 29)}
