"""The stages of ingest that need nothing but the document: extraction and story features.

    FetchedDocument --extract--> Article --features (embedding)--> Prepared

They read no store and no index, so they run wherever the documents are: in the ingesting process
(``Pipeline.process_batch``), in worker processes beside it (``PreparePool``: ``newsloom ingest
--workers N``), or in the partitions of a Spark job backfilling a crawl archive (``prepare_batch`` inside
``mapPartitions``; see docs/architecture.md). What follows needs the state of everything stored before
(the copy index, the open stories) and runs in one process, in arrival order: ``Pipeline.add_prepared``.

A ``Prepared`` is plain data (picklable, no exception inside): an article with its story features, or the
failure of its input (the stage, the message, the subject) for the pipeline to record. An exception
outside newsloom's tree is logged with its traceback where it happened and becomes the input's failure.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Self

from .errors import FetchError, NewsloomError
from .extract import extract_article
from .model import Article, FetchedDocument

__all__ = ["PreparePool", "Prepared", "prepare_batch", "story_features"]

_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Prepared:
    """One input made ready for the stateful stages: ``article`` with its story ``features`` (None when
    they failed: the article's storage then fails as its own error), or, with no article, the ``stage``
    that failed ('fetch', 'read', 'extract') and its ``message``. ``subject`` names the input."""

    subject: str | None
    article: Article | None = None
    features: object | None = None  # stories.ArticleFeatures (not imported here: see ``story_features``)
    stage: str = ""
    message: str = ""


def _extract(item: FetchedDocument | NewsloomError) -> Article | Prepared:
    if isinstance(item, NewsloomError):  # an input that could not be had: a fetch failed, or a file read
        return Prepared(item.subject, stage="fetch" if isinstance(item, FetchError) else "read", message=item.message)
    try:
        return extract_article(item)
    except NewsloomError as exc:
        return Prepared(exc.subject or item.url, stage="extract", message=exc.message)
    except Exception as exc:  # noqa: BLE001 - a bug or a library choking on one input: that input's error
        _log.error("unexpected %s in stage extract for %s", type(exc).__name__, item.url, exc_info=exc)
        return Prepared(item.url, stage="extract", message=f"unexpected {type(exc).__name__}: {exc}")


def story_features(articles: Sequence[Article], embedder) -> dict:
    """Story features of ``articles`` by id, embedded in one batch. Should the batch fail, each article is
    tried alone; one that still fails gets none (its storage then fails as its own error)."""
    if not articles:
        return {}
    from .stories import featurize_many

    try:
        return {a.id: f for a, f in zip(articles, featurize_many(articles, embedder=embedder))}
    except Exception:  # noqa: BLE001 - one article must not cost the batch; each is retried alone
        _log.error("story features failed for a batch of %d; trying one by one", len(articles), exc_info=True)
    features = {}
    for article in articles:
        try:
            features[article.id] = featurize_many([article], embedder=embedder)[0]
        except Exception:  # noqa: BLE001 - logged; the article's own storage reports the failure
            _log.error("story features failed for %s", article.url or article.id, exc_info=True)
    return features


def prepare_batch(items: Sequence[FetchedDocument | NewsloomError], *, embedder,
                  known: Callable[[str], bool] | None = None) -> list[Prepared]:
    """Extract every item and embed the story features of its article, in one batch; one ``Prepared`` per
    item, in order. ``known(article_id)``: articles stored already, whose features are not computed (they
    are duplicates; a worker that reads no store computes them all, to the same result)."""
    extracted = [_extract(item) for item in items]
    fresh = [a for a in extracted if isinstance(a, Article) and not (known and known(a.id))]
    features = story_features(fresh, embedder)
    return [a if isinstance(a, Prepared) else Prepared(item.url, a, features.get(a.id))
            for a, item in zip(extracted, items)]


# -- worker processes ------------------------------------------------------------------------------------

_worker_embedder = None  # a worker process's story embedder: set by ``_start_worker``, never on import

# What the fork server imports before forking workers: the costly imports of every worker, done once
PRELOAD = ("torch", "sentence_transformers", "newsloom.extract", "newsloom.stories", "newsloom.prepare")


def _context() -> multiprocessing.context.BaseContext:
    """multiprocessing's forkserver, told what to import first (a module that fails to import there is
    imported by each worker instead); spawn where there is no fork (Windows)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(PRELOAD))
    return context


def _start_worker() -> None:
    global _worker_embedder
    from .embed import Embedder

    _worker_embedder = Embedder.for_stories()  # as the pipeline embeds story features


def _prepare_in_worker(items: list[FetchedDocument]) -> list[Prepared]:
    return prepare_batch(items, embedder=_worker_embedder)


