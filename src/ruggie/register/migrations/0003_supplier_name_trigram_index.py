"""A trigram index for substring search of supplier names on PostgreSQL.

SQLite has no equivalent; there the search scans names, which stays fast at 100,000
suppliers. The extension pg_trgm ships with PostgreSQL's contrib package.
"""

from django.db import migrations


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS register_supplier_name_trgm "
        "ON register_supplier USING gin (name_normalised gin_trgm_ops)"
    )


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS register_supplier_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("register", "0002_commodity_aliases")]
    operations = [migrations.RunPython(create, drop)]
