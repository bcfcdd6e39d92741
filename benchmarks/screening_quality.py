"""Quality and speed of restricted-entity screening (ruggie.screening.domain).

Run from the repo root: ``.venv/bin/python benchmarks/screening_quality.py [--names N] [--errors]``

1. OpenSanctions' name bench (826 labelled pairs, ``data/nomenklatura_name_bench_cases.csv``,
   see ``data/SOURCE.md``): each pair goes through ``screen_pair`` (the blocking index
   included) with name1 as the supplier and name2 as the listed entity, no countries.
   A pair is predicted a match when it reaches the candidate band; precision, recall and
   F1 on the company / organisation / legal-entity pairs (266) and on all pairs (persons
   and vessels included), precision of the confident band, the curve over thresholds,
   and a leave-one-out figure where the candidate threshold is re-chosen without the
   held-out pair (the word weights were designed while reading these pairs' errors; the
   thresholds are round values; only the threshold is refitted here).
   Reference: OpenSanctions' logic-v2 reaches F1 0.872 (P 0.850, R 0.895) on the org-like
   pairs and 0.796 on all pairs (its frozen run, research/benchmarks.md).
2. Our own labelled set, ``tests/data/screening/uflpa_variants.csv`` (built by
   ``make_variants.py`` from the UFLPA Entity List): precision, recall, recall per kind of
   variant, and how many namesakes abroad reached the confident band (should be none).
3. ``screen_timing(n)``: ``n`` realistic supplier names (the import benchmark's generator:
   Latin, Chinese, Vietnamese, Cyrillic, Arabic, Thai) with 1% planted listed names
   (the matches of the own set), screened against the packaged UFLPA list.

``namebench_scores()`` and ``screen_timing(n)`` are imported by ``benchmarks/risk.py``; run
as a script, the last line of output is one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
try:
    import ruggie  # noqa: F401
except ImportError:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT / "src"))

from ruggie.reference.domain.entity_lists import ListedEntity, entry_id, packaged_uflpa  # noqa: E402
from ruggie.screening.domain import (  # noqa: E402
    CANDIDATE_THRESHOLD,
    SCREENING_BANDS,
    Band,
    SupplierName,
    screen,
    screen_pair,
)

NAME_BENCH = HERE / "data" / "nomenklatura_name_bench_cases.csv"
OWN_SET = ROOT / "tests" / "data" / "screening" / "uflpa_variants.csv"
ORG_LIKE = {"Company", "Organization", "LegalEntity"}
GRID = [round(0.70 + 0.01 * i, 2) for i in range(26)]  # 0.70 .. 0.95
SEED = 42


@dataclass(frozen=True)
class Scored:
    label: bool
    score: float
    band: Band
    org_like: bool
    kind: str
    text: str  # the pair and the reason, for --errors


def _entity(name: str, country: str = "", aliases: tuple[str, ...] = ()) -> ListedEntity:
    return ListedEntity(
        list_code="bench", entry_id=entry_id(name), name=name, aliases=aliases, country=country,
        location="", section="", listed_on=None, source_url="", notes="", verified=True,
    )  # fmt: skip


def _score(supplier: SupplierName, entity: ListedEntity) -> tuple[float, Band, str]:
    pair = screen_pair(supplier, entity)
    if pair is None:
        return 0.0, Band.NONE, "not proposed by the index"
    return pair.score, pair.band, pair.reason


def score_name_bench(path: Path = NAME_BENCH) -> list[Scored]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            score, band, reason = _score(SupplierName(i, row["name1"]), _entity(row["name2"]))
            out.append(
                Scored(
                    label=row["is_match"].strip().lower() == "true",
                    score=score,
                    band=band,
                    org_like=row["schema"] in ORG_LIKE,
                    kind=row["schema"],
                    text=f"{row['name1']!r} vs {row['name2']!r}: {reason}",
                )
            )
    return out


def prf(items: list[Scored], threshold: float | None = None) -> tuple[float, float, float]:
    """Precision, recall, F1 with "match" = the candidate band (or ``score >= threshold``)."""
    tp = fp = fn = 0
    for s in items:
        predicted = s.band != Band.NONE if threshold is None else s.score >= threshold
        tp += predicted and s.label
        fp += predicted and not s.label
        fn += s.label and not predicted
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def confident_precision(items: list[Scored]) -> tuple[float, int]:
    sure = [s for s in items if s.band == Band.CONFIDENT]
    return (sum(s.label for s in sure) / len(sure) if sure else 1.0), len(sure)


def leave_one_out(items: list[Scored]) -> tuple[float, float, float]:
    """Re-choose the candidate threshold on the other pairs, predict the held-out one.

    Counts per threshold are taken once; a fold subtracts its held-out pair."""
    counts = {t: _counts(items, t) for t in GRID}
    tp = fp = fn = 0
    for held in items:
        best, best_key = GRID[0], (-1.0, 0.0)
        for t in GRID:
            c_tp, c_fp, c_fn = counts[t]
            predicted = held.score >= t
            c_tp -= predicted and held.label
            c_fp -= predicted and not held.label
            c_fn -= held.label and not predicted
            key = (_f1(c_tp, c_fp, c_fn), -abs(t - CANDIDATE_THRESHOLD))
            if key > best_key:
                best, best_key = t, key
        predicted = held.score >= best
        tp += predicted and held.label
        fp += predicted and not held.label
        fn += held.label and not predicted
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _counts(items: list[Scored], threshold: float) -> tuple[int, int, int]:
    tp = sum(s.score >= threshold and s.label for s in items)
    fp = sum(s.score >= threshold and not s.label for s in items)
    fn = sum(s.label and s.score < threshold for s in items)
    return tp, fp, fn


def _f1(tp: int, fp: int, fn: int) -> float:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def score_own_set(path: Path = OWN_SET) -> list[Scored]:
    entities = {e.entry_id: e for e in packaged_uflpa()}
    out = []
    with path.open(encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            entity = entities[row["entry_id"]]
            supplier = SupplierName(i, row["supplier_name"], country=row["supplier_country"])
            score, band, reason = _score(supplier, entity)
            out.append(
                Scored(
                    label=row["match"] == "1",
                    score=score,
                    band=band,
                    org_like=True,
                    kind=row["kind"],
                    text=f"{row['supplier_name']!r} [{row['supplier_country']}] vs {entity.name!r}: {reason}",
                )
            )
    return out


def own_set_scores(items: list[Scored] | None = None) -> dict[str, Any]:
    items = score_own_set() if items is None else items
    p, r, f = prf(items)
    cp, n_sure = confident_precision(items)
    kinds: dict[str, list[Scored]] = {}
    for s in items:
        kinds.setdefault(s.kind, []).append(s)
    by_kind = {}
    for kind, group in sorted(kinds.items()):
        hits = sum(s.band != Band.NONE for s in group)
        by_kind[kind] = {"rows": len(group), "flagged": hits, "match": group[0].label}
    abroad_confident = sum(s.band == Band.CONFIDENT for s in kinds.get("abroad", []))
    return {
        "own_rows": len(items),
        "own_precision": round(p, 4),
        "own_recall": round(r, 4),
        "own_f1": round(f, 4),
        "own_confident_precision": round(cp, 4),
        "own_confident_hits": n_sure,
        "own_abroad_confident": abroad_confident,
        "own_by_kind": by_kind,
    }


def namebench_scores(*, with_own_set: bool = True, loo: bool = True) -> dict[str, Any]:
    """The JSON figures of the name bench (and of the own set): see the module doc."""
    items = score_name_bench()
    org = [s for s in items if s.org_like]
    op, orr, of = prf(org)
    ap, ar, af = prf(items)
    ocp, on = confident_precision(org)
    acp, an = confident_precision(items)
    out: dict[str, Any] = {
        "namebench_org_pairs": len(org),
        "namebench_org_precision": round(op, 4),
        "namebench_org_recall": round(orr, 4),
        "namebench_org_f1": round(of, 4),
        "namebench_all_pairs": len(items),
        "namebench_all_precision": round(ap, 4),
        "namebench_all_recall": round(ar, 4),
        "namebench_all_f1": round(af, 4),
        "confident_precision_org": round(ocp, 4),
        "confident_hits_org": on,
        "confident_precision_all": round(acp, 4),
        "confident_hits_all": an,
        "candidate_threshold": SCREENING_BANDS.candidate,
        "confident_threshold": SCREENING_BANDS.confident,
    }
    if loo:
        lp, lr, lf = leave_one_out(org)
        out |= {
            "namebench_org_loo_precision": round(lp, 4),
            "namebench_org_loo_recall": round(lr, 4),
            "namebench_org_loo_f1": round(lf, 4),
            "namebench_all_loo_f1": round(leave_one_out(items)[2], 4),
        }
    if with_own_set:
        out |= own_set_scores()
    return out


def _planted(rng: random.Random, count: int) -> list[tuple[str, str, str]]:
    """(name, country, entry id) of listed entities written as suppliers write them."""
    with OWN_SET.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["match"] == "1"]
    return [(r["supplier_name"], r["supplier_country"], r["entry_id"]) for r in rng.choices(rows, k=count)]


def _supplier_names(n: int, rng: random.Random) -> list[tuple[str, str]]:
    sys.path.insert(0, str(HERE))
    import import_register  # type: ignore[import-not-found]  # noqa: PLC0415

    gen = import_register.Generator(rng)
    return [(s.name, s.country) for s in (gen.supplier(i + 1) for i in range(n))]


def screen_timing(n: int = 100_000, *, seed: int = SEED) -> dict[str, Any]:
    """Screen ``n`` supplier names (1% of them planted listed names) against the packaged
    UFLPA list; seconds of ``screen`` alone, and the planted names found on their entry."""
    rng = random.Random(seed)
    n_planted = max(1, n // 100)
    generated = _supplier_names(n - n_planted, rng)
    planted = _planted(rng, n_planted)
    names = [SupplierName(i, name, country=country) for i, (name, country) in enumerate(generated)]
    expected: dict[int, str] = {}
    for name, country, eid in planted:
        key = len(names)
        names.append(SupplierName(key, name, country=country))
        expected[key] = eid
    order = list(range(len(names)))
    rng.shuffle(order)
    names = [names[i] for i in order]
    lists = packaged_uflpa()
    start = time.perf_counter()
    hits = screen(names, lists)
    seconds = time.perf_counter() - start
    found = {(h.supplier, h.entry.entry_id) for h in hits}
    caught = sum((key, eid) in found for key, eid in expected.items())
    planted_keys = set(expected)
    return {
        "seconds": round(seconds, 3),
        "names": len(names),
        "entries": len(lists),
        "listed_names": sum(len(e.names) for e in lists),
        "planted": len(expected),
        "planted_recall": round(caught / len(expected), 4),
        "hits": len(hits),
        "hits_on_generated_names": sum(h.supplier not in planted_keys for h in hits),
    }


def _curve(items: list[Scored], say: Any) -> None:
    say("  threshold  precision  recall  f1")
    for t in GRID[::2]:
        p, r, f = prf(items, t)
        mark = "  <- candidate" if abs(t - SCREENING_BANDS.candidate) < 1e-9 else ""
        mark = "  <- confident" if abs(t - SCREENING_BANDS.confident) < 1e-9 else mark
        say(f"    {t:.2f}      {p:.3f}     {r:.3f}  {f:.3f}{mark}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=100_000, help="supplier names to screen for timing")
    parser.add_argument("--errors", action="store_true", help="list the wrong decisions")
    args = parser.parse_args(argv)
    items = score_name_bench()
    org = [s for s in items if s.org_like]
    print(f"Name bench: {len(items)} pairs, {len(org)} company/organisation (bands {SCREENING_BANDS})")
    print(" org-like:")
    _curve(org, print)
    print(" all pairs:")
    _curve(items, print)
    figures = namebench_scores()
    print(f" org-like at the candidate band: P {figures['namebench_org_precision']} "
          f"R {figures['namebench_org_recall']} F1 {figures['namebench_org_f1']}; leave-one-out F1 "
          f"{figures['namebench_org_loo_f1']}; confident band precision {figures['confident_precision_org']} "
          f"({figures['confident_hits_org']} pairs)")  # fmt: skip
    print(f" all pairs: P {figures['namebench_all_precision']} R {figures['namebench_all_recall']} "
          f"F1 {figures['namebench_all_f1']} (leave-one-out {figures['namebench_all_loo_f1']}); "
          f"confident precision {figures['confident_precision_all']} "
          f"({figures['confident_hits_all']} pairs)")  # fmt: skip
    print(" reference: OpenSanctions logic-v2 org-like F1 0.872 (P 0.850, R 0.895), all pairs F1 0.796")
    print(f"Own set ({figures['own_rows']} rows): P {figures['own_precision']} R {figures['own_recall']} "
          f"F1 {figures['own_f1']}; confident precision {figures['own_confident_precision']}; "
          f"namesakes abroad in the confident band: {figures['own_abroad_confident']}")  # fmt: skip
    for kind, k in figures["own_by_kind"].items():
        what = "flagged" if k["match"] else "wrongly flagged"
        print(f"    {kind:15} {k['flagged']:4} of {k['rows']:4} {what}")
    if args.errors:
        for s in items:
            if (s.band != Band.NONE) != s.label:
                print("FN" if s.label else "FP", s.kind[:3], f"{s.score:.3f}", s.text)
        for s in score_own_set():
            if (s.band != Band.NONE) != s.label:
                print("own", "FN" if s.label else "FP", s.kind, f"{s.score:.3f}", s.text)
    timing = screen_timing(args.names)
    print(f"Screening {timing['names']:,} names against {timing['entries']} entries "
          f"({timing['listed_names']} names and aliases): {timing['seconds']:.2f}s; planted recall "
          f"{timing['planted_recall']} of {timing['planted']}; {timing['hits_on_generated_names']} hits "
          "on generated names")  # fmt: skip
    figures["screen_s"] = timing["seconds"]
    figures["screen_names"] = timing["names"]
    figures["screen_planted_recall"] = timing["planted_recall"]
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
