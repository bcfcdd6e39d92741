"""Loading reference editions, and reading which editions apply to an organisation."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import transaction

from ruggie.accounts.models import Organisation
from ruggie.audit.models import EventType
from ruggie.audit.services import record
from ruggie.core.errors import FileRefused
from ruggie.reference.domain.datasets import LoadedDataset, read_dataset, read_packaged
from ruggie.reference.domain.editions import EditionDiff, current_editions, diff_editions
from ruggie.reference.domain.manifest import MANIFEST
from ruggie.reference.models import ReferenceEdition

MAX_FILE_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class LoadResult:
    edition: ReferenceEdition
    loaded: LoadedDataset
    diff: EditionDiff | None  # against the edition that applied before, if any
    affected: list[int]  # organisations whose scores or screening may change


def _read_folder(folder: Path) -> dict[str, str]:
    """The manifest and the files it names, as text (what is stored)."""
    if not (folder / MANIFEST).is_file():
        raise FileRefused(f"{folder} has no {MANIFEST}. See docs/reference-data.md for the folder format.")
    loaded = read_dataset(folder)  # checks everything first: a bad edition is never stored
    out: dict[str, str] = {}
    for name in (MANIFEST, *loaded.dataset.files, "SOURCE.md"):
        path = folder / name
        if not path.is_file():
            continue
        if path.stat().st_size > MAX_FILE_BYTES:
            raise FileRefused(f"{name} is larger than 20 MB. Keep only the rows and columns ruggie reads.")
        try:
            out[name] = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:  # SOURCE.md: stored and shown, but read_dataset never reads it
            raise FileRefused(f"{name}: not UTF-8 text. Save it as UTF-8 and load it again.") from None
    return out


@lru_cache(maxsize=64)
def _materialise(edition_id: int, digest: str) -> LoadedDataset:
    """A stored edition read back through the same loader (cached per edition)."""
    edition = ReferenceEdition.objects.get(pk=edition_id)
    with tempfile.TemporaryDirectory(prefix="ruggie-ref-") as tmp:
        for name, text in edition.files.items():
            (Path(tmp) / Path(name).name).write_text(text, encoding="utf-8")
        return read_dataset(tmp)


def stored_editions(organisation: Organisation | None) -> list[LoadedDataset]:
    """Editions loaded after installation that apply: shared ones, and the organisation's own."""
    qs = ReferenceEdition.objects.filter(organisation=None)
    if organisation is not None:
        qs = ReferenceEdition.objects.filter(organisation__in=[organisation]) | qs
    return [_materialise(pk, digest) for pk, digest in qs.values_list("pk", "digest")]


def editions_for(organisation: Organisation | None) -> list[LoadedDataset]:
    """The newest edition of each dataset that applies to the organisation."""
    return current_editions([*read_packaged(), *stored_editions(organisation)])


def all_editions(organisation: Organisation | None) -> list[tuple[LoadedDataset, ReferenceEdition | None]]:
    """Every edition the organisation can see, packaged ones with no stored row."""
    out: list[tuple[LoadedDataset, ReferenceEdition | None]] = [(d, None) for d in read_packaged()]
    qs = ReferenceEdition.objects.filter(organisation=None)
    if organisation is not None:
        qs = ReferenceEdition.objects.filter(organisation__in=[organisation]) | qs
    for e in qs.order_by("code", "-loaded_at"):
        out.append((_materialise(e.pk, e.digest), e))
    return sorted(out, key=lambda pair: (pair[0].code, str(pair[0].dataset.edition_date)), reverse=False)


@transaction.atomic
def edition_load(*, folder: Path, organisation: Organisation | None, actor: Any) -> LoadResult:
    """Store a new edition (all or nothing), keep the old ones, and say who is affected."""
    files = _read_folder(folder)
    loaded = read_dataset(folder)
    before = {d.code: d for d in editions_for(organisation)}
    exists = ReferenceEdition.objects.filter(
        organisation=organisation, code=loaded.code, edition=loaded.edition
    )
    if exists.exists() or any(d.key == loaded.key for d in read_packaged()):
        raise FileRefused(
            f"{loaded.dataset.title}, edition {loaded.edition}, is already loaded. "
            "Give a new edition its own name in dataset.yaml (edition:)."
        )
    edition = ReferenceEdition.objects.create(
        organisation=organisation,
        code=loaded.code,
        edition=loaded.edition,
        title=loaded.dataset.title,
        kind=loaded.dataset.kind,
        licence=loaded.dataset.licence,
        files=files,
        digest=loaded.digest,
        records=len(loaded.records),
        loaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    old = before.get(loaded.code)
    diff = diff_editions(old, loaded) if old is not None else None
    for owner in [organisation] if organisation is not None else Organisation.objects.all():
        record(
            organisation=owner,
            actor=actor,
            event_type=EventType.REFERENCE_LOADED,
            target=edition,
            changes={
                "dataset": loaded.code,
                "edition": [old.edition if old else None, loaded.edition],
                "records": len(loaded.records),
                "shared": organisation is None,
            },
        )
    affected = (
        [organisation.pk]
        if organisation is not None
        else list(Organisation.objects.values_list("pk", flat=True))
    )
    return LoadResult(edition=edition, loaded=loaded, diff=diff, affected=affected)
