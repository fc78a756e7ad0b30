"""The outbox: a mail exists exactly when the change that causes it commits, a retry or a second
worker never sends it twice, and a crash between the mail server's acceptance and the commit
sends it once more with the same Message-ID (at-least-once, README "What is guaranteed")."""

import threading
from datetime import timedelta
from io import StringIO

import psycopg
import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import OperationalError, connection, transaction
from django.db.utils import InterfaceError
from django.utils import timezone

from portal.celery import app as celery_app
from services.cases.models import CaseEvent
from services.notifications.models import OutboxMail
from services.notifications.services import Delivery, outbox_mail_deliver, outbox_mail_queue, outbox_mails_resume
from tests.factories import CaseFactory

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks and dropped connections need PostgreSQL (set DATABASE_URL)"
)


def queue(**overrides) -> OutboxMail:
    return outbox_mail_queue(
        **{"to": "anna@example.org", "subject": "Ihr Antrag", "body": "Text", "kind": "test", **overrides}
    )


def test_a_queued_mail_is_sent_after_commit_with_a_stable_message_id(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queued = queue(language="en")
    assert mail.outbox == [], "nothing goes out before the commit"

    for callback in callbacks:
        callback()

    queued.refresh_from_db()
    assert queued.sent_at is not None and queued.attempts == 1
    (message,) = mail.outbox
    assert message.to == ["anna@example.org"]
    assert message.extra_headers["Message-ID"] == f"<{queued.public_id}@gruenderportal.example>"
    assert message.extra_headers["Content-Language"] == "en"


def test_a_rolled_back_change_leaves_no_mail(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            queue()
            raise RuntimeError("the change failed")

    assert not OutboxMail.objects.exists()
    assert mail.outbox == []


def test_a_dedupe_key_keeps_one_mail(db):
    first = queue(dedupe_key="receipt:1")
    second = queue(dedupe_key="receipt:1", subject="anders")

    assert first == second
    assert OutboxMail.objects.count() == 1


def test_the_subject_stays_one_line(db):
    assert queue(subject="Ihr Antrag\r\nBcc: evil@example.org").subject == "Ihr Antrag Bcc: evil@example.org"


def test_delivering_again_sends_nothing(db):
    queued = queue()

    assert outbox_mail_deliver(mail_id=queued.pk) == Delivery.SENT
    assert outbox_mail_deliver(mail_id=queued.pk) == Delivery.NOTHING_TO_DO
    assert len(mail.outbox) == 1


def test_a_mail_for_a_case_enters_the_case_timeline_when_sent(db):
    case = CaseFactory()
    queued = queue(case=case, kind="case_transition")

    outbox_mail_deliver(mail_id=queued.pk)

    assert case.events.get(kind=CaseEvent.Kind.NOTIFIED).data == {"mail": "case_transition"}


def test_an_expired_mail_is_abandoned_unsent_and_its_link_erased(db):
    queued = queue(body="https://portal.example/konto/bestaetigung/x/y/", expires_at=timezone.now())

    assert outbox_mail_deliver(mail_id=queued.pk) == Delivery.EXPIRED

    queued.refresh_from_db()
    assert queued.abandoned_at is not None and queued.sent_at is None and queued.body == ""
    assert mail.outbox == []


class RefusingBackend(EmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused: smtp for anna@example.org")


def test_a_refused_mail_counts_the_attempt_and_keeps_only_the_error_class(db, settings):
    settings.EMAIL_BACKEND = "tests.integration.test_outbox.RefusingBackend"
    queued = queue()

    assert outbox_mail_deliver(mail_id=queued.pk) == Delivery.FAILED

    queued.refresh_from_db()
    assert (queued.sent_at, queued.attempts, queued.last_error) == (None, 1, "ConnectionRefusedError")


def test_the_resume_sends_what_no_task_sent_and_leaves_young_mails_to_their_task(db):
    old = queue()
    young = queue()
    given_up = queue()
    OutboxMail.objects.filter(pk__in=[old.pk, given_up.pk]).update(created_at=timezone.now() - timedelta(minutes=5))
    OutboxMail.objects.filter(pk=given_up.pk).update(attempts=settings.OUTBOX_MAX_ATTEMPTS)

    assert outbox_mails_resume(older_than_seconds=120) == 1

    assert OutboxMail.objects.filter(sent_at__isnull=False).get() == old
    assert young.pk and len(mail.outbox) == 1


def test_the_resume_command_reports_what_it_queued(db):
    queue()
    out = StringIO()

    call_command("send_outbox_mail", "--older-than-seconds", "0", stdout=out)

    assert out.getvalue().strip() == "queued 1 mail(s)"


def test_admins_see_stuck_mails_without_their_text_and_cannot_change_them(admin_client, db):
    queued = queue(body="geheimer Link")

    listing = admin_client.get("/admin/notifications/outboxmail/")
    detail = admin_client.get(f"/admin/notifications/outboxmail/{queued.pk}/change/")

    assert listing.status_code == 200 and "test" in listing.content.decode()
    assert detail.status_code == 200 and "geheimer Link" not in detail.content.decode()
    assert admin_client.post(f"/admin/notifications/outboxmail/{queued.pk}/delete/").status_code == 403


def test_celery_is_configured_to_lose_no_task_and_beat_runs_the_resumes():
    celery_app.loader.import_default_modules()  # what a worker does at start: finds every app's tasks
    conf = celery_app.conf
    assert conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_default_queue == "gruenderportal"
    longest_task = max(
        task.time_limit or 0 for name, task in celery_app.tasks.items() if not name.startswith("celery.")
    )
    assert conf.broker_transport_options["visibility_timeout"] > settings.CELERY_RETRY_BACKOFF_MAX + longest_task
    scheduled = {entry["task"] for entry in conf.beat_schedule.values()}
    assert scheduled == {
        "services.cases.tasks.case_processing_resume",
        "services.notifications.tasks.outbox_mails_resume_task",
        "services.cases.tasks.uploads_purge_abandoned",
        "services.appointments.tasks.appointment_reminders_task",
        "forms.tasks.drafts_expiry_run",
        "services.reports.tasks.monthly_report_task",
    }
    assert scheduled <= set(celery_app.tasks)


class BlockingBackend(EmailBackend):
    """Holds the first send until released, so a second worker can try meanwhile."""

    entered = threading.Event()
    release = threading.Event()

    def send_messages(self, messages):
        BlockingBackend.entered.set()
        BlockingBackend.release.wait(timeout=10)
        return super().send_messages(messages)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_second_worker_skips_the_mail_the_first_is_sending(settings):
    settings.EMAIL_BACKEND = "tests.integration.test_outbox.BlockingBackend"
    BlockingBackend.entered.clear()
    BlockingBackend.release.clear()
    queued = OutboxMail.objects.create(to="anna@example.org", subject="s", body="b", kind="test")
    results = []

    def first_worker():
        try:
            results.append(outbox_mail_deliver(mail_id=queued.pk))
        finally:
            connection.close()

    thread = threading.Thread(target=first_worker)
    thread.start()
    assert BlockingBackend.entered.wait(timeout=10)
    second = outbox_mail_deliver(mail_id=queued.pk)
    BlockingBackend.release.set()
    thread.join(timeout=10)

    assert second == Delivery.NOTHING_TO_DO
    assert results == [Delivery.SENT]
    assert len(mail.outbox) == 1


class CrashAfterSendBackend(EmailBackend):
    """The mail server accepts the mail, then the worker's database connection dies before the
    commit: the worst moment (from the outside, the same as a process killed there)."""

    crashes = 1

    def send_messages(self, messages):
        sent = super().send_messages(messages)
        if CrashAfterSendBackend.crashes:
            CrashAfterSendBackend.crashes -= 1
            pid = connection.connection.info.backend_pid
            db = connection.settings_dict
            with psycopg.connect(
                host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"], dbname=db["NAME"]
            ) as killer:
                killer.execute("SELECT pg_terminate_backend(%s)", [pid])
        return sent


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_crash_between_send_and_commit_sends_once_more_with_the_same_message_id(settings):
    settings.EMAIL_BACKEND = "tests.integration.test_outbox.CrashAfterSendBackend"
    CrashAfterSendBackend.crashes = 1
    queued = OutboxMail.objects.create(to="anna@example.org", subject="s", body="b", kind="test")

    with pytest.raises((OperationalError, InterfaceError)):
        outbox_mail_deliver(mail_id=queued.pk)
    connection.close()  # what Celery does after a task whose connection broke
    assert OutboxMail.objects.get(pk=queued.pk).sent_at is None, "the mark did not commit"

    assert outbox_mail_deliver(mail_id=queued.pk) == Delivery.SENT
    assert outbox_mail_deliver(mail_id=queued.pk) == Delivery.NOTHING_TO_DO

    assert len(mail.outbox) == 2, "at-least-once: the accepted mail goes out again"
    assert len({message.extra_headers["Message-ID"] for message in mail.outbox}) == 1
    assert OutboxMail.objects.get(pk=queued.pk).attempts == 1, "the crashed attempt's count was rolled back too"
