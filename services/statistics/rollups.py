"""The dashboard's rollups of ``CaseFigure``: ``FigureDay`` (per day) and ``FigureMonth`` (per month, the
breakdowns with many values and the processing-time histogram), kept current and rebuilt here.

Kept current by difference: when a case's figure row changes (``case_figure_sync``, ``case_figures_refresh``),
the cells the old row counted in lose it and the cells of the new row gain it, in one upsert per table
that adds to the cells (``INSERT … ON CONFLICT DO UPDATE SET n = n + excluded.n``, cells in a fixed order
so that two writers never wait for each other crosswise), in the transaction of the write. Concurrent
writers to the same cell queue on its row lock and both count. ``figure_rollups_rebuild`` recomputes both
tables from ``CaseFigure`` (``manage.py refresh_case_figures``; after rows were written in bulk).
"""

import math
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Q, Value
from django.db.models.functions import Coalesce, Floor, TruncMonth

from services.statistics.dimensions import KIND_BITS
from services.statistics.models import CaseFigure, FigureDay, FigureMonth

# What the rollups read of a figure row.
ROLLUP_FIELDS = (
    "submitted_on",
    "service_id",
    "department_id",
    "district",
    "legal_form",
    "wz_section",
    "reason",
    "side_business",
    "business_kinds",
    "open",
    "decided_at",
    "processing_days",
    "within_due",
    "information_requested",
)
DAY_KEYS = ("day", "service", "department", "district")
DAY_COUNTS = ("cases", "open", "decided", "with_due", "within_due", "requested")
MONTH_KEYS = ("month", "service", "department", "district", "dimension", "value")
# The breakdowns ``FigureMonth`` keeps per value, each a column of ``CaseFigure``.
MONTH_DIMENSIONS = ("legal_form", "wz_section", "reason", "side_business")
KIND = "business_kind"
DAYS = "days"
# The day counts that add up, kept per month too (``FigureMonth`` dimension "count", value the name).
COUNT = "count"
MONTH_COUNTS = ("cases", "decided", "with_due", "within_due", "requested")
# Every cell is kept for its department and district and for "all" of either and both, so that any
# filter reads one level: department -1 is every department, district "*" every district.
ALL_DEPARTMENTS = -1
ALL_DISTRICTS = "*"


def side_business_value(side: bool | None) -> str:
    return "" if side is None else ("true" if side else "false")


def days_bucket(processing_days: float) -> int:
    """The processing time in whole days, rounded to the nearest (half a day up)."""
    return math.floor(processing_days + 0.5)


def month_of(day: date | datetime) -> date:
    return (day.date() if isinstance(day, datetime) else day).replace(day=1)


def _count(state: dict[str, Any], sign: int, days: dict, months: dict) -> None:
    """Add (sign 1) or take off (-1) one figure row's contributions to the cells (its own level only)."""
    department = state["department_id"] or 0
    cell = (state["submitted_on"], state["service_id"], department, state["district"])
    decided = state["decided_at"] is not None
    flags = (True, state["open"], decided, state["within_due"] is not None, state["within_due"] is True,
             state["information_requested"])  # fmt: skip
    counts = days[cell]
    for index, flag in enumerate(flags):
        counts[index] += sign * bool(flag)
    scope = (month_of(state["submitted_on"]), state["service_id"], department, state["district"])
    for name, flag in zip(DAY_COUNTS, flags, strict=True):
        if flag and name in MONTH_COUNTS:
            months[(*scope, COUNT, name)] += sign
    for dimension in MONTH_DIMENSIONS:
        value = state[dimension]
        months[(*scope, dimension, side_business_value(value) if dimension == "side_business" else value)] += sign
    for code, bit in KIND_BITS.items():
        if state["business_kinds"] & bit:
            months[(*scope, KIND, code)] += sign
    if state["processing_days"] is not None:
        months[(*scope, DAYS, str(days_bucket(state["processing_days"])))] += sign


def cells_cube(cells: dict[tuple, Any]) -> dict[tuple, Any]:
    """The cells (keys with the department third and the district fourth) with their sums for every
    department, every district and both added (counts: a number or a list of numbers)."""
    cube: dict[tuple, Any] = {}
    for key, counts in cells.items():
        for department in (key[2], ALL_DEPARTMENTS):
            for district in (key[3], ALL_DISTRICTS):
                level = (*key[:2], department, district, *key[4:])
                if isinstance(counts, list):
                    total = cube.setdefault(level, [0] * len(counts))
                    for index, n in enumerate(counts):
                        total[index] += n
                else:
                    cube[level] = cube.get(level, 0) + counts
    return cube


def figure_rollups_apply(*, old: Iterable[dict[str, Any]], new: Iterable[dict[str, Any]]) -> None:
    """Move the rollups from the figure rows ``old`` (as they were; ``ROLLUP_FIELDS``) to ``new`` (as they
    are now); call in the transaction that wrote the rows."""
    days: dict[tuple, list[int]] = defaultdict(lambda: [0] * len(DAY_COUNTS))
    months: dict[tuple, int] = defaultdict(int)
    for state in old:
        _count(state, -1, days, months)
    for state in new:
        _count(state, 1, days, months)
    day_rows = [(*cell, *counts) for cell, counts in sorted(cells_cube(days).items()) if any(counts)]
    month_rows = [(*cell, n) for cell, n in sorted(cells_cube(months).items()) if n]
    cells_add(FigureDay, DAY_KEYS, DAY_COUNTS, day_rows)
    cells_add(FigureMonth, MONTH_KEYS, ("cases",), month_rows)


