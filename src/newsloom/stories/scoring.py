"""How similar an article is to a story: weighted terms, entities, title+lead terms, embedding, time, dates.

Dates written in the text add or remove evidence: the event year and month, and, when publish times are
unknown, the day of the event (the weekday and the month of day dates the reports name). Optionally the
story's signature figures (tolls, magnitudes, ages) count against an article that lacks them
(``number_penalty``; off by default: it cost recall for no precision on ECB+).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from .decide import PairModel, pair_features, weekday_share
from .features import ArticleFeatures
from .state import StoryState, Vocabulary, event_year

__all__ = ["ArticleQuery", "ClusterConfig", "Overlap", "Score", "article_query", "score"]


@dataclass(frozen=True, slots=True)
class ClusterConfig:
    """Weights and thresholds. Defaults were tuned on the shared ECB+ and BASIL splits
    (see ``newsloom.evaluate.clustering`` and docs/benchmarks.md)."""

    w_terms: float = 0.17
    w_entities: float = 0.54
    w_embedding: float = 0.31
    year_bonus: float = 0.20
    year_penalty: float = 0.05
    month_bonus: float = 0.16
    date_gate: float = 0.40  # date evidence counts fully only once the content is this similar
    threshold: float = 0.48
    merge_threshold: float = 0.90
    learned: bool = True  # decide with the packaged PairModel (probabilities) instead of the weighted mix
    join_probability: float = 0.3  # with the model: join the most likely story from this probability on ...
    merge_probability: float = 0.8  # ... and merge two stories both this likely (an article bridging them)
    bridge_probability: float = 0.25  # an article this likely for a second story bridges the two ...
    bridges: int = 3  # ... and this many bridging articles merge them (evidence accumulates); 0: never
    time_scale: timedelta = timedelta(days=7)  # decay of similarity with distance in publish time
    window: timedelta = timedelta(days=7)  # a story quiet this long is closed to new articles
    candidates: int = 8
    w_lead: float = 0.30  # cosine of title+lead terms against the members' title+lead terms
    number_penalty: float = 0.0  # times the share of the story's signature figures the article lacks
    signature_share: float = 0.3  # a figure is part of the signature once this share of members writes it
    weekday_bonus: float = 0.08  # times the share of members naming the article's weekday ...
    weekday_penalty: float = 0.08  # ... and times the share naming only days two or more away
    day_month_bonus: float = 0.12  # the same for the month of day dates ("Dec. 11"), year or not
    day_month_penalty: float = 0.12


@dataclass(frozen=True, slots=True)
class Overlap:
    """What an article shares with a story, as scoring found it: the terms and entity words with their
    contributions to the dot products (``(contribution, word)``), and the article's entity phrases.
    Put in words (sorted) only when asked: an article is scored against several candidates and joins
    one at most."""

    term_contrib: tuple[tuple[float, str], ...]
    entity_contrib: tuple[tuple[float, str], ...]
    entities: tuple[str, ...]

    def terms(self) -> tuple[str, ...]:
        """The (at most 8) shared terms that contribute most, strongest first."""
        return tuple(t for _, t in sorted(self.term_contrib, reverse=True)[:8])

    def entity_phrases(self) -> tuple[str, ...]:
        """The article's (at most 8 first) entity phrases with a word the story shares."""
        ents = {w for _, w in self.entity_contrib}
        return tuple(p for p in self.entities if any(w in ents for w in p.split()))[:8]


@dataclass(frozen=True, slots=True)
class Score:
    """How similar an article is to a story; ``shared_terms`` and ``shared_entities`` are read from
    ``overlap`` when asked."""

    value: float
    terms: float
    entities: float
    embedding: float
    date: float
    decay: float
    overlap: Overlap
    lead: float = 0.0
    probability: float | None = None  # the PairModel's probability of the same event, when one is used

    @property
    def shared_terms(self) -> tuple[str, ...]:
        return self.overlap.terms()

    @property
    def shared_entities(self) -> tuple[str, ...]:
        return self.overlap.entity_phrases()


def _cosine(a2: dict, a_norm: float, s: dict, s_norm: float) -> tuple[float, list]:
    """Cosine of TF-IDF vectors; ``a2`` holds the article's weights times idf squared."""
    dot, contrib = 0.0, []
    get = s.get
    for t, w in a2.items():
        sw = get(t)
        if sw:
            c = w * sw
            dot += c
            contrib.append((c, t))
    return dot / (a_norm * s_norm), contrib


def _date_adjust(f: ArticleFeatures, story: StoryState, cfg: ClusterConfig) -> float:
    """Evidence from dates written in the text: same event year / same month mentioned.

    When both sides name months and none is shared, the coarser same-year evidence is ignored.
    """
    month = 0.0
    if f.months and story.n_dated:
        month = max(story.months.get(m, 0) for m in f.months) / story.n_dated
        if month == 0.0:
            return 0.0
    adjust = cfg.month_bonus * month
    year = event_year(f)
    total = sum(story.years.values())
    if year is not None and total:
        frac = story.years.get(year, 0) / total
        adjust += cfg.year_bonus * frac - cfg.year_penalty * (1.0 - frac)
    return adjust


