"""Blocking: which listed names a supplier name should be compared with.

Comparing every supplier name with every listed name is quadratic (100,000
suppliers x thousands of names). Instead the listed names are indexed once by
keys that any spelling the matcher accepts shares with them, and a supplier name
is compared only with the listed names it shares a key with:

* the listed name's **key words**: the words that weigh most in it (distinctive
  words; if it has none, its places; if none, all its words), so that common
  business words ("textile", "group") do not pull in half the list;
* each key word **less one letter** (a deletion neighbourhood, as in SymSpell):
  two words one edit apart (a typo, a missing, extra or swapped letter) always
  share one of these keys;
* the **three-letter pieces** of key words of nine letters or more, for the
  two-letter typos the matcher allows in long words ("Trafalgura" / "Trafigura"):
  two such words share at least two pieces (the q-gram lemma), and a supplier's
  long word is checked against the listed words that share one;
* the key words' **Soundex and Metaphone codes**, for transliterations ("Hetian" /
  "Hotan");
* adjacent words **glued** ("Zhong Tai" / "Zhongtai", pinyin syllables; a listed
  name's glued words also less one letter: "Qa ida" / "Qaeda"), and the name's
  **initials** ("XPCC"), both ways.

Every word of a supplier name is looked up (memoised: supplier lists repeat
words), and each proposal says which words met on each side (bit masks), so the
caller can bound the score before comparing (``Proposal``). The index never
decides a match. A spelling that shares no key with a listed name (a translation,
"Oasis" for "Luzhou"; a word extended by two or more letters) is not proposed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rigour.text.phonetics import metaphone, soundex

from ruggie.register.domain.name_matching import STOP_WORDS, W_DISTINCT, word_similarity, word_weight

__all__ = ["ListIndex", "key_positions"]

_LONG = 9  # from this length, two-letter typos are allowed (``name_matching``)
Postings = tuple[tuple[int, int], ...]  # (listed name id, bit mask of its words that met)
# Near keys lead to listed words (each checked once against the supplier's word), and
# each listed word to its postings.
_Near = dict[str, dict[str, list[tuple[int, int]]]]


class ListIndex:
    """Listed names (each an id chosen by the caller) by their blocking keys."""

    def __init__(self, names: Iterable[tuple[int, tuple[str, ...], frozenset[str]]]) -> None:
        """``names``: (id, the name's words as ``name_matching.words_of`` gives them, places)."""
        exact: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
        near: _Near = {}  # the key words and their deletions
        sounds: _Near = {}
        pieces: _Near = {}
        glued: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
        initials: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
        others: set[str] = set()
        for name_id, words, places in names:
            keys = key_positions(words, places)
            others.update(w for p, w in enumerate(words) if p not in keys)
            for p in keys:
                w = words[p]
                exact[w].append((name_id, 1 << p))
                posting = (name_id, 1 << p)
                for d in (w, *_deletions(w)):
                    _add(near, d, w, posting)
                for code in _sound_codes(w):
                    _add(sounds, code, w, posting)
                if len(w) >= _LONG:
                    for piece in _pieces(w):
                        _add(pieces, piece, w, posting)
            for n in (2, 3):
                for k in range(len(words) - n + 1):
                    together, mask = "".join(words[k : k + n]), ((1 << n) - 1) << k
                    glued[together].append((name_id, mask))
                    for d in _deletions(together):  # "Qa ida" / "Qaeda": apart and a typo
                        _add(near, d, together, (name_id, mask))
            spelled, mask = _initials(words)
            if spelled:
                initials[spelled].append((name_id, mask))
        self._exact, self._near, self._sounds = dict(exact), near, sounds
        self._glued, self._initials, self._pieces = dict(glued), dict(initials), pieces
        self._near_keys, self._piece_keys = frozenset(near), frozenset(pieces)
        self._starts = frozenset(key[:j] for key in exact for j in range(1, len(key)))
        self._memo: dict[str, Postings] = {}
        # The listed names' other words (business words, places...), for ``pairable``.
        vocabulary: _Near = {}
        for w in others:
            for d in (w, *_deletions(w)):
                _add(vocabulary, d, w, (0, 0))
            for code in _sound_codes(w):
                _add(vocabulary, code, w, (0, 0))
        self._others, self._vocabulary = frozenset(others), vocabulary
        self._pairable: dict[str, frozenset[str]] = {}

    def candidates(self, words: tuple[str, ...], *, syllables: bool = False) -> dict[int, list[int]]:
        """Listed name id -> [mask of these words that met it, mask of its words that met].

        ``syllables``: the words are a spelled Chinese name, one word per syllable; look
        up glued syllables with typos too ("da quan" / "Daqin")."""
        out: dict[int, list[int]] = {}
        memo = self._memo
        for i, w in enumerate(words):
            found = memo.get(w)
            if found is None:
                found = memo[w] = self._word(w)
            if found:
                _merge(out, found, 1 << i)
        # Words written apart here and together there ("Zhong Tai" / "Zhongtai"); with a
        # typo too in spelled Chinese names ("da quan" / "Daqin").
        exact, starts = self._exact, self._starts
        for n in (2, 3):
            for k in range(len(words) - n + 1):
                postings: Iterable[tuple[int, int]]
                if syllables:
                    together = "".join(words[k : k + n])
                    cached = memo.get(together)
                    if cached is None:
                        cached = memo[together] = self._word(together)
                    postings = cached
                elif words[k] in starts:  # only then can the glued words be a key word
                    postings = exact.get("".join(words[k : k + n]), ())
                else:
                    continue
                if postings:
                    _merge(out, postings, ((1 << n) - 1) << k)
        if len(words) >= 2:
            spelled, mask = _initials(words)
            if spelled in exact:
                _merge(out, exact[spelled], mask)
        return out

    def pairable(self, w: str) -> frozenset[str]:
        """The listed names' non-key words that ``w`` may pair with (memoised)."""
        found = self._pairable.get(w)
        if found is None:
            near = set(self._vocabulary.get(w, ()))
            if len(w) >= 4:
                for d in _deletions(w):
                    near.update(self._vocabulary.get(d, ()))
                for code in _sound_codes(w):
                    near.update(self._vocabulary.get(code, ()))
            if len(w) == 1:  # an initial
                near.update(o for o in self._others if o[0] == w)
            found = self._pairable[w] = frozenset(o for o in near if word_similarity(w, o)[0] > 0)
        return found

    def _word(self, w: str) -> Postings:
        found: list[tuple[int, int]] = []
        found += self._exact.get(w, ())
        found += self._glued.get(w, ())
        if 2 <= len(w) <= 6:
            found += self._initials.get(w, ())
        if len(w) >= 4:
            words: dict[str, list[tuple[int, int]]] = {}
            # The word itself (the listed word less a letter), and the word less one
            # letter (a letter more, or another letter in one place); set operations
            # keep the dictionary lookups to the keys that exist.
            for key in self._near_keys.intersection([w, *(w[:k] + w[k + 1 :] for k in range(len(w)))]):
                words.update(self._near[key])
            if w.isascii() and w.isalpha():
                words.update(self._sounds.get("s:" + soundex(w), {}))
                words.update(self._sounds.get("m:" + metaphone(w), {}))
            if len(w) >= _LONG:
                for piece in self._piece_keys.intersection(_pieces(w)):
                    words.update(self._pieces[piece])
            # Keys only come near; keep the listed words the matcher really pairs with w.
            for theirs, postings in words.items():
                if word_similarity(w, theirs)[0] > 0:
                    found += postings
        return tuple(set(found)) if found else ()


def _add(table: _Near, key: str, word: str, posting: tuple[int, int]) -> None:
    table.setdefault(key, {}).setdefault(word, []).append(posting)


def _merge(out: dict[int, list[int]], postings: Iterable[tuple[int, int]], mine: int) -> None:
    for name_id, theirs in postings:
        masks = out.get(name_id)
        if masks is None:
            out[name_id] = [mine, theirs]
        else:
            masks[0] |= mine
            masks[1] |= theirs


def key_positions(words: tuple[str, ...], places: frozenset[str]) -> list[int]:
    """Positions of the words that weigh most in a name: distinctive words, else
    places, else all but stop words."""
    useful = [p for p, w in enumerate(words) if w not in STOP_WORDS]
    distinctive = [p for p in useful if word_weight(words[p], places) >= W_DISTINCT]
    if distinctive:
        return distinctive
    located = [p for p in useful if words[p] in places]
    return located or useful


def _deletions(word: str) -> set[str]:
    """The word less one letter."""
    if len(word) < 4:
        return set()
    return {word[:k] + word[k + 1 :] for k in range(len(word))}


def _pieces(word: str) -> set[str]:
    return {word[k : k + 3] for k in range(len(word) - 2)}


def _sound_codes(word: str) -> list[str]:
    if len(word) < 4 or not word.isalpha() or not word.isascii():
        return []
    return ["s:" + soundex(word), "m:" + metaphone(word)]


def _initials(words: tuple[str, ...]) -> tuple[str, int]:
    positions = [p for p, w in enumerate(words) if w not in STOP_WORDS]
    if len(positions) < 2:
        return "", 0
    mask = 0
    for p in positions:
        mask |= 1 << p
    return "".join(words[p][0] for p in positions), mask