def cells_add(model, keys: tuple[str, ...], counts: tuple[str, ...], rows: list[tuple]) -> None:
    """Add ``rows`` (keys then counts) to the table's cells, creating the cells not there yet."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [*keys, *counts]
    per_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    updates = ", ".join(f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in counts)
    limit = max(1, (connection.features.max_query_params or 30000) // len(columns) - 1)
    date_column = model._meta.get_field(keys[0])
    with connection.cursor() as cursor:
        for first in range(0, len(rows), limit):
            chunk = rows[first : first + limit]
            params = []
            for row in chunk:
                params.extend([date_column.get_db_prep_value(row[0], connection), *row[1:]])
            values = ", ".join([per_row] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) VALUES {values}"
                f" ON CONFLICT ({', '.join(quote(k) for k in keys)}) DO UPDATE SET {updates}",
                params,
            )


def figure_state(figure: CaseFigure) -> dict[str, Any]:
    return {name: getattr(figure, name) for name in ROLLUP_FIELDS}


# --- Rebuild -----------------------------------------------------------------------------------------


def figure_rollups_rebuild(*, batch_size: int = 5000, models=None) -> tuple[int, int]:
    """Recompute ``FigureDay`` and ``FigureMonth`` from every ``CaseFigure`` row (a few aggregate queries);
    returns how many rows each got. ``models``: the three as a migration has them (default: today's)."""
    figure_model, day_model, month_model = models or (CaseFigure, FigureDay, FigureMonth)
    with transaction.atomic():
        day_model.objects.all().delete()
        month_model.objects.all().delete()
        department = Coalesce("department_id", Value(0))
        day_rows = (
            figure_model.objects.values(day=F("submitted_on"), cell_service=F("service_id"),
                                        cell_department=department, cell_district=F("district"))
            .annotate(
                n_cases=Count("pk"),
                n_open=Count("pk", filter=Q(open=True)),
                n_decided=Count("decided_at"),
                n_with_due=Count("within_due"),
                n_within_due=Count("pk", filter=Q(within_due=True)),
                n_requested=Count("pk", filter=Q(information_requested=True)),
            )
            .order_by()
        )  # fmt: skip
        day_cells: dict[tuple, list[int]] = {}
        for row in day_rows.iterator(chunk_size=batch_size):
            key = (row["day"], row["cell_service"], row["cell_department"], row["cell_district"])
            day_cells[key] = [row[f"n_{name}"] for name in DAY_COUNTS]
        day_cells = cells_cube(day_cells)
        day_model.objects.bulk_create(
            (day_model(**dict(zip(DAY_KEYS, key, strict=True)), **dict(zip(DAY_COUNTS, counts, strict=True)))
             for key, counts in day_cells.items()),
            batch_size=batch_size,
        )  # fmt: skip
        day_count = len(day_cells)

        cells: dict[tuple, int] = defaultdict(int)
        scope = {"cell_month": TruncMonth("submitted_on"), "cell_service": F("service_id"),
                 "cell_department": department, "cell_district": F("district")}  # fmt: skip
        sources = [(dimension, F(dimension), figure_model.objects.all()) for dimension in MONTH_DIMENSIONS]
        sources.append((KIND, F("business_kinds"), figure_model.objects.filter(business_kinds__gt=0)))
        decided = figure_model.objects.filter(processing_days__isnull=False)
        sources.append((DAYS, Floor(F("processing_days") + 0.5), decided))
        for dimension, expression, figures in sources:
            rows = figures.values(**scope, cell_value=expression).annotate(n=Count("pk")).order_by()
            for row in rows.iterator(chunk_size=batch_size):
                key = (month_of(row["cell_month"]), row["cell_service"], row["cell_department"], row["cell_district"])
                for value in _month_values(dimension, row["cell_value"]):
                    cells[(*key, dimension, value)] += row["n"]
        for (day, *scope), counts in day_cells.items():
            if scope[1] == ALL_DEPARTMENTS or scope[2] == ALL_DISTRICTS:
                continue
            for name, n in zip(DAY_COUNTS, counts, strict=True):
                if n and name in MONTH_COUNTS:
                    cells[(month_of(day), *scope, COUNT, name)] += n
        cells = cells_cube(cells)
        month_model.objects.bulk_create(
            (month_model(**dict(zip(MONTH_KEYS, cell, strict=True)), cases=n) for cell, n in cells.items()),
            batch_size=batch_size,
        )
    return day_count, len(cells)


def _month_values(dimension: str, value) -> list[str]:
    """The ``FigureMonth`` values one group of figure rows counts in."""
    if dimension == "side_business":
        return [side_business_value(value)]
    if dimension == KIND:
        return [code for code, bit in KIND_BITS.items() if value & bit]
    if dimension == DAYS:
        return [str(int(value))]
    return [value]
