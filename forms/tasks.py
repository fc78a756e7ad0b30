from celery import shared_task

from forms.draft_expiry import draft_reminders_queue, drafts_expire


@shared_task(soft_time_limit=300, time_limit=360)
def drafts_expiry_run() -> dict[str, int]:
    """Celery beat: remind the owners of drafts about to expire, then delete the expired ones."""
    return {"reminded": draft_reminders_queue(), "expired": drafts_expire()}
