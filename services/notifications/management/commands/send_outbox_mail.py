from django.core.management.base import BaseCommand

from services.notifications.services import outbox_mails_resume


class Command(BaseCommand):
    help = (
        "Send the outbox mails no task has sent (broker down, worker killed, mail server refused). "
        "Celery beat runs the same every OUTBOX_RESUME_INTERVAL_SECONDS."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-seconds",
            type=int,
            default=120,
            help="Leave younger mails to the task queued when they were written (default 120).",
        )

    def handle(self, *args, older_than_seconds: int, **options):
        queued = outbox_mails_resume(older_than_seconds=older_than_seconds)
        self.stdout.write(f"queued {queued} mail(s)")
