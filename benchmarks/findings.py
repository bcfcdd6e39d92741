"""Findings board and manager's numbers latency on SQLite and PostgreSQL.

Run from the repo root: ``.venv/bin/python benchmarks/findings.py [--quick]``

1. For each database it re-runs itself in a subprocess (``--backend sqlite|postgres``, with
   DATABASE_URL set; settings read it at import): migrate, create an organisation and an
   analyst, then bulk-load a seeded register and its findings: 20,000 sites over ~6,000
   suppliers (2,000 sites with --quick), 200,000 findings (20,000 with --quick) with a
   realistic mix of issues, severities, statuses, sources and dates over three years,
   ~1.5 corrective actions per finding and remedies on some actions of critical findings.
   Then ANALYZE, as a real import would (``--vacuum``: VACUUM ANALYZE on PostgreSQL, the
   state autovacuum leaves the tables in; this server may run with autovacuum off).
2. Times the findings board ``/findings/`` with a mix of filters (none, issue, severity,
   status=open, country, source, supplier, combinations, deep pages) and the manager's
   numbers ``/findings/metrics/`` as a signed-in analyst: p50 / p95 in ms, p95 per kind.
   The same work is also timed through the selectors directly
   (``board_counts`` + ``board_page``, and ``manager_numbers``), so figures exist before
   the pages do; page figures are null while ``/findings/`` does not resolve.
3. ``--explain`` prints the query plan of every query the selectors run, per kind.

The last line of output is one JSON object.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DB = "ruggie_bench_findings"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DB}"
SEED = 42
TODAY = date(2026, 12, 3)  # fixed, so every run loads the same data
NOW = datetime(2026, 12, 3, 6, 0, tzinfo=UTC)  # nothing in the data happens after this
FULL_SITES, QUICK_SITES = 20_000, 2_000
FULL_FINDINGS, QUICK_FINDINGS = 200_000, 20_000
FULL_BOARD, QUICK_BOARD = 200, 40
FULL_METRICS, QUICK_METRICS = 60, 15
SITES_PER_SUPPLIER = 10 / 3  # 20,000 sites over ~6,000 suppliers
PER_PAGE = 50
TARGET_P95_MS = 150.0
BOARD_URL, METRICS_URL = "/findings/", "/findings/metrics/"

# --------------------------------------------------------------------------------------
# Synthetic register and findings
# --------------------------------------------------------------------------------------

COUNTRIES = [
    ("BD", 16), ("CN", 15), ("VN", 11), ("IN", 10), ("TR", 9), ("PK", 6), ("KH", 5), ("ID", 5),
    ("TH", 4), ("MY", 3), ("LK", 3), ("MX", 2), ("BR", 2), ("GH", 2), ("CI", 2), ("EG", 2),
    ("MA", 1), ("PT", 1), ("IT", 1),
]  # fmt: skip
SECTORS = ["1410", "1311", "1391", "1520", "1511", "0127", "0116", "2610", "1020", "3100"]
NAME_WORDS = (
    "Golden Star Pacific Evergreen Sunrise Lotus Harmony Royal Crystal Orient Delta "
    "Phoenix Jade Silver River Summit Global Unity Prime Bright Ocean Tiger Crown"
).split()
INDUSTRY_WORDS = ["Garments", "Textiles", "Knitwear", "Apparel", "Footwear", "Leather", "Agro",
                  "Electronics", "Seafood", "Furniture", "Spinning", "Dyeing"]  # fmt: skip
FORMS = ["Co., Ltd.", "Ltd", "Pvt Ltd", "JSC", "A.S.", "Sdn Bhd", "S.A.", "Limited"]

# Issue weights: what audits and grievances find most often comes first. Unknown codes
# (the taxonomy may grow) get a small weight.
ISSUE_WEIGHTS = {
    "health_safety": 24, "working_hours": 18, "wages": 17, "regular_employment": 7,
    "grievance_management": 6, "freedom_of_association": 6, "discrimination": 5, "harassment": 5,
    "migrant_workers": 4, "ethical_recruitment": 4, "land_community": 2, "forced_labour": 2,
    "child_labour": 1,
}  # fmt: skip
GRAVE = {"forced_labour", "child_labour"}
SEVERITY_WEIGHTS = [("low", 28), ("medium", 40), ("high", 24), ("critical", 8)]
GRAVE_SEVERITY_WEIGHTS = [("low", 3), ("medium", 12), ("high", 35), ("critical", 50)]
RANK = {"low": 1, "medium": 2, "high": 3, "critical": 4}
MEDIAN_DAYS_TO_CLOSE = {"low": 120, "medium": 90, "high": 60, "critical": 40}
OPEN_STATUS_WEIGHTS = [("open", 45), ("action_planned", 25), ("in_progress", 20), ("disputed", 10)]
SOURCE_WEIGHTS = [
    ("audit", 38), ("self_assessment", 14), ("survey", 10), ("grievance", 9), ("screening", 10),
    ("desk_research", 7), ("manual", 12),
]  # fmt: skip
SOURCE_PREFIX = {"audit": "AUD", "self_assessment": "SAQ", "survey": "SRV", "grievance": "GRV",
                 "screening": "SCR", "desk_research": "DSK"}  # fmt: skip
SCHEMES = ["SMETA", "amfori BSCI", "SA8000", "WRAP", "SLCP", "RBA"]
INVOLVEMENT_WEIGHTS = [("directly_linked", 70), ("contributed", 25), ("caused", 5)]
PHRASES = [
    "observed during the site walk", "reported by several workers", "found in payroll records",
    "raised through the hotline", "seen in time records for the last three months",
    "confirmed by management interview", "noted in the previous audit and still present",
    "flagged by media screening", "reported by a local NGO", "found in the dormitory inspection",
]  # fmt: skip
REMEDY_TYPES = ["compensation", "back_pay", "fee_repayment", "reinstatement", "documents_returned",
                "health_care", "schooling", "apology", "non_repetition", "other"]  # fmt: skip

_CUMULATIVE: dict[int, tuple[list[tuple[Any, int]], list[Any], list[int]]] = {}


def _weighted(rng: random.Random, pairs: list[tuple[Any, int]]) -> Any:
    """One item of ``pairs`` (item, weight); the weight table is built once per list."""
    table = _CUMULATIVE.get(id(pairs))
    if table is None or table[0] is not pairs:
        items: list[Any] = []
        running: list[int] = []
        total = 0
        for item, weight in pairs:
            total += weight
            items.append(item)
            running.append(total)
        table = _CUMULATIVE[id(pairs)] = (pairs, items, running)
    _, items, running = table
    return items[bisect.bisect_right(running, rng.random() * running[-1])]


def _at(day: date, rng: random.Random) -> datetime:
    """A moment during working hours on ``day`` (UTC)."""
    return datetime(day.year, day.month, day.day, rng.randint(6, 18), rng.randrange(60),
                     rng.randrange(60), tzinfo=UTC)  # fmt: skip


@dataclass
class Loaded:
    organisation: Any
    user: Any
    suppliers: list[int]
    sites: list[int]
    findings: int
    actions: int
    remedies: int
    critical: int
    seconds: dict[str, float]


def load(organisation: Any, user: Any, n_sites: int, n_findings: int) -> Loaded:
    """Bulk-load the benchmark data. The rows are written with ``ruggie.bulk.bulk_insert``,
    not through ``findings.services`` (no audit events, no raising rules): this is only how
    the benchmark gets 200,000 findings into the database quickly, never how findings
    should be created."""
    from ruggie.bulk import bulk_insert
    from ruggie.core.human_rights import issue_codes
    from ruggie.findings.models import CorrectiveAction, Finding, Remedy
    from ruggie.register.domain.names import normalise_name
    from ruggie.register.models import Site, Supplier

    rng = random.Random(SEED)
    seconds: dict[str, float] = {}
    org_id = organisation.pk

    # ---- suppliers and sites ---------------------------------------------------------
    start = time.perf_counter()
    n_suppliers = max(1, round(n_sites / SITES_PER_SUPPLIER))
    supplier_rows: list[tuple[Any, ...]] = []
    supplier_country: list[str] = []
    for i in range(n_suppliers):
        country = _weighted(rng, COUNTRIES)
        words = (rng.choice(NAME_WORDS), rng.choice(NAME_WORDS), rng.choice(INDUSTRY_WORDS))
        name = f"{' '.join(words)} {i + 1:05d} {rng.choice(FORMS)}"
        supplier_country.append(country)
        supplier_rows.append((org_id, name, normalise_name(name)[:255], [], "", country, "", f"V{i + 1:06d}"))
    supplier_ids = bulk_insert(
        Supplier,
        ("organisation_id", "name", "name_normalised", "other_names", "registration_id", "country",
         "website", "external_id"),
        supplier_rows, returning=True,
    )  # fmt: skip
    # Every supplier has a site; the rest go mostly to a few large multi-site suppliers.
    owners = list(range(n_suppliers)) + [
        min(int(rng.paretovariate(1.2)) - 1, n_suppliers - 1)
        if rng.random() < 0.3
        else rng.randrange(n_suppliers)
        for _ in range(n_sites - n_suppliers)
    ]
    site_rows: list[tuple[Any, ...]] = []
    site_country: list[str] = []
    site_supplier: list[int] = []
    for n, owner in enumerate(owners):
        # ~5% of sites are abroad (a supplier's factory in another country).
        country = _weighted(rng, COUNTRIES) if rng.random() < 0.05 else supplier_country[owner]
        site_country.append(country)
        site_supplier.append(supplier_ids[owner])
        site_rows.append((
            org_id, supplier_ids[owner], f"Factory {n + 1:05d}", f"No. {rng.randint(1, 999)} Industrial Road",
            country, "", None, None, rng.choice(SECTORS), int(rng.lognormvariate(5.5, 1.0)) + 5,
            Decimal(f"{rng.uniform(0.2, 0.85):.4f}"), None, None,
        ))  # fmt: skip
    site_ids = bulk_insert(
        Site,
        ("organisation_id", "supplier_id", "name", "address", "country", "region", "latitude",
         "longitude", "sector", "headcount", "women_share", "migrant_share", "temporary_share"),
        site_rows, returning=True,
    )  # fmt: skip
    seconds["register"] = time.perf_counter() - start

    # ---- findings --------------------------------------------------------------------
    start = time.perf_counter()
    codes = issue_codes()
    issue_pairs = [(c, ISSUE_WEIGHTS.get(c, 2)) for c in codes]
    names = {c: c.replace("_", " ").capitalize() for c in codes}
    # A third of the findings land on a tenth of the sites (the problem factories).
    hot = rng.sample(range(len(site_ids)), max(1, len(site_ids) // 10))
    refs: dict[str, int] = defaultdict(int)
    span = 3 * 365
    finding_rows: list[tuple[Any, ...]] = []
    plans: list[tuple[str, str, date, datetime, datetime | None, datetime | None]] = []
    for _ in range(n_findings):
        s = rng.choice(hot) if rng.random() < 0.33 else rng.randrange(len(site_ids))
        issue = _weighted(rng, issue_pairs)
        severity = _weighted(rng, GRAVE_SEVERITY_WEIGHTS if issue in GRAVE else SEVERITY_WEIGHTS)
        source = _weighted(rng, SOURCE_WEIGHTS)
        # More findings recently (more sources connected): skew found_on towards today.
        age = int(span * (1 - rng.random() ** 0.8))
        found_on = TODAY - timedelta(days=age)
        created_at = min(_at(found_on + timedelta(days=rng.randint(0, 20)), rng), NOW)
        days = max(1, int(rng.lognormvariate(0, 0.7) * MEDIAN_DAYS_TO_CLOSE[severity]))
        closed_at = verified_at = None
        days_to_close: int | None = None
        if created_at.date() + timedelta(days=days) < TODAY and rng.random() < 0.9:
            days_to_close = days
            closed_at = created_at + timedelta(days=days, hours=rng.randint(0, 8))
            if rng.random() < 0.6:
                status = "verified"
                verified_at = min(closed_at + timedelta(days=rng.randint(3, 40)), NOW)
            else:
                status = "resolved"
        else:
            status = _weighted(rng, OPEN_STATUS_WEIGHTS)
        if source == "manual":
            ref, label, details = "", "", {}
        else:
            refs[source] += 1
            ref = f"{SOURCE_PREFIX[source]}-{refs[source]:07d}"
            if source == "audit":
                audit_ref = f"{rng.choice(SCHEMES)}-{found_on.isoformat()}-{s}"
                label, details = (
                    f"{audit_ref.split('-')[0]} audit {found_on.isoformat()}",
                    {"audit_ref": audit_ref, "clause": f"{rng.randint(1, 12)}.{rng.randint(1, 9)}"},
                )
            else:
                label, details = f"{source.replace('_', ' ').capitalize()} {found_on.isoformat()}", {}
        dims = (
            (rng.randint(1, 4), rng.randint(1, 4), rng.randint(1, 4)) if rng.random() < 0.5 else (None,) * 3
        )
        phrase = rng.choice(PHRASES)
        finding_rows.append((
            org_id, site_supplier[s], site_ids[s], site_country[s], issue,
            f"{names[issue]}: {phrase}", f"{names[issue]} {phrase} at the site.",
            "" if rng.random() < 0.5 else f"Interview notes and photos, {phrase}.",
            severity, RANK[severity], *dims, _weighted(rng, INVOLVEMENT_WEIGHTS), source, ref, label,
            details, status, found_on, "", created_at, verified_at or closed_at or created_at, closed_at,
            days_to_close, verified_at,
        ))  # fmt: skip
        plans.append((status, severity, found_on, created_at, closed_at, verified_at))
    finding_ids = bulk_insert(
        Finding,
        ("organisation_id", "supplier_id", "site_id", "country", "issue", "title", "description",
         "evidence", "severity", "severity_rank", "scale", "scope", "irremediability", "involvement",
         "source", "source_ref", "source_label", "details", "status", "found_on", "internal_note",
         "created_at", "updated_at", "closed_at", "days_to_close", "verified_at"),
        finding_rows, returning=True,
    )  # fmt: skip
    del finding_rows
    seconds["findings"] = time.perf_counter() - start

    # ---- corrective actions and remedies ---------------------------------------------
    start = time.perf_counter()
    action_rows: list[tuple[Any, ...]] = []
    critical_first_action: list[tuple[int, date]] = []  # (index into action_rows, after)
    critical = 0
    for fid, (status, severity, found_on, created_at, closed_at, verified_at) in zip(
        finding_ids, plans, strict=True
    ):
        if severity == "critical":
            critical += 1
        if status == "open":
            count = 1 if rng.random() < 0.4 else 0
        else:
            count = _weighted(rng, [(1, 45), (2, 35), (3, 20)])
        for k in range(count):
            due_on = found_on + timedelta(days=rng.randint(30, 120))
            completed_at = action_verified = None
            if closed_at is not None:
                completed_at = closed_at - timedelta(days=rng.randint(0, 10))
                completed_at = max(completed_at, created_at)
            elif status == "in_progress" and rng.random() < 0.5:
                completed_at = min(created_at + timedelta(days=rng.randint(5, 90)), NOW)
            if verified_at is not None:
                action_verified = verified_at
            method = rng.choice(["desk_review", "follow_up_audit"]) if action_verified else ""
            if k == 0 and severity == "critical" and rng.random() < 0.45:
                critical_first_action.append((len(action_rows), found_on))
            action_rows.append((
                org_id, fid, f"Fix the root cause ({k + 1} of {count})", "",
                "buyer" if rng.random() < 0.3 else "supplier", None, due_on, completed_at,
                "Done, see evidence." if completed_at else "", action_verified, method, None, created_at,
                completed_at or created_at,
            ))  # fmt: skip
    action_ids = bulk_insert(
        CorrectiveAction,
        ("organisation_id", "finding_id", "description", "root_cause", "owner_party", "owner_id", "due_on",
         "completed_at", "completion_note", "verified_at", "verification_method", "reminded_on",
         "created_at", "updated_at"),
        action_rows, returning=True,
    )  # fmt: skip
    n_actions = len(action_rows)
    del action_rows
    remedy_rows: list[tuple[Any, ...]] = []
    for index, found_on in critical_first_action:
        for _ in range(1 if rng.random() < 0.7 else 2):
            kind = rng.choice(REMEDY_TYPES)
            money = kind in ("compensation", "back_pay", "fee_repayment")
            remedy_rows.append((
                org_id, action_ids[index], kind, rng.randint(1, 300),
                Decimal(f"{rng.uniform(100, 50_000):.2f}") if money else None, "USD" if money else "",
                min(found_on + timedelta(days=rng.randint(20, 200)), TODAY), "",
            ))  # fmt: skip
    bulk_insert(
        Remedy,
        ("organisation_id", "action_id", "remedy_type", "beneficiaries", "amount", "currency",
         "delivered_on", "description"),
        remedy_rows,
    )  # fmt: skip
    seconds["actions"] = time.perf_counter() - start
    return Loaded(organisation, user, supplier_ids, site_ids, len(finding_ids), n_actions, len(remedy_rows),
                  critical, seconds)  # fmt: skip


# --------------------------------------------------------------------------------------
# Child process: one database
# --------------------------------------------------------------------------------------


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def board_queries(data: Loaded, count: int, rng: random.Random) -> list[tuple[str, dict[str, str]]]:
    """``count`` board requests cycling over the kinds; ``page`` as a fraction of the pages
    ("0.5" is the middle page), turned into a page number once the count is known."""
    busy = ["BD", "CN", "VN", "IN", "TR"]
    quiet = ["KH", "LK", "MA", "GH"]
    suppliers = data.suppliers

    def supplier() -> str:  # the large multi-site suppliers have the most findings
        return str(suppliers[min(int(rng.paretovariate(1.2)) - 1, len(suppliers) - 1)])

    kinds: list[tuple[str, Callable[[], dict[str, str]]]] = [
        ("all", dict),
        ("page 2", lambda: {"page": "2"}),
        ("deep page", lambda: {"page": "0.5"}),
        ("last page", lambda: {"page": "1.0"}),
        ("issue", lambda: {"issue": rng.choice(["wages", "working_hours", "health_safety", "child_labour"])}),
        ("severity", lambda: {"severity": rng.choice(["critical", "high", "low"])}),
        ("status=open", lambda: {"status": "open"}),
        ("status=verified", lambda: {"status": "verified"}),
        ("country", lambda: {"country": rng.choice(busy + quiet)}),
        ("source", lambda: {"source": rng.choice(["audit", "grievance", "survey"])}),
        ("supplier", lambda: {"supplier": supplier()}),
        ("issue+status=open", lambda: {"issue": rng.choice(["forced_labour", "wages"]), "status": "open"}),
        ("country+severity", lambda: {"country": rng.choice(busy), "severity": "critical"}),
        ("source+open+page", lambda: {"source": "audit", "status": "open", "page": "0.3"}),
        ("supplier+open", lambda: {"supplier": supplier(), "status": "open"}),
        (
            "country+issue+sev",
            lambda: {"country": rng.choice(busy), "issue": "health_safety", "severity": "high"},
        ),  # fmt: skip
        ("status=open deep", lambda: {"status": "open", "page": "0.8"}),
    ]
    return [(kinds[i % len(kinds)][0], kinds[i % len(kinds)][1]()) for i in range(count)]


def resolve_pages(org: Any, queries: list[tuple[str, dict[str, str]]]) -> None:
    """Turn page fractions into page numbers of the filtered list (not timed)."""
    from ruggie.findings.selectors import finding_list

    counts: dict[str, int] = {}
    for _kind, params in queries:
        if "page" not in params or "." not in params["page"]:
            continue
        filters = {k: v for k, v in params.items() if k != "page"}
        key = json.dumps(filters, sort_keys=True)
        if key not in counts:
            counts[key] = finding_list(organisation=org, filters=filters).count()
        pages = max(1, -(-counts[key] // PER_PAGE))
        params["page"] = str(max(1, min(pages, round(pages * float(params["page"])))))


def board_by_selectors(org: Any, params: dict[str, str]) -> int:
    """What the board page asks of the selectors: the filtered list's facet counts, the
    total for the pager, and one page of rows (ids first, then the rows with their names)."""
    from ruggie.findings.selectors import board_counts, board_page, finding_list

    filters = {k: v for k, v in params.items() if k != "page"}
    board_counts(finding_list(organisation=org, filters=filters))
    page = board_page(organisation=org, filters=filters, number=params.get("page", "1"), per_page=PER_PAGE)
    for f in page.object_list:
        _ = (f.supplier.name, f.site.name if f.site else "")
    return page.paginator.count


def metrics_by_selectors(org: Any) -> Any:
    from ruggie.findings.selectors import manager_numbers

    return manager_numbers(organisation=org, today=TODAY)


def _stats(times: list[float]) -> dict[str, float]:
    return {
        "p50": round(statistics.median(times), 1),
        "p95": round(percentile(times, 0.95), 1),
        "max": round(max(times), 1),
    }


def timed(calls: list[tuple[str, Callable[[], Any]]], warm: int) -> dict[str, Any]:
    for _kind, call in calls[:warm]:  # warm up: templates, caches, connection, page cache
        call()
    per_kind: dict[str, list[float]] = defaultdict(list)
    times: list[float] = []
    for kind, call in calls:
        start = time.perf_counter()
        call()
        elapsed = (time.perf_counter() - start) * 1000
        times.append(elapsed)
        per_kind[kind].append(elapsed)
    return {
        "n": len(times), **_stats(times),
        "p95_by_kind": {k: round(percentile(v, 0.95), 1) for k, v in per_kind.items()},
    }  # fmt: skip


def query_counts(calls: list[tuple[str, Callable[[], Any]]]) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    out: dict[str, int] = {}
    for kind, call in calls:
        if kind in out:
            continue
        with CaptureQueriesContext(connection) as ctx:
            call()
        out[kind] = len(ctx.captured_queries)
    return out


def explain(calls: list[tuple[str, Callable[[], Any]]]) -> None:
    """Every query the calls run, its time and its plan (to stderr)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    seen: set[str] = set()
    for kind, call in calls:
        if kind in seen:
            continue
        seen.add(kind)
        with CaptureQueriesContext(connection) as ctx:
            call()
        log(f"\n=== {kind}")
        for q in ctx.captured_queries:
            if not q["sql"].lstrip().upper().startswith("SELECT"):
                continue
            log(f"--- {float(q['time']) * 1000:.1f} ms: {q['sql'][:600]}")
            prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
            with connection.cursor() as cursor:
                cursor.execute(prefix + q["sql"])
                for row in cursor.fetchall():
                    log("    " + " | ".join(str(c) for c in row))


