"""The clerks' workspace at scale: ``make bench-inbox`` (``make bench`` runs it after run.py).

Seeds a dedicated PostgreSQL database with a million invented cases (``portal.demo``)
spread over five years, the catalog's services and departments, every status and the
department's clerks, each with its history of events and, where information was requested,
its message thread; then times what a clerk of the Gewerbeamt does all day. The seed stays in
the database: a second run finds it (row count) and only measures.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/gruenderportal_bench \\
        .venv/bin/python tests/bench/inbox.py [--cases 1000000] [--runs 40] [--explain]

What is timed: the full Django request in this process through the test client (middleware,
session, permission checks, every query, template rendering; no network, no web server), as
server time. Run it on an otherwise idle machine; figures from a shared one say so.
"""

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/gruenderportal_bench"
DEFAULT_CASES = 1_000_000
CHUNK = 20_000
YEARS = 5
# (service slug, share of cases): the Gewerbeamt's notifications dominate a city's intake.
SERVICE_WEIGHTS = [
    ("gewerbeanmeldung", 55),
    ("gewerbeummeldung", 14),
    ("gewerbeabmeldung", 16),
    ("gaststaettenerlaubnis", 3),
    ("sondernutzung", 6),
    ("reisegewerbekarte", 6),
]
# Gewerbeanmeldungen that routing rules send elsewhere: (department code, share, reason).
REROUTED = [
    ("bauaufsicht", 0.06, "Regel 2: Nutzungsänderung der Betriebsstätte → Bauaufsicht"),
    ("wirtschaftsfoerderung", 0.04, "Regel 3: Gründung mit mehr als 10 Beschäftigten → Wirtschaftsförderung"),
]
# Clerks and supervisors per department; the rest of the catalog's departments get the default.
STAFF = {"gewerbeamt": (12, 2)}
STAFF_DEFAULT = (4, 1)


# --- Seeding ---------------------------------------------------------------------------------


@dataclass
class SeedReport:
    cases: int
    events: int
    messages: int
    founders: int
    seconds: float
    reused: bool


def staff_ensure() -> dict[str, list[int]]:
    """The bench's clerks and supervisors per department code (ids), created once."""
    from django.contrib.auth.hashers import make_password

    from portal.accounts.models import Role, User
    from services.catalog.models import Department

    staff: dict[str, list[int]] = {}
    password = make_password(None)  # the bench logs in with force_login
    for department in Department.objects.order_by("code"):
        clerks, supervisors = STAFF.get(department.code, STAFF_DEFAULT)
        ids = []
        for number in range(clerks + supervisors):
            role = Role.CLERK if number < clerks else Role.SUPERVISOR
            user, _ = User.objects.get_or_create(
                email=f"bench.{department.code}.{number + 1}@example.org",
                defaults={"full_name": f"Sachbearbeitung {department.name} {number + 1}", "role": role,
                          "password": password},
            )  # fmt: skip
            user.departments.add(department)
            ids.append(user.pk)
        staff[department.code] = ids
    return staff


