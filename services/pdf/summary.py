"""The case's summary snapshot in the order of the official form, for the PDF."""

from typing import Any

_UNNUMBERED = 10**6


def _number_key(field: dict[str, Any]) -> int:
    digits = "".join(ch for ch in str(field.get("number") or "") if ch.isdigit())
    # Answers the portal asks in addition (no number) come after the numbered ones.
    return int(digits) if digits else _UNNUMBERED


def summary_in_form_order(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The snapshot's sections and fields in the order of the official numbering.

    Fields are sorted by number within their section, and sections by their first number
    (stable, so the persons keep their order); sections without numbers (the declaration)
    come last. The snapshot's format is unchanged, so a case of any age prints alike.
    """
    ordered = [{**section, "fields": sorted(section.get("fields", []), key=_number_key)} for section in sections]
    return sorted(ordered, key=lambda section: min(map(_number_key, section["fields"]), default=_UNNUMBERED))
