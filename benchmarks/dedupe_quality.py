"""Quality and speed benchmark for ruggie.register.domain.matching.

Run from the repo root: ``.venv/bin/python benchmarks/dedupe_quality.py [--quick] [--errors]``

1. Open Supply Hub's labelled facility pairs (47 match / 65 distinct): precision,
   recall and F1 at DEFAULT_THRESHOLD, the curve over thresholds, and a
   leave-one-out figure where the threshold is re-chosen without the held-out
   pair (the weights are hand-set, not fitted, so only the threshold can overfit).
2. nomenklatura's name bench, Company/Organization/LegalEntity rows only
   (name-only pairs, no country): a secondary figure.
3. find_duplicates speed on 100,000 synthetic records, alone (against=()) and
   against a register of 100,000 (best of three runs; one run with --quick).
   ``dedupe_records_per_s`` counts the 100,000 records per second of the first;
   ``dedupe_records_per_s_against`` counts all 200,000 records of the second.

``evaluate(quick)`` returns the figures as a dict; run as a script, the last line
of output is that dict as one JSON object.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from pathlib import Path

try:
    import ruggie  # noqa: F401
except ImportError:  # running from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from ruggie.register.domain.matching import (
    DEFAULT_THRESHOLD,
    MatchResult,
    Record,
    compare,
    find_duplicates,
)

DATA = Path(__file__).resolve().parent / "data"
OSH_PAIRS = DATA / "osh_dedupe_training_pairs.json"
NAME_BENCH = DATA / "nomenklatura_name_bench_cases.csv"
GRID = [round(0.5 + 0.025 * i, 3) for i in range(19)]  # 0.50 .. 0.95


def load_osh_pairs(path: Path = OSH_PAIRS) -> list[tuple[Record, Record, bool]]:
    data = json.loads(path.read_text("utf-8"))
    pairs = []
    for label, is_match in (("match", True), ("distinct", False)):
        for item in data[label]:
            a, b = (
                Record(
                    key=str(r["id"]),
                    name=r["name"],
                    country=r["country"].upper(),
                    address=r.get("address", ""),
                )
                for r in item["__value__"]
            )
            pairs.append((a, b, is_match))
    return pairs


def load_name_bench(path: Path = NAME_BENCH) -> list[tuple[Record, Record, bool]]:
    pairs = []
    with path.open(encoding="utf-8") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            if row["schema"] in {"Company", "Organization", "LegalEntity"}:
                a = Record(key=f"{i}a", name=row["name1"], country="")
                b = Record(key=f"{i}b", name=row["name2"], country="")
                pairs.append((a, b, row["is_match"].strip().lower() == "true"))
    return pairs


def prf(scored: list[tuple[MatchResult, bool]], threshold: float) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for result, label in scored:
        predicted = result.score >= threshold and not _vetoed(result)
        tp += predicted and label
        fp += predicted and not label
        fn += label and not predicted
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _vetoed(result: MatchResult) -> bool:
    return any(f.name == "country" and "veto" in f.detail for f in result.features)


def leave_one_out(scored: list[tuple[MatchResult, bool]]) -> tuple[float, float, float]:
    """Pick the best grid threshold on n-1 pairs, predict the held-out pair."""
    held: list[tuple[MatchResult, bool, float]] = []
    for i, (result, label) in enumerate(scored):
        rest = scored[:i] + scored[i + 1 :]
        best = max(GRID, key=lambda t: (prf(rest, t)[2], -abs(t - DEFAULT_THRESHOLD)))
        held.append((result, label, best))
    tp = sum(1 for r, lab, t in held if lab and r.score >= t and not _vetoed(r))
    fp = sum(1 for r, lab, t in held if not lab and r.score >= t and not _vetoed(r))
    fn = sum(1 for r, lab, t in held if lab and not (r.score >= t and not _vetoed(r)))
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def show_errors(scored: list[tuple[MatchResult, bool]], pairs: list, threshold: float) -> None:
    for (result, label), (a, b, _) in zip(scored, pairs, strict=True):
        if result.is_match != label:
            kind = "FN" if label else "FP"
            print(f"{kind} {result.score:.3f} {a.name!r} [{a.country}] vs {b.name!r} [{b.country}]")
            for f in result.features:
                print(f"     {f.name:16} {f.value:+.2f} x {f.weight:+.2f}  {f.detail}")


# 16 consonants x 5 vowels (+ a final n): 160 syllables, 2-4 per brand word.
SYLLABLES = [c + v + n for c in "bdfghklmnprstvwyz" for v in "aeiou" for n in ("", "n")]
INDUSTRY = ["garment", "garments", "textile", "textiles", "apparel", "knitting", "fashion", ""]
FORMS = ["co., ltd.", "company limited", "ltd", "(pvt) ltd", "s.a.", "gmbh", "a.s.", "srl", ""]
COUNTRIES = ["CN", "BD", "VN", "IN", "TR", "KH", "PK", "LK", "TH", "RU", "EG", "MX", ""]


def synthetic(n: int, seed: int = 7) -> tuple[list[Record], list[Record]]:
    rng = random.Random(seed)

    def brand() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))

    def name() -> tuple[str, str]:
        script = rng.random()
        if script < 0.08:
            base = "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(4))
            return base + rng.choice(["有限公司", "股份有限公司", ""]), "CN"
        if script < 0.12:
            cyr = "".join(chr(rng.randint(0x430, 0x44F)) for _ in range(7))
            return f"ООО {cyr}", "RU"
        if script < 0.15:
            thai = "".join(chr(rng.randint(0xE01, 0xE2E)) for _ in range(6))
            return f"บริษัท {thai} จำกัด", "TH"
        if script < 0.17:
            ar = "".join(chr(rng.randint(0x628, 0x64A)) for _ in range(6))
            return f"شركة {ar}", "EG"
        words = [brand() for _ in range(rng.randint(1, 2))]
        text = " ".join([*words, rng.choice(INDUSTRY), rng.choice(FORMS)])
        return text.strip().title(), rng.choice(COUNTRIES)

    def variant(r: Record, key: str) -> Record:
        text = r.name
        op = rng.random()
        if op < 0.3:
            text = text.upper().replace(".", "") + " "
        elif op < 0.6 and len(text) > 6:
            k = rng.randrange(len(text))
            text = text[:k] + text[k + 1 :]
        else:
            text = text.replace("Ltd", "Limited").replace("Garment", "Garments")
        return Record(key, text, r.country, r.address)

    def record(key: str) -> Record:
        text, country = name()
        street = f"{rng.randint(1, 400)} {brand()} road"
        return Record(key, text, country, street)

    new = [record(f"n{i}") for i in range(n)]
    existing = [record(f"e{i}") for i in range(n)]
    for i in range(0, n, 10):  # 10% near-duplicates of the existing register
        new[i] = variant(existing[rng.randrange(n)], f"n{i}")
    return new, existing


def _timed(new: list[Record], against: list[Record], runs: int) -> tuple[float, int]:
    best, found = float("inf"), 0
    for _ in range(runs):
        start = time.perf_counter()
        found = len(find_duplicates(new, against=against))
        best = min(best, time.perf_counter() - start)
    return best, found


def evaluate(quick: bool = True, *, errors: bool = False, n: int = 100_000, verbose: bool = False) -> dict:
    """Quality on the labelled pairs and find_duplicates speed; see the module doc."""
    say = print if verbose else (lambda *_: None)
    if not OSH_PAIRS.exists() or not NAME_BENCH.exists():
        raise FileNotFoundError(f"benchmark data missing in {DATA}; see benchmarks/data/SOURCE.md")

    pairs = load_osh_pairs()
    scored = [(compare(a, b), label) for a, b, label in pairs]
    say(f"Open Supply Hub pairs: {len(pairs)} ({sum(p[2] for p in pairs)} match)")
    say("threshold  precision  recall  f1")
    for t in GRID:
        p, r, f = prf(scored, t)
        mark = "  <- DEFAULT_THRESHOLD" if abs(t - DEFAULT_THRESHOLD) < 1e-9 else ""
        say(f"  {t:.3f}     {p:.3f}    {r:.3f}  {f:.3f}{mark}")
    p, r, f1 = prf(scored, DEFAULT_THRESHOLD)
    lp, lr, lf = leave_one_out(scored)
    say(f"at default {DEFAULT_THRESHOLD}: precision {p:.3f} recall {r:.3f} F1 {f1:.3f}")
    say(f"leave-one-out (threshold re-chosen per fold): P {lp:.3f} R {lr:.3f} F1 {lf:.3f}")
    say("reference: nomenklatura logic_v2 F1 0.74 on the same pairs")
    if errors:
        show_errors(scored, pairs, DEFAULT_THRESHOLD)

    bench = load_name_bench()
    bench_scored = [(compare(a, b), label) for a, b, label in bench]
    bp, br, bf = prf(bench_scored, DEFAULT_THRESHOLD)
    say(f"name bench (company/org, {len(bench)} pairs): P {bp:.3f} R {br:.3f} F1 {bf:.3f}")
    if errors:
        show_errors(bench_scored, bench, DEFAULT_THRESHOLD)

    new, existing = synthetic(n)
    runs = 1 if quick else 3
    alone, found_alone = _timed(new, [], runs)
    both, found = _timed(new, existing, runs)
    say(f"find_duplicates: {n:,} records alone in {alone:.2f}s ({n / alone:,.0f} records/s),")
    say(f"  {found_alone:,} pairs found")
    say(f"find_duplicates: {n:,} + {n:,} records in {both:.2f}s ({2 * n / both:,.0f} records/s),")
    say(f"  {found:,} pairs found (about {n // 10:,} planted near-duplicates)")
    return {
        "dedupe_precision": round(p, 4),
        "dedupe_recall": round(r, 4),
        "dedupe_f1": round(f1, 4),
        "threshold": DEFAULT_THRESHOLD,
        "pairs": len(pairs),
        "dedupe_loo_f1": round(lf, 4),
        "name_bench_precision": round(bp, 4),
        "name_bench_recall": round(br, 4),
        "name_bench_f1": round(bf, 4),
        "dedupe_records": n,
        "dedupe_seconds": round(alone, 3),
        "dedupe_records_per_s": round(n / alone, 1),
        "dedupe_seconds_against": round(both, 3),
        "dedupe_records_per_s_against": round(2 * n / both, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="one timing run instead of best of three")
    parser.add_argument("--errors", action="store_true", help="list false pos/negatives")
    parser.add_argument("--records", type=int, default=100_000, help="synthetic records per side")
    args = parser.parse_args()
    try:
        figures = evaluate(args.quick, errors=args.errors, n=args.records, verbose=True)
    except FileNotFoundError as exc:
        sys.exit(str(exc))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
