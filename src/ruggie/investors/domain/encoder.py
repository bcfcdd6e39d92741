"""The small transformer half of the disclosure classifier: all-MiniLM-L6-v2 fine-tuned on
labelled statement sentences, run from an int8 ONNX file with onnxruntime (no PyTorch).

A sentence is read together with its neighbours in the same document, as a pair
("sentence", "previous | next"), because a list item such as "Road haulage" only means
"operations" after the sentence that introduces it. Training happens outside ruggie, with
PyTorch, in ``tools/train_disclosure_encoder.py``; what it writes (the ONNX file, the
tokenizer and ``about.json``) ships under ``ruggie/data/models/disclosure-encoder/``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

MAX_TOKENS = 128  # as in training; longer pairs are cut, the longer side first
BATCH = 16  # measured: 16 beats 32 and 64 on 2 cores (less padding per batch)
MODEL_FILE = "classifier.int8.onnx"


def pairs(texts: Sequence[str], documents: Sequence[object]) -> list[tuple[str, str]]:
    """Each sentence with "previous | next" from the same document ("" at its edges)."""
    out = []
    for i, text in enumerate(texts):
        before = texts[i - 1] if i > 0 and documents[i - 1] == documents[i] else ""
        after = texts[i + 1] if i + 1 < len(texts) and documents[i + 1] == documents[i] else ""
        out.append((text, f"{before} | {after}"))
    return out


@dataclass
class EncoderModel:
    directory: Path
    about: dict[str, Any]

    def __post_init__(self) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3  # quantised graphs log harmless warnings on load
        self._session = onnxruntime.InferenceSession(
            str(self.directory / MODEL_FILE), options, providers=["CPUExecutionProvider"]
        )
        tokenizer = Tokenizer.from_file(str(self.directory / "tokenizer.json"))
        tokenizer.enable_truncation(max_length=MAX_TOKENS, strategy="longest_first")
        tokenizer.no_padding()
        self._tokenizer = tokenizer

    def probabilities(self, texts: Sequence[str], documents: Sequence[object] | None = None) -> np.ndarray:
        labels = len(self.about["labels"])
        if not texts:
            return np.zeros((0, labels))
        docs = documents if documents is not None else [0] * len(texts)
        encoded = self._tokenizer.encode_batch(pairs(texts, docs))
        out = np.zeros((len(texts), labels))
        order = np.argsort([len(e.ids) for e in encoded], kind="stable")  # similar lengths: less padding
        for start in range(0, len(order), BATCH):
            rows = order[start : start + BATCH]
            width = max(len(encoded[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            types, mask = np.zeros_like(ids), np.zeros_like(ids)
            for r, i in enumerate(rows):
                n = len(encoded[i].ids)
                ids[r, :n], types[r, :n], mask[r, :n] = encoded[i].ids, encoded[i].type_ids, 1
            (logits,) = self._session.run(
                None, {"input_ids": ids, "token_type_ids": types, "attention_mask": mask}
            )
            out[rows] = 1.0 / (1.0 + np.exp(-logits))
        return out


def load(directory: Path) -> EncoderModel:
    return EncoderModel(directory, json.loads((directory / "about.json").read_text(encoding="utf-8")))
