"""In-memory state of the clusterer: document frequencies (IDF) and per-story accumulators."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from operator import mul

import numpy as np

from .features import ArticleFeatures

__all__ = ["StoryState", "Vocabulary", "event_year", "sole_member"]

MAX_STORY_TERMS = 200
MAX_SHOWN = 30  # members whose title and lead are kept for the headline and summary
MAX_TABLE = 1 << 16  # words whose IDF a vocabulary keeps between two changes


class Vocabulary:
    """Document frequencies over every article seen so far: an incrementally maintained IDF.

    ``df`` and ``n_docs`` change through ``add`` (or by being replaced whole). Between two changes the IDF
    of a word is computed once (``table``): in the assignment benchmark (50,000 open stories) one article
    asks for the IDF of about 400 words, only about 125 of them distinct (its own, and its story's at each
    refresh), and the first look-up of a word in a large ``df`` is a cache miss."""

    __slots__ = ("_table", "_table_of", "df", "n_docs")

    def __init__(self, df: dict[str, int] | None = None, n_docs: int = 0) -> None:
        self.df: dict[str, int] = df or {}
        self.n_docs = n_docs
        self._table: dict[str, float] = {}
        self._table_of: tuple[dict[str, int], int] | None = None  # the (df, n_docs) it was computed for

    def add(self, f: ArticleFeatures) -> None:
        df = self.df
        for term in f.terms:
            df[term] = df.get(term, 0) + 1
        self.n_docs += 1
        self._table_of = None

    def add_terms(self, terms: Iterable[Iterable[str]]) -> None:
        """``add`` for many articles given by their terms alone (each article's words once): the same counts,
        and the same order of ``df`` (a new word where it is first met), counted in bulk."""
        counted = Counter()
        n = 0
        for words in terms:
            counted.update(words)
            n += 1
        df = self.df
        for term, c in counted.items():
            df[term] = df.get(term, 0) + c
        self.n_docs += n
        self._table_of = None

    def idf(self, term: str) -> float:
        return self.table((term,))[term]

    def table(self, *groups: Iterable[str]) -> Mapping[str, float]:
        """IDF by word for the vocabulary as it is now, for (at least) the words of ``groups``; not to be
        kept past a change."""
        table, of = self._table, self._table_of
        if of is None or of[0] is not self.df or of[1] != self.n_docs or len(table) > MAX_TABLE:
            table = self._table = {}
            self._table_of = (self.df, self.n_docs)
        n, get, log = self.n_docs + 1, self.df.get, math.log
        for words in groups:
            missing = [w for w in words if w not in table]
            if missing:
                table.update({w: log(n / (get(w, 0) + 1)) + 1.0 for w in missing})
        return table


def event_year(f: ArticleFeatures) -> int | None:
    """The year the article is most likely about: its publish year, else the latest year it mentions."""
    if f.published is not None:
        return f.published.year
    if f.months:
        return int(max(f.months)[:4])
    return max(f.years) if f.years else None


@dataclass(slots=True)
class StoryState:
    """Sums of member features; similarity to an article is computed against these."""

    id: str
    article_ids: list[str] = field(default_factory=list)
    terms: dict[str, float] = field(default_factory=dict)
    entity_words: dict[str, float] = field(default_factory=dict)
    entities: Counter = field(default_factory=Counter)
    years: Counter = field(default_factory=Counter)
    months: Counter = field(default_factory=Counter)  # articles mentioning each YYYY-MM
    n_dated: int = 0  # articles mentioning any month
    emb_sum: np.ndarray | None = None
    sources: Counter = field(default_factory=Counter)
    first_time: datetime | None = None
    last_time: datetime | None = None
    last_update: datetime | None = None
    term_norm: float = 0.0
    emb_norm: float = 1.0
    entity_norm: float = 0.0
    keys: tuple[str, ...] = ()
    refreshed_n: int = 0
    split_checked: int = 0  # size at the last automatic split check (0: never checked)
    closed: bool = False
    created: datetime | None = None
    titles: dict[str, str] = field(default_factory=dict)  # first MAX_SHOWN members
    automated: tuple[str, ...] = ()  # those of them that are machine republications (rare: no set per story)
    leads: dict[str, tuple[str, ...]] = field(default_factory=dict)
    lead_terms: dict[str, float] = field(default_factory=dict)
    lead_norm: float = 1.0
    numbers: Counter = field(default_factory=Counter)  # members writing each figure
    n_numbered: int = 0  # members writing any figure
    weekdays: Counter = field(default_factory=Counter)  # members naming each weekday most
    n_weekday: int = 0
    day_months: Counter = field(default_factory=Counter)  # members dating days in each month most
    n_day_month: int = 0
    lead_entities: Counter = field(default_factory=Counter)  # members naming each word in title+lead
    n_lead_entities: int = 0  # members naming any
    core_leads: tuple[str, ...] = ()  # names in the title and lead of at least half of the members
    signature: tuple[str, ...] = ()  # most written figures, by at least half of the members writing any

    @property
    def size(self) -> int:
        return len(self.article_ids)

    def add(self, f: ArticleFeatures, *, now: datetime | None = None) -> None:
        self.article_ids.append(f.article_id)
        if len(self.titles) < MAX_SHOWN:
            self.titles[f.article_id] = f.title
            self.leads[f.article_id] = f.lead
            if f.automated:
                self.automated += (f.article_id,)
        self.created = self.created or now
        _add_into(self.terms, f.terms)
        _add_into(self.entity_words, f.entity_words)
        _add_into(self.lead_terms, f.lead_terms)
        self.entities.update(f.entities)
        self.n_numbered += _count(self.numbers, f.numbers)
        self.n_weekday += _count(self.weekdays, f.weekdays)
        self.n_day_month += _count(self.day_months, f.day_months)
        self.n_lead_entities += _count(self.lead_entities, f.lead_entities)
        year = event_year(f)
        if year is not None:
            self.years[year] += 1
        if f.months:
            self.months.update(set(f.months))
            self.n_dated += 1
        if f.embedding is not None:
            self.emb_sum = f.embedding.copy() if self.emb_sum is None else self.emb_sum + f.embedding
        # an article whose outlet is unknown counts as an outlet of its own
        self.sources[f.source or f"?{f.article_id}"] += 1
        if f.published is not None:
            self.first_time = min(self.first_time or f.published, f.published)
            self.last_time = max(self.last_time or f.published, f.published)
        self.last_update = now or self.last_update
        self._prune()

    def absorb(self, other: StoryState) -> None:
        """Take every member of ``other`` (a merge)."""
        self.article_ids.extend(other.article_ids)
        for aid, title in list(other.titles.items())[:max(0, MAX_SHOWN - len(self.titles))]:
            self.titles[aid] = title
            self.leads[aid] = other.leads.get(aid, ())
            if aid in other.automated:
                self.automated += (aid,)
        _add_into(self.terms, other.terms)
        _add_into(self.entity_words, other.entity_words)
        _add_into(self.lead_terms, other.lead_terms)
        self.entities.update(other.entities)
        self.numbers.update(other.numbers)
        self.n_numbered += other.n_numbered
        self.weekdays.update(other.weekdays)
        self.n_weekday += other.n_weekday
        self.day_months.update(other.day_months)
        self.n_day_month += other.n_day_month
        self.lead_entities.update(other.lead_entities)
        self.n_lead_entities += other.n_lead_entities
        self.years.update(other.years)
        self.months.update(other.months)
        self.n_dated += other.n_dated
        self.sources.update(other.sources)
        if other.emb_sum is not None:
            self.emb_sum = other.emb_sum.copy() if self.emb_sum is None else self.emb_sum + other.emb_sum
        for t in (other.first_time, other.last_time):
            if t is not None:
                self.first_time = min(self.first_time or t, t)
                self.last_time = max(self.last_time or t, t)
        if other.last_update and (self.last_update is None or other.last_update > self.last_update):
            self.last_update = other.last_update
        self._prune()

    def refresh(self, vocab: Vocabulary, n_keys: int = 15, n_entity_keys: int = 8) -> None:
        """Recompute cached norms (with the current IDF), the index keys, the core names and figures."""
        idf = vocab.table(self.terms, self.entity_words, self.lead_terms)
        weighted = {t: w * idf[t] for t, w in self.terms.items()}  # story sums stay raw; norms use idf
        self.term_norm = _norm(weighted)
        ent = {t: w * idf[t] for t, w in self.entity_words.items()}
        self.entity_norm = _norm(ent)
        self.lead_norm = math.sqrt(sum((w * idf[t]) ** 2 for t, w in self.lead_terms.items())) or 1.0
        self.emb_norm = float(np.linalg.norm(self.emb_sum)) or 1.0 if self.emb_sum is not None else 1.0
        top = sorted(weighted, key=weighted.__getitem__, reverse=True)[:n_keys]
        top_e = sorted(ent, key=ent.__getitem__, reverse=True)[:n_entity_keys]
        self.keys = tuple(dict.fromkeys(top + top_e))
        need = max(1.0, 0.5 * self.n_lead_entities)
        self.core_leads = tuple(w for w, c in self.lead_entities.items() if c >= need)
        need = max(1.0, 0.5 * self.n_numbered)
        self.signature = tuple(x for x, c in self.numbers.most_common(8) if c >= need)

    def _prune(self) -> None:
        if len(self.terms) > 2 * MAX_STORY_TERMS:
            keep = sorted(self.terms.items(), key=lambda kv: -kv[1])[:MAX_STORY_TERMS]
            self.terms = dict(keep)
        if len(self.entity_words) > MAX_STORY_TERMS:
            keep = sorted(self.entity_words.items(), key=lambda kv: -kv[1])[:MAX_STORY_TERMS // 2]
            self.entity_words = dict(keep)
        if len(self.lead_terms) > MAX_STORY_TERMS:
            self.lead_terms = dict(sorted(self.lead_terms.items(), key=lambda kv: -kv[1])[:MAX_STORY_TERMS // 2])
        if len(self.numbers) > 200:
            self.numbers = Counter(dict(self.numbers.most_common(100)))
        if len(self.lead_entities) > 300:
            self.lead_entities = Counter(dict(self.lead_entities.most_common(150)))
        if len(self.entities) > 200:
            self.entities = Counter(dict(self.entities.most_common(100)))


def _count(counter: Counter, values) -> int:
    """Count ``values`` in ``counter``; 1 if the member wrote any (for the ``n_*`` member counts), else 0."""
    if not values:
        return 0
    counter.update(values)
    return 1


def _add_into(acc: dict[str, float], values) -> None:
    for k, v in values.items():
        acc[k] = acc.get(k, 0.0) + v


def _norm(weights: dict[str, float]) -> float:
    """Euclidean norm of ``weights`` (1.0 when zero): ``sum`` of the squares in insertion order."""
    values = weights.values()
    return math.sqrt(sum(map(mul, values, values))) or 1.0


def sole_member(story: StoryState) -> ArticleFeatures:
    """The features of a one-article story's member, rebuilt from its sums (what the decision reads:
    terms, names, dates, figures, embedding, publish time; not the display fields)."""
    aid = story.article_ids[0]
    return ArticleFeatures(
        article_id=aid, title=story.titles.get(aid, ""), terms=story.terms, entity_words=story.entity_words,
        years=tuple(story.years), months=tuple(story.months), embedding=story.emb_sum,
        published=story.first_time, lead=story.leads.get(aid, ()), lead_terms=story.lead_terms,
        numbers=tuple(story.numbers), weekdays=tuple(story.weekdays), day_months=tuple(story.day_months),
        lead_entities=tuple(story.lead_entities))