def cases_seed(
    *, count: int, seed: int = 2026, now=None, progress: Callable[[str], None] = lambda _: None
) -> SeedReport:
    """Write ``count`` invented cases with their founders, events and messages through COPY.

    Needs PostgreSQL, the catalog and a migrated database. Existing cases are kept if there are
    at least ``count`` of them; otherwise all cases (and the founders) are replaced. Secondary
    indexes are dropped for the load and built again afterwards (much faster than updating them
    row by row); foreign keys are not checked during the load (the rows are made consistent).
    """
    from django.db import connection, transaction

    from services.cases.models import Case

    if connection.vendor != "postgresql":
        raise RuntimeError("The inbox benchmark seeds through PostgreSQL's COPY.")
    started = time.perf_counter()
    existing = Case.objects.count()
    if existing >= count:
        return SeedReport(existing, 0, 0, 0, time.perf_counter() - started, reused=True)
    staff = staff_ensure()
    if existing:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE cases_caseevent, cases_casemessage, cases_casenote, cases_attachment, cases_case, "
                "cases_referencecounter CASCADE"
            )
            cursor.execute("DELETE FROM accounts_user WHERE role = 'founder'")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit = off")
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            indexes = _secondary_indexes(
                cursor, ["cases_case", "cases_caseevent", "cases_casemessage", "accounts_user"]
            )
            for name, _definition in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
            # The rows are consistent by construction; checking each foreign key row by row is the slow part.
            cursor.execute("SET LOCAL session_replication_role = replica")
            report = _copy_all(cursor, count=count, seed=seed, now=now, staff=staff, progress=progress)
            cursor.execute("SET LOCAL session_replication_role = origin")
            progress(f"building {len(indexes)} indexes")
            for _name, definition in indexes:
                cursor.execute(definition)
            for table in ["accounts_user", "cases_case"]:
                cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    # VACUUM also sets the visibility map, as autovacuum keeps it on a live database: without it every
    # index-only scan would visit the table. It cannot run inside a transaction (a test's): ANALYZE then.
    command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
    with connection.cursor() as cursor:
        progress(command)
        for table in ["accounts_user", "cases_case", "cases_caseevent", "cases_casemessage"]:
            cursor.execute(f"{command} {table}")
    report.seconds = time.perf_counter() - started
    return report


