"""Latin spellings of names written in other scripts, so they can be screened.

Restricted-entity lists publish names in English ("Xinjiang Zhongtai Chemical Co.,
Ltd."); suppliers are often registered in their own script
("新疆中泰化学股份有限公司", "ООО «Ромашка»"). A name in another script is
screened twice: as written, and as a Latin spelling. Chinese business words are
translated first (化学 -> chemical), because lists translate them rather than
spell them (traditional characters are simplified first); what remains (the place
and the trade name) is spelled in pinyin, one syllable per character, and the
matcher glues syllables back into words ("xin jiang" = "Xinjiang").

Spelling is done character by character through a memo (``str.translate``):
ICU and rigour take 80-200 microseconds per name, too slow for 100,000 names,
while the characters of a supplier list repeat. ``rigour.text.translit.ascii_text``
spells each character: rigour's spellings for Cyrillic, Greek, Armenian, Georgian
and Hangul (Шевченко -> Shevchenko), ICU's for other scripts. Context rules are
lost ("Муромский" -> "muromskii", not "muromsky"), which the matcher's typo
allowance absorbs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

from rigour.text.translit import ascii_text

from ruggie.register.domain.names import parse_name

__all__ = ["CHINESE_BUSINESS_WORDS", "has_han", "latin_spelling", "needs_spelling"]

# Letters outside the Latin script: Greek to Mongolian, CJK, Yi, Hangul, kana.
_OTHER_SCRIPT = re.compile(r"[\u0370-\u1cff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\uff66-\uffdc]")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_MARKS = re.compile(r"[\u0300-\u036f]")

# Business words in Chinese company names and how English lists translate them;
# longest first wins ("新材料" before "材料"). Written by the ruggie authors from
# the names on the UFLPA Entity List and common usage; extend as lists grow.
CHINESE_BUSINESS_WORDS = {
    "化学": "chemical",
    "化工": "chemical",
    "纺织": "textile",
    "集团": "group",
    "科技": "technology",
    "技术": "technology",
    "实业": "industrial",
    "工业": "industry",
    "产业": "industry",
    "贸易": "trading",
    "商贸": "trading",
    "能源": "energy",
    "新能源": "new energy",
    "食品": "food",
    "材料": "materials",
    "新材料": "new materials",
    "矿业": "mining",
    "棉业": "cotton",
    "棉麻": "cotton and linen",
    "服装": "apparel",
    "服饰": "apparel",
    "制衣": "garment",
    "针织": "knitting",
    "有色金属": "nonferrous metals",
    "电子": "electronics",
    "微电子": "microelectronics",
    "生物科技": "biotechnology",
    "生物": "biological",
    "硅业": "silicon industry",
    "光伏": "solar",
    "发展": "development",
    "国际": "international",
    "投资": "investment",
    "物流": "logistics",
    "仓储": "warehousing",
    "农业": "agriculture",
    "罐头": "canned food",
    "鞋业": "shoes",
    "发制品": "hair products",
    "饰品": "accessories",
    "信息": "information",
    "电器": "electric",
    "机械": "machinery",
    "制品": "products",
    "控股": "holding",
    "进出口": "import export",
    "钢铁": "iron and steel",
    "铜业": "copper",
    "锌业": "zinc",
    "镁业": "magnesium",
    "煤电": "coal and electricity",
    "建设": "construction",
    "工程": "engineering",
    "数码": "digital",
    "打印": "printing",
    "半导体": "semiconductor",
    "管理": "management",
    "糖业": "sugar",
    "番茄": "tomato",
    "果蔬": "fruit and vegetable",
    "药业": "pharmaceutical",
    "中药材": "chinese medicinal materials",
    "分公司": "branch",
    "县": "county",
    "股份": "",
    "有限": "",
    "公司": "",
    "市": "",
    "省": "",
}


def needs_spelling(name: str) -> bool:
    """True if the name has letters of a script other than Latin."""
    return not name.isascii() and _OTHER_SCRIPT.search(name) is not None


def has_han(name: str) -> bool:
    """True if the name has Chinese characters (spelled one pinyin syllable each)."""
    return not name.isascii() and _HAN.search(name) is not None


def latin_spelling(name: str, core: tuple[str, ...] | None = None) -> str | None:
    """The name's core (legal forms left out; ``core`` if the caller has parsed it)
    spelled in Latin letters, or None when it is already Latin. Chinese business
    words come out in English."""
    if not needs_spelling(name):
        return None
    if _HAN.search(name):  # the glossary drops Chinese legal forms; "分公司" (branch) ends in "公司"
        text = _translate_business_words(_simplified(name))
    else:
        text = " ".join(parse_name(name).core if core is None else core) or name
    missing = {ch for ch in text if ord(ch) not in _TABLE}
    for ch in missing:
        _TABLE[ord(ch)] = _spell(ch)
    spelled = " ".join(text.translate(_TABLE).split())
    return spelled if spelled and spelled.isascii() else None


_TABLE: dict[int, str] = {}


def _spell(ch: str) -> str:
    """One character in Latin letters (lower case); Han characters as spaced syllables."""
    if ch.isascii() or not ch.isalpha():
        return ch if ch.isascii() else " "
    out = ascii_text(ch)  # rigour's spellings, ICU's (via normality) for other scripts
    out = _MARKS.sub("", unicodedata.normalize("NFD", out)).encode("ascii", "ignore").decode()
    out = out.lower().replace("'", "")
    return f" {out} " if _HAN.match(ch) else out


def _simplified(text: str) -> str:
    """Traditional characters as simplified ones (東莞 -> 东莞), so one glossary serves both."""
    missing = {ch for ch in text if ord(ch) not in _SIMPLIFIED}
    if missing:
        simplify = _to_simplified()
        for ch in missing:
            _SIMPLIFIED[ord(ch)] = simplify(ch) if _HAN.match(ch) else ch
    return text.translate(_SIMPLIFIED)


_SIMPLIFIED: dict[int, str] = {}


@cache
def _to_simplified() -> Callable[[str], str]:
    """ICU's Traditional-Simplified transform. PyICU comes with rigour (through
    normality) but is not a declared dependency: without it names stay as written."""
    try:
        import icu  # noqa: PLC0415
    except ImportError:  # pragma: no cover - PyICU is installed with rigour
        return lambda ch: ch
    transform = icu.Transliterator.createInstance("Traditional-Simplified", icu.UTransDirection.FORWARD)
    return transform.transliterate  # type: ignore[no-any-return]


def _translate_business_words(text: str) -> str:
    for word in _BY_LENGTH:
        if word in text:
            text = text.replace(word, f" {CHINESE_BUSINESS_WORDS[word]} ")
    return text


_BY_LENGTH = sorted(CHINESE_BUSINESS_WORDS, key=len, reverse=True)
