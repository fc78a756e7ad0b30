"""Scale-out: with a broker URL, a submit's follow-up runs in a separate Celery worker
process that consumes from Redis and shares the PostgreSQL database, as in production."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from forms.applications.gewerbeanmeldung import GEWERBEANMELDUNG
from forms.services import draft_submit
from portal.celery import app as celery_app
from services.cases.models import Case, CaseEvent
from tests.factories import DraftFactory, gewerbeanmeldung_answers

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
BASE_DIR = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="a worker process needs a database it can share: set DATABASE_URL to PostgreSQL (as CI does)",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def redis_broker():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: start redis-server to run this test")
    return REDIS_URL


@pytest.fixture
def worker_process(redis_broker, tmp_path):
    """``celery worker`` in its own process, on the test database and this test's media folder."""
    db = connection.settings_dict
    # A queue of its own: no other worker on this Redis (say, one left over by an aborted run) takes the task;
    # the worker sends the chain's next steps to its default queue, so that is the same one.
    queue = f"test-{uuid.uuid4().hex}"
    mail_folder = tmp_path / "mail"
    mail_folder.mkdir()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": redis_broker,
        "SECRET_KEY": "test-worker-secret",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        # django-environ drops one leading slash of the path: "filemail://" + "//tmp/…" keeps it absolute.
        "EMAIL_URL": f"filemail:///{mail_folder}",
        "AWS_STORAGE_BUCKET_NAME": "",
        "CELERY_DEFAULT_QUEUE": queue,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo", "--loglevel=WARNING", "-Q", queue],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    previous = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")}
    celery_app.conf.update(broker_url=redis_broker, task_always_eager=False, task_default_queue=queue)
    _connection_pools_drop()
    try:
        yield mail_folder
    finally:
        celery_app.conf.update(previous)
        _connection_pools_drop()
        process.terminate()
        _, errors = process.communicate(timeout=30)
        assert b"Traceback" not in errors, errors.decode(errors="replace")


def _connection_pools_drop() -> None:
    # Celery keeps the broker connection pools it made first (for the in-memory broker of
    # the embedded default, once any test queued a task); without this it would keep
    # publishing there after the broker URL changed.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def test_a_worker_process_routes_renders_and_sends_the_receipt(worker_process):
    draft = DraftFactory()
    answers = gewerbeanmeldung_answers(legal_form="einzelunternehmen")
    case = draft_submit(
        draft=draft,
        applicant=draft.owner,
        answers=answers,
        summary=GEWERBEANMELDUNG.summary_snapshot(answers),
        form_version=GEWERBEANMELDUNG.version,
        title="Café Rheinblick",
        search_terms=[],
        document_codes=set(),
    )

    deadline = time.monotonic() + 90  # the worker starts while the task waits in Redis
    while time.monotonic() < deadline and Case.objects.get(pk=case.pk).receipt_sent_at is None:
        time.sleep(0.25)

    case = Case.objects.get(pk=case.pk)
    assert case.department is not None
    assert case.pdf and case.pdf_sha256
    assert case.receipt_sent_at is not None
    assert list(case.events.values_list("kind", flat=True)) == [
        CaseEvent.Kind.SUBMITTED,
        CaseEvent.Kind.DUE_DATE_SET,
        CaseEvent.Kind.ROUTED,
        CaseEvent.Kind.PDF_RENDERED,
        CaseEvent.Kind.RECEIPT_SENT,
    ]
    mails = list(worker_process.iterdir())
    assert len(mails) == 1 and case.reference in mails[0].read_text()
