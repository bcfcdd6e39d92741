"""The disclosure frameworks (data/disclosure_frameworks.yaml): criteria and the sentence
labels that are evidence for each."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml

AIMS_LABELS = (
    "Approval", "Signature", "C1 (reporting entity)", "C2 (structure)", "C2 (operations)",
    "C2 (supply chains)", "C3 (risk description)", "C4 (risk mitigation)", "C4 (remediation)",
    "C5 (effectiveness)", "C6 (consultation)",
)  # fmt: skip


@dataclass(frozen=True)
class Criterion:
    id: str
    text: str
    labels: tuple[str, ...]
    words: tuple[str, ...] = ()  # evidence must contain one of these word stems (when given)

    def mentions(self, sentence: str) -> bool:
        if not self.words:
            return True
        return _pattern(self.words).search(sentence) is not None


@cache
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + ")", re.IGNORECASE)


@dataclass(frozen=True)
class Framework:
    code: str
    name: str
    criteria: tuple[Criterion, ...]


@cache
def frameworks() -> dict[str, Framework]:
    text = files("ruggie.data").joinpath("disclosure_frameworks.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    out = {}
    for code, raw in data["frameworks"].items():
        criteria = tuple(
            Criterion(
                str(c["id"]), str(c["text"]), tuple(c["labels"]), tuple(str(w) for w in c.get("words", ()))
            )
            for c in raw["criteria"]
        )
        unknown = {label for c in criteria for label in c.labels} - set(AIMS_LABELS)
        if unknown:
            raise ValueError(f"disclosure_frameworks.yaml, {code}: unknown labels {sorted(unknown)}")
        out[str(code)] = Framework(str(code), str(raw["name"]), criteria)
    return out
