"""The founders' free-slot page at scale: ``make bench-appointments`` (part of ``make bench``).

Seeds a dedicated PostgreSQL database with the catalog's departments, three appointment types each
(15 minutes at three desks, 30 minutes at two, 60 minutes at three), weekly hours (Monday to Friday
8–12, Tuesday and Thursday also 14–18), a closure per department, and BENCH_APPOINTMENTS
appointments (default 100,000) over a year: the past 300 days thinly booked, the next two weeks
almost full (so the page skips full days to find free ones), the rest of the 90-day horizon half
booked. The seed stays: a later run finds it by its row count and only measures.

    BENCH_APPOINTMENTS_DATABASE_URL=postgres://postgres@127.0.0.1:5432/gruenderportal_bench_appointments \\
        .venv/bin/python tests/bench/appointments.py [--appointments 100000] [--runs 60] [--explain]

What is timed: the full Django request in this process through the test client (middleware,
session, every query, template rendering; no network, no web server) of the free-slot page of a
random appointment type, anonymous, first page (next free slot and five days with free slots) and
a later page (``?ab=`` four weeks on). Goal: p95 ≤ 50 ms.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/gruenderportal_bench_appointments"
DEFAULT_APPOINTMENTS = 100_000
TYPES = [("Kurzberatung", 15, 3), ("Identitätsprüfung", 30, 2), ("Gründungsberatung", 60, 3)]
PAST_DAYS, HORIZON_DAYS, FULL_DAYS = 300, 90, 14


def offer_ensure() -> list:
    """Types, hours and a closure for every department, created once; the types."""
    from datetime import time as clock

    from services.appointments.models import AppointmentType, Closure, OpeningHours
    from services.catalog.models import Department

    for department in Department.objects.order_by("code"):
        if AppointmentType.objects.filter(department=department).exists():
            continue
        for name, minutes, desks in TYPES:
            AppointmentType.objects.create(
                department=department,
                name=name,
                duration_minutes=minutes,
                desks=desks,
                horizon_days=HORIZON_DAYS,
                booking_lead_hours=2,
            )
        for weekday in range(5):
            OpeningHours.objects.create(department=department, weekday=weekday, opens=clock(8), closes=clock(12))
        for weekday in (1, 3):
            OpeningHours.objects.create(department=department, weekday=weekday, opens=clock(14), closes=clock(18))
        first = date.today() + timedelta(days=40)
        Closure.objects.create(department=department, first_day=first, last_day=first + timedelta(days=2))
    return list(AppointmentType.objects.order_by("pk"))


def appointments_seed(*, count: int, types: list, rng: random.Random) -> tuple[int, float, bool]:
    """``count`` appointments on the types' slot grids; (count, seconds, reused)."""
    from django.db import connection
    from django.utils import timezone

    from services.appointments.models import Appointment
    from services.appointments.slots import Calendar

    started = time.perf_counter()
    existing = Appointment.objects.count()
    if existing >= count:
        return existing, time.perf_counter() - started, True
    Appointment.objects.all().delete()
    today = timezone.localdate()
    first, last = today - timedelta(days=PAST_DAYS), today + timedelta(days=HORIZON_DAYS)
    # Every (type, slot, desk) of the year with the share it is booked at.
    places = []
    for kind in types:
        calendar = Calendar.load(department_id=kind.department_id, first=first, last=last)
        day = first
        while day <= last:
            share = 0.97 if today <= day < today + timedelta(days=FULL_DAYS) else (0.5 if day > today else None)
            for start, end in calendar.grid(day=day, duration=timedelta(minutes=kind.duration_minutes)):
                for desk in range(1, kind.desks + 1):
                    places.append((kind, start, end, desk, share))
            day += timedelta(days=1)
    future = [place for place in places if place[4] is not None]
    booked_future = [place for place in future if rng.random() < place[4]]
    past = [place for place in places if place[4] is None]
    booked_past = rng.sample(past, min(len(past), max(count - len(booked_future), 0)))
    rows = [
        Appointment(
            appointment_type=kind,
            department_id=kind.department_id,
            starts_at=start,
            ends_at=end,
            desk=desk,
            status="attended" if start < timezone.now() else "booked",
            name=f"Besucher {n}",
            email=f"besucher{n % 5000}@example.org",
        )
        for n, (kind, start, end, desk, _share) in enumerate(booked_past + booked_future)
    ]
    Appointment.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE appointments_appointment")
    return len(rows), time.perf_counter() - started, False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appointments", type=int, default=DEFAULT_APPOINTMENTS)
    parser.add_argument("--runs", type=int, default=60, help="timed requests per page (default 60)")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the slowest queries")
    args = parser.parse_args()

    sys.path.insert(0, str(BASE_DIR))
    sys.path.insert(0, str(BASE_DIR / "tests" / "bench"))
    from inbox import Scenario, _p95, explain, measure, postgres_bench
    from run import print_table

    url = os.environ.get("BENCH_APPOINTMENTS_DATABASE_URL", DEFAULT_DATABASE_URL)
    with postgres_bench(url):
        from django.test import Client
        from django.urls import reverse

        types = offer_ensure()
        rng = random.Random(1)
        seeded, seconds, reused = appointments_seed(count=args.appointments, types=types, rng=rng)
        print(
            f"Seed: {seeded:,} appointments of {len(types)} types, "
            f"{'reused' if reused else 'created'} in {seconds:.1f} s"
        )

        later = (date.today() + timedelta(days=28)).isoformat()
        scenarios = [
            Scenario(
                "free-slot page, first page (a random type)",
                lambda client: client.get(reverse("appointments:slots", args=[rng.choice(types).pk])),
            ),
            Scenario(
                "free-slot page, four weeks on (?ab=)",
                lambda client: client.get(reverse("appointments:slots", args=[rng.choice(types).pk]) + f"?ab={later}"),
            ),
        ]
        clients = [Client() for _ in scenarios]
        times, cpu = measure(clients, scenarios, args.runs)
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print_table(
            f"Free-slot page, {seeded:,} appointments: full request in process "
            f"(Django test client, {args.runs} runs each after one warm-up; "
            f"{os.cpu_count()} CPUs, load average {load})",
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
        if args.explain:
            for block in explain(clients, scenarios):
                print(block)


if __name__ == "__main__":
    main()
