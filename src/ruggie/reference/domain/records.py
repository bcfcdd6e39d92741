"""The typed records a reference dataset holds, whatever file layout they came from."""

from __future__ import annotations

from dataclasses import dataclass

from ruggie.reference.domain.entity_lists import ListedEntity

# Flag names as the risk methodology reads them (risk_methodology.yaml, `flag:`).
CHILD_LABOUR = "child_labour"
FORCED_LABOUR = "forced_labour"
FORCED_CHILD_LABOUR = "forced_child_labour"
DERIVED = "derived_labour_exploitation"


@dataclass(frozen=True)
class GoodFlag:
    """One good x country row of a goods list (the DOL TVPRA List): why it is listed."""

    good: str  # the publisher's name for the good, "Cocoa"
    country: str  # ISO 3166-1 alpha-2
    child_labour: bool
    forced_labour: bool
    forced_child_labour: bool
    commodity: str = ""  # ruggie commodity code (commodities.yaml ilab_goods), "" if none
    sector: str = ""  # the publisher's sector, "Agriculture"
    # DOL lists some goods because their *inputs* are made with child or forced labour
    # (solar modules from Xinjiang polysilicon, batteries from Congolese cobalt): the
    # good's own flags are then all No, and input_country says where the input comes from.
    derived: bool = False
    input_country: str = ""

    @property
    def flags(self) -> frozenset[str]:
        """The flags that are Yes, named as the risk methodology names them."""
        named = (
            (CHILD_LABOUR, self.child_labour),
            (FORCED_LABOUR, self.forced_labour),
            (FORCED_CHILD_LABOUR, self.forced_child_labour),
            (DERIVED, self.derived),
        )
        return frozenset(name for name, on in named if on)


@dataclass(frozen=True)
class CountryIndicator:
    """One country's value of one indicator: a WGI estimate, a DOL assessment level."""

    country: str  # ISO 3166-1 alpha-2
    indicator: str  # the indicator's code in its dataset ("rl"); keyed "wgi.rl" outside it
    value: float  # interval: as published; ordinal: the level's value from the manifest
    percentile_rank: float | None = None  # 0-100 where the publisher gives one
    year: int | None = None
    label: str = ""  # ordinal: the published text, "Minimal Advancement – Efforts Made but ..."
    url: str = ""  # the publisher's page for this country, where given


@dataclass(frozen=True)
class SkippedRow:
    """A row read but not turned into a record, and why: nothing is dropped silently."""

    file: str
    row: int  # as a spreadsheet numbers it: the header is row 1
    country: str  # as written in the file
    reason: str


Record = GoodFlag | CountryIndicator | ListedEntity