def _agreement(mine: tuple, counts, n: int, bonus: float, penalty: float) -> float:
    if not mine or not n:
        return 0.0
    share = min(1.0, max(counts.get(v, 0) for v in mine) / n)
    return bonus * share - penalty * (1.0 - share)


def _day_adjust(f: ArticleFeatures, story: StoryState, cfg: ClusterConfig) -> float:
    """Evidence from the day of the event: the weekday and the month of day dates the members name.

    Used only when publish times are unknown on either side: known times already weigh closeness in time
    (decay), and a story followed over days names several weekdays."""
    if f.published is not None and story.first_time is not None:
        return 0.0
    agree, conflict = weekday_share(f.weekdays, story.weekdays, story.n_weekday)
    return (cfg.weekday_bonus * agree - cfg.weekday_penalty * conflict
            + _agreement(f.day_months, story.day_months, story.n_day_month, cfg.day_month_bonus,
                         cfg.day_month_penalty))


def number_conflict(f: ArticleFeatures, story: StoryState, share: float) -> float:
    """Share of the story's signature figures (written by at least ``share`` of its members, and by two)
    that the article does not write; 0 when either side writes no figures."""
    if not f.numbers or story.n_numbered < 2:
        return 0.0
    need = max(2.0, share * story.n_numbered)
    signature = [n for n, c in story.numbers.most_common(12) if c >= need]
    if not signature:
        return 0.0
    mine = set(f.numbers)
    return sum(n not in mine for n in signature) / len(signature)


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


def score(f: ArticleFeatures, q: ArticleQuery, story: StoryState, cfg: ClusterConfig,
          model: PairModel | None = None) -> Score:
    """Similarity of article ``f`` (with its precomputed ``ArticleQuery``) to ``story``: the weighted
    mix of ``cfg``, or with a ``model``, the probability that ``f`` reports the story's event (times
    the time decay)."""
    t_sim, t_contrib = _cosine(q.terms2, q.term_norm, story.terms, story.term_norm)
    e_sim, e_contrib = _cosine(q.entities2, q.entity_norm, story.entity_words, story.entity_norm)
    m_sim = 0.0
    if f.embedding is not None and story.emb_sum is not None:
        m_sim = float(np.dot(f.embedding, story.emb_sum)) / story.emb_norm
    l_sim = _cosine(q.lead2, q.lead_norm, story.lead_terms, story.lead_norm)[0] if cfg.w_lead else 0.0
    date = _date_adjust(f, story, cfg) + _day_adjust(f, story, cfg)
    if cfg.number_penalty:  # off by default: then the figures need no look (date - 0.0 is date)
        date -= cfg.number_penalty * number_conflict(f, story, cfg.signature_share)
    decay = _decay(f, story, cfg)
    base = (cfg.w_terms * t_sim + cfg.w_entities * e_sim + cfg.w_embedding * max(m_sim, 0.0)
            + cfg.w_lead * l_sim)
    value = (base + date * min(1.0, base / cfg.date_gate)) * decay
    prob = None
    if model is not None:
        prob = model.probability(pair_features(f, story, (t_sim, e_sim, l_sim, m_sim), q.lead_idf)) * decay
    return Score(value, t_sim, e_sim, m_sim, date, decay, Overlap(tuple(t_contrib), tuple(e_contrib), f.entities), l_sim, prob)


@dataclass(frozen=True, slots=True)
class ArticleQuery:
    """An article's TF-IDF weights (times idf once more, for dot products with raw story sums)."""

    terms2: dict
    term_norm: float
    entities2: dict
    entity_norm: float
    lead2: dict
    lead_norm: float
    lead_idf: tuple[float, ...] = ()  # IDF of each of the article's lead names


def _weights(values, idf: Mapping[str, float]) -> tuple[dict, float]:
    out, sq = {}, 0.0
    for t, w in values.items():
        i = idf[t]
        out[t] = w * i * i
        sq += (w * i) ** 2
    return out, math.sqrt(sq) or 1.0


def article_query(f: ArticleFeatures, vocab: Vocabulary) -> ArticleQuery:
    idf = vocab.table(f.terms, f.entity_words, f.lead_terms, f.lead_entities)
    t2, tn = _weights(f.terms, idf)
    e2, en = _weights(f.entity_words, idf)
    l2, ln = _weights(f.lead_terms, idf)
    return ArticleQuery(t2, tn, e2, en, l2, ln, tuple(idf[w] for w in f.lead_entities))


def is_open(story: StoryState, f: ArticleFeatures, now: datetime | None, cfg: ClusterConfig) -> bool:
    """A story takes new articles unless closed, or the article lies outside its time window."""
    if story.closed:
        return False
    gap = time_gap(f, story)
    return gap is None or gap <= cfg.window
