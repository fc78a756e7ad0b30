"""The agency's figures as tables: what the page shows, the charts draw and the exports write.

Small groups are suppressed here, once: a count of 1 or 2 cases could point to a person, so it is
kept as ``SUPPRESSED`` ("< 3") and every figure derived from it (a share, a median) is withheld too.
Where a total is shown (or can be worked out, e.g. from the shares), one suppressed cell of its row or
column could be recovered as the total minus the other cells: ``totals_protect`` then withholds a
second cell ("–", secondary suppression). The page, the charts, the CSV and the JSON all read the
cells' ``text``; none sees the hidden number.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils import formats, translation
from django.utils.translation import gettext as _

SMALL_GROUP = 3
SUPPRESSED = "< 3"
WITHHELD = "–"


@dataclass(frozen=True)
class Cell:
    """One figure: a count, a share (0–1), a number of days, a duration (in days, shown as days and
    hours), or a label."""

    kind: str  # "label", "count", "share", "days", "duration"
    value: Any = None
    hidden: bool = False
    # Withheld although not small itself, so that a small group next to it cannot be worked out.
    secondary: bool = False

    @property
    def number(self) -> float | int | None:
        """The figure for charts and JSON; None where it is hidden or unknown."""
        return None if self.hidden or self.kind == "label" else self.value

    @property
    def text(self) -> str:
        if self.kind == "label":
            return str(self.value)
        if self.hidden:
            return SUPPRESSED if self.kind == "count" and not self.secondary else WITHHELD
        if self.value is None:
            return WITHHELD
        if self.kind == "count":
            return formats.number_format(self.value, decimal_pos=0, use_l10n=True, force_grouping=True)
        if self.kind == "share":
            return formats.number_format(round(self.value * 100, 1), decimal_pos=1, use_l10n=True) + " %"
        if self.kind == "duration":
            whole_days, hours = divmod(round(self.value * 24), 24)
            return _("%(days)s d %(hours)s h") % {"days": whole_days, "hours": hours}
        return formats.number_format(round(self.value, 1), decimal_pos=1, use_l10n=True)

    @property
    def numeric(self) -> bool:
        return self.kind != "label"


def label(value: Any) -> Cell:
    return Cell("label", str(value))


def count(n: int | None) -> Cell:
    n = n or 0
    return Cell("count", n, hidden=0 < n < SMALL_GROUP)


def small(*counts: int | None) -> bool:
    """Whether any of the counts a figure is derived from is a small group."""
    return any(0 < (n or 0) < SMALL_GROUP for n in counts)


def share(part: int | None, whole: int | None) -> Cell:
    if not whole:
        return Cell("share", None)
    return Cell("share", (part or 0) / whole, hidden=small(part, whole))


def days(value: float | None, *, base: int | None) -> Cell:
    return Cell("days", value, hidden=small(base))


@dataclass
class Table:
    """A table of figures: a caption, column headings, rows of cells (the first cell labels the row)."""

    name: str
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    note: str = ""
    empty: str = ""  # what the page says instead of rows; by default that no applications came in

    def as_json(self) -> dict[str, Any]:
        # German number words are for the CSV; JSON carries numbers, and "< 3" where a figure is hidden.
        return {
            "table": self.name,
            "title": str(self.title),
            "columns": [str(c) for c in self.columns],
            "rows": [[_json_value(cell) for cell in row] for row in self.rows],
            "note": str(self.note),
        }

    def german_rows(self) -> list[list[str]]:
        """The cells as the German CSV writes them ("1.234", "12,5 %", "< 3")."""
        with translation.override("de"):
            return [[cell.text for cell in row] for row in self.rows]


def _json_value(cell: Cell) -> Any:
    if cell.kind == "label":
        return cell.value
    if cell.hidden:
        return SUPPRESSED if cell.kind == "count" and not cell.secondary else None
    if cell.value is None or cell.kind not in ("days", "duration"):
        return cell.value
    return round(cell.value, 1 if cell.kind == "days" else 2)


# A cell of a table by (row index, column index); negative column indexes count from the right.
Position = tuple[int, int]


@dataclass(frozen=True)
class Line:
    """Cells that add up to a total: ``total`` is the position of the total's cell, or None where the
    total is not in the table but known elsewhere (another table, the shares of a column)."""

    parts: list[Position]
    total: Position | None = None


def totals_protect(table: Table, lines: Iterable[Line], *, linked=None) -> None:
    """Secondary suppression: wherever exactly one cell of a line (its parts and its total) is hidden,
    withhold a second one, the smallest visible part above zero (else the total), so that no hidden cell
    is the total minus the others. Repeated until no line has a single hidden cell, since withholding a
    cell of a row can leave its column with one. ``linked(position)`` names the cells derived from a
    cell (a share, a change), which are withheld with it."""
    lines = list(lines)
    changed = True
    while changed:
        changed = False
        for line in lines:
            members = [*line.parts, *([line.total] if line.total is not None else [])]
            if sum(1 for position in members if _cell(table, position).hidden) != 1:
                continue
            visible = [p for p in line.parts if not _cell(table, p).hidden and (_cell(table, p).value or 0) > 0]
            if visible:
                target = min(visible, key=lambda p: _cell(table, p).value)
            elif line.total is not None and not _cell(table, line.total).hidden:
                target = line.total
            else:
                continue
            for position in [target, *(linked(target) if linked else [])]:
                _withhold(table, position)
            changed = True


def _cell(table: Table, position: Position) -> Cell:
    row, column = position
    return table.rows[row][column]


def _withhold(table: Table, position: Position) -> None:
    row, column = position
    cell = table.rows[row][column]
    if not cell.hidden:
        table.rows[row][column] = replace(cell, hidden=True, secondary=True)


def column_line(table: Table, column: int, *, rows: Iterable[int] | None = None, total: int | None = None) -> Line:
    """The cells of a column (all rows, or ``rows``) adding up to the row ``total`` (None: not shown)."""
    rows = range(len(table.rows)) if rows is None else rows
    return Line([(row, column) for row in rows if row != total], None if total is None else (total, column))
