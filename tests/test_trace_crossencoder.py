"""The fine-tuned cross-encoder paraphrase judge and its MSRP evaluation protocol.

The toy pairs below are written for these tests (no third-party text); the MSRP figures themselves
come from `newsloom eval paraphrase` (docs/benchmarks.md), which takes tens of minutes.
"""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

from newsloom.errors import InputError
from newsloom.evaluate.paraphrase import evaluate_judge, format_judge
from newsloom.trace.crossencoder import CrossEncoder, TrainConfig, fine_tune

SUBJECTS = ["The council", "The ministry", "The union", "The airline", "The court", "The school board",
            "The hospital", "The city", "The company", "The museum", "The police", "The league"]
ACTIONS = ["approved the budget", "cancelled the flights", "closed the bridge", "raised the fees",
           "hired new staff", "delayed the vote", "opened an inquiry", "signed the contract",
           "sold the building", "cut the prices", "banned the protest", "won the appeal"]
WHEN = ["on Monday", "on Tuesday", "late on Friday", "this week", "in March", "after a long debate"]


def _sentence(rng: random.Random) -> tuple[str, str, str]:
    return rng.choice(SUBJECTS), rng.choice(ACTIONS), rng.choice(WHEN)


def toy_pairs(n: int, seed: int) -> tuple[list[tuple[str, str]], list[int]]:
    """Paraphrases (same facts, reordered) and non-paraphrases (another subject and action)."""
    rng = random.Random(seed)
    pairs, labels = [], []
    for i in range(n):
        s, a, w = _sentence(rng)
        first = f"{s} {a} {w}."
        if i % 2 == 0:
            pairs.append((first, f"{w[0].upper() + w[1:]}, {s.lower()} {a}."))
            labels.append(1)
        else:
            s2 = rng.choice([x for x in SUBJECTS if x != s])
            a2 = rng.choice([x for x in ACTIONS if x != a])
            pairs.append((first, f"{s2} {a2} {w}."))
            labels.append(0)
    return pairs, labels


@pytest.fixture(scope="module")
def judge():
    pairs, labels = toy_pairs(96, seed=1)
    return fine_tune(pairs, labels, config=TrainConfig(epochs=6, lr=1e-4, batch_size=16), threads=1)


def test_fine_tuning_learns_to_tell_paraphrases_from_other_facts(judge):
    pairs, labels = toy_pairs(40, seed=2)  # pairs not seen in training
    p = judge.probability(pairs)
    y = np.asarray(labels)
    assert p[y == 1].mean() > p[y == 0].mean() + 0.3
    assert ((p >= 0.5) == y).mean() >= 0.85


def test_judge_reads_both_orders(judge):
    a, b = "The court won the appeal on Monday.", "On Monday, the court won the appeal."
    forward, backward = judge.probability([(a, b), (b, a)])
    assert forward == pytest.approx(backward, abs=1e-6)


def test_saved_judge_loads_with_the_same_answers(judge, tmp_path):
    pairs, _ = toy_pairs(8, seed=3)
    judge.save(tmp_path / "judge", trained_on="toy pairs")
    again = CrossEncoder.load(tmp_path / "judge")
    assert np.allclose(again.probability(pairs), judge.probability(pairs), atol=1e-5)
    assert again.meta["trained_on"] == "toy pairs" and again.meta["n_pairs"] == 96


def test_loading_a_folder_without_a_judge_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="no fine-tuned cross-encoder"):
        CrossEncoder.load(tmp_path)


def test_fine_tune_refuses_mismatched_labels():
    with pytest.raises(ValueError):
        fine_tune([("a", "b")], [1, 0])


def _write_msrp(root, rows) -> None:
    folder = root / "data/news-paraphrase-pairs/msrp"
    folder.mkdir(parents=True)
    lines = [json.dumps({"id1": str(i), "id2": f"{i}b", "label": label, "sentence1": pair[0], "sentence2": pair[1],
                         "official_split": split}) for i, (pair, label, split) in enumerate(rows)]
    (folder / "pairs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_evaluation_uses_the_official_test_split_when_present(tmp_path):
    train, y_train = toy_pairs(96, seed=4)
    test, y_test = toy_pairs(20, seed=5)
    _write_msrp(tmp_path, [(p, y, "train") for p, y in zip(train, y_train)]
                + [(p, y, "test") for p, y in zip(test, y_test)])
    report = evaluate_judge(tmp_path, config=TrainConfig(epochs=6, lr=1e-4), threads=1, save=tmp_path / "judge")
    assert "official test split (20 pairs)" in report.protocol
    assert report.n_scored == 20 and len(report.fold_accuracy) == 1
    assert report.accuracy >= 0.7  # the toy task is easy; an untrained head sits near 0.5
    assert CrossEncoder.load(tmp_path / "judge").meta["n_pairs"] == 96
    assert "target: accuracy >= 0.80" in format_judge(report)


def test_evaluation_cross_validates_without_a_test_split(tmp_path):
    train, y_train = toy_pairs(60, seed=6)
    _write_msrp(tmp_path, [(p, y, "train") for p, y in zip(train, y_train)])
    report = evaluate_judge(tmp_path, folds=3, config=TrainConfig(epochs=1, lr=1e-4), threads=1)
    assert report.protocol.startswith("3-fold cross-validation") and report.n_scored == 60
    assert len(report.fold_accuracy) == 3


def test_eval_paraphrase_command_prints_both_judges_beside_the_anchors(tmp_path):
    from helpers import cli

    train, y_train = toy_pairs(40, seed=7)
    _write_msrp(tmp_path / "shared", [(p, y, "train") for p, y in zip(train, y_train)])
    run = cli("eval", "paraphrase", "--shared", str(tmp_path / "shared"), "--folds", "2", "--epochs", "1",
              "--threads", "1", home=tmp_path / "home")
    assert run.returncode == 0, run.stderr
    assert "feature model" in run.stdout and "2-fold cross-validation" in run.stdout
    assert "Ji & Eisenstein 2013" in run.stdout and "cross-encoder accuracy per fold" in run.stdout
