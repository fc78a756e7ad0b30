from django.db import migrations

# A search's list (open cases by default) and the counts of its open statuses read only the open
# cases' matches through this partial trigram index: a common fragment ("müll") matches tens of
# thousands of decided cases, each of which the full index (0004) makes PostgreSQL check in the
# table. PostgreSQL only, kept out of the model state like 0004's. The statuses are
# services.cases.models.CASE_OPEN_STATUSES as of this migration.


def search_index_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS case_open_search_trgm_idx ON cases_case USING gin (search_text gin_trgm_ops) "
            "WHERE status IN ('submitted', 'in_review', 'information_requested')"
        )


def search_index_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS case_open_search_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_inbox_assignee_index"),
    ]

    operations = [
        migrations.RunPython(search_index_create, search_index_drop, elidable=False),
    ]
