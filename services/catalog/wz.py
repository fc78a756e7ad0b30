"""The WZ 2008 (Destatis' classification of economic activities) as founders look a code up.

The table ships as public data (``data/wz2008.tsv``, source in ``data/README.md``) and is read
once per process. Founders search by words ("Café" → 56.10.4 Cafés); the Gewerbeanmeldung
asks for a class or subclass.
"""

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_TABLE = Path(__file__).resolve().parent / "data" / "wz2008.tsv"
# Spellings founders type that the official titles spell otherwise (folded).
_SPELLINGS = {"friseur": "frisor", "friseure": "frisor"}
WZ_DIVISION = 2
SUBCLASS = 5


@dataclass(frozen=True)
class WzEntry:
    code: str
    level: int  # 1 section, 2 division, 3 group, 4 class, 5 subclass
    title: str

    @property
    def class_code(self) -> str:
        """The class a subclass belongs to ("56.10" for "56.10.4")."""
        return self.code[:5]


def _fold(text: str) -> str:
    """Lower case without accents, so that "cafe" finds "Cafés"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@cache
def wz_table() -> dict[str, WzEntry]:
    with _TABLE.open(encoding="utf-8", newline="") as table:
        rows = csv.DictReader(table, delimiter="\t")
        return {row["code"]: WzEntry(row["code"], int(row["level"]), row["title"]) for row in rows}


def wz_get(code: str) -> WzEntry | None:
    return wz_table().get(code)


@cache
def _subclasses_folded() -> tuple[tuple[WzEntry, str, str], ...]:
    table = wz_table()
    return tuple(
        (entry, _fold(entry.title), _fold(table[entry.class_code].title))
        for entry in table.values()
        if entry.level == SUBCLASS
    )


def wz_search(*, words: str, limit: int = 30) -> list[tuple[WzEntry, WzEntry]]:
    """The subclasses (with their class) whose title, or whose class's title, holds every word
    typed: the subclass's own title first, words at the start of a title word before others."""
    terms = [_SPELLINGS.get(term, term) for term in _fold(words).replace(",", " ").split() if len(term) >= 2]
    if not terms:
        return []
    found = []
    for entry, title, class_title in _subclasses_folded():
        if not all(term in title or term in class_title for term in terms):
            continue
        own = all(term in title for term in terms)
        word_start = all(f" {term}" in f" {title}" for term in terms)
        found.append(((not own, not word_start, len(entry.title), entry.code), entry))
    found.sort(key=lambda item: item[0])
    table = wz_table()
    return [(entry, table[entry.class_code]) for _key, entry in found[:limit]]
