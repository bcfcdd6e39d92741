"""The company's involvement in an impact, and the response the UNGPs expect for it.

Guiding Principles 13 and 19 distinguish three ways a business can be involved in an
adverse human rights impact, and the expected response differs (GP19 and its
commentary, GP22). ruggie records the involvement on each finding and shows the
expected response beside it, so that a newcomer learns why a supplier's problem may
still be the buyer's to help remedy.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Involvement(StrEnum):
    CAUSED = "caused"
    CONTRIBUTED = "contributed"
    DIRECTLY_LINKED = "directly_linked"


@dataclass(frozen=True)
class ExpectedResponse:
    involvement: Involvement
    label: str
    meaning: str
    response: str
    remedy: str
    source: str


RESPONSES = {
    Involvement.CAUSED: ExpectedResponse(
        Involvement.CAUSED,
        "Caused",
        "The company's own activities caused the impact (for example its own staff or site).",
        "Cease or prevent the impact.",
        "Provide for or cooperate in remedy for the people harmed.",
        "UNGPs 13(a), 19 and 22",
    ),
    Involvement.CONTRIBUTED: ExpectedResponse(
        Involvement.CONTRIBUTED,
        "Contributed to",
        "The company's activities contributed to the impact alongside others, for example"
        " purchasing practices (short lead times, last-minute order changes, prices below the"
        " cost of legal wages) that push a supplier into excessive overtime.",
        "Cease or prevent its own contribution, and use its leverage to mitigate the remaining"
        " impact as far as possible.",
        "Contribute to remedy, in proportion to its contribution.",
        "UNGPs 13(a), 19 and 22",
    ),
    Involvement.DIRECTLY_LINKED: ExpectedResponse(
        Involvement.DIRECTLY_LINKED,
        "Directly linked",
        "The company neither caused nor contributed, but the impact is linked to its products,"
        " services or operations through a business relationship, such as a supplier's factory.",
        "Use its leverage (or build leverage) to prevent or mitigate the impact; consider ending"
        " the relationship only responsibly, weighing the harm that ending it may cause.",
        "Not required to provide remedy itself, though it may take a role in enabling it.",
        "UNGPs 13(b) and 19 (commentary)",
    ),
}


def expected_response(involvement: Involvement | str) -> ExpectedResponse:
    return RESPONSES[Involvement(involvement)]