def _secondary_indexes(cursor, tables: list[str]) -> list[tuple[str, str]]:
    """Indexes that back no constraint (primary keys and unique constraints stay)."""
    cursor.execute(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
        ORDER BY i.tablename, i.indexname
        """,
        [tables],
    )
    return list(cursor.fetchall())


def _copy_all(cursor, *, count, seed, now, staff, progress) -> SeedReport:
    from django.utils import timezone
    from psycopg.copy import QueuedLibpqWriter

    from portal.accounts.models import User
    from portal.demo import CaseGenerator
    from services.cases.models import Case, CaseEvent, CaseMessage
    from services.catalog.models import Department, Service

    generator = CaseGenerator(seed=seed, now=now)
    rng = generator.rng
    now = generator.now
    raw = cursor.cursor  # psycopg's own cursor: COPY
    departments = {d.code: d for d in Department.objects.all()}
    services = {s.slug: s for s in Service.objects.select_related("department")}
    weights = [(services[slug], weight) for slug, weight in SERVICE_WEIGHTS if slug in services]

    # Founders: about three in four file one case, the others two or more.
    founder_count = max(1, int(count * 0.75))
    cursor.execute("SELECT coalesce(max(id), 0) FROM accounts_user")
    first_user = cursor.fetchone()[0] + 1
    founders = []
    progress(f"{founder_count} founders")
    user_columns = _columns(User)
    user_row = _row_maker(User, user_columns)
    with raw.copy(f"COPY accounts_user ({', '.join(user_columns)}) FROM STDIN", writer=QueuedLibpqWriter(raw)) as copy:
        unusable = "!" + uuid.uuid4().hex  # nobody can log in as an invented founder
        for number in range(founder_count):
            founder = generator.founder(number)
            founders.append(founder)
            joined = now - timedelta(days=YEARS * 365 * rng.random())
            copy.write_row(user_row({
                "id": first_user + number, "password": unusable, "email": founder.email,
                "full_name": founder.full_name, "role": "founder", "email_verified_at": joined,
                "privacy_accepted_at": joined, "date_joined": joined, "language": "de",
                "is_active": True, "is_staff": False, "is_superuser": False,
            }))  # fmt: skip

    # Submission times, oldest first (ids follow the order of arrival); more cases lately.
    ages = sorted((YEARS * 365 * rng.random() ** 1.15 for _ in range(count)), reverse=True)
    cursor.execute("SELECT coalesce(max(id), 0) FROM cases_case")
    first_case = cursor.fetchone()[0] + 1
    counters: dict[tuple[int, int], int] = {}
    case_columns = _columns(Case)
    event_columns = [c for c in _columns(CaseEvent) if c != "id"]
    message_columns = [c for c in _columns(CaseMessage) if c != "id"]
    events = messages = 0
    copy_cases = f"COPY cases_case ({', '.join(case_columns)}) FROM STDIN"
    event_row = _row_maker(CaseEvent, event_columns)
    message_row = _row_maker(CaseMessage, message_columns)
    case_row = _row_maker(Case, case_columns)
    for chunk_start in range(0, count, CHUNK):
        event_rows, message_rows = [], []
        chunk_started = time.perf_counter()
        # The queued writer sends from a thread: the server stores a case while Python makes the next.
        with raw.copy(copy_cases, writer=QueuedLibpqWriter(raw)) as copy:
            for offset in range(chunk_start, min(count, chunk_start + CHUNK)):
                age = timedelta(days=ages[offset])
                submitted_at = now - age
                service = _weighted(rng, weights)
                department, rule, reason = service.department, "catalog", ""
                if service.slug == "gewerbeanmeldung":
                    pick = rng.random()
                    for code, share, rule_reason in REROUTED:
                        if pick < share and code in departments:
                            department, rule, reason = departments[code], code, rule_reason
                            break
                        pick -= share
                if not reason:
                    reason = f"Laut Leistungskatalog ist {department.name} für {service.name} zuständig."
                applicant_index = rng.randrange(founder_count)
                applicant_id = first_user + applicant_index
                content = generator.content(founder=founders[applicant_index])
                status = generator.status_for_age(age)
                history = generator.history(
                    status=status,
                    submitted_at=submitted_at,
                    applicant_id=applicant_id,
                    clerks=staff.get(department.code, []),
                    processing_days=service.processing_days,
                    department_code=department.code,
                    routing_rule=rule,
                )
                year = timezone.localtime(submitted_at).year
                counters[(service.pk, year)] = number = counters.get((service.pk, year), 0) + 1
                case_id = first_case + offset
                values = {
                    "id": case_id,
                    "public_id": uuid.UUID(int=rng.getrandbits(128), version=4),
                    "submission_key": uuid.UUID(int=rng.getrandbits(128), version=4),
                    "reference": f"{service.reference_prefix}-{year}-{number:06d}",
                    "service_id": service.pk,
                    "applicant_id": applicant_id,
                    "status": str(status),
                    "answers": content.answers,
                    "summary": content.summary,
                    "form_version": content.form_version,
                    "title": content.title,
                    "search_text": content.search_text,
                    "submitted_at": submitted_at,
                    "department_id": department.pk,
                    "routing_reason": reason,
                    "routed_at": history.routed_at,
                    # A key, no file: the follow-up counts as done, so nothing renders a million PDFs.
                    "pdf": f"cases/{submitted_at:%Y/%m}/bench.pdf",
                    "receipt_sent_at": history.receipt_sent_at,
                    "assignee_id": history.assignee,
                    "due_date": history.due_date,
                    "clock_paused_at": history.clock_paused_at,
                    "decided_at": history.decided_at,
                }
                copy.write_row(case_row(values))
                for kind, at, actor, data in history.events:
                    event_rows.append(event_row({"case_id": case_id, "kind": str(kind), "actor_id": actor,
                                                 "created_at": at, "data": json.dumps(data)}))  # fmt: skip
                for direction, author, text, move, at in history.messages:
                    message_rows.append(message_row({"case_id": case_id, "author_id": author or applicant_id,
                                                     "direction": str(direction), "text": text, "transition": move,
                                                     "created_at": at}))  # fmt: skip
        for table, columns, rows in [
            ("cases_caseevent", event_columns, event_rows),
            ("cases_casemessage", message_columns, message_rows),
        ]:
            with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN", writer=QueuedLibpqWriter(raw)) as copy:
                for row in rows:
                    copy.write_row(row)
        events += len(event_rows)
        messages += len(message_rows)
        done = min(count, chunk_start + CHUNK)
        progress(f"{done} cases ({time.perf_counter() - chunk_started:.1f} s for the last {done - chunk_start})")
    for (service_id, year), last in counters.items():
        cursor.execute(
            "INSERT INTO cases_referencecounter (service_id, year, last_number) VALUES (%s, %s, %s)",
            [service_id, year, last],
        )
    return SeedReport(count, events, messages, founder_count, 0.0, reused=False)


def _columns(model) -> list[str]:
    return [f.column for f in model._meta.concrete_fields if not getattr(f, "generated", False)]


def _row_maker(model, columns: list[str]) -> Callable[[dict[str, Any]], tuple]:
    """Turns a dict of values into a row in column order; a column the generator does not know gets
    the field's default, so that a field added to the model later does not break the seed."""
    defaults = {}
    for field in model._meta.concrete_fields:
        if field.column in columns:
            default = field.get_default()
            defaults[field.column] = json.dumps(default) if field.get_internal_type() == "JSONField" else default
    get = dict.get

    def row(values: dict[str, Any]) -> tuple:
        return tuple([get(values, column, defaults[column]) for column in columns])

    return row


def _weighted(rng: random.Random, weights):
    return rng.choices([value for value, _ in weights], weights=[weight for _, weight in weights])[0]


# --- Measuring -------------------------------------------------------------------------------


@dataclass
class Scenario:
    name: str
    request: Callable[[Any], Any]  # takes the client, returns the response; timed
    prepare: Callable[[Any], Any] = lambda client: None  # not timed


def scenarios_build(*, clerk, rng: random.Random) -> list[Scenario]:
    """What a clerk of the Gewerbeamt does: the default inbox, a filtered one, a name search, a case page."""
    from django.urls import reverse
    from django.utils import timezone

    from services.cases.models import Case

    inbox = reverse("workspace:inbox")
    today = timezone.localdate()
    since = today - timedelta(days=180)
    case_ids = list(
        Case.objects.filter(department__in=clerk.departments.all())
        .order_by("-submitted_at")
        .values_list("public_id", flat=True)[:5000]
    )
    fragments = ["schaef", "müll", "köhl", "Krüger", "jaeger"]

    def default_inbox(client):
        return client.get(inbox)

    def filtered_inbox(client):
        return client.get(
            inbox,
            {
                "status": "in_review",
                "assignment": "me",
                **{
                    f"received_from_{part}": value
                    for part, value in zip(("day", "month", "year"), (since.day, since.month, since.year), strict=True)
                },  # noqa: E501
                **{
                    f"received_to_{part}": value
                    for part, value in zip(("day", "month", "year"), (today.day, today.month, today.year), strict=True)
                },  # noqa: E501
            },
        )

    def search_enter(client):
        # The term is posted and kept in the session (it is personal data, never in the URL).
        client.post(inbox, {"q": rng.choice(fragments)})

    def case_page(client):
        return client.get(reverse("workspace:case", kwargs={"public_id": rng.choice(case_ids)}))

    return [
        Scenario("default inbox (open cases, due date order, first page, counts per status)", default_inbox),
        Scenario("filtered inbox (in review, assigned to me, received in the last 180 days)", filtered_inbox),
        Scenario(
            f"search in the inbox ({', '.join(fragments)} in turn; GET after the POST)", default_inbox, search_enter
        ),  # noqa: E501
        Scenario("case page (a random one of the department's 5,000 newest)", case_page),
    ]


def measure(
    clients: list, scenarios: list[Scenario], runs: int
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall-clock and this process's CPU time of each run (the CPU time leaves out waiting for the
    database and for a busy machine). Runs alternate between scenarios, so that a change in the
    machine's load hits all alike."""
    for client, scenario in zip(clients, scenarios, strict=True):
        scenario.prepare(client)
        response = scenario.request(client)  # warm-up: imports, templates, connection, caches
        if response.status_code != 200:
            raise RuntimeError(f"{scenario.name}: HTTP {response.status_code}")
    times: dict[str, list[float]] = {scenario.name: [] for scenario in scenarios}
    cpu: dict[str, list[float]] = {scenario.name: [] for scenario in scenarios}
    for _ in range(runs):
        for client, scenario in zip(clients, scenarios, strict=True):
            scenario.prepare(client)
            start, start_cpu = time.perf_counter(), time.thread_time()
            response = scenario.request(client)
            times[scenario.name].append(time.perf_counter() - start)
            cpu[scenario.name].append(time.thread_time() - start_cpu)
            if response.status_code != 200:
                raise RuntimeError(f"{scenario.name}: HTTP {response.status_code}")
    return times, cpu


def explain(clients: list, scenarios: list[Scenario]) -> Iterator[str]:
    """Per scenario: the server's execution time of all its queries (EXPLAIN ANALYZE of each SELECT,
    summed) and the plans of the two slowest."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for client, scenario in zip(clients, scenarios, strict=True):
        scenario.prepare(client)
        with CaptureQueriesContext(connection) as captured:
            scenario.request(client)
        plans = []
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                lines = [row[0] for row in cursor.fetchall()]
            executed = float(lines[-1].rsplit(":", 1)[1].split()[0])
            plans.append((executed, sql, lines))
        plans.sort(key=lambda plan: plan[0], reverse=True)
        total = sum(plan[0] for plan in plans)
        yield (
            f"\n== {scenario.name}: {len(captured)} queries, "
            f"{total:.1f} ms execution time of the {len(plans)} SELECTs in PostgreSQL"
        )
        for executed, sql, lines in plans[:2]:
            plan = "\n".join("    " + line for line in lines)
            yield f"  {executed:.1f} ms  {sql[:400]}{'…' if len(sql) > 400 else ''}\n{plan}"


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[-1]


def database_ensure(url: str) -> None:
    """Create the benchmark's database on first use."""
    import environ
    import psycopg

    config = environ.Env.db_url_config(url)
    with psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{config["NAME"]}"')


@contextmanager
def postgres_bench(url: str) -> Iterator[None]:
    """Django set up on the benchmark's PostgreSQL database ``url`` (created on first use), migrated,
    with the catalog loaded; settings as ``run.environment_prepare`` gives them."""
    from run import environment_prepare

    with tempfile.TemporaryDirectory(prefix="gruenderportal-bench-") as folder:
        environment_prepare(Path(folder))
        os.environ["DATABASE_URL"] = url
        database_ensure(url)
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from services.catalog.services import catalog_load

        print(f"Database: {connection.settings_dict['NAME']} on {connection.settings_dict['HOST'] or 'localhost'}")
        call_command("migrate", verbosity=0)
        catalog_load()
        yield


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=DEFAULT_CASES, help=f"cases to seed (default {DEFAULT_CASES:,})")
    parser.add_argument("--runs", type=int, default=40, help="timed requests per scenario (default 40)")
    parser.add_argument("--explain", action="store_true", help="print EXPLAIN ANALYZE of the slowest queries")
    parser.add_argument("--seed-only", action="store_true", help="seed (or check the seed) and stop")
    args = parser.parse_args()

    sys.path.insert(0, str(BASE_DIR))
    sys.path.insert(0, str(BASE_DIR / "tests" / "bench"))
    from run import print_table

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    with postgres_bench(url):
        from django.test import Client

        from portal.accounts.models import User

        clock = time.perf_counter()
        report = cases_seed(
            count=args.cases,
            progress=lambda text: print(f"  seeding, {time.perf_counter() - clock:6.1f} s: {text}", flush=True),
        )
        if report.reused:
            print(f"Seed: {report.cases:,} cases already there, reused ({report.seconds:.1f} s to check)")
        else:
            print(
                f"Seed: {report.cases:,} cases, {report.events:,} events, {report.messages:,} messages, "
                f"{report.founders:,} founders in {report.seconds / 60:.1f} min (COPY, indexes built after)"
            )
        if args.seed_only:
            return
        clerk = User.objects.get(email="bench.gewerbeamt.1@example.org")
        scenarios = scenarios_build(clerk=clerk, rng=random.Random(1))
        clients = []
        for _ in scenarios:  # one session each: the search term stays in the search's session
            client = Client()
            client.force_login(clerk)
            clients.append(client)
        times, cpu = measure(clients, scenarios, args.runs)
        cpus = os.cpu_count()
        load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
        print_table(
            f"Clerk of the Gewerbeamt, {report.cases:,} cases: full request in process "
            f"(Django test client, {args.runs} runs each after one warm-up; {cpus} CPUs, load average {load})",
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
