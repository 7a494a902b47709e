"""Trace one article: find candidate copies, classify each pair, resolve the primary source."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from ..model import Article, Provenance, Relation
from ..urls import normalise_url
from .compare import DEFAULT_THRESHOLDS, Thresholds, compare_articles
from .fingerprint import Fingerprint, fingerprint
from .index import CopyIndex
from .outlets import OutletTable
from .provenance import Lookup, RelationsOf, _get, resolve_provenance
from .semantic import Encoder

__all__ = ["TraceResult", "trace_article"]


@dataclass(frozen=True, slots=True, eq=False)
class TraceResult:
    article_id: str
    relations: tuple[Relation, ...]  # copy_id/original_id say the direction of each pair
    provenance: Provenance
    fingerprint: Fingerprint
    candidates: tuple[str, ...] = ()  # ids that were compared (LSH hits first, then extras)


def trace_article(article: Article, *, index: CopyIndex, lookup: Lookup, embedder: Encoder | None = None,
                  extra_candidates: Iterable[str] = (), relations_of: RelationsOf | None = None,
                  outlets: OutletTable | None = None, limit: int = 20,
                  thresholds: Thresholds = DEFAULT_THRESHOLDS) -> TraceResult:
    """Compare ``article`` with its LSH candidates and ``extra_candidates`` (e.g. same-story ids).

    Each pair is compared in time order (the earlier article is the original; a link from one
    to the other overrides time). The index is not modified: add ``result.fingerprint`` to it
    (and to the store) once the article is stored.
    """
    fp = fingerprint(article)
    ids = dict.fromkeys([*index.candidates(fp, limit=limit, exclude=article.id), *extra_candidates])
    ids.pop(article.id, None)
    relations = []
    for other_id in ids:
        other = _get(lookup, other_id)
        if other is None:
            continue
        if _is_original(article, other):
            relations.append(compare_articles(other, article, embedder=embedder, thresholds=thresholds))
        else:
            relations.append(compare_articles(article, other, embedder=embedder, thresholds=thresholds))
    provenance = resolve_provenance(article, relations, lookup, relations_of=relations_of,
                                    outlets=outlets or OutletTable.default())
    return TraceResult(article.id, tuple(relations), provenance, fp, tuple(ids))


def _is_original(article: Article, other: Article) -> bool:
    """True when ``article`` is upstream of ``other``: ``other`` links to it, or came later."""
    if _links(other, article):
        return True
    if _links(article, other):
        return False
    mine, theirs = article.first_seen, other.first_seen
    return _before(mine, theirs)


def _before(a: datetime | None, b: datetime | None) -> bool:
    return a is not None and b is not None and a < b


def _links(source: Article, target: Article) -> bool:
    targets = {normalise_url(u) for u in (target.url, target.canonical_url) if u}
    return any(u and normalise_url(u) in targets for u in (*source.links, source.canonical_url)
               if u != source.url)
