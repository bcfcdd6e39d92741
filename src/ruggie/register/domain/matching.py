"""Duplicate detection for supplier / facility records.

Every score is explained by construction, in the spirit of OpenSanctions'
nomenklatura ``logic_v2``: ``score = clamp(sum(value * weight))`` over a short,
fixed list of features, and each ``Feature`` says what it compared. Name and
address are averaged (0.6 / 0.4; a missing address counts as a neutral 0.5, so
a name alone must be 83% similar); numbers that differ and registration ids
add or subtract; a country mismatch is a veto, not a weight.

``find_duplicates`` never compares all pairs: records are blocked by
(country, rare name token / name prefix / registration id) and blocks over a
size cap are skipped. Addresses are parsed only for records that share a block.
In blocks of more than ``SMALL_BLOCK`` records, rapidfuzz searches find the pairs
that an upper bound of the score over name and address together lets through
(``_prefiltered_pairs``); each candidate pair's score is then bounded exactly
(``_may_match``: the name, then the address without fuzzy word matching) and
only computed, and explained, when the bound reaches the threshold. Neither
bound ever drops a pair that would match. Addresses live in ``addresses``.
"""

from __future__ import annotations

import gc
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from rapidfuzz import fuzz, process

from ruggie.register.domain.addresses import (
    NumberIndex,
    ParsedAddress,
    address_detail,
    address_may_reach,
    address_score,
    parse_address,
)
from ruggie.register.domain.name_matching import (
    Band,
    Bands,
    compare_names,
    numbers_differ,
    numbers_of,
    string_similarity,
)
from ruggie.register.domain.names import (
    ParsedName,
    country_starts,
    distinct_words,
    parse_name,
    without_country,
)

__all__ = [
    "CONFIDENT_THRESHOLD",
    "DEFAULT_THRESHOLD",
    "DUPLICATE_BANDS",
    "Band",
    "Feature",
    "MatchResult",
    "Record",
    "compare",
    "find_duplicates",
]

# Not fitted: 0.7 means "names as good as identical plus an address that is at
# least somewhat alike". On the OSH pairs F1 is ~0.90 from 0.60 to 0.675 and
# 0.86 at 0.70; we keep the round, more conservative value (wrong merges cost
# more than missed ones). The benchmark prints the curve and a leave-one-out F1.
DEFAULT_THRESHOLD = 0.7
# The upper band: on the OSH pairs precision is 0.96 from 0.85 (0.93 at 0.7). A
# record pair known by its name alone scores at most 0.8 (the unknown address
# counts 0.5), so only a like address or an equal registration id makes a
# duplicate "confident": one name can belong to several factories of a firm.
CONFIDENT_THRESHOLD = 0.85
DUPLICATE_BANDS = Bands(candidate=DEFAULT_THRESHOLD, confident=CONFIDENT_THRESHOLD)
W_NAME, W_ADDRESS = 0.6, 0.4
W_NAME_NUMBERS = -0.3  # "Unit 6" vs "Unit 10": different facilities of one firm
W_ADDRESS_NUMBERS = -0.15  # different building numbers on the same street
W_REGISTRATION = 0.5  # equal ids push over any threshold, different ids pull under
BLOCK_CAP = 200  # blocks larger than this come from common words and are skipped
SMALL_BLOCK = 6  # smaller blocks: all pairs go to the score bound; larger: rapidfuzz pre-filter
# Scores are rounded to 4 decimals, and a bound sums in another order than the score.
_BOUND_MARGIN = 1e-4
_REGISTRATION_NOISE = re.compile(r"[^0-9a-z]")


@dataclass(frozen=True)
class Record:
    key: str
    name: str
    country: str  # ISO 3166-1 alpha-2, upper case, '' if unknown
    address: str = ""
    registration_id: str = ""
    other_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feature:
    name: str
    value: float
    weight: float
    detail: str


@dataclass(frozen=True)
class MatchResult:
    left: str
    right: str
    score: float
    is_match: bool  # at least a candidate: score >= threshold and no country veto
    features: tuple[Feature, ...]
    reason: str
    band: Band = Band.NONE


