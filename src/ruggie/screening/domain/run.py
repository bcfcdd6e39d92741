"""Screening supplier names against restricted-entity lists.

``screen`` compares every name of every supplier (its name, its other names, and
a Latin spelling of any written in another script) with every name of every
listed entity (its name and aliases) that the blocking index proposes, using the
register's name comparison (``register.domain.name_matching``: one matcher for
duplicates and screening). The best comparison per (supplier, entity) becomes a
hit if it reaches the candidate band. Three things keep a hit out of the
confident band, whatever the names say, and the reason says which:

* the supplier and the entity are in different countries (the score also drops
  by ``COUNTRY_PENALTY``): a namesake is likely, a foreign arm possible;
* the numbers in the names differ ("No. 4 ... Center" / "No. 3 ... Center");
* the legal forms are of different kinds (an AG and a GmbH are two legal persons).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ruggie.reference.domain.entity_lists import ListedEntity
from ruggie.register.domain.name_matching import (
    W_DISTINCT,
    W_PLACE,
    W_STOP,
    Band,
    Bands,
    NameComparison,
    compare_names,
    has_broken_spacing,
    numbers_differ,
    word_weight,
    words_of,
)
from ruggie.register.domain.names import ParsedName, name_parts, parse_name
from ruggie.screening.domain.hits import COUNTRY_PENALTY, SCREENING_BANDS, Hit, SupplierName
from ruggie.screening.domain.list_index import ListIndex, key_positions
from ruggie.screening.domain.places import entity_places
from ruggie.screening.domain.reasons import Match, explain
from ruggie.screening.domain.transliteration import has_han, latin_spelling

__all__ = ["ScreenedPair", "screen", "screen_pair"]

# Scores are kept below the confident threshold by this much when a caution applies.
_BELOW = 0.01
_SYLLABLE = 6  # words this short may be glued to their neighbours ("xin jiang", "good will")
# "..., Urumqi Branch", "(Kashgar Branch Office)": a branch is not a separate legal
# person, so the name without it is screened too (supplier names only). The branch
# is named by one word, or by up to four pinyin syllables in a spelled Chinese name.
_BRANCH_TAIL = r"branch(?:\s+(?:office|company|factory))?\s*\)?\s*$"
_BRANCH = re.compile(r"[\s,;]*\(?\s*(?:[^\s,;()]+\s+)?" + _BRANCH_TAIL, re.I)
_SPELLED_BRANCH = re.compile(r"\s*(?:[a-z]+\s+){0,4}" + _BRANCH_TAIL)


class _Spelling:
    """One way to write a name: as written, its Latin spelling, or without its branch.

    Parsed in full (``ParsedName``, with the strings the matcher compares) only when
    compared: most supplier names meet no listed name."""

    __slots__ = (
        "_parsed", "_reach", "_weights", "branch", "core", "spelled", "syllables", "text", "words",
        "written",
    )  # fmt: skip

    def __init__(self, written: str, spelled: str, text: str, branch: str = "") -> None:
        self.written = written  # the name as the supplier or the list writes it
        self.spelled = spelled  # its Latin spelling, "" when it is the name as written
        self.text = text  # what is parsed: the name, its spelling, either without the branch
        self.branch = branch  # the branch qualifier left out, if any
        self.core = name_parts(text)[1]
        self.words = words_of(self.core)
        self.syllables = bool(spelled) and has_han(written)  # pinyin: one word per character
        self._weights: list[float] | None = None
        self._parsed: ParsedName | None = None
        self._reach: list[frozenset[str] | None] | None = None

    @property
    def weights(self) -> list[float]:
        """The words' weights without places (computed for the few names compared)."""
        if self._weights is None:
            self._weights = [word_weight(w) for w in self.words]
        return self._weights

    def reach(self, i: int, index: ListIndex) -> frozenset[str]:
        """The listed names' non-key words that word ``i`` may pair with, alone or (a
        syllable-length word) glued to its neighbours ("xin jiang"); memoised."""
        if self._reach is None:
            self._reach = [None] * len(self.words)
        found = self._reach[i]
        if found is None:
            words = self.words
            found = index.pairable(words[i])
            if len(words[i]) <= _SYLLABLE:
                for start in range(max(0, i - 2), i + 1):
                    for end in range(max(i + 1, start + 2), min(len(words), start + 3) + 1):
                        found |= index.pairable("".join(words[start:end]))
            self._reach[i] = found
        return found

    @property
    def parsed(self) -> ParsedName:
        if self._parsed is None:
            self._parsed = parse_name(self.text)
        return self._parsed


