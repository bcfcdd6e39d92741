"""Indexes for the supplier list (/register/) at 100,000 suppliers.

Same number of indexes as before, each one column wider: the tier and country filters read
supplier ids off (organisation, tier|country, supplier) without visiting the table rows, and
(organisation, name_normalised, id) is the list's exact order.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("register", "0004_supplier_account")]

    operations = [
        migrations.RemoveIndex(model_name="relationship", name="register_re_organis_5627e8_idx"),
        migrations.RemoveIndex(model_name="site", name="register_si_organis_29f038_idx"),
        migrations.RemoveIndex(model_name="supplier", name="register_su_organis_09f1a1_idx"),
        migrations.AddIndex(
            model_name="relationship",
            index=models.Index(
                fields=["organisation", "tier", "supplier"], name="register_re_organis_c5efe7_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="site",
            index=models.Index(
                fields=["organisation", "country", "supplier"], name="register_si_organis_4a8a3d_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="supplier",
            index=models.Index(
                fields=["organisation", "name_normalised", "id"], name="register_su_organis_4f4021_idx"
            ),
        ),
    ]
