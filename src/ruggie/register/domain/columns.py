"""Recognise spreadsheet headers and map columns to ruggie's supplier fields.

Buyers upload whatever their ERP or their suppliers produced, in many
languages. We normalise each header (case, accents, punctuation, units in
parentheses) and look it up among known aliases; an exact hit is trusted, a
fuzzy hit is marked "unsure" so the user confirms it before import.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    help: str
    required: bool
    aliases: tuple[str, ...]


def _spec(name: str, label: str, help: str, aliases: str, required: bool = False) -> FieldSpec:
    # Aliases are written as one "|"-separated string to keep the table readable.
    return FieldSpec(name, label, help, required, tuple(a.strip() for a in aliases.split("|")))


_SPECS = (
    _spec(
        "supplier_name",
        "Supplier name",
        "The legal or trading name of the supplier.",
        "supplier|supplier name|suppliers|vendor|vendor name|company|company name|business name"
        "|legal name|legal entity|legal entity name|name|supplier legal name|manufacturer"
        "|manufacturer name|producer|fournisseur|nom du fournisseur|raison sociale|nom"
        "|nom de l entreprise|entreprise|societe|proveedor|nombre del proveedor|razon social"
        "|nombre|empresa|nombre de la empresa|fornecedor|nome do fornecedor|razao social|nome"
        "|nome da empresa|lieferant|lieferantenname|name des lieferanten|firmenname|firma"
        "|unternehmen|fornitore|ragione sociale|nome fornitore|leverancier|leveranciersnaam"
        "|bedrijfsnaam",
        required=True,
    ),
    _spec(
        "other_names",
        "Other names",
        "Other names the supplier is known by, separated by ';'.",
        "other names|aliases|alias|also known as|aka|trading name|trade name|former names"
        "|autres noms|nom commercial|otros nombres|nombre comercial|outros nomes|nome fantasia"
        "|andere namen|handelsname|altri nomi",
    ),
    _spec(
        "registration_id",
        "Registration number",
        "Company registration, tax or LEI number.",
        "registration id|registration number|company number|company registration number"
        "|registration no|reg no|tax id|vat number|vat|vat id|lei|duns|duns number|siret|siren"
        "|numero d immatriculation|numero siret|numero de registro|rfc|nif|cif|ruc|cnpj|cuit"
        "|handelsregisternummer|registernummer|steuernummer|ust id|partita iva|kvk nummer",
    ),
    _spec(
        "country",
        "Country",
        "Country of the supplier's site, as a name or ISO code.",
        "country|country code|country name|supplier country|site country|country of origin"
        "|iso country|country iso|pays|code pays|pais|codigo de pais|land|staat|landercode"
        "|paese|nazione",
        required=True,
    ),
    _spec(
        "website",
        "Website",
        "The supplier's website.",
        "website|web site|web|url|homepage|home page|site web|site internet|sitio web"
        "|pagina web|webseite|internetseite|sito web",
    ),
    _spec(
        "site_name",
        "Site name",
        "Name of the factory, farm or facility.",
        "site|site name|facility|facility name|factory|factory name|plant|plant name|mill"
        "|farm|production site|nom du site|usine|site de production|planta|fabrica"
        "|nombre de la planta|instalacion|unidade|nome da unidade|standort"
        "|werk|fabrik|produktionsstatte|stabilimento|sito produttivo|fabriek|vestiging",
    ),
    _spec(
        "address",
        "Address",
        "Street address of the site.",
        "address|street address|site address|full address|street|adresse|adresse du site"
        "|direccion|domicilio|endereco|morada|anschrift|strasse|indirizzo|adres",
    ),
    _spec(
        "region",
        "Region",
        "State, province or region of the site.",
        "region|state|province|state province|county|district|city|town|ville|departement"
        "|provincia|estado|ciudad|cidade|bundesland|stadt|ort|regione|citta|provincie|stad",
    ),
    _spec(
        "latitude",
        "Latitude",
        "Latitude in decimal degrees.",
        "latitude|lat|breitengrad|breite|latitud",
    ),
    _spec(
        "longitude",
        "Longitude",
        "Longitude in decimal degrees.",
        "longitude|lon|long|lng|langengrad|lange|longitud",
    ),
    _spec(
        "sector",
        "Sector",
        "ISIC rev.4 code (such as 1410) or sector name.",
        "sector|industry|isic|isic code|isic rev 4|nace|nace code|activity|business activity"
        "|secteur|secteur d activite|activite|sector de actividad|actividad|industria|setor"
        "|atividade|ramo|branche|wirtschaftszweig|settore|sector code|industry code",
    ),
    _spec(
        "commodities",
        "Commodities",
        "Products or raw materials supplied, separated by ';' or ','.",
        "commodities|commodity|products|product|materials|raw materials|goods|category"
        "|product category|matieres premieres|produits|produit|materias primas|productos"
        "|producto|produtos|produto|materias primas|rohstoffe|produkte|produkt|warengruppe"
        "|prodotti|materie prime|producten|grondstoffen",
    ),
    _spec(
        "headcount",
        "Workers",
        "Number of workers at the site.",
        "headcount|employees|number of employees|no of employees|employee count|workers"
        "|number of workers|no of workers|workforce|total workers|total employees|staff"
        "|effectif|effectifs|nombre d employes|nombre de salaries|salaries|employes|empleados"
        "|numero de empleados|trabajadores|numero de trabajadores|plantilla|funcionarios"
        "|numero de funcionarios|empregados|trabalhadores|colaboradores|mitarbeiter"
        "|anzahl mitarbeiter|anzahl der mitarbeiter|beschaftigte|mitarbeiterzahl|dipendenti"
        "|numero dipendenti|werknemers|aantal werknemers|medewerkers",
    ),
    _spec(
        "women_share",
        "Women (%)",
        "Share of women in the workforce, as 45% or 0.45.",
        "women share|share of women|% women|women %|female %|% female|female workers %"
        "|% female workers|percentage women|percent women|proportion of women"
        "|% femmes|femmes %|part des femmes|pourcentage de femmes"
        "|% mujeres|mujeres %|porcentaje de mujeres|% mulheres|mulheres %"
        "|percentual de mulheres|frauenanteil|% frauen|anteil frauen|% donne|% vrouwen",
    ),
    _spec(
        "migrant_share",
        "Migrant workers (%)",
        "Share of migrant workers, as 12% or 0.12.",
        "migrant share|share of migrant workers|% migrant workers|migrant workers %|% migrants"
        "|migrants %|percentage migrant workers|foreign workers %"
        "|% foreign workers|travailleurs migrants %|% travailleurs migrants|% migrants"
        "|% trabajadores migrantes|trabajadores migrantes %|% trabalhadores migrantes"
        "|trabalhadores migrantes %|% migranten|anteil migranten|wanderarbeiter %"
        "|% lavoratori migranti",
    ),
    _spec(
        "temporary_share",
        "Temporary workers (%)",
        "Share of temporary, agency or seasonal workers.",
        "temporary share|% temporary workers|temporary workers %|% temporary|temporary %"
        "|% agency workers|agency workers %|% contract workers|% seasonal workers"
        "|% interimaires|% travailleurs temporaires|% temporaires"
        "|% trabajadores temporales|% temporales|% trabalhadores temporarios|% temporarios"
        "|% leiharbeiter|% befristete|anteil leiharbeiter|% lavoratori temporanei",
    ),
    _spec(
        "tier",
        "Tier",
        "Supply-chain tier: 1 for direct suppliers, 2 for their suppliers, and so on.",
        "tier|supplier tier|tier level|level|rang|niveau|nivel|nivel de proveedor|stufe|ebene|livello",
    ),
    _spec(
        "sells_to",
        "Sells to",
        "For tier 2 and beyond: name or code of the supplier this one sells to.",
        "sells to|supplies to|customer|parent supplier|tier 1 supplier|buyer|client"
        "|vend a|fournit|client direct|vende a|cliente|fornece para|liefert an|kunde|vende a"
        "|levert aan",
    ),
    _spec(
        "spend",
        "Spend",
        "What you spent with the supplier in a year.",
        "spend|annual spend|spend amount|purchase volume|purchases|amount|value|order value"
        "|turnover|depenses|montant|volume d achat|chiffre d affaires|gasto|monto|importe"
        "|volumen de compra|gasto anual|valor|volume de compras|montante|einkaufsvolumen"
        "|umsatz|betrag|ausgaben|spesa|importo|inkoopvolume|bedrag",
    ),
    _spec(
        "currency",
        "Currency",
        "ISO 4217 code of the spend currency, such as EUR or USD.",
        "currency|currency code|ccy|cur|devise|monnaie|moneda|divisa|moeda|wahrung|valuta|munt",
    ),
    _spec(
        "start_date",
        "Start date",
        "When the business relationship started.",
        "start date|start|since|supplier since|contract start|relationship start|from"
        "|date de debut|debut|fecha de inicio|desde|data de inicio|inicio|startdatum|beginn"
        "|data inizio|begindatum",
    ),
    _spec(
        "end_date",
        "End date",
        "When the business relationship ended, if it did.",
        "end date|end|until|contract end|relationship end|to|date de fin|fin|fecha de fin"
        "|hasta|data de termino|data de fim|fim|enddatum|ende|data fine|einddatum",
    ),
    _spec(
        "tags",
        "Tags",
        "Your own labels, separated by ';' or ','.",
        "tags|tag|labels|label|keywords|etiquettes|etiquetas|schlagworte|schlagworter|etichette",
    ),
    _spec(
        "external_id",
        "Your supplier code",
        "Your own code for this supplier (ERP vendor number).",
        "external id|supplier id|supplier code|supplier number|supplier no|vendor id"
        "|vendor code|vendor number|vendor no|erp id|erp code|id|code|reference|ref"
        "|code fournisseur|numero fournisseur|identifiant|codigo de proveedor|codigo"
        "|id proveedor|codigo do fornecedor|lieferantennummer|kreditorennummer"
        "|lieferanten nr|codice fornitore|leveranciersnummer",
    ),
)
_FUZZY_CUTOFF = 88


@dataclass
class ColumnMapping:
    columns: dict[str, int]
    unsure: dict[str, int] = field(default_factory=dict)
    unmapped: list[int] = field(default_factory=list)
    # The supplier list's by default; other column sets say their own.
    required: tuple[str, ...] = tuple(spec.name for spec in _SPECS if spec.required)

    def missing_required(self) -> list[str]:
        """Required fields with no column, neither sure nor unsure."""
        return [name for name in self.required if name not in self.columns and name not in self.unsure]


_UNITS = re.compile(r"[(\[{]([^)\]}]*)[)\]}]")
_PUNCT = re.compile(r"[^\w%]+")
_PERCENT_WORDS = re.compile(r"\b(?:pct|percent|percentage|pourcentage|porcentaje|prozent)\b")


def normalise_header(text: str) -> str:
    """Casefold, strip accents, drop units in parentheses, collapse punctuation.

    "Nombre d'employés (#)" -> "nombre d employes"; "Women (%)" -> "women %"
    (a "%" unit is kept because it distinguishes a share from a count).
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("ß", "ss")
    had_percent_unit = any("%" in unit for unit in _UNITS.findall(plain))
    plain = _UNITS.sub(" ", plain)
    plain = _PERCENT_WORDS.sub("%", plain)
    plain = _PUNCT.sub(" ", plain.replace("_", " ").replace("%", " % "))
    plain = " ".join(plain.split())
    if had_percent_unit and "%" not in plain:
        plain += " %"
    return plain


