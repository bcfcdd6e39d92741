"""A survey round at a site of the test organisation, open today."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ruggie.accounts.models import Membership, Organisation
from ruggie.register.services import site_create, supplier_create
from ruggie.surveys.models import SurveyRound
from ruggie.surveys.services import round_create


@pytest.fixture
def round_(org: Organisation, analyst: Membership) -> SurveyRound:
    supplier = supplier_create(organisation=org, actor=None, name="Dhaka Knit Ltd.", country="BD")
    site = site_create(supplier=supplier, actor=None, name="<b>Knit</b> Unit 1", country="BD", headcount=300)
    return round_create(
        organisation=org, actor=analyst.user, site=site, name="Spring", opens_on=timezone.localdate()
    )
