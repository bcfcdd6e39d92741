"""Address comparison for duplicate detection (split out of ``matching``).

Pure Python: ``ruggie.register.domain`` must not import Django.

Addresses are folded like names (``names.fold_tokens``), spelling variants
collapse to one token ("street" / "st" / "sokak"), the country name is dropped
(it is redundant with ``Record.country``), and similarity is a weighted word
overlap in which common words ("road", "zone") count for 0.3 and building
numbers must match exactly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.process import extractOne

from ruggie.register.domain.names import country_names, country_starts, fold_tokens

__all__ = [
    "NumberIndex",
    "ParsedAddress",
    "address_detail",
    "address_score",
    "address_similarity",
    "address_may_reach",
    "parse_address",
]

# Address vocabulary: spelling variants collapse to one token, and words that
# occur in most addresses ("road", "zone") count for little (weight 0.3).
_ADDRESS_SYNONYMS = {
    **dict.fromkeys("street st str sokak sokaka sok sk ulitsa ul calle rue strada".split(), "st"),
    **dict.fromkeys("road rd carretera yolu".split(), "rd"),
    **dict.fromkeys("avenue ave av avda avenida cadde caddesi cad cd bulvar bulvari blvd".split(), "ave"),
    **dict.fromkeys("mahallesi mahalle mah mh".split(), "mah"),
    **dict.fromkeys("industrial industry ind industrielle industriel industria sanayi san".split(), "ind"),
    **dict.fromkeys("zone zona zi".split(), "zone"),
    **dict.fromkeys("building bldg edificio blok block blk".split(), "bldg"),
    **dict.fromkeys("floor fl kat".split(), "fl"),
    **dict.fromkeys("district dist ilce".split(), "dist"),
    **dict.fromkeys("village vill phum".split(), "village"),
    **dict.fromkeys("province prov".split(), "province"),
}
_ADDRESS_STOP = frozenset("no nr ndeg num number n of the de da do di del della dell and y po".split())
_ADDRESS_GENERIC = frozenset(
    "st rd ave mah ind zone bldg fl dist village province park estate area city export "
    "processing free sector plot lot unit commune sangkat khan srok khum county town "
    "township center centre epz osb organize bolgesi sitesi kisim moo tambol amphur "
    "sub lane box main national cedex region state".split()
)


@dataclass(frozen=True, slots=True)
class ParsedAddress:
    tokens: tuple[str, ...]  # in order, numbers included
    words: tuple[str, ...]
    numbers: frozenset[str]
    # Derived once, because find_duplicates compares one address with many.
    glued: str = field(init=False, compare=False, repr=False)  # "".join(tokens)
    weight: float = field(init=False, compare=False, repr=False)  # total weight of words
    word_set: frozenset[str] = field(init=False, compare=False, repr=False)
    # For bounds in bulk (find_duplicates): the most the word part of address_score
    # can reach against an address sharing no number with this one, and whether the
    # numbers can clash at all (not only postcodes).
    unshared: float = field(init=False, compare=False, repr=False)
    clashable: bool = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        put, weight, numbers = object.__setattr__, sum(map(_weight, self.words)), self.numbers
        put(self, "glued", "".join(self.tokens))
        put(self, "weight", weight)
        put(self, "word_set", frozenset(self.words))
        put(self, "unshared", weight / (weight + len(numbers)) if weight or numbers else 0.0)
        put(self, "clashable", any(len(n) < 5 for n in numbers))


def parse_address(address: str) -> ParsedAddress:
    syn = _ADDRESS_SYNONYMS
    toks = [syn.get(t, t) for t in fold_tokens(address)]
    if not country_starts().isdisjoint(toks):
        toks = _drop_country_names(toks)
    stop = _ADDRESS_STOP
    toks = [(t.lstrip("0") or "0" if t.isdigit() else t) for t in toks if t not in stop]
    numbers = frozenset([t for t in toks if t.isdigit()])
    return ParsedAddress(tuple(toks), tuple([t for t in toks if not t.isdigit()]), numbers)


def _drop_country_names(toks: list[str]) -> list[str]:
    # Most addresses end with the country; it is redundant with Record.country.
    names, starts = country_names(), country_starts()
    out, i = [], 0
    while i < len(toks):
        if toks[i] in starts:
            n = next((n for n in (3, 2, 1) if tuple(toks[i : i + n]) in names), 0)
            if n:
                i += n
                continue
        out.append(toks[i])
        i += 1
    return out


def _weight(token: str) -> float:
    return 0.3 if token in _ADDRESS_GENERIC else 1.0


def _matched_weight(a: Sequence[str], b: ParsedAddress) -> float:
    """Weight of a's words found in b: exactly or, from four letters on, at
    fuzz.ratio >= 80 ("watthana" / "wattana", "kampon" / "kampong")."""
    exact, ratio, generic, words = b.word_set, fuzz.ratio, _ADDRESS_GENERIC, b.words
    matched = 0.0
    for t in a:
        # extractOne loops over b's words in C; same rule as any(ratio(t, u) >= 80).
        if t in exact or (len(t) >= 4 and extractOne(t, words, scorer=ratio, score_cutoff=80) is not None):
            matched += 0.3 if t in generic else 1.0
    return matched


def _numbers_clash(a: frozenset[str], b: frozenset[str]) -> bool:
    """Do the building numbers differ? Postcodes (5+ digits) are left out, and
    glued numbers count as shared ("99" vs "99101", typo "33o" vs "330")."""
    if not a or not b or not a.isdisjoint(b):  # a shared number is never a clash
        return False
    if all(len(n) >= 5 for n in a) or all(len(n) >= 5 for n in b):
        return False
    for x in a:
        for y in b:
            if x.startswith(y) or y.startswith(x):
                return False
    return True


class NumberIndex:
    """Which of some addresses have a building number related to a given address's:
    shared, or one a prefix of the other (glued, see ``_numbers_clash``). Any other
    pair of ``clashable`` addresses clashes, and shares no number."""

    def __init__(self, addresses: Sequence[ParsedAddress | None]) -> None:
        self._whole: defaultdict[str, list[int]] = defaultdict(list)
        self._start: defaultdict[str, list[int]] = defaultdict(list)  # by every prefix
        for k, a in enumerate(addresses):
            for n in a.numbers if a is not None else ():
                self._whole[n].append(k)
                for end in range(1, len(n) + 1):
                    self._start[n[:end]].append(k)

    def related(self, a: ParsedAddress) -> set[int]:
        """Positions of the addresses with a number that starts ``a``'s or starts with it."""
        out: set[int] = set()
        whole, start = self._whole, self._start
        for x in a.numbers:
            out.update(start.get(x, ()))
            for end in range(1, len(x)):
                out.update(whole.get(x[:end], ()))
        return out


