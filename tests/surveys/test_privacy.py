"""No breakdown reveals fewer than k answers, shown directly or by subtraction."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ruggie.surveys.domain.privacy import DEFAULT_MIN_GROUP, GroupSizeRefused, check_min_group, disclose


def test_the_minimum_only_goes_up() -> None:
    assert check_min_group(10) == 10 and check_min_group(25) == 25
    with pytest.raises(GroupSizeRefused):
        check_min_group(5)


@pytest.mark.parametrize(
    ("counts", "total", "shown", "merged", "merged_count"),
    [
        ({"women": 40, "men": 30}, 70, ("women", "men"), (), 0),
        # 5 did not say: the smallest shown group joins them, or men = total - women - 5 unstated.
        ({"women": 40, "men": 30}, 75, ("women",), ("men",), 35),
        ({"women": 40, "men": 30, "other": 3}, 73, ("women",), ("men", "other"), 33),
        ({"women": 40, "men": 30, "other": 3}, 83, ("women", "men"), ("other",), 13),
        ({"women": 12, "men": 3}, 15, (), (), 0),  # only possible split: 12 + 3, 3 too few
        ({"women": 9, "men": 9}, 18, (), (), 0),  # both small; "other" alone would repeat the total
        ({"women": 40}, 9, (), (), 0),  # the population is below k
    ],
)
def test_disclose(counts: dict[str, int], total: int, shown: tuple[str, ...], merged: tuple[str, ...],
                  merged_count: int) -> None:  # fmt: skip
    plan = disclose(counts, total, 10)
    assert (plan.shown, plan.merged, plan.merged_count) == (shown, merged, merged_count)


@given(
    counts=st.dictionaries(st.sampled_from("abcdefgh"), st.integers(0, 40), max_size=8),
    unstated=st.integers(0, 30),
    k=st.integers(DEFAULT_MIN_GROUP, 20),
)
def test_every_figure_and_every_difference_covers_k(counts: dict[str, int], unstated: int, k: int) -> None:
    total = sum(counts.values()) + unstated
    plan = disclose(counts, total, k)
    if not plan.any:
        assert not plan.shown and plan.merged_count == 0
        return
    for g in plan.shown:
        assert counts[g] >= k
    # What a reader can compute: the total minus the groups shown on their own.
    rest = total - sum(counts[g] for g in plan.shown)
    assert rest == plan.merged_count
    assert rest == 0 or rest >= k
    assert total >= k
    assert plan.shown, "an 'other groups' figure alone would only repeat the total"
