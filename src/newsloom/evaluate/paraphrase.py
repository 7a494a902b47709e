"""`newsloom eval paraphrase`: sentence-level paraphrase detection on MSRP, next to its published anchors.

Two judges are measured:

* the feature model (``trace.paraphrase``): logistic regression over MiniLM cosine and overlap
  features, shipped as coefficients; cheap, 10-fold cross-validated on the shared split;
* the cross-encoder (``trace.crossencoder``): the packaged MiniLM fine-tuned on pairs, alone and
  averaged with the feature model (``ensemble``: mean of the two probabilities, threshold 0.5,
  fixed in advance).

Protocol: when ``pairs.jsonl`` carries the official test split, the judges are trained on the
official train split and scored on the test split (the published protocol). The shared folder holds
the train split only, so otherwise the figures are stratified k-fold cross-validation over it: every
fold trains on the other folds and is scored on pairs it never saw.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..embed import Embedder
from ..trace.semantic import SentenceCache

__all__ = ["JudgeReport", "ParaphraseReport", "evaluate_judge", "evaluate_paraphrase", "format_judge",
           "format_paraphrase"]

MSRP_ANCHORS = (
    ("majority class (official test)", 0.665, 0.799),
    ("Ji & Eisenstein 2013 (official test)", 0.804, 0.859),
    ("TF-IDF cosine helper baseline (shared split)", 0.717, 0.804),
)


def _acc_f1(y, predicted) -> tuple[float, float]:
    tp = int(((predicted == 1) & (y == 1)).sum())
    fp = int(((predicted == 1) & (y == 0)).sum())
    fn = int(((predicted == 0) & (y == 1)).sum())
    return float((predicted == y).mean()), 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _anchor_lines() -> list[str]:
    lines = ["  published anchors (accuracy / F1):"]
    lines += [f"    {name:<46} {acc:.3f} / {f1:.3f}" for name, acc, f1 in MSRP_ANCHORS]
    return lines


# --------------------------------------------------------------------------- the feature model

@dataclass
class ParaphraseReport:
    n_pairs: int
    cv_accuracy: float  # 10-fold CV on the shared split, classifier refitted in every fold
    cv_f1: float
    cosine_cv_accuracy: float  # MiniLM cosine alone, threshold chosen inside each fold
    cosine_cv_f1: float
    packaged_accuracy: float  # the shipped model on the split it was trained on (in-sample)
    packaged_f1: float
    seconds: float = 0.0


def evaluate_paraphrase(shared: Path, *, embedder=None, folds: int = 10) -> ParaphraseReport:
    """The feature model on MSRP (shared = official train split only): k-fold CV and in-sample."""
    from ..trace.paraphrase import ParaphraseModel, pair_features
    from ..trace.train_paraphrase import cross_validate, load_msrp

    start = time.perf_counter()
    pairs, y = load_msrp(Path(shared))
    x = pair_features(pairs, SentenceCache(embedder or Embedder()))
    acc, f1 = cross_validate(x, y, folds=folds)
    cos_acc, cos_f1 = _cosine_cv(x[:, 0], y, folds)
    model = ParaphraseModel.load()
    p_acc, p_f1 = _acc_f1(y, (model.probability(x) >= model.threshold).astype(int))
    return ParaphraseReport(len(pairs), acc, f1, cos_acc, cos_f1, p_acc, p_f1, time.perf_counter() - start)


def _cosine_cv(cos, y, folds: int) -> tuple[float, float]:
    """Accuracy/F1 of ``cosine >= t`` with ``t`` picked on the training folds only."""
    from sklearn.model_selection import StratifiedKFold

    predicted = np.zeros_like(y)
    grid = np.linspace(0.3, 0.95, 66)
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=0).split(cos.reshape(-1, 1), y):
        best = max(grid, key=lambda t: ((cos[train] >= t) == y[train]).mean())
        predicted[test] = cos[test] >= best
    return _acc_f1(y, predicted)


def format_paraphrase(report: ParaphraseReport) -> str:
    lines = [
        (f"MSRP paraphrase detection, feature model: shared split = official train ({report.n_pairs} pairs); "
         "the official test split is held out, so the figures are 10-fold cross-validation."),
        (f"  logistic regression over cosine + overlap features, 10-fold CV: "
         f"accuracy {report.cv_accuracy:.3f}  F1 {report.cv_f1:.3f}"),
        (f"  MiniLM cosine alone, threshold chosen in CV:        accuracy {report.cosine_cv_accuracy:.3f}  "
         f"F1 {report.cosine_cv_f1:.3f}"),
        (f"  packaged model on its own training split (in-sample): accuracy {report.packaged_accuracy:.3f}  "
         f"F1 {report.packaged_f1:.3f}"),
    ]
    return "\n".join(lines + _anchor_lines() + [f"  {report.seconds:.1f} s"])


# --------------------------------------------------------------------------- the cross-encoder

@dataclass
class JudgeReport:
    protocol: str  # what was trained on what, and scored on what
    n_scored: int
    accuracy: float  # the cross-encoder alone
    f1: float
    ensemble_accuracy: float  # mean of the cross-encoder's and the feature model's probabilities
    ensemble_f1: float
    features_accuracy: float  # the feature model under the same protocol
    features_f1: float
    fold_accuracy: list[float]
    seconds: float
    saved: Path | None = None


def _splits(shared: Path, folds: int, seed: int):
    """(protocol, [(train pairs, train labels, test pairs, test labels, test index)], all test labels)."""
    from sklearn.model_selection import StratifiedKFold

    from ..trace.train_paraphrase import load_msrp

    pairs, y = load_msrp(shared)
    test_pairs, test_y = load_msrp(shared, "test")
    if len(test_pairs):
        protocol = (f"trained on the official train split ({len(pairs)} pairs), scored on the official test split "
                    f"({len(test_pairs)} pairs)")
        return protocol, [(pairs, y, test_pairs, test_y, np.arange(len(test_y)))], test_y
    runs = []
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(np.zeros(len(y)), y):
        runs.append(([pairs[i] for i in train], y[train], [pairs[i] for i in test], y[test], test))
    protocol = (f"{folds}-fold cross-validation over the official train split ({len(pairs)} pairs; the official "
                "test split is held out and not in the shared folder)")
    return protocol, runs, y


def evaluate_judge(shared: Path, *, folds: int = 5, seed: int = 0, config=None, threads: int | None = None,
                   embedder=None, save: Path | None = None,
                   progress: Callable[[str, int, int], None] | None = None) -> JudgeReport:
    """Fine-tune and score the cross-encoder on MSRP (see the module docstring for the protocol).

    ``save``: also keep a judge trained on the whole official train split in that folder.
    ``progress(label, done, total)`` reports the training steps.
    """
    from ..trace.crossencoder import fine_tune
    from ..trace.paraphrase import pair_features
    from ..trace.train_paraphrase import fit

    start = time.perf_counter()
    protocol, runs, y_all = _splits(Path(shared), folds, seed)
    encoder = SentenceCache(embedder or Embedder())
    p_ce, p_lr = np.zeros(len(y_all)), np.zeros(len(y_all))
    fold_acc = []
    for k, (train_pairs, y_train, test_pairs, y_test, index) in enumerate(runs):
        say = (lambda d, t, k=k: progress(f"fold {k + 1}/{len(runs)}", d, t)) if progress else None
        judge = fine_tune(train_pairs, y_train, config=config, threads=threads, progress=say)
        p_ce[index] = judge.probability(test_pairs)
        model = fit(pair_features(train_pairs, encoder), y_train)
        p_lr[index] = model.predict_proba(pair_features(test_pairs, encoder))[:, 1]
        fold_acc.append(float(((p_ce[index] >= 0.5) == y_test).mean()))
        if save is not None and len(runs) == 1:
            judge.save(save, trained_on="MSRP official train split")
    if save is not None and len(runs) > 1:
        from ..trace.train_paraphrase import load_msrp

        pairs, y = load_msrp(Path(shared))
        fine_tune(pairs, y, config=config, threads=threads).save(save, trained_on="MSRP official train split")
    acc, f1 = _acc_f1(y_all, (p_ce >= 0.5).astype(int))
    e_acc, e_f1 = _acc_f1(y_all, ((p_ce + p_lr) / 2 >= 0.5).astype(int))
    f_acc, f_f1 = _acc_f1(y_all, (p_lr >= 0.5).astype(int))
    return JudgeReport(protocol, len(y_all), acc, f1, e_acc, e_f1, f_acc, f_f1, fold_acc,
                       time.perf_counter() - start, save)


def format_judge(report: JudgeReport) -> str:
    lines = [
        f"MSRP paraphrase detection, cross-encoder: {report.protocol}.",
        f"  MiniLM cross-encoder (fine-tuned):               accuracy {report.accuracy:.3f}  F1 {report.f1:.3f}",
        (f"  ensemble (mean with the feature model):          accuracy {report.ensemble_accuracy:.3f}  "
         f"F1 {report.ensemble_f1:.3f}   (target: accuracy >= 0.80)"),
        (f"  feature model, same protocol:                    accuracy {report.features_accuracy:.3f}  "
         f"F1 {report.features_f1:.3f}"),
    ]
    if len(report.fold_accuracy) > 1:
        lines.append("  cross-encoder accuracy per fold: " + ", ".join(f"{a:.3f}" for a in report.fold_accuracy))
    lines += _anchor_lines()
    lines.append(f"  {report.n_scored} pairs scored, {report.seconds:.0f} s"
                 + (f"; judge saved in {report.saved}" if report.saved else ""))
    return "\n".join(lines)
