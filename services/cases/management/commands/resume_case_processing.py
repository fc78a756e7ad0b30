from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from services.cases.selectors import case_list_unprocessed
from services.cases.tasks import case_process_submission


class Command(BaseCommand):
    help = "Queue the follow-up (routing, PDF, receipt) again for cases where it has not completed."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-minutes",
            type=int,
            default=10,
            help="Leave younger cases to the task queued at submit (default 10).",
        )

    def handle(self, *args, older_than_minutes: int, **options):
        cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
        case_ids = list(case_list_unprocessed(submitted_before=cutoff).values_list("pk", flat=True))
        for case_id in case_ids:
            case_process_submission.delay(case_id=case_id)
        self.stdout.write(f"queued {len(case_ids)} case(s)")
