"""How severe a finding is, on the UNGPs' three dimensions (Guiding Principle 24).

Severity is judged by **scale** (how grave the harm is), **scope** (how many people
are or could be affected) and **irremediable character** (whether the harm can be
undone). Each dimension is recorded on a four-point scale so that a later reader
can see why a finding was called critical. A finding's level (low / medium / high /
critical) is what people filter and sort by; when the dimensions are recorded,
``suggest_level`` proposes the level and says why, and the person raising the
finding may still choose another (their choice is kept, with who and when, in the
audit log).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.LOW: 1, Severity.MEDIUM: 2, Severity.HIGH: 3, Severity.CRITICAL: 4}

# What each point of each dimension means, shown beside the form fields.
SCALE = {
    1: "minor: discomfort or inconvenience, no lasting effect",
    2: "moderate: a real loss (pay, rest, dignity) that can be made good",
    3: "serious: harm to health, liberty or livelihood",
    4: "very serious: a threat to life, or forced or child labour",
}
SCOPE = {
    1: "one person or a few",
    2: "a group of workers (a line, a shift)",
    3: "most workers at the site",
    4: "the whole site or many sites, or the community around them",
}
IRREMEDIABILITY = {
    1: "can be fully put right quickly",
    2: "can be put right with effort (back pay, reinstatement)",
    3: "hard to put right (lasting injury, lost schooling)",
    4: "cannot be undone (death, permanent disability)",
}
DIMENSIONS = {"scale": SCALE, "scope": SCOPE, "irremediability": IRREMEDIABILITY}


@dataclass(frozen=True)
class SeverityDimensions:
    scale: int
    scope: int
    irremediability: int

    def __post_init__(self) -> None:
        for name in DIMENSIONS:
            value = getattr(self, name)
            if not isinstance(value, int) or not 1 <= value <= 4:
                raise ValueError(f"{name} must be a whole number from 1 to 4, not {value!r}")


def suggest_level(d: SeverityDimensions) -> tuple[Severity, str]:
    """The level the dimensions point to, and the reason in one sentence.

    Irremediable or very grave harm is critical whatever its scope (GP24: act first
    where a delay would make harm irremediable); otherwise the sum decides.
    """
    total = d.scale + d.scope + d.irremediability
    if d.irremediability == 4 or (d.scale == 4 and d.irremediability >= 3):
        return Severity.CRITICAL, "the harm is very grave and cannot readily be undone"
    if d.scale == 4 or total >= 9:
        return Severity.HIGH, f"grave harm or a wide scope (scale + scope + irremediability = {total} of 12)"
    if total >= 6:
        return Severity.MEDIUM, f"scale + scope + irremediability = {total} of 12"
    return Severity.LOW, f"scale + scope + irremediability = {total} of 12"


# Severity words used by social-audit schemes (see shared audits.md): SMETA grades
# non-compliances critical to minor, RBA uses priority / major / minor, amfori BSCI
# flags zero tolerance, SA8000 has major and minor. Observations are weaknesses, not
# breaches.
_AUDIT_WORDS = {
    "critical": Severity.CRITICAL,
    "zt": Severity.CRITICAL,
    "zero tolerance": Severity.CRITICAL,
    "priority": Severity.CRITICAL,
    "major": Severity.HIGH,
    "high": Severity.HIGH,
    "serious": Severity.HIGH,
    "medium": Severity.MEDIUM,
    "moderate": Severity.MEDIUM,
    "minor": Severity.MEDIUM,
    "low": Severity.LOW,
    "observation": Severity.LOW,
    "obs": Severity.LOW,
    # French, Spanish, Portuguese, German
    "critique": Severity.CRITICAL,
    "critico": Severity.CRITICAL,
    "kritisch": Severity.CRITICAL,
    "majeur": Severity.HIGH,
    "mayor": Severity.HIGH,
    "maior": Severity.HIGH,
    "grave": Severity.HIGH,
    "schwer": Severity.HIGH,
    "mineur": Severity.MEDIUM,
    "menor": Severity.MEDIUM,
    "leicht": Severity.MEDIUM,
    "faible": Severity.LOW,
    "bajo": Severity.LOW,
    "baixo": Severity.LOW,
    "niedrig": Severity.LOW,
}


def parse_severity(text: str) -> Severity | None:
    """A severity from the words people and audit schemes use, or None."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    key = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip(" .-")
    if key in Severity._value2member_map_:
        return Severity(key)
    return _AUDIT_WORDS.get(key) or _AUDIT_WORDS.get(key.split(" ")[0] if key else "")
