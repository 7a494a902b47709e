"""Compact per-article fingerprints: exact key, MinHash signatures and paragraph keys.

A :class:`Fingerprint` holds

* ``content_hash``: the exact-duplicate key (``model.content_hash`` of the body text);
* ``shingle_sig``: MinHash (128 bins) over the set of word 3-shingles: near duplicates
  and reprints share many shingles;
* ``word_sig``: MinHash (64 bins) over the set of content words: a word-substitution spin
  keeps most names, numbers and rare words while destroying shingles, so this signature finds
  rewrite candidates;
* ``paragraph_keys``: 64-bit hashes of the (normalised) paragraphs: an excerpt shares whole
  paragraphs with its original even when it holds only a small share of its shingles.

MinHash is one-permutation hashing with densification over stable 64-bit token hashes (BLAKE2b),
vectorised with numpy, so fingerprints are stable across processes and machines and can be stored.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from ..model import Article, content_hash
from .text import content_words, paragraph_keys, words

__all__ = [
    "N_SHINGLE_PERM",
    "N_WORD_PERM",
    "Fingerprint",
    "fingerprint",
    "fingerprint_text",
    "minhash",
    "signature_jaccard",
    "stable_hashes",
    "unpack_many",
]

N_SHINGLE_PERM = 128
N_WORD_PERM = 64
_VERSION = 1
_HEADER = struct.Struct("<BIH32s")
_SEED = 0x6E65_7773_6C6F_6F6D  # "newsloom"


_MIX = np.uint64(0x9E3779B97F4A7C15)
_SALT_SHINGLE = np.uint64(0xD6E8FEB86659FD93)
_SALT_WORD = np.uint64(0xA0761D6478BD642F)
_EMPTY = np.uint32(0xFFFFFFFF)


@dataclass(frozen=True, slots=True, eq=False)
class Fingerprint:
    content_hash: str
    shingle_sig: np.ndarray  # uint32[N_SHINGLE_PERM]
    word_sig: np.ndarray  # uint32[N_WORD_PERM]
    paragraph_keys: np.ndarray  # uint64[<= 32]
    n_words: int

    def to_bytes(self) -> bytes:
        """Compact binary form (about 0.8 KB) for the store."""
        head = _HEADER.pack(_VERSION, self.n_words, len(self.paragraph_keys), bytes.fromhex(self.content_hash))
        return (head + self.shingle_sig.astype("<u4").tobytes() + self.word_sig.astype("<u4").tobytes()
                + self.paragraph_keys.astype("<u8").tobytes())

    @classmethod
    def from_bytes(cls, data: bytes) -> Fingerprint:
        try:
            version, n_words, n_para, digest = _HEADER.unpack_from(data, 0)
            if version != _VERSION:
                raise ValueError(f"unknown fingerprint version {version}")
            off = _HEADER.size
            shingle = np.frombuffer(data, "<u4", N_SHINGLE_PERM, off).astype(np.uint32)
            off += 4 * N_SHINGLE_PERM
            word = np.frombuffer(data, "<u4", N_WORD_PERM, off).astype(np.uint32)
            off += 4 * N_WORD_PERM
            para = np.frombuffer(data, "<u8", n_para, off).astype(np.uint64)
        except (struct.error, ValueError) as exc:
            raise InputError(f"corrupt fingerprint: {exc}", subject="fingerprint") from exc
        return cls(digest.hex(), shingle, word, para, n_words)


def unpack_many(blobs: list[bytes]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``Fingerprint.from_bytes`` over many stored fingerprints at once, as matrices: (shingle signatures
    ``uint32[n, N_SHINGLE_PERM]``, word signatures ``uint32[n, N_WORD_PERM]``, every paragraph key ``uint64``
    one fingerprint after the other, and how many each has ``int64[n]``), without a Python object per
    fingerprint (rebuilding the copy index of a large store). A blob ``from_bytes`` refuses raises its
    ``InputError``; the values are exactly those ``from_bytes`` reads."""
    sig_start, sig_end = _HEADER.size, _HEADER.size + 4 * (N_SHINGLE_PERM + N_WORD_PERM)
    counts = np.zeros(len(blobs), dtype=np.int64)
    sigs, paras = [], []
    unpack = _HEADER.unpack_from
    for i, blob in enumerate(blobs):
        try:
            version, _n_words, n_para, _digest = unpack(blob, 0)
        except struct.error:
            version = n_para = -1
        end = sig_end + 8 * n_para
        if version != _VERSION or len(blob) < end:
            Fingerprint.from_bytes(bytes(blob))  # raises its own error
            raise InputError("corrupt fingerprint", subject="fingerprint")  # pragma: no cover - refused above
        counts[i] = n_para
        sigs.append(blob[sig_start:sig_end])
        paras.append(blob[sig_end:end])
    both = np.frombuffer(b"".join(sigs), dtype="<u4").astype(np.uint32).reshape(len(blobs), N_SHINGLE_PERM + N_WORD_PERM)
    para = np.frombuffer(b"".join(paras), dtype="<u8").astype(np.uint64)
    return both[:, :N_SHINGLE_PERM].copy(), both[:, N_SHINGLE_PERM:].copy(), para, counts