class _Prepared:
    """A record's comparison features; the address is parsed on first use."""

    __slots__ = ("_address", "_parsed", "country", "names", "record", "registration")

    def __init__(self, record: Record, names: tuple[ParsedName, ...], country: str) -> None:
        self.record, self.names, self.country = record, names, country
        reg = record.registration_id
        self.registration = _REGISTRATION_NOISE.sub("", reg.casefold()) if reg else ""
        self._address: ParsedAddress | None = None
        self._parsed = False

    @property
    def address(self) -> ParsedAddress | None:
        if not self._parsed:
            parsed = parse_address(self.record.address)
            self._address = parsed if parsed.tokens else None  # nothing comparable: unknown
            self._parsed = True
        return self._address

    @property
    def may_have_address(self) -> bool:
        return self._address is not None if self._parsed else bool(self.record.address.strip())


def _prepare(record: Record) -> _Prepared:
    country = record.country.strip().upper()
    names = tuple(
        without_country(parse_name(n), country) for n in (record.name, *record.other_names) if n.strip()
    )
    return _Prepared(record, names, country)


def _numbers_value(na: ParsedName, nb: ParsedName) -> float:
    """1 if both names carry numbers and they differ, 0.5 if only one has any."""
    # One-sided numbers ("Diamant" vs "Diamant #2") are weaker evidence.
    return numbers_differ(na, nb)


def _name_pair(
    a: _Prepared, b: _Prepared, floor: float = -9.0
) -> tuple[float, ParsedName, ParsedName] | None:
    """Best-scoring (name, other_name) combination; net of the numbers penalty so
    that ties give the same score whichever record comes first (symmetry).

    The name similarity is the shared comparison (``name_matching``) capped by the
    string similarity, which the pre-filter of large blocks (``_prefiltered_pairs``)
    searches on. The word alignment can only lower the string similarity, so it
    runs only for combinations whose string bound can still win and reach
    ``floor`` (the net name score a caller needs); None if none can."""
    if not a.names or not b.names:
        return (0.0, *_EMPTY)
    combos = [(string_similarity(na, nb), _numbers_value(na, nb), na, nb) for na in a.names for nb in b.names]
    if len(combos) > 1:  # stable: ties keep the order of the names
        combos.sort(key=lambda c: -(c[0] * W_NAME + c[1] * W_NAME_NUMBERS))
    best_net, best = -9.0, None
    for strings, numbers, na, nb in combos:
        bound = strings * W_NAME + numbers * W_NAME_NUMBERS
        if best is not None and bound <= best_net:
            break
        if bound < floor:
            break
        sim = min(strings, _compared(na, nb).score) if strings else 0.0
        net = sim * W_NAME + numbers * W_NAME_NUMBERS
        if best is None or net > best_net:
            best_net, best = net, (sim, na, nb)
    return best


_EMPTY = (parse_name(""), parse_name(""))
# The explanation of a match re-reads the comparison its score came from.
_compared = lru_cache(maxsize=8192)(compare_names)


def compare(a: Record, b: Record, *, threshold: float = DEFAULT_THRESHOLD) -> MatchResult:
    """Score how likely two records describe the same supplier or facility."""
    result = _compare(_prepare_cached(a), _prepare_cached(b), threshold)
    assert result is not None  # noqa: S101 - only_matches is off
    return result


# compare() is often called in loops over the same records; find_duplicates
# prepares each record at most once and would only thrash this cache.
_prepare_cached = lru_cache(maxsize=4096)(_prepare)


