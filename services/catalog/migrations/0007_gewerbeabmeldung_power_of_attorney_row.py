"""The Gewerbeabmeldung's power of attorney is asked as the wizard's "further documents" (code
"other") since it went online; catalogs loaded before keep a row under the old code, which the
start page would list a second time and no wizard field fills."""

from django.db import migrations


def old_row_delete(apps, schema_editor):
    DocumentRequirement = apps.get_model("catalog", "DocumentRequirement")
    DocumentRequirement.objects.filter(service__slug="gewerbeabmeldung", code="power_of_attorney").delete()


class Migration(migrations.Migration):
    dependencies = [("catalog", "0006_district_postcode")]

    operations = [migrations.RunPython(old_row_delete, migrations.RunPython.noop)]
