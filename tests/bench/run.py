"""Server-side timings of the portal: ``make bench`` (not part of the test suite).

Runs on its own database and files so it never touches real data: a temporary
SQLite file, or with DATABASE_URL set a separate ``bench_…`` database on that
server, created and migrated here and dropped at the end. Files go to a
temporary folder, tasks run eagerly and e-mail stays in memory.

    .venv/bin/python tests/bench/run.py [--runs N] [--only wizard|pdf]

Each section is a function returning ``(title, rows)`` for ``print_table``; time
one request or call with ``measure``.
"""

import argparse
import contextlib
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pypdf

BASE_DIR = Path(__file__).resolve().parents[2]

# A fixed document to compare against: the same WeasyPrint in the same process,
# so the ratio says how heavy our PDF is, whatever the machine.
REFERENCE_ROWS = 60
REFERENCE_HTML = (
    "<!DOCTYPE html><html><head><title>Reference</title></head><body><table>"
    + "".join(
        f"<tr><td>{n}</td><td>Row {n} of the reference table</td><td>{n * 37 % 1000} EUR</td></tr>"
        for n in range(1, REFERENCE_ROWS + 1)
    )
    + "</table></body></html>"
)


def reference_pdf() -> bytes:
    """The reference document as WeasyPrint renders it by default, with what every PDF of the portal
    gets from its process: a stack chunk of its own (``portal/data_stack.py``; otherwise how deep the
    caller stands decides whether the yardstick pays CPython's slowdown at a chunk's edge) and
    pydyf's streams at the portal's zlib level (``services/pdf/compression.py``), also in a process
    that renders only the reference (the load test's)."""
    import weasyprint

    from portal.data_stack import call_in_own_stack_chunk
    from services.pdf.compression import pydyf_compression_level_set

    pydyf_compression_level_set()
    return call_in_own_stack_chunk(lambda: weasyprint.HTML(string=REFERENCE_HTML).write_pdf())


def measure(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median and 95th percentile in seconds of ``runs`` calls, after one warm-up call."""
    return measure_side_by_side({"": fn}, runs)[""]


def measure_side_by_side(fns: dict[str, Callable[[], object]], runs: int) -> dict[str, tuple[float, float]]:
    """``measure`` for several functions whose figures are compared: their runs alternate,
    so a change in the machine's load (other processes, CPU frequency) hits all of them alike."""
    for fn in fns.values():
        fn()  # imports, template and font caches, database connection
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(runs):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return {name: (statistics.median(t), _p95(t)) for name, t in times.items()}


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[-1] if len(times) > 1 else times[0]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def print_table(title: str, rows: Sequence[dict[str, object]]) -> None:
    """Print rows (dicts with the same keys, in column order) as an aligned text table."""
    print(f"\n{title}")
    if not rows:
        print("  (nothing measured)")
        return
    columns = list(rows[0])
    cells = [[str(row[column]) for column in columns] for row in rows]
    widths = [max(len(column), *(len(line[i]) for line in cells)) for i, column in enumerate(columns)]
    # Text left, figures right.
    aligns = ["<" if i == 0 else ">" for i in range(len(columns))]

    def line(values: Sequence[str]) -> str:
        return "  " + "  ".join(f"{v:{a}{w}}" for v, a, w in zip(values, aligns, widths, strict=True))

    print(line(columns))
    print("  " + "  ".join("-" * w for w in widths))
    for values in cells:
        print(line(values))


def environment_prepare(folder: Path) -> None:
    """Embedded defaults for everything, in a throw-away folder; before Django starts."""
    import environ

    # The settings read .env too: decide with the same view of the environment.
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    # As a city serves it: with DEBUG on, Django's debug cursor adds its own time to every statement.
    os.environ["DEBUG"] = os.environ.get("DEBUG") or "false"
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(folder / "media")
    os.environ["AWS_STORAGE_BUCKET_NAME"] = ""  # never write into a real bucket
    os.environ["CELERY_BROKER_URL"] = ""  # tasks run eagerly, in the timed request
    os.environ["EMAIL_URL"] = "memorymail://"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["ALLOWED_HOSTS"] = "testserver"  # the host name of Django's test client
    os.environ["DRAFT_CREATE_RATE_LIMIT"] = "100000"  # one founder starts a draft per walk


@contextlib.contextmanager
def bench_database(folder: Path) -> Iterator[str]:
    """A fresh, migrated database for the run, dropped afterwards; yields its description."""
    from django.db import connection

    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        settings_dict["TEST"]["NAME"] = str(folder / "bench.sqlite3")
    else:
        settings_dict["TEST"]["NAME"] = f"bench_{settings_dict['NAME']}_{os.getpid()}"
    original_name = settings_dict["NAME"]
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield f"{connection.display_name}, {name} (temporary)"
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)