class ColumnSet:
    """The fields of one kind of import and the header names people give them.

    The supplier list is one set (``SUPPLIER_COLUMNS``); audit results are another.
    """

    def __init__(self, specs: tuple[FieldSpec, ...]) -> None:
        self.fields: dict[str, FieldSpec] = {spec.name: spec for spec in specs}
        self._index: dict[str, str] = {}
        for spec in specs:
            for alias in (spec.name.replace("_", " "), spec.label, *spec.aliases):
                self._index.setdefault(normalise_header(alias), spec.name)
        self._aliases = list(self._index)
        self.match_header = lru_cache(maxsize=4096)(self._match_header)

    def _match_header(self, text: str) -> tuple[str, int, bool] | None:
        """Best (field, score 0-100, exact) for one header cell, or None."""
        key = normalise_header(text)
        if not key or len(key) > 60:
            return None
        index, aliases = self._index, self._aliases
        if key in index:
            return index[key], 100, True
        if key.isdigit():
            return None
        found = process.extractOne(key, aliases, scorer=fuzz.token_sort_ratio, score_cutoff=_FUZZY_CUTOFF)
        if found is not None:
            return index[found[0]], int(found[1]), False
        # Containment ("supplier name local" holds "supplier name") counts only when
        # the alias is specific: several words, or a short header around one word.
        words = set(key.split())
        tokens = len(words)
        contained = [
            alias
            for alias, _score, _pos in process.extract(
                key, aliases, scorer=fuzz.token_set_ratio, score_cutoff=100, limit=20
            )
            if len(alias) >= 4
            and (tokens <= 2 or len(alias.split()) >= 2)
            and set(alias.split()) - {"%"} <= words
        ]
        if contained:
            return index[max(contained, key=len)], _FUZZY_CUTOFF, False
        return None

    def header_score(self, cells: list[str]) -> int:
        """How many cells look like known headers (exact hits count double)."""
        seen: set[str] = set()
        score = 0
        for cell in cells:
            found = self.match_header(cell) if cell else None
            if found and found[0] not in seen:
                seen.add(found[0])
                score += 2 if found[2] else 1
        return score

    def guess_mapping(self, header: list[str]) -> ColumnMapping:
        """Map header cells to fields; each field gets at most one column.

        Candidates are assigned greedily, exact matches first, then by score, then
        left to right, so a duplicate column ("Country" twice) keeps the first one
        and the other goes to ``unmapped``.
        """
        candidates: list[tuple[bool, int, int, str]] = []
        for position, cell in enumerate(header):
            found = self.match_header(cell) if cell else None
            if found:
                name, score, exact = found
                candidates.append((exact, score, position, name))
        candidates.sort(key=lambda c: (not c[0], -c[1], c[2]))
        required = tuple(name for name, spec in self.fields.items() if spec.required)
        mapping = ColumnMapping(columns={}, required=required)
        used: set[int] = set()
        for exact, _score, position, name in candidates:
            if name in mapping.columns or name in mapping.unsure or position in used:
                continue
            (mapping.columns if exact else mapping.unsure)[name] = position
            used.add(position)
        mapping.unmapped = [i for i in range(len(header)) if i not in used]
        return mapping


SUPPLIER_COLUMNS = ColumnSet(_SPECS)
FIELDS: dict[str, FieldSpec] = SUPPLIER_COLUMNS.fields
match_header = SUPPLIER_COLUMNS.match_header
header_score = SUPPLIER_COLUMNS.header_score
guess_mapping = SUPPLIER_COLUMNS.guess_mapping
