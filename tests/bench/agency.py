"""The agency's dashboard at scale: ``make bench-agency`` (``make bench`` runs it too).

Seeds a dedicated PostgreSQL database with the figures of BENCH_AGENCY_CASES cases (default
1,000,000) spread over five years and the wizard journeys that go with them, through COPY, then
times the whole dashboard (every table and chart) for a one-year and a five-year view.

    BENCH_AGENCY_DATABASE_URL=postgres://postgres@127.0.0.1:5432/gp_agency_bench \\
        .venv/bin/python tests/bench/agency.py [--cases 1000000] [--runs 20]

What is seeded: the dashboard reads only the rollups (``CaseFigure``, one row per case, the daily and
monthly rollups built from it by ``figure_rollups_rebuild``, and ``WizardJourney``, one row per draft)
and the catalog, so those are written, and not the cases
themselves: in this throw-away database the rollup's foreign key to the case is dropped. Seeding a
million full cases is the inbox benchmark's job (``tests/bench/inbox.py``).

What is timed: the full Django request in this process through the test client (middleware,
session, permission check, every query, template rendering), as server time.
"""

import argparse
import math
import os
import random
import statistics
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/gp_agency_bench"
DEFAULT_CASES = 1_000_000
YEARS = 5
# Gewerbeanmeldung drafts that are never submitted, per submitted one.
ABANDONED_PER_SUBMITTED = 0.6
CHUNK = 50_000


def _weighted(rng: random.Random, weights):
    values, shares = zip(*weights, strict=True)
    return rng.choices(values, weights=shares)[0]


def figures_seed(*, count: int, rng: random.Random, progress) -> tuple[int, int, bool]:
    """Write ``count`` figure rows and the journeys of the online service; reuse an existing seed."""
    from django.db import connection
    from django.utils import timezone

    from forms.applications import application_for
    from forms.steps.legal_forms import LEGAL_FORMS
    from services.catalog.models import Department, Service
    from services.catalog.selectors import district_choices
    from services.statistics.dimensions import KIND_BITS, REASON_CHOICES, WZ_SECTIONS
    from services.statistics.models import CaseFigure, WizardJourney
    from services.statistics.services import wizard_step_bit
    from tests.bench.inbox import SERVICE_WEIGHTS

    if CaseFigure.objects.count() == count:
        return count, WizardJourney.objects.count(), True
    services = {s.slug: s for s in Service.objects.all()}
    departments = list(Department.objects.values_list("pk", flat=True))
    online = services["gewerbeanmeldung"]
    steps = [step.name for step in application_for("gewerbeanmeldung").steps]
    bits = [wizard_step_bit(service_id=online.pk, name=name) for name in steps]
    districts = [(code, 3 if code == "mitte" else 1) for code, _name in district_choices()] + [("", 0.3)]
    legal_forms = [(code, 20 if code == "einzelunternehmen" else 1) for code in LEGAL_FORMS]
    sections = [(letter, 8 if letter in "GMNSIF" else 1) for letter, *_rest in WZ_SECTIONS] + [("", 3)]
    reasons = [(code, {"new": 80, "takeover": 10, "relocation": 7}.get(code, 3)) for code, _label in REASON_CHOICES]
    kinds = list(KIND_BITS.values())
    now = timezone.now()
    zone = timezone.get_current_timezone()
    first = now - timedelta(days=365 * YEARS)
    span = (now - first).total_seconds()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE statistics_casefigure, statistics_wizardjourney")
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = 'statistics_casefigure'::regclass "
            "AND contype = 'f' AND confrelid = 'cases_case'::regclass"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'ALTER TABLE statistics_casefigure DROP CONSTRAINT "{name}"')
        raw = cursor.cursor
        figure_columns = [f.column for f in CaseFigure._meta.concrete_fields]
        journey_columns = [f.column for f in WizardJourney._meta.concrete_fields]
        journeys = 0
        figure_rows: list[list] = []
        journey_rows: list[list] = []
        for number in range(count):
            # More in spring and autumn, fewer in summer and at Christmas: a sine over the year.
            while True:
                submitted = first + timedelta(seconds=rng.random() * span)
                season = 1 + 0.25 * math.sin(submitted.timetuple().tm_yday / 365 * 4 * math.pi)
                if rng.random() * 1.25 < season:
                    break
            service = services[_weighted(rng, SERVICE_WEIGHTS)]
            department = service.department_id if rng.random() < 0.9 else rng.choice(departments)
            age = (now - submitted).days
            decided = None
            if age > 60 or rng.random() < age / 60:
                decided = min(submitted + timedelta(days=rng.lognormvariate(1.2, 0.8)), now)
            processing = (decided - submitted).total_seconds() / 86400 if decided else None
            requested = rng.random() < 0.12
            is_gewa = service.slug == "gewerbeanmeldung"
            values = {
                "case_id": number + 1,
                "service_id": service.pk,
                "department_id": department,
                "submitted_at": submitted,
                "submitted_on": submitted.astimezone(zone).date(),
                "district": _weighted(rng, districts),
                "legal_form": _weighted(rng, legal_forms) if is_gewa else "",
                "wz_section": _weighted(rng, sections) if is_gewa else "",
                "business_kinds": rng.choice(kinds) if is_gewa else 0,
                "reason": _weighted(rng, reasons) if is_gewa else "",
                "side_business": (rng.random() < 0.38) if is_gewa else None,
                "open": decided is None,
                "decided_at": decided,
                "processing_days": processing,
                "within_due": (processing < 7 + (14 if requested else 0)) if decided else None,
                "information_requested": requested,
            }
            figure_rows.append([values[column] for column in figure_columns])
            if is_gewa:
                minutes = rng.lognormvariate(3.0, 0.6)
                started = submitted - timedelta(minutes=minutes)
                journey_rows.append(
                    [uuid.UUID(int=rng.getrandbits(128), version=4), service.pk, started, sum(1 << b for b in bits),
                     steps[-1], submitted, int(minutes * 60)]
                )  # fmt: skip
                while rng.random() < ABANDONED_PER_SUBMITTED / (1 + ABANDONED_PER_SUBMITTED):
                    done = rng.randrange(len(steps))
                    started = first + timedelta(seconds=rng.random() * span)
                    journey_rows.append(
                        [uuid.UUID(int=rng.getrandbits(128), version=4), service.pk, started,
                         sum(1 << b for b in bits[:done]), steps[done - 1] if done else "", None, None]
                    )  # fmt: skip
            if len(figure_rows) >= CHUNK or number == count - 1:
                # One COPY at a time on the connection: the chunk's figures, then its journeys.
                _copy(raw, "statistics_casefigure", figure_columns, figure_rows)
                _copy(raw, "statistics_wizardjourney", journey_columns, journey_rows)
                journeys += len(journey_rows)
                figure_rows, journey_rows = [], []
                progress(f"{number + 1:,} cases")
        cursor.execute("ANALYZE statistics_casefigure")
        cursor.execute("ANALYZE statistics_wizardjourney")
    return count, journeys, False


