"""The demo a newcomer starts from (`make run` loads it): complete, and idempotent."""

from __future__ import annotations

import pytest

from ruggie.accounts.models import Organisation
from ruggie.demo import load_demo
from ruggie.findings.models import Finding
from ruggie.register.models import Supplier
from ruggie.risk.models import RiskRun
from ruggie.screening.models import ScreeningHit
from ruggie.surveys.models import SurveyRound
from ruggie.surveys.services import round_results


@pytest.mark.django_db
def test_the_demo_has_something_to_see_everywhere_and_loads_twice() -> None:
    logins = load_demo()
    acme = Organisation.objects.get(slug="acme-apparel")
    counts = (
        Supplier.objects.filter(organisation=acme).count(),
        Finding.objects.filter(organisation=acme).count(),
    )
    assert len(logins) == 6 and counts[0] > 10 and counts[1] > 3
    from ruggie.grievance.models import Case

    cases = Case.objects.filter(organisation=acme)
    assert cases.count() == 3 and set(cases.values_list("state", flat=True)) == {
        "received",
        "acknowledged",
        "closed",
    }
    assert RiskRun.objects.filter(organisation=acme).exists()
    assert ScreeningHit.objects.filter(organisation=acme, entry_name__icontains="Heze").exists()
    survey = round_results(SurveyRound.objects.get(organisation=acme))
    assert survey.shown and survey.responses == 60 and survey.breakdowns
    load_demo()
    assert (
        Supplier.objects.filter(organisation=acme).count(),
        Finding.objects.filter(organisation=acme).count(),
    ) == counts
    assert SurveyRound.objects.filter(organisation=acme).count() == 1
    assert Case.objects.filter(organisation=acme).count() == 3
