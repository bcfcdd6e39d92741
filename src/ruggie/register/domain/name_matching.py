"""Comparing two organisation names, and the three decision bands.

This is the one name comparison that duplicate detection (``matching``) and
restricted-entity screening (``ruggie.screening.domain``) share, so that a
spelling the register calls "the same supplier" is one screening also catches.

The score is a **word alignment**: each word of one name is paired with at most
one word of the other (the same word; a one-letter typo; two letters in words of
nine or more; a spelling that sounds alike, as transliterations do, "Hetian" /
"Hotan"; words written together or apart; an acronym; an initial), and the score
is the weighted share of words that found a partner. Words weigh by what they say
about identity: a distinctive word ("Zhongtai") 1, a word of one or two letters
0.5, a business word ("Textile") 0.4, a place the caller names ("Xinjiang") 0.4,
an organisation word ("Group") 0.3, a stop word ("of") 0.1. A business word or
place on *both* sides without a partner ("Chemical" against "Textile", "Chile"
against "Mexico") weighs as much as a distinctive word: the names then say
different things, which is evidence of two organisations, not a shorter spelling.

Legal forms are removed first (``names.parse_name``); two forms of different
kinds (an AG and a GmbH) cost ``FORM_CONFLICT_PENALTY``. Numbers ("Unit 6", "Fund
III", "Forty-Four") are left out of the words and left to the caller
(``numbers_differ``): the register weighs them as a feature, screening as a
caution. A name typed with broken spacing ("m e r c u r y appar e l") has no
words to pair: its whole-string similarity (``string_similarity``, which the
register has always used) counts instead.

The register caps the name score by the string similarity, because its fast
pre-filter of large blocks searches on string ratios (``matching._name_pair``);
screening uses the score as it is.

Every comparison says what it found (``NameComparison.observations``), in words a
compliance officer can read.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA
from rigour.text.phonetics import metaphone, soundex

from ruggie.register.domain.names import GENERIC_WORDS, ROMAN, ParsedName, legal_forms_table

__all__ = [
    "FORM_CONFLICT_PENALTY",
    "Band",
    "Bands",
    "NameComparison",
    "WordPair",
    "compare_names",
    "has_broken_spacing",
    "name_similarity",
    "numbers_differ",
    "numbers_of",
    "words_of",
    "string_similarity",
    "word_similarity",
    "word_weight",
]


class Band(StrEnum):
    """What a score means for the person who decides (as Open Supply Hub does for facilities)."""

    CONFIDENT = "confident"  # above the upper threshold: the same organisation
    CANDIDATE = "candidate"  # between the thresholds: a person decides
    NONE = "none"  # below the lower threshold: not a match


@dataclass(frozen=True)
class Bands:
    """The two thresholds that cut a score into the three bands."""

    candidate: float
    confident: float

    def __post_init__(self) -> None:
        if not 0.0 <= self.candidate <= self.confident <= 1.0:
            raise ValueError(f"need 0 <= candidate <= confident <= 1, got {self}")

    def band(self, score: float) -> Band:
        if score >= self.confident:
            return Band.CONFIDENT
        if score >= self.candidate:
            return Band.CANDIDATE
        return Band.NONE


# Two legal forms of different kinds are evidence of two legal persons ("Deutsche
# Bank AG" is not "Deutsche Bank GmbH"); small, because translations of Chinese or
# Russian forms vary ("Co., Ltd." / "Corporation" for the same company).
FORM_CONFLICT_PENALTY = 0.1

# Kinds of legal form (canonical tokens from ``names``). English words such as
# ltd, co, corp, inc and plc translate many forms loosely and conflict with none.
_FORM_KINDS = {
    **dict.fromkeys(("sa", "as", "ag", "nv", "spa", "kk", "pjsc", "ojsc", "jsc", "tbk"), "stock company"),
    **dict.fromkeys(("llc", "srl", "bv", "sro", "doo", "kft", "spzoo", "ooo"), "limited liability company"),
    **dict.fromkeys(("lp", "llp", "kg", "ohg", "snc", "gbr"), "partnership"),
    **dict.fromkeys(("ano", "ngo", "ev", "foundation"), "non-profit"),
}

# "ex": "(ex. Alperen Tekstil)", a former name.
STOP_WORDS = frozenset(
    """the of and for de del della di des du la le les el los las das der die den und y et da do dos
    van von in at on an ex""".split()
)
# Words that say how an organisation is organised, not which one it is.
ORGANISATION_WORDS = frozenset(
    """group grp holding holdings company corporation co corp inc limited ltd jointstock joint stock
    branch subsidiary headquarter headquarters office""".split()
)
# Words that say what an organisation does. Many supplier and listed names are
# "<place> <brand> <business>": the business word alone identifies nobody.
BUSINESS_WORDS = GENERIC_WORDS | frozenset(
    """technology tech information electronic electronics material materials new energy food foods
    trading development investment capital finance financial service services solution solutions
    system systems chemical chemicals mining metal metals steel iron logistics warehousing
    agriculture agricultural biotechnology biotech biological pharmaceutical medicine medical
    engineering construction equipment machinery machine automation digital printing paper
    cotton linen wool yarn silk hair accessory accessories shoe shoes footwear fruit vegetable
    canned sugar tomato solar silicon electric power coal economic commercial bank banking
    insurance securities trust fund partners partner management consulting business enterprises
    import export distribution supply supplies resources resource network networks media""".split()
)
# Roman numerals number funds, units and series ("Fund XI"); ``names.ROMAN`` keeps
# to the unambiguous ones, here they are only left out of the word alignment.
NUMERALS = ROMAN | frozenset("i v x xi xii xiii xiv xv xvi xvii xviii xix xx".split())
# Word weights (see the module doc).
W_DISTINCT, W_SHORT, W_BUSINESS, W_ORGANISATION, W_PLACE, W_STOP = 1.0, 0.5, 0.4, 0.3, 0.4, 0.1

# Similarity of two paired words, by how they differ. A typo costs by its density:
# one letter in n costs 0.5/n (0.9 for five letters, 0.95 for ten), two letters 1/n.
_SAME, _JOINED, _SOUNDS, _PREFIX, _INITIAL, _ACRONYM = 1.0, 1.0, 0.85, 0.8, 0.6, 0.9


@dataclass(frozen=True, slots=True)
class WordPair:
    """Words of the two names paired up (several words when written together/apart)."""

    left: str
    right: str
    similarity: float
    kind: str  # same | joined | one_letter | sounds_alike | two_letters | prefix | initial | acronym


@dataclass(frozen=True, slots=True)
class NameComparison:
    score: float
    string_similarity: float
    word_similarity: float
    pairs: tuple[WordPair, ...]
    only_left: tuple[str, ...]  # words without a partner
    only_right: tuple[str, ...]
    form_conflict: tuple[str, str] | None  # the two kinds of legal form, if they conflict
    order_differs: bool

    def observations(self) -> list[str]:
        """What the comparison found, in plain words, most telling first."""
        out: list[str] = []
        kinds = {p.kind for p in self.pairs}
        if self.order_differs:
            out.append("word order differs")
        for p in self.pairs:
            if p.kind == "one_letter":
                out.append(f"one-letter typo ('{p.left}' vs '{p.right}')")
            elif p.kind == "two_letters":
                out.append(f"two letters differ ('{p.left}' vs '{p.right}')")
            elif p.kind == "sounds_alike":
                out.append(f"spelling variant or transliteration ('{p.left}' vs '{p.right}')")
            elif p.kind == "joined":
                out.append(f"written together or apart ('{p.left}' vs '{p.right}')")
            elif p.kind == "prefix":
                out.append(f"'{p.left}' vs '{p.right}': one word extends the other")
            elif p.kind == "acronym":
                out.append(f"acronym ('{p.left}' vs '{p.right}')")
            elif p.kind == "initial":
                out.append(f"initial '{p.left}' for '{p.right}'" if len(p.left) == 1 else
                           f"initial '{p.right}' for '{p.left}'")  # fmt: skip
        if self.only_left and self.only_right:
            left, right = " ".join(self.only_left), " ".join(self.only_right)
            out.append(f"words differ ('{left}' vs '{right}')")
        elif self.only_left or self.only_right:
            extra = " ".join(self.only_left or self.only_right)
            out.append(f"extra words on one side ('{extra}')")
        if self.form_conflict:
            out.append(f"different kinds of legal form ({self.form_conflict[0]} vs {self.form_conflict[1]})")
        if not out and kinds <= {"same"} and self.score >= 1.0:
            out.append("same words")
        return out


def numbers_of(name: ParsedName) -> frozenset[int]:
    """The numbers a name carries, however written ("44", "Forty-Four", "XLIV" = 44 is
    not read: Roman numerals up to XX only)."""
    return _split_numbers(name.core)[1]


def words_of(core: tuple[str, ...]) -> tuple[str, ...]:
    """The words the alignment pairs (``core`` of a ``ParsedName``): without numbers,
    initials glued."""
    return _split_numbers(core)[0]


def numbers_differ(a: ParsedName, b: ParsedName) -> float:
    """1 if both names carry numbers and they differ, 0.5 if only one has any, else 0.

    Numbers usually name a unit, branch, fund or factory ("Unit 6", "Fund III");
    digits, Roman numerals and English number words compare as numbers.
    """
    nums_a, nums_b = _split_numbers(a.core)[1], _split_numbers(b.core)[1]
    if nums_a == nums_b:
        return 0.0
    return 1.0 if nums_a and nums_b else 0.5


def string_similarity(a: ParsedName, b: ParsedName) -> float:
    """Whole-name string similarity: half whole name, half its distinctive words.

    Half whole-name similarity, half similarity of the distinctive words, so
    "Starline Konfeksiyon" / "Ipekyolu Konfeksiyon" do not look alike. Each half
    is the better of the compact ratio (survives broken spacing) and the
    word-sorted ratio (survives word order). ``matching``'s pre-filter relies on
    this being at most the largest of those four ratios.
    """
    ca, cb = a.compact, b.compact
    if not ca or not cb:
        return 0.0
    if ca == cb:
        return 1.0
    whole = _ratio(ca, cb, a.spaced, b.spaced)
    distinct = _ratio(a.distinct_compact, b.distinct_compact, a.distinct_spaced, b.distinct_spaced)
    return (whole + distinct) / 2


def _ratio(compact_a: str, compact_b: str, spaced_a: str, spaced_b: str) -> float:
    return max(fuzz.ratio(compact_a, compact_b), fuzz.token_sort_ratio(spaced_a, spaced_b)) / 100


def name_similarity(a: ParsedName, b: ParsedName, places: frozenset[str] = frozenset()) -> float:
    """The score of ``compare_names`` without its explanation (the same number).

    The string similarity is computed first: the word alignment can only lower
    it, so a pair whose string similarity is already below what the caller needs
    can be dropped without aligning words (``at_most``-style pruning in callers).
    """
    return compare_names(a, b, places).score


def compare_names(a: ParsedName, b: ParsedName, places: frozenset[str] = frozenset()) -> NameComparison:
    """Compare two parsed names. ``places``: words that name places within the
    organisations' country (provinces, cities) which names often include or leave
    out; without it every such word counts as distinctive."""
    strings = string_similarity(a, b)
    words = _align(a.core, b.core, places)
    if a.compact == b.compact and a.compact:
        base = 1.0  # the same letters, however spaced
    elif has_broken_spacing(a.core) or has_broken_spacing(b.core):
        # "m e r c u r y appar e l": words cannot be paired; the string decides.
        base = max(words.score, strings)
    else:
        base = words.score
    conflict = _form_conflict(a.forms, b.forms)
    score = base - (FORM_CONFLICT_PENALTY if conflict else 0.0)
    return NameComparison(
        score=round(max(0.0, score), 4),
        string_similarity=strings,
        word_similarity=words.score,
        pairs=words.pairs,
        only_left=words.only_left,
        only_right=words.only_right,
        form_conflict=conflict,
        order_differs=words.order_differs,
    )


def has_broken_spacing(core: tuple[str, ...]) -> bool:
    """Letters typed apart (``core`` of a ``ParsedName``): two runs of single letters
    ("m e r c u r y appar e l"), or one of four or more. One short run is an
    initialism ("J. P. Morgan")."""
    runs, run = 0, 0
    for t in core:
        if len(t) == 1 and t.isalpha():
            run += 1
            if run >= 4:
                return True
        elif run:
            runs, run = runs + 1, 0
    return runs + (run > 0) >= 2


def _form_conflict(forms_a: tuple[str, ...], forms_b: tuple[str, ...]) -> tuple[str, str] | None:
    kinds_a = {_FORM_KINDS[f] for f in forms_a if f in _FORM_KINDS}
    kinds_b = {_FORM_KINDS[f] for f in forms_b if f in _FORM_KINDS}
    if kinds_a and kinds_b and kinds_a.isdisjoint(kinds_b):
        return min(kinds_a), min(kinds_b)
    return None


def word_weight(word: str, places: frozenset[str] = frozenset()) -> float:
    """How much a word says about which organisation a name means."""
    if word in STOP_WORDS:
        return W_STOP
    if word in places:
        return W_PLACE
    if word in ORGANISATION_WORDS:
        return W_ORGANISATION
    if word in BUSINESS_WORDS:
        return W_BUSINESS
    # One or two letters say less than a word ("SC", "PT", "NA": often a form or a prefix).
    return W_SHORT if len(word) <= 2 else W_DISTINCT


def _word_class(word: str, places: frozenset[str]) -> str:
    if word in places:
        return "place"
    if word in BUSINESS_WORDS:
        return "business"
    return ""


@dataclass(frozen=True, slots=True)
class _Aligned:
    score: float
    pairs: tuple[WordPair, ...]
    only_left: tuple[str, ...]
    only_right: tuple[str, ...]
    order_differs: bool


_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen".split()
_UNITS += "fifteen sixteen seventeen eighteen nineteen".split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
_TENS |= {"eighty": 80, "ninety": 90}
_ORDINALS = "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split()
_NUMBER_WORDS = {w: n for n, w in enumerate(_UNITS)} | {w: n for n, w in enumerate(_ORDINALS)} | _TENS
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_ORDINAL_SUFFIXES = frozenset(("st", "nd", "rd", "th"))


def _roman(token: str) -> int:
    total = 0
    for k, ch in enumerate(token):
        value = _ROMAN_VALUES[ch]
        following = _ROMAN_VALUES[token[k + 1]] if k + 1 < len(token) else 0
        total += -value if value < following else value
    return total


@lru_cache(maxsize=65_536)
def _split_numbers(core: tuple[str, ...]) -> tuple[tuple[str, ...], frozenset[int]]:
    """The words to align and the numbers of a name.

    Numbers are left out of the alignment (``numbers_differ`` weighs them), whether
    written as digits, Roman numerals or English words ("Forty-Four" = 44, "1st" =
    "First"); a possessive "s" is dropped ("Poor's"); runs of single letters are
    glued ("A.B.C." = "ABC")."""
    words: list[str] = []
    numbers: set[int] = set()
    run, tens = "", 0
    for i, t in enumerate(core):
        value = None
        if t.isdigit():
            value = int(t)
        elif t in NUMERALS and (len(t) > 1 or (i == len(core) - 1 and i >= 1 and len(core[i - 1]) > 1)):
            # A lone "I", "V" or "X" is a numeral only at the end after a word ("Fund I").
            value = _roman(t)
        elif t in _NUMBER_WORDS:
            value = _NUMBER_WORDS[t]
        if value is not None or (t in _ORDINAL_SUFFIXES and i and core[i - 1].isdigit()):
            if run:
                words.append(run)
                run = ""
            if value is not None:
                if tens and value < 10:  # "forty four"
                    numbers.discard(tens)
                    value += tens
                tens = value if value in _TENS.values() and t in _TENS else 0
                numbers.add(value)
            continue
        tens = 0
        if len(t) == 1 and t.isalpha():
            if t == "s" and i > 0 and not run:
                continue
            run += t
            continue
        if run:
            words.append(run)
            run = ""
        words.append(t)
    if run:
        words.append(run)
    return tuple(words), frozenset(numbers)


def _align(core_a: tuple[str, ...], core_b: tuple[str, ...], places: frozenset[str]) -> _Aligned:
    """Pair the words of two names, surest pairings first: equal words, then the
    remaining words by how alike they are (typos, spellings, words written together
    or apart, acronyms), greedily, each word at most once."""
    wa, wb = _split_numbers(core_a)[0], _split_numbers(core_b)[0]
    if not wa or not wb:
        return _Aligned(1.0 if wa == wb else 0.0, (), wa, wb, False)
    if wa == wb:  # most often: nothing to weigh
        return _Aligned(1.0, tuple(WordPair(w, w, _SAME, "same") for w in wa), (), (), False)
    weight_a = [word_weight(w, places) for w in wa]
    weight_b = [word_weight(w, places) for w in wb]
    chosen: list[tuple[float, tuple[int, ...], tuple[int, ...], str, str, str]] = []
    used_a: set[int] = set()
    used_b: set[int] = set()
    free_b: dict[str, list[int]] = {}
    for j, y in enumerate(wb):
        free_b.setdefault(y, []).append(j)
    for i, x in enumerate(wa):
        same = free_b.get(x)
        if same:
            j = same.pop(0)
            used_a.add(i)
            used_b.add(j)
            chosen.append((_SAME, (i,), (j,), "same", x, x))
    if len(used_a) < len(wa) and len(used_b) < len(wb):
        _pair_the_rest(wa, wb, weight_a, weight_b, used_a, used_b, chosen)
    matched = sum(
        sim * (sum(weight_a[i] for i in ia) + sum(weight_b[j] for j in ib)) for sim, ia, ib, *_ in chosen
    )
    total = sum(weight_a[i] for i in used_a) + sum(weight_b[j] for j in used_b)
    rest_a = [i for i in range(len(wa)) if i not in used_a]
    rest_b = [j for j in range(len(wb)) if j not in used_b]
    total += _unpaired_weight(wa, weight_a, rest_a, wb, rest_b, places)
    total += _unpaired_weight(wb, weight_b, rest_b, wa, rest_a, places)
    order = [c[2][0] for c in sorted(chosen, key=lambda c: c[1][0])]
    return _Aligned(
        score=matched / total if total else 0.0,
        pairs=tuple(WordPair(left, right, sim, kind) for sim, _, _, kind, left, right in chosen),
        only_left=tuple(wa[i] for i in rest_a),
        only_right=tuple(wb[j] for j in rest_b),
        order_differs=order != sorted(order),
    )


def _pair_the_rest(
    wa: tuple[str, ...],
    wb: tuple[str, ...],
    weight_a: list[float],
    weight_b: list[float],
    used_a: set[int],
    used_b: set[int],
    chosen: list[tuple[float, tuple[int, ...], tuple[int, ...], str, str, str]],
) -> None:
    """Pair the words that have no equal partner, in place (see ``_align``)."""
    rest_a = [i for i in range(len(wa)) if i not in used_a]
    rest_b = [j for j in range(len(wb)) if j not in used_b]
    candidates: list[tuple[float, float, tuple[int, ...], tuple[int, ...], str]] = []

    def add(ia: tuple[int, ...], ib: tuple[int, ...], x: str, y: str, joined: bool) -> None:
        sim, kind = word_similarity(x, y)
        if sim <= 0 or (joined and kind in ("prefix", "initial")):
            return
        if joined and kind == "same":
            kind = "joined"
        mass = sum(weight_a[i] for i in ia) + sum(weight_b[j] for j in ib)
        candidates.append((sim * mass, sim, ia, ib, kind))

    for i in rest_a:
        for j in rest_b:
            add((i,), (j,), wa[i], wb[j], False)
    # Words written together on one side and apart on the other ("Good Will" /
    # "Goodwill", "van der Bilt" / "Vanderbilt", "Qa ida" / "Qaeda").
    for n in (2, 3):
        for span in _free_spans(rest_a, n):
            glued = "".join(wa[i] for i in span)
            for j in rest_b:
                if abs(len(glued) - len(wb[j])) <= 2:
                    add(span, (j,), glued, wb[j], True)
        for span in _free_spans(rest_b, n):
            glued = "".join(wb[j] for j in span)
            for i in rest_a:
                if abs(len(glued) - len(wa[i])) <= 2:
                    add((i,), span, wa[i], glued, True)
    # An acronym on one side for words on the other ("PLA" / "People's Liberation Army").
    if len(rest_b) >= 2:
        for i in rest_a:
            for span in _acronym_spans(wa[i], wb, rest_b):
                mass = weight_a[i] + sum(weight_b[j] for j in span)
                candidates.append((_ACRONYM * mass, _ACRONYM, (i,), span, "acronym"))
    if len(rest_a) >= 2:
        for j in rest_b:
            for span in _acronym_spans(wb[j], wa, rest_a):
                mass = weight_b[j] + sum(weight_a[i] for i in span)
                candidates.append((_ACRONYM * mass, _ACRONYM, span, (j,), "acronym"))
    # Surest pairings first (typos before acronyms), then the heavier.
    candidates.sort(key=lambda c: (-c[1], -c[0], c[2], c[3]))
    for _, sim, ia, ib, kind in candidates:
        if used_a.isdisjoint(ia) and used_b.isdisjoint(ib):
            used_a.update(ia)
            used_b.update(ib)
            chosen.append((sim, ia, ib, kind, " ".join(wa[i] for i in ia), " ".join(wb[j] for j in ib)))


def _free_spans(free: list[int], n: int) -> list[tuple[int, ...]]:
    """Runs of ``n`` consecutive word positions that are all unpaired."""
    return [tuple(free[k : k + n]) for k in range(len(free) - n + 1) if free[k + n - 1] - free[k] == n - 1]


def _unpaired_weight(
    words: tuple[str, ...],
    weights: list[float],
    rest: list[int],
    other: tuple[str, ...],
    other_rest: list[int],
    places: frozenset[str],
) -> float:
    """Unpaired words weigh their own weight, except business words and places
    that face an unpaired word of the same class on the other side: the names
    then say different things ("Chemical" / "Textile"), as distinctive words do."""
    classes = {_word_class(other[j], places) for j in other_rest}
    total = 0.0
    for i in rest:
        cls = _word_class(words[i], places)
        total += W_DISTINCT if cls and cls in classes else weights[i]
    return total


def _acronym_spans(word: str, words: tuple[str, ...], free: list[int]) -> list[tuple[int, ...]]:
    """Runs of unpaired ``words`` (two or more; stop words inside skipped) whose
    initials spell ``word``."""
    if not 2 <= len(word) <= 6 or not word.isalpha():
        return []
    free_set = set(free)
    spans = []
    for start in free:
        first = words[start]
        if first[0] != word[0] or first in STOP_WORDS or len(first) == 1:
            continue
        initials, span = "", []
        for j in range(start, len(words)):
            if j not in free_set:
                break
            if words[j] in STOP_WORDS and initials:
                span.append(j)
                continue
            initials += words[j][0]
            span.append(j)
            if not word.startswith(initials):
                break
            if initials == word:
                if len(span) >= 2:
                    spans.append(tuple(span))
                break
    return spans


@lru_cache(maxsize=131_072)
def word_similarity(x: str, y: str) -> tuple[float, str]:
    """How alike two words are, and how they differ; (0, "") when they do not pair.

    Typos are allowed by length: none in words of three letters or fewer (acronyms
    differ by one letter: "BD" / "BP"), one letter in shorter words, two from nine
    letters, and cost by their density (one letter in five: 0.9). Words that sound
    alike (equal Metaphone code, or Soundex up to eight letters) may differ by two
    letters: transliterations ("Hetian" / "Hotan", "Baowei" / "Baowu").
    """
    if x == y:
        return _SAME, "same"
    short, long_ = (x, y) if len(x) <= len(y) else (y, x)
    if len(short) == 1:
        return (_INITIAL, "initial") if long_.startswith(short) and len(long_) > 1 else (0.0, "")
    if len(short) <= 3:
        return 0.0, ""
    distance = OSA.distance(x, y, score_cutoff=3)
    if distance == 1:
        return 1.0 - 0.5 / len(short), "one_letter"  # short has four letters or more
    if distance == 2:
        # Soundex codes only the first four consonants: long words would sound alike
        # whatever their endings ("Constructors" / "Construction").
        sounds = metaphone(x) == metaphone(y) or (len(long_) <= 8 and soundex(x) == soundex(y))
        if sounds and x.isalpha() and y.isalpha():
            return _SOUNDS, "sounds_alike"
        if len(short) >= 9:
            return 1.0 - 1.0 / len(short), "two_letters"
    if len(short) >= 4 and (long_.startswith(short) or long_.endswith(short)):
        # "SiemensAG", "LtdUnit": a legal form glued on.
        rest = long_[len(short) :] if long_.startswith(short) else long_[: -len(short)]
        if (rest,) in legal_forms_table()[0]:
            return _JOINED, "joined"
        if len(short) >= 5 and len(long_) - len(short) <= 3 and long_.startswith(short):
            return _PREFIX, "prefix"
    return 0.0, ""
