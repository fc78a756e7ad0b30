from celery import shared_task

from services.notifications.services import case_receipt_send
from services.pdf.services import case_pdf_generate
from services.routing.services import case_route


@shared_task(autoretry_for=(Exception,), retry_backoff=True, retry_backoff_max=600, max_retries=8)
def case_process_submission(*, case_id: int) -> None:
    """Everything that follows a submit. Each step is idempotent, so a retry
    after a failure half-way repeats nothing that already happened."""
    case_route(case_id=case_id)
    case_pdf_generate(case_id=case_id)
    case_receipt_send(case_id=case_id)
