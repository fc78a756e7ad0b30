"""``celery worker`` for the fault tests, with two hooks the tests switch on by environment:

- ``FAULT_PDF_DELAY_SECONDS`` and ``FAULT_MARKER_DIR``: rendering a PDF first leaves a marker
  file ``pdf-<case id>`` and waits, so that a test can kill the worker in the middle of a task.
- ``FAULT_MARKER_DIR``: the worker leaves ``ready-<pid>`` there once it consumes; while a file
  ``pdf-hangs`` is there, the next PDF rendering removes it and hangs past every time limit.
- ``FAULT_CRASH_AFTER_SEND_FLAG``: while this file exists, the process that hands a mail to the
  mail server dies at once afterwards (SIGKILL, removing the flag first): the worst moment for
  the outbox, after the mail left and before its mark commits.

Usage: ``python -m tests.fault.worker worker --loglevel=WARNING …`` (the arguments of ``celery``).
"""

import os
import signal
import sys
import time
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_ready
from django.core.mail.backends.filebased import EmailBackend


class CrashAfterSendBackend(EmailBackend):
    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        flag = Path(os.environ["FAULT_CRASH_AFTER_SEND_FLAG"])
        if flag.exists():
            flag.unlink()
            os.kill(os.getpid(), signal.SIGKILL)
        return sent


def _pdf_render_slowed(render, *, delay: float, marker_dir: Path):
    hang_flag = marker_dir / "pdf-hangs"

    def render_slowly(*, case):
        (marker_dir / f"pdf-{case.pk}").touch()
        if hang_flag.exists():
            hang_flag.unlink()
            _hang()
        time.sleep(delay)
        return render(case=case)

    return render_slowly


def _hang() -> None:
    # Like WeasyPrint stuck in native code, which never sees the soft limit's exception:
    # only the hard limit (the pool process is killed) ends it.
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            time.sleep(deadline - time.monotonic())
        except SoftTimeLimitExceeded:
            continue


def main() -> None:
    import django

    from portal.celery import app

    django.setup()
    from django.conf import settings

    from services.pdf import services as pdf_services

    delay = float(os.environ.get("FAULT_PDF_DELAY_SECONDS", "0"))
    if delay:
        pdf_services.case_pdf_render = _pdf_render_slowed(
            pdf_services.case_pdf_render, delay=delay, marker_dir=Path(os.environ["FAULT_MARKER_DIR"])
        )
    marker_dir = Path(os.environ["FAULT_MARKER_DIR"])

    @worker_ready.connect
    def ready(**kwargs):
        (marker_dir / f"ready-{os.getpid()}").touch()

    if os.environ.get("FAULT_CRASH_AFTER_SEND_FLAG"):
        settings.EMAIL_BACKEND = "tests.fault.worker.CrashAfterSendBackend"
    app.worker_main(argv=sys.argv[1:])


if __name__ == "__main__":
    main()