class PreparePool:
    """``workers`` processes preparing batches of documents while the caller adds the ones before
    (``Pipeline.run(..., pool=)``). Batches come back in the order they were given; at most ``ahead``
    batches are in flight (memory stays bounded whatever the input's length); the caller may prepare some
    itself (``prepare(local=)``). Workers are forked from a fresh server process (multiprocessing's
    forkserver, never from the caller, which holds threads and a model) that has imported the libraries
    once (``PRELOAD``: torch and sentence-transformers are about 5 s of CPU to import); each worker loads its
    own embedding model (about 0.7 s), so a pool, or a pool started again, costs 5 s once, not per worker.
    Inputs that are errors already (a file that could not be read) are turned into their ``Prepared``
    here, without a trip to a worker.

    A worker that dies (a document crashing the parser's C code, the kernel killing it for memory) takes
    no input down but the one that killed it: the pool starts again, the batches in flight are handed
    over again, and the documents of the batch it was preparing are tried one at a time; the one that
    kills a worker on its own becomes that input's failure. ``task`` is the function the workers run on a
    list of documents (``prepare_batch`` with the worker's model; a test passes one that crashes)."""

    def __init__(self, workers: int, *, ahead: int | None = None,
                 task: Callable[[list[FetchedDocument]], list[Prepared]] | None = None) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self.ahead = ahead or 2 * (workers + 1)  # batches in flight: two rounds of the workers and the caller
        self.restarts = 0  # how often a dead worker made the pool start again
        self.local_batches = 0  # batches the caller prepared itself (``prepare(local=)``)
        self._task = task or _prepare_in_worker
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=_context(), initializer=_start_worker)

    def prepare(self, batches: Iterable[Sequence[FetchedDocument | NewsloomError]], *,
                local: Callable[[list], list[Prepared]] | None = None) -> Iterator[list[Prepared]]:
        """Each batch prepared, in order, as soon as it and those before it are done. With ``local`` (the
        caller's own ``prepare_batch``), one batch in every ``workers + 1`` is prepared by the caller when its
        turn comes, while the workers prepare those after it: the caller would otherwise wait, since adding
        a batch costs far less than preparing one (on 2 cores, 1 worker and the caller halve the time)."""
        # [batch, its documents, their future (for a batch prepared here: None, then its Prepared), prepared here]
        pending: deque[list] = deque()
        for k, batch in enumerate(batches):
            docs = [item for item in batch if not isinstance(item, NewsloomError)]
            here = local is not None and k % (self.workers + 1) == self.workers
            pending.append([list(batch), docs, None if here else self._submit(docs), here])
            if len(pending) >= self.ahead:
                yield self._collect(pending, local)
        while pending:
            yield self._collect(pending, local)

    def _submit(self, docs: list[FetchedDocument]) -> Future | None:
        return self._executor.submit(self._task, docs) if docs else None

    def _collect(self, pending: deque[list], local: Callable[[list], list[Prepared]] | None) -> list[Prepared]:
        """The first batch in flight, prepared. While a worker still prepares it, the caller prepares the
        first batch in flight that is its own to prepare."""
        head = pending[0]
        waiting = not head[3] and head[2] is not None and not head[2].done()
        if waiting:
            mine = next((entry for entry in pending if entry[3] and entry[2] is None), None)
            if mine is not None:
                mine[2] = local(mine[0])
                self.local_batches += 1
        batch, docs, future, here = pending.popleft()
        if here:
            if future is None:
                self.local_batches += 1
                return local(batch)
            return future  # prepared above, while the workers were busy
        try:
            done = future.result() if future is not None else []
        except BrokenProcessPool:
            self._restart(pending)
            done = [self._alone(doc, pending) for doc in docs]
        return _assembled(batch, done)

    def _restart(self, pending: deque[list]) -> None:
        """A fresh set of workers, the batches in flight handed over to them again."""
        _log.error("a worker process died; starting the pool again (%d batch(es) in flight handed over again)",
                   len(pending))
        self.restarts += 1
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._executor = self._start()
        for entry in pending:
            if not entry[3]:
                entry[2] = self._submit(entry[1])

    def _alone(self, doc: FetchedDocument, pending: deque[list]) -> Prepared:
        """One document of a batch whose worker died, prepared on its own."""
        try:
            return self._executor.submit(self._task, [doc]).result()[0]
        except BrokenProcessPool:
            self._restart(pending)
            return Prepared(doc.url, stage="extract", message="the worker process preparing it died "
                                                              "(a crash in a parser, or out of memory)")

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _assembled(batch: list, prepared: list[Prepared]) -> list[Prepared]:
    """The batch's ``Prepared`` in its order: the workers' for its documents, the errors' made here."""
    done = iter(prepared)
    return [_extract(item) if isinstance(item, NewsloomError) else next(done) for item in batch]
