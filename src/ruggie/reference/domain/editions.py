"""Editions of one dataset side by side: which is current, and what changed between two.

A new edition never replaces the old one in place: scores already stored cite the edition
they came from, and an auditor must be able to read it. ``diff_editions`` tells the caller
what to re-score (sites in the countries touched, sites making the commodities touched)
and what to re-screen (the entities touched), so loading an edition does not recompute a
whole register when three countries moved.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from ruggie.reference.domain.datasets import LoadedDataset
from ruggie.reference.domain.entity_lists import ListedEntity
from ruggie.reference.domain.records import CountryIndicator, GoodFlag, Record


def current_editions(datasets: Iterable[LoadedDataset]) -> list[LoadedDataset]:
    """The newest edition of each dataset (by edition date, then edition name), by code."""
    newest: dict[str, LoadedDataset] = {}
    for loaded in datasets:
        held = newest.get(loaded.code)
        order = (loaded.dataset.edition_date, loaded.edition)
        if held is None or order > (held.dataset.edition_date, held.edition):
            newest[loaded.code] = loaded
    return [newest[code] for code in sorted(newest)]


def record_key(record: Record) -> tuple[str, ...]:
    """What identifies a record across editions: good x country, country x indicator, entity."""
    if isinstance(record, GoodFlag):
        return ("good", record.good.casefold(), record.country)
    if isinstance(record, CountryIndicator):
        return ("indicator", record.country, record.indicator)
    return ("entity", record.entry_id)


@dataclass(frozen=True)
class EditionDiff:
    """What changed from one edition of a dataset to another."""

    code: str
    old_edition: str
    new_edition: str
    added: tuple[Record, ...]
    removed: tuple[Record, ...]
    changed: tuple[tuple[Record, Record], ...]  # (old, new)
    # An indicator's direction, range or levels changed: every country's risk moves, even
    # where the published value did not, so everything the dataset feeds is re-scored.
    scale_changed: bool

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.scale_changed)

    def _touched(self) -> list[Record]:
        return [*self.added, *self.removed, *(r for pair in self.changed for r in pair)]

    @property
    def countries(self) -> frozenset[str]:
        """ISO2 codes whose records changed: the sites there need new scores."""
        return frozenset(r.country for r in self._touched() if r.country)

    @property
    def commodities(self) -> frozenset[str]:
        """ruggie commodity codes whose DOL flags changed somewhere."""
        return frozenset(r.commodity for r in self._touched() if isinstance(r, GoodFlag) and r.commodity)

    @property
    def entities(self) -> frozenset[str]:
        """Entry ids of listed entities added, removed or changed: screen again against these."""
        return frozenset(r.entry_id for r in self._touched() if isinstance(r, ListedEntity))


def _by_key(records: Iterable[Record]) -> dict[Hashable, Record]:
    return {record_key(r): r for r in records}


def diff_editions(old: LoadedDataset, new: LoadedDataset) -> EditionDiff:
    """Records added, removed and changed from ``old`` to ``new`` (two editions of one dataset)."""
    if old.code != new.code:
        raise ValueError(f"{old.code} and {new.code} are different datasets, not two editions of one")
    before, after = _by_key(old.records), _by_key(new.records)
    return EditionDiff(
        code=new.code,
        old_edition=old.edition,
        new_edition=new.edition,
        added=tuple(after[k] for k in after if k not in before),
        removed=tuple(before[k] for k in before if k not in after),
        changed=tuple((before[k], after[k]) for k in after if k in before and before[k] != after[k]),
        scale_changed=_scales(old) != _scales(new),
    )


def _scales(loaded: LoadedDataset) -> dict[str, tuple[object, ...]]:
    # Only what moves a risk; a reworded name or description does not.
    return {i.code: (i.direction, i.low, i.high, i.levels) for i in loaded.dataset.indicators}
