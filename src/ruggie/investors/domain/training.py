"""Training and measuring the disclosure classifier.

Labelled sentences come in two layouts: AIMS.au's (one column per label; an empty cell is
"not judged", which is how analysts' corrections in ruggie are exported, one label at a time)
and AIMS.uk/.ca's (a ``targets`` list of the 11 labels, as 0/1, where a label with no positive
in the whole file counts as not judged). Folds are split by
statement, never by sentence: sentences of one statement share boilerplate, and a model
that saw a statement's other sentences looks better than it is.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import GroupKFold

from ruggie.investors.domain.classifier import C, DisclosureModel, features, new_vectoriser
from ruggie.investors.domain.frameworks import AIMS_LABELS

UNJUDGED = -1
THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.05), 2)


@dataclass
class Labelled:
    texts: list[str]
    documents: list[str]
    targets: np.ndarray  # sentences × labels: 1, 0 or UNJUDGED

    def __len__(self) -> int:
        return len(self.texts)

    def subset(self, rows: Sequence[int] | np.ndarray) -> Labelled:
        return Labelled([self.texts[i] for i in rows], [self.documents[i] for i in rows], self.targets[rows])

    def __add__(self, other: Labelled) -> Labelled:
        return Labelled(
            self.texts + other.texts,
            self.documents + other.documents,
            np.vstack([self.targets, other.targets]),
        )


def _first_index(value: str) -> int:
    head = value.strip("[] ").split(",")[0].strip()
    return int(float(head)) if head else 0


def read_labelled(data: bytes, *, source: str = "") -> Labelled:
    """Sentences in document order, from either layout; ``source`` prefixes document ids so
    two files' statement 12 stay apart."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    csv.field_size_limit(10**8)
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows:
        return Labelled([], [], np.zeros((0, len(AIMS_LABELS)), dtype=np.int8))
    columns = set(rows[0])
    sentence_column = "sentence" if "sentence" in columns else "sentence_text"
    if "targets" in columns:
        rows = [r for r in rows if r["targets"].strip().startswith("[")]
        order = "" if "" in columns else "sentence_orig_idxs"
        rows.sort(key=lambda r: (r["statement_id"], _first_index(r.get(order, "") or "0")))
        targets = np.array([json.loads(r["targets"]) for r in rows], dtype=np.int8)
        # A label that no sentence of a whole file carries was not annotated there: AIMS.ca has
        # no positive for C1 or C6 because Canada's act has no such criteria, not because its
        # 51 reports never name the reporting entity. Read as "no", it would teach the model
        # that the sentences Australian annotators call C1 are not C1.
        if len(targets):
            targets[:, targets.max(axis=0) <= 0] = UNJUDGED
    else:
        rows.sort(key=lambda r: (r["statement_id"], _first_index(r.get("sentence_orig_idxs", "") or "0")))
        targets = np.array(
            [
                [
                    UNJUDGED if r.get(label, "").strip() == "" else int(float(r[label]))
                    for label in AIMS_LABELS
                ]
                for r in rows
            ],
            dtype=np.int8,
        )
    texts = [r[sentence_column] for r in rows]
    documents = [f"{source}{r['statement_id']}" for r in rows]
    return Labelled(texts, documents, targets.reshape(len(rows), len(AIMS_LABELS)))


def _fit(train: Labelled) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    vectoriser = new_vectoriser().fit(train.texts)
    x = features(vectoriser, train.texts, train.documents)
    coef = np.zeros((len(AIMS_LABELS), x.shape[1]), dtype=np.float32)
    intercept = np.full(len(AIMS_LABELS), -10.0, dtype=np.float32)  # a label never seen: never predicted
    for i in range(len(AIMS_LABELS)):
        judged = train.targets[:, i] != UNJUDGED
        y = train.targets[judged, i]
        if y.min(initial=1) == y.max(initial=0):
            continue
        fitted = LogisticRegression(C=C, max_iter=3000, solver="liblinear").fit(x[judged], y)
        coef[i] = fitted.coef_[0]
        intercept[i] = fitted.intercept_[0]
    vocabulary = [t for t, _ in sorted(vectoriser.vocabulary_.items(), key=lambda kv: kv[1])]
    return vocabulary, np.asarray(vectoriser.idf_), coef, intercept


