"""Per-article clustering features: pure functions of one Article (plus an embedder).

``featurize`` can run anywhere (a worker, a Spark partition): it reads nothing but its arguments.
The embedding covers the title and the lead only (about 40 words), which bounds its cost.
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np

from ..model import Article
from ..policy import display_text
from ..urls import host_of
from .text import entities, lead_sentences, mentioned_dates, mentioned_days, numbers, terms

__all__ = [
    "ArticleFeatures",
    "embed_text",
    "features_from_blob",
    "features_to_blob",
    "featurize",
    "featurize_many",
    "lead_entity_words",
]

TITLE_BOOST = 2  # title words count this many times
MAX_TERMS = 300  # keep an article's strongest terms only
EMBED_WORDS = 40
LEAD_TERMS = 60


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """What the clusterer knows about one article.

    ``terms``: sublinear term frequencies (1 + log tf); ``entity_words``: sublinear counts of the
    words inside capitalised phrases; ``entities``: the phrases themselves (for display);
    ``years``/``months``: dates written in the text; ``embedding``: unit vector or None; ``lead``: the
    first sentences of what the publisher lets newsloom show (``policy.display_text``), which the story
    summary quotes;
    ``lead_terms``: terms of the title and the first two sentences (what the event is);
    ``numbers``: figures written in the text (tolls, magnitudes, ages, sums), the event's signature;
    ``weekdays``/``day_months``: the most mentioned weekday(s) and month(s) of day dates, year or not;
    ``lead_entities``: the words of the capitalised phrases in the title and the first two lead
    sentences (who and where the event is about); ``automated``: the page says it is a machine
    republication (an "automatic aggregator"), so its title is not the story's headline.
    """

    article_id: str
    title: str
    terms: Mapping[str, float]
    entity_words: Mapping[str, float]
    entities: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    months: tuple[str, ...] = ()
    embedding: np.ndarray | None = None
    published: datetime | None = None
    source: str | None = None
    lead: tuple[str, ...] = ()
    lead_terms: Mapping[str, float] = field(default_factory=dict)
    numbers: tuple[str, ...] = ()
    weekdays: tuple[str, ...] = ()
    day_months: tuple[int, ...] = ()
    lead_entities: tuple[str, ...] = ()
    automated: bool = False


def lead_entity_words(title: str, lead: Sequence[str]) -> tuple[str, ...]:
    """Words of the capitalised phrases in the title and the first two lead sentences, sorted."""
    found = entities((title or "") + "\n\n" + "\n\n".join(lead[:2]))
    return tuple(sorted({w for phrase in found for w in phrase.split() if len(w) > 1}))


def embed_text(article: Article) -> str:
    """Title plus the first ``EMBED_WORDS`` words of the text: what gets embedded."""
    words = (article.text or "").split()[:EMBED_WORDS]
    return (article.title or "") + "\n" + " ".join(words)


def _sublinear(counts: Mapping[str, int], limit: int) -> dict[str, float]:
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return {k: round(1.0 + math.log(v), 4) for k, v in top}


def _dominant(counts: Mapping) -> tuple:
    """The most frequent keys (all of them on a tie), sorted."""
    top = max(counts.values(), default=0)
    return tuple(sorted(k for k, v in counts.items() if v == top)) if top else ()


def featurize(article: Article, *, embedding: np.ndarray | None = None, embedder=None) -> ArticleFeatures:
    """Features of ``article``. Pass a precomputed ``embedding`` or an ``embedder`` (or neither)."""
    body = article.text or ""
    counts = terms(body)
    for word, n in terms(article.title or "").items():
        counts[word] += n * TITLE_BOOST
    ents = entities((article.title or "") + "\n\n" + body)
    words: dict[str, int] = {}
    for phrase, n in ents.items():
        for word in set(phrase.split()):
            words[word] = words.get(word, 0) + n
    years, months = mentioned_dates((article.title or "") + "\n" + body)
    lead = lead_sentences(body, 3)  # what the event is: decides (lead terms, lead names)
    shown, shortened = display_text(article)  # what the story summary may quote (robots directives)
    display_lead = lead_sentences(shown, 3) if shortened else lead
    weekdays, day_months = mentioned_days((article.title or "") + "\n" + body)
    if embedding is None and embedder is not None:
        embedding = embedder.encode([embed_text(article)])[0]
    return ArticleFeatures(
        article_id=article.id, title=article.title or "",
        terms=_sublinear(counts, MAX_TERMS), entity_words=_sublinear(words, 100),
        entities=tuple(p for p, _ in ents.most_common(20)),
        years=tuple(sorted(years)), months=tuple(sorted(months)),
        embedding=None if embedding is None else np.asarray(embedding, dtype=np.float32),
        published=article.published, source=article.source or article.site_name or host_of(article.url),
        lead=display_lead, lead_terms=_sublinear(terms(" ".join((article.title or "",) + lead[:2])), LEAD_TERMS),
        numbers=numbers((article.title or "") + "\n" + body),
        weekdays=_dominant(weekdays), day_months=_dominant(day_months),
        lead_entities=lead_entity_words(article.title or "", lead), automated=bool(article.automated))


def featurize_many(articles: Sequence[Article], *, embedder=None, batch_size: int = 32) -> list[ArticleFeatures]:
    """``featurize`` over many articles, embedding them in batches."""
    vecs = embedder.encode([embed_text(a) for a in articles], batch_size=batch_size) if embedder else None
    return [featurize(a, embedding=None if vecs is None else vecs[i]) for i, a in enumerate(articles)]


def features_to_blob(f: ArticleFeatures) -> str:
    """Compact JSON for the store (embedding as base64 float16)."""
    emb = None if f.embedding is None else base64.b64encode(f.embedding.astype(np.float16).tobytes()).decode()
    return json.dumps({
        "id": f.article_id, "title": f.title, "t": f.terms, "ew": f.entity_words, "e": list(f.entities),
        "y": list(f.years), "m": list(f.months), "emb": emb,
        "pub": f.published.isoformat() if f.published else None, "src": f.source, "lead": list(f.lead),
        "lt": f.lead_terms, "n": list(f.numbers),
        "wd": list(f.weekdays), "dm": list(f.day_months), "le": list(f.lead_entities),
        **({"au": 1} if f.automated else {}),
    }, ensure_ascii=False, separators=(",", ":"))


def features_from_blob(blob: str) -> ArticleFeatures:
    d = json.loads(blob)
    emb, lead = None, tuple(d.get("lead", ()))
    if d.get("emb"):
        emb = np.frombuffer(base64.b64decode(d["emb"]), dtype=np.float16).astype(np.float32)
    return ArticleFeatures(
        article_id=d["id"], title=d["title"], terms=d["t"], entity_words=d["ew"], entities=tuple(d["e"]),
        years=tuple(d["y"]), months=tuple(d["m"]), embedding=emb,
        published=datetime.fromisoformat(d["pub"]) if d.get("pub") else None, source=d.get("src"),
        lead=lead, lead_terms=d.get("lt", {}), numbers=tuple(d.get("n", ())),
        weekdays=tuple(d.get("wd", ())), day_months=tuple(d.get("dm", ())),
        lead_entities=tuple(d["le"]) if "le" in d else lead_entity_words(d["title"], lead),
        automated=bool(d.get("au")))
