"""The UNGP 31 measures, computed from case facts."""

from __future__ import annotations

from datetime import date, timedelta

from ruggie.grievance.domain.effectiveness import CaseFacts, measure

TODAY = date(2026, 6, 30)


def _case(**kw: object) -> CaseFacts:
    base: dict[str, object] = {
        "site_id": 1, "channel": "web", "category": "wages", "gender": "", "anonymous": True,
        "state": "received", "received_on": TODAY - timedelta(days=30),
    }  # fmt: skip
    base.update(kw)
    return CaseFacts(**base)  # type: ignore[arg-type]


def _figures(result: object, code: str) -> dict[str, object]:
    criterion = next(c for c in result.criteria if c.code == code)  # type: ignore[attr-defined]
    return {f.label: f.value for f in criterion.figures}


def test_eight_criteria_each_with_figures() -> None:
    result = measure([_case()], workers={1: 500}, site_names={1: "Gazipur"}, today=TODAY)
    assert [c.code for c in result.criteria] == [
        "legitimate", "accessible", "predictable", "equitable", "transparent", "rights_compatible",
        "learning", "engagement",
    ]  # fmt: skip
    assert all(c.figures for c in result.criteria)


def test_time_to_acknowledge_counts_only_cases_whose_deadline_passed() -> None:
    received = TODAY - timedelta(days=30)
    cases = [
        _case(acknowledged_on=received + timedelta(days=3), state="acknowledged"),
        _case(acknowledged_on=received + timedelta(days=12), state="acknowledged"),
        _case(),  # 30 days and never acknowledged: late
        _case(received_on=TODAY - timedelta(days=2)),  # still within its 7 days: not counted
    ]
    figures = _figures(measure(cases, workers={}, site_names={}, today=TODAY), "predictable")
    assert figures["Acknowledged within 7 days"] == 33.3
    assert figures["Median days to acknowledge"] == 7.5


def test_remedy_the_reporter_confirms_is_measured_apart_from_remedy_recorded() -> None:
    closed = {"state": "closed", "closed_on": TODAY, "remedy_recorded": True}
    cases = [_case(**closed, remedy_received=True, satisfied=True, saw_outcome=True),
             _case(**closed, remedy_received=False, satisfied=False),
             _case(**closed)]  # fmt: skip
    result = measure(cases, workers={}, site_names={}, today=TODAY)
    rights = _figures(result, "rights_compatible")
    assert rights["Closed cases with remedy recorded"] == 100.0
    assert rights["Remedy confirmed received by the reporter"] == 50.0
    assert rights["Remedies the reporter has not confirmed yet"] == 1
    assert _figures(result, "transparent")["Closed cases whose reporter read the outcome"] == 33.3
    assert _figures(result, "engagement")["Reporters satisfied with the handling"] == 50.0


def test_reach_per_thousand_workers_and_recurring_issues() -> None:
    cases = [_case(), _case(), _case(site_id=2, category="harassment")]
    result = measure(cases, workers={1: 400}, site_names={1: "Gazipur", 2: "Savar"}, today=TODAY)
    accessible = next(c for c in result.criteria if c.code == "accessible")
    assert ("Gazipur", "2 cases, 5.0 per 1,000 workers") in accessible.table
    assert ("Savar", "1 cases, workforce not recorded") in accessible.table
    learning = next(c for c in result.criteria if c.code == "learning")
    assert learning.table == (("Gazipur: wages", "2 cases"),)


def test_gender_is_shown_only_for_groups_of_the_minimum_size() -> None:
    cases = [_case(gender="woman") for _ in range(12)] + [_case(gender="man") for _ in range(3)]
    accessible = next(
        c for c in measure(cases, workers={}, site_names={}, today=TODAY).criteria if c.code == "accessible"
    )
    rows = dict(accessible.table)
    assert "By gender: man" not in rows  # 3 men would be nearly named
    assert all(int(v) >= 10 for k, v in rows.items() if k.startswith("By gender"))