def bench_pdf(*, runs: int) -> tuple[str, list[dict[str, object]]]:
    """The complete GewA 1 PDF (GmbH with two managing directors) against the reference document.

    The GewA 1 figure is all of ``case_pdf_render``: the template, the attachments query, a
    tagged PDF/A-2a that identifies itself as PDF/UA-1. The reference is plain WeasyPrint:
    untagged, no PDF/A, a new font configuration per render. Both render in a stack chunk of their
    own (``portal/data_stack.py``), so neither figure depends on how deep the bench calls them.
    Besides wall-clock time the CPU time of the process is taken: on a shared machine the wall
    clock includes waiting for a CPU, which other processes' load makes vary; the CPU time
    counts the renders' own work.
    """
    from services.cases.models import Case
    from services.pdf.services import case_pdf_render
    from tests.factories import gewerbe_case_gmbh

    case = gewerbe_case_gmbh(reference="GEW-BENCH-PDF")
    case = Case.objects.select_related("service", "department", "service__department").get(pk=case.pk)

    def gewa1() -> bytes:
        return case_pdf_render(case=case)

    cpu: dict[str, list[float]] = {"gewa1": [], "reference": []}

    def cpu_timed(name: str, fn: Callable[[], bytes]) -> Callable[[], bytes]:
        def timed() -> bytes:
            start = time.process_time()
            result = fn()
            cpu[name].append(time.process_time() - start)
            return result

        return timed

    figures = measure_side_by_side(
        {name: cpu_timed(name, fn) for name, fn in (("gewa1", gewa1), ("reference", reference_pdf))}, runs
    )
    (gewa1_median, gewa1_p95), (reference_median, reference_p95) = figures["gewa1"], figures["reference"]
    # The first call of each is the warm-up.
    gewa1_cpu, reference_cpu = statistics.median(cpu["gewa1"][1:]), statistics.median(cpu["reference"][1:])
    rows = [
        {
            "document": "GewA 1 PDF (GmbH, 2 managing directors)",
            "pages": _pages(gewa1()),
            "median ms": ms(gewa1_median),
            "p95 ms": ms(gewa1_p95),
            "× reference": f"{gewa1_median / reference_median:.2f}",
            "CPU median ms": ms(gewa1_cpu),
            "× reference (CPU)": f"{gewa1_cpu / reference_cpu:.2f}",
        },
        {
            "document": f"reference: {REFERENCE_ROWS}-row table, WeasyPrint defaults",
            "pages": _pages(reference_pdf()),
            "median ms": ms(reference_median),
            "p95 ms": ms(reference_p95),
            "× reference": "1.00",
            "CPU median ms": ms(reference_cpu),
            "× reference (CPU)": "1.00",
        },
    ]
    return f"PDF rendering ({runs} runs after one warm-up)", rows