def address_score(a: ParsedAddress, b: ParsedAddress) -> tuple[float, bool]:
    """Similarity 0..1 and whether the building numbers clash."""
    ma, ta, tb = _matched_weight(a.words, b), a.weight, b.weight
    mb = _matched_weight(b.words, a)
    shared = a.numbers & b.numbers
    # Numbers weigh like distinctive words but must match exactly.
    ma, mb = ma + len(shared), mb + len(shared)
    ta, tb = ta + len(a.numbers), tb + len(b.numbers)
    if not ta or not tb:
        return 0.0, False
    dice = (ma + mb) / (ta + tb)
    containment = max(ma / ta, mb / tb)
    sim = (dice + containment) / 2
    # Glued words ("pallerotamamadala") defeat token matching; compare compacts too.
    # Unrelated strings of this length still score ~0.4, so only the part of
    # the glued ratio above 0.5 counts.
    glued = fuzz.ratio(a.glued, b.glued) / 100
    sim = max(sim, 2 * glued - 1)
    return min(1.0, sim), _numbers_clash(a.numbers, b.numbers)


def address_may_reach(a: ParsedAddress, b: ParsedAddress, needed: float, clash_penalty: float) -> bool:
    """Could ``address_score(a, b)`` reach ``needed`` (``needed + clash_penalty`` if the
    building numbers clash)? Exact, and cheap: the word part is bounded by assuming every
    word matches (numbers only when shared), the glued ratio is computed only when it can
    decide, and the clash is checked last. find_duplicates skips pairs that cannot match."""
    shared = len(a.numbers & b.numbers)
    ta, tb = a.weight + len(a.numbers), b.weight + len(b.numbers)
    if not ta or not tb:
        return needed <= 0.0
    ma, mb = a.weight + shared, b.weight + shared
    best = min(1.0, ((ma + mb) / (ta + tb) + max(ma / ta, mb / tb)) / 2)
    if best < needed + clash_penalty:
        # 2 * ratio - 1 >= needed  <=>  ratio >= 50 * (needed + 1); below that it cannot help.
        glued = fuzz.ratio(a.glued, b.glued, score_cutoff=max(0.0, 50 * (needed + 1)))
        best = max(best, min(1.0, 2 * glued / 100 - 1)) if glued else best
    if best < needed:
        return False
    return best >= needed + clash_penalty or not _numbers_clash(a.numbers, b.numbers)


def address_detail(a: ParsedAddress, b: ParsedAddress, sim: float) -> str:
    if not (a.words or a.numbers) or not (b.words or b.numbers):
        return "address has no comparable words"
    return (
        f"address similarity {sim:.2f} ('{' '.join(a.words)} {' '.join(sorted(a.numbers))}'"
        f" vs '{' '.join(b.words)} {' '.join(sorted(b.numbers))}')"
    )


def address_similarity(a: ParsedAddress, b: ParsedAddress) -> tuple[float, bool, str]:
    """Similarity 0..1, whether building numbers clash, and a human-readable detail."""
    sim, clash = address_score(a, b)
    return sim, clash, address_detail(a, b, sim)
