"""The one place that knows the order of the stages.

    FetchedDocument --extract--> Article --policy--> --trace--> Relations, Provenance
                    --stories--> StoryAssignment --store--> (one transaction per article)

Each stage is a plain function or class from its own package; this module only wires them,
turns every failure into a per-item result (``ItemResult``) and writes each article with
everything derived from it in one transaction, so a crash never leaves half an article.

A failure is the item's, not the batch's: a NewsloomError and equally an unexpected exception
(a bug or a library choking on hostile input) in one item's extraction, features or storage
becomes that item's error, recorded with the exception's type and message (the traceback goes
to the log), and the other items go on. KeyboardInterrupt and SystemExit are not caught.

An error result says whether the same input may well succeed later (``ItemResult.retry``): a failure of
the store itself (a locked database, a full disk: a ``StorageError``, a raw ``sqlite3.Error``, memory or an
OS error) may pass, so a caller that can hand the input over again (the poller: the feed entry stays
unseen) should; anything else fails the same way on the same bytes and will not pass: a refusal by the
content (nothing to extract, an input that cannot be read or fetched), a trace or features step choking on
the text, an unexpected exception in extraction (a page that crashes the extractor is not fetched at every
poll); and a duplicate or a takedown's suppression is no error at all. Once the store fails on one article
of a batch, the batch's other new articles are not tried (each would fail alike, and after a failed write
the in-memory state is rebuilt from the store before the next: a full reload per article): their results
ask for a retry.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial

from .errors import NewsloomError, NotFoundError, StorageError
from .model import Article, FetchedDocument
from .prepare import Prepared, PreparePool, prepare_batch
from .sources.charset import scrub_surrogates

__all__ = ["ItemResult", "Pipeline", "batched"]

_COPY_KINDS = ("identical", "reprint", "excerpt", "rewrite")
_log = logging.getLogger(__name__)


def _original_of(trace) -> str | None:
    """The stored article this one copies (the strongest relation where it is the copy)."""
    best = max((r for r in trace.relations if r.copy_id == trace.article_id and r.kind.value in _COPY_KINDS),
               key=lambda r: r.score, default=None)
    return best.original_id if best else None


def batched(items: Iterable, size: int) -> Iterator[list]:
    """``items`` in lists of ``size`` (the last one shorter), lazily."""
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class ItemResult:
    """What happened to one input: stored, duplicate, suppressed (takedown) or error. ``retry``: an error
    that is not the input's own (the store failed): handed over again later, the input may well be stored."""

    subject: str
    status: str
    article_id: str | None = None
    story_id: str | None = None
    title: str | None = None
    message: str = ""
    retry: bool = False

    @property
    def ok(self) -> bool:
        return self.status != "error"