def _compare(
    a: _Prepared,
    b: _Prepared,
    threshold: float,
    name: tuple[float, ParsedName, ParsedName] | None = None,
    *,
    only_matches: bool = False,
) -> MatchResult | None:
    """The score and, unless ``only_matches`` and it is no match, its explanation."""
    name_sim, na, nb = name or _name_pair(a, b) or (0.0, *_EMPTY)
    terms = [(name_sim, W_NAME)]
    addr = None
    if a.address is not None and b.address is not None:
        addr = address_score(a.address, b.address)
        terms.append((addr[0], W_ADDRESS))
        if addr[1]:
            terms.append((1.0, W_ADDRESS_NUMBERS))
    else:
        terms.append((0.5, W_ADDRESS))
    numbers = _numbers_value(na, nb)
    if numbers:
        terms.append((numbers, W_NAME_NUMBERS))
    same_country = bool(a.country) and a.country == b.country
    veto = bool(a.country and b.country and a.country != b.country)
    terms.append((1.0 if same_country else 0.0, 0.0))
    equal_ids = None
    if a.registration and b.registration and not veto:
        equal_ids = a.registration == b.registration
        terms.append((1.0 if equal_ids else -1.0, W_REGISTRATION))
    raw = sum(value * weight for value, weight in terms)
    score = round(min(1.0, max(0.0, raw)), 4)
    is_match = score >= threshold and not veto
    if only_matches and not is_match:
        return None

    pair = f"'{na.spaced}' vs '{nb.spaced}'"
    seen = _compared(na, nb).observations() if na.compact != nb.compact else []
    pair += "".join(f"; {o}" for o in seen)
    features = [Feature("name", name_sim, W_NAME, f"name similarity {name_sim:.2f} ({pair})")]
    if addr is not None and a.address is not None and b.address is not None:
        features.append(Feature("address", addr[0], W_ADDRESS, address_detail(a.address, b.address, addr[0])))
        if addr[1]:
            features.append(Feature("address_numbers", 1.0, W_ADDRESS_NUMBERS, "building numbers differ"))
    else:
        # Unknown is neither for nor against: a neutral 0.5, so a name alone
        # needs a similarity of (threshold - 0.2) / 0.6 = 0.83 to match.
        detail = "address missing on one side: counted as neutral 0.5"
        features.append(Feature("address", 0.5, W_ADDRESS, detail))
    if numbers:
        shown = f"{sorted(numbers_of(na))} vs {sorted(numbers_of(nb))}"
        features.append(Feature("name_numbers", numbers, W_NAME_NUMBERS, f"numbers in names differ {shown}"))
    country_detail = (
        f"countries differ ({a.country} vs {b.country}): veto"
        if veto
        else ("same country" if same_country else "country unknown on one side")
    )
    features.append(Feature("country", 1.0 if same_country else 0.0, 0.0, country_detail))
    if equal_ids is not None:
        detail = f"registration ids {'equal' if equal_ids else 'differ'}"
        features.append(Feature("registration_id", 1.0 if equal_ids else -1.0, W_REGISTRATION, detail))
    band = _bands(threshold).band(score) if is_match else Band.NONE
    reason = _reason(features, na, nb, a, b, band, veto)
    return MatchResult(a.record.key, b.record.key, score, is_match, tuple(features), reason, band)


@lru_cache(maxsize=16)
def _bands(threshold: float) -> Bands:
    """The bands around a caller's threshold (the candidate band starts there)."""
    if threshold == DEFAULT_THRESHOLD:
        return DUPLICATE_BANDS
    return Bands(candidate=threshold, confident=max(threshold, CONFIDENT_THRESHOLD))


def _reason(
    features: list[Feature],
    na: ParsedName,
    nb: ParsedName,
    a: _Prepared,
    b: _Prepared,
    band: Band,
    veto: bool,
) -> str:
    f = {x.name: x for x in features}
    if veto:
        return f"Different countries ({a.country} vs {b.country}), so not the same facility."
    if f.get("registration_id") and f["registration_id"].value > 0:
        return "Same registration id" + (" and same country." if a.country else ".")
    if na.compact == nb.compact and na.compact:
        raw_a = a.record.name if na in a.names[:1] else "another name"
        forms = f" ('{raw_a.strip()}' = '{b.record.name.strip()}')" if na.tokens != nb.tokens else ""
        head = "Same name after removing legal forms and punctuation" + forms
    else:
        head = f"Names are {f['name'].value:.0%} similar"
    parts = [head]
    if a.address is not None and b.address is not None:
        parts.append(f"addresses {f['address'].value:.0%} similar")
    if "name_numbers" in f:
        parts.append("but the unit/branch numbers in the names differ")
    if "address_numbers" in f:
        parts.append("but the building numbers differ")
    if "registration_id" in f:
        parts.append("but the registration ids differ")
    if f["country"].value:
        parts.append("same country")
    verdict = {
        Band.CONFIDENT: "likely the same",
        Band.CANDIDATE: "possibly the same, for a person to decide",
        Band.NONE: "probably different",
    }[band]
    return ", ".join(parts) + f": {verdict}."


