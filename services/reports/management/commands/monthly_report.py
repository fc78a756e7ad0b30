from datetime import datetime

from django.core.management.base import BaseCommand, CommandError

from services.reports.services import MonthNotOver, monthly_report_ensure, monthly_report_regenerate


class Command(BaseCommand):
    help = (
        "Keep the agency's monthly report of a past month (rendered once; safe to run again). "
        "--regenerate renders it again and replaces the kept one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="the month as YYYY-MM, e.g. 2026-10")
        parser.add_argument("--regenerate", action="store_true", help="replace the kept report")

    def handle(self, *args, month: str, regenerate: bool, **options):
        try:
            first = datetime.strptime(month, "%Y-%m").date()
        except ValueError as exc:
            raise CommandError("--month must look like 2026-10") from exc
        try:
            report = (monthly_report_regenerate if regenerate else monthly_report_ensure)(month=first)
        except MonthNotOver as exc:
            raise CommandError(f"{month} is not over yet; its report is not kept") from exc
        self.stdout.write(self.style.SUCCESS(f"Report {report.month:%Y-%m}: {report.file.name} ({report.size} bytes)"))