class Pipeline:
    """Runs documents through every stage into ``store``.

    ``embedder`` (the packaged MiniLM model, loaded lazily) serves the trace stage's sentence
    alignment; ``story_embedder`` (its int8 variant) the story features; ``clock`` supplies "now" so that runs are reproducible in tests. The in-memory indexes
    (copy LSH, story candidates) are rebuilt from the store when the pipeline is built.
    """

    #: same-story articles compared semantically when the LSH finds no copy (bounded cost)
    SAME_STORY_CANDIDATES = 6
    #: how often quiet stories are closed to new articles
    CLOSE_STALE_EVERY = timedelta(minutes=10)

    def __init__(self, store, *, embedder=None, story_embedder=None,
                 clock: Callable[[], datetime] = _utcnow) -> None:
        from .embed import Embedder
        from .stories import StoryService
        from .trace import CopyIndex, OutletTable, SentenceCache

        self.store = store
        self.clock = clock
        self.embedder = embedder or Embedder.for_sentences()  # trace: sentence alignment
        self.sentences = SentenceCache(self.embedder)
        self._fingerprint_seq = store.last_fingerprint_seq()  # before reading: see ``catch_up``
        self.copy_index = CopyIndex.load(store)
        self.outlets = OutletTable.default()  # read once, not per article
        # story features use the int8 model: same clustering quality, a third of the cost
        self.story_embedder = story_embedder or Embedder.for_stories()
        self.stories = StoryService(store, embedder=self.story_embedder)
        self._last_close: datetime | None = None
        self._stale = False  # a write failed after the in-memory state took its article in: see ``stale``

    # -- public ---------------------------------------------------------------------------
    #: documents extracted and embedded together (batched embedding is ~30% cheaper per text)
    BATCH_SIZE = 16

    def run(self, items: Iterable[FetchedDocument | NewsloomError], *,
            guard: Callable[[], AbstractContextManager] | None = None,
            pool: PreparePool | None = None) -> Iterator[ItemResult]:
        """Results in input order; documents are processed in batches of ``BATCH_SIZE``, each inside
        ``guard()`` when given (the caller's writer lock: held per batch, so that other writers, e.g. a
        takedown, wait seconds rather than a whole ingest). With a ``pool``, its worker processes extract
        and embed the batches ahead while this process adds each one (the lock is held for that part only)
        and prepares one batch in every ``workers + 1`` itself."""
        if pool is None:
            for batch in batched(items, self.BATCH_SIZE):
                with guard() if guard is not None else nullcontext():
                    results = self.process_batch(batch)
                yield from results  # the lock is not held while the caller reads the results
            return
        here = partial(prepare_batch, embedder=self.story_embedder, known=self.store.has_article)
        for prepared in pool.prepare(batched(items, self.BATCH_SIZE), local=here):
            with guard() if guard is not None else nullcontext():
                results = self.add_prepared(prepared)
            yield from results

    @property
    def stale(self) -> bool:
        """The in-memory stage state may hold what the store does not: a write failed (and was rolled back)
        after the stories stage had taken its article, merge, split or removal in (``StoryService.stale``).
        Only a ``reload`` from the store makes it right again; ``add_article`` does it before the next
        article, the facade before its next write."""
        return self._stale or self.stories.stale

    def reload(self) -> None:
        """Rebuild the in-memory stage state (copy index, open stories) from the store."""
        from .stories import StoryService
        from .trace import CopyIndex

        self._stale = True  # until rebuilt whole: a reload that fails half way is no better
        self._fingerprint_seq = self.store.last_fingerprint_seq()
        self.copy_index = CopyIndex.load(self.store)
        self.stories = StoryService(self.store, embedder=self.story_embedder, config=self.stories.config)
        self._stale = False

    def catch_up(self) -> None:
        """Another process has written to the store since this one last did: take in what it added (new
        fingerprints, features, changed stories), or reload everything after a deletion of articles or a
        re-cluster (``StoryService.catch_up``)."""
        if not self.stories.catch_up():
            self.reload()
            return
        index, last = self.copy_index, self._fingerprint_seq
        new = [(aid, fp) for aid, fp in self.store.iter_fingerprints(after_seq=last) if aid not in index]
        self._fingerprint_seq = self.store.last_fingerprint_seq()
        index.add_many(new)

    def synced(self) -> None:
        """This process holds everything stored so far (it wrote last): see ``catch_up``."""
        self._fingerprint_seq = self.store.last_fingerprint_seq()
        self.stories.synced()

    def recluster(self, *, now: datetime) -> int:
        """Re-run story clustering over every stored article; a copy joins its original's story directly,
        as on ingest (its strongest stored copy relation)."""
        return self.stories.recluster(now=now, copy_of=self.store.copy_originals(_COPY_KINDS))

    def process(self, item: FetchedDocument | NewsloomError) -> ItemResult:
        return self.process_batch([item])[0]

    def process_batch(self, items: Sequence[FetchedDocument | NewsloomError]) -> list[ItemResult]:
        """Extract every item, embed the new articles in one batch (``prepare_batch``), then trace, cluster
        and store them one by one in arrival order (``add_prepared``)."""
        return self.add_prepared(prepare_batch(items, embedder=self.story_embedder, known=self.store.has_article))

    def add_prepared(self, prepared: Sequence[Prepared]) -> list[ItemResult]:
        """Trace, cluster and store prepared inputs one by one in arrival order (each article in its own
        transaction); record the failures of the others."""
        results: list[ItemResult] = []
        failing: ItemResult | None = None  # the store failed on an earlier article of this batch
        for p in prepared:
            a = p.article
            if a is None:
                results.append(self._failed(NewsloomError(p.message, subject=p.subject), stage=p.stage))
            elif failing is not None:
                results.append(ItemResult(p.subject or a.url or a.id, "error", a.id, None, a.title,
                                          f"store: not tried, the store failed on an earlier article of this "
                                          f"batch ({failing.message})", retry=True))
            else:
                results.append(self.add_article(a, subject=p.subject, features=p.features,
                                                requested_url=p.requested_url))
                failing = results[-1] if results[-1].retry else None
        return results

    def add_article(self, article: Article, *, subject: str | None = None, features=None,
                    requested_url: str | None = None) -> ItemResult:
        """Trace, cluster and store ``article`` (one transaction), unless it is stored already or a takedown
        covers its URL, its canonical URL or ``requested_url``: the address that was asked for when it
        redirected to the article's (a page taken down at its old address is refused at its new one)."""
        subject = subject or article.url or article.id
        try:
            if self.stale:  # an earlier write failed after the stories stage took its article in memory
                self.reload()
            if self.store.has_article(article.id):
                return ItemResult(subject, "duplicate", article.id, self._story_of(article.id), article.title)
            if self.store.is_taken_down(article.url, article.canonical_url, requested_url):
                return ItemResult(subject, "suppressed", article.id, None, article.title,
                                  "a takedown request covers this URL")
            story_id = self._store_article(article, features)
        except NewsloomError as exc:  # a locked or full database (StorageError) may pass; the rest will not
            return self._failed(exc, stage="store", subject=subject, retry=_store_failed(exc))
        except Exception as exc:  # noqa: BLE001 - the transaction is rolled back; the next article goes on
            return self._unexpected(exc, stage="store", subject=subject, retry=_store_failed(exc))
        return ItemResult(subject, "stored", article.id, story_id, article.title)

    # -- stages ---------------------------------------------------------------------------
    def _trace(self, article: Article):
        from .trace import trace_article

        return trace_article(article, index=self.copy_index, lookup=self._lookup, embedder=self.sentences,
                             relations_of=self._copy_relations, copies_of=self.store.copies_of, outlets=self.outlets)

    def _trace_more(self, article: Article, trace, extra: list[str]):
        """Compare ``article`` with ``extra`` ids only, then resolve provenance over all relations."""
        from .trace import CopyIndex, TraceResult, downstream_provenance, resolve_provenance, trace_article

        more = trace_article(article, index=CopyIndex(), lookup=self._lookup, embedder=self.sentences,
                             extra_candidates=extra, relations_of=self._copy_relations, outlets=self.outlets)
        relations = (*trace.relations, *more.relations)
        provenance = resolve_provenance(article, relations, self._lookup, relations_of=self._copy_relations,
                                        outlets=self.outlets)
        updated = downstream_provenance(article, relations, self._lookup, relations_of=self._copy_relations,
                                        copies_of=self.store.copies_of, outlets=self.outlets)
        return TraceResult(article.id, relations, provenance, trace.fingerprint, (*trace.candidates, *extra),
                           updated)

    def _copy_relations(self, article_id: str):
        return self.store.relations_of(article_id, role="copy")

    def _lookup(self, article_id: str) -> Article | None:
        found = self.store.get_articles([article_id])
        return found[0] if found else None

    def _store_article(self, article: Article, features=None) -> str | None:
        now = self.clock()
        trace = self._trace(article)
        assignment = None
        try:
            with self.store.transaction():
                self.store.put_article(article)
                original = _original_of(trace)
                assignment = self.stories.process(article, now=now, copy_of=original, features=features)
                if original is None:  # rewrites the LSH cannot see: compare with recent same-story articles
                    extra = [i for i in self.store.story_article_ids(assignment.story_id)
                             if i != article.id and i not in trace.candidates][-self.SAME_STORY_CANDIDATES:]
                    if extra:
                        trace = self._trace_more(article, trace, extra)
                self.store.save_trace(relations=trace.relations, provenance=trace.provenance,
                                      fingerprint=trace.fingerprint, article_id=article.id)
                for provenance in trace.updated:  # stored copies this article turned out to be the original of
                    self.store.save_provenance(provenance)
        except BaseException:
            # the rollback undid the store only: the stories stage holds the article (its story, automatic
            # merges and splits, bridge counts, IDF), which the next article joining would store as a member
            # that does not exist. Rebuilt from the store before the next write (``stale``).
            if assignment is not None:
                self._stale = True
            raise
        self.copy_index.add(article.id, trace.fingerprint)  # after the commit: never a fingerprint of nothing
        self._close_stale(now)
        return assignment.story_id

    def _close_stale(self, now: datetime) -> None:
        """Close the quiet stories now and then. The article is stored by then: should the store refuse
        the closing, it stays stored (its result says so) and the stories stay open, in memory too (the
        clusterer, which forgot them, is rebuilt from the store: ``StoryService.stale``)."""
        if self._last_close is None or now - self._last_close >= self.CLOSE_STALE_EVERY:
            try:
                self.stories.close_stale(now)
            except Exception:  # noqa: BLE001 - not the article's failure; tried again with the next article
                _log.error("could not close the quiet stories; the stories stage is rebuilt", exc_info=True)
                return
            self._last_close = now

    def _story_of(self, article_id: str) -> str | None:
        return self.store.story_of(article_id)

    def _failed(self, exc: NewsloomError, *, stage: str, subject: str | None = None,
                retry: bool = False) -> ItemResult:
        subject = scrub_surrogates(exc.subject or subject or "?")
        message = scrub_surrogates(exc.message)
        try:
            self.store.record_error(stage=stage, subject=subject, message=message, at=self.clock())
        except StorageError as again:  # the store cannot take the error either (full disk, read-only file)
            _log.error("could not record the error of %s (%s): %s", subject, message, again)
            message += f" (not recorded: {again.message})"
        return ItemResult(subject, "error", message=f"{stage}: {message}", retry=retry)

    def _unexpected(self, exc: Exception, *, stage: str, subject: str | None, retry: bool = False) -> ItemResult:
        """An exception outside newsloom's error tree: logged with its traceback (so that tests and
        operators see the bug) and recorded as this item's error with its type and message (``retry``: the
        store failed, see :func:`_store_failed`)."""
        _log.error("unexpected %s in stage %s for %s", type(exc).__name__, stage, subject, exc_info=exc)
        return self._failed(NewsloomError(f"unexpected {type(exc).__name__}: {exc}", subject=subject),
                            stage=stage, subject=subject, retry=retry)


def _store_failed(exc: BaseException) -> bool:
    """Did the store itself fail (a locked or full database, an I/O error, memory), so that the same
    article may well be stored later? Not for a missing row (``NotFoundError``) or any other error, which
    the same input would meet again."""
    if isinstance(exc, NotFoundError):
        return False
    return isinstance(exc, (StorageError, sqlite3.Error, MemoryError, OSError))
