"""Scoring helpers for text extraction, implementing the published metrics exactly.

* :func:`shingle_scores` / :func:`aggregate_shingles`: the Scrapinghub article-extraction
  benchmark metric (multisets of 4-token shingles of ``\\w+`` tokens, per-page TP/FP/FN
  normalised to sum 1, macro-averaged precision and recall, F1 of the two means).
* :func:`segment_counts` / :func:`segment_scores`: trafilatura's evaluation metric ("with"
  segments that must be found, "without" segments that must not, micro-averaged).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "PRF",
    "SegmentCounts",
    "ShingleScore",
    "aggregate_shingles",
    "segment_counts",
    "segment_scores",
    "shingle_scores",
    "tokenize",
]

_TOKEN = re.compile(r"\w+", re.UNICODE)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class PRF:
    precision: float
    recall: float
    f1: float
    accuracy: float
    n: int


@dataclass(frozen=True, slots=True)
class ShingleScore:
    """One page: TP, FP, FN as fractions of their sum (or all zero), and exact token match."""

    tp: float
    fp: float
    fn: float
    exact: bool


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def _shingles(tokens: Sequence[str], n: int = 4) -> Counter:
    return Counter(tuple(tokens[i:i + n]) for i in range(max(0, len(tokens) - n + 1)))


def shingle_scores(truth: str, prediction: str | None, *, n: int = 4) -> ShingleScore:
    """Scrapinghub per-page score (``prediction`` None counts as empty)."""
    true_tokens, pred_tokens = tokenize(truth), tokenize(prediction or "")
    want, got = _shingles(true_tokens, n), _shingles(pred_tokens, n)
    tp = sum((want & got).values())
    fp = sum((got - want).values())
    fn = sum((want - got).values())
    total = tp + fp + fn
    exact = true_tokens == pred_tokens
    if total == 0:
        return ShingleScore(1.0 if exact else 0.0, 0.0, 0.0, exact)
    return ShingleScore(tp / total, fp / total, fn / total, exact)


def aggregate_shingles(scores: Iterable[ShingleScore]) -> PRF:
    """Macro means of per-page precision and recall; F1 of the two means."""
    precisions, recalls, exact, n = [], [], 0, 0
    for s in scores:
        n += 1
        exact += s.exact
        if s.tp + s.fp > 0:
            precisions.append(s.tp / (s.tp + s.fp))
        if s.tp + s.fn > 0:
            recalls.append(s.tp / (s.tp + s.fn))
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return PRF(p, r, f1, exact / n if n else 0.0, n)


@dataclass(frozen=True, slots=True)
class SegmentCounts:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def __add__(self, other: SegmentCounts) -> SegmentCounts:
        return SegmentCounts(self.tp + other.tp, self.fn + other.fn, self.fp + other.fp, self.tn + other.tn)


def _norm_ws(text: str) -> str:
    return _SPACE.sub(" ", text or "").strip()


def segment_counts(prediction: str | None, with_: Sequence[str], without: Sequence[str]) -> SegmentCounts:
    """trafilatura-eval counts for one page; an empty prediction misses every segment."""
    text = _norm_ws(prediction or "")
    if not text:
        return SegmentCounts(0, len(with_), 0, len(without))
    tp = sum(1 for seg in with_ if _norm_ws(seg) in text)
    fp = sum(1 for seg in without if _norm_ws(seg) in text)
    return SegmentCounts(tp, len(with_) - tp, fp, len(without) - fp)


def segment_scores(counts: SegmentCounts, *, n: int = 0) -> PRF:
    c = counts
    p = c.tp / (c.tp + c.fp) if c.tp + c.fp else 0.0
    r = c.tp / (c.tp + c.fn) if c.tp + c.fn else 0.0
    total = c.tp + c.fn + c.fp + c.tn
    f = 2 * c.tp / (2 * c.tp + c.fp + c.fn) if c.tp else 0.0
    return PRF(p, r, f, (c.tp + c.tn) / total if total else 0.0, n)
