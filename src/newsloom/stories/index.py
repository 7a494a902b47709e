"""Candidate retrieval: an inverted index from a story's top terms and entity words to the story.

Each open story is posted under at most ~23 keys (its strongest TF-IDF terms and entity words);
an article queries with its own strongest keys (15 terms, 8 entity words: fewer missed the own-event
story of 0.8% of the ECB+ articles) and the stories sharing most keys are scored.
Cost per article is bounded by the posting lengths, not by the number of stories: a key posted under
more than ``max_posting`` open stories (700, 1.4% of 50,000) is too common to tell stories apart and is
skipped (the article's rarer keys still find its story).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .features import ArticleFeatures
from .state import Vocabulary

__all__ = ["CandidateIndex", "query_keys"]


def query_keys(f: ArticleFeatures, vocab: Vocabulary, n_terms: int = 15, n_entities: int = 8) -> list[str]:
    """The article's strongest terms and entity words by TF-IDF."""
    idf = vocab.table(f.terms, f.entity_words)
    return list(dict.fromkeys(_strongest(f.terms, idf, n_terms) + _strongest(f.entity_words, idf, n_entities)))


def _strongest(weights: Mapping[str, float], idf: Mapping[str, float], n: int) -> list[str]:
    """The ``n`` words of ``weights`` with the highest weight times IDF (ties in their order)."""
    key = {t: -w * idf[t] for t, w in weights.items()}
    return sorted(key, key=key.__getitem__)[:n]


class _Posting:
    """The stories posted under one key: ``ids`` (story id -> slot, in posting order) and ``numbers``,
    the story numbers in those slots (-1 where one left), grown by doubling and compacted when half
    of it is holes, so a query reads it without a Python loop."""

    __slots__ = ("holes", "ids", "numbers", "used")

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.numbers = np.empty(2, dtype=np.int32)
        self.used = 0
        self.holes = 0

    def add(self, story_id: str, number: int) -> None:
        if story_id in self.ids:
            return
        if self.used == len(self.numbers):
            grown = np.empty(2 * self.used, dtype=np.int32)
            grown[:self.used] = self.numbers
            self.numbers = grown
        self.numbers[self.used] = number
        self.ids[story_id] = self.used
        self.used += 1

    def drop(self, story_id: str) -> None:
        slot = self.ids.pop(story_id, None)
        if slot is None:
            return
        self.numbers[slot] = -1
        self.holes += 1
        if self.holes * 2 > self.used:
            live = self.numbers[:self.used]
            live = live[live >= 0]
            self.numbers = np.concatenate([live, np.empty(max(2, len(live)), dtype=np.int32)])
            self.ids = {sid: i for i, sid in enumerate(self.ids)}
            self.used, self.holes = len(live), 0

    def live(self) -> np.ndarray:
        return self.numbers[:self.used]


class CandidateIndex:
    """key -> story ids (kept in insertion order, so ties rank the same in every process);
    ``candidates`` ranks stories by the number of shared keys, ties by first appearance (query key order,
    then posting order).

    Each posting also holds its stories' numbers in a numpy array, so a query counts the few thousand
    postings it meets in numpy: a ``Counter`` over them took about a third of the assignment step.
    A removed story's number is reused by the next new story, so the numbers stay as many as the most
    stories open at once (a long-running server opens and closes stories without end); the ranking does
    not depend on the numbers, only on the counts and the first appearance in the query's postings."""

    __slots__ = ("_free", "_ids", "_number", "max_posting", "postings")

    def __init__(self, *, max_posting: int = 700) -> None:
        self.postings: dict[str, _Posting] = {}
        self.max_posting = max_posting
        self._number: dict[str, int] = {}  # story id -> number
        self._ids: list[str | None] = []  # number -> story id (None once removed)
        self._free: list[int] = []  # numbers of removed stories, for the next new story

    def update(self, story_id: str, old_keys: tuple[str, ...], new_keys: tuple[str, ...]) -> None:
        """Post a story under ``new_keys`` instead of ``old_keys`` (all it is posted under so far)."""
        new = set(new_keys)
        for key in old_keys:
            if key not in new:
                self._drop(key, story_id)
        number = self._number.get(story_id)
        if number is None:
            if self._free:
                number = self._free.pop()
                self._ids[number] = story_id
            else:
                number = len(self._ids)
                self._ids.append(story_id)
            self._number[story_id] = number
        postings, old = self.postings, set(old_keys)
        for key in new.difference(old):  # under the old keys it is posted already
            posting = postings.get(key)
            if posting is None:
                posting = postings[key] = _Posting()
            posting.add(story_id, number)

    def remove(self, story_id: str, keys: tuple[str, ...]) -> None:
        """Take a story out of the index (closed, merged away, rebuilt): ``keys`` are all it is posted under."""
        for key in keys:
            self._drop(key, story_id)
        number = self._number.pop(story_id, None)
        if number is not None:
            self._ids[number] = None
            self._free.append(number)

    def _drop(self, key: str, story_id: str) -> None:
        posting = self.postings.get(key)
        if posting is not None:
            posting.drop(story_id)
            if not posting.ids:
                del self.postings[key]

    def stories(self, key: str) -> list[str]:
        """The stories posted under ``key``, in posting order."""
        posting = self.postings.get(key)
        return list(posting.ids) if posting is not None else []

    def candidates(self, keys: list[str], limit: int = 40) -> list[str]:
        parts, postings, max_posting = [], self.postings, self.max_posting
        for key in keys:
            posting = postings.get(key)
            # used - holes: its stories, as len(posting.ids), read without touching the dict
            if posting is not None and posting.used - posting.holes <= max_posting:
                parts.append(posting.live())
        if not parts:
            return []
        ids = self._ids
        return [ids[n] for n in _most_shared(np.concatenate(parts), limit)]


def _most_shared(hits: np.ndarray, limit: int) -> list[int]:
    """The (at most ``limit``) story numbers met most often in ``hits`` (holes: -1), ties by first
    appearance. One sort of number-and-position keys yields both the counts and the first appearances
    (``np.unique`` with both, then ``np.lexsort``, took three times as long)."""
    n = len(hits)
    key = hits.astype(np.int64)
    key *= n
    key += np.arange(n)  # unique: the number, then the position
    key.sort()
    key = key[key.searchsorted(0):]  # the holes sort first
    m = len(key)
    if not m:
        return []
    number = key // n
    edge = np.empty(m + 1, dtype=bool)  # where a number's keys begin (and the end)
    edge[0] = edge[m] = True
    np.not_equal(number[1:], number[:-1], out=edge[1:m])
    bounds = edge.nonzero()[0]
    starts = bounds[:-1]  # each number's first (earliest) key
    # its first position, less n per appearance: most appearances first, then the earliest
    rank = key[starts] - (number[starts] + bounds[1:] - starts) * n
    if len(rank) > limit:
        best = rank.argpartition(limit - 1)[:limit]
        best = best[rank[best].argsort()]
    else:
        best = rank.argsort()
    return number[starts[best]].tolist()
