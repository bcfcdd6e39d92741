"""Inherent risk: the methodology file, vectorised scores and their explanations."""

from __future__ import annotations

import pytest

from ruggie.core.errors import FileRefused
from ruggie.core.human_rights import issue_codes
from ruggie.risk.domain.methodology import adjust, default_methodology, parse_adjustment
from ruggie.risk.domain.scoring import ReferenceContext, SiteProfile, explain, score_sites

CONTEXT = ReferenceContext(
    country_risk={
        "wgi.rl": {"BD": 0.7, "DE": 0.05},
        "wgi.va": {"BD": 0.65, "DE": 0.05},
        "wgi.cc": {"BD": 0.75, "DE": 0.05},
        "wgi.ge": {"BD": 0.7, "DE": 0.05},
        "ilab_child_labour_assessments.advancement": {"BD": 0.5},
    },
    goods={"cotton": {"IN": frozenset({"child_labour"})}, "garments": {"BD": frozenset({"child_labour"})}},
    datasets={"wgi": "WGI 2024", "ilab_child_labour_assessments": "DOL 2022", "ilab_goods": "DOL 2022"},
    country_shown={"wgi.rl": {"BD": "-0.62"}},
)


def site(key: int = 1, **kw: object) -> SiteProfile:
    values: dict[str, object] = dict(key=key, country="BD", sector="1410", commodities=("garments",))
    values.update(kw)
    return SiteProfile(**values)  # type: ignore[arg-type]


def test_default_methodology_covers_every_issue() -> None:
    m = default_methodology()
    assert set(m.issues) == set(issue_codes())
    assert m.level(0) == "low" and m.level(60) == "high" and m.level(100) == "critical"
    assert m.sector_values("1410")["wages"] > m.sector_values("6419")["wages"]  # apparel vs banking


def test_context_drives_scores_in_the_right_direction() -> None:
    m = default_methodology()
    scores = score_sites(
        [
            site(1),
            site(2, country="DE"),
            site(3, migrant_share=0.6),
            site(4, migrant_share=0.0),
        ],
        m,
        CONTEXT,
    )
    bd, de, many_migrants, no_migrants = (scores.of(k) for k in (1, 2, 3, 4))
    assert all(bd[i] > de[i] for i in ("forced_labour", "child_labour", "freedom_of_association"))
    assert many_migrants["migrant_workers"] > bd["migrant_workers"] > no_migrants["migrant_workers"]
    assert all(0 <= v <= 100 for row in scores.values for v in row)


def test_goods_flagged_in_the_sites_country_raise_child_labour_only_there() -> None:
    m = default_methodology()
    scores = score_sites([site(1, commodities=("garments",)), site(2, commodities=("tea",))], m, CONTEXT)
    assert scores.of(1)["child_labour"] > scores.of(2)["child_labour"]
    assert scores.of(1)["wages"] == scores.of(2)["wages"]  # the DOL list is about child and forced labour


def test_explanation_adds_up_to_the_score_and_names_sources() -> None:
    m = default_methodology()
    s = site(1, migrant_share=None)
    e = explain(s, "forced_labour", m, CONTEXT)
    assert e.score == score_sites([s], m, CONTEXT).of(1)["forced_labour"]
    assert abs(sum(p.points for p in e.parts) - e.score) <= 0.6
    assert abs(sum(p.weight for p in e.parts) - 1) < 0.001
    by = {p.factor: p for p in e.parts}
    assert by["rule_of_law"].detail == "BD: -0.62" and by["rule_of_law"].source == "WGI 2024"
    assert not by["migrant_workers"].known and by["migrant_workers"].detail == "not recorded"
    # The Global Slavery Index is not shipped: left out, its weight shared by the others.
    assert e.left_out == ["modern_slavery_prevalence"]


def test_an_organisations_own_index_is_used_once_loaded() -> None:
    m = default_methodology()
    loaded = ReferenceContext(
        country_risk={**CONTEXT.country_risk, "gsi.prevalence": {"BD": 1.0}},
        goods=CONTEXT.goods,
        datasets={**CONTEXT.datasets, "gsi": "Global Slavery Index 2023 (licensed copy)"},
    )
    e = explain(site(1), "forced_labour", m, loaded)
    assert "modern_slavery_prevalence" in {p.factor for p in e.parts} and not e.left_out
    assert e.score > explain(site(1), "forced_labour", m, CONTEXT).score


def test_adjusted_weights_change_the_score_and_the_version() -> None:
    m = default_methodology()
    heavier = adjust(m, parse_adjustment("weights:\n  wages:\n    sector: 100\n"))
    assert heavier.version != m.version
    s = site(1, country="DE", commodities=())
    assert score_sites([s], heavier, CONTEXT).of(1)["wages"] > score_sites([s], m, CONTEXT).of(1)["wages"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("weights:\n  wages:\n    sector: lots\n", "weights.wages.sector"),
        ("weights:\n  slavery:\n    sector: 1\n", "unknown issue"),
        ("weights:\n  wages:\n    moon_phase: 1\n", "no such factor"),
        ("levels:\n  high: 10\n", "rise from low to critical"),
        ("factors:\n  sector:\n    kind: vibes\n", "factors.sector.kind"),
        ("weights: [1, 2", "not valid YAML"),
    ],
)
def test_bad_adjustments_say_what_to_fix(text: str, message: str) -> None:
    with pytest.raises(FileRefused, match=message):
        adjust(default_methodology(), parse_adjustment(text))


def test_no_sites_no_scores() -> None:
    scores = score_sites([], default_methodology(), CONTEXT)
    assert scores.values.shape == (0, len(default_methodology().issues))