def pages_exist() -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(BOARD_URL)
        resolve(METRICS_URL)
    except Resolver404:
        return False
    return True


def run_child(backend: str, args: argparse.Namespace) -> dict[str, Any]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from ruggie.accounts.services import membership_set, organisation_create

    out: dict[str, Any] = {"backend": backend, "vendor": connection.vendor}
    start = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    out["migrate_s"] = round(time.perf_counter() - start, 2)
    org = organisation_create(slug="bench", name="Bench Buyer", kind="company")
    member = membership_set(email="bench@example.org", organisation=org, role="analyst")
    log(f"[{backend}] migrated in {out['migrate_s']}s; loading {args.sites:,} sites and "
        f"{args.findings:,} findings...")  # fmt: skip
    start = time.perf_counter()
    data = load(org, member.user, args.sites, args.findings)
    analyze_start = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW autovacuum")
            out["pg_autovacuum"] = cursor.fetchone()[0]
        # What the register import does after storing rows. --vacuum also sets PostgreSQL's
        # visibility map, as autovacuum would soon after a real import (index-only scans
        # need it); this server may run with autovacuum off.
        cursor.execute("VACUUM ANALYZE" if args.vacuum and connection.vendor == "postgresql" else "ANALYZE")
    data.seconds["analyze"] = time.perf_counter() - analyze_start
    out["vacuumed"] = bool(args.vacuum and connection.vendor == "postgresql")
    out.update(
        sites=len(data.sites), suppliers=len(data.suppliers), findings=data.findings, actions=data.actions,
        remedies=data.remedies, critical=data.critical, load_s=round(time.perf_counter() - start, 2),
        load_stages_s={k: round(v, 2) for k, v in data.seconds.items()},
    )  # fmt: skip
    log(f"[{backend}] loaded {data.findings:,} findings, {data.actions:,} actions, {data.remedies:,} "
        f"remedies over {len(data.sites):,} sites / {len(data.suppliers):,} suppliers in {out['load_s']}s "
        f"({', '.join(f'{k} {v:.1f}s' for k, v in data.seconds.items())})")  # fmt: skip

    rng = random.Random(SEED)
    queries = board_queries(data, args.board, rng)
    resolve_pages(org, queries)
    metric_calls = [("metrics", lambda: metrics_by_selectors(org))] * args.metrics
    board_calls = [(kind, lambda p=params: board_by_selectors(org, p)) for kind, params in queries]
    warm = min(len(board_calls), 17)

    out["selectors_board"] = timed(board_calls, warm)
    out["selectors_board_queries"] = query_counts(board_calls)
    out["selectors_metrics"] = timed(metric_calls, 3)
    out["selectors_metrics_queries"] = query_counts(metric_calls)["metrics"]
    from ruggie.findings.selectors import findings_filter_choices

    out["selectors_filter_choices"] = timed(
        [("choices", lambda: findings_filter_choices(organisation=org))] * max(5, args.metrics // 3), 2
    )
    sb, sm = out["selectors_board"], out["selectors_metrics"]
    log(
        f"[{backend}] selectors, board x{sb['n']}: p50 {sb['p50']} ms, p95 {sb['p95']} ms, max {sb['max']} ms"
    )
    log(f"[{backend}] selectors, manager_numbers x{sm['n']}: p50 {sm['p50']} ms, p95 {sm['p95']} ms")
    if args.explain:
        explain(board_calls + metric_calls[:1])

    out["pages_board"] = out["pages_metrics"] = None
    out["page_notes"] = []
    if not pages_exist():
        out["page_notes"].append(f"{BOARD_URL} or {METRICS_URL} does not resolve yet: page figures are null")
        log(f"[{backend}] note: {out['page_notes'][-1]}")
        return out
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(member.user, backend="django.contrib.auth.backends.ModelBackend")
    failures: dict[str, int] = {}

    def get(url: str, params: dict[str, str]) -> None:
        response = client.get(url, params)
        if response.status_code != 200:
            failures[f"{url}?{'&'.join(f'{k}={v}' for k, v in params.items())}"] = response.status_code

    page_board = [(kind, lambda p=params: get(BOARD_URL, p)) for kind, params in queries]
    page_metrics = [("metrics", lambda: get(METRICS_URL, {}))] * args.metrics
    for name, calls, url in (("board", page_board, BOARD_URL), ("metrics", page_metrics, METRICS_URL)):
        failures.clear()
        calls[0][1]()
        if failures:
            note = f"{url} answered {next(iter(failures.values()))}: page figures for it are null"
            out["page_notes"].append(note)
            log(f"[{backend}] note: {note}")
            continue
        out[f"pages_{name}"] = timed(calls, 17 if name == "board" else 3)
        out[f"pages_{name}_queries"] = query_counts(calls)
        if failures:
            out["page_notes"].append(
                f"{url}: {len(failures)} requests failed, e.g. {next(iter(failures.items()))}"
            )
        r = out[f"pages_{name}"]
        log(f"[{backend}] page {url} x{r['n']}: p50 {r['p50']} ms, p95 {r['p95']} ms, max {r['max']} ms")
    return out


# --------------------------------------------------------------------------------------
# Parent: one subprocess per database, then the summary
# --------------------------------------------------------------------------------------


def _child_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="ruggie.settings", RUGGIE_DEBUG="0",
        SECRET_KEY="bench-" + "k" * 50, PYTHONWARNINGS="ignore",
    )  # fmt: skip
    env.pop("RUGGIE_PRODUCTION", None)
    return env