def _may_match(a: _Prepared, b: _Prepared, threshold: float) -> tuple[float, ParsedName, ParsedName] | None:
    """The name pair if an upper bound of ``_compare``'s score (a perfect address,
    no building-number clash) reaches the threshold, else None: the address is
    then never parsed. The bound is first taken with the string similarity alone
    (an upper bound of the name similarity) and, if it passes, with the name
    similarity itself: the word alignment runs only for pairs that may match."""
    if a.registration and a.registration == b.registration:
        return _name_pair(a, b)
    if not _bound_reaches(a, b, _string_pair(a, b), threshold):
        return None
    # The name's net score must reach what a perfect address leaves to reach.
    address_best = (1.0 if a.may_have_address and b.may_have_address else 0.5) * W_ADDRESS
    differing_ids = W_REGISTRATION if a.registration and b.registration else 0.0
    name = _name_pair(a, b, threshold - _BOUND_MARGIN - address_best + differing_ids)
    return name if name is not None and _bound_reaches(a, b, name, threshold) else None


def _string_pair(a: _Prepared, b: _Prepared) -> tuple[float, ParsedName, ParsedName]:
    """The (name, other_name) combination with the best string bound, and that bound."""
    best = (-9.0, 0.0, *_EMPTY)
    for na in a.names:
        for nb in b.names:
            strings = string_similarity(na, nb)
            net = strings * W_NAME + _numbers_value(na, nb) * W_NAME_NUMBERS
            if net > best[0]:
                best = (net, strings, na, nb)
    return best[1], best[2], best[3]


def _bound_reaches(
    a: _Prepared, b: _Prepared, name: tuple[float, ParsedName, ParsedName], threshold: float
) -> bool:
    bound = name[0] * W_NAME + _numbers_value(name[1], name[2]) * W_NAME_NUMBERS
    if a.registration and b.registration:
        bound -= W_REGISTRATION
    floor = threshold - _BOUND_MARGIN
    if bound + (1.0 if a.may_have_address and b.may_have_address else 0.5) * W_ADDRESS < floor:
        return False
    # The name alone leaves room: bound the address too (cheaply, no fuzzy word matching).
    if a.address is None or b.address is None:
        return bound + 0.5 * W_ADDRESS >= floor
    needed = (floor - bound) / W_ADDRESS
    return address_may_reach(a.address, b.address, needed, -W_ADDRESS_NUMBERS / W_ADDRESS)


def find_duplicates(
    records: Sequence[Record],
    *,
    against: Sequence[Record] = (),
    threshold: float = DEFAULT_THRESHOLD,
) -> list[MatchResult]:
    """Likely duplicates within ``records`` and between ``records`` and ``against``."""
    # Hundreds of thousands of small tuples would trigger many full garbage
    # collections (a quarter of the run time); none of them form cycles.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _find_duplicates(records, against, threshold)
    finally:
        if enabled:
            gc.enable()


def _find_duplicates(
    records: Sequence[Record], against: Sequence[Record], threshold: float
) -> list[MatchResult]:
    everyone = [*records, *against]
    countries, variants, blocks, broken = _blocks(everyone)
    prepared: list[_Prepared | None] = [None] * len(everyone)

    def prep(i: int) -> _Prepared:
        p = prepared[i]
        if p is None:
            p = prepared[i] = _Prepared(everyone[i], variants[i], countries[i])
        return p

    n_new, size = len(records), len(everyone)
    candidates: set[int] = set()  # i * size + j, i < j
    for key, members in blocks.items():
        if len(members) < 2 or members[0] >= n_new:  # pairs inside the register are not asked for
            continue
        for group in _country_groups(members, countries):
            if key[0] == "p":
                _spacing_pairs(group, broken, n_new, size, candidates)
            elif SMALL_BLOCK < len(group) <= BLOCK_CAP and key[0] != "r":
                ordered = sorted(group)  # records to check first: see _prefiltered_pairs
                _prefiltered_pairs(ordered, [prep(i) for i in ordered], n_new, size, threshold, candidates)
            elif 2 <= len(group) <= BLOCK_CAP:
                candidates.update(
                    i * size + j if i < j else j * size + i
                    for i in group
                    if i < n_new
                    for j in group
                    if j != i
                )
    results = []
    for code in candidates:
        i, j = divmod(code, size)
        a, b = prep(i), prep(j)
        name = _may_match(a, b, threshold)
        if name is not None:
            result = _compare(a, b, threshold, name, only_matches=True)
            if result is not None:
                results.append(result)
    results.sort(key=lambda r: (-r.score, r.left, r.right))
    return results


