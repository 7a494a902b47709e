"""Fit the paraphrase classifier on the MSRP shared split (official train) and write its JSON.

    .venv/bin/python -m newsloom.trace.train_paraphrase [--shared ../shared]

Prints the 10-fold cross-validated accuracy/F1 on the training split (the held-out official test
split is not available here). The written model is fitted on the whole shared split.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from ..embed import Embedder
from .paraphrase import FEATURES, pair_features
from .semantic import SentenceCache

__all__ = ["cross_validate", "fit", "load_msrp"]

OUT = Path(__file__).parent / "data" / "paraphrase_model.json"


def load_msrp(shared: Path, split: str = "train") -> tuple[list[tuple[str, str]], np.ndarray]:
    """MSRP pairs and labels of one official split (``train``; ``test`` only where it is provided)."""
    path = Path(shared) / "data/news-paraphrase-pairs/msrp/pairs.jsonl"
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    rows = [r for r in rows if r["official_split"] == split]
    return [(r["sentence1"], r["sentence2"]) for r in rows], np.asarray([r["label"] for r in rows])


def fit(x: np.ndarray, y: np.ndarray):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000)).fit(x, y)


def cross_validate(x: np.ndarray, y: np.ndarray, *, folds: int = 10, seed: int = 0) -> tuple[float, float]:
    """Mean accuracy and F1 (positive class) over stratified folds, refitting in every fold."""
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedKFold

    predicted = np.zeros_like(y)
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(x, y):
        predicted[test] = fit(x[train], y[train]).predict(x[test])
    return float(accuracy_score(y, predicted)), float(f1_score(y, predicted))


def main() -> None:
    parser = argparse.ArgumentParser(description="train the MSRP paraphrase classifier")
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[4] / "shared")
    args = parser.parse_args()
    pairs, y = load_msrp(args.shared)
    x = pair_features(pairs, SentenceCache(Embedder()))
    acc, f1 = cross_validate(x, y)
    model = fit(x, y)
    scaler, lr = model.named_steps["standardscaler"], model.named_steps["logisticregression"]
    OUT.write_text(json.dumps({
        "features": list(FEATURES), "mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist(),
        "coef": lr.coef_[0].tolist(), "intercept": float(lr.intercept_[0]), "threshold": 0.5,
        "trained_on": "MSRP official train split (news-paraphrase-pairs/msrp, 4,076 pairs)",
        "cv10_accuracy": round(acc, 4), "cv10_f1": round(f1, 4),
    }, indent=1) + "\n", encoding="utf-8")
    print(f"10-fold CV on MSRP train: accuracy {acc:.3f}, F1 {f1:.3f}; wrote {OUT}")


if __name__ == "__main__":
    main()
