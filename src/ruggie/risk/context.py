"""The reference data a scoring run reads: the newest edition of each dataset that applies
to the organisation (shipped, loaded for everyone, or the organisation's own copy)."""

from __future__ import annotations

from ruggie.accounts.models import Organisation
from ruggie.reference.domain.context import reference_inputs
from ruggie.reference.services import editions_for
from ruggie.risk.domain.scoring import ReferenceContext


def reference_context(organisation: Organisation) -> ReferenceContext:
    inputs = reference_inputs(editions_for(organisation))
    return ReferenceContext(
        country_risk=inputs.country_risk,
        goods=inputs.goods,
        datasets=inputs.datasets,
        country_shown=inputs.country_shown,
        attributions=inputs.attributions,
    )
