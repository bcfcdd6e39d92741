"""Decide what an import will do, before anything is stored.

Valid rows are grouped into suppliers (one supplier may have several rows: one per site),
each group is matched to the register by identity (your supplier code, registration id +
country, or the same normalised name in the same country) and, failing that, checked for
*likely* duplicates by the fuzzy matcher. Likely duplicates are proposed as merges, never
applied silently: the caller passes the user's decisions to :func:`apply_decisions`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ruggie.register.domain.matching import DEFAULT_THRESHOLD, Record, find_duplicates
from ruggie.register.domain.names import normalise_name
from ruggie.register.domain.rows import RowError, SupplierRow

Action = Literal["create", "update", "unchanged"]
SUPPLIER_FIELDS = ("name", "other_names", "registration_id", "country", "website", "external_id")


@dataclass(frozen=True)
class ExistingSupplier:
    """A snapshot of a supplier already in the register (plain data, no ORM)."""

    id: int
    name: str
    country: str
    registration_id: str = ""
    external_id: str = ""
    website: str = ""
    other_names: tuple[str, ...] = ()
    site_names: tuple[str, ...] = ()


@dataclass
class SupplierGroup:
    key: str
    rows: list[SupplierRow]
    existing_id: int | None = None
    action: Action = "create"
    merged: bool = False  # joined to its target by a duplicate decision, not by identity
    changes: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def first(self) -> SupplierRow:
        return self.rows[0]


@dataclass(frozen=True)
class DuplicateProposal:
    """A likely duplicate: merge ``group_key`` into an existing supplier or another group."""

    id: str
    row: int
    name: str
    country: str
    target_supplier_id: int | None
    target_group_key: str | None
    target_name: str
    target_row: int | None
    score: float
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "row": self.row,
            "name": self.name,
            "country": self.country,
            "merge_into_supplier_id": self.target_supplier_id,
            "merge_into_row": self.target_row,
            "merge_into_name": self.target_name,
            "score": round(self.score, 3),
            "reason": self.reason,
        }


@dataclass
class ImportPlan:
    groups: dict[str, SupplierGroup]
    rejected: list[RowError]
    duplicates: list[DuplicateProposal]

    def counts(self) -> dict[str, int]:
        out = {"create": 0, "update": 0, "unchanged": 0}
        for g in self.groups.values():
            out[g.action] += 1
        return out

    def rejected_rows(self) -> set[int]:
        return {e.row for e in self.rejected}


def identity_keys(*, name: str, country: str, registration_id: str = "", external_id: str = "") -> list[str]:
    """Keys that, when equal, mean 'the same supplier' without any doubt."""
    keys = []
    if external_id:
        keys.append(f"ext:{external_id.strip().casefold()}")
    if registration_id:
        keys.append(f"reg:{country}:{registration_id.strip().casefold()}")
    keys.append(f"name:{country}:{normalise_name(name)}")
    return keys


def _supplier_values(row: SupplierRow) -> dict[str, Any]:
    return {
        "name": row.supplier_name,
        "other_names": sorted(row.other_names),
        "registration_id": row.registration_id,
        "country": row.country,
        "website": row.website,
        "external_id": row.external_id,
    }


def _existing_values(s: ExistingSupplier) -> dict[str, Any]:
    return {
        "name": s.name,
        "other_names": sorted(s.other_names),
        "registration_id": s.registration_id,
        "country": s.country,
        "website": s.website,
        "external_id": s.external_id,
    }


def _changes(group: SupplierGroup, existing: ExistingSupplier) -> dict[str, list[Any]]:
    new = _supplier_values(group.first)
    old = _existing_values(existing)
    # Every name in the group that is not the register's name becomes an other name: a
    # merge keeps the register's legal name and learns how this file writes it.
    other = {r.supplier_name for r in group.rows if r.supplier_name != old["name"]}
    if group.merged or len(group.rows) > 1:
        new["other_names"] = sorted(set(new["other_names"]) | other)
        new["name"] = "" if group.merged else new["name"]
    changes = {}
    for key in SUPPLIER_FIELDS:
        # An empty cell never erases what the register knows.
        if new[key] in ("", [], None):
            continue
        if key == "other_names":
            merged = sorted(set(old[key]) | set(new[key]))
            if merged != old[key]:
                changes[key] = [old[key], merged]
        elif new[key] != old[key]:
            changes[key] = [old[key], new[key]]
    new_sites = {normalise_name(r.site_name or r.supplier_name) for r in group.rows}
    old_sites = {normalise_name(n) for n in existing.site_names}
    added = sorted(new_sites - old_sites)
    if added:
        changes["sites"] = [len(old_sites), len(old_sites) + len(added)]
    return changes


def plan_import(
    valid: Iterable[SupplierRow],
    rejected: Iterable[RowError],
    existing: Iterable[ExistingSupplier],
    *,
    threshold: float = DEFAULT_THRESHOLD,
) -> ImportPlan:
    existing_list = list(existing)
    by_key: dict[str, ExistingSupplier] = {}
    for s in existing_list:
        for k in identity_keys(
            name=s.name,
            country=s.country,
            registration_id=s.registration_id,
            external_id=s.external_id,
        ):
            by_key.setdefault(k, s)

    groups: dict[str, SupplierGroup] = {}
    key_alias: dict[str, str] = {}
    for row in valid:
        keys = identity_keys(
            name=row.supplier_name,
            country=row.country,
            registration_id=row.registration_id,
            external_id=row.external_id,
        )
        gkey = next((key_alias[k] for k in keys if k in key_alias), None)
        if gkey is None:
            gkey = keys[0]
            groups[gkey] = SupplierGroup(key=gkey, rows=[row])
        else:
            groups[gkey].rows.append(row)
        for k in keys:
            key_alias.setdefault(k, gkey)

    errors = list(rejected)
    _resolve_sells_to(groups, key_alias, existing_list, errors)

    matched_existing: set[int] = set()
    for g in groups.values():
        first = g.first
        for k in identity_keys(
            name=first.supplier_name,
            country=first.country,
            registration_id=first.registration_id,
            external_id=first.external_id,
        ):
            if k in by_key:
                g.existing_id = by_key[k].id
                matched_existing.add(g.existing_id)
                break

    existing_by_id = {s.id: s for s in existing_list}
    for g in groups.values():
        _set_action(g, existing_by_id)

    duplicates = _propose_merges(
        groups, [s for s in existing_list if s.id not in matched_existing], threshold
    )
    return ImportPlan(
        groups=groups,
        rejected=sorted(errors, key=lambda e: (e.row, e.field)),
        duplicates=duplicates,
    )


def _set_action(g: SupplierGroup, existing_by_id: Mapping[int, ExistingSupplier]) -> None:
    if g.existing_id is None:
        g.action, g.changes = "create", {}
        return
    g.changes = _changes(g, existing_by_id[g.existing_id])
    g.action = "update" if g.changes else "unchanged"


def _resolve_sells_to(
    groups: dict[str, SupplierGroup],
    key_alias: dict[str, str],
    existing: list[ExistingSupplier],
    errors: list[RowError],
) -> None:
    """Check that each 'sells to' names a supplier in the file or the register."""
    known = {normalise_name(r.supplier_name) for g in groups.values() for r in g.rows}
    known |= {normalise_name(s.name) for s in existing}
    known_ids = {s.external_id.casefold() for s in existing if s.external_id}
    known_ids |= {r.external_id.casefold() for g in groups.values() for r in g.rows if r.external_id}
    known_ids |= {r.registration_id.casefold() for g in groups.values() for r in g.rows if r.registration_id}
    known_ids |= {s.registration_id.casefold() for s in existing if s.registration_id}
    for gkey in list(groups):
        g = groups[gkey]
        kept = []
        for r in g.rows:
            target = r.sells_to.strip()
            if target and normalise_name(target) not in known and target.casefold() not in known_ids:
                errors.append(
                    RowError(
                        row=r.row,
                        field="sells_to",
                        value=target,
                        reason=f"'{target}' is not a supplier in this file or in your register.",
                        fix="Write the exact name, registration id or your code of the supplier "
                        "this one sells to, and add that supplier to the file if it is new.",
                    )
                )
            else:
                kept.append(r)
        if kept:
            g.rows = kept
        else:
            del groups[gkey]


def _propose_merges(
    groups: dict[str, SupplierGroup], unmatched_existing: list[ExistingSupplier], threshold: float
) -> list[DuplicateProposal]:
    new_records = [
        Record(
            key=f"g:{k}",
            name=g.first.supplier_name,
            country=g.first.country,
            address=g.first.address,
            registration_id=g.first.registration_id,
            other_names=tuple(g.first.other_names),
        )
        for k, g in groups.items()
        if g.existing_id is None
    ]
    old_records = [
        Record(
            key=f"s:{s.id}",
            name=s.name,
            country=s.country,
            registration_id=s.registration_id,
            other_names=s.other_names,
        )
        for s in unmatched_existing
    ]
    names = {f"s:{s.id}": s.name for s in unmatched_existing}
    proposals: list[DuplicateProposal] = []
    proposed: set[str] = set()
    for m in find_duplicates(new_records, against=old_records, threshold=threshold):
        left, right = m.left, m.right
        if left.startswith("s:"):
            left, right = right, left
        if left.startswith("s:") or left in proposed:
            continue  # two register entries, or this group already has a proposal
        if right.startswith("g:") and left < right:
            left, right = right, left  # within the file: merge the later group into the earlier
        if left in proposed:
            continue
        g = groups[left[2:]]
        target_group = groups.get(right[2:]) if right.startswith("g:") else None
        proposals.append(
            DuplicateProposal(
                id=f"{g.first.row}",
                row=g.first.row,
                name=g.first.supplier_name,
                country=g.first.country,
                target_supplier_id=int(right[2:]) if right.startswith("s:") else None,
                target_group_key=right[2:] if target_group else None,
                target_name=target_group.first.supplier_name if target_group else names.get(right, ""),
                target_row=target_group.first.row if target_group else None,
                score=m.score,
                reason=m.reason,
            )
        )
        proposed.add(left)
    return sorted(proposals, key=lambda p: p.row)


def apply_decisions(
    plan: ImportPlan, merge: Mapping[str, bool], existing: Iterable[ExistingSupplier]
) -> ImportPlan:
    """Apply the user's merge decisions (proposal id -> merge?). Undecided proposals merge,
    since that is what ruggie proposed; a user un-ticks a proposal to keep both."""
    existing_by_id = {s.id: s for s in existing}
    key_of_row = {g.first.row: k for k, g in plan.groups.items()}
    for p in plan.duplicates:
        if not merge.get(p.id, True):
            continue
        source_key = key_of_row.get(p.row)
        if source_key is None or source_key not in plan.groups:
            continue
        source = plan.groups[source_key]
        if p.target_supplier_id is not None:
            source.existing_id = p.target_supplier_id
            source.merged = True
            _set_action(source, existing_by_id)
        elif p.target_group_key is not None and p.target_group_key in plan.groups:
            plan.groups[p.target_group_key].rows.extend(source.rows)
            del plan.groups[source_key]
    return plan