def bench_wizard(*, runs: int) -> tuple[str, list[dict[str, object]]]:
    """Server time of each Gewerbeanmeldung step's POST and of the submit, walked as a founder would.

    Timed in-process around Django's test client (full middleware, sessions, database,
    storage; no network). The submit is timed twice: as in the embedded default, where the
    PDF, routing and receipt run eagerly inside the request, and as with Celery workers,
    where the request only commits the case and queues the task chain on Redis
    (``TEST_REDIS_URL``; without it that row is not measured). "queries" is the median number of
    SQL statements of the request (without BEGIN, COMMIT and savepoints).
    """
    from collections import defaultdict
    from urllib.parse import urlencode

    from django.db import connection
    from django.test import Client
    from django.test.client import MULTIPART_CONTENT

    from services.catalog.services import catalog_load
    from tests.factories import FounderFactory, gewerbeanmeldung_post_data

    catalog_load()
    founder = FounderFactory()
    timings: dict[str, list[float]] = defaultdict(list)
    cpu_times: dict[str, list[float]] = defaultdict(list)
    query_counts: dict[str, list[int]] = defaultdict(list)
    submit_eager = "submit (embedded default: PDF, routing and mail in the request)"
    submit_queued = "submit (with workers: commit and queue the task)"

    def walk(submit_label: str) -> None:
        client = Client()
        client.force_login(founder)
        started = client.post("/antraege/gewerbeanmeldung/")
        url = client.get(started["Location"])["Location"]
        while "/antraege/" in url:
            step = url.rstrip("/").rsplit("/", 1)[1]
            data = gewerbeanmeldung_post_data(step, legal_form="gmbh", persons=2)
            # As the browser sends it: the step's form is multipart only where it has an upload.
            uploads = any(hasattr(value, "read") for value in data.values())
            body = data if uploads else urlencode(data, doseq=True)
            content_type = MULTIPART_CONTENT if uploads else "application/x-www-form-urlencoded"
            with statements_counted(connection) as statements:
                start, cpu_start = time.perf_counter(), time.process_time()
                response = client.post(url, body, content_type=content_type)
                elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
            if response.status_code != 302:
                raise RuntimeError(f"step {step} did not validate in the benchmark")
            label = submit_label if step == "review" else f"step {step}"
            timings[label].append(elapsed)
            cpu_times[label].append(cpu)
            query_counts[label].append(sum(1 for sql in statements if not _transaction_control(sql)))
            url = response["Location"]

    walk(submit_eager)  # warm-up: imports, templates, fonts, connection
    timings.clear()
    cpu_times.clear()
    query_counts.clear()
    for _ in range(runs):
        walk(submit_eager)
    redis_url = os.environ.get("TEST_REDIS_URL")
    if redis_url:
        with tasks_queued_on_redis(redis_url):
            walk(submit_queued)  # warm-up: the broker connection
            del timings[submit_queued], cpu_times[submit_queued], query_counts[submit_queued]
            for _ in range(runs):
                walk(submit_queued)
    # CPU time of this process (the request's Python, and SQLite's work when it is the database):
    # on a machine shared with other work it shows what the wall-clock figures lose to waiting.
    rows = [
        {
            "request": name,
            "median ms": ms(statistics.median(t)),
            "p95 ms": ms(_p95(t)),
            "cpu median ms": ms(statistics.median(cpu_times[name])),
            "queries": round(statistics.median(query_counts[name])),
        }
        for name, t in timings.items()
    ]
    return f"Gewerbeanmeldung wizard, GmbH with two managing directors ({runs} walks after one warm-up)", rows


@contextlib.contextmanager
def statements_counted(connection) -> Iterator[list[str]]:
    """The SQL of the statements run inside, taken where the connection executes them. Unlike
    ``CaptureQueriesContext`` it leaves the plain cursor in place, so the timed request pays nothing
    for the count."""
    statements: list[str] = []

    def statement_note(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(statement_note):
        yield statements


@contextlib.contextmanager
def tasks_queued_on_redis(redis_url: str) -> Iterator[None]:
    """Tasks go to a queue of their own on Redis instead of running eagerly; no worker takes
    them, and the queue is deleted afterwards."""
    import redis

    from portal.celery import app

    queue = f"bench-{os.getpid()}"
    previous = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")}
    app.conf.update(broker_url=redis_url, task_always_eager=False, task_default_queue=queue)
    app._pool = app.amqp._producer_pool = None  # the pools keep the broker they were made for
    try:
        yield
    finally:
        app.conf.update(previous)
        app._pool = app.amqp._producer_pool = None
        client = redis.Redis.from_url(redis_url)
        client.delete(queue, *client.keys(f"_kombu.*{queue}"))  # the queue and kombu's bindings of it


def _transaction_control(sql: str) -> bool:
    """BEGIN, COMMIT, savepoints: logged as queries on SQLite, not round trips of their own on PostgreSQL."""
    return sql.split(None, 1)[0].upper() in {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"}


def _pages(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


SECTIONS = {"wizard": bench_wizard, "pdf": bench_pdf}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs per measurement (default 20)")
    parser.add_argument("--only", choices=sorted(SECTIONS), help="run one section instead of all")
    args = parser.parse_args()
    sections = [SECTIONS[args.only]] if args.only else list(SECTIONS.values())

    sys.path.insert(0, str(BASE_DIR))
    with tempfile.TemporaryDirectory(prefix="gruenderportal-bench-") as folder:
        environment_prepare(Path(folder))
        import django

        django.setup()
        with bench_database(Path(folder)) as database:
            print(f"Database: {database}")
            for section in sections:
                print_table(*section(runs=args.runs))


if __name__ == "__main__":
    main()
