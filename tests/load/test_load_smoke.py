"""The load harness itself works: a few founders file for a few seconds against the real stack
(gunicorn, a PostgreSQL database of the run's own, a Celery worker on Redis), with no error,
no duplicate and no lost submit, and the figures are printed. ``make load`` is the long run."""

import os
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.load.run import arguments, load_run, report_print
from tests.load.stack import services_check

pytestmark = pytest.mark.load


def _database_server() -> str:
    # The server the suite runs on (CI: the local PostgreSQL); the run creates its own database there.
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(url)
        return urlunsplit((parts.scheme, parts.netloc, "", "", ""))
    return os.environ.get("LOAD_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")


@pytest.fixture
def load_arguments():
    server = _database_server()
    redis_url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    missing = services_check(server_url=server, redis_url=redis_url)
    if missing:
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(f"{missing} (the load harness needs PostgreSQL and Redis)")
    return arguments(
        [
            "--founders", "3",
            "--seconds", "15",
            "--web-workers", "2",
            "--worker-concurrency", "1",
            "--calibration-seconds", "2",
            "--drain-seconds", "90",
            "--reference-seconds", "0",
            "--database-server", server,
            "--redis-url", redis_url,
        ]
    )  # fmt: skip


def test_founders_file_without_errors_duplicates_or_losses_and_figures_are_printed(load_arguments, tmp_path, capsys):
    report = load_run(load_arguments, tmp_path)
    report_print(report, load_arguments)
    printed = capsys.readouterr().out

    assert report.errors == 0, report.load.errors
    # The warm-up files one application per founder; on a busy machine the short measured phase may file none.
    assert report.warmup.submits == 3, "every founder filed a complete application"
    assert report.duplicate_references == 0 and report.duplicate_submissions == 0
    assert report.lost_submits == 0
    assert sum(report.server_tracebacks.values()) == 0
    assert report.pdfs == report.cases and report.receipts == report.cases, "the worker finished every case"
    for figure in ("POST reason", "POST review = submit", "p99 ms", "calibration view", "PDFs by the worker"):
        assert figure in printed