@dataclass(frozen=True, slots=True)
class _Listed:
    """A listed name (or alias, or its Latin spelling) and what the score bound needs."""

    entity: int  # index into the lists
    spelling: _Spelling
    by_alias: bool
    places: frozenset[str]
    weight: float  # of all its words
    compact: str  # its core words glued
    broken: bool  # typed with broken spacing
    keys: tuple[tuple[int, float], ...]  # (bit, weight) of its key words (``list_index``)
    key_firsts: tuple[str, ...]  # their first letters
    others: frozenset[str]  # its other words

    @classmethod
    def of(cls, entity: int, spelling: _Spelling, by_alias: bool, places: frozenset[str]) -> _Listed:
        words = spelling.words
        positions = key_positions(words, places)
        weights = [word_weight(w, places) for w in words]
        return cls(
            entity, spelling, by_alias, places, sum(weights), "".join(spelling.core),
            has_broken_spacing(spelling.core),
            tuple((1 << p, weights[p]) for p in positions),
            tuple(words[p][0] for p in positions),
            frozenset(w for p, w in enumerate(words) if p not in positions),
        )  # fmt: skip

    def may_reach(self, spelling: _Spelling, masks: list[int], floor: float, index: ListIndex) -> bool:
        """False if the word score cannot reach ``floor``: an upper bound from the words
        that met in the index. A word that met nothing of this name can still pair with
        one of its non-key words (checked), never with a key word; every word left
        unpaired costs at least its weight (``name_matching``)."""
        mine, theirs = masks
        if spelling.core == self.spelling.core or "".join(spelling.core) == self.compact:
            return True
        if has_broken_spacing(spelling.core) or self.broken:
            return True  # the string similarity may decide
        # Initials and short acronyms pair with words they are not keys of ("J.-C." /
        # "Jean-Claude"): a key word whose first letter one of them has may pair.
        words = spelling.words
        letters = "".join(w for w in words if len(w) <= 3)
        unpaired = sum(
            weight for (bit, weight), first in zip(self.keys, self.key_firsts, strict=True)
            if not theirs & bit and first not in letters
        )  # fmt: skip
        places = self.places
        # word_weight(w, places): a place weighs W_PLACE unless it is a stop word.
        weights = [
            W_PLACE if w in places and b > W_STOP else b for w, b in zip(words, spelling.weights, strict=True)
        ]
        total = self.weight + sum(weights)
        allowed = (1 - floor) * total  # the most unpaired weight the floor leaves
        if total <= 0 or unpaired > allowed:
            return False
        for i, weight in enumerate(weights):
            if (
                weight >= W_DISTINCT
                and not mine & (1 << i)
                and spelling.reach(i, index).isdisjoint(self.others)
            ):
                unpaired += weight
                if unpaired > allowed:
                    return False
        return True


@dataclass(frozen=True)
class ScreenedPair:
    """One supplier name compared with one listed name, before it becomes a hit."""

    score: float
    band: Band
    comparison: NameComparison
    reason: str


def _spellings(name: str, *, branches: bool = False) -> list[_Spelling]:
    """The ways to screen a name: as written, its Latin spelling if in another script,
    and (``branches``) without a trailing branch qualifier."""
    if not name.strip():
        return []
    out = [_Spelling(name, "", name)]
    latin = latin_spelling(name, out[0].core)
    if latin:
        out.append(_Spelling(name, latin, latin))
    if branches:
        for s in list(out):
            text = s.text
            if "branch" not in text.lower():
                continue
            found = (_SPELLED_BRANCH if s.spelled else _BRANCH).search(text)
            if found and found.start() > 0:
                head = _Spelling(s.written, s.spelled and text[: found.start()], text[: found.start()])
                if head.core:
                    head.branch = found.group(0).strip(" ,;()")
                    out.append(head)
    return out


def screen(
    names: Sequence[SupplierName], lists: Sequence[ListedEntity], *, bands: Bands = SCREENING_BANDS
) -> list[Hit]:
    """Hits of ``names`` against the entries of ``lists``, best first (one per supplier
    and entry: the best of their names)."""
    if not names or not lists:
        return []
    enabled = gc.isenabled()
    gc.disable()  # many small, acyclic objects: collections would only rescan them
    try:
        return _screen(names, lists, bands)
    finally:
        if enabled:
            gc.enable()


