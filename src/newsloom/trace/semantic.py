"""Sentence-level semantic alignment of two articles with the packaged sentence embedder.

Only ever called on a candidate pair (an LSH hit or a same-story article passed in by the
caller), never against the whole store. Sentences per article are capped so that one check
costs at most ``cap`` embeddings per side, and a :class:`SentenceCache` lets a caller that
compares one article with several candidates embed each sentence once.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from .text import numbers

__all__ = ["Alignment", "Encoder", "SentenceCache", "align_sentences"]


class Encoder(Protocol):
    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray: ...


class SentenceCache:
    """Wraps an encoder and memoises sentence vectors (LRU, ``size`` sentences)."""

    def __init__(self, encoder: Encoder, *, size: int = 20_000) -> None:
        self.encoder = encoder
        self.size = size
        self._vecs: OrderedDict[str, np.ndarray] = OrderedDict()
        self.encoded = 0

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._vecs))
        if missing:
            vecs = self.encoder.encode(missing, batch_size=batch_size)
            self.encoded += len(missing)
            for text, vec in zip(missing, vecs):
                self._vecs[text] = vec
        out = []
        for text in texts:
            self._vecs.move_to_end(text)
            out.append(self._vecs[text])
        while len(self._vecs) > self.size:
            self._vecs.popitem(last=False)
        return np.stack(out) if out else np.zeros((0, 384), dtype=np.float32)


@dataclass(frozen=True, slots=True)
class Alignment:
    """One-to-one sentence matches of a copy against an original, above ``threshold``."""

    pairs: tuple[tuple[int, int, float], ...]  # (copy sentence, original sentence, cosine)
    n_copy: int
    n_original: int
    mean_best: float  # mean over copy sentences of the best cosine to any original sentence

    @property
    def copy_share(self) -> float:
        return len(self.pairs) / self.n_copy if self.n_copy else 0.0

    @property
    def original_share(self) -> float:
        return len(self.pairs) / self.n_original if self.n_original else 0.0


def align_sentences(copy: Sequence[str], original: Sequence[str], encoder: Encoder, *,
                    threshold: float = 0.8) -> Alignment:
    """Greedy one-to-one alignment by cosine; a pair whose numbers disagree is not aligned."""
    if not copy or not original:
        return Alignment((), len(copy), len(original), 0.0)
    vecs = encoder.encode([*copy, *original])
    sims = vecs[: len(copy)] @ vecs[len(copy):].T
    mean_best = float(sims.max(axis=1).mean())
    pairs, used_c, used_o = [], set(), set()
    flat = np.argsort(-sims, axis=None)
    for pos in flat.tolist():
        i, j = divmod(pos, sims.shape[1])
        sim = float(sims[i, j])
        if sim < threshold:
            break
        if i in used_c or j in used_o or not _numbers_agree(copy[i], original[j]):
            continue
        used_c.add(i)
        used_o.add(j)
        pairs.append((i, j, sim))
    pairs.sort()
    return Alignment(tuple(pairs), len(copy), len(original), mean_best)


def _numbers_agree(a: str, b: str) -> bool:
    na, nb = numbers(a), numbers(b)
    return not na or not nb or bool(na & nb)
