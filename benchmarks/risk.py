"""Risk scoring end to end, screening speed and screening quality.

Run from the repo root: ``.venv/bin/python benchmarks/risk.py [--quick]``

1. Scoring, for SQLite (a temporary file) and PostgreSQL (``ruggie_bench_risk`` on
   127.0.0.1:5432, created and dropped; null figures if unreachable), each in a subprocess
   with DATABASE_URL set: migrate, bulk-load a seeded register of 100,000 sites (10,000 with
   --quick) in 20 countries with ISIC sectors, goods (some on the DOL list for their
   country) and workforce shares (some unknown), then time ``score_organisation`` three
   times: the first run (every site x issue scored and stored: 13 issues, so 1.3 million
   scores for 100,000 sites), a second run with nothing changed (read, score, compare), and
   a third after 1% of the sites changed their migrant share (only those rows rewritten).
2. Screening: 100,000 supplier names (10,000 with --quick) against the packaged UFLPA
   Entity List, with planted listed names (benchmarks/screening_quality.py).
3. Screening quality on OpenSanctions' name bench (benchmarks/screening_quality.py).

The last line of output is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DB = "ruggie_bench_risk"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
SEED = 42
FULL_SITES, QUICK_SITES = 100_000, 10_000
TARGET_SCORE_S = 10.0
COUNTRIES = [("CN", 20), ("BD", 10), ("VN", 10), ("IN", 10), ("TR", 6), ("KH", 5), ("PK", 5), ("ID", 5),
             ("MY", 4), ("TH", 4), ("MX", 3), ("BR", 3), ("ET", 2), ("MA", 2), ("GH", 2), ("CI", 2),
             ("PT", 2), ("IT", 2), ("DE", 2), ("US", 1)]  # fmt: skip
SECTORS = ["1410", "1312", "1520", "0111", "0127", "2610", "1079", "0321", "0729", "4100", "1391", "2011",
           "2720", "1621", "4923", "8121", "5510", "", ""]  # fmt: skip
GOODS = ["garments", "cotton", "cocoa", "coffee", "tea", "sugarcane", "shrimp", "fish", "rubber",
         "palm_oil", "electronics", "gold", "bricks", "footwear", "timber", "polysilicon", "tomatoes",
         "rice"]  # fmt: skip


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def load_register(organisation: Any, n_sites: int) -> dict[str, Any]:
    """Bulk-load suppliers, sites and their goods (benchmark data only: no audit events)."""
    from ruggie.bulk import bulk_insert
    from ruggie.register.models import Commodity, Site, Supplier

    rng = random.Random(SEED)
    known = dict(Commodity.objects.filter(organisation=None, code__in=GOODS).values_list("code", "pk"))
    n_suppliers = max(1, n_sites // 3)
    suppliers = [
        (organisation.pk, f"Supplier {i:06d} Co., Ltd.", f"supplier {i:06d} ltd", [], "",
         _weighted(rng, COUNTRIES), "", f"S{i:06d}")
        for i in range(n_suppliers)
    ]  # fmt: skip
    supplier_ids = bulk_insert(
        Supplier,
        ("organisation_id", "name", "name_normalised", "other_names", "registration_id", "country", "website",
         "external_id"),
        suppliers, returning=True,
    )  # fmt: skip

    def share() -> Decimal | None:
        return None if rng.random() < 0.3 else Decimal(f"{rng.uniform(0, 0.6):.4f}")

    sites = []
    for n in range(n_sites):
        owner = n % n_suppliers
        sites.append((
            organisation.pk, supplier_ids[owner], f"Site {n:06d}", "", suppliers[owner][5], "", None, None,
            rng.choice(SECTORS), rng.randint(20, 3000) if rng.random() < 0.8 else None,
            share(), share(), share(),
        ))  # fmt: skip
    site_ids = bulk_insert(
        Site,
        ("organisation_id", "supplier_id", "name", "address", "country", "region", "latitude", "longitude",
         "sector", "headcount", "women_share", "migrant_share", "temporary_share"),
        sites, returning=True,
    )  # fmt: skip
    links = []
    codes = [c for c in GOODS if c in known]
    for pk in site_ids:
        for code in rng.sample(codes, rng.choice([0, 1, 1, 2, 3])):
            links.append((pk, known[code]))
    bulk_insert(Site.commodities.through, ("site_id", "commodity_id"), links)
    return {"sites": len(site_ids), "suppliers": len(supplier_ids), "site_goods": len(links), "ids": site_ids}


def run_child(backend: str, n_sites: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from ruggie.accounts.services import organisation_create
    from ruggie.register.models import Site
    from ruggie.risk.context import reference_context
    from ruggie.risk.models import SiteRisk, SiteRiskHistory
    from ruggie.risk.services import score_organisation

    call_command("migrate", verbosity=0, interactive=False)
    org = organisation_create(slug="bench", name="Bench Buyer", kind="company")
    start = time.perf_counter()
    loaded = load_register(org, n_sites)
    load_s = time.perf_counter() - start
    log(f"[{backend}] loaded {loaded['sites']:,} sites in {load_s:.1f}s")
    # The reference data is read once per process and cached; time it apart.
    start = time.perf_counter()
    reference_context(org)
    reference_s = time.perf_counter() - start

    out: dict[str, Any] = {"backend": backend, "vendor": connection.vendor, "sites": loaded["sites"],
                           "site_goods": loaded["site_goods"], "load_s": round(load_s, 2),
                           "reference_first_read_s": round(reference_s, 2)}  # fmt: skip
    for label, prepare in (
        ("first", None),
        ("unchanged", None),
        ("one_percent_changed", "change"),
    ):
        if prepare == "change":
            rng = random.Random(SEED + 1)
            changed = rng.sample(loaded["ids"], max(1, len(loaded["ids"]) // 100))
            Site.objects.filter(pk__in=changed[: len(changed) // 2]).update(migrant_share=Decimal("0.9"))
            Site.objects.filter(pk__in=changed[len(changed) // 2 :]).update(migrant_share=Decimal("0.0"))
        start = time.perf_counter()
        run = score_organisation(organisation=org, actor=None, trigger="benchmark")
        seconds = time.perf_counter() - start
        out[f"{label}_s"] = round(seconds, 3)
        out[f"{label}_changed"] = run.changed
        log(f"[{backend}] {label} run: {seconds:.2f}s, {run.changed:,} scores written")
    out["scores"] = SiteRisk.objects.count()
    out["history_rows"] = SiteRiskHistory.objects.count()
    return out


def _spawn(backend: str, url: str, n_sites: int) -> dict[str, Any] | None:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "ruggie.settings",
           "RUGGIE_DEBUG": "0"}  # fmt: skip
    proc = subprocess.run(
        [sys.executable, __file__, "--child", backend, "--sites", str(n_sites)],
        env=env, capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    sys.stderr.write("".join(line + "\n" for line in proc.stderr.splitlines() if "SECRET_KEY" not in line
                             and "warnings.warn" not in line))  # fmt: skip
    if proc.returncode != 0:
        log(f"[{backend}] failed (exit {proc.returncode})")
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_sqlite(n_sites: int) -> dict[str, Any] | None:
    with tempfile.TemporaryDirectory() as tmp:
        return _spawn("sqlite", f"sqlite:///{tmp}/bench.sqlite3", n_sites)


def run_postgres(n_sites: int) -> dict[str, Any] | None:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_DB}")
    except Exception as exc:  # noqa: BLE001 - any failure means "no PostgreSQL here"
        log(f"note: PostgreSQL unreachable ({type(exc).__name__}); its figures are null")
        return None
    try:
        return _spawn("postgres", PG_URL, n_sites)
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")


def screening(n_names: int) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import screening_quality  # type: ignore[import-not-found]

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruggie.settings")
    timing = screening_quality.screen_timing(n_names)
    quality = screening_quality.namebench_scores()
    return {"timing": timing, "quality": quality}


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="10,000 sites and 10,000 names")
    p.add_argument("--sites", type=int)
    p.add_argument("--names", type=int)
    p.add_argument("--only", choices=["sqlite", "postgres"])
    p.add_argument("--child", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    n_sites = args.sites or (QUICK_SITES if args.quick else FULL_SITES)
    if args.child:
        print(json.dumps(run_child(args.child, n_sites)))
        return
    n_names = args.names or (10_000 if args.quick else 100_000)
    results = {
        "sqlite": run_sqlite(n_sites) if args.only != "postgres" else None,
        "postgres": run_postgres(n_sites) if args.only != "sqlite" else None,
    }
    screen = screening(n_names)
    print()
    print(f"Risk scoring, {n_sites:,} sites x 13 issues (seed {SEED})")
    for name, r in results.items():
        if r is None:
            print(f"  {name:9} not measured")
            continue
        print(f"  {name:9} first run {r['first_s']:.2f}s ({r['first_changed']:,} scores stored), "
              f"unchanged {r['unchanged_s']:.2f}s, 1% changed {r['one_percent_changed_s']:.2f}s "
              f"({r['one_percent_changed_changed']:,} scores, {r['history_rows']:,} history rows); "
              f"reference data first read {r['reference_first_read_s']:.2f}s")  # fmt: skip
    t, q = screen["timing"], screen["quality"]
    print(f"Screening {t['names']:,} names against {t['entries']} listed entities: {t['seconds']:.2f}s, "
          f"planted recall {t['planted_recall']:.3f}")  # fmt: skip
    print(f"Name bench (OpenSanctions): org P {q['namebench_org_precision']} R {q['namebench_org_recall']} "
          f"F1 {q['namebench_org_f1']}; all F1 {q['namebench_all_f1']}")  # fmt: skip
    notes = ["timings on a shared 2-core machine; other jobs can make them noisy"]
    first = [r["first_s"] for r in results.values() if r]
    if first and max(first) > TARGET_SCORE_S:
        notes.append(f"scoring slower than the {TARGET_SCORE_S:.0f}s target")
    for n in notes:
        print("note:", n)

    def get(db: str, key: str) -> Any:
        r = results.get(db)
        return r.get(key) if r else None

    summary = {
        "sites": n_sites,
        "scores_per_run": n_sites * 13,
        "score_1m_s": max(first) if first else None,
        "score_1m_s_sqlite": get("sqlite", "first_s"),
        "score_1m_s_postgres": get("postgres", "first_s"),
        "rescore_unchanged_s_sqlite": get("sqlite", "unchanged_s"),
        "rescore_unchanged_s_postgres": get("postgres", "unchanged_s"),
        "rescore_1pct_s_sqlite": get("sqlite", "one_percent_changed_s"),
        "rescore_1pct_s_postgres": get("postgres", "one_percent_changed_s"),
        "screen_100k_s": t["seconds"],
        "screen_names": t["names"],
        "screen_planted_recall": t["planted_recall"],
        **{k: v for k, v in q.items() if k.startswith(("namebench", "confident", "own"))},
        "notes": notes,
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
