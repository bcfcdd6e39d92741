"""Which sentences of a statement are evidence for which disclosure label (AIMS.au's 11).

One logistic regression per label over three kinds of features of a sentence and of its
neighbours in the document (a list item "Road haulage" is about operations because of the
sentence before it):
- TF-IDF of its words and word pairs (what it literally says);
- WordLlama static embeddings (what it means, so "the board signed off" is near "approved
  by the directors"); the weights ship in WordLlama's PyPI wheel, nothing is downloaded;
- the mean of both over the previous and next sentence of the same document, weighted half.
Each label has its own decision threshold, chosen by cross-validation split by statement.
The shipped classifier (``shipped_model``) averages this linear model with a fine-tuned
transformer (``encoder``); see ``CombinedModel``.

The model is three files under ``ruggie/data/models/disclosures/`` written by ``train`` and
``save`` (``ruggie disclosures train``): numbers in an .npz, the vocabulary as text and the
settings and measured quality as JSON. No pickle: loading a model never runs code.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from ruggie.investors.domain import encoder
from ruggie.investors.domain.encoder import EncoderModel
from ruggie.investors.domain.frameworks import AIMS_LABELS

CONTEXT_WEIGHT = 0.5  # neighbours count half as much as the sentence itself
NGRAMS = (1, 2)
MIN_DF = 2  # a word seen in one training sentence only says nothing general
C = 4.0  # inverse regularisation: chosen by cross-validation on the Australian statements
MODEL_DIR = "models/disclosures"
ENCODER_DIR = "models/disclosure-encoder"
ENCODER_THRESHOLD = 0.5  # the transformer's loss already weighs rare labels up: 0.5 is its natural cut


@cache
def _wordllama() -> Any:
    import wordllama
    from wordllama import WordLlama

    # The wheel holds the 256-dimension weights; disable_download keeps it offline.
    return WordLlama.load(cache_dir=Path(wordllama.__file__).parent, disable_download=True)


def embed(texts: Sequence[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, 256), dtype=np.float32)
    return np.asarray(_wordllama().embed(list(texts), norm=True), dtype=np.float32)


def neighbour_matrix(documents: Sequence[object]) -> sp.csr_matrix:
    """Row i averages the sentences before and after i in the same document."""
    n = len(documents)
    rows: list[int] = []
    cols: list[int] = []
    for i in range(n):
        near = [j for j in (i - 1, i + 1) if 0 <= j < n and documents[j] == documents[i]]
        rows += [i] * len(near)
        cols += near
    values = np.full(len(rows), CONTEXT_WEIGHT, dtype=np.float32)
    return sp.csr_matrix((values, (rows, cols)), shape=(n, n))


def features(vectoriser: TfidfVectorizer, texts: Sequence[str], documents: Sequence[object]) -> sp.csr_matrix:
    words = vectoriser.transform(texts)
    meaning = sp.csr_matrix(embed(texts))
    near = neighbour_matrix(documents)
    return sp.hstack(
        [words, meaning, (near @ words) * CONTEXT_WEIGHT, (near @ meaning) * CONTEXT_WEIGHT]
    ).tocsr()


def new_vectoriser() -> TfidfVectorizer:
    return TfidfVectorizer(ngram_range=NGRAMS, min_df=MIN_DF, sublinear_tf=True)


@dataclass
class DisclosureModel:
    labels: tuple[str, ...]
    vocabulary: list[str]
    idf: np.ndarray
    coef: np.ndarray  # labels × features
    intercept: np.ndarray
    thresholds: np.ndarray
    about: dict[str, Any] = field(default_factory=dict)  # training data, date, measured quality

    def __post_init__(self) -> None:
        vectoriser = TfidfVectorizer(
            ngram_range=NGRAMS, sublinear_tf=True, vocabulary={t: i for i, t in enumerate(self.vocabulary)}
        )
        vectoriser.idf_ = self.idf
        self._vectoriser = vectoriser

    @property
    def version(self) -> str:
        return str(self.about.get("version", "untrained"))

    def probabilities(self, texts: Sequence[str], documents: Sequence[object] | None = None) -> np.ndarray:
        """labels' probabilities per sentence; ``documents`` says which sentences are neighbours
        (default: all of ``texts`` is one document, in order)."""
        if not texts:
            return np.zeros((0, len(self.labels)))
        docs = documents if documents is not None else [0] * len(texts)
        scores = features(self._vectoriser, texts, docs) @ self.coef.T + self.intercept
        return 1.0 / (1.0 + np.exp(-np.asarray(scores)))

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            directory / "model.npz",
            idf=self.idf.astype(np.float32),
            coef=self.coef.astype(np.float32),
            intercept=self.intercept.astype(np.float32),
            thresholds=self.thresholds.astype(np.float32),
        )
        (directory / "vocabulary.txt").write_text("\n".join(self.vocabulary) + "\n", encoding="utf-8")
        about = {**self.about, "labels": list(self.labels)}
        (directory / "model.json").write_text(
            json.dumps(about, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )


def load(directory: Path) -> DisclosureModel:
    about = json.loads((directory / "model.json").read_text(encoding="utf-8"))
    vocabulary = (directory / "vocabulary.txt").read_text(encoding="utf-8").split("\n")[:-1]
    with np.load(directory / "model.npz") as arrays:
        return DisclosureModel(
            labels=tuple(about.pop("labels")),
            vocabulary=vocabulary,
            idf=arrays["idf"].astype(np.float64),
            coef=arrays["coef"],
            intercept=arrays["intercept"],
            thresholds=arrays["thresholds"],
            about=about,
        )


@dataclass
class CombinedModel:
    """The shipped classifier: the linear model above and the fine-tuned transformer
    (``encoder``), their probabilities averaged. The transformer reads sentences better; the
    linear half is what ``ruggie disclosures train`` retrains in minutes with analysts'
    corrections. Each label's threshold is the midpoint of the linear model's own
    (cross-validated) threshold and the transformer's 0.5, fixed in advance rather than tuned
    on any test set (decision 0018)."""

    linear: DisclosureModel
    encoder: EncoderModel

    @property
    def labels(self) -> tuple[str, ...]:
        return self.linear.labels

    @property
    def thresholds(self) -> np.ndarray:
        return (np.asarray(self.linear.thresholds, dtype=np.float64) + ENCODER_THRESHOLD) / 2

    @property
    def version(self) -> str:
        return f"{self.linear.version}+{self.encoder.about.get('version', 'encoder')}"

    @property
    def about(self) -> dict[str, Any]:
        return {**self.linear.about, "version": self.version, "encoder": self.encoder.about}

    def probabilities(self, texts: Sequence[str], documents: Sequence[object] | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, len(self.labels)))
        linear = self.linear.probabilities(texts, documents)
        return (linear + self.encoder.probabilities(texts, documents)) / 2


@cache
def shipped_model() -> CombinedModel:
    """The model in the package: the linear half written by ``ruggie disclosures train``, the
    transformer half by ``tools/train_disclosure_encoder.py``."""
    data = files("ruggie.data")
    return CombinedModel(
        load(Path(str(data.joinpath(MODEL_DIR)))), encoder.load(Path(str(data.joinpath(ENCODER_DIR))))
    )


def label_index(label: str) -> int:
    return AIMS_LABELS.index(label)
