"""Read social-audit results (SMETA CAPR-style or amfori BSCI-style non-compliance lists).

Audit firms and platforms export findings as spreadsheets whose columns differ by
scheme and version (see the team's ``shared/audits.md``). Columns are recognised by
the same forgiving matcher as the supplier list; each row is checked on its own and
either becomes a finding draft (with the corrective action the auditor agreed, if
any) or a RowError that names the row, the field and the fix. Good examples ("GE")
are not findings: they are counted and skipped, never silently dropped.

The identity of each finding is the audit reference and the auditor's finding
number, so importing the same audit again updates the same findings.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from ruggie.core.human_rights import resolve_issue
from ruggie.findings.domain.raising import FindingDraft, Source
from ruggie.findings.domain.severity import Severity, parse_severity
from ruggie.register.domain.columns import ColumnMapping, ColumnSet, FieldSpec
from ruggie.register.domain.numbers import parse_date
from ruggie.register.domain.rows import RowError
from ruggie.register.domain.tabular import Table


def _spec(name: str, label: str, help: str, aliases: str, required: bool = False) -> FieldSpec:
    return FieldSpec(name, label, help, required, tuple(a.strip() for a in aliases.split("|")))


_SPECS = (
    _spec(
        "audit_ref",
        "Audit reference",
        "The audit's own id or report number.",
        "audit id|audit reference|audit ref|audit number|audit no|report number|report id"
        "|sedex audit reference|audit code|reference de l audit|numero d audit|referencia de auditoria"
        "|id de auditoria|referencia da auditoria|audit nummer|auditnummer",
        required=True,
    ),
    _spec(
        "scheme",
        "Scheme",
        "SMETA, amfori BSCI, SA8000, RBA...",
        "scheme|audit scheme|standard|audit standard|audit type scheme|methodology|referentiel"
        "|norma|esquema|standard d audit|prufstandard",
    ),
    _spec(
        "audit_type",
        "Audit type",
        "Full, follow-up, desktop or closure.",
        "audit type|type of audit|type d audit|tipo de auditoria|audit art",
    ),
    _spec(
        "audit_date",
        "Audit date",
        "The date of the audit (first day on site).",
        "audit date|date of audit|audit start date|date|date de l audit|fecha de auditoria|fecha"
        "|data da auditoria|auditdatum|datum",
        required=True,
    ),
    _spec(
        "auditor",
        "Audit firm",
        "Who carried out the audit.",
        "auditor|audit firm|audit company|audit body|auditing company|cabinet d audit"
        "|empresa auditora|auditora|prufer|auditfirma",
    ),
    _spec(
        "supplier_code",
        "Supplier code",
        "Your supplier code, or its registration id.",
        "supplier code|supplier id|vendor code|vendor id|code fournisseur|codigo de proveedor"
        "|codigo do fornecedor|lieferantennummer",
    ),
    _spec(
        "supplier_name",
        "Supplier name",
        "The supplier's name as in your register.",
        "supplier|supplier name|vendor|vendor name|company|company name|fournisseur|proveedor"
        "|fornecedor|lieferant",
    ),
    _spec(
        "site_name",
        "Site name",
        "The audited site's name.",
        "site|site name|facility|facility name|factory|factory name|audited site|site audite"
        "|usine|nom du site|planta|fabrica|instalacion|unidade|werk|standort|betrieb",
    ),
    _spec(
        "site_ref",
        "Site reference",
        "The site's id in the audit platform (e.g. Sedex ZS...).",
        "site ref|site reference|site id|site code|sedex site reference|zs number|facility id",
    ),
    _spec(
        "country",
        "Country",
        "The site's country, as a name or ISO code.",
        "country|country code|pays|pais|land",
    ),
    _spec(
        "finding_ref",
        "Finding number",
        "The auditor's number for this finding (e.g. NC-3).",
        "finding id|finding ref|finding number|finding no|nc ref|nc number|nc no|non compliance number"
        "|issue number|ref|item|numero de constat|numero|n|nr|no",
    ),
    _spec(
        "finding_type",
        "Finding type",
        "NC (non-compliance), OBS (observation) or GE (good example).",
        "finding type|type|nc type|type de constat|tipo de hallazgo|tipo|befundart",
    ),
    _spec(
        "severity",
        "Severity",
        "critical, major, minor (or the scheme's grade).",
        "severity|grade|rating|nc severity|priority|level|gravite|severite|severidad|gravedad"
        "|gravidade|schweregrad|bewertung",
    ),
    _spec(
        "clause",
        "Clause",
        "The code clause or performance area (e.g. '1 Freely chosen', 'PA5').",
        "clause|code clause|eti clause|eti base code clause|performance area|pa|section|chapter"
        "|element|requirement|clause du code|clausula|capitulo|klausel|anforderung|issue area|category",
    ),
    _spec(
        "issue",
        "Human rights issue",
        "ruggie's issue code or name, when the clause does not say.",
        "human rights issue|issue|topic|theme|thematique|tema|thema",
    ),
    _spec(
        "title",
        "Title",
        "The finding in a few words.",
        "title|issue title|finding title|nc title|subject|summary|titre|titulo|titel",
    ),
    _spec(
        "description",
        "Description",
        "What the auditor found: frequency, workers affected, systemic?",
        "description|finding|finding description|details|non compliance|non conformity|nc description"
        "|description of non compliance|description du constat|constat|descripcion|hallazgo"
        "|descricao|constatacao|beschreibung|befund",
    ),
    _spec(
        "evidence",
        "Objective evidence",
        "What the auditor saw, heard or read.",
        "objective evidence|evidence|proof|preuve|preuves|evidencia|evidencias|nachweis",
    ),
    _spec(
        "legal_ref",
        "Legal requirement",
        "The local law or code requirement breached.",
        "local law|local law or code requirement|legal requirement|legal reference|law|loi|ley|lei|gesetz",
    ),
    _spec(
        "root_cause",
        "Root cause",
        "Why it happened.",
        "root cause|cause|cause racine|causa raiz|causa|ursache",
    ),
    _spec(
        "corrective_action",
        "Corrective action",
        "What will be done to fix it.",
        "corrective action|corrective and preventive action|action|capa|corrective action plan"
        "|action corrective|accion correctiva|acao corretiva|korrekturmassnahme|massnahme",
    ),
    _spec(
        "due_date",
        "Due date",
        "When the action is due (a date, or a timescale such as '30 days').",
        "due date|deadline|timescale|time scale|target date|completion date|echeance|delai"
        "|fecha limite|plazo|prazo|frist|termin",
    ),
    _spec(
        "verification",
        "Verification method",
        "Desktop review or follow-up audit.",
        "verification|verification method|method of verification|verification methode"
        "|metodo de verificacion|verifizierung",
    ),
    _spec(
        "audit_status",
        "Status",
        "The audit's own follow-up status: open, progress made, closed.",
        "status|nc status|verification status|follow up status|statut|estado|estatus|situacao",
    ),
)

AUDIT_COLUMNS = ColumnSet(_SPECS)

_TYPES = {
    "nc": "NC",
    "non compliance": "NC",
    "non-compliance": "NC",
    "noncompliance": "NC",
    "non conformity": "NC",
    "non-conformity": "NC",
    "nonconformity": "NC",
    "non conformite": "NC",
    "no conformidad": "NC",
    "nao conformidade": "NC",
    "finding": "NC",
    "major": "NC",
    "minor": "NC",
    "obs": "OBS",
    "observation": "OBS",
    "observacion": "OBS",
    "observacao": "OBS",
    "beobachtung": "OBS",
    "ge": "GE",
    "good example": "GE",
    "good practice": "GE",
    "bonne pratique": "GE",
    "buena practica": "GE",
    "boa pratica": "GE",
}
_DAYS = {"immediate": 7, "immediately": 7, "immediat": 7, "inmediato": 7, "imediato": 7, "sofort": 7}


@dataclass
class AuditFinding:
    """One imported row: the draft and, if the auditor agreed one, its corrective action."""

    row: int
    draft: FindingDraft
    site_key: tuple[str, str, str, str]  # supplier code, supplier name, site name, country
    action: str = ""
    root_cause: str = ""
    due_on: date | None = None
    verification: str = ""


@dataclass
class AuditRows:
    findings: list[AuditFinding]
    rejected: list[RowError]
    skipped: list[RowError] = field(default_factory=list)  # good examples: counted, not findings


def _cell(row: list[str], mapping: ColumnMapping, name: str) -> str:
    index = mapping.columns.get(name)
    if index is None or index >= len(row):
        return ""
    return " ".join(row[index].split())


def _due(text: str, audit_date: date) -> date | None:
    """A date, or a timescale counted from the audit date ("30 days", "immediate")."""
    key = text.strip().casefold()
    if not key or key in ("-", "n/a", "na"):
        return None
    if key in _DAYS:
        return audit_date + timedelta(days=_DAYS[key])
    words = key.replace("-", " ").split()
    if (
        words
        and words[0].isdigit()
        and (len(words) == 1 or words[1].startswith(("day", "jour", "dia", "tag")))
    ):
        return audit_date + timedelta(days=int(words[0]))
    return parse_date(text)


def _reference(audit_ref: str, finding_ref: str, clause: str, text: str) -> str:
    if finding_ref:
        return f"{audit_ref}#{finding_ref}"[:200]
    # Without the auditor's number, the clause and wording identify the finding.
    digest = hashlib.sha256(f"{clause}|{text}".casefold().encode()).hexdigest()[:12]
    return f"{audit_ref}#{digest}"[:200]


def read_audit_rows(table: Table, mapping: ColumnMapping, *, today: date) -> AuditRows:
    """Each row becomes an AuditFinding, a RowError (with the fix), or a skipped good example."""
    out = AuditRows([], [])
    for number, row in zip(table.row_numbers, table.rows, strict=True):
        try:
            found = _read_row(number, row, mapping, today)
        except _RowProblem as problem:
            out.rejected.append(RowError(number, problem.field, problem.value, problem.reason, problem.fix))
            continue
        if isinstance(found, RowError):
            out.skipped.append(found)
        else:
            out.findings.append(found)
    return out


class _RowProblem(Exception):
    def __init__(self, field: str, value: str, reason: str, fix: str) -> None:
        super().__init__(reason)
        self.field, self.value, self.reason, self.fix = field, value, reason, fix


def _read_row(number: int, row: list[str], mapping: ColumnMapping, today: date) -> AuditFinding | RowError:
    def get(name: str) -> str:
        return _cell(row, mapping, name)

    audit_ref = get("audit_ref")
    if not audit_ref:
        raise _RowProblem(
            "audit_ref",
            "",
            "The audit reference is empty.",
            "Give every row the audit's id or report number.",
        )
    kind_text = get("finding_type")
    kind = _TYPES.get(kind_text.casefold().strip(" .")) if kind_text else "NC"
    if kind is None:
        raise _RowProblem(
            "finding_type",
            kind_text,
            "Unknown finding type.",
            "Write NC (non-compliance), OBS (observation) or GE (good example).",
        )
    if kind == "GE":
        return RowError(number, "finding_type", kind_text, "A good example, not a finding: not imported.", "")
    raw_date = get("audit_date")
    try:
        audit_date = parse_date(raw_date) if raw_date else None
    except ValueError:
        audit_date = None
    if audit_date is None:
        raise _RowProblem(
            "audit_date",
            raw_date,
            "The audit date is missing or not a date.",
            "Write the date as 2026-03-14 (or 14/03/2026).",
        )
    if audit_date > today:
        raise _RowProblem("audit_date", raw_date, "The audit date is in the future.", "Check the date.")
    scheme, clause = get("scheme"), get("clause")
    issue_text = get("issue")
    issue = resolve_issue(issue_text) if issue_text else None
    if issue is None and clause:
        issue = resolve_issue(clause, scheme=scheme)
    if issue is None:
        field_name, value = ("issue", issue_text) if issue_text else ("clause", clause)
        raise _RowProblem(
            field_name,
            value,
            "No human rights issue is recognised in this clause.",
            "Add an 'Issue' column with one of ruggie's issues (e.g. forced_labour, wages,"
            " health_safety), or use the scheme's clause (e.g. 'ETI 3', 'PA5').",
        )
    severity_text = get("severity")
    severity = parse_severity(severity_text) if severity_text else None
    if severity is None:
        if kind == "OBS":
            severity = Severity.LOW
        else:
            raise _RowProblem(
                "severity",
                severity_text,
                "The severity is missing or not recognised."
                if severity_text
                else "A non-compliance needs a severity.",
                "Write critical, major or minor (or low, medium, high).",
            )
    description, title = get("description"), get("title")
    if not (description or title):
        raise _RowProblem(
            "description",
            "",
            "The finding has neither a title nor a description.",
            "Say what the auditor found.",
        )
    if not title:
        title = description if len(description) <= 120 else description[:117].rstrip() + "..."
    due_text = get("due_date")
    try:
        due_on = _due(due_text, audit_date)
    except ValueError:
        raise _RowProblem(
            "due_date",
            due_text,
            "The due date is not a date or a timescale.",
            "Write a date (2026-06-30) or a number of days ('30 days').",
        ) from None
    site_key = (get("supplier_code"), get("supplier_name"), get("site_name"), get("country"))
    if not (site_key[0] or site_key[1] or site_key[2]):
        raise _RowProblem(
            "site_name",
            "",
            "The row does not say which site was audited.",
            "Add the site name (or the supplier name or code) as in your register.",
        )
    details = {
        k: v
        for k, v in {
            "scheme": scheme,
            "audit_ref": audit_ref,
            "audit_type": get("audit_type"),
            "audit_date": audit_date.isoformat(),
            "auditor": get("auditor"),
            "site_ref": get("site_ref"),
            "finding_ref": get("finding_ref"),
            "finding_type": kind,
            "clause": clause,
            "severity_as_written": severity_text,
            "legal_ref": get("legal_ref"),
            "audit_status": get("audit_status"),
        }.items()
        if v
    }
    label = " ".join(x for x in (scheme or "Audit", audit_ref, audit_date.isoformat()) if x)
    draft = FindingDraft(
        issue=issue,
        title=title[:255],
        source=Source.AUDIT,
        severity=severity,
        source_ref=_reference(audit_ref, get("finding_ref"), clause, description or title),
        source_label=label[:255],
        description=description,
        evidence=get("evidence"),
        found_on=audit_date,
        details=details,
    )
    return AuditFinding(
        row=number,
        draft=draft,
        site_key=site_key,
        action=get("corrective_action"),
        root_cause=get("root_cause"),
        due_on=due_on,
        verification=get("verification"),
    )


SiteResolver = Callable[[tuple[str, str, str, str]], "tuple[int, int] | str"]
