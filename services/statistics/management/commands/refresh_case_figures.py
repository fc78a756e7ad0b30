from django.core.management.base import BaseCommand

from services.statistics.funnel_rollup import funnel_rollups_rebuild
from services.statistics.rollups import figure_rollups_rebuild
from services.statistics.services import case_figures_refresh


class Command(BaseCommand):
    help = (
        "Bring the agency's figure rows up to date: for cases without one (after the first migration, or "
        "rows written in bulk), or with --all for every case; then rebuild the dashboard's daily and monthly "
        "rollups from them and the funnel's monthly rollup from the journeys."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", dest="rebuild_all", help="Rebuild every case's row, not only missing ones."
        )

    def handle(self, *args, rebuild_all: bool = False, **options):
        written = case_figures_refresh(missing_only=not rebuild_all)
        self.stdout.write(self.style.SUCCESS(f"{written} case figure rows written."))
        days, months = figure_rollups_rebuild()
        funnel = funnel_rollups_rebuild()
        self.stdout.write(
            self.style.SUCCESS(f"Rollups rebuilt: {days} daily and {months} monthly cells, {funnel} funnel cells.")
        )
