"""Build uflpa_variants.csv: labelled supplier spellings of the UFLPA Entity List's entries.

Run from the repository root: ``.venv/bin/python tests/data/screening/make_variants.py``
(seeded: the same list gives the same file). Each row is a supplier name (and its
country) paired with one listed entry, labelled ``match`` 1 (the supplier is that
entity: a screening hit is expected) or 0 (a different company: no hit expected),
with the ``kind`` of variant:

matches (1)
  legal_form      the legal form written another way (Co., Ltd. / Company Limited / Co Ltd / none)
  punctuation     upper or lower case, punctuation dropped, spaces doubled
  word_order      the place moved into brackets after the trade name, or two words swapped
  typo            one letter substituted, dropped, doubled or two letters swapped in the trade name
  alias           one of the entry's aliases, with its form written another way
  place_dropped   the leading place left out (Chinese names: place + trade name + business + form)
  spacing         the trade name's syllables written apart ("Zhong Tai")
  pinyin          "ü" written u / v / yu in a syllable ("Lvzhou" / "Luzhou")
  place_spelling  the place in another romanisation (Hotan / Hetian, Sinkiang / Xinjiang, Wade-Giles)
  branch          a branch of the entity ("... Co., Ltd. Urumqi Branch": not a separate legal person)
  chinese_script  the registered Chinese name, written by hand from public company records
  abroad          the exact name, but the supplier is in another country: expected as a
                  candidate for a person to decide, never a confident match
no match (0)
  other_business  same place and trade name, another business ("Xinjiang Zhongtai Textile");
                  only where the listed name says its business after the trade name
  other_brand     same place and business, a trade name at least three letters apart
  other_place     same business, the trade name moved to another place and business word changed
  shared_prefix   the first two words kept, the rest replaced by another company's words

Not every kind is expected to be caught (old romanisations of places are often
missed); benchmarks/screening_quality.py reports recall per kind.
"""

from __future__ import annotations

import csv
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT / "src"))

from rapidfuzz.distance import OSA  # noqa: E402

from ruggie.reference.domain.entity_lists import ListedEntity, packaged_uflpa  # noqa: E402

SEED = 20261203
OUT = HERE / "uflpa_variants.csv"
FORMS = ["Co., Ltd.", "Company Limited", "Co Ltd", "Co.,Ltd", "Limited", "Ltd.", ""]
FORM_RE = re.compile(
    r",?\s*(co\.?,?\s*ltd\.?|company limited|co\. ltd\.?|limited|ltd\.?|corporation|co\.)\s*$", re.I
)
PROVINCES = {
    "xinjiang", "anhui", "sichuan", "henan", "hebei", "fujian", "shandong", "jiangsu", "guangdong",
    "hunan", "gansu", "tianjin", "zhuhai", "hangzhou", "dalian", "changzhou", "dongguan", "hefei",
    "binzhou", "heze", "hengshui", "kashgar", "hetian", "aksu", "turpan", "changji", "yili", "baoding",
    "nanjing", "wuxi", "rizhao", "inner", "lop",
}  # fmt: skip
# Real alternative romanisations (Uyghur-based, postal, Wade-Giles) of places in the list.
PLACE_SPELLINGS = {
    "hetian": ["Hotan", "Khotan"], "kashgar": ["Kashi", "Kaxgar"], "aksu": ["Akesu"],
    "xinjiang": ["Sinkiang", "Hsinchiang"], "zhuhai": ["Chuhai"], "turpan": ["Tulufan", "Turfan"],
    "urumqi": ["Wulumuqi", "Urumchi"], "changji": ["Changchi"], "yili": ["Ili"], "anhui": ["Anhwei"],
    "sichuan": ["Szechwan"], "henan": ["Honan"], "hebei": ["Hopei"], "fujian": ["Fukien"],
    "shandong": ["Shantung"], "jiangsu": ["Kiangsu"], "guangdong": ["Kwangtung"], "hangzhou": ["Hangchow"],
    "tianjin": ["Tientsin"], "nanjing": ["Nanking"], "gansu": ["Kansu"], "dalian": ["Talien"],
}  # fmt: skip
BUSINESS = ["Chemical", "Textile", "Paper", "Steel", "Food", "Logistics", "Electronics", "Plastics",
            "Machinery", "Pharmaceutical", "Mining", "Packaging", "Ceramics", "Furniture", "Glass",
            "Rubber", "Printing", "Cement", "Leather", "Toys"]  # fmt: skip
