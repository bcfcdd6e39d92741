"""A new version of a questionnaire never changes answers already given to an old one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ruggie.questionnaires import services
from ruggie.questionnaires.models import QuestionnaireVersion
from ruggie.questionnaires.services import spec_of, version_for


@pytest.mark.django_db
def test_an_edited_file_is_a_new_version_and_the_old_text_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = version_for("worker_wellbeing")
    assert version_for("worker_wellbeing") == first  # stored once per text
    original = services.packaged_files()["worker_wellbeing"].read_text(encoding="utf-8")
    edited = tmp_path / "worker-wellbeing.yaml"
    edited.write_text(
        re.sub(r"version: ['\"]2026\.1['\"]", 'version: "2027.1"', original).replace(
            "en: I feel safe doing my job.", "en: I feel safe at work."
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(services, "packaged_files", lambda: {"worker_wellbeing": edited})
    second = version_for("worker_wellbeing")
    assert second != first and second.version == "2027.1"
    assert QuestionnaireVersion.objects.filter(code="worker_wellbeing").count() == 2
    # Answers given to the first version still read with the first version's words.
    old_s1 = next(q for q in spec_of(first).all_questions() if q.id == "S1")
    new_s1 = next(q for q in spec_of(second).all_questions() if q.id == "S1")
    old_text = old_s1.text if isinstance(old_s1.text, str) else old_s1.text["en"]
    new_text = new_s1.text if isinstance(new_s1.text, str) else new_s1.text["en"]
    assert (old_text, new_text) == ("I feel safe doing my job.", "I feel safe at work.")