def _model(train: Labelled, thresholds: np.ndarray, about: dict[str, object]) -> DisclosureModel:
    vocabulary, idf, coef, intercept = _fit(train)
    return DisclosureModel(tuple(AIMS_LABELS), vocabulary, idf, coef, intercept, thresholds, about)


@dataclass(frozen=True)
class Scores:
    per_label: dict[str, dict[str, float]]  # label: precision, recall, f1, positives
    macro_f1: float  # over labels with positives

    def as_dict(self) -> dict[str, object]:
        return {"macro_f1": round(self.macro_f1, 4), "per_label": self.per_label}


def score(targets: np.ndarray, probabilities: np.ndarray, thresholds: np.ndarray) -> Scores:
    per_label: dict[str, dict[str, float]] = {}
    f1s = []
    for i, label in enumerate(AIMS_LABELS):
        judged = targets[:, i] != UNJUDGED
        y, p = targets[judged, i], probabilities[judged, i] >= thresholds[i]
        positives = int(y.sum())
        if positives == 0:
            continue
        f1 = float(f1_score(y, p, zero_division=0))
        per_label[label] = {
            "precision": round(float(precision_score(y, p, zero_division=0)), 4),
            "recall": round(float(recall_score(y, p, zero_division=0)), 4),
            "f1": round(f1, 4),
            "positives": positives,
        }
        f1s.append(f1)
    return Scores(per_label, float(np.mean(f1s)) if f1s else 0.0)


def out_of_fold(data: Labelled, folds: int = 5) -> np.ndarray:
    """Each sentence's probabilities from a model that never saw its statement."""
    out = np.zeros(data.targets.shape)
    splitter = GroupKFold(n_splits=min(folds, len(set(data.documents))))
    for train_rows, test_rows in splitter.split(data.texts, groups=data.documents):
        train, test = data.subset(train_rows), data.subset(test_rows)
        vocabulary, idf, coef, intercept = _fit(train)
        model = DisclosureModel(
            tuple(AIMS_LABELS), vocabulary, idf, coef, intercept, np.full(len(AIMS_LABELS), 0.5)
        )
        out[test_rows] = model.probabilities(test.texts, test.documents)
    return out


def cross_validate(data: Labelled, folds: int = 5) -> tuple[np.ndarray, Scores, dict[str, float]]:
    """Out-of-fold probabilities split by statement; returns the per-label thresholds that
    maximise F1 on them, the scores at those thresholds, and macro-F1 per source (the part of
    a document id before ":", e.g. "au"), so a model trained on two countries' statements
    still says how it does on each."""
    out = out_of_fold(data, folds)
    thresholds = np.full(len(AIMS_LABELS), 0.5)
    for i in range(len(AIMS_LABELS)):
        judged = data.targets[:, i] != UNJUDGED
        if data.targets[judged, i].sum() == 0:
            continue
        f1s = [f1_score(data.targets[judged, i], out[judged, i] >= t, zero_division=0) for t in THRESHOLDS]
        thresholds[i] = THRESHOLDS[int(np.argmax(f1s))]
    sources = [d.split(":", 1)[0] if ":" in d else "" for d in data.documents]
    by_source = {}
    for source in sorted(set(sources)):
        rows = np.array([s == source for s in sources])
        by_source[source] = round(score(data.targets[rows], out[rows], thresholds).macro_f1, 4)
    return thresholds, score(data.targets, out, thresholds), by_source


def train(data: Labelled, *, sources: list[str], folds: int = 5) -> DisclosureModel:
    """Thresholds from cross-validation, then one model on all of ``data``."""
    thresholds, cv, by_source = cross_validate(data, folds)
    about: dict[str, object] = {
        "version": f"aims-lr-{date.today().isoformat()}",
        "trained_on": sources,
        "sentences": len(data),
        "statements": len(set(data.documents)),
        "cross_validation": {
            "folds": folds,
            "split": "by statement",
            **cv.as_dict(),
            "macro_f1_by_source": by_source,
        },
    }
    model = _model(data, thresholds, about)
    # The start of the numbers' SHA-256 ends the version, so two models trained on the same day
    # never share a name in the assessments they made.
    digest = hashlib.sha256(model.coef.tobytes() + model.intercept.tobytes() + thresholds.tobytes())
    model.about["version"] = f"{about['version']}-{digest.hexdigest()[:8]}"
    return model