def stable_hashes(items) -> np.ndarray:
    """64-bit BLAKE2b hashes of strings, stable across processes."""
    return np.fromiter((int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "little")
                        for s in items), dtype=np.uint64)


def minhash(hashes: np.ndarray, k: int, salt: np.uint64) -> np.ndarray:
    """One-permutation MinHash with rotation densification (Shrivastava 2017), ``k`` a power of two.

    Each element hash is re-mixed with ``salt``; its top bits choose one of ``k`` bins and the
    low 32 bits are the value kept as the bin's minimum. Empty bins borrow the next non-empty bin
    to the right (cyclically), offset by the distance, which keeps the estimator unbiased. Costs
    O(n + k) instead of O(n * k) for classic k-permutation MinHash. An empty set gives all-ones.
    """
    sig = np.full(k, _EMPTY, dtype=np.uint32)
    if hashes.size == 0:
        return sig
    with np.errstate(over="ignore"):
        mixed = (hashes ^ salt) * _MIX
        mixed ^= mixed >> np.uint64(29)
        mixed *= _MIX
    bins = (mixed >> np.uint64(64 - (k.bit_length() - 1))).astype(np.intp)
    values = (mixed & np.uint64(0xFFFFFFFE)).astype(np.uint32)
    np.minimum.at(sig, bins, values)
    empty = sig == _EMPTY
    if empty.any():
        filled = np.flatnonzero(~empty)
        pos = np.arange(k)
        nxt = np.searchsorted(filled, pos) % len(filled)
        dist = (filled[nxt] - pos) % k
        borrowed = sig[filled[nxt]] ^ (dist.astype(np.uint32) * np.uint32(0x9E3779B1))
        sig = np.where(empty, borrowed, sig).astype(np.uint32)
    return sig


def _token_hashes(tokens: list[str]) -> tuple[dict[str, int], np.ndarray]:
    """Vocabulary (token -> position) and the stable hash of each distinct token."""
    vocab = {t: i for i, t in enumerate(dict.fromkeys(tokens))}
    return vocab, stable_hashes(vocab)


def _shingle_hashes(tokens: list[str], vocab: dict[str, int], token_h: np.ndarray) -> np.ndarray:
    idx = np.fromiter((vocab[t] for t in tokens), dtype=np.int64, count=len(tokens))
    h = token_h[idx]
    if h.size < 3:
        return np.unique(h[:1]) if h.size else h
    with np.errstate(over="ignore"):
        sh = (h[:-2] * _MIX + h[1:-1]) * _MIX + h[2:]
        sh ^= sh >> np.uint64(29)
    return np.unique(sh)


def fingerprint_text(text: str) -> Fingerprint:
    """Fingerprint of a body text (paragraphs separated by blank lines)."""
    tokens = words(text)
    vocab, token_h = _token_hashes(tokens)
    content = [vocab[t] for t in content_words(tokens)]
    return Fingerprint(
        content_hash=content_hash(text),
        shingle_sig=minhash(_shingle_hashes(tokens, vocab, token_h), N_SHINGLE_PERM, _SALT_SHINGLE),
        word_sig=minhash(token_h[np.asarray(content, dtype=np.int64)], N_WORD_PERM, _SALT_WORD),
        paragraph_keys=np.unique(stable_hashes(paragraph_keys(text))),
        n_words=len(tokens),
    )


def fingerprint(article: Article) -> Fingerprint:
    """Fingerprint of an article's body text (the title is left out: reprints retitle)."""
    return fingerprint_text(article.text)


def signature_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """MinHash estimate of the Jaccard similarity of two sets."""
    return float(np.mean(a == b))
