"""Scale-out: with a broker URL, a submit's follow-up runs on a Celery worker over Redis."""

import os
import time

import pytest
import redis

from portal.celery import app as celery_app
from services.cases.models import Case, CaseEvent
from services.cases.services import case_submit
from tests.factories import DraftFactory, gewerbeanmeldung_answers

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def redis_broker():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: start redis-server to run this test")
    # Drop messages a crashed run may have left, but keep kombu's queue bindings: a producer
    # that declared its queue once does not declare it again, and would publish into nothing.
    client.delete("celery")
    return REDIS_URL


@pytest.fixture
def celery_worker_on_redis(redis_broker, settings):
    from celery.contrib.testing.worker import start_worker

    previous = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    celery_app.conf.update(broker_url=redis_broker, task_always_eager=False)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10, loglevel="INFO"):
            yield
    finally:
        celery_app.conf.update(previous)


@pytest.mark.django_db(transaction=True)
def test_a_worker_routes_renders_and_sends_the_receipt(celery_worker_on_redis, mailoutbox):
    draft = DraftFactory()
    case = case_submit(
        draft=draft,
        applicant=draft.owner,
        answers=gewerbeanmeldung_answers(legal_form="einzelunternehmen"),
        title="Café Rheinblick",
        document_codes=set(),
    )

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        case = Case.objects.get(pk=case.pk)
        if case.receipt_sent_at is not None:
            break
        time.sleep(0.2)

    assert case.department is not None
    assert case.pdf and case.pdf_sha256
    assert case.receipt_sent_at is not None
    assert list(case.events.values_list("kind", flat=True)) == [
        CaseEvent.Kind.SUBMITTED,
        CaseEvent.Kind.ROUTED,
        CaseEvent.Kind.PDF_RENDERED,
        CaseEvent.Kind.RECEIPT_SENT,
    ]
    assert len(mailoutbox) == 1
