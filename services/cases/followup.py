"""What follows a submit: routing, the PDF and the receipt, as a chain of small idempotent tasks."""

import logging
from datetime import timedelta

from celery import chain
from django.utils import timezone

from services.cases.models import Case
from services.cases.selectors import case_list_unprocessed
from services.cases.tasks import case_pdf_step, case_receipt_step, case_route_step
from services.pdf.services import case_pdf_generate

logger = logging.getLogger(__name__)


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