def _spawn(backend: str, database_url: str, args: argparse.Namespace) -> dict[str, Any]:
    cmd = [
        sys.executable, str(Path(__file__).resolve()), "--backend", backend, "--sites", str(args.sites),
        "--findings", str(args.findings), "--board", str(args.board), "--metrics", str(args.metrics),
    ]  # fmt: skip
    cmd += ["--explain"] if args.explain else []
    cmd += ["--vacuum"] if args.vacuum else []
    proc = subprocess.run(cmd, env=_child_env(database_url), cwd=ROOT, stdout=subprocess.PIPE, text=True,
                          timeout=3600, check=False)  # fmt: skip
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"{backend} benchmark failed (exit {proc.returncode}); see its output above")
    return json.loads(lines[-1])


def run_sqlite(args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="ruggie-bench-findings-") as tmp:
        return _spawn("sqlite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", args)


@dataclass
class Postgres:
    note: str = ""

    def _admin(self) -> Any:
        import psycopg

        return psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3)

    def create(self) -> bool:
        try:
            with self._admin() as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
                conn.execute(f"CREATE DATABASE {PG_DB}")
        except Exception as exc:  # noqa: BLE001 - any failure means "no PostgreSQL here"
            self.note = f"PostgreSQL unreachable at 127.0.0.1:5432 ({type(exc).__name__}: {exc})"
            return False
        return True

    def drop(self) -> None:
        try:
            with self._admin() as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        except Exception as exc:  # noqa: BLE001
            log(f"could not drop {PG_DB}: {exc}")


