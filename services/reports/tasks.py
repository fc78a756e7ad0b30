from celery import shared_task
from django.conf import settings

from services.reports.services import monthly_report_last_month_ensure


@shared_task(
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=settings.CELERY_RETRY_BACKOFF_MAX,
    max_retries=8,
    soft_time_limit=settings.PDF_SOFT_TIME_LIMIT,
    time_limit=settings.PDF_TIME_LIMIT,
)
def monthly_report_task() -> str:
    """Celery beat, in the first days of every month: keep last month's report; a second run (or the
    next day's) finds it kept and changes nothing."""
    return f"{monthly_report_last_month_ensure().month:%Y-%m}"
