from datetime import timedelta

from django.core.management.base import BaseCommand

from services.cases.tasks import case_followup_resume


class Command(BaseCommand):
    help = (
        "Queue the follow-up (routing, PDF, receipt) again for cases where it has not completed. "
        "Celery beat runs the same every CASE_RESUME_INTERVAL_SECONDS."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-minutes",
            type=int,
            default=10,
            help="Leave younger cases to the task queued at submit (default 10).",
        )

    def handle(self, *args, older_than_minutes: int, **options):
        queued = case_followup_resume(older_than=timedelta(minutes=older_than_minutes))
        self.stdout.write(f"queued {queued} case(s)")