def _blocks(
    everyone: list[Record],
) -> tuple[list[str], list[tuple[ParsedName, ...]], dict[str, list[int]], set[int]]:
    """Normalised countries, parsed names (own country dropped) per record, block
    key -> record indexes, and the records with a name of broken spacing.

    Keys per name: its two rarest distinctive tokens (common words such as
    "garment" would make huge blocks), the compact name (exact duplicates,
    whatever their words) and its first five letters (broken spacing: "sang woo"
    / "sangwoo"; only the prefixes of such names); plus the registration id.
    """
    parsed: dict[str, ParsedName] = {}
    upper: dict[str, str] = {}
    starts = country_starts()
    countries: list[str] = []
    variants: list[tuple[ParsedName, ...]] = []
    for r in everyone:
        country = upper.get(r.country)
        if country is None:
            country = upper[r.country] = r.country.strip().upper()
        countries.append(country)
        parts = []
        for n in (r.name, *r.other_names) if r.other_names else (r.name,):
            pn = parsed.get(n)
            if pn is None:
                # parse_name is cached: the import plan already parsed these names.
                pn = parsed[n] = parse_name(n)
            if not n.strip():
                continue
            parts.append(without_country(pn, country) if country and not starts.isdisjoint(pn.core) else pn)
        variants.append(tuple(parts))
    freq = Counter(chain.from_iterable({t for p in vs for t in p.core} for vs in variants))
    compacts = Counter(p.compact for vs in variants for p in vs)
    broken = {i for i, vs in enumerate(variants) if _spaced_out(vs)}
    # A prefix block pairs only broken names with others: other prefixes are not kept.
    prefixes = {p.compact[:5] for i in broken for p in variants[i]}

    # Keys of a single record (most of them) would only make blocks of one: left out.
    blocks: defaultdict[str, list[int]] = defaultdict(list)
    for i, (r, vs) in enumerate(zip(everyone, variants, strict=True)):
        keys: list[str] = []
        for p in vs:
            compact = p.compact
            if compact:
                keys += _name_keys(p.core, freq)
                if compacts[compact] > 1:
                    keys.append("k:" + compact)
                if compact[:5] in prefixes:
                    keys.append("p:" + compact[:5])
        if r.registration_id:
            reg = _REGISTRATION_NOISE.sub("", r.registration_id.casefold())
            if reg:
                keys.append("r:" + reg)
        for key in dict.fromkeys(keys) if len(vs) > 1 else keys:
            blocks[key].append(i)
    return countries, variants, blocks, broken


def _name_keys(core: tuple[str, ...], freq: Counter[str]) -> list[str]:
    """The "t:" keys: the two rarest distinctive words of three letters or more, but
    not a word of this record alone."""
    words = {t for t in distinct_words(core) if len(t) >= 3 or not t.isascii()}
    rare = sorted(words, key=lambda t: (freq[t], t))[:2] if len(words) > 2 else words
    return ["t:" + t for t in rare if freq[t] > 1]


def _spaced_out(names: tuple[ParsedName, ...]) -> bool:
    """A name typed with stray spaces ("m e r c u r y appar e l"): two or more one-letter words."""
    return any(list(map(len, p.core)).count(1) >= 2 for p in names)


def _spacing_pairs(group: list[int], broken: set[int], n_new: int, size: int, out: set[int]) -> None:
    """The five-letter prefix key exists for names with broken spacing; only pairs with
    such a name come from it (other pairs share a rarer word or the whole compact name)."""
    if len(group) > BLOCK_CAP:
        return
    out.update(
        i * size + j if i < j else j * size + i
        for i in broken.intersection(group)
        for j in group
        if j != i and (i < n_new or j < n_new)
    )


def _country_groups(members: list[int], countries: list[str]) -> Iterable[list[int]]:
    """A block split by country; records of unknown country join every group."""
    first = countries[members[0]]
    if all(countries[i] == first for i in members):
        return (members,)
    by_country: defaultdict[str, list[int]] = defaultdict(list)
    for i in members:
        by_country[countries[i]].append(i)
    unknown = by_country.get("", [])
    return [m + unknown if c else m for c, m in by_country.items()]


