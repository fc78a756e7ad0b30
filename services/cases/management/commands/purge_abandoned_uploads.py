from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from services.cases.services import attachments_purge_abandoned


class Command(BaseCommand):
    help = (
        "Delete uploads (file and record) that never became part of a case: their draft is gone, "
        "or it was submitted without them more than UPLOAD_ABANDONED_AFTER_HOURS ago. "
        "Celery beat runs the same every UPLOAD_PURGE_INTERVAL_SECONDS."
    )

    def handle(self, *args, **options):
        purged = attachments_purge_abandoned(older_than=timedelta(hours=settings.UPLOAD_ABANDONED_AFTER_HOURS))
        self.stdout.write(f"Purged {purged} abandoned upload(s).")
