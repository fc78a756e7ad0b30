from django.core.management.base import BaseCommand

from forms.draft_expiry import draft_reminders_queue, drafts_expire


class Command(BaseCommand):
    help = (
        "Remind the owners of open drafts that expire within DRAFT_EXPIRY_REMINDER_DAYS (once), then delete "
        "drafts nobody changed for DRAFT_EXPIRY_DAYS with their uploads. "
        "Celery beat runs the same every DRAFT_EXPIRY_INTERVAL_SECONDS."
    )

    def handle(self, *args, **options):
        reminded = draft_reminders_queue()
        expired = drafts_expire()
        self.stdout.write(f"Drafts about to expire (reminded): {reminded}; expired and deleted: {expired}.")
