"""A bounded load test on loopback: ``make load`` (not part of the test suite; its smoke test is).

Starts gunicorn, a Celery worker on Redis and a PostgreSQL database of its own (created,
migrated and dropped here), seeds founders, and lets them file complete Gewerbeanmeldungen
over HTTP for the given time, after an unmeasured warm-up (one application each by twice as
many founders as gunicorn has workers: first-use costs such as the broker connection stay
out of the percentiles), and started a few seconds apart. Prints throughput and p50/p95/p99 per request, the errors
(must be 0), duplicate references and lost submits checked in the database (must be 0), the
PDFs the worker produced per second, and, measured before and after in the same run, the
throughput of a minimal logged-in view that reads one row and writes one row, so that the
figures compare across machines.

    .venv/bin/python tests/load/run.py [--founders 50] [--seconds 300] [--web-workers 4] ...

The client is a small asyncio program with aiohttp (one process, a coroutine per founder):
it costs little CPU beside the server on the same machine (``tests/load/founders.py`` says how
little), and is driven from the smoke test as a plain function.
"""

import argparse
import os
import resource
import signal
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

import psycopg  # noqa: E402

from tests.bench.run import print_table, reference_pdf  # noqa: E402
from tests.load.founders import Recorder, calibration_run, founders_run, hammer_rate, hammer_run  # noqa: E402
from tests.load.stack import stack_run  # noqa: E402

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"
DEFAULT_REDIS = "redis://127.0.0.1:6379/6"
# The later step whose POST rate the summary prints (the goal: ≥ 200/s with 20 founders).
LATER_STEP = "reason"


@dataclass
class Report:
    warmup: Recorder
    load: Recorder
    calibration: list[Recorder]
    cases: int
    duplicate_references: int
    duplicate_submissions: int
    pdfs: int
    receipts: int
    pdfs_per_second_load: float
    pdfs_per_second_alone: float | None
    drained_in: float | None
    reference_per_second: float | None
    server_tracebacks: dict[str, int]

    @property
    def errors(self) -> int:
        return len(self.all_errors)

    @property
    def all_errors(self) -> list[str]:
        return self.warmup.errors + self.load.errors + [e for c in self.calibration for e in c.errors]

    @property
    def lost_submits(self) -> int:
        # A case the client did not see confirmed may exist (the deadline fell between commit and
        # answer); a confirmed submit without its case may not.
        return max(self.warmup.submits + self.load.submits - self.cases, 0)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(fraction * len(ordered)), len(ordered) - 1)]


def _database_figures(database_url: str) -> dict[str, object]:
    with psycopg.connect(database_url) as db:
        one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "cases": one("SELECT count(*) FROM cases_case"),
            "duplicate_references": one(
                "SELECT count(*) FROM (SELECT reference FROM cases_case GROUP BY reference HAVING count(*) > 1) d"
            ),
            "duplicate_submissions": one(
                "SELECT count(*) FROM (SELECT submission_key FROM cases_case GROUP BY submission_key"
                " HAVING count(*) > 1) d"
            ),
            "receipts": one("SELECT count(*) FROM cases_case WHERE receipt_sent_at IS NOT NULL"),
            "pdf_times": [
                row[0].timestamp()
                for row in db.execute(
                    "SELECT created_at FROM cases_caseevent WHERE kind = 'pdf_rendered' ORDER BY created_at"
                )
            ],
        }


def _pdf_rate(times: list[float], start: float, end: float) -> float:
    inside = [t for t in times if start <= t <= end]
    return len(inside) / (end - start) if end > start else 0.0


def _reference_renders(seconds: float) -> int:
    reference_pdf()  # warm-up: imports and fonts
    count, deadline = 0, time.monotonic() + seconds
    while time.monotonic() < deadline:
        reference_pdf()
        count += 1
    return count


def reference_rate(*, processes: int, seconds: float) -> float:
    """Reference documents per second rendered by as many processes as the worker has (after a warm-up)."""
    with ProcessPoolExecutor(max_workers=processes) as pool:
        counts = list(pool.map(_reference_renders, [seconds] * processes))
    return sum(counts) / seconds


