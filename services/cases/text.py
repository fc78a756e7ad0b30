"""Text that founders type, made safe to show to clerks and to print.

Invisible characters can make a clerk read something else than what is stored: a right-to-left
override (U+202E) shows "Ltd.exe" as "Ltd.exe" reversed, zero-width characters hide inside names
and references so that searches and comparisons fail. No answer needs them.
"""

import re
import unicodedata

# Line breaks that are not "\n": shown as one.
_LINE_SEPARATORS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_KEPT_CONTROLS = {"\n", "\t"}


def text_neutralise(value: str) -> str:
    """``value`` in NFC without invisible control characters: bidirectional embeddings, overrides and
    isolates (U+202A–U+202E, U+2066–U+2069), zero-width characters and marks (U+200B–U+200F), the BOM
    (U+FEFF), soft hyphens and every other format (Cf), control (Cc), surrogate or private-use
    character. Line breaks become "\\n"; tabs stay."""
    value = _LINE_SEPARATORS.sub("\n", unicodedata.normalize("NFC", value))
    return "".join(
        ch for ch in value if ch in _KEPT_CONTROLS or unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co"}
    )
