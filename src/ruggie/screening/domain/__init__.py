"""Restricted-entity screening, in plain Python (no Django: see pyproject's import contract).

``screen(names, lists) -> list[Hit]``: modules ``hits`` (what goes in and out, the
bands), ``run`` (a screening run), ``list_index`` (blocking), ``places`` (place words of
a listed entity), ``transliteration`` (Latin spellings of other scripts),
``reasons`` (the explanation). The name comparison itself is the register's
(``register.domain.name_matching``), shared with duplicate detection.
"""

from ruggie.screening.domain.hits import (
    CANDIDATE_THRESHOLD,
    CONFIDENT_THRESHOLD,
    COUNTRY_PENALTY,
    SCREENING_BANDS,
    Band,
    Hit,
    SupplierName,
)
from ruggie.screening.domain.run import ScreenedPair, screen, screen_pair

__all__ = [
    "CANDIDATE_THRESHOLD",
    "CONFIDENT_THRESHOLD",
    "COUNTRY_PENALTY",
    "SCREENING_BANDS",
    "Band",
    "Hit",
    "ScreenedPair",
    "SupplierName",
    "screen",
    "screen_pair",
]
