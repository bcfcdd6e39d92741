"""The disclosure classifier and the criterion judgements built on it (no Django)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ruggie.investors.domain import classifier, training
from ruggie.investors.domain.assessment import Status, assess, coverage, judge, names_specifics
from ruggie.investors.domain.documents import Sentence, read_document, sentences
from ruggie.investors.domain.frameworks import AIMS_LABELS, Criterion, frameworks
from tests.investors.statements import STATEMENT_2025, statement_pdf

AIMS = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "aims-au"


def test_the_shipped_model_loads_offline_and_says_where_it_came_from() -> None:
    model = classifier.shipped_model()
    assert model.labels == AIMS_LABELS
    assert model.linear.coef.shape[0] == len(AIMS_LABELS) and len(model.thresholds) == len(AIMS_LABELS)
    assert (
        "AIMS.au" in model.about["trained_on"][0]
        and model.about["cross_validation"]["split"] == "by statement"
    )
    assert 0.5 < model.about["cross_validation"]["macro_f1"] <= 1
    encoder = model.about["encoder"]
    assert "all-MiniLM-L6-v2" in encoder["base_model"] and encoder["trained_on"][0] == "au"
    # Each label's threshold sits halfway between the linear model's and the transformer's 0.5.
    assert np.allclose(model.thresholds, (model.linear.thresholds + 0.5) / 2)


def test_the_combined_model_averages_its_two_halves() -> None:
    model = classifier.shipped_model()
    texts = ["This statement was approved by the board.", "We audited 40 suppliers in Viet Nam."]
    both = model.probabilities(texts)
    halves = (model.linear.probabilities(texts) + model.encoder.probabilities(texts)) / 2
    assert np.allclose(both, halves)
    assert model.probabilities([]).shape == (0, len(AIMS_LABELS))


def test_sentences_of_each_kind_score_highest_on_their_label() -> None:
    model = classifier.shipped_model()
    texts = [
        "This statement was approved by the Board of Directors of Acme Pty Ltd on 12 June 2024.",
        "Signed by Jane Smith, Chief Executive Officer and Director.",
        "We measure the effectiveness of our actions through performance indicators reviewed each quarter.",
        "Our supply chain includes 300 suppliers of garments in Bangladesh, India and China.",
    ]
    p = model.probabilities(texts, documents=[1, 2, 3, 4])  # no neighbours: each stands alone
    assert p.shape == (4, len(AIMS_LABELS)) and ((0 <= p) & (p <= 1)).all()
    top = [AIMS_LABELS[int(i)] for i in p.argmax(axis=1)]
    assert top == ["Approval", "Signature", "C5 (effectiveness)", "C2 (supply chains)"]


def test_a_neighbouring_sentence_changes_the_reading_of_a_list_item() -> None:
    model = classifier.shipped_model()
    alone = model.probabilities(["Road haulage"], documents=[1])
    after_intro = model.probabilities(
        ["Our operations include the following businesses:", "Road haulage"], documents=[1, 1]
    )
    ops = AIMS_LABELS.index("C2 (operations)")
    assert after_intro[1, ops] > alone[0, ops]


def _tiny() -> training.Labelled:
    approval = [f"The board of directors approved this statement on {d} May." for d in range(1, 13)]
    other = [f"We audited {n} suppliers of cotton this year." for n in range(10, 22)]
    texts = [t for pair in zip(approval, other, strict=True) for t in pair]
    targets = np.zeros((len(texts), len(AIMS_LABELS)), dtype=np.int8)
    targets[0::2, AIMS_LABELS.index("Approval")] = 1
    targets[1::2, AIMS_LABELS.index("C4 (risk mitigation)")] = 1
    documents = [f"s{i // 4}" for i in range(len(texts))]  # six statements of four sentences
    return training.Labelled(texts, documents, targets)


def test_a_trained_model_saves_and_loads_to_the_same_numbers(tmp_path: Path) -> None:
    model = training.train(_tiny(), sources=["tiny"], folds=3)
    model.save(tmp_path)
    again = classifier.load(tmp_path)
    texts = ["The directors approved it.", "We audited suppliers."]
    assert np.allclose(model.probabilities(texts), again.probabilities(texts), atol=1e-5)
    assert again.about["trained_on"] == ["tiny"] and again.about["statements"] == 6
    assert not any(p.suffix == ".pkl" for p in tmp_path.iterdir())  # no pickle: loading runs no code
    # A label never seen in training is never predicted.
    assert again.probabilities(texts)[:, AIMS_LABELS.index("C6 (consultation)")].max() < 0.01


def test_labelled_sentences_read_from_both_layouts_and_unannotated_labels_stay_unjudged() -> None:
    au = "statement_id,sentence_orig_idxs,sentence," + ",".join(f'"{lb}"' for lb in AIMS_LABELS) + "\n"
    au += "7,2,Second sentence," + ",".join(["1"] + [""] * 10) + "\n"
    au += "7,1,First sentence," + ",".join(["0"] * 11) + "\n"
    read = training.read_labelled(au.encode(), source="x:")
    assert read.texts == ["First sentence", "Second sentence"] and read.documents == ["x:7", "x:7"]
    assert read.targets[1, 0] == 1 and (read.targets[1, 1:] == training.UNJUDGED).all()
    uk = ',Unnamed: 0,sentence,statement_id,targets\n1,1,B,SID_1,"[0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]"\n'
    uk += '0,0,A,SID_1,"[1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]"\n'
    read = training.read_labelled(uk.encode())
    assert read.texts == ["A", "B"] and read.targets[0, 0] == 1 and read.targets[1, 1] == 1
    assert read.targets[0, 1] == 0 and read.targets[1, 0] == 0  # a label the file annotates: a real "no"
    # A label no sentence of the file carries was not annotated there (AIMS.ca has no C1 or C6).
    assert (read.targets[:, 2:] == training.UNJUDGED).all()


def test_scores_count_only_labels_with_positives_and_skip_unjudged() -> None:
    targets = np.full((4, len(AIMS_LABELS)), training.UNJUDGED, dtype=np.int8)
    targets[:, 0] = [1, 1, 0, 0]
    targets[:, 1] = [0, 0, 0, 0]
    probabilities = np.zeros(targets.shape)
    probabilities[:, 0] = [0.9, 0.1, 0.8, 0.2]
    scores = training.score(targets, probabilities, np.full(len(AIMS_LABELS), 0.5))
    assert list(scores.per_label) == ["Approval"]
    assert scores.per_label["Approval"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5, "positives": 2}
    assert scores.macro_f1 == 0.5


def _probabilities(rows: list[dict[str, float]]) -> np.ndarray:
    p = np.zeros((len(rows), len(AIMS_LABELS)))
    for i, row in enumerate(rows):
        for label, value in row.items():
            p[i, AIMS_LABELS.index(label)] = value
    return p


def test_a_criterion_is_addressed_with_specifics_only_when_evidence_names_a_figure_or_country() -> None:
    criterion = Criterion("X", "Effectiveness", ("C5 (effectiveness)",))
    vague = [Sentence(1, 0, "We review our approach regularly."), Sentence(2, 1, "Other text.")]
    p = _probabilities([{"C5 (effectiveness)": 0.9}, {"C5 (effectiveness)": 0.1}])
    result = judge(criterion, vague, p, [0.5] * 11)
    assert result.status == Status.ADDRESSED and [e.sentence.page for e in result.evidence] == [1]
    assert result.confidence == pytest.approx(0.9)  # 0.9 is 80% of the way from 0.5 to 1
    specific = [Sentence(1, 0, "Findings closed within 90 days rose to 78%."), Sentence(2, 1, "Other text.")]
    assert judge(criterion, specific, p, [0.5] * 11).status == Status.SPECIFIC
    nothing = judge(criterion, vague, _probabilities([{}, {}]), [0.5] * 11)
    assert nothing.status == Status.NOT_ADDRESSED and nothing.evidence == [] and nothing.confidence == 1.0


def test_a_criterion_with_words_only_takes_sentences_that_use_them() -> None:
    training_criterion = Criterion("T", "Training", ("C4 (risk mitigation)",), ("train",))
    text = [Sentence(1, 0, "We audit all suppliers."), Sentence(1, 1, "Buyers are trained every year.")]
    p = _probabilities([{"C4 (risk mitigation)": 0.9}, {"C4 (risk mitigation)": 0.6}])
    result = judge(training_criterion, text, p, [0.5] * 11)
    assert [e.sentence.index for e in result.evidence] == [1]


def test_country_names_count_as_specifics_when_a_resolver_is_given() -> None:
    assert names_specifics("We buy cotton in Viet Nam.", lambda t: t == "Viet Nam")
    assert not names_specifics("We buy Cotton Responsibly.", lambda t: t == "Viet Nam")
    assert names_specifics("We audited 12 sites.")


def test_a_real_statement_pdf_is_judged_against_every_framework() -> None:
    parts = sentences(read_document(statement_pdf(STATEMENT_2025), "s.pdf"))
    model = classifier.shipped_model()
    p = model.probabilities([s.text for s in parts])
    for code, framework in frameworks().items():
        results = assess(framework, parts, p, model.thresholds)
        assert [r.criterion.id for r in results] == [c.id for c in framework.criteria], code
    uk = {r.criterion.id: r for r in assess(frameworks()["uk_msa"], parts, p, model.thresholds)}
    assert uk["UK54-4-approval"].status != Status.NOT_ADDRESSED
    assert uk["UK54-4-approval"].evidence[0].sentence.page == 3
    assert "supply chain" in " ".join(e.sentence.text for e in uk["UK54a"].evidence)
    assert uk["UK54f"].status == Status.NOT_ADDRESSED  # the 2025 statement says nothing of training
    assert 0 < coverage([r.status for r in uk.values()]) < 1


@pytest.mark.skipif(not AIMS.exists(), reason="../shared/data/aims-au is not here")
def test_the_shipped_model_beats_chance_on_the_held_out_uk_statements() -> None:
    uk = training.read_labelled((AIMS / "aims_uk_sentences_targets_and_llama_predictions.csv").read_bytes())
    model = classifier.shipped_model()
    scores = training.score(uk.targets, model.probabilities(uk.texts, uk.documents), model.thresholds)
    assert scores.macro_f1 > 0.45  # benchmarks/disclosures.py reports the exact figures