BUSINESS_LOWER = {b.lower() for b in BUSINESS} | {
    "group", "holding", "holdings", "industrial", "industry", "technology", "trade", "trading", "new",
    "materials", "energy", "products", "biotechnology", "international", "development", "information",
    "textiles", "foods", "metals", "metal", "nonferrous", "wool", "cotton", "linen", "apparel", "garment",
    "fashion", "solar", "silicon", "magnesium", "copper", "zinc", "gold", "mine", "shoes", "shoe",
    "hair", "accessories", "canned", "sugar", "tomato", "warehousing", "digital", "semiconductor",
    "microelectronics", "management", "construction", "engineering", "iron", "and", "of", "real",
    "estate", "coal", "electricity", "corporation", "company", "co", "ltd", "limited", "reserve",
    "library", "economic", "logistics", "park", "branch", "production", "corps", "center", "training",
}  # fmt: skip
SYLLABLES = (
    "an bao chang da de fang feng fu gao guang hai hong hua jia jin kang li long mei ming "
    "nan ping qiang rui sheng shun tai tian wei xiang xin xing yang yi yong yuan zhong zhou".split()
)
ABROAD = ["VN", "BD", "KH", "TR", "IN", "TH", "MY", "ID"]
# Registered Chinese names (public company records), for entries whose trade name is
# spelled in pinyin in English. Kept short on purpose: only names we are sure of.
CHINESE = {
    "Xinjiang Zhongtai Chemical Co., Ltd.": "新疆中泰化学股份有限公司",
    "Xinjiang Zhongtai Group Co. Ltd.": "新疆中泰（集团）有限责任公司",
    "Xinjiang Tianshan Wool Textile Co. Ltd.": "新疆天山毛纺织股份有限公司",
    "Huafu Fashion Co., Ltd.": "华孚时尚股份有限公司",
    "Zijin Mining Group Co., Ltd.": "紫金矿业集团股份有限公司",
    "Changhong Meiling Co., Ltd.": "长虹美菱股份有限公司",
    "Xinjiang Production and Construction Corps": "新疆生产建设兵团",
    "Xinjiang Daqo New Energy Co., Ltd.": "新疆大全新能源股份有限公司",
    "Hoshine Silicon Industry (Shanshan) Co., Ltd": "合盛硅业（鄯善）有限公司",
    "COFCO Sugar Holding Co. Ltd": "中粮糖业控股股份有限公司",
    "Camel Group Co., Ltd.": "骆驼集团股份有限公司",
}  # fmt: skip
KEYBOARD = {c: n for c, n in zip("qwertyuiopasdfghjklzxcvbnm", "wertyuiopqsdfghjklaxcvbnmz", strict=True)}


def _bare(name: str) -> str:
    """The name without its trailing legal form."""
    return FORM_RE.sub("", name).strip(" ,")


def _words(name: str) -> list[str]:
    return _bare(name).split()


def _brand_index(words: list[str]) -> int | None:
    """The trade name: the first word that is neither a place nor a business word."""
    for k, w in enumerate(words):
        key = re.sub(r"[^a-z]", "", w.lower())
        if key and key not in PROVINCES and key not in BUSINESS_LOWER and len(key) >= 3:
            return k
    return None


def _with_form(rng: random.Random, bare: str) -> str:
    form = rng.choice(FORMS)
    return f"{bare} {form}".strip()


def _typo(rng: random.Random, word: str) -> str:
    k = rng.randrange(1, len(word) - 1)
    op = rng.choice(["sub", "drop", "double", "swap"])
    if op == "sub":
        ch = word[k].lower()
        return word[:k] + KEYBOARD.get(ch, "e") + word[k + 1 :]
    if op == "drop":
        return word[:k] + word[k + 1 :]
    if op == "double":
        return word[:k] + word[k] + word[k:]
    return word[:k] + word[k + 1] + word[k] + word[k + 2 :]


def _syllables(word: str) -> list[str] | None:
    """A pinyin trade name cut into syllables ("Zhongtai" -> ["Zhong", "tai"]), if it is one."""
    low, out = word.lower(), []
    while low:
        for s in sorted(SYLLABLES + ["zhong", "tai", "tian", "shan", "hua", "fu", "jin", "zi", "mei", "ling"],
                        key=len, reverse=True):  # fmt: skip
            if low.startswith(s):
                out.append(s)
                low = low[len(s) :]
                break
        else:
            return None
    return [s.capitalize() for s in out] if len(out) >= 2 else None


