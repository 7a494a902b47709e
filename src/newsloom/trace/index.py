"""In-memory LSH index over fingerprints: which stored articles could be copies of this one?

Three key families, each kept as one flat sorted ``uint32`` key array with the matching row
numbers (``int32``), so a query is a handful of binary searches (numpy ``searchsorted``):

* shingle bands: 32 bands x 4 rows of the 128-permutation shingle MinHash (near duplicates,
  reprints: a pair with shingle Jaccard 0.5 shares a band with probability 0.87, at 0.3 with 0.23);
* word bands: 20 bands x 3 rows of the content-word MinHash (spins: word Jaccard 0.5 -> 0.92);
* paragraph keys: one key per long paragraph (excerpts share whole paragraphs).

New entries go to a small dict buffer that is merged into the sorted arrays when it grows past a
fraction of the index (amortised O(log n) per add). Removal marks a row dead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Protocol

import numpy as np

from .fingerprint import Fingerprint, unpack_many

__all__ = ["CopyIndex", "FingerprintSource"]

_SHINGLE_BANDS, _SHINGLE_ROWS = 32, 4
_WORD_BANDS, _WORD_ROWS = 20, 3
_K1 = np.uint64(0x9E3779B97F4A7C15)
_K2 = np.uint64(0xBF58476D1CE4E5B9)
_FAMILIES = ("shingle", "word", "paragraph")
_WEIGHTS = {"shingle": 1.0 / _SHINGLE_BANDS, "word": 0.5 / _WORD_BANDS, "paragraph": 0.25}


class FingerprintSource(Protocol):
    def iter_fingerprints(self) -> Iterable[tuple[str, Fingerprint]]: ...


class PackedFingerprintSource(Protocol):
    """A source that can also hand its fingerprints over packed (``TraceStore.fingerprint_blobs``): ids and
    ``Fingerprint.to_bytes`` forms, in insertion order, in batches."""

    def fingerprint_blobs(self) -> Iterable[tuple[list[str], list[bytes]]]: ...


def band_keys(sigs: np.ndarray, bands: int, rows: int, salt: int) -> np.ndarray:
    """One uint32 key per band of each MinHash signature (band number mixed in).

    ``sigs`` is one signature (1-D) or a matrix of signatures (one per row); the result has the
    same leading shape with ``bands`` keys per signature.
    """
    block = sigs[..., : bands * rows].astype(np.uint64).reshape(*sigs.shape[:-1], bands, rows)
    with np.errstate(over="ignore"):
        h = np.arange(bands, dtype=np.uint64) * _K2 + np.uint64(salt)
        for r in range(rows):
            h = (h ^ block[..., r]) * _K1
            h ^= h >> np.uint64(31)
    return (h >> np.uint64(32)).astype(np.uint32)


def paragraph_index_keys(keys: np.ndarray) -> np.ndarray:
    """uint32 index keys of 64-bit paragraph hashes."""
    with np.errstate(over="ignore"):
        return ((keys.astype(np.uint64) * _K1) >> np.uint64(32)).astype(np.uint32)


def keys_of(fp: Fingerprint) -> dict[str, np.ndarray]:
    """Index keys of a fingerprint; an empty text (all-ones signature) gets no band keys."""
    empty = np.zeros(0, dtype=np.uint32)
    return {
        "shingle": band_keys(fp.shingle_sig, _SHINGLE_BANDS, _SHINGLE_ROWS, 1) if _real(fp.shingle_sig) else empty,
        "word": band_keys(fp.word_sig, _WORD_BANDS, _WORD_ROWS, 2) if _real(fp.word_sig) else empty,
        "paragraph": np.unique(paragraph_index_keys(fp.paragraph_keys)),
    }


def _real(sig: np.ndarray) -> bool:
    return bool((sig != 0xFFFFFFFF).any())


def _packed_keys(blobs: list[bytes], start: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """(rows, keys) per key family of binary fingerprints given rows ``start``, ``start + 1``...: what
    ``keys_of`` gives each, row after row (keys in its order within a row)."""
    shingle, word, para, counts = unpack_many(blobs)
    rows = np.arange(start, start + len(blobs), dtype=np.int32)
    out = {}
    for name, sigs, bands, per_band, salt in (("shingle", shingle, _SHINGLE_BANDS, _SHINGLE_ROWS, 1),
                                              ("word", word, _WORD_BANDS, _WORD_ROWS, 2)):
        real = (sigs != 0xFFFFFFFF).any(axis=1)  # an empty text (all-ones signature) gets no band keys
        out[name] = (np.repeat(rows[real], bands), band_keys(sigs[real], bands, per_band, salt).reshape(-1))
    # each fingerprint's distinct paragraph keys ascending (``np.unique`` per fingerprint): row and key in one
    # uint64, sorted once
    owner = np.repeat(rows, counts).astype(np.uint64)
    pairs = np.unique((owner << np.uint64(32)) | paragraph_index_keys(para).astype(np.uint64))
    out["paragraph"] = ((pairs >> np.uint64(32)).astype(np.int32), (pairs & np.uint64(0xFFFFFFFF)).astype(np.uint32))
    return out


# Keys up to which two 16-bit passes beat one stable sort: above, their gathers in arrays larger than the
# caches cost more than they save (a bulk build of 1,000,000 fingerprints took 51 s with the passes at every
# size, 29 s with one sort, 22 s with this limit).
_RADIX_MAX = 4_000_000


def _stable_order(keys: np.ndarray) -> np.ndarray:
    """``np.argsort(keys, kind="stable")`` of uint32 keys; up to ``_RADIX_MAX`` keys as two stable passes over
    16-bit halves (numpy radix-sorts 16-bit integers): the same order, in about half the time."""
    if len(keys) > _RADIX_MAX:
        return np.argsort(keys, kind="stable")
    low = np.argsort((keys & 0xFFFF).astype(np.uint16), kind="stable")
    return low[np.argsort((keys[low] >> 16).astype(np.uint16), kind="stable")]


class _KeyTable:
    """Sorted key -> row multimap with a dict buffer for recent additions."""

    def __init__(self) -> None:
        self.keys = np.zeros(0, dtype=np.uint32)
        self.rows = np.zeros(0, dtype=np.int32)
        self.buffer: dict[int, list[int]] = defaultdict(list)
        self.buffered = 0

    def add(self, row: int, keys: np.ndarray) -> None:
        for k in keys.tolist():
            self.buffer[k].append(row)
        self.buffered += len(keys)
        if self.buffered > max(50_000, len(self.keys) // 16):
            self.merge()

    def add_bulk(self, rows: np.ndarray, keys: np.ndarray) -> None:
        self.merge(extra=(keys.astype(np.uint32), rows.astype(np.int32)))

    def merge(self, extra: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        parts_k, parts_r = [self.keys], [self.rows]
        if self.buffered:
            items = [(k, r) for k, rs in self.buffer.items() for r in rs]
            parts_k.append(np.fromiter((k for k, _ in items), np.uint32, len(items)))
            parts_r.append(np.fromiter((r for _, r in items), np.int32, len(items)))
        if extra is not None:
            parts_k.append(extra[0])
            parts_r.append(extra[1])
        keys, rows = np.concatenate(parts_k), np.concatenate(parts_r)
        order = _stable_order(keys)
        self.keys, self.rows = keys[order], rows[order]
        self.buffer, self.buffered = defaultdict(list), 0

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        lo = np.searchsorted(self.keys, keys, side="left")
        hi = np.searchsorted(self.keys, keys, side="right")
        hits = [self.rows[a:b] for a, b in zip(lo.tolist(), hi.tolist()) if b > a]
        if self.buffered:
            hits += [np.asarray(self.buffer[k], dtype=np.int32) for k in keys.tolist() if k in self.buffer]
        return np.concatenate(hits) if hits else np.zeros(0, dtype=np.int32)

    def nbytes(self) -> int:
        return self.keys.nbytes + self.rows.nbytes + self.buffered * 64


class CopyIndex:
    """Candidate copies for a fingerprint, among every fingerprint added so far."""

    def __init__(self) -> None:
        self._ids: list[str] = []
        self._row_of: dict[str, int] = {}
        self._dead: set[int] = set()
        self._tables = {name: _KeyTable() for name in _FAMILIES}

    def __len__(self) -> int:
        return len(self._ids) - len(self._dead)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._row_of

    def add(self, article_id: str, fp: Fingerprint) -> None:
        """Index ``fp`` under ``article_id`` (re-adding an id replaces its old entry)."""
        self.remove(article_id)
        row = len(self._ids)
        self._ids.append(article_id)
        self._row_of[article_id] = row
        for name, keys in keys_of(fp).items():
            self._tables[name].add(row, keys)

    def add_many(self, items: Iterable[tuple[str, Fingerprint]]) -> int:
        """Bulk add (one sort per key family); returns the number added."""
        rows_by: dict[str, list[np.ndarray]] = {n: [] for n in _FAMILIES}
        keys_by: dict[str, list[np.ndarray]] = {n: [] for n in _FAMILIES}
        count = 0
        for article_id, fp in items:
            self.remove(article_id)
            row = len(self._ids)
            self._ids.append(article_id)
            self._row_of[article_id] = row
            for name, keys in keys_of(fp).items():
                keys_by[name].append(keys)
                rows_by[name].append(np.full(len(keys), row, dtype=np.int32))
            count += 1
        for name in _FAMILIES:
            if keys_by[name]:
                self._tables[name].add_bulk(np.concatenate(rows_by[name]), np.concatenate(keys_by[name]))
        return count

    def add_signatures(self, ids: list[str], shingle_sigs: np.ndarray, word_sigs: np.ndarray,
                       paragraph_keys: np.ndarray) -> None:
        """Vectorised bulk add from signature matrices (one row per article; ``paragraph_keys``
        is an (n, k) uint64 matrix). Ids must be new. Used to build large indexes quickly."""
        start = len(self._ids)
        self._ids.extend(ids)
        self._row_of.update((i, start + n) for n, i in enumerate(ids))
        rows = np.arange(start, start + len(ids), dtype=np.int32)
        families = {"shingle": band_keys(shingle_sigs, _SHINGLE_BANDS, _SHINGLE_ROWS, 1),
                    "word": band_keys(word_sigs, _WORD_BANDS, _WORD_ROWS, 2),
                    "paragraph": paragraph_index_keys(paragraph_keys)}
        for name, keys in families.items():
            self._tables[name].add_bulk(np.repeat(rows, keys.shape[1]), keys.reshape(-1))

    def add_packed(self, batches: Iterable[tuple[list[str], list[bytes]]]) -> int:
        """Bulk add of stored fingerprints in their binary form (``Fingerprint.to_bytes``): batches of (ids,
        blobs), decoded and keyed in numpy a batch at a time and sorted into the key tables once. The index
        is the one ``add_many`` builds from the same fingerprints one after the other (same rows, same keys:
        no band keys for an empty text, each paragraph key once). A batch holding an id indexed already, or
        one id twice, goes through ``add_many`` (which replaces the old entry). Returns the number added."""
        parts: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {n: [] for n in _FAMILIES}
        count = 0
        for ids, blobs in batches:
            if len(set(ids)) != len(ids) or any(i in self._row_of for i in ids):
                self._add_parts(parts)
                count += self.add_many((i, Fingerprint.from_bytes(bytes(b))) for i, b in zip(ids, blobs))
                continue
            start = len(self._ids)
            for name, part in _packed_keys(blobs, start).items():
                parts[name].append(part)
            self._ids.extend(ids)
            self._row_of.update(zip(ids, range(start, start + len(ids))))
            count += len(ids)
        self._add_parts(parts)
        return count

    def _add_parts(self, parts: dict[str, list[tuple[np.ndarray, np.ndarray]]]) -> None:
        """Sort the (rows, keys) collected so far into their tables, and empty ``parts``."""
        for name, chunks in parts.items():
            if chunks:
                self._tables[name].add_bulk(np.concatenate([r for r, _ in chunks]),
                                            np.concatenate([k for _, k in chunks]))
                chunks.clear()

    def remove(self, article_id: str) -> None:
        row = self._row_of.pop(article_id, None)
        if row is not None:
            self._dead.add(row)

    def candidates(self, fp: Fingerprint, *, limit: int = 20, exclude: str | None = None) -> list[str]:
        """Ids of indexed articles sharing a shingle band, a paragraph or two word bands with ``fp``,
        best first (weighted count of shared keys)."""
        scores: dict[int, float] = defaultdict(float)
        word_hits: dict[int, int] = defaultdict(int)
        for name, keys in keys_of(fp).items():
            rows, counts = np.unique(self._tables[name].lookup(keys), return_counts=True)
            for row, count in zip(rows.tolist(), counts.tolist()):
                scores[row] += _WEIGHTS[name] * count
                if name == "word":
                    word_hits[row] = count
        keep = [(s, r) for r, s in scores.items()
                if r not in self._dead and (s - _WEIGHTS["word"] * word_hits.get(r, 0) > 0 or word_hits[r] >= 2)]
        keep.sort(key=lambda sr: (-sr[0], sr[1]))
        out = [self._ids[r] for _, r in keep if self._ids[r] != exclude]
        return out[:limit]

    def nbytes(self) -> int:
        """Approximate memory held by the index (key arrays, buffers, id strings and maps)."""
        ids = sum(49 + len(i) for i in self._ids) + 8 * len(self._ids)
        return sum(t.nbytes() for t in self._tables.values()) + ids + 100 * len(self._row_of)

    def bytes_per_article(self) -> float:
        return self.nbytes() / max(1, len(self._ids))

    @classmethod
    def load(cls, store: FingerprintSource | PackedFingerprintSource) -> CopyIndex:
        """Rebuild from stored fingerprints: packed (``TraceStore.fingerprint_blobs``, keyed in bulk) when the
        store offers them, else one by one (``iter_fingerprints``)."""
        index = cls()
        packed = getattr(store, "fingerprint_blobs", None)
        if packed is None:
            index.add_many(store.iter_fingerprints())
        else:
            index.add_packed(packed())
        return index
