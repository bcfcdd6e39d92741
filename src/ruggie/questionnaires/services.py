"""Questionnaire versions: store the packaged files, and read a stored version back."""

from __future__ import annotations

from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from django.db import IntegrityError, transaction

from ruggie.questionnaires.domain.format import QuestionnaireFile
from ruggie.questionnaires.domain.reading import digest, read_questionnaire
from ruggie.questionnaires.domain.scoring import localise
from ruggie.questionnaires.models import QuestionnaireVersion


def packaged_files() -> dict[str, Path]:
    """code -> the packaged file of that questionnaire (ruggie/data/questionnaires)."""
    folder = Path(str(files("ruggie.data").joinpath("questionnaires")))
    out: dict[str, Path] = {}
    for path in sorted(folder.glob("*.yaml")):
        out[read_questionnaire(path.read_text(encoding="utf-8"), name=path.name).code] = path
    return out


def version_for(code: str) -> QuestionnaireVersion:
    """The current version of a packaged questionnaire, stored on first use (once per text)."""
    path = packaged_files()[code]
    text = path.read_text(encoding="utf-8")
    spec = read_questionnaire(text, name=path.name)
    found = QuestionnaireVersion.objects.filter(digest=digest(text)).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return QuestionnaireVersion.objects.create(
                code=spec.code,
                version=spec.version,
                kind=spec.kind.value,
                title=localise(spec.title, spec.source_language)[:255],
                digest=digest(text),
                text=text,
            )
    except IntegrityError:  # stored by a concurrent request a moment ago
        return QuestionnaireVersion.objects.get(digest=digest(text))


@lru_cache(maxsize=64)
def _spec(digest_: str, text: str) -> QuestionnaireFile:
    return read_questionnaire(text)


def spec_of(version: QuestionnaireVersion) -> QuestionnaireFile:
    """The parsed questionnaire of a stored version (parsed once per process)."""
    return _spec(version.digest, version.text)
