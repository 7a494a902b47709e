"""Sentence-level paraphrase classifier: logistic regression over a few pair features.

Features of a sentence pair: embedding cosine (packaged MiniLM), word, content-word, bigram and
character-trigram overlap, unmatched words, number agreement, capitalised-word (name) mismatch,
negation mismatch and length ratio/difference. The coefficients live in
``data/paraphrase_model.json``, written by ``python -m newsloom.trace.train_paraphrase`` from the
MSRP shared (official train) split; nothing here is fitted at run time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import pairwise

import numpy as np

from .semantic import Encoder
from .text import content_words, numbers, words

__all__ = ["FEATURES", "ParaphraseModel", "pair_features"]

FEATURES = ("cosine", "cosine_sq", "word_jaccard", "content_jaccard", "min_containment", "max_containment",
            "bigram_jaccard", "numbers_differ", "numbers_equal", "negation_differs", "length_ratio",
            "char3_jaccard", "capitalised_mismatch", "min_unmatched", "max_unmatched", "length_diff",
            "cosine_x_overlap")
_CAPITALISED = re.compile(r"\b[A-Z][a-zA-Z]+")
_NEGATIONS = frozenset({"not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "n't", "cannot",
                        "without"})


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def _lexical(s1: str, s2: str) -> list[float]:
    t1, t2 = words(s1), words(s2)
    w1, w2 = set(t1), set(t2)
    inter = len(w1 & w2)
    c1 = inter / len(w1) if w1 else 0.0
    c2 = inter / len(w2) if w2 else 0.0
    b1, b2 = set(pairwise(t1)), set(pairwise(t2))
    n1, n2 = numbers(s1), numbers(s2)
    neg1 = sum(t in _NEGATIONS or t.endswith("n't") for t in s1.casefold().split())
    neg2 = sum(t in _NEGATIONS or t.endswith("n't") for t in s2.casefold().split())
    g1 = {s1[i:i + 3].casefold() for i in range(len(s1) - 2)}
    g2 = {s2[i:i + 3].casefold() for i in range(len(s2) - 2)}
    cap1, cap2 = set(_CAPITALISED.findall(s1)), set(_CAPITALISED.findall(s2))
    u1, u2 = len(w1 - w2), len(w2 - w1)
    return [_jaccard(w1, w2), _jaccard(content_words(t1), content_words(t2)), min(c1, c2), max(c1, c2),
            _jaccard(b1, b2), float(bool(n1 ^ n2)), float(bool(n1) and n1 == n2), float((neg1 > 0) != (neg2 > 0)),
            min(len(t1), len(t2)) / max(1, len(t1), len(t2)), _jaccard(g1, g2),
            len(cap1 ^ cap2) / max(1, len(cap1 | cap2)), min(u1, u2), max(u1, u2), abs(len(t1) - len(t2))]


def pair_features(pairs: Sequence[tuple[str, str]], encoder: Encoder) -> np.ndarray:
    """Feature matrix (one row per pair, columns in ``FEATURES`` order)."""
    if not pairs:
        return np.zeros((0, len(FEATURES)))
    left = encoder.encode([a for a, _ in pairs])
    right = encoder.encode([b for _, b in pairs])
    cos = np.sum(left * right, axis=1)
    rows = []
    for (a, b), c in zip(pairs, cos.tolist()):
        lex = _lexical(a, b)
        rows.append([c, c * c, *lex, c * lex[0]])
    return np.asarray(rows, dtype=np.float64)


@dataclass(frozen=True, slots=True)
class ParaphraseModel:
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float = 0.5

    @classmethod
    def load(cls) -> ParaphraseModel:
        raw = json.loads(resources.files("newsloom.trace").joinpath("data/paraphrase_model.json").read_text("utf-8"))
        if tuple(raw["features"]) != FEATURES:
            raise ValueError("paraphrase model was trained on other features: re-run train_paraphrase")
        return cls(np.asarray(raw["mean"]), np.asarray(raw["scale"]), np.asarray(raw["coef"]),
                   float(raw["intercept"]), float(raw.get("threshold", 0.5)))

    def probability(self, features: np.ndarray) -> np.ndarray:
        z = ((features - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def predict(self, pairs: Sequence[tuple[str, str]], encoder: Encoder) -> np.ndarray:
        """1 where the two sentences are paraphrases."""
        return (self.probability(pair_features(pairs, encoder)) >= self.threshold).astype(int)
