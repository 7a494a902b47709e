"""A learned article-to-story decision: logistic regression over similarity and conflict evidence.

``pair_features`` describes one (article, story) pair: the four similarities of ``score`` (terms,
entities, title+lead terms, embedding), agreement and conflict of the dates written in the text (event
year, month, weekday (the next day no conflict), month of day dates), and who the event is about: the share of the capitalised
names in the article's title and lead that no member names in its own title and lead (a new actor or
place), and the share of the story's core lead names (named in the leads of at least half of its
members) that the article never writes. ``PairModel`` turns them into the probability that the article
reports the story's event. Its coefficients live in ``data/pair_model.json``, written by
``python -m newsloom.stories.learn`` from the shared ECB+ split.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from .features import ArticleFeatures
from .state import StoryState, event_year

__all__ = ["FEATURES", "PairModel", "pair_features", "weekday_share"]

FEATURES = ("terms", "entities", "lead", "embedding", "year_agree", "year_conflict", "month_agree",
            "month_conflict", "day_agree", "day_conflict", "lead_novel", "lead_support", "core_missing", "number_conflict",
            "log_size")


def _year(f: ArticleFeatures, story: StoryState) -> tuple[float, float]:
    year, total = event_year(f), sum(story.years.values())
    if year is None or not total:
        return 0.0, 0.0
    share = story.years.get(year, 0) / total
    return share, 1.0 - share


def _share(mine, counts, n: int) -> tuple[float, float]:
    if not mine or not n:
        return 0.0, 0.0
    share = min(1.0, max(counts.get(v, 0) for v in mine) / n)
    return share, 1.0 - share


_WEEK = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _apart(a: str, b: str) -> int:
    """Days between two weekday names, either way round the week (0-3); 0 for an unknown name."""
    if a not in _WEEK or b not in _WEEK:
        return 0
    k = abs(_WEEK.index(a) - _WEEK.index(b))
    return min(k, 7 - k)


def weekday_share(mine, counts, n: int) -> tuple[float, float]:
    """(agreement, conflict) of the article's weekdays ``mine`` with the members' (``counts`` of members
    naming each, ``n`` members naming any): the share naming the same weekday, and the share naming only
    weekdays two or more days away. The next day is no conflict: reports a day later name both the day
    of the event ("late Thursday") and their own ("police said Friday"), and name it most."""
    if not mine or not n:
        return 0.0, 0.0
    agree = max(counts.get(v, 0) for v in mine) / n
    conflict = min(sum(c for w, c in counts.items() if _apart(w, v) > 1) for v in mine) / n
    return min(1.0, agree), min(1.0, conflict)


def _days(f: ArticleFeatures, story: StoryState) -> tuple[float, float]:
    """Weekday and month-of-day agreement, only when publish times are unknown on either side."""
    if f.published is not None and story.first_time is not None:
        return 0.0, 0.0
    wa, wc = weekday_share(f.weekdays, story.weekdays, story.n_weekday)
    da, dc = _share(f.day_months, story.day_months, story.n_day_month)
    return wa + da, wc + dc


def lead_novelty(f: ArticleFeatures, story: StoryState, weights: tuple[float, ...]) -> tuple[float, float]:
    """(novelty, support) of the article's lead names, weighted by IDF: the share that no member names
    in its title and lead, and the mean share of members naming each."""
    n = story.n_lead_entities
    if not f.lead_entities or not n:
        return 0.0, 0.0
    get = story.lead_entities.get
    counts = [get(word, 0) for word in f.lead_entities]
    total = sum(weights)
    novel = sum([w for c, w in zip(counts, weights) if not c])
    support = sum([w * (c / n if c < n else 1.0) for c, w in zip(counts, weights)])  # min(1.0, c / n)
    return novel / total, support / total


def core_missing(f: ArticleFeatures, story: StoryState) -> float:
    """Share of the story's core lead names the article does not write anywhere."""
    core = story.core_leads
    if not core:
        return 0.0
    ents, terms = f.entity_words, f.terms
    return sum(w not in ents and w not in terms for w in core) / len(core)


def number_conflict(f: ArticleFeatures, story: StoryState) -> float:
    """Share of the story's most written figures (``signature``: by at least half of the members that
    write figures, as of its last refresh) the article does not write; 0 when either side writes none."""
    signature = story.signature
    if not f.numbers or not story.n_numbered or not signature:
        return 0.0
    mine = set(f.numbers)
    return sum(x not in mine for x in signature) / len(signature)


def pair_features(f: ArticleFeatures, story: StoryState, sims: tuple[float, float, float, float],
                  lead_idf: tuple[float, ...]) -> np.ndarray:
    """Evidence that ``f`` belongs to ``story`` (in ``FEATURES`` order); ``sims`` are the
    terms, entities, lead and embedding cosines; ``lead_idf`` the IDF of each of ``f.lead_entities``."""
    months = _share(tuple(set(f.months)), story.months, story.n_dated)
    return np.array([*sims, *_year(f, story), *months, *_days(f, story), *lead_novelty(f, story, lead_idf),
                     core_missing(f, story), number_conflict(f, story), math.log(story.size or 1)],
                    dtype=np.float64)


@dataclass(frozen=True, slots=True)
class PairModel:
    """Standardised logistic regression over ``pair_features``."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float

    @classmethod
    def load(cls, path: Path | None = None) -> PairModel:
        """The packaged model (or the JSON at ``path``)."""
        if path is None:
            text = resources.files("newsloom.stories").joinpath("data/pair_model.json").read_text("utf-8")
        else:
            text = Path(path).read_text("utf-8")
        raw = json.loads(text)
        if tuple(raw["features"]) != FEATURES:
            raise ValueError("pair model was trained on other features: re-run python -m newsloom.stories.learn")
        return cls(np.asarray(raw["mean"]), np.asarray(raw["scale"]), np.asarray(raw["coef"]),
                   float(raw["intercept"]))

    def probability(self, x: np.ndarray) -> float:
        z = float(((x - self.mean) / self.scale) @ self.coef) + self.intercept
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def to_json(self, **extra) -> str:
        return json.dumps({"features": list(FEATURES), "mean": self.mean.round(6).tolist(),
                           "scale": self.scale.round(6).tolist(), "coef": self.coef.round(6).tolist(),
                           "intercept": round(self.intercept, 6), **extra}, indent=1)
