"""Trace one article: find candidate copies, classify each pair, resolve the primary source."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Article, Provenance, Relation, RelationKind
from ..urls import normalise_url
from .compare import DEFAULT_THRESHOLDS, Thresholds, compare_articles
from .fingerprint import Fingerprint, fingerprint
from .index import CopyIndex
from .order import time_order
from .outlets import OutletTable
from .provenance import Lookup, RelationsOf, _get, resolve_provenance
from .semantic import Encoder

__all__ = ["DOWNSTREAM_LIMIT", "TraceResult", "downstream_provenance", "trace_article"]

#: at most this many stored articles get their provenance re-resolved when a new article is their original
DOWNSTREAM_LIMIT = 50


@dataclass(frozen=True, slots=True, eq=False)
class TraceResult:
    article_id: str
    relations: tuple[Relation, ...]  # copy_id/original_id say the direction of each pair
    provenance: Provenance
    fingerprint: Fingerprint
    candidates: tuple[str, ...] = ()  # ids that were compared (LSH hits first, then extras)
    # stored articles whose provenance this article changes (it is their original although it came in
    # after them), re-resolved: to be saved with the article (``downstream_provenance``)
    updated: tuple[Provenance, ...] = ()


def trace_article(article: Article, *, index: CopyIndex, lookup: Lookup, embedder: Encoder | None = None,
                  extra_candidates: Iterable[str] = (), relations_of: RelationsOf | None = None,
                  copies_of: RelationsOf | None = None, outlets: OutletTable | None = None, limit: int = 20,
                  thresholds: Thresholds = DEFAULT_THRESHOLDS) -> TraceResult:
    """Compare ``article`` with its LSH candidates and ``extra_candidates`` (e.g. same-story ids).

    Each pair is compared in time order (the earlier article is the original: ``_is_original``; a
    link from one to the other overrides time), whichever of the two was ingested first. When the
    new article turns out to be the original of stored ones, their provenance changes:
    ``result.updated`` holds it re-resolved (and, given ``copies_of``, that of their stored copies
    in turn), to be saved with the article. The index is not modified: add ``result.fingerprint``
    to it (and to the store) once the article is stored.
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
    outlets = outlets or OutletTable.default()
    provenance = resolve_provenance(article, relations, lookup, relations_of=relations_of, outlets=outlets)
    updated = downstream_provenance(article, relations, lookup, relations_of=relations_of, copies_of=copies_of,
                                    outlets=outlets)
    return TraceResult(article.id, tuple(relations), provenance, fp, tuple(ids), updated)


def downstream_provenance(article: Article, relations: Iterable[Relation], lookup: Lookup, *,
                          relations_of: RelationsOf | None = None, copies_of: RelationsOf | None = None,
                          outlets: OutletTable | None = None, limit: int = DOWNSTREAM_LIMIT) -> tuple[Provenance, ...]:
    """The provenance of stored articles that ``relations`` (the new ``article``'s, not yet stored) make
    copies of it, resolved as if ``article`` and ``relations`` were stored already; with ``copies_of``
    (relations where an id is the original) also that of their stored copies, and so on, at most
    ``limit`` articles in all. Empty when the new article is nobody's original."""
    relations = tuple(relations)
    new: dict[str, list[Relation]] = {}
    for rel in relations:
        new.setdefault(rel.copy_id, []).append(rel)
    todo = [r.copy_id for r in relations
            if r.original_id == article.id and r.copy_id != article.id and r.kind is not RelationKind.INDEPENDENT]
    if not todo:
        return ()

    seen: dict[str, Article | None] = {article.id: article}  # each stored article read once

    def look(article_id: str) -> Article | None:
        if article_id not in seen:
            seen[article_id] = _get(lookup, article_id)
        return seen[article_id]

    def relations_with_new(article_id: str) -> list[Relation]:
        added = new.get(article_id, [])
        if article_id == article.id:
            return added
        pairs = {(r.copy_id, r.original_id) for r in added}
        stored = [r for r in (relations_of(article_id) if relations_of else ())
                  if (r.copy_id, r.original_id) not in pairs]
        return [*added, *stored]

    outlets = outlets or OutletTable.default()
    done: dict[str, Provenance] = {}
    queue = deque(todo)
    while queue and len(done) < limit:
        copy_id = queue.popleft()
        if copy_id in done or copy_id == article.id:
            continue
        copy = look(copy_id)
        if copy is None:
            continue
        done[copy_id] = resolve_provenance(copy, relations_with_new(copy_id), look,
                                           relations_of=relations_with_new, outlets=outlets)
        if copies_of is not None:
            queue.extend(r.copy_id for r in copies_of(copy_id) if r.kind is not RelationKind.INDEPENDENT)
    return tuple(done.values())


def _is_original(article: Article, other: Article) -> bool:
    """True when the new ``article`` is upstream of the stored ``other``: ``other`` links to it, or
    (neither linking to the other) ``article`` came first by ``order.time_order``: publication times
    when both state a plausible one, else fetch times. Only when no time tells them apart does the
    order of ingest decide: the stored article, seen first, is the original."""
    if _links(other, article):
        return True
    if _links(article, other):
        return False
    return time_order(article, other) < 0


def _links(source: Article, target: Article) -> bool:
    targets = {normalise_url(u) for u in (target.url, target.canonical_url) if u}
    return any(u and normalise_url(u) in targets for u in (*source.links, source.canonical_url)
               if u != source.url)
