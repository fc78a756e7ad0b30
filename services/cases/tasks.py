"""The follow-up of a submit as a chain of small tasks (``case_followup_start``), and the
periodic jobs Celery beat runs (``CELERY_BEAT_SCHEDULE`` in the settings).

Every step is idempotent: a retry, a redelivery after a killed worker or a resume repeats
nothing that already happened. Each has a soft time limit (the step fails and is retried) and
a hard one (the pool process is replaced), because WeasyPrint can hang on a document.
"""

import logging
from datetime import timedelta

from celery import chain, shared_task
from django.conf import settings
from django.utils import timezone

from services.cases.models import Case
from services.cases.selectors import case_list_unprocessed
from services.cases.services import attachments_purge_abandoned
from services.notifications.services import case_receipt_queue
from services.pdf.services import case_pdf_generate
from services.routing.services import case_route

logger = logging.getLogger(__name__)

STEP_RETRY = {
    "autoretry_for": (Exception,),
    "retry_backoff": True,
    # Below the broker's visibility timeout: a retry waiting longer would be delivered twice.
    "retry_backoff_max": settings.CELERY_RETRY_BACKOFF_MAX,
    "max_retries": 8,
}


@shared_task(**STEP_RETRY, soft_time_limit=30, time_limit=60)
def case_route_step(*, case_id: int) -> None:
    case_route(case_id=case_id)


@shared_task(**STEP_RETRY, soft_time_limit=settings.PDF_SOFT_TIME_LIMIT, time_limit=settings.PDF_TIME_LIMIT)
def case_pdf_step(*, case_id: int) -> None:
    case_pdf_generate(case_id=case_id)


@shared_task(**STEP_RETRY, soft_time_limit=30, time_limit=60)
def case_receipt_step(*, case_id: int) -> None:
    case_receipt_queue(case_id=case_id)


def case_followup_start(*, case_id: int) -> None:
    """Queue the chain for one case. Routing comes first (the PDF names the department), the
    receipt last (it links the PDF). Raises if the broker is unreachable; the caller decides."""
    chain(
        case_route_step.si(case_id=case_id),
        case_pdf_step.si(case_id=case_id),
        case_receipt_step.si(case_id=case_id),
    ).apply_async()


def case_followup_resume(*, older_than: timedelta) -> int:
    """Queue the chain again for cases submitted more than ``older_than`` ago whose follow-up has
    not completed (broker down at submit, worker killed, retries used up). Returns how many."""
    case_ids = list(case_list_unprocessed(submitted_before=timezone.now() - older_than).values_list("pk", flat=True))
    for case_id in case_ids:
        case_followup_start(case_id=case_id)
    if case_ids:
        logger.info("Resumed the follow-up of %s case(s)", len(case_ids))
    return len(case_ids)


@shared_task(soft_time_limit=60, time_limit=120)
def case_processing_resume(*, older_than_seconds: int | None = None) -> int:
    """Celery beat: start the follow-up again for cases where it has not completed."""
    if older_than_seconds is None:
        older_than_seconds = settings.CASE_RESUME_AFTER_SECONDS
    return case_followup_resume(older_than=timedelta(seconds=older_than_seconds))


@shared_task(soft_time_limit=300, time_limit=360)
def uploads_purge_abandoned() -> int:
    """Celery beat: delete uploads that never became part of a case."""
    return attachments_purge_abandoned(older_than=timedelta(hours=settings.UPLOAD_ABANDONED_AFTER_HOURS))


def case_pdf_ensure(*, case: Case) -> bool:
    """Whether the case's PDF can be handed out, rendering it now if the follow-up has not yet.

    A routed case whose PDF is missing (its chain still queued or retrying, or a demo case, whose
    PDFs nobody renders ahead) gets it through the follow-up's own idempotent step, so a clerk or
    the founder who opens it waits for the rendering instead of finding nothing; a step running
    at the same time stores its PDF once. Before routing there is none yet: the PDF names the
    department. ``case.pdf`` is current afterwards.
    """
    if case.pdf:
        return True
    if case.department_id is None:
        return False
    case_pdf_generate(case_id=case.pk)
    case.refresh_from_db(fields=["pdf", "pdf_sha256"])
    return bool(case.pdf)
