"""How case search text is folded, so that a clerk finds "Schäfer" by typing "schaef" or "Schafer"."""

import unicodedata

_GERMAN_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def search_fold(text: str) -> str:
    """Lower case, umlauts spelled out (ä -> ae), other accents dropped: the form queries are matched in."""
    return _strip_accents(text.casefold().translate(_GERMAN_FOLD))


def search_text_build(terms: list[str]) -> str:
    """The stored search text: every term folded both ways ("schaefer" and "schafer"), so that
    a query typed with or without the umlaut spelled out finds it."""
    folded: list[str] = []
    for term in terms:
        for variant in (search_fold(term), _strip_accents(term.casefold())):
            if variant and variant not in folded:
                folded.append(variant)
    return " ".join(folded)
