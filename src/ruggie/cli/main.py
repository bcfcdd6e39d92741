"""The `ruggie` command.

Own commands for administrators and scripts (import, export, org, user, demo); any other
first word is passed to Django's management commands (`ruggie migrate`, `ruggie db_worker`).
Commands call services only.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

OWN = {
    "import", "export", "org", "user", "demo", "findings", "supplier", "risk", "reference", "screen",
    "assessments", "grievance", "disclosures", "laws",
}  # fmt: skip


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruggie.settings")
    import django

    django.setup()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="ruggie",
        description="ruggie: human rights due diligence for supply chains. "
        "Other commands are Django's (ruggie migrate, ruggie runserver, ruggie db_worker).",
    )
    sub = p.add_subparsers(dest="command", required=True)

    imp = sub.add_parser("import", help="import data").add_subparsers(dest="what", required=True)
    s = imp.add_parser("suppliers", help="import a supplier list (CSV, TSV or .xlsx)")
    s.add_argument("file", type=Path)
    s.add_argument("--org", required=True, help="organisation slug")
    s.add_argument("--dry-run", action="store_true", help="check and report; store nothing")
    s.add_argument("--json", action="store_true", help="print the report as one JSON object")
    s.add_argument("--all-or-nothing", action="store_true", help="store nothing if any row is rejected")
    s.add_argument(
        "--keep-duplicates",
        action="store_true",
        help="do not merge likely duplicates; create them as separate suppliers",
    )
    s.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="map a column by hand (column title or 1-based number); repeat as needed",
    )

    c = imp.add_parser(
        "commodities", help="add your own commodities (YAML, same format as the built-in list)"
    )
    c.add_argument("file", type=Path)
    c.add_argument("--org", required=True, help="organisation slug")

    exp = sub.add_parser("export", help="export data").add_subparsers(dest="what", required=True)
    e = exp.add_parser("suppliers", help="export the register")
    e.add_argument("--org", required=True)
    e.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    e.add_argument("-o", "--output", type=Path, required=True)

    org = sub.add_parser("org", help="organisations").add_subparsers(dest="what", required=True)
    oc = org.add_parser("create", help="create an organisation")
    oc.add_argument("slug")
    oc.add_argument("--kind", choices=["company", "supplier", "investor"], required=True)
    oc.add_argument("--name", required=True)

    user = sub.add_parser("user", help="people").add_subparsers(dest="what", required=True)
    uc = user.add_parser("create", help="create a user (or add a role) in an organisation")
    uc.add_argument("email")
    uc.add_argument("--org", required=True)
    uc.add_argument("--role", choices=["admin", "analyst", "viewer"], required=True)
    uc.add_argument("--password", help="default: read RUGGIE_PASSWORD, else ask")

    fnd = sub.add_parser("findings", help="findings and corrective actions").add_subparsers(
        dest="what", required=True
    )
    fa = fnd.add_parser("import-audit", help="import a social audit's findings (CSV, TSV or .xlsx)")
    fa.add_argument("file", type=Path)
    fa.add_argument("--org", required=True, help="organisation slug")
    fa.add_argument("--dry-run", action="store_true", help="check and report; store nothing")
    fa.add_argument("--json", action="store_true", help="print the report as one JSON object")
    fa.add_argument(
        "--valid-only", action="store_true", help="store the valid rows even if some are rejected"
    )
    fr = fnd.add_parser("remind", help="e-mail the owners of overdue corrective actions (run daily)")
    fr.add_argument("--org", help="only this organisation")
    fr.add_argument("--today", type=date.fromisoformat, help="as if today were this date (YYYY-MM-DD)")

    ass = sub.add_parser("assessments", help="supplier self-assessments").add_subparsers(
        dest="what", required=True
    )
    ar = ass.add_parser("remind", help="e-mail suppliers whose self-assessment is overdue (run daily)")
    ar.add_argument(
        "--base-url", default="http://127.0.0.1:8000/", help="where ruggie is served, for the link"
    )
    ar.add_argument("--today", type=date.fromisoformat, help="as if today were this date (YYYY-MM-DD)")

    grv = sub.add_parser("grievance", help="the grievance mechanism").add_subparsers(
        dest="what", required=True
    )
    gr = grv.add_parser("remind", help="e-mail handlers about cases past their stage's deadline (run daily)")
    gr.add_argument("--today", type=date.fromisoformat, help="as if today were this date (YYYY-MM-DD)")
    gp = grv.add_parser("purge", help="delete closed cases past the retention period (run daily)")
    gp.add_argument("--days", type=int, help="days after closing (default: RUGGIE_CASE_RETENTION_DAYS)")
    gp.add_argument("--today", type=date.fromisoformat, help="as if today were this date (YYYY-MM-DD)")

    sup = sub.add_parser("supplier", help="suppliers in a register").add_subparsers(
        dest="what", required=True
    )
    sl = sup.add_parser(
        "link", help="link a register supplier to the supplier's own organisation (it then sees its actions)"
    )
    sl.add_argument("supplier", help="the supplier's code (your supplier code or registration id) or id")
    sl.add_argument("--org", required=True, help="the buyer organisation's slug")
    sl.add_argument("--account", required=True, help="the supplier organisation's slug; '-' to unlink")

    rk = sub.add_parser("risk", help="inherent risk and salient issues").add_subparsers(
        dest="what", required=True
    )
    rs = rk.add_parser("score", help="score every site of an organisation (stores what changed)")
    rs.add_argument("--org", required=True, help="organisation slug")
    rs.add_argument("--json", action="store_true", help="print the run as one JSON object")
    ri = rk.add_parser("salient", help="the organisation's salient issues, most salient first")
    ri.add_argument("--org", required=True, help="organisation slug")
    ri.add_argument("--json", action="store_true", help="print them as JSON")

    sc = sub.add_parser("screen", help="screen every supplier against the restricted-entity lists")
    sc.add_argument("--org", required=True, help="organisation slug")
    sc.add_argument("--json", action="store_true", help="print the run and its hits as JSON")

    ref = sub.add_parser("reference", help="reference data (country indicators, goods, entity lists)")
    refs = ref.add_subparsers(dest="what", required=True)
    rl = refs.add_parser("list", help="every dataset and edition, with its licence")
    rl.add_argument("--org", help="also the editions this organisation loaded for itself")
    rl.add_argument("--json", action="store_true", help="print them as JSON")
    rd = refs.add_parser(
        "load",
        help="load a dataset edition from a folder (dataset.yaml and its files; docs/reference-data.md)",
    )
    rd.add_argument("folder", type=Path)
    rd.add_argument("--org", help="only for this organisation (its own licensed copy); default: everyone")
    rd.add_argument(
        "--no-rescore",
        action="store_true",
        help="do not re-score (or, for an entity list, re-screen) the affected organisations",
    )
    rd.add_argument("--json", action="store_true", help="print the result as JSON")

    dis = sub.add_parser("disclosures", help="company disclosures and the classifier that reads them")
    diss = dis.add_subparsers(dest="what", required=True)
    da = diss.add_parser("assess", help="judge a document (PDF, HTML, text) against a framework")
    da.add_argument("file", type=Path)
    da.add_argument("--framework", default="uk_msa", help="au_msa, uk_msa, ca_s211 or ungp_hrdd")
    da.add_argument("--json", action="store_true", help="print the judgements as one JSON object")
    dt = diss.add_parser(
        "train", help="train the classifier on AIMS.au (and analysts' corrections); prints its quality"
    )
    dt.add_argument(
        "--aims",
        type=Path,
        required=True,
        help="folder holding aims_au_test_50_statements.csv (and the AIMS.ca file, also used if there)",
    )
    dt.add_argument("--australia-only", action="store_true", help="leave the Canadian reports out")
    dt.add_argument("--extra", type=Path, action="append", default=[], help="more labelled sentences (CSV)")
    dt.add_argument(
        "-o", "--output", type=Path, help="model folder (default: the one shipped in the package)"
    )
    dc = diss.add_parser("corrections", help="write analysts' corrections as training data (AIMS.au CSV)")
    dc.add_argument("-o", "--output", type=Path, required=True)
    dc.add_argument("--org", help="only this organisation's corrections")

    lw = sub.add_parser("laws", help="which laws apply to an organisation").add_subparsers(
        dest="what", required=True
    )
    lc = lw.add_parser("check", help="every law's answer for the organisation's legal profile, with reasons")
    lc.add_argument("--org", required=True, help="organisation slug")
    lc.add_argument("--json", action="store_true", help="print the answers as one JSON object")

    d = sub.add_parser("demo", help="load the demo organisations, users and register (idempotent)")
    d.add_argument("--quiet", action="store_true")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in OWN | {"-h", "--help"}:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ruggie.settings")
        from django.core.management import execute_from_command_line

        execute_from_command_line(["ruggie", *argv])
        return 0
    args = _parser().parse_args(argv)
    _setup()
    from ruggie.cli import commands

    name = f"{args.command}_{getattr(args, 'what', '')}".rstrip("_").replace("-", "_")
    handler: Any = getattr(commands, name)
    return int(handler(args) or 0)


def progress_bar(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), console=console, transient=True
    )


def print_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")


if __name__ == "__main__":
    raise SystemExit(main())
