from django.core.management.base import BaseCommand

from services.catalog.models import Service
from services.catalog.services import catalog_load


class Command(BaseCommand):
    help = "Create or update the service catalog of the demo city (safe to run again)."

    def handle(self, *args, **options):
        catalog_load()
        self.stdout.write(self.style.SUCCESS(f"Catalog loaded: {Service.objects.count()} services."))
