"""Which groups of workers' answers may be shown, so that no answer can be traced to a person.

Results are shown per group (women, agency workers, a department…) only where the group
has at least ``k`` answers (the minimum group size: 10 by default, configurable upwards
only). Hiding the small groups is not enough: the site's total is shown, so total minus
the groups shown would reveal the hidden remainder. The rule here: the answers not shown
in a group of their own (small groups, and those who did not say which group they are in)
are shown together as "other groups" when there are at least ``k`` of them; when there
are fewer, the smallest shown groups join them until there are ``k``; when that is not
possible, no breakdown is shown at all. So every figure on a page covers at least ``k``
answers, and so does every difference between figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_MIN_GROUP = 10
OTHER = "__other__"  # the merged group's key


class GroupSizeRefused(ValueError):
    pass


def check_min_group(size: int) -> int:
    """The minimum group size an organisation may set: never below the default."""
    if size < DEFAULT_MIN_GROUP:
        raise GroupSizeRefused(
            f"The minimum group size cannot go below {DEFAULT_MIN_GROUP}: smaller groups let a "
            "supervisor guess who answered."
        )
    return size


@dataclass(frozen=True)
class Disclosure:
    """What a breakdown may show: each group shown on its own, and the merged rest."""

    shown: tuple[str, ...]  # groups shown on their own, largest first
    merged: tuple[str, ...]  # groups shown only together, as "other groups" (with the unstated)
    merged_count: int  # answers in the merged group (0: none)
    total: int

    @property
    def any(self) -> bool:
        return bool(self.shown) or self.merged_count > 0


def disclose(counts: Mapping[str, int], total: int, k: int) -> Disclosure:
    """Decide a breakdown from the number of answers per group.

    ``counts``: answers per group (only those who said); ``total``: every answer in the
    population the page also shows (so ``total - sum(counts)`` did not say)."""
    if total < k:
        return Disclosure((), (), 0, total)  # the population itself is too small to show
    groups = sorted(((n, g) for g, n in counts.items() if n > 0), key=lambda x: (-x[0], x[1]))
    shown = [(n, g) for n, g in groups if n >= k]
    merged = [g for n, g in groups if n < k]
    rest = total - sum(n for n, _ in shown)
    while 0 < rest < k and shown:
        n, g = shown.pop()  # the smallest shown group joins the rest
        merged.append(g)
        rest += n
    if 0 < rest < k or (rest == total and not shown):
        # Nothing can be shown apart; or every answer would sit in "other groups",
        # which would only repeat the total.
        return Disclosure((), (), 0, total)
    return Disclosure(tuple(g for _, g in shown), tuple(sorted(merged)), rest, total)
