"""Law applicability and report drafting for a large organisation.

Run from the repo root: ``.venv/bin/python benchmarks/reports.py [--quick]``

Loads (into a temporary SQLite database) the findings benchmark's seeded data: 20,000 sites
over ~6,000 suppliers and 200,000 findings with corrective actions and remedies (2,000 and
20,000 with --quick), scores the risks, enters a legal profile, then times:
- ``applicability_ms``: every law's answer for the organisation (``laws.services.answers``),
  median of 25 runs;
- ``report_s``: drafting each report type from the evidence (``reports.services.report_create``:
  collecting every figure and writing the version), the slowest type; each type's time too.
Target: under 5 s per report.

The last line of output is one JSON object with ``applicability_ms`` and ``report_s``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
PROFILE = {
    "incorporated_in": "United Kingdom",
    "listed_in": "none",
    "business_in": "UK, Germany, France, USA",
    "employees": "total 12000, GB 6000, DE 2500, FR 1200",
    "fte": "11000",
    "turnover": "GBP 2.1bn",
    "turnover_eu": "EUR 900m",
    "balance_sheet": "GBP 1.4bn",
    "financial_year_end": "31-12",
    "sells_goods_or_services": "yes",
    "sells_goods": "yes",
    "imports_into": ["US", "EU"],
    "retail_or_manufacturer": "yes",
    "business_in_california": "yes",
    "imports_3tg": "no",
    "child_labour_suspicion": "no",
    "rates": "1 GBP = 1.17 EUR, 2026-12-31, annual accounts\n1 GBP = 1.27 USD, 2026-12-31, annual accounts",
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="2,000 sites and 20,000 findings")
    args = parser.parse_args()
    sys.path.insert(0, str(BENCHMARKS))
    import findings as findings_bench  # the same seeded loader as benchmarks/findings.py

    sites = findings_bench.QUICK_SITES if args.quick else findings_bench.FULL_SITES
    n_findings = findings_bench.QUICK_FINDINGS if args.quick else findings_bench.FULL_FINDINGS
    with tempfile.TemporaryDirectory(prefix="ruggie-bench-reports-") as tmp:
        os.environ.update(findings_bench._child_env(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"))
        import django

        django.setup()
        from django.core.management import call_command

        from ruggie.accounts.services import membership_set, organisation_create
        from ruggie.laws.services import answers, profile_save
        from ruggie.reports.domain.drafting import outlines
        from ruggie.reports.services import report_create
        from ruggie.risk.services import score_organisation

        call_command("migrate", verbosity=0, interactive=False)
        org = organisation_create(slug="bench", name="Bench Retail plc", kind="company")
        member = membership_set(email="bench@example.org", organisation=org, role="analyst")
        started = time.perf_counter()
        data = findings_bench.load(org, member.user, sites, n_findings)
        score_organisation(organisation=org, actor=None, trigger="benchmark")
        log(
            f"loaded {len(data.sites):,} sites, {data.findings:,} findings, scored risks "
            f"in {time.perf_counter() - started:.1f}s"
        )
        profile_save(organisation=org, actor=member.user, form=PROFILE)

        today = date(2026, 12, 4)
        answers(org, today)  # warm the rule files' cache, as a running server has
        runs = []
        for _ in range(25):
            t0 = time.perf_counter()
            found = answers(org, today)
            runs.append((time.perf_counter() - t0) * 1000)
        applicability_ms = statistics.median(runs)
        applies = sorted(a.law.code for a in found if a.answer == "applies")
        log(f"applicability of {len(found)} laws: median {applicability_ms:.1f} ms")
        log(f"applies: {', '.join(applies)}")

        per_kind = {}
        for kind in outlines():
            t0 = time.perf_counter()
            report = report_create(
                organisation=org, actor=member.user, kind=kind, period="FY 2026", today=today
            )
            per_kind[kind] = round(time.perf_counter() - t0, 3)
            gaps = sum(len(s["gaps"]) for s in report.latest.sections)  # type: ignore[union-attr]
            log(f"{kind}: {per_kind[kind]:.2f} s ({gaps} gaps named)")
        print(
            json.dumps(
                {
                    "applicability_ms": round(applicability_ms, 2),
                    "report_s": max(per_kind.values()),
                    "report_s_by_kind": per_kind,
                    "sites": len(data.sites),
                    "findings": data.findings,
                    "laws": len(found),
                }
            )
        )


if __name__ == "__main__":
    main()
