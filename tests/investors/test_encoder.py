"""The transformer half of the disclosure classifier, run with onnxruntime (no Django, no torch)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np

from ruggie.investors.domain import classifier, encoder
from ruggie.investors.domain.frameworks import AIMS_LABELS


def test_each_sentence_is_paired_with_its_neighbours_in_the_same_document_only() -> None:
    texts = ["A", "B", "C", "D"]
    assert encoder.pairs(texts, [1, 1, 1, 2]) == [("A", " | B"), ("B", "A | C"), ("C", "B | "), ("D", " | ")]


def test_the_shipped_transformer_reads_sentences_in_any_order_and_batch() -> None:
    model = classifier.shipped_model().encoder
    texts = [
        "This statement was approved by the Board of Directors on 12 June 2024.",
        "Signed by Jane Smith, Chief Executive Officer.",
        "Our supply chain includes 300 suppliers of garments in Bangladesh, India and China.",
    ] + [f"Sentence number {n} says little." for n in range(40)]  # more than one batch
    documents = list(range(len(texts)))
    p = model.probabilities(texts, documents)
    assert p.shape == (len(texts), len(AIMS_LABELS)) and ((0 <= p) & (p <= 1)).all()
    # Batching sorts by length; results must come back in the caller's order. (int8 dynamic
    # quantisation scales activations per batch, so batch-mates move results by up to ~0.05
    # where the curve is steep; a sentence in the wrong place would be off by far more.)
    one_by_one = np.vstack([model.probabilities([t], [0]) for t in texts[:3]])
    assert np.allclose(p[:3], one_by_one, atol=0.06)
    top = [AIMS_LABELS[int(i)] for i in p[:3].argmax(axis=1)]
    assert top == ["Approval", "Signature", "C2 (supply chains)"]


def test_a_very_long_sentence_is_cut_not_refused() -> None:
    model = classifier.shipped_model().encoder
    p = model.probabilities(["We audit suppliers. " * 400])
    assert p.shape == (1, len(AIMS_LABELS))


def test_running_the_classifier_needs_neither_torch_nor_a_download() -> None:
    code = (
        "import sys, socket\n"
        "socket.socket.connect = lambda *a, **k: (_ for _ in ()).throw(OSError('no network'))\n"
        "from ruggie.investors.domain import classifier\n"
        "p = classifier.shipped_model().probabilities(['We audited 40 suppliers.'])\n"
        "assert 'torch' not in sys.modules and 'transformers' not in sys.modules\n"
        "print(p.shape)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "(1, 11)"