def load_run(args: argparse.Namespace, folder: Path) -> Report:
    with stack_run(
        server_url=args.database_server,
        redis_url=args.redis_url,
        founders=args.founders,
        web_workers=args.web_workers,
        worker_concurrency=args.worker_concurrency,
        folder=folder,
        keep_database=args.keep_database,
    ) as (stack, sessions):
        pids = ", ".join(f"{name} {process.pid}" for name, process in stack.processes.items())
        database = stack.database_url.rsplit("/", 1)[1]
        print(f"Serving {stack.base_url}: gunicorn {args.web_workers} sync workers, Celery worker concurrency "
              f"{args.worker_concurrency}, database {database}; pids {pids}", flush=True)  # fmt: skip
        # Every server process pays once for what it loads on first use (templates, the broker
        # connection and its modules): one application per founder of a small group, not measured.
        warmup = founders_run(
            base_url=stack.base_url, sessions=sessions[: 2 * args.web_workers], seconds=600, applications=1
        )
        calibration = [calibration_run(base_url=stack.base_url, sessions=sessions, seconds=args.calibration_seconds)]
        doing = f"post the step {args.hammer_step} again and again" if args.hammer_step else "file"
        print(f"Calibration before: {_rate(calibration[0], 'POST calibration view'):.1f}/s; "
              f"{args.founders} founders {doing} for {args.seconds:.0f} s …", flush=True)  # fmt: skip
        wall_start = time.time()
        if args.hammer_step:
            load = hammer_run(base_url=stack.base_url, sessions=sessions, seconds=args.seconds, step=args.hammer_step)
        else:
            load = founders_run(base_url=stack.base_url, sessions=sessions, seconds=args.seconds)
        wall_end = time.time()
        drain_start = time.monotonic()
        figures = _database_figures(stack.database_url)

        def drained_now() -> bool:
            # The receipt is the last step: its outbox mail is sent after the PDF's step commits.
            return len(figures["pdf_times"]) >= figures["cases"] and figures["receipts"] >= figures["cases"]

        while not drained_now() and time.monotonic() - drain_start < args.drain_seconds:
            time.sleep(1)
            figures = _database_figures(stack.database_url)
        drained = drained_now()
        drained_in = time.monotonic() - drain_start if drained else None
        pdf_times = figures["pdf_times"]
        backlog_times = [t for t in pdf_times if t > wall_end]
        alone = None
        if len(backlog_times) >= 5:
            alone = (len(backlog_times) - 1) / (backlog_times[-1] - backlog_times[0])
        calibration.append(
            calibration_run(base_url=stack.base_url, sessions=sessions, seconds=args.calibration_seconds)
        )
        tracebacks = stack.tracebacks()
    reference = None
    if args.reference_seconds > 0:
        reference = reference_rate(processes=args.worker_concurrency, seconds=args.reference_seconds)
    return Report(
        warmup=warmup,
        load=load,
        calibration=calibration,
        cases=figures["cases"],
        duplicate_references=figures["duplicate_references"],
        duplicate_submissions=figures["duplicate_submissions"],
        pdfs=len(pdf_times),
        receipts=figures["receipts"],
        pdfs_per_second_load=_pdf_rate(pdf_times, wall_start, wall_end),
        pdfs_per_second_alone=alone,
        drained_in=drained_in,
        reference_per_second=reference,
        server_tracebacks=tracebacks,
    )


