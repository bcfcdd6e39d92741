"""Risk scores as an Excel workbook: salient issues, then every site's scores (one row per
site, one column per issue). Text cells are neutralised against formula injection."""

from __future__ import annotations

import io
from collections import defaultdict

from ruggie.accounts.models import Organisation
from ruggie.core.cells import neutralise_formula
from ruggie.core.human_rights import issues
from ruggie.register.models import Site
from ruggie.risk import selectors
from ruggie.risk.models import SiteRisk


def risk_workbook(organisation: Organisation) -> io.BytesIO:
    from openpyxl import Workbook  # slow to import; only for exports

    names = {i.code: i.name for i in issues()}
    codes = [i.code for i in issues()]
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("Salient issues")
    sheet.append(["Rank", "Issue", "Salience", "Scale", "Scope", "Irremediability", "Likelihood",
                  "Workers at high risk", "Sites at high risk", "Override reason"])  # fmt: skip
    for s in selectors.salient_issues(organisation):
        sheet.append([s.rank, names.get(s.issue, s.issue), s.salience, s.scale, s.scope, s.irremediability,
                      s.likelihood, s.workers_at_high_risk, s.sites_at_high_risk,
                      neutralise_formula(s.judgement.reason) if s.judgement else ""])  # fmt: skip
    scores: dict[int, dict[str, int]] = defaultdict(dict)
    for site_id, issue, score in (
        SiteRisk.objects.filter(organisation=organisation)
        .values_list("site_id", "issue", "score")
        .iterator(20000)
    ):
        if site_id is not None and issue is not None and score is not None:
            scores[site_id][issue] = score
    sheet = wb.create_sheet("Site scores")
    sheet.append(["Site id", "Site", "Supplier", "Country", "Sector"] + [names[c] for c in codes])
    sites = Site.objects.filter(organisation=organisation).select_related("supplier").order_by("pk")
    for site in sites.iterator(chunk_size=2000):
        row = scores.get(site.pk, {})
        sheet.append(
            [site.pk, neutralise_formula(site.name), neutralise_formula(site.supplier.name),
             neutralise_formula(site.country), neutralise_formula(site.sector)] + [row.get(c) for c in codes]
        )  # fmt: skip
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf
