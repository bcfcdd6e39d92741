"""The human rights issue taxonomy every capability shares.

Findings, risk scores, questionnaires, grievance categories and reports all name
an issue by its code (``forced_labour``, ``wages``...). The list, its plain
explanations and its anchors in international standards live in the data file
``ruggie/data/human_rights_issues.yaml`` (see SOURCE.md), not in code.

``resolve_issue`` turns what people write in audit reports and spreadsheets into a
code: the code itself, the name, an alias in one of several languages, or an audit
scheme clause ("ETI 1", "BSCI PA5", "SA8000 3", "1 Employment is freely chosen",
"PA5 Fair remuneration"). It is deliberately not fuzzy: an issue guessed wrong
would file a finding under the wrong right, so unknown text comes back as None.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml

_FILE = "human_rights_issues.yaml"


@dataclass(frozen=True)
class HumanRightsIssue:
    code: str
    name: str
    summary: str
    anchors: tuple[str, ...]
    clauses: tuple[str, ...]
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Taxonomy:
    edition: str
    issues: tuple[HumanRightsIssue, ...]


_WORDS = re.compile(r"[^\w]+")
# A clause number written before its title: "1", "0.B", "10A", "PA5", "5.1", "ETI 2".
_CLAUSE_PREFIX = re.compile(
    r"^(?:(?:eti|bsci|smeta|sa8000|sa 8000)\s+)?(?:pa\s?)?\d+(?:[.\s]?[a-z]\d?)?\b\s*"
)


def _fold(text: str) -> str:
    """Casefold, strip accents and punctuation: "Santé & Sécurité" -> "sante securite"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("&", " and "))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORDS.sub(" ", plain.replace("_", " ")).split())


@cache
def taxonomy() -> Taxonomy:
    raw = yaml.safe_load(files("ruggie.data").joinpath(_FILE).read_text(encoding="utf-8"))
    issues = tuple(
        HumanRightsIssue(
            code=str(item["code"]),
            name=str(item["name"]),
            summary=" ".join(str(item["summary"]).split()),
            anchors=tuple(str(a) for a in item.get("anchors", ())),
            clauses=tuple(str(c) for c in item.get("clauses", ())),
            aliases=tuple(str(a) for a in item.get("aliases", ())),
        )
        for item in raw["issues"]
    )
    codes = [i.code for i in issues]
    if len(set(codes)) != len(codes):
        raise ValueError(f"{_FILE}: an issue code appears twice")
    return Taxonomy(edition=str(raw["edition"]), issues=issues)


def issues() -> tuple[HumanRightsIssue, ...]:
    return taxonomy().issues


def issue(code: str) -> HumanRightsIssue:
    """The issue with this code; KeyError names the valid codes."""
    for item in issues():
        if item.code == code:
            return item
    raise KeyError(f"unknown human rights issue {code!r}; known: {', '.join(issue_codes())}")


def issue_codes() -> tuple[str, ...]:
    return tuple(i.code for i in issues())


@cache
def _index() -> dict[str, str]:
    """Folded code, name, alias or clause -> code. Two issues claiming the same text
    is a data error, caught here rather than resolved by file order."""
    index: dict[str, str] = {}
    for item in issues():
        for text in (item.code, item.name, *item.aliases, *item.clauses):
            key = _fold(text)
            if index.get(key, item.code) != item.code:
                raise ValueError(f"{_FILE}: {text!r} names both {index[key]} and {item.code}")
            index[key] = item.code
        # "SA8000 3" is also written "SA 8000 3"; "BSCI PA5" as "PA5" or "PA 5".
        for clause in item.clauses:
            folded = _fold(clause)
            if folded.startswith("sa8000 "):
                index.setdefault("sa 8000 " + folded[7:], item.code)
            if folded.startswith("bsci pa"):
                number = folded[7:].strip()
                for variant in (f"pa{number}", f"pa {number}", f"bsci pa {number}"):
                    index.setdefault(variant, item.code)
    return index


def resolve_issue(text: str, *, scheme: str = "") -> str | None:
    """The issue code for ``text`` (see the module docstring), or None.

    ``scheme`` ("SMETA", "BSCI", "SA8000"...) lets a bare clause number resolve:
    SMETA audits number their clauses after the ETI Base Code.
    """
    key = _fold(text)
    if not key:
        return None
    index = _index()
    if key in index:
        return index[key]
    folded_scheme = _fold(scheme).replace(" ", "")
    if folded_scheme:
        # SMETA numbers most clauses after the ETI Base Code, some (1A, 10A) its own way.
        prefixes = ("smeta", "eti") if folded_scheme in ("smeta", "sedex", "eti") else (folded_scheme,)
        words = key.split(" ")
        heads = dict.fromkeys((key, " ".join(words[:2]), words[0]))
        for prefix in prefixes:
            for head in heads:
                if f"{prefix} {head}" in index:
                    return index[f"{prefix} {head}"]
    # "1 Employment is freely chosen", "PA5 Fair remuneration": drop the number.
    title = _CLAUSE_PREFIX.sub("", key)
    if title and title != key and title in index:
        return index[title]
    return None
