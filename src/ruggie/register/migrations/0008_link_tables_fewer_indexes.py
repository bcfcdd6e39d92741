"""Drop the link tables' single-column indexes on their first column: the unique index
(supplier_id, tag_id) / (site_id, commodity_id) Django also creates answers every look-up
by that column, and each extra index is written for every link an import stores.

Django creates these indexes itself for the auto-created through tables (there is no
``db_index`` to switch off there), so they are dropped by name; the names are the same
on SQLite and PostgreSQL.
"""

from django.db import migrations

INDEXES = [
    ("register_site_commodities_site_id_e8ed2d08", "register_site_commodities", "site_id"),
    ("register_supplier_tags_supplier_id_f28b670a", "register_supplier_tags", "supplier_id"),
]


class Migration(migrations.Migration):
    dependencies = [("register", "0007_keys_checked_by_the_orm")]

    operations = [
        migrations.RunSQL(
            sql=f'DROP INDEX IF EXISTS "{name}"',
            reverse_sql=f'CREATE INDEX "{name}" ON "{table}" ("{column}")',
        )
        for name, table, column in INDEXES
    ]
