"""Company-name normalisation for duplicate detection.

Pure Python on purpose: ``ruggie.register.domain`` must not import Django.

Pipeline (``parse_name``): case-fold, strip Latin accents (other scripts are
kept as they are, so a Chinese or Thai name compares against itself), turn
punctuation into spaces, split glued letters and digits ("unit14" -> "unit 14"),
then replace legal forms by a canonical token. Legal forms come first from
``ruggie/data/legal_forms.yaml`` (our own list) and then from
``rigour.names.org_types`` (OpenSanctions' ISO 20275-based database) for the
long tail our list does not carry.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

import pycountry
import yaml
from rigour.names import extract_org_types

__all__ = [
    "ParsedName",
    "country_names",
    "country_starts",
    "distinct_words",
    "drop_own_country",
    "fold_tokens",
    "legal_form",
    "legal_forms_table",
    "name_key",
    "name_parts",
    "normalise_name",
    "parse_name",
    "without_country",
]

# Letters NFKD does not decompose, so accent stripping alone would keep them.
_SPECIAL_LETTERS = str.maketrans(
    {"ø": "o", "đ": "d", "ł": "l", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"}
)
# Only marks that follow an ASCII letter are dropped: Thai, Devanagari or Arabic
# vowel signs are also combining marks and removing them would destroy the word.
_LATIN_MARKS = re.compile(r"(?<=[a-z])[\u0300-\u036f]+")
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")
# ASCII: runs of letters or of digits are the tokens (punctuation splits, and so
# does a letter/digit join), so one findall does what the Unicode path does in four.
_ASCII_TOKENS = re.compile(r"[a-z]+|[0-9]+")
_ANY_MARK = re.compile(r"[\u0300-\u036f]")
_ANY_DIGIT = re.compile(r"\d")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Legal forms that describe activity, not legal identity ("san. ve tic.").
_DESCRIPTOR_FORMS = frozenset({"santic"})
# Roman numerals number units and funds ("Unit II"); rigour reads "ii" as a form.
ROMAN = frozenset({"ii", "iii", "iv", "vi", "vii", "viii", "ix"})
_NO_NUMBERS: frozenset[str] = frozenset()
# Spelling variants of words common in facility names, folded for comparison.
_WORD_SYNONYMS = {
    "mfg": "manufacturing",
    "mfr": "manufacturing",
    "manufacture": "manufacturing",
    "manufacturer": "manufacturing",
    "manufacturers": "manufacturing",
    "intl": "international",
    "inds": "industry",
    "industries": "industry",
    "ind": "industry",
    "ent": "enterprise",
    "textil": "textile",
    "tekstil": "textile",
    "texteis": "textile",
    "grp": "group",
    "&": "and",
}
# Words that say what a facility does, not which one it is. Shared generic
# words ("X Konfeksiyon" vs "Y Konfeksiyon") must not make names look alike.
GENERIC_WORDS = frozenset(
    """garment apparel textile konfeksiyon confeccoe fashion knitting knit knitwear
    industry industrial industria industria sanayi group grup international
    manufacturing factory fabrika mill enterprise trading trade export import holding
    clothing wear sportswear dyeing printing washing leather shoe footwear accessorie
    product production global and unit branch division plant facility lanka
    calzificio maglificio confezioni confeccione tessitura triko giyim orme corap
    """.split()
)


@cache
def _punctuation() -> re.Pattern[str]:
    """Regex for punctuation, symbols and control characters in the BMP.

    ``\\W`` is not used because it also matches combining marks (Thai vowels).
    """
    chars = [
        chr(cp)
        for cp in range(0x10000)
        if unicodedata.category(chr(cp))[0] in "PSZC" and not (0xD800 <= cp <= 0xDFFF)
    ]
    ranges: list[str] = []
    start = prev = ord(chars[0])
    for ch in chars[1:] + [chr(0x10FFFF)]:
        cp = ord(ch)
        if cp != prev + 1:
            ranges.append(re.escape(chr(start)) + "-" + re.escape(chr(prev)))
            start = cp
        prev = cp
    return re.compile("[" + "".join(ranges) + "_]+")


def fold_tokens(text: str) -> list[str]:
    """Case-fold, strip Latin accents, split on punctuation and letter/digit joins."""
    if text.isascii():  # fast path: most names; nothing to decompose
        text = text.lower()
        return _ASCII_TOKENS.findall(text.replace("&", " and ") if "&" in text else text)
    # Word by word, memoised: words such as "công", "ооо" or "จำกัด" recur in most
    # names of a country. Every step works within a whitespace-delimited word (the
    # whitespace is a separator either way), so the tokens are the same.
    tokens: list[str] = []
    for word in text.split():
        tokens += _fold_word_tokens(word)
    return tokens


@lru_cache(maxsize=65_536)
def _fold_word_tokens(text: str) -> tuple[str, ...]:
    if text.isascii():
        return tuple(fold_tokens(text))
    text = unicodedata.normalize("NFKD", text.casefold())
    if _ANY_MARK.search(text):
        text = _LATIN_MARKS.sub("", text)
    text = unicodedata.normalize("NFC", text).translate(_SPECIAL_LETTERS).replace("&", " and ")
    text = _punctuation().sub(" ", text)
    return tuple((_LETTER_DIGIT.sub(" ", text) if _ANY_DIGIT.search(text) else text).split())


@cache
def legal_forms_table() -> tuple[dict[tuple[str, ...], str], dict[str, str], int]:
    """Load legal_forms.yaml: (token-sequence aliases, CJK affixes, longest alias).

    The YAML key ``version`` is read by nobody yet; it is there for migrations.
    """
    raw = resources.files("ruggie.data").joinpath("legal_forms.yaml").read_text("utf-8")
    data = yaml.safe_load(raw)
    aliases: dict[tuple[str, ...], str] = {}
    cjk: dict[str, str] = {}
    for canonical, names in data["forms"].items():
        for alias in [canonical, *names]:
            if _CJK.search(alias):
                cjk[alias] = canonical
            else:
                aliases[tuple(fold_tokens(alias))] = canonical
    return aliases, cjk, max(len(a) for a in aliases)


@cache
def _alias_lengths() -> dict[str, tuple[int, ...]]:
    """First token of a legal form -> the forms' lengths in tokens, longest first."""
    lengths: defaultdict[str, set[int]] = defaultdict(set)
    for alias in legal_forms_table()[0]:
        lengths[alias[0]].add(len(alias))
    return {start: tuple(sorted(ns, reverse=True)) for start, ns in lengths.items()}


