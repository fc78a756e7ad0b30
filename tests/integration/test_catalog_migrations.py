"""Data migrations of the catalog, run forward over a database in the state before them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("catalog", "0006_district_postcode")]
AFTER = [("catalog", "0007_gewerbeabmeldung_power_of_attorney_row")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_the_gewerbeabmeldungs_old_power_of_attorney_row_goes_and_other_services_keep_theirs():
    apps = migrate(BEFORE)
    Department = apps.get_model("catalog", "Department")
    Service = apps.get_model("catalog", "Service")
    DocumentRequirement = apps.get_model("catalog", "DocumentRequirement")
    department = Department.objects.create(code="gewerbeamt", name="Gewerbeamt")
    for slug, prefix in (("gewerbeabmeldung", "GAB"), ("gaststaettenerlaubnis", "GST")):
        service = Service.objects.create(
            slug=slug, name=slug, department=department, processing_days=5, reference_prefix=prefix
        )
        for code in ("power_of_attorney", "other"):
            DocumentRequirement.objects.create(service=service, code=code, name=code)

    apps = migrate(AFTER)

    kept = apps.get_model("catalog", "DocumentRequirement").objects.values_list("service__slug", "code")
    assert sorted(kept) == [
        ("gaststaettenerlaubnis", "other"),
        ("gaststaettenerlaubnis", "power_of_attorney"),
        ("gewerbeabmeldung", "other"),
    ]
