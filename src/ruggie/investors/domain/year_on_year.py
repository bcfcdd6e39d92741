"""Year on year: what a company's statement now says that last year's did not, and what it
dropped. Sentences are matched by meaning-preserving similarity of their words (rapidfuzz's
token set ratio), so a reworded or re-dated sentence is "kept", not dropped and re-added."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from ruggie.investors.domain.documents import Sentence

SAME = 85  # token-set similarity from which two sentences say the same thing
_YEARS = re.compile(r"\b(19|20)\d{2}\b")
_NUMBERS = re.compile(r"\d+(?:[.,]\d+)?")


@dataclass(frozen=True)
class Comparison:
    added: list[Sentence]  # in this year's statement, nowhere in last year's
    dropped: list[Sentence]  # in last year's, nowhere in this year's
    kept: int


def _key(text: str) -> str:
    # Years and figures change every year in sentences that say the same thing
    # ("In 2024 we audited 40 suppliers" / "In 2025 we audited 52 suppliers").
    return _NUMBERS.sub("#", _YEARS.sub("YEAR", text.casefold()))


def compare_years(last_year: list[Sentence], this_year: list[Sentence], *, same: int = SAME) -> Comparison:
    old_keys = [_key(s.text) for s in last_year]
    new_keys = [_key(s.text) for s in this_year]
    matched_old: set[int] = set()
    added: list[Sentence] = []
    kept = 0
    for sentence, key in zip(this_year, new_keys, strict=True):
        best = (
            process.extractOne(key, old_keys, scorer=fuzz.token_set_ratio, score_cutoff=same)
            if old_keys
            else None
        )
        if best is None:
            added.append(sentence)
        else:
            kept += 1
            matched_old.add(best[2])
    dropped = [
        s
        for i, s in enumerate(last_year)
        if i not in matched_old and not _said_again(old_keys[i], new_keys, same)
    ]
    return Comparison(added=added, dropped=dropped, kept=kept)


def _said_again(key: str, new_keys: list[str], same: int) -> bool:
    return (
        bool(new_keys)
        and process.extractOne(key, new_keys, scorer=fuzz.token_set_ratio, score_cutoff=same) is not None
    )
