"""What screening takes in (a supplier's names) and gives back (hits), and the bands.

A hit is a possible match of a supplier to an entry of a restricted-entity list,
with everything a compliance officer needs to decide it: the entry as the list
publishes it (name, aliases, list and entry id), which of the entry's names and
which of the supplier's names matched, the score, the band and why.
"""

from __future__ import annotations

from dataclasses import dataclass

from ruggie.reference.domain.entity_lists import ListedEntity
from ruggie.register.domain.name_matching import Band, Bands

__all__ = [
    "CANDIDATE_THRESHOLD",
    "CONFIDENT_THRESHOLD",
    "COUNTRY_PENALTY",
    "SCREENING_BANDS",
    "Band",
    "Hit",
    "SupplierName",
]

# Thresholds on the name score of ``name_matching.compare_names`` (a name-only score,
# unlike the register's record score, which also weighs addresses). Round values,
# not fitted: a confident match needs every heavy word paired, with at most a typo
# in a long word (one letter in five pairs words at 0.9, one in ten at 0.95); a
# candidate may also miss a business or organisation word, leave out a place or
# carry a shorter typo. benchmarks/screening_quality.py prints the curve on
# OpenSanctions' labelled pairs and a leave-one-out threshold beside it.
CANDIDATE_THRESHOLD = 0.85
CONFIDENT_THRESHOLD = 0.92
SCREENING_BANDS = Bands(candidate=CANDIDATE_THRESHOLD, confident=CONFIDENT_THRESHOLD)
# A supplier in another country than the listed entity: a namesake is then likely
# (a Vietnamese "Camel Group" is probably not the Chinese one), but a listed entity
# may trade through a foreign arm, so the hit stays for a person to decide if the
# names are close enough (never confident).
COUNTRY_PENALTY = 0.05


@dataclass(frozen=True)
class SupplierName:
    """A supplier as screening sees it: its key in the caller's world, its names, its country."""

    key: int | str
    name: str
    other_names: tuple[str, ...] = ()
    country: str = ""  # ISO 3166-1 alpha-2, "" if unknown

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.other_names)


@dataclass(frozen=True)
class Hit:
    supplier: int | str  # SupplierName.key
    entry: ListedEntity  # list code, entry id, name, aliases, country...
    supplier_name: str  # the supplier's name that matched (its name or another name)
    matched_name: str  # the entry's name or alias that matched
    score: float  # 0..1
    band: Band  # CONFIDENT or CANDIDATE (no hit below the candidate threshold)
    reason: str  # plain words for the person who decides

    @property
    def list_code(self) -> str:
        return self.entry.list_code

    @property
    def entry_id(self) -> str:
        return self.entry.entry_id

    @property
    def by_alias(self) -> bool:
        return self.matched_name != self.entry.name