def rows_for(rng: random.Random, e: ListedEntity) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []

    def add(name: str, match: int, kind: str, country: str = "CN", note: str = "") -> None:
        name = " ".join(name.split()) if kind != "punctuation" else name
        if name and name.casefold() != e.name.casefold() or kind in ("abroad", "punctuation"):
            rows.append({"supplier_name": name, "supplier_country": country, "list_code": e.list_code,
                         "entry_id": e.entry_id, "entry_name": e.name, "match": str(match), "kind": kind,
                         "note": note})  # fmt: skip

    bare, words = _bare(e.name), _words(e.name)
    brand = _brand_index(words)
    # ---- matches
    add(_with_form(rng, bare), 1, "legal_form")
    style = rng.choice(["upper", "lower", "nopunct", "spaces"])
    text = {
        "upper": e.name.upper(),
        "lower": e.name.lower(),
        "nopunct": re.sub(r"[.,()]", "", e.name),
        "spaces": e.name.replace(" ", "  ").replace(",", " ,"),
    }[style]
    add(text, 1, "punctuation", note=style)
    if len(words) >= 3 and words[0].lower() in PROVINCES:
        add(
            f"{' '.join(words[1:])} ({words[0]}) {rng.choice(FORMS)}",
            1,
            "word_order",
            note="place in brackets",
        )
        add(_with_form(rng, " ".join(words[1:])), 1, "place_dropped")
        spellings = PLACE_SPELLINGS.get(words[0].lower())
        if spellings:
            add(_with_form(rng, " ".join([rng.choice(spellings), *words[1:]])), 1, "place_spelling")
        add(
            f"{bare} Co., Ltd. {rng.choice(['Urumqi', 'Kashgar', 'Shanghai', 'Beijing'])} Branch", 1, "branch"
        )
    elif len(words) >= 2:
        swapped = words[:]
        k = rng.randrange(len(words) - 1)
        swapped[k], swapped[k + 1] = swapped[k + 1], swapped[k]
        add(_with_form(rng, " ".join(swapped)), 1, "word_order", note="two words swapped")
    if brand is not None and len(words[brand]) >= 5:
        typo = words[:]
        typo[brand] = _typo(rng, words[brand])
        add(_with_form(rng, " ".join(typo)), 1, "typo")
        parts = _syllables(words[brand])
        if parts:
            spaced = words[:]
            spaced[brand] = " ".join(parts)
            add(_with_form(rng, " ".join(spaced)), 1, "spacing")
    for w in words:
        if re.search(r"(lu|nu|lv|nv)", w.lower()) and w.lower() not in PROVINCES:
            swap = re.sub(r"lv|nv|lu|nu", lambda m: m.group(0)[0] + ("u" if m.group(0)[1] == "v" else "v"),
                          w, count=1, flags=re.I)  # fmt: skip
            add(_with_form(rng, bare.replace(w, swap)), 1, "pinyin")
            break
    for alias in e.aliases:
        add(_with_form(rng, _bare(alias)), 1, "alias", note=alias)
    if e.name in CHINESE:
        add(CHINESE[e.name], 1, "chinese_script")
    add(e.name, 1, "abroad", country=rng.choice(ABROAD), note="expected candidate, never confident")
    # ---- no match
    if brand is not None:
        business = [
            k for k, w in enumerate(words) if w.lower() in {b.lower() for b in BUSINESS} and k != brand
        ]
        replacement = rng.choice([b for b in BUSINESS if b.lower() not in {w.lower() for w in words}])
        if business:
            other = words[:]
            other[business[-1]] = replacement
            add(_with_form(rng, " ".join(other)), 0, "other_business")
        elif len(words) > brand + 1:  # what follows the trade name says the business
            add(_with_form(rng, " ".join([*words[: brand + 1], replacement])), 0, "other_business")
        for _ in range(50):
            fake = "".join(rng.sample(SYLLABLES, 2)).capitalize()
            if OSA.distance(fake.lower(), words[brand].lower()) >= 3:
                break
        other = words[:]
        other[brand] = fake
        add(_with_form(rng, " ".join(other)), 0, "other_brand")
        place = rng.choice(["Hubei", "Zhejiang", "Yunnan", "Guangxi", "Liaoning", "Shanxi"])
        add(_with_form(rng, f"{place} {words[brand]} {replacement}"), 0, "other_place")
    if len(words) >= 3:
        filler = rng.sample(SYLLABLES, 2)
        add(_with_form(rng, " ".join([*words[:2], "".join(filler).capitalize(), rng.choice(BUSINESS)])), 0,
            "shared_prefix")  # fmt: skip
    return rows


def build_rows() -> list[dict[str, str]]:
    """Every row of the file, in order (one seeded generator for the whole list)."""
    rng = random.Random(SEED)
    rows: list[dict[str, str]] = []
    seen: set[tuple[str, str, str]] = set()
    for entity in packaged_uflpa():
        for row in rows_for(rng, entity):
            key = (row["supplier_name"].casefold(), row["supplier_country"], row["entry_id"])
            if key not in seen:
                seen.add(key)
                rows.append(row)
    return rows


def main() -> None:
    rows = build_rows()
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    kinds: dict[str, int] = {}
    for row in rows:
        kinds[row["kind"]] = kinds.get(row["kind"], 0) + 1
    print(f"{len(rows)} rows -> {OUT.relative_to(ROOT)}: {kinds}")


if __name__ == "__main__":
    main()
