"""The worked example in docs/reference-data.md reads as the docs say."""

from __future__ import annotations

import re
from pathlib import Path

from ruggie.reference.domain.context import country_context
from ruggie.reference.domain.datasets import read_dataset
from tests.reference.conftest import EXAMPLES

DOC = Path(__file__).resolve().parents[2] / "docs" / "reference-data.md"


def _block(language: str, after: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(after)
    match = re.search(rf"```{language}\n(.*?)```", text[start:], re.S)
    assert match, f"no {language} block after {after!r}"
    return match.group(1)


def test_the_documented_ituc_example_loads_with_the_documented_risks(tmp_path: Path) -> None:
    csv_text = _block("csv", "`ratings.csv`")
    assert csv_text == (EXAMPLES / "ituc_example" / "ratings.csv").read_text(encoding="utf-8")
    (tmp_path / "ratings.csv").write_text(csv_text, encoding="utf-8")
    (tmp_path / "dataset.yaml").write_text(_block("yaml", "`dataset.yaml`\n```yaml"), encoding="utf-8")
    loaded = read_dataset(tmp_path)
    assert loaded.key == ("ituc", "2026")
    risks = {c: v["ituc.rating"] for c, v in country_context([loaded]).items()}
    assert risks == {"NO": 0.0, "DE": 0.2, "VN": 0.6, "BD": 0.8, "YE": 1.0}
