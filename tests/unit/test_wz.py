"""The WZ 2008 table ships with the portal and founders find a code by words."""

from collections import Counter

import pytest

from services.catalog.wz import wz_get, wz_search, wz_table


class TestTable:
    def test_holds_the_whole_classification(self):
        levels = Counter(entry.level for entry in wz_table().values())
        assert levels == {1: 21, 2: 88, 3: 272, 4: 615, 5: 839}

    @pytest.mark.parametrize(
        ("code", "title"),
        [
            ("56.10.4", "Cafés"),
            ("56.30.1", "Schankwirtschaften"),
            ("96.02.1", "Frisörsalons"),
            ("47.71.0", "Einzelhandel mit Bekleidung"),
            ("62.01", "Programmierungstätigkeiten"),
        ],
    )
    def test_has_the_official_titles(self, code, title):
        assert wz_get(code).title == title

    def test_an_unknown_code_is_none(self):
        assert wz_get("56.10.9") is None


class TestSearch:
    def codes(self, words):
        return [entry.code for entry, _class in wz_search(words=words)]

    @pytest.mark.parametrize("words", ["Café", "cafe", "CAFÉS"])
    def test_cafe_suggests_cafes_first(self, words):
        assert self.codes(words)[0] == "56.10.4"

    def test_every_word_must_match(self):
        codes = self.codes("Einzelhandel Bekleidung")
        assert codes[0] == "47.71.0"
        assert all(wz_get(code).title.count("Einzelhandel") for code in codes)

    def test_a_common_spelling_finds_the_official_one(self):
        assert self.codes("Friseur")[0] == "96.02.1"

    def test_each_result_comes_with_its_class(self):
        entry, class_entry = wz_search(words="Café")[0]
        assert (class_entry.code, class_entry.level) == ("56.10", 4)

    @pytest.mark.parametrize("words", ["", " ", "x", "Quantenteleportation"])
    def test_nothing_for_no_or_unknown_words(self, words):
        assert wz_search(words=words) == []
