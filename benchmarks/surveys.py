"""Worker survey results: every index and breakdown for a million responses.

Run from the repo root: ``.venv/bin/python benchmarks/surveys.py [--quick]``

Generates 1,000,000 survey responses (100,000 with --quick) over 200 sites, each with
the three dimension indices of the wellbeing survey (some missing) and six context
answers (gender, age band, time at site, contract, migrant, department; some unstated),
then times ``site_estimates`` and ``breakdown`` for every context question: the whole
results page of every site at once, minimum group size 10 applied.

``survey_page_bytes``: the largest worker-facing page (the survey form, in each of its
languages, and its results page), HTML + CSS + JS, served by a temporary SQLite ruggie in
a subprocess.

The last line of output is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from ruggie.surveys.domain.results import breakdown, site_estimates

SITES = 200
CONTEXT = {
    "gender": (["woman", "man", "other"], [0.55, 0.40, 0.01]),
    "age_band": (["under_18", "18_25", "26_40", "over_40"], [0.01, 0.35, 0.45, 0.15]),
    "tenure": (["under_6m", "6m_2y", "over_2y"], [0.3, 0.4, 0.25]),
    "contract": (["permanent", "temporary", "agency", "piece_rate", "none"], [0.5, 0.2, 0.15, 0.08, 0.02]),
    "migrant": (["other_country", "other_region", "local"], [0.1, 0.3, 0.55]),
    "department": (["production", "quality", "packing", "maintenance", "office", "other"],
                   [0.6, 0.1, 0.12, 0.05, 0.05, 0.03]),
}  # fmt: skip


def generate(n: int, seed: int = 42) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray], list[int]]:
    rng = np.random.default_rng(seed)
    # Sites of very different sizes, as in a real supply chain.
    weights = rng.pareto(1.2, SITES) + 0.05
    site = rng.choice(SITES, size=n, p=weights / weights.sum()).astype(np.int64)
    scores = np.clip(rng.normal(62, 20, (n, 3)), 0, 100)
    scores[rng.random((n, 3)) < 0.04] = np.nan  # too few items answered for an index
    groups = {}
    for name, (labels, p) in CONTEXT.items():
        unstated = 1 - sum(p)
        groups[name] = rng.choice(np.arange(-1, len(labels)), size=n, p=[unstated, *p]).astype(np.int64)
    headcount = np.bincount(site, minlength=SITES)
    populations = [int(h * 1.5) + 1 for h in headcount]  # heard about two thirds of each site
    return site, scores, groups, populations


PAGE_PROBE = """
import os, django
django.setup()
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
call_command("migrate", verbosity=0, interactive=False)
from ruggie.accounts.services import organisation_create
from ruggie.questionnaires.services import spec_of
from ruggie.register.services import site_create, supplier_create
from ruggie.surveys.services import round_create
org = organisation_create(slug="bench", name="Bench", kind="company")
supplier = supplier_create(organisation=org, actor=None, name="Bench Mill", country="BD")
site = site_create(supplier=supplier, actor=None, name="Bench Mill Unit 1", country="BD")
r = round_create(organisation=org, actor=None, site=site, name="Bench", opens_on=timezone.localdate())
client = Client(HTTP_HOST="127.0.0.1")
sizes = {}
for lang in spec_of(r.questionnaire).languages:
    for page in ("", "thanks/", "results/"):
        response = client.get(f"/s/{r.token}/{page}?lang={lang}")
        assert response.status_code == 200, (page, lang, response.status_code)
        sizes[f"{lang}:{page or 'form'}"] = len(response.content)
print(max(sizes.values()), max(sizes, key=sizes.get))
"""


def survey_page_bytes() -> tuple[int | None, str]:
    """The largest worker-facing page with its stylesheet (no JavaScript is sent)."""
    css = Path(__file__).resolve().parent.parent / "src" / "ruggie" / "static" / "ruggie" / "survey.css"
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "RUGGIE_DEBUG": "0",
               "DJANGO_SETTINGS_MODULE": "ruggie.settings", "PYTHONWARNINGS": "ignore"}  # fmt: skip
        proc = subprocess.run([sys.executable, "-c", PAGE_PROBE], env=env, capture_output=True, text=True,
                              check=False, cwd=tmp)  # fmt: skip
    if proc.returncode != 0:
        print(proc.stderr[-2000:], file=sys.stderr)
        return None, ""
    html, page = proc.stdout.split()
    return int(html) + css.stat().st_size, page


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="100,000 responses")
    p.add_argument("--responses", type=int)
    args = p.parse_args(argv)
    n = args.responses or (100_000 if args.quick else 1_000_000)
    site, scores, groups, populations = generate(n)
    print(f"{n:,} responses over {SITES} sites generated", file=sys.stderr)

    start = time.perf_counter()
    totals = site_estimates(site, scores, SITES, 10, populations)
    rows = 0
    merged = 0
    for name, (labels, _p) in CONTEXT.items():
        result = breakdown(site, scores, groups[name], labels, SITES, 10, populations)
        rows += len(result)
        merged += sum(1 for r in result if r.group == "__other__")
    seconds = time.perf_counter() - start
    shown_sites = sum(1 for row in totals if row[0].index is not None)
    page_bytes, page = survey_page_bytes()
    print(f"largest worker-facing page: {page} {page_bytes} bytes with its CSS (target < 50,000)",
          file=sys.stderr)  # fmt: skip
    print(f"indices for {SITES} sites x 3 dimensions and {len(CONTEXT)} breakdowns: {seconds:.2f}s "
          f"({rows:,} group figures shown, {merged:,} of them merged small groups; "
          f"{SITES - shown_sites} sites below 10 answers)", file=sys.stderr)  # fmt: skip
    print(json.dumps({
        "responses": n, "sites": SITES, "aggregate_1m_s": round(seconds, 3), "group_figures": rows,
        "merged_figures": merged, "sites_below_min_group": SITES - shown_sites,
        "survey_page_bytes": page_bytes,
        "target_aggregate_s": 10.0,
    }))  # fmt: skip


if __name__ == "__main__":
    main()
