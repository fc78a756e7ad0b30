"""Faults during submits, with the real parts: Celery workers (prefork, embedded beat) on a private
Redis, PostgreSQL, a moto S3 server and a mail folder. Each test breaks one part while founders
submit, brings it back, and then counts: every submission has its case, its PDF in S3, its
routing and exactly one receipt (README, "What is guaranteed").
"""

import threading
import time

import psycopg
import pytest
import redis
from django.db import connection

from forms.applications.gewerbeanmeldung import GEWERBEANMELDUNG
from forms.services import draft_submit
from portal.accounts.services import user_signup
from services.cases.models import Case, CaseEvent
from services.notifications.models import OutboxMail
from services.notifications.services import RECEIPT, outbox_message_id
from tests.factories import DraftFactory, gewerbeanmeldung_answers
from tests.fault.conftest import mails_delivered, wait_for

pytestmark = [
    pytest.mark.fault,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="workers share the database with the test: set DATABASE_URL to PostgreSQL (as CI does)",
    ),
    pytest.mark.django_db(transaction=True),
]

RECOVERY_SECONDS = 60


@pytest.fixture
def answers():
    return gewerbeanmeldung_answers(legal_form="einzelunternehmen")


def submit(answers) -> Case:
    draft = DraftFactory()
    return draft_submit(
        draft=draft,
        applicant=draft.owner,
        answers=answers,
        summary=GEWERBEANMELDUNG.summary_snapshot(answers),
        form_version=GEWERBEANMELDUNG.version,
        title="Café Rheinblick",
        search_terms=[],
        document_codes=set(),
    )


def all_complete(cases: list[Case]) -> bool:
    done = Case.objects.filter(
        pk__in=[case.pk for case in cases], department__isnull=False, receipt_sent_at__isnull=False
    ).exclude(pdf="")
    return done.count() == len(cases)


def assert_complete(cases: list[Case], *, s3_server, mail_folder, repeats_allowed: bool = False) -> None:
    """Case, PDF in S3, routing, one receipt in the outbox marked sent and delivered once
    (or, where a crash may hit the moment between send and commit, again with the same Message-ID)."""
    wait_for(lambda: all_complete(cases), timeout=RECOVERY_SECONDS, what="every case's follow-up")
    delivered = wait_for(
        lambda: (found := mails_delivered(mail_folder)) and all(c.applicant.email in found for c in cases) and found,
        timeout=10,
        what="the receipts in the mail folder",
    )
    for case in Case.objects.filter(pk__in=[case.pk for case in cases]).select_related("applicant"):
        assert s3_server.has(case.pdf.name), case.reference
        kinds = list(case.events.values_list("kind", flat=True))
        for kind in (CaseEvent.Kind.ROUTED, CaseEvent.Kind.PDF_RENDERED, CaseEvent.Kind.RECEIPT_SENT):
            assert kinds.count(kind) == 1, (case.reference, kinds)
        (receipt,) = OutboxMail.objects.filter(case=case, kind=RECEIPT)
        assert receipt.sent_at is not None
        message_ids = delivered[case.applicant.email]
        assert set(message_ids) == {outbox_message_id(mail=receipt)}, case.reference
        if not repeats_allowed:
            assert len(message_ids) == 1, (case.reference, message_ids)


def test_s3_down_during_submits(worker, s3_server, mail_folder, answers):
    s3_server.stop()
    try:
        cases = [submit(answers) for _ in range(2)]
        time.sleep(2)  # the PDF steps fail against the closed port and wait for their retry
        assert not Case.objects.exclude(pdf="").exists()
    finally:
        s3_server.start()

    assert_complete(cases, s3_server=s3_server, mail_folder=mail_folder)


