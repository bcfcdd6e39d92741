"""Why a supplier was matched to a listed entity, in words a compliance officer reads.

"Alias 'Ashele Copper' matched: same name after removing legal forms ('Co., Ltd.'
vs 'Company Limited'); same country (CN); score 1.00: a confident match."
"""

from __future__ import annotations

from dataclasses import dataclass

from ruggie.register.domain.name_matching import Band, NameComparison, words_of
from ruggie.register.domain.names import ParsedName, fold_tokens, parse_name

__all__ = ["Match", "explain", "legal_form_text"]


@dataclass(frozen=True)
class Match:
    """The facts of one hit that its reason is made of."""

    supplier_name: str  # as written
    entry_name: str  # the listed name or alias, as the list writes it
    by_alias: bool
    by_other_name: bool  # one of the supplier's other names matched
    spelled: str  # the Latin spelling of the supplier's name that matched, "" if none was needed
    branch: str  # the branch qualifier left out of the supplier's name ("Urumqi Branch"), if any
    supplier: ParsedName
    entry: ParsedName
    comparison: NameComparison
    supplier_country: str
    entry_country: str
    numbers_differ: bool
    score: float
    band: Band


def explain(m: Match) -> str:
    parts = [_which(m) + ": " + _how(m)]
    parts.append(_country(m.supplier_country, m.entry_country))
    if m.numbers_differ:
        parts.append("but the numbers in the names differ (another unit, branch or fund?)")
    if m.comparison.form_conflict:
        kind_a, kind_b = m.comparison.form_conflict
        parts.append(f"but the legal forms are of different kinds ({kind_a} vs {kind_b})")
    verdict = {
        Band.CONFIDENT: "a confident match",
        Band.CANDIDATE: "a candidate for a person to decide",
        Band.NONE: "below the candidate threshold, no match",
    }[m.band]
    parts.append(f"score {m.score:.2f}: {verdict}")
    return "; ".join(parts) + "."


def _which(m: Match) -> str:
    listed = f"alias '{m.entry_name}'" if m.by_alias else f"listed name '{m.entry_name}'"
    text = listed[0].upper() + listed[1:] + " matched"
    if m.by_other_name:
        text += f" the supplier's other name '{m.supplier_name}'"
    if m.spelled:
        text += f" (transliteration: '{m.supplier_name}' reads '{m.spelled}')"
    if m.branch:
        text += f" (as a branch: '{m.branch}' left out, a branch is no separate legal person)"
    return text


def _how(m: Match) -> str:
    a, b, c = m.supplier, m.entry, m.comparison
    if a.compact and a.compact == b.compact:
        if _plain(m.supplier_name) == _plain(m.entry_name):
            return "same name"
        form_a, form_b = legal_form_text(m.supplier_name), legal_form_text(m.entry_name)
        if a.core == b.core and form_a != form_b and (form_a or form_b):
            return f"same name after removing legal forms ('{form_a or '-'}' vs '{form_b or '-'}')"
        if a.core == b.core:
            return "same name apart from case, punctuation or spacing"
        return "same letters, written together or apart"
    if sorted(words_of(a.core)) == sorted(words_of(b.core)):
        return "same words in a different order"
    seen = c.observations()
    return ", ".join(seen) if seen else f"names {c.score:.0%} alike"


def _country(supplier: str, entry: str) -> str:
    if supplier and entry:
        if supplier == entry:
            return f"same country ({supplier})"
        return (
            f"but the supplier is in {supplier} and the listed entity in {entry}: "
            "possibly a namesake, check before confirming"
        )
    if entry:
        return f"the supplier's country is unknown (listed entity in {entry})"
    return "the list does not say where the entity is"


def legal_form_text(name: str) -> str:
    """The words of a name that are its legal form, as written ("Co., Ltd.")."""
    parsed = parse_name(name)
    if not parsed.forms:
        return ""
    kept = set(parsed.core) | {t for t in parsed.tokens if t not in parsed.forms}
    words = [w for w in name.replace(",", ", ").split() if not set(fold_tokens(w)) <= kept]
    return " ".join(words).strip(" ,()")


def _plain(name: str) -> str:
    return " ".join(name.casefold().split())
