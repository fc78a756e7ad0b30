"""The case's summary snapshot in the order of the official form, for the PDF."""

from typing import Any


def _number_key(field: dict[str, Any]) -> tuple[int, str]:
    number = str(field.get("number") or "")
    digits = "".join(ch for ch in number if ch.isdigit())
    # Unnumbered answers (the portal asks them in addition) after the numbered ones.
    return (int(digits), number) if digits else (10**6, "")


def summary_in_form_order(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The snapshot's sections with each section's fields in the official numbering's order.

    Sections stay in the order of the steps (owner, persons, business, …), which follows the
    form; within a section fields are sorted by number, so a snapshot of any age prints alike.
    """
    return [{**section, "fields": sorted(section.get("fields", []), key=_number_key)} for section in sections]