def _screen(names: Sequence[SupplierName], lists: Sequence[ListedEntity], bands: Bands) -> list[Hit]:
    places = [entity_places(e) for e in lists]
    listed: list[_Listed] = []
    for k, entity in enumerate(lists):
        for n, written in enumerate(entity.names):
            for spelling in _spellings(written):
                listed.append(_Listed.of(k, spelling, n > 0, places[k]))
    index = ListIndex((i, x.spelling.words, x.places) for i, x in enumerate(listed))
    floor = bands.candidate
    hits: list[Hit] = []
    for supplier in names:
        best: dict[int, tuple[float, int, Match]] = {}
        for rank, written in enumerate(supplier.names):
            for spelling in _spellings(written, branches=True):
                for i, masks in index.candidates(spelling.words, syllables=spelling.syllables).items():
                    target = listed[i]
                    if not target.may_reach(spelling, masks, floor, index):
                        continue
                    entity = lists[target.entity]
                    match = _match(
                        spelling, rank > 0, target, entity, supplier.country, places[target.entity], bands
                    )
                    if match.band == Band.NONE:
                        continue
                    # Ties go to the supplier's own name, then the listed name over an alias.
                    order = rank * 2 + target.by_alias
                    held = best.get(target.entity)
                    if held is None or (match.score, -order) > (held[0], -held[1]):
                        best[target.entity] = (match.score, order, match)
        for k, (score, _, match) in best.items():
            hits.append(
                Hit(
                    supplier=supplier.key,
                    entry=lists[k],
                    supplier_name=match.supplier_name,
                    matched_name=match.entry_name,
                    score=score,
                    band=match.band,
                    reason=explain(match),
                )
            )
    hits.sort(key=lambda h: (-h.score, str(h.supplier), h.entry.list_code, h.entry.entry_id))
    return hits


def _match(
    spelling: _Spelling,
    other_name: bool,
    target: _Listed,
    entity: ListedEntity,
    country: str,
    places: frozenset[str],
    bands: Bands,
) -> Match:
    listed = target.spelling
    comparison = compare_names(spelling.parsed, listed.parsed, places)
    score = comparison.score
    supplier_country = country.strip().upper()
    elsewhere = bool(supplier_country and entity.country and supplier_country != entity.country)
    numbers = numbers_differ(spelling.parsed, listed.parsed) > 0
    if elsewhere:
        score -= COUNTRY_PENALTY
    if elsewhere or numbers or comparison.form_conflict:
        score = min(score, bands.confident - _BELOW)
    score = round(max(0.0, score), 4)
    return Match(
        supplier_name=spelling.written,
        entry_name=listed.written,
        by_alias=target.by_alias,
        by_other_name=other_name,
        spelled=spelling.spelled,
        branch=spelling.branch,
        supplier=spelling.parsed,
        entry=listed.parsed,
        comparison=comparison,
        supplier_country=supplier_country,
        entry_country=entity.country,
        numbers_differ=numbers,
        score=score,
        band=bands.band(score),
    )


def screen_pair(
    supplier: SupplierName, entity: ListedEntity, *, bands: Bands = SCREENING_BANDS
) -> ScreenedPair | None:
    """The best comparison of one supplier with one entity through the same path as
    ``screen`` (index included), also below the candidate band; None if the index
    proposes no comparison. For benchmarks and for explaining a non-hit."""
    places = entity_places(entity)
    listed = [
        _Listed.of(0, s, n > 0, places) for n, written in enumerate(entity.names) for s in _spellings(written)
    ]
    index = ListIndex((i, x.spelling.words, places) for i, x in enumerate(listed))
    best: Match | None = None
    for rank, written in enumerate(supplier.names):
        for spelling in _spellings(written, branches=True):
            for i, masks in sorted(index.candidates(spelling.words, syllables=spelling.syllables).items()):
                if not listed[i].may_reach(spelling, masks, bands.candidate, index):
                    continue
                match = _match(spelling, rank > 0, listed[i], entity, supplier.country, places, bands)
                if best is None or match.score > best.score:
                    best = match
    if best is None:
        return None
    return ScreenedPair(best.score, best.band, best.comparison, explain(best))