def rollups_ensure(*, cases: int) -> None:
    """Rebuild the daily and monthly rollups from the figure rows unless they already count them all."""
    from django.db import connection
    from django.db.models import Sum

    from services.statistics.funnel_rollup import funnel_rollups_rebuild
    from services.statistics.models import FigureDay, FunnelMonth, WizardJourney
    from services.statistics.rollups import ALL_DEPARTMENTS, ALL_DISTRICTS, figure_rollups_rebuild

    started = FunnelMonth.objects.filter(dimension="started").aggregate(n=Sum("drafts"))["n"]
    counted = FigureDay.objects.filter(department=ALL_DEPARTMENTS, district=ALL_DISTRICTS).aggregate(n=Sum("cases"))
    if counted["n"] == cases and started == WizardJourney.objects.count():
        print("Rollups: already there, reused")
    else:
        clock = time.perf_counter()
        days, months = figure_rollups_rebuild()
        funnel = funnel_rollups_rebuild()
        print(
            f"Rollups: {days:,} daily, {months:,} monthly and {funnel:,} funnel cells rebuilt "
            f"in {time.perf_counter() - clock:.0f} s"
        )
    with connection.cursor() as cursor:
        for table in ("statistics_figureday", "statistics_figuremonth", "statistics_funnelmonth"):
            cursor.execute(f"ANALYZE {table}")


def _copy(raw, table: str, columns: list[str], rows: list[list]) -> None:
    from psycopg.copy import QueuedLibpqWriter

    with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN", writer=QueuedLibpqWriter(raw)) as copy:
        for row in rows:
            copy.write_row(row)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=DEFAULT_CASES, help=f"cases to seed (default {DEFAULT_CASES:,})")
    parser.add_argument("--runs", type=int, default=20, help="timed requests per view (default 20)")
    args = parser.parse_args()

    sys.path.insert(0, str(BASE_DIR))
    sys.path.insert(0, str(BASE_DIR / "tests" / "bench"))
    from inbox import Scenario, _p95, measure, postgres_bench
    from run import print_table

    url = os.environ.get("BENCH_AGENCY_DATABASE_URL", DEFAULT_DATABASE_URL)
    with postgres_bench(url):
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone

        from portal.accounts.models import Role, User

        clock = time.perf_counter()
        cases, journeys, reused = figures_seed(
            count=args.cases,
            rng=random.Random(9),
            progress=lambda text: print(f"  seeding, {time.perf_counter() - clock:6.1f} s: {text}", flush=True),
        )
        how = "reused" if reused else f"written by COPY in {(time.perf_counter() - clock) / 60:.1f} min"
        print(f"Seed: {cases:,} case figures and {journeys:,} wizard journeys over {YEARS} years, {how}")
        rollups_ensure(cases=cases)
        analyst, _created = User.objects.get_or_create(
            email="bench.analyst@example.org", defaults={"role": Role.ANALYST}
        )
        today = timezone.localdate()
        end = today.replace(day=1) - timedelta(days=1)
        views = {
            "dashboard, one year (12 months)": {"start": _months_back(end, 12), "end": end, "resolution": "month"},
            "dashboard, one year per week": {"start": _months_back(end, 12), "end": end, "resolution": "week"},
            "dashboard, five years (60 months)": {"start": _months_back(end, 60), "end": end, "resolution": "month"},
        }
        scenarios = [
            Scenario(name, lambda client, q=query: client.get(reverse("agency:dashboard"), q))
            for name, query in views.items()
        ]
        clients = []
        for _scenario in scenarios:
            client = Client()
            client.force_login(analyst)
            clients.append(client)
        times, cpu = measure(clients, scenarios, args.runs)
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print_table(
            f"Agency analyst, {cases:,} cases: full dashboard request in process "
            f"(Django test client, {args.runs} runs each after one warm-up; {os.cpu_count()} CPUs, "
            f"load average {load})",
            [
                {
                    "request": name,
                    "p50 ms": f"{statistics.median(t) * 1000:.1f}",
                    "p95 ms": f"{_p95(t) * 1000:.1f}",
                    "Django CPU p50 ms": f"{statistics.median(cpu[name]) * 1000:.1f}",
                }
                for name, t in times.items()
            ],
        )


def _months_back(end: date, months: int) -> str:
    start = end.replace(day=1)
    for _month in range(months - 1):
        start = (start - timedelta(days=1)).replace(day=1)
    return start.isoformat()


if __name__ == "__main__":
    main()
