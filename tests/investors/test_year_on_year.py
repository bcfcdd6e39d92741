"""Year-on-year comparison of a company's statements."""

from __future__ import annotations

from ruggie.investors.domain.documents import Sentence
from ruggie.investors.domain.year_on_year import compare_years


def _s(*texts: str) -> list[Sentence]:
    return [Sentence(1, i, t) for i, t in enumerate(texts)]


def test_new_commitments_and_dropped_ones_are_found_rewordings_are_not() -> None:
    last = _s(
        "In 2024 we audited 40 suppliers in Bangladesh and Viet Nam.",
        "We operate a whistleblowing hotline open to supply-chain workers.",
        "All suppliers must sign our code of conduct.",
    )
    this = _s(
        "In 2025 we audited 52 suppliers in Bangladesh and Viet Nam.",
        "All of our suppliers must sign our code of conduct.",
        "We repaid recruitment fees of USD 120,000 to 310 migrant workers.",
    )
    found = compare_years(last, this)
    assert [s.text for s in found.added] == [
        "We repaid recruitment fees of USD 120,000 to 310 migrant workers."
    ]
    assert [s.text for s in found.dropped] == [
        "We operate a whistleblowing hotline open to supply-chain workers."
    ]
    assert found.kept == 2


def test_a_first_statement_is_all_new() -> None:
    found = compare_years([], _s("We published our first statement."))
    assert len(found.added) == 1 and not found.dropped and found.kept == 0
