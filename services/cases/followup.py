"""What follows a submit: routing, the PDF and the receipt, as a chain of small idempotent tasks."""

import logging
from datetime import timedelta

from celery import chain
from django.utils import timezone

from services.cases.selectors import case_list_unprocessed
from services.cases.tasks import case_pdf_step, case_receipt_step, case_route_step

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
