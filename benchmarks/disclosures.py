"""Disclosure assessment: classifier quality on held-out UK statements, and speed.

Run from the repo root: ``.venv/bin/python benchmarks/disclosures.py [--quick]``

Quality. The shipped classifier averages two halves: a linear model and all-MiniLM-L6-v2
fine-tuned on the CPU, both trained on the 50 Australian statements of AIMS.au and the 51
Canadian reports of AIMS.ca (decision 0018). It is evaluated on the 51 UK statements of AIMS.uk,
which neither half ever saw: per-label precision, recall and F1 at the model's own thresholds
(fixed before looking at the UK data), and macro-F1 over the 10 labels with positives in the UK
set; each half alone is reported too. The dataset authors' fine-tuned Llama model, whose
predictions ship in the UK file, is scored the same way at its threshold 0.5, for comparison.
``au_cv_macro_f1`` is the linear half's statement-split 5-fold cross-validation, scored on the
Australian statements. Without --quick the linear half is retrained from scratch with the
shipped recipe (``ruggie disclosures train``); the transformer half needs PyTorch and is
retrained by ``tools/train_disclosure_encoder.py``, so the shipped one is used.

Speed. ``seconds_40_pages``: a 40-page PDF written from real UK statement sentences is read
(pypdf), split into sentences, classified and judged against all four frameworks, with the
model already loaded (as in a running server); ``model_load_s`` is the one-off load.

The last line of output is one JSON object with ``uk_macro_f1``, ``au_cv_macro_f1``,
``seconds_40_pages``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from fpdf import FPDF

from ruggie.investors.domain import classifier, training
from ruggie.investors.domain.assessment import assess
from ruggie.investors.domain.documents import read_document, sentences
from ruggie.investors.domain.frameworks import AIMS_LABELS, frameworks

DATA = Path(__file__).resolve().parent / "data" / "aims-au"
AU = DATA / "aims_au_test_50_statements.csv"
UK = DATA / "aims_uk_sentences_targets_and_llama_predictions.csv"
CA = DATA / "aims_ca_sentences_targets_and_llama_predictions.csv"


def llama_predictions(path: Path) -> np.ndarray:
    import csv
    import io

    csv.field_size_limit(10**8)
    rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))
    rows.sort(key=lambda r: (r["statement_id"], int(r[""])))  # the order read_labelled uses
    return np.array([json.loads(r["predictions"]) for r in rows])


def pdf_of_pages(texts: list[str], pages: int) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    for text in texts:
        if pdf.page_no() >= pages and pdf.get_y() > 250:
            break
        # AIMS sentences lost their full stops; a statement has them.
        text = text.strip() if text.strip().endswith((".", "!", "?", ":")) else text.strip() + "."
        pdf.multi_cell(0, 5, text.encode("latin-1", "replace").decode("latin-1"))
        pdf.ln(2)
    return bytes(pdf.output())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="evaluate the shipped model (no retraining)")
    args = parser.parse_args()
    if not (AU.exists() and UK.exists() and CA.exists()):
        sys.exit(f"benchmark data missing in {DATA}; see benchmarks/data/SOURCE.md")

    uk = training.read_labelled(UK.read_bytes(), source="uk:")
    started = time.perf_counter()
    model = classifier.shipped_model()
    if not args.quick:  # retrain the linear half as shipped; the transformer half needs PyTorch
        au = training.read_labelled(AU.read_bytes(), source="au:")
        ca = training.read_labelled(CA.read_bytes(), source="ca:")
        linear = training.train(au + ca, sources=["AIMS.au", "AIMS.ca"])
        model = classifier.CombinedModel(linear, model.encoder)
    train_s = time.perf_counter() - started
    au_cv = float(model.linear.about["cross_validation"]["macro_f1_by_source"]["au"])

    # Each half once, then their average (CombinedModel's rule), rather than running both again.
    linear_p = model.linear.probabilities(uk.texts, uk.documents)
    encoder_p = model.encoder.probabilities(uk.texts, uk.documents)
    ours = training.score(uk.targets, (linear_p + encoder_p) / 2, model.thresholds)
    linear_only = training.score(uk.targets, linear_p, model.linear.thresholds)
    encoder_only = training.score(uk.targets, encoder_p, np.full(len(AIMS_LABELS), 0.5))
    llama = training.score(uk.targets, llama_predictions(UK), np.full(len(AIMS_LABELS), 0.5))
    print(f"{'label':24} {'P':>6} {'R':>6} {'F1':>6} {'pos':>5}   Llama F1")
    for label, s in ours.per_label.items():
        print(
            f"{label:24} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {s['positives']:5d}"
            f"   {llama.per_label[label]['f1']:.3f}"
        )
    print(f"macro-F1 on UK (held out): ours {ours.macro_f1:.3f}, Llama {llama.macro_f1:.3f}")
    print(f"  its halves alone: linear {linear_only.macro_f1:.3f}, transformer {encoder_only.macro_f1:.3f}")
    print(f"macro-F1 by statement-split 5-fold CV, Australian statements (linear half): {au_cv:.3f}")

    # Speed: a 40-page statement of real sentences.
    load_started = time.perf_counter()
    classifier.shipped_model.cache_clear()
    classifier._wordllama.cache_clear()
    shipped = classifier.shipped_model()
    shipped.probabilities(["warm up"])  # loads WordLlama's weights too
    model_load_s = time.perf_counter() - load_started
    data = pdf_of_pages(uk.texts, 40)
    runs = []
    for _ in range(1 if args.quick else 3):
        t0 = time.perf_counter()
        document = read_document(data, "statement.pdf")
        parts = sentences(document)
        p = shipped.probabilities([s.text for s in parts])
        for framework in frameworks().values():
            assess(framework, parts, p, shipped.thresholds)
        runs.append(time.perf_counter() - t0)
    seconds = min(runs)
    print(f"40-page PDF ({len(document.pages)} pages, {len(parts)} sentences): {seconds:.2f} s")
    print(f"model load (once per process): {model_load_s:.2f} s")
    print(
        json.dumps(
            {
                "uk_macro_f1": round(ours.macro_f1, 4),
                "au_cv_macro_f1": round(au_cv, 4),
                "seconds_40_pages": round(seconds, 3),
                "llama_uk_macro_f1": round(llama.macro_f1, 4),
                "uk_macro_f1_linear": round(linear_only.macro_f1, 4),
                "uk_macro_f1_transformer": round(encoder_only.macro_f1, 4),
                "uk_per_label": ours.per_label,
                "pages": len(document.pages),
                "sentences": len(parts),
                "model_load_s": round(model_load_s, 3),
                "train_s": round(train_s, 1) if not args.quick else None,
            }
        )
    )


if __name__ == "__main__":
    main()
