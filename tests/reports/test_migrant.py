from datetime import date

from ruggie.accounts.models import Organisation
from ruggie.demo import load_demo
from ruggie.register.models import Site
from ruggie.reports.evidence import collect


def test_migrant_workers_are_headcount_times_share_summed(db: None) -> None:
    load_demo()
    acme = Organisation.objects.get(slug="acme-apparel")
    expected = sum(
        (s.headcount or 0) * float(s.migrant_share)
        for s in Site.objects.filter(organisation=acme, migrant_share__isnull=False)
    )
    assert expected > 0
    assert collect(acme, date(2026, 12, 4))["migrant_workers"].value == round(expected)
