"""Demo organisations, people and a supplier register, so a newcomer can try ruggie at once.

Idempotent: running it twice changes nothing. The logins are printed by `make run` and
listed in the README; they are for a local demo only.
"""

from __future__ import annotations

from importlib.resources import files

from django.db import transaction

from ruggie.accounts.models import Organisation
from ruggie.accounts.services import membership_set, organisation_create

DEMO_PASSWORD = "ruggie-demo"  # noqa: S105 - documented demo login, local use only
ORGS = [
    ("acme-apparel", "Acme Apparel (demo)", "company"),
    ("saigon-stitch", "Saigon Stitch Co. (demo supplier)", "supplier"),
    ("green-capital", "Green Capital Partners (demo investor)", "investor"),
]
PEOPLE = [
    ("admin@acme.example", "acme-apparel", "admin"),
    ("analyst@acme.example", "acme-apparel", "analyst"),
    ("viewer@acme.example", "acme-apparel", "viewer"),
    ("admin@saigon-stitch.example", "saigon-stitch", "admin"),
    ("analyst@green-capital.example", "green-capital", "analyst"),
]


@transaction.atomic
def load_demo() -> list[tuple[str, str, str, str]]:
    from ruggie.register.importing import run_import
    from ruggie.register.models import Supplier

    orgs = {}
    for slug, name, kind in ORGS:
        orgs[slug] = Organisation.objects.filter(slug=slug).first() or organisation_create(
            slug=slug, name=name, kind=kind
        )
    for email, slug, role in PEOPLE:
        membership_set(email=email, organisation=orgs[slug], role=role, password=DEMO_PASSWORD)
    acme = orgs["acme-apparel"]
    if not Supplier.objects.filter(organisation=acme).exists():
        data = files("ruggie.data").joinpath("demo/acme_suppliers.csv").read_bytes()
        report = run_import(organisation=acme, actor=None, data=data, filename="acme_suppliers.csv")
        if report.error or report.rejected:
            raise RuntimeError(f"demo data did not import cleanly: {report.as_dict()}")
    return [(email, DEMO_PASSWORD, slug, role) for email, slug, role in PEOPLE]
