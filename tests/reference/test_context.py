"""Indicators become 0-1 risks in the direction their manifest states."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ruggie.reference.domain.context import country_context, normalise, reference_inputs
from ruggie.reference.domain.datasets import LoadedDataset, read_dataset, read_packaged
from ruggie.reference.domain.manifest import Indicator, Level
from tests.reference.conftest import EXAMPLES, MakeFolder

RULE_OF_LAW = Indicator("rl", "Rule of law", "higher_is_better", "interval", -2.5, 2.5)


def test_weaker_rule_of_law_is_higher_risk() -> None:
    weak, strong = normalise([-2.0, 1.5], RULE_OF_LAW)
    assert weak == pytest.approx(0.9) and strong == pytest.approx(0.2)
    assert weak > strong


def test_values_beyond_the_range_are_clipped_and_missing_stays_unknown() -> None:
    risks = normalise([-2.75, 2.6, np.nan], RULE_OF_LAW)  # WGI pv reaches -2.75
    assert risks[0] == 1.0 and risks[1] == 0.0 and math.isnan(risks[2])


def test_higher_is_worse_keeps_the_direction() -> None:
    rating = Indicator("rating", "r", "higher_is_worse", "ordinal", 1, 6, (Level("1", 1), Level("5+", 6)))
    assert list(normalise([1, 6], rating)) == [0.0, 1.0]


def test_packaged_wgi_and_dol_assessments_in_the_right_direction() -> None:
    context = country_context(read_packaged())
    # Finland and Afghanistan: the ends of the rule-of-law scale in any WGI edition.
    assert context["AF"]["wgi.rl"] > 0.75 > 0.25 > context["FI"]["wgi.rl"]
    assert all(0.0 <= v <= 1.0 for per in context.values() for v in per.values())
    dol = "ilab_child_labour_assessments.advancement"
    levels = {r.label.split(" –")[0]: r.country for r in _dol().indicators}
    risks = {label: context[country][dol] for label, country in levels.items()}
    assert risks["No Advancement"] == 1.0 and risks["Significant Advancement"] == 0.0
    assert risks["Minimal Advancement"] > risks["Moderate Advancement"]


def _dol() -> LoadedDataset:
    return next(d for d in read_packaged() if d.code == "ilab_child_labour_assessments")


def test_reference_inputs_have_the_scorers_shape() -> None:
    inputs = reference_inputs(read_packaged())
    assert set(inputs.country_risk) == {
        "wgi.va",
        "wgi.pv",
        "wgi.ge",
        "wgi.rq",
        "wgi.rl",
        "wgi.cc",
        "ilab_child_labour_assessments.advancement",
    }
    assert inputs.goods["cocoa"]["CI"] >= {"child_labour", "forced_labour"}
    assert inputs.country_shown["wgi.rl"]["FI"].endswith("(2023)")
    assert "percentile rank" in inputs.country_shown["wgi.rl"]["FI"]
    assert inputs.datasets["wgi"] == "Worldwide Governance Indicators, 2024 update (CC-BY-4.0)"
    assert "CC BY 4.0" in inputs.attributions["wgi"]


def test_an_organisations_own_index_joins_the_context() -> None:
    ituc = read_dataset(EXAMPLES / "ituc_example")
    context = country_context([*read_packaged(), ituc])
    assert context["YE"]["ituc.rating"] == 1.0 and context["NO"]["ituc.rating"] == 0.0
    assert reference_inputs([ituc]).country_shown["ituc.rating"]["YE"] == "5+ (2026)"


def test_two_editions_of_one_dataset_are_refused(make_folder: MakeFolder) -> None:
    first = read_dataset(make_folder(name="a"))
    second = read_dataset(make_folder(name="b", edition="example-2027"))
    with pytest.raises(ValueError, match="two editions of ituc"):
        reference_inputs([first, second])
