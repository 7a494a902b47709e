"""Candidate retrieval: an inverted index from a story's top terms and entity words to the story.

Each open story is posted under at most ~23 keys (its strongest TF-IDF terms and entity words);
an article queries with its own strongest keys (15 terms, 8 entity words: fewer missed the own-event
story of 0.8% of the ECB+ articles) and the stories sharing most keys are scored.
Cost per article is bounded by the posting lengths, not by the number of stories: a key posted under
more than ``max_posting`` open stories (700, 1.4% of 50,000) is too common to tell stories apart and is
skipped (the article's rarer keys still find its story).
"""

from __future__ import annotations

from collections import Counter

from .features import ArticleFeatures
from .state import Vocabulary

__all__ = ["CandidateIndex", "query_keys"]


def query_keys(f: ArticleFeatures, vocab: Vocabulary, n_terms: int = 15, n_entities: int = 8) -> list[str]:
    idf = vocab.idf
    top = sorted(f.terms, key=lambda t: -f.terms[t] * idf(t))[:n_terms]
    top_e = sorted(f.entity_words, key=lambda t: -f.entity_words[t] * idf(t))[:n_entities]
    return list(dict.fromkeys(top + top_e))


class CandidateIndex:
    """key -> story ids (an insertion-ordered dict, so ties rank the same in every process);
    ``candidates`` ranks stories by the number of shared keys."""

    __slots__ = ("max_posting", "postings")

    def __init__(self, *, max_posting: int = 700) -> None:
        self.postings: dict[str, dict[str, None]] = {}
        self.max_posting = max_posting

    def update(self, story_id: str, old_keys: tuple[str, ...], new_keys: tuple[str, ...]) -> None:
        new = set(new_keys)
        for key in old_keys:
            if key not in new:
                self._drop(key, story_id)
        for key in new:
            self.postings.setdefault(key, {})[story_id] = None

    def remove(self, story_id: str, keys: tuple[str, ...]) -> None:
        for key in keys:
            self._drop(key, story_id)

    def _drop(self, key: str, story_id: str) -> None:
        posting = self.postings.get(key)
        if posting is not None:
            posting.pop(story_id, None)
            if not posting:
                del self.postings[key]

    def candidates(self, keys: list[str], limit: int = 40) -> list[str]:
        hits: Counter = Counter()
        for key in keys:
            posting = self.postings.get(key)
            if posting and len(posting) <= self.max_posting:
                hits.update(posting.keys())
        return [sid for sid, _ in hits.most_common(limit)]