def run_postgres(args: argparse.Namespace) -> dict[str, Any] | None:
    pg = Postgres()
    if not pg.create():
        log(f"note: {pg.note}; PostgreSQL figures are null.")
        return None
    try:
        return _spawn("postgres", PG_URL, args)
    finally:
        pg.drop()


def _line(name: str, r: dict[str, Any] | None) -> str:
    if r is None:
        return f"    {name:22} not measured"
    worst = sorted(r["p95_by_kind"].items(), key=lambda kv: -kv[1])[:4]
    return (f"    {name:22} x{r['n']}: p50 {r['p50']} ms, p95 {r['p95']} ms, max {r['max']} ms"
            + (f"\n    {'':22} slowest p95: " + ", ".join(f"{k} {v} ms" for k, v in worst)
               if len(r["p95_by_kind"]) > 1 else ""))  # fmt: skip


def summarise(args: argparse.Namespace, results: dict[str, dict[str, Any] | None],
              notes: list[str]) -> dict[str, Any]:  # fmt: skip
    print()
    print(f"Findings board and manager's numbers, {args.findings:,} findings over {args.sites:,} sites "
          f"(seed {SEED})")  # fmt: skip
    for name, r in results.items():
        if r is None:
            print(f"  {name:9}  not measured")
            continue
        print(
            f"  {name:9}  loaded {r['findings']:,} findings, {r['actions']:,} actions, {r['remedies']:,} "
            f"remedies, {r['sites']:,} sites, {r['suppliers']:,} suppliers in {r['load_s']}s"
        )
        print(_line("page /findings/", r["pages_board"]))
        print(_line("page /findings/metrics/", r["pages_metrics"]))
        print(_line("selectors, board", r["selectors_board"]))
        print(_line("manager_numbers", r["selectors_metrics"]))
        print(_line("findings_filter_choices", r["selectors_filter_choices"]))
        print(
            f"    queries per board request (selectors): {max(r['selectors_board_queries'].values())} max; "
            f"manager_numbers: {r['selectors_metrics_queries']}"
        )
    for note in notes:
        print("note:", note)

    def get(backend: str, *keys: str) -> Any:
        value: Any = results.get(backend)
        for key in keys:
            if value is None:
                return None
            value = value.get(key)
        return value

    measured = [r for r in results.values() if r is not None]
    with_pages = bool(measured) and all(r["pages_board"] and r["pages_metrics"] for r in measured)
    kind = "pages" if with_pages else "selectors"
    summary: dict[str, Any] = {"measured": kind, "findings": args.findings, "sites": args.sites}
    for what in ("board", "metrics"):
        per_db = {db: get(db, f"{kind}_{what}", "p95") for db in results}
        found = [v for v in per_db.values() if v is not None]
        summary[f"{what}_p95_ms"] = max(found) if found else None
        for db in results:
            summary[f"{what}_p95_ms_{db}"] = per_db[db]
            summary[f"{what}_p50_ms_{db}"] = get(db, f"{kind}_{what}", "p50")
    for db in results:
        summary[f"page_board_p95_ms_{db}"] = get(db, "pages_board", "p95")
        summary[f"page_metrics_p95_ms_{db}"] = get(db, "pages_metrics", "p95")
        summary[f"selector_board_p95_ms_{db}"] = get(db, "selectors_board", "p95")
        summary[f"selector_metrics_p95_ms_{db}"] = get(db, "selectors_metrics", "p95")
        summary[f"selector_filter_choices_p95_ms_{db}"] = get(db, "selectors_filter_choices", "p95")
        summary[f"board_p95_ms_by_kind_{db}"] = get(db, f"{kind}_board", "p95_by_kind")
        summary[f"load_s_{db}"] = get(db, "load_s")
    summary["pg_vacuumed"] = get("postgres", "vacuumed")
    summary["pg_autovacuum"] = get("postgres", "pg_autovacuum")
    summary["actions"] = get("sqlite", "actions") or get("postgres", "actions")
    summary["remedies"] = get("sqlite", "remedies") or get("postgres", "remedies")
    summary["notes"] = notes
    return summary


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="2,000 sites, 20,000 findings, 40/15 requests")
    parser.add_argument("--sites", type=int, help="number of sites (default 20,000; 2,000 with --quick)")
    parser.add_argument(
        "--findings", type=int, help="number of findings (default 200,000; 20,000 with --quick)"
    )
    parser.add_argument(
        "--board", type=int, help="board requests per database (default 200; 40 with --quick)"
    )
    parser.add_argument(
        "--metrics", type=int, help="metrics requests per database (default 60; 15 with --quick)"
    )
    parser.add_argument("--only", choices=("sqlite", "postgres"), help="measure one database only")
    parser.add_argument("--explain", action="store_true", help="print the plan of every selector query")
    parser.add_argument("--vacuum", action="store_true", help="PostgreSQL: VACUUM ANALYZE instead of ANALYZE")
    parser.add_argument("--backend", choices=("sqlite", "postgres"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.sites = args.sites or (QUICK_SITES if args.quick else FULL_SITES)
    args.findings = args.findings or (QUICK_FINDINGS if args.quick else FULL_FINDINGS)
    args.board = args.board or (QUICK_BOARD if args.quick else FULL_BOARD)
    args.metrics = args.metrics or (QUICK_METRICS if args.quick else FULL_METRICS)
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.backend:  # child: DATABASE_URL is already set for this database
        print(json.dumps(run_child(args.backend, args)), flush=True)
        return
    notes = ["timings on a shared 2-core machine; other jobs can make them noisy"]
    results: dict[str, dict[str, Any] | None] = {"sqlite": None, "postgres": None}
    if args.only != "postgres":
        results["sqlite"] = run_sqlite(args)
    if args.only != "sqlite":
        results["postgres"] = run_postgres(args)
        if results["postgres"] is None:
            notes.append("PostgreSQL unreachable: postgres figures are null")
    for name, r in results.items():
        if r is None:
            continue
        notes.extend(f"{name}: {n}" for n in r["page_notes"])
        for what in ("board", "metrics"):
            for kind in ("pages", "selectors"):
                figures = r[f"{kind}_{what}"]
                if figures and figures["p95"] > TARGET_P95_MS:
                    notes.append(
                        f"{name}: {what} {kind} p95 {figures['p95']} ms, above {TARGET_P95_MS:.0f} ms"
                    )
    summary = summarise(args, results, notes)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
