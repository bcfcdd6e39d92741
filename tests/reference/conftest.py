"""Build dataset folders in tmp_path from the example in tests/data/reference/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "reference"
MakeFolder = Callable[..., Path]


@pytest.fixture
def make_folder(tmp_path: Path) -> MakeFolder:
    """A copy of an example folder: manifest ``fields`` replaced, ``data`` files (name: text) written."""

    def make(
        example: str = "ituc_example",
        name: str = "ds",
        drop: tuple[str, ...] = (),
        data: dict[str, str] | None = None,
        **fields: Any,
    ) -> Path:
        source = EXAMPLES / example
        folder = tmp_path / name
        folder.mkdir()
        manifest = yaml.safe_load((source / "dataset.yaml").read_text(encoding="utf-8"))
        for key in drop:
            manifest.pop(key, None)
        manifest.update(fields)
        (folder / "dataset.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
        for csv_file in source.glob("*.csv"):
            (folder / csv_file.name).write_text(csv_file.read_text(encoding="utf-8"), encoding="utf-8")
        for file_name, text in (data or {}).items():
            (folder / file_name).write_text(text, encoding="utf-8")
        return folder

    return make


GOODS_HEADER = "good,country,child_labour,forced_labour,forced_child_labour\n"


def write_folder(folder: Path, kind: str, file: str, text: str) -> Path:
    """A minimal dataset folder of ``kind`` holding one data file."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {
        "code": "test_list",
        "title": "Test list",
        "publisher": "ruggie tests",
        "edition": "1",
        "edition_date": "2026-01-01",
        "licence": "CC0-1.0",
        "attribution": "ruggie tests",
        "source_url": "https://example.org",
        "kind": kind,
        "files": [file],
    }
    (folder / "dataset.yaml").write_text(yaml.safe_dump(manifest), encoding="utf-8")
    (folder / file).write_text(text, encoding="utf-8")
    return folder
