"""The funnel's monthly rollup (``FunnelMonth``) of the drafts' journeys, kept current and rebuilt here,
the same way as the case rollups (``services.statistics.rollups``): a journey's change takes its old
state off the cells and adds its new one, in the transaction of the funnel event."""

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, F
from django.db.models.functions import TruncMonth
from django.utils import timezone

from services.statistics.models import FunnelMonth, WizardJourney
from services.statistics.rollups import cells_add, month_of

JOURNEY_FIELDS = ("service_id", "started_at", "steps_done", "last_step", "submitted_at", "seconds")
FUNNEL_KEYS = ("month", "service", "dimension", "value")


def minutes_bucket(seconds: int) -> int:
    """Seconds from start to submission in whole minutes, rounded to the nearest (half a minute up)."""
    return (seconds + 30) // 60


def journey_state(journey: WizardJourney) -> dict[str, Any]:
    return {name: getattr(journey, name) for name in JOURNEY_FIELDS}


def _count(state: dict[str, Any], sign: int, cells: dict) -> None:
    scope = (month_of(timezone.localdate(state["started_at"])), state["service_id"])
    cells[(*scope, "started", "")] += sign
    steps, bit = state["steps_done"], 0
    while steps >> bit:
        if steps >> bit & 1:
            cells[(*scope, "step", str(bit))] += sign
        bit += 1
    if state["submitted_at"] is None:
        cells[(*scope, "stop", state["last_step"])] += sign
    else:
        cells[(*scope, "submitted", "")] += sign
        if state["seconds"] is not None:
            cells[(*scope, "minutes", str(minutes_bucket(state["seconds"])))] += sign


def funnel_rollups_apply(*, old: Iterable[dict[str, Any]], new: Iterable[dict[str, Any]]) -> None:
    """Move ``FunnelMonth`` from the journeys ``old`` (as they were; ``JOURNEY_FIELDS``) to ``new``."""
    cells: dict[tuple, int] = defaultdict(int)
    for state in old:
        _count(state, -1, cells)
    for state in new:
        _count(state, 1, cells)
    cells_add(FunnelMonth, FUNNEL_KEYS, ("drafts",), [(*cell, n) for cell, n in sorted(cells.items()) if n])


def funnel_rollups_rebuild(*, models=None) -> int:
    """Recompute ``FunnelMonth`` from every journey; returns how many cells it got. ``models``: the two as a
    migration has them (default: today's)."""
    journey_model, month_model = models or (WizardJourney, FunnelMonth)
    cells: dict[tuple, int] = defaultdict(int)
    scope = {"cell_month": TruncMonth("started_at"), "cell_service": F("service_id")}
    with transaction.atomic():
        month_model.objects.all().delete()
        journeys = journey_model.objects.values(**scope, steps=F("steps_done"))
        for row in journeys.annotate(n=Count("pk")).order_by():
            key = (month_of(row["cell_month"]), row["cell_service"])
            cells[(*key, "started", "")] += row["n"]
            steps, bit = row["steps"], 0
            while steps >> bit:
                if steps >> bit & 1:
                    cells[(*key, "step", str(bit))] += row["n"]
                bit += 1
        stops = journey_model.objects.filter(submitted_at__isnull=True).values(**scope, step=F("last_step"))
        for row in stops.annotate(n=Count("pk")).order_by():
            cells[(month_of(row["cell_month"]), row["cell_service"], "stop", row["step"])] += row["n"]
        submitted = journey_model.objects.filter(submitted_at__isnull=False).values(**scope, time=F("seconds"))
        for row in submitted.annotate(n=Count("pk")).order_by():
            key = (month_of(row["cell_month"]), row["cell_service"])
            cells[(*key, "submitted", "")] += row["n"]
            if row["time"] is not None:
                cells[(*key, "minutes", str(minutes_bucket(row["time"])))] += row["n"]
        rows = [month_model(**dict(zip(FUNNEL_KEYS, cell, strict=True)), drafts=n) for cell, n in cells.items() if n]
        month_model.objects.bulk_create(rows, batch_size=5000)
    return len(rows)
