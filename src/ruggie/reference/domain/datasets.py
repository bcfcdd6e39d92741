"""Reference datasets: a folder with ``dataset.yaml`` and its files, read into typed records.

ruggie ships the openly licensed datasets under ``ruggie/data/reference/<code>/``
(``packaged_datasets``); an organisation loads a newer edition, or its own licensed copy of
an index ruggie may not ship (Global Slavery Index, ITUC Global Rights Index), from a folder
in the very same format (``read_dataset``). Editions sit side by side, keyed by (code,
edition); ``editions.diff_editions`` says what changed between two of them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from os import PathLike
from pathlib import Path

from ruggie.core.errors import FileRefused
from ruggie.reference.domain.entity_lists import ListedEntity, parse_entity_list
from ruggie.reference.domain.manifest import MANIFEST, Dataset, read_manifest
from ruggie.reference.domain.records import CountryIndicator, GoodFlag, Record, SkippedRow
from ruggie.reference.domain.tables import read_goods, read_indicators
from ruggie.register.domain.classification import commodities


@dataclass(frozen=True)
class LoadedDataset:
    """One edition of a dataset: its manifest and its records (only those of its kind)."""

    dataset: Dataset
    goods: tuple[GoodFlag, ...] = ()
    indicators: tuple[CountryIndicator, ...] = ()
    entities: tuple[ListedEntity, ...] = ()
    skipped: tuple[SkippedRow, ...] = ()  # rows read but not kept, each with its reason
    digest: str = ""  # sha256 of the manifest and files: the same edition loaded twice matches

    @property
    def code(self) -> str:
        return self.dataset.code

    @property
    def edition(self) -> str:
        return self.dataset.edition

    @property
    def key(self) -> tuple[str, str]:
        return self.dataset.key

    @property
    def records(self) -> tuple[Record, ...]:
        return (*self.goods, *self.indicators, *self.entities)


@cache
def _commodity_of_good() -> Mapping[str, str]:
    """DOL good name (folded) -> ruggie commodity code, from commodities.yaml `ilab_goods`."""
    return {good.casefold(): c.code for c in commodities().values() for good in c.ilab_goods}


def _digest(dataset: Dataset) -> str:
    sha = hashlib.sha256((dataset.path / MANIFEST).read_bytes())
    for name in dataset.files:
        sha.update(b"\0" + name.encode() + b"\0")
        sha.update((dataset.path / name).read_bytes())
    return sha.hexdigest()


def _entities(dataset: Dataset) -> list[ListedEntity]:
    entities: list[ListedEntity] = []
    seen: dict[str, str] = {}
    for name in dataset.files:
        path = dataset.path / name
        if not path.is_file():
            raise FileRefused(
                f"{MANIFEST} lists '{name}', but the folder has no such file. Add it or fix files:."
            )
        try:
            found = parse_entity_list(path.read_text(encoding="utf-8-sig"), list_code=dataset.code)
        except UnicodeDecodeError:
            raise FileRefused(f"{name}: not UTF-8 text. Save it as 'CSV UTF-8' and load it again.") from None
        except FileRefused as exc:  # the parser names row and field; add the file
            raise FileRefused(f"{name}: {exc.message}") from None
        for entity in found:
            if entity.entry_id in seen:
                raise FileRefused(
                    f"{name}: '{entity.name}' is also listed in {seen[entity.entry_id]}. "
                    "Keep one row per entity across the dataset's files."
                )
            seen[entity.entry_id] = name
        entities.extend(found)
    return entities


def read_dataset(folder: str | PathLike[str]) -> LoadedDataset:
    """Read and check one dataset folder; a FileRefused naming file, row, field and fix."""
    dataset = read_manifest(Path(folder))
    goods: list[GoodFlag] = []
    indicators: list[CountryIndicator] = []
    skipped: list[SkippedRow] = []
    entities: list[ListedEntity] = []
    if dataset.kind == "entity_list":
        entities = _entities(dataset)
    for name in dataset.files if dataset.kind != "entity_list" else ():
        if dataset.kind == "goods":
            found_goods, found_skipped = read_goods(dataset, name, _commodity_of_good())
            goods += found_goods
        else:
            found_indicators, found_skipped = read_indicators(dataset, name)
            indicators += found_indicators
        skipped += found_skipped
    _check_across_files(goods, indicators)
    return LoadedDataset(
        dataset=dataset,
        goods=tuple(goods),
        indicators=tuple(indicators),
        entities=tuple(entities),
        skipped=tuple(skipped),
        digest=_digest(dataset),
    )


def _check_across_files(goods: list[GoodFlag], indicators: list[CountryIndicator]) -> None:
    # Each file checks its own rows; two files of one dataset must not overlap either.
    good_keys = [(g.good.casefold(), g.country) for g in goods]
    indicator_keys = [(i.country, i.indicator) for i in indicators]
    for keys, what in ((good_keys, "good and country"), (indicator_keys, "country and indicator")):
        if len(set(keys)) != len(keys):
            twice = next(k for k in keys if keys.count(k) > 1)
            raise FileRefused(
                f"Two of the dataset's files both give {' / '.join(twice)}. Keep one row per {what}."
            )


def packaged_root() -> Path:
    """The folder of the datasets ruggie ships: ruggie/data/reference."""
    return Path(str(files("ruggie.data").joinpath("reference")))


def packaged_datasets() -> list[Dataset]:
    """The manifests of the datasets ruggie ships, by code (cheap: no data file is read)."""
    folders = sorted(p.parent for p in packaged_root().glob(f"*/{MANIFEST}"))
    return [read_manifest(folder) for folder in folders]


@cache
def read_packaged() -> tuple[LoadedDataset, ...]:
    """Every dataset ruggie ships, read and checked once per process."""
    return tuple(read_dataset(d.path) for d in packaged_datasets())
