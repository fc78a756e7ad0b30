from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.accounts.models import Role
from portal.accounts.services import DEMO_PASSWORD, demo_users_seed
from portal.demo import demo_cases_seed, demo_staff_seed
from services.appointments.demo import demo_appointments_seed
from services.catalog.services import catalog_load
from services.statistics.demo import demo_history_seed


class Command(BaseCommand):
    help = (
        "Load the catalog, create or reset the demo accounts (all with the same known password) and give "
        "every department an inbox of invented cases; running it again adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even without DEBUG (never on a live system: the password is public).",
        )

    def handle(self, *args, force: bool = False, **options):
        if not (settings.DEBUG or force):
            raise CommandError("Demo accounts have a published password. Refused without DEBUG=true or --force.")
        catalog_load()
        users = demo_users_seed(password=DEMO_PASSWORD)
        founder = next(user for user in users if user.role == Role.FOUNDER)
        users += demo_staff_seed(password=DEMO_PASSWORD)
        added = demo_cases_seed(founder=founder)
        demo_appointments_seed()
        history = demo_history_seed()
        width = max(len(user.email) for user in users)
        role_width = max(len(user.role) for user in users)
        self.stdout.write(f"{'E-mail':<{width}}  {'Role':<{role_width}}  Password")
        for user in users:
            self.stdout.write(f"{user.email:<{width}}  {user.role:<{role_width}}  {DEMO_PASSWORD}")
        self.stdout.write(self.style.SUCCESS(f"{len(users)} demo accounts ready."))
        self.stdout.write(
            self.style.SUCCESS(
                f"{added} demo cases added (invented people, every status, every department; "
                f"some filed by {founder.email})."
            )
        )
        self.stdout.write(self.style.SUCCESS(f"{history} decided cases of the last two years added for the agency."))
