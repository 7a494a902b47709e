"""How similar an article is to a story: weighted terms, entities, embedding, time and dates."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from .features import ArticleFeatures
from .state import StoryState, Vocabulary, event_year

__all__ = ["ClusterConfig", "Score", "score"]


@dataclass(frozen=True, slots=True)
class ClusterConfig:
    """Weights and thresholds. Defaults were tuned on the shared ECB+ and BASIL splits
    (see ``newsloom.evaluate.clustering`` and docs/benchmarks.md)."""

    w_terms: float = 0.45
    w_entities: float = 0.25
    w_embedding: float = 0.30
    date_bonus: float = 0.05
    date_penalty: float = 0.20
    threshold: float = 0.30
    merge_threshold: float = 0.60
    time_scale: timedelta = timedelta(days=3)  # decay of similarity with distance in publish time
    window: timedelta = timedelta(days=7)  # a story quiet this long is closed to new articles
    candidates: int = 40


@dataclass(frozen=True, slots=True)
class Score:
    value: float
    terms: float
    entities: float
    embedding: float
    date: float
    decay: float
    shared_terms: tuple[str, ...]
    shared_entities: tuple[str, ...]


def _cosine(a: dict, a_norm: float, s: dict, s_norm: float, vocab: Vocabulary) -> tuple[float, list]:
    idf = vocab.idf
    dot, contrib = 0.0, []
    for t, w in a.items():
        sw = s.get(t)
        if sw:
            i = idf(t)
            c = w * sw * i * i
            dot += c
            contrib.append((c, t))
    return dot / (a_norm * s_norm), contrib


def _date_adjust(f: ArticleFeatures, story: StoryState, cfg: ClusterConfig) -> float:
    year = event_year(f)
    total = sum(story.years.values())
    if year is None or not total:
        return 0.0
    frac = story.years.get(year, 0) / total
    return cfg.date_bonus * frac - cfg.date_penalty * (1.0 - frac)


def time_gap(f: ArticleFeatures, story: StoryState) -> timedelta | None:
    """How far the article's publish time lies outside the story's time span (None if unknown)."""
    if f.published is None or story.first_time is None or story.last_time is None:
        return None
    if f.published < story.first_time:
        return story.first_time - f.published
    if f.published > story.last_time:
        return f.published - story.last_time
    return timedelta(0)


def _decay(f: ArticleFeatures, story: StoryState, cfg: ClusterConfig) -> float:
    gap = time_gap(f, story)
    if gap is None:
        return 1.0
    return math.exp(-gap / cfg.time_scale)


def score(f: ArticleFeatures, norms: tuple[float, float], story: StoryState, vocab: Vocabulary,
          cfg: ClusterConfig) -> Score:
    """Similarity of article ``f`` (with precomputed TF-IDF ``norms``) to ``story``."""
    t_sim, t_contrib = _cosine(f.terms, norms[0], story.terms, story.term_norm, vocab)
    e_sim, e_contrib = _cosine(f.entity_words, norms[1], story.entity_words, story.entity_norm, vocab)
    m_sim = 0.0
    if f.embedding is not None and story.emb_sum is not None:
        m_sim = float(np.dot(f.embedding, story.emb_sum) / (np.linalg.norm(story.emb_sum) or 1.0))
    date = _date_adjust(f, story, cfg)
    decay = _decay(f, story, cfg)
    base = cfg.w_terms * t_sim + cfg.w_entities * e_sim + cfg.w_embedding * max(m_sim, 0.0)
    value = base * decay + date
    shared_t = tuple(t for _, t in sorted(t_contrib, reverse=True)[:8])
    ents = {w for _, w in e_contrib}
    shared_e = tuple(p for p in f.entities if any(w in ents for w in p.split()))[:8]
    return Score(value, t_sim, e_sim, m_sim, date, decay, shared_t, shared_e)


def article_norms(f: ArticleFeatures, vocab: Vocabulary) -> tuple[float, float]:
    idf = vocab.idf
    tn = math.sqrt(sum((w * idf(t)) ** 2 for t, w in f.terms.items())) or 1.0
    en = math.sqrt(sum((w * idf(t)) ** 2 for t, w in f.entity_words.items())) or 1.0
    return tn, en


def is_open(story: StoryState, f: ArticleFeatures, now: datetime | None, cfg: ClusterConfig) -> bool:
    """A story takes new articles unless closed, or the article lies outside its time window."""
    if story.closed:
        return False
    gap = time_gap(f, story)
    return gap is None or gap <= cfg.window