def _prefiltered_pairs(
    group: list[int], items: list[_Prepared], n_new: int, size: int, threshold: float, out: set[int]
) -> None:
    """Pairs of a large block that may pass ``_may_match``, found by C-speed rapidfuzz
    searches, never missing one (so results equal checking every pair). A partner with
    the same registration id, a related building number (``NumberIndex``) or an alike
    glued address is listed as is. For any other partner the address term is at most
    ``_address_cap``, so the name similarity must reach a cutoff, and with it one of
    its four ratios. One entry per (record, name variant): other_names count too.

    ``group`` is sorted, so the records to check come first and each only searches
    the entries after its own (the scorers are symmetric)."""
    addresses = [p.address for p in items]
    numbers = NumberIndex(addresses)
    glued = [a.glued if a is not None else "" for a in addresses]  # "" never reaches a cutoff
    same_id: defaultdict[str, list[int]] = defaultdict(list)
    for k, p in enumerate(items):
        if p.registration:
            same_id[p.registration].append(k)
    has_none = any(a is None for a in addresses)
    open_best = max((a.unshared for a in addresses if a is not None and not a.clashable), default=None)
    clash_best = max((a.unshared for a in addresses if a is not None and a.clashable), default=None)
    floor = threshold - _BOUND_MARGIN
    owner = [k for k, p in enumerate(items) for _ in p.names]
    names = [n for p in items for n in p.names]
    columns = [
        [n.compact for n in names],
        [_word_sorted(n.spaced) for n in names],
        [n.distinct_compact for n in names],
        [_word_sorted(n.distinct_spaced) for n in names],
    ]
    ratio, search, end = fuzz.ratio, process.extract, 0
    for k, (i, p) in enumerate(zip(group, items, strict=True)):
        if i >= n_new:
            break
        a, start, end = addresses[k], end, end + len(p.names)
        listed = set(same_id[p.registration]) if p.registration else set()
        if a is not None:
            listed |= numbers.related(a)
            # 2 * ratio - 1 below a.unshared: the glued ratio cannot lift the cap.
            cut = 50 * (1 + a.unshared) - 1e-6
            alike = search(a.glued, glued[k + 1 :], scorer=ratio, score_cutoff=cut, limit=None)
            listed.update(hit[2] + k + 1 for hit in alike)
        listed.discard(k)
        out.update(i * size + group[m] if m > k else group[m] * size + i for m in listed)
        # The name's net score is at most W_NAME * similarity (numbers in names and
        # differing ids only subtract); rounding errors only lower the cutoff.
        cap = _address_cap(a, has_none, open_best, clash_best)
        cut = max(0.0, (floor - W_ADDRESS * cap) / W_NAME * 100 - 1e-6)
        if cut > 100:
            continue
        for q in range(start, end):
            for column in columns:
                for hit in search(column[q], column[q + 1 :], scorer=ratio, score_cutoff=cut, limit=None):
                    m = owner[hit[2] + q + 1]
                    if m != k:  # later in the group: a larger index
                        out.add(i * size + group[m])


def _word_sorted(spaced: str) -> str:
    """ratio() of two such strings is token_sort_ratio() of the names (whose words hold
    no whitespace), without re-sorting every choice in every search: half the time."""
    return " ".join(sorted(spaced.split()))


def _address_cap(
    a: ParsedAddress | None, has_none: bool, open_best: float | None, clash_best: float | None
) -> float:
    """The most the address can add (in address-weight units, net of a clash) with a
    partner that shares no building number with ``a``, has no related number and no
    alike glued address; ``*_best``: the largest ``unshared`` of the block's addresses
    that cannot / can clash. The word part of ``address_score`` is then at most the
    larger of the two ``unshared`` (dice is a mediant of the two containments)."""
    if a is None:
        return 0.5  # an unknown address counts as 0.5 whatever the partner
    cap = 0.5 if has_none else -1.0
    if open_best is not None:
        cap = max(cap, min(1.0, max(a.unshared, open_best)))
    if clash_best is not None:
        penalty = -W_ADDRESS_NUMBERS / W_ADDRESS if a.clashable else 0.0
        cap = max(cap, min(1.0, max(a.unshared, clash_best)) - penalty)
    return cap