def _rate(recorder: Recorder, name: str) -> float:
    return len(recorder.latencies.get(name, [])) / recorder.duration if recorder.duration else 0.0


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def report_print(report: Report, args: argparse.Namespace) -> None:
    load = report.load
    rows = [
        {
            "request": name,
            "count": len(times),
            "per s": f"{len(times) / load.duration:.1f}",
            "p50 ms": _ms(statistics.median(times)),
            "p95 ms": _ms(percentile(times, 0.95)),
            "p99 ms": _ms(percentile(times, 0.99)),
        }
        for name, times in load.latencies.items()
    ]
    total = sum(len(t) for t in load.latencies.values())
    print_table(
        f"{args.founders} concurrent founders for {load.duration:.0f} s ({total / load.duration:.1f} requests/s)",
        rows,
    )
    calibration_rows = []
    for when, recorder in zip(("before", "after"), report.calibration, strict=True):
        times = recorder.latencies.get("POST calibration view", [])
        calibration_rows.append(
            {
                "calibration view (read 1 row, write 1 row)": f"{when} the founders, {args.founders} clients",
                "count": len(times),
                "per s": f"{_rate(recorder, 'POST calibration view'):.1f}",
                "p50 ms": _ms(statistics.median(times)) if times else "-",
                "p95 ms": _ms(percentile(times, 0.95)) if times else "-",
            }
        )
    print_table(f"Calibration ({args.calibration_seconds:.0f} s each)", calibration_rows)

    calibration_rate = statistics.mean(_rate(r, "POST calibration view") for r in report.calibration)
    submits = load.submits / load.duration
    print("\nSummary")
    if args.hammer_step:
        count, window, rate = hammer_rate(load)
        share = f" = {rate / calibration_rate:.3f} × calibration" if calibration_rate else ""
        print(f"  POST {args.hammer_step} hammered:{'':<{max(0, 17 - len(args.hammer_step))}}{rate:.1f}/s{share} "
              f"({count} in the last {window:.0f} s, every founder posting it)")  # fmt: skip
    print(f"  submits (complete applications):  {load.submits} = {submits:.2f}/s")
    for name in () if args.hammer_step else (f"POST {LATER_STEP}", "POST review = submit"):
        rate = _rate(load, name)
        share = f" = {rate / calibration_rate:.3f} × calibration" if calibration_rate else ""
        print(f"  {name + ':':34}{rate:.2f}/s{share}")
    print(f"  calibration view (mean):           {calibration_rate:.1f}/s")
    print(f"  errors:                            {report.errors}")
    for error in report.all_errors[:10]:
        print(f"    {error}")
    print(f"  duplicate references (DB):         {report.duplicate_references}")
    print(f"  duplicate submissions (DB):        {report.duplicate_submissions}")
    confirmed = report.warmup.submits + load.submits
    print(f"  cases in DB / submits confirmed:   {report.cases} / {confirmed} (lost: {report.lost_submits})")
    print(f"  server tracebacks in logs:         {sum(report.server_tracebacks.values())}")
    print(f"  PDFs by the worker during the run: {report.pdfs_per_second_load:.2f}/s "
          f"(concurrency {args.worker_concurrency}, sharing the CPU with gunicorn)")  # fmt: skip
    if report.pdfs_per_second_alone is not None:
        print(f"  PDFs by the worker after the run:  {report.pdfs_per_second_alone:.2f}/s (the backlog, worker alone)")
    drained = f"in {report.drained_in:.0f} s" if report.drained_in is not None else "NOT within the drain time"
    done = f"{report.pdfs} / {report.receipts} of {report.cases}"
    print(f"  PDFs / receipts:                   {done}, drained {drained}")
    if report.reference_per_second is not None:
        print(f"  reference document rate:           {report.reference_per_second:.2f}/s "
              f"({args.worker_concurrency} processes rendering tests/bench's reference document)")  # fmt: skip
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"  load client CPU:                   {usage.ru_utime + usage.ru_stime:.0f} s "
          f"(on the same {os.cpu_count()} CPUs as the servers)")  # fmt: skip


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--founders", type=int, default=50, help="concurrent founders (default 50)")
    parser.add_argument("--seconds", type=float, default=300, help="how long they file (default 300)")
    parser.add_argument("--web-workers", type=int, default=4, help="gunicorn sync workers (default 4)")
    parser.add_argument("--worker-concurrency", type=int, default=2, help="Celery worker processes (default 2)")
    parser.add_argument("--calibration-seconds", type=float, default=20, help="each calibration phase (default 20)")
    parser.add_argument("--drain-seconds", type=float, default=300, help="wait for the worker after the run")
    parser.add_argument("--reference-seconds", type=float, default=10, help="reference PDF rate; 0 skips it")
    parser.add_argument(
        "--database-server",
        default=os.environ.get("LOAD_DATABASE_SERVER", DEFAULT_SERVER),
        help=f"PostgreSQL server the run creates its database on (LOAD_DATABASE_SERVER, default {DEFAULT_SERVER})",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("LOAD_REDIS_URL", DEFAULT_REDIS),
        help=f"Redis for broker and cache (LOAD_REDIS_URL, default {DEFAULT_REDIS})",
    )
    parser.add_argument("--keep-database", action="store_true", help="keep the run's database for inspection")
    parser.add_argument(
        "--hammer-step",
        metavar="STEP",
        help="instead of filing applications, each founder walks a draft to STEP (e.g. reason) and posts that "
        "step again and again; prints the rate of its POSTs",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> Report:
    args = arguments(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()  # the founders' answers come from the test factories; no database is used here
    with tempfile.TemporaryDirectory(prefix="gruenderportal-load-") as folder:
        report = load_run(args, Path(folder))
    report_print(report, args)
    return report


def _terminate(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _terminate)  # stopped from outside: clean up as on Ctrl-C
    try:
        result = main()
    except KeyboardInterrupt:
        print("\nInterrupted: servers stopped, database dropped.", file=sys.stderr)
        sys.exit(130)
    failed = result.errors or result.duplicate_references or result.duplicate_submissions or result.lost_submits
    sys.exit(1 if failed else 0)