def test_broker_down_during_submits(worker, broker, s3_server, mail_folder, answers):
    # Redis vanishing under a task in flight has once crashed the worker's main process inside
    # kombu (restoring unacknowledged messages over the lost connection; a supervisor restarts it
    # in production). This test is about the web side's submits, so it starts from an idle worker.
    client = redis.Redis.from_url(broker.url)
    wait_for(lambda: client.hlen("unacked") == 0, timeout=20, what="the worker to be idle")
    broker.stop()  # everything Redis held is gone, as after a crash without persistence
    try:
        # The submits commit and answer; queueing their follow-up fails and is only logged.
        started = time.monotonic()
        cases = [submit(answers) for _ in range(2)]
        assert time.monotonic() - started < 10, "a submit does not wait long for a broker that is down"
        assert Case.objects.count() == 2
        # An account mail queued meanwhile is no longer only logged: it waits in the outbox.
        user_signup(email="neu.gruenderin@example.org", password="Rheinufer-Laterne-47", full_name="Nina Neu")
    finally:
        broker.start()

    # The worker reconnects; its beat finds the cases whose follow-up never started, and the mails.
    assert_complete(cases, s3_server=s3_server, mail_folder=mail_folder)
    wait_for(lambda: "neu.gruenderin@example.org" in mails_delivered(mail_folder), timeout=30, what="the account mail")
    assert len(mails_delivered(mail_folder)["neu.gruenderin@example.org"]) == 1


def test_worker_killed_mid_task_and_restarted(worker, broker, s3_server, mail_folder, answers, fault_folder):
    cases = [submit(answers) for _ in range(2)]
    marker = fault_folder / f"pdf-{cases[0].pk}"
    wait_for(marker.exists, timeout=RECOVERY_SECONDS, what="the first PDF being rendered")
    worker.kill()
    assert not Case.objects.filter(pk=cases[0].pk).exclude(pdf="").exists()
    # acks_late: the task a dead worker held stays in Redis, to be delivered again (visibility timeout).
    assert redis.Redis.from_url(broker.url).hlen("unacked") >= 1

    worker.start()

    assert_complete(cases, s3_server=s3_server, mail_folder=mail_folder)


def test_pdf_rendering_hangs(worker, s3_server, mail_folder, answers, fault_folder):
    (fault_folder / "pdf-hangs").touch()

    case = submit(answers)

    # The hard time limit replaces the stuck process; the beat's resume starts the chain again.
    assert_complete([case], s3_server=s3_server, mail_folder=mail_folder)
    assert not (fault_folder / "pdf-hangs").exists()
    assert "Hard time limit (9s) exceeded for services.cases.tasks.case_pdf_step" in (
        fault_folder / "worker.log"
    ).read_text(errors="replace")


def test_postgresql_connections_dropped_during_submits(worker, s3_server, mail_folder, answers):
    stop = threading.Event()
    dropped = []

    def drop_connections():
        db = connection.settings_dict
        with psycopg.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=db["NAME"]) as killer:
            killer.autocommit = True
            while not stop.is_set():
                rows = killer.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> %s",
                    [own_pid],
                ).fetchall()
                dropped.extend(row for row in rows if row[0])
                time.sleep(0.2)

    connection.ensure_connection()
    own_pid = connection.connection.info.backend_pid  # the submitting process stays connected
    dropper = threading.Thread(target=drop_connections)
    dropper.start()
    try:
        cases = [submit(answers) for _ in range(2)]
        wait_for(lambda: len(dropped) >= 3, timeout=RECOVERY_SECONDS, what="worker connections to drop")
    finally:
        stop.set()
        dropper.join()
    assert dropped, "the worker's connections were dropped"

    # A drop right after the mail server accepted a receipt and before its mark committed
    # sends it again: at-least-once, with the same Message-ID.
    assert_complete(cases, s3_server=s3_server, mail_folder=mail_folder, repeats_allowed=True)


def test_worker_killed_between_sending_a_mail_and_marking_it_sent(
    worker, s3_server, mail_folder, answers, fault_folder
):
    flag = fault_folder / "crash-after-send"
    flag.touch()

    case = submit(answers)

    assert_complete([case], s3_server=s3_server, mail_folder=mail_folder, repeats_allowed=True)
    assert not flag.exists(), "the worker died after the send"
    (receipt,) = OutboxMail.objects.filter(case=case)
    assert mails_delivered(mail_folder)[case.applicant.email] == [outbox_message_id(mail=receipt)] * 2