@cache
def _cjk_by_length() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(legal_forms_table()[1].items(), key=lambda item: -len(item[0])))


@cache
def country_names() -> dict[tuple[str, ...], str]:
    """Folded country names (as token tuples) -> ISO 3166-1 alpha-2."""
    names: dict[tuple[str, ...], str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                names[tuple(fold_tokens(value))] = country.alpha_2
    extra = {"turkey": "TR", "vietnam": "VN", "russia": "RU", "burma": "MM", "usa": "US"}
    extra |= {"uk": "GB", "hong kong": "HK", "korea": "KR", "macau": "MO", "taiwan": "TW"}
    names.update((tuple(fold_tokens(k)), v) for k, v in extra.items())
    return names


@dataclass(frozen=True, slots=True)
class ParsedName:
    tokens: tuple[str, ...]  # normalised; each legal form is one canonical token
    core: tuple[str, ...]  # without legal forms; plurals and synonyms folded
    forms: tuple[str, ...]  # canonical legal forms, in order of appearance
    # Derived strings, computed once because matching compares them many times.
    # "compact" drops spaces: scraped names often break words apart
    # ("m e r c u r y appar e l") or glue them ("voguetex" / "vogue tex").
    compact: str = field(init=False, compare=False, repr=False)
    spaced: str = field(init=False, compare=False, repr=False)
    # Core without generic trade words (all of core if nothing is left).
    distinct_compact: str = field(init=False, compare=False, repr=False)
    distinct_spaced: str = field(init=False, compare=False, repr=False)
    # Numbers usually identify a unit, branch or factory ("Unit 6", "Unit II").
    numbers: frozenset[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        core, put = self.core, object.__setattr__
        compact, spaced = "".join(core), " ".join(core)
        # Most names have no number and share one empty set: a frozenset per name is
        # one more object for every garbage collection to scan (~15% of a cold parse).
        numbers = _NO_NUMBERS if ROMAN.isdisjoint(core) else ROMAN.intersection(core)
        if not compact.isalpha():  # letters only: no digit (isdigit() is never alpha)
            digits = [t.lstrip("0") or "0" for t in core if t.isdigit()]
            numbers = numbers.union(digits) if digits else numbers
        put(self, "numbers", numbers)
        put(self, "compact", compact)
        put(self, "spaced", spaced)
        distinct = distinct_words(core)
        same = len(distinct) == len(core)  # no generic word: the same strings
        put(self, "distinct_compact", compact if same else "".join(distinct))
        put(self, "distinct_spaced", spaced if same else " ".join(distinct))


def distinct_words(core: tuple[str, ...]) -> tuple[str, ...]:
    """Core words without generic trade words; all of core if nothing is left."""
    return tuple([t for t in core if t not in GENERIC_WORDS]) or core


def _fold_word(token: str) -> str:
    token = _WORD_SYNONYMS.get(token, token)
    # Naive English plural folding ("garments", "apparels"); long ASCII words only.
    if len(token) > 4 and token.isascii() and token.endswith("s") and not token.endswith("ss"):
        token = _WORD_SYNONYMS.get(token[:-1], token[:-1])
    return token


@cache
def country_starts() -> frozenset[str]:
    """First tokens of the folded country names: most names contain none."""
    return frozenset(seq[0] for seq in country_names())


def without_country(name: ParsedName, country: str) -> ParsedName:
    """Drop the record's own country from its name: "Sang Woo (Cambodia)" in KH.

    Other countries stay: "Banco Santander Chile" is not "Banco Santander".
    """
    core = drop_own_country(name.core, country)
    return ParsedName(name.tokens, core, name.forms) if len(core) < len(name.core) else name


def drop_own_country(core: tuple[str, ...], country: str) -> tuple[str, ...]:
    """``core`` without the names of ``country`` (never all of it)."""
    if not country or country_starts().isdisjoint(core):
        return core
    names, words, i = country_names(), list(core), 0
    while i < len(words):
        for n in (3, 2, 1):
            if len(words) > n and names.get(tuple(words[i : i + n])) == country:
                del words[i : i + n]
                break
        else:
            i += 1
    return tuple(words) if len(words) < len(core) else core


def _split_cjk(tokens: list[str]) -> list[str | tuple[str]]:
    """Cut CJK legal forms off the start/end of tokens; a 1-tuple marks a form."""
    out: list[str | tuple[str]] = []
    for tok in tokens:
        if _CJK.search(tok):
            for alias, canonical in _cjk_by_length():
                if tok.endswith(alias) and len(tok) > len(alias):
                    out.extend([tok[: -len(alias)], (canonical,)])
                    break
                if tok.startswith(alias) and len(tok) > len(alias):
                    out.extend([(canonical,), tok[len(alias) :]])
                    break
                if tok == alias:
                    out.append((canonical,))
                    break
            else:
                out.append(tok)
        else:
            out.append(tok)
    return out


def _replace_forms(items: Sequence[str | tuple[str]], marked: bool) -> tuple[list[str], list[bool]]:
    """Legal-form token sequences -> canonical tokens, longest form first, left to
    right; if ``marked``, also flags the CJK forms that ``_split_cjk`` marked as 1-tuples."""
    lengths, first = _alias_lengths(), len(items)
    for j, t in enumerate(items):
        if t in lengths:
            first = j
            break
    # Forms start at a known first token, so the words before the first such token
    # are plain and the rest ("co ltd", "pvt ltd") recurs across names: memoised.
    tail, tail_forms = _replace_tail(tuple(items[first:]))
    tokens, is_form = [*items[:first], *tail], [False] * first + tail_forms
    if marked:
        for k, t in enumerate(tokens):
            if isinstance(t, tuple):
                tokens[k], is_form[k] = t[0], True
    return tokens, is_form  # type: ignore[return-value]


@lru_cache(maxsize=4096)
def _replace_tail(items: tuple[str | tuple[str], ...]) -> tuple[tuple[str | tuple[str], ...], list[bool]]:
    aliases, lengths = legal_forms_table()[0], _alias_lengths()
    tokens: list[str | tuple[str]] = []
    is_form: list[bool] = []
    pos = 0
    for j in [j for j, t in enumerate(items) if t in lengths]:
        if j < pos:  # inside a form already replaced
            continue
        for n in lengths[items[j]]:  # type: ignore[index]
            # A slice holding a CJK form (a 1-tuple) never equals an alias.
            canonical = aliases.get(items[j : j + n])  # type: ignore[arg-type]
            if canonical is not None:
                tokens += items[pos:j]
                is_form += [False] * (j - pos)
                tokens.append(canonical)
                is_form.append(True)
                pos = j + n
                break
    tokens += items[pos:]
    is_form += [False] * (len(items) - pos)
    return tuple(tokens), is_form


def name_parts(name: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """``(tokens, core, forms)`` of ``ParsedName``, uncached and without the
    derived strings: the part that blocking needs for every record."""
    folded = fold_tokens(name)
    is_form: list[bool] | None = None
    if not name.isascii():
        tokens, is_form = _replace_forms(_split_cjk(folded), marked=True)
    elif not _alias_lengths().keys().isdisjoint(folded):
        tokens, is_form = _replace_forms(folded, marked=False)
    else:
        tokens = folded
    is_form = _apply_rigour(tokens, is_form)
    syn = _WORD_SYNONYMS
    # _fold_word only changes synonyms and words ending in "s"; skip the call otherwise.
    if is_form is None or True not in is_form:
        core = [_fold_word(t) if t in syn or t[-1] == "s" else t for t in tokens]
        return tuple(tokens), tuple(core) or tuple(tokens), ()
    core = [
        _fold_word(t) if t in syn or t[-1] == "s" else t
        for t, f in zip(tokens, is_form, strict=True)
        if not f
    ]
    forms = tuple([t for t, f in zip(tokens, is_form, strict=True) if f])
    # A name that is only a legal form ("Company Limited") keeps it.
    return tuple(tokens), tuple(core) or tuple(tokens), forms


@lru_cache(maxsize=262_144)
def parse_name(name: str) -> ParsedName:
    return ParsedName(*name_parts(name))


def _apply_rigour(tokens: list[str], is_form: list[bool] | None) -> list[bool] | None:
    """Mark a trailing legal form our YAML lacks, using rigour's database, in place;
    returns ``is_form`` (None: no form at all). Only the end of the name is
    searched: rigour's short aliases ("at", "ag", "ii") are also ordinary words,
    and the forms our list misses are trailing."""
    end = len(tokens)
    if is_form is not None:
        while end and is_form[end - 1]:
            end -= 1
    if not end:
        return is_form
    found = extract_org_types(" ".join(tokens[:end]) if end < len(tokens) else " ".join(tokens))
    if found:  # only the last match can be trailing
        matched, target = found[-1]
        seq = matched.split()
        start = end - len(seq)
        if start > 0 and tokens[start:end] == seq and not ROMAN.intersection(seq):
            tokens[start:end] = [target.replace(" ", "")]
            is_form = [False] * len(tokens) if is_form is None else is_form
            is_form[start:end] = [True]
    return is_form


@lru_cache(maxsize=262_144)  # a 200,000-row import fits; multi-site suppliers repeat names
def normalise_name(name: str) -> str:
    """Case-folded, accent-free name; legal forms as canonical tokens, single spaces.

    >>> normalise_name(" ABC  Co., Ltd. ")
    'abc ltd'
    """
    return " ".join(parse_name(name).tokens)


def name_key(name: str) -> str:
    """Blocking key: the name's tokens without legal forms, sorted, space-joined.

    Sorting makes word order irrelevant ("Textiles Sunrise" = "Sunrise
    Textile"); plurals and a few abbreviations are folded ("garments" ->
    "garment", "mfg" -> "manufacturing"). Two names with equal keys are
    candidate duplicates; unequal keys can still match in ``matching.compare``.
    """
    return " ".join(sorted(parse_name(name).core))


def legal_form(name: str) -> str | None:
    """The canonical legal form of the name (the last one found), if any."""
    forms = [f for f in parse_name(name).forms if f not in _DESCRIPTOR_FORMS]
    return forms[-1] if forms else None


if __name__ == "__main__":  # pragma: no cover - manual check
    for arg in sys.argv[1:]:
        print(normalise_name(arg), "|", name_key(arg), "|", legal_form(arg))
