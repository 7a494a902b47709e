"""Trace stage: find every copy of an article and resolve its primary source, with evidence.

Public API::

    fingerprint(article) -> Fingerprint                    # pure; Fingerprint.to_bytes()/from_bytes()
    CopyIndex()                                            # add(id, fp), add_many(items), add_signatures(...),
                                                           # add_packed(batches of (ids, Fingerprint.to_bytes)),
                                                           # remove(id),
                                                           # candidates(fp, limit=20, exclude=None),
                                                           # nbytes(), bytes_per_article(), load(store)
    compare_articles(copy, original, *, embedder=None) -> Relation
    resolve_provenance(article, relations, lookup, *, relations_of=None, outlets=None) -> Provenance
    trace_article(article, *, index, lookup, embedder=None, extra_candidates=(),
                  relations_of=None, copies_of=None)
        -> TraceResult(relations, provenance, fingerprint, candidates, updated)
    downstream_provenance(article, relations, lookup, *, relations_of=None, copies_of=None)
        -> provenance of stored articles the new article turns out to be the original of
    precedes(a, b) / time_order(a, b)                      # which of two articles came first
    SentenceCache(embedder)                                # memoising encoder for repeated checks
    ParaphraseModel.load() / .predict(pairs, encoder)      # sentence-level paraphrase classifier
    Thresholds / DEFAULT_THRESHOLDS                        # decision thresholds of compare_articles
"""

from .compare import DEFAULT_THRESHOLDS, LexicalOverlap, Thresholds, compare_articles, lexical_overlap
from .fingerprint import Fingerprint, fingerprint, fingerprint_text
from .index import CopyIndex
from .order import precedes, time_order
from .outlets import Outlet, OutletTable
from .paraphrase import ParaphraseModel, pair_features
from .provenance import resolve_provenance
from .semantic import SentenceCache, align_sentences
from .tracer import TraceResult, downstream_provenance, trace_article

__all__ = [
    "DEFAULT_THRESHOLDS",
    "CopyIndex",
    "Fingerprint",
    "LexicalOverlap",
    "Outlet",
    "OutletTable",
    "ParaphraseModel",
    "SentenceCache",
    "Thresholds",
    "TraceResult",
    "align_sentences",
    "compare_articles",
    "downstream_provenance",
    "fingerprint",
    "fingerprint_text",
    "lexical_overlap",
    "pair_features",
    "precedes",
    "resolve_provenance",
    "time_order",
    "trace_article",
]
