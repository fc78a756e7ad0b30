"""Invisible characters are taken out of what founders type."""

import pytest

from services.cases.files import filename_sanitise
from services.cases.text import text_neutralise


@pytest.mark.parametrize(
    "invisible",
    ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\ufeff", "\u00ad", "\u2060", "\x00", "\x1b", "\x7f"],
)
def test_invisible_and_control_characters_are_removed(invisible):
    assert text_neutralise(f"Muster{invisible} GmbH") == "Muster GmbH"


def test_a_bidi_override_cannot_turn_what_is_shown_around():
    assert text_neutralise("Rechnung\u202efdp.exe") == "Rechnungfdp.exe"


def test_line_breaks_tabs_and_letters_of_every_script_stay():
    text = "Zeile 1\r\nZeile 2\u2028Zeile 3\tŞahin Yılmaz, Ærø, محمد"

    assert text_neutralise(text) == "Zeile 1\nZeile 2\nZeile 3\tŞahin Yılmaz, Ærø, محمد"


def test_text_is_composed_so_equal_names_compare_equal():
    assert text_neutralise("Mu\u0308ller") == "Müller"


def test_file_names_use_the_same_rule_and_stay_on_one_line():
    assert filename_sanitise(name="aus\u202eweis\n.pdf", content_type="application/pdf") == "ausweis.pdf"
