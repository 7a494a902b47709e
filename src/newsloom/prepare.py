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
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
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
    that failed ('fetch', 'read', 'extract') and its ``message``. ``subject`` names the input;
    ``requested_url`` the URL that was asked for when a redirect led to another (``FetchedDocument``): a
    takedown of the old address covers the page too."""

    subject: str | None
    article: Article | None = None
    features: object | None = None  # stories.ArticleFeatures (not imported here: see ``story_features``)
    stage: str = ""
    message: str = ""
    requested_url: str | None = None


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
    return [a if isinstance(a, Prepared) else Prepared(item.url, a, features.get(a.id),
                                                       requested_url=getattr(item, "requested_url", None))
            for a, item in zip(extracted, items)]


# -- worker processes ------------------------------------------------------------------------------------

_worker_embedder = None  # a worker process's story embedder: set by ``_start_worker``, never on import

# What the fork server imports before forking workers: the costly imports of every worker, done once
PRELOAD = ("torch", "sentence_transformers", "newsloom.extract", "newsloom.stories", "newsloom.prepare")
_WATCH_EVERY = 1.0  # seconds between a worker's checks that the process it works for is still there


def _context() -> multiprocessing.context.BaseContext:
    """multiprocessing's forkserver, told what to import first (a module that fails to import there is
    imported by each worker instead); spawn where there is no fork (Windows)."""
    from .embed import offline_environment

    offline_environment()  # inherited by the fork server, before it imports the Hugging Face libraries
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(PRELOAD))
    return context


def _start_worker(owner: int | None = None) -> None:
    """A worker's start: its embedding model, and a watch on ``owner`` (the process whose pool it is),
    which it does not outlive: killed outright (SIGKILL, the OOM killer), that process can stop no worker."""
    global _worker_embedder
    from .embed import Embedder

    _worker_embedder = Embedder.for_stories()  # as the pipeline embeds story features
    if owner is not None:
        threading.Thread(target=_watch, args=(owner,), name="newsloom-owner-watch", daemon=True).start()


def _watch(owner: int) -> None:
    while _running(owner):
        time.sleep(_WATCH_EVERY)
    os._exit(1)


def _running(pid: int) -> bool:
    """Whether process ``pid`` runs: it exists and, where /proc tells, is no zombie (a process killed whose
    parent has not yet reaped it, as a caller waiting for its output to end would not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        if Path("/proc/self").exists():
            return False
    except OSError:
        pass
    else:
        return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    try:  # no /proc (macOS)
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # there, but not ours to signal
        pass
    return True


def _prepare_in_worker(items: list[FetchedDocument]) -> list[Prepared]:
    return prepare_batch(items, embedder=_worker_embedder)


_DIED = "the worker process preparing it died (a crash in a parser, or out of memory)"


@dataclass(slots=True, eq=False)
class _Batch:
    """A batch in the pool's care: its inputs, the documents among them (errors need no worker), and where it
    is: prepared by the caller (``here``), or by the workers (``future``: None while not handed to them);
    ``suspect``: it was in the workers' hands when one died, so it is prepared again on its own."""

    items: list
    docs: list[FetchedDocument]
    here: bool = False
    future: Future | None = None
    done: list[Prepared] | None = None  # prepared by the caller ahead of its turn
    suspect: bool = False


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
    no input down but the one that killed it. Which batch killed it is not known (every batch in the
    workers' hands fails with it), so the pool starts again, and each of those batches is prepared again on
    its own, with no other in flight: one that kills a worker again is tried one document at a time, and a
    document that kills a worker on its own becomes that input's failure. A worker does not outlive the
    process it works for, and leaving the pool on an exception (Ctrl-C, SIGTERM made one) stops the
    workers at once rather than waiting for their batches. With ``time_limit`` (seconds a document may take),
    a batch not back within that many seconds per document from when it is awaited is taken for a hung
    worker: the workers are stopped and started again and the batch is handled as one whose worker died, a
    document over the limit on its own becoming that input's failure; the caller then prepares no batch
    itself (``prepare(local=)`` is ignored: nothing could stop it). ``task`` is the function the workers run
    on a list of documents (``prepare_batch`` with the worker's model; a test passes one that crashes)."""

    def __init__(self, workers: int, *, ahead: int | None = None, time_limit: float | None = None,
                 task: Callable[[list[FetchedDocument]], list[Prepared]] | None = None) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        if time_limit is not None and time_limit <= 0:
            raise ValueError("time_limit must be positive")
        self.workers = workers
        self.time_limit = time_limit
        self.ahead = ahead or 2 * (workers + 1)  # batches in flight: two rounds of the workers and the caller
        self.restarts = 0  # how often a dead worker made the pool start again
        self.local_batches = 0  # batches the caller prepared itself (``prepare(local=)``)
        self._task = task or _prepare_in_worker
        self._pending: deque[_Batch] = deque()
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.workers, mp_context=_context(), initializer=_start_worker,
                                   initargs=(os.getpid(),))

    def prepare(self, batches: Iterable[Sequence[FetchedDocument | NewsloomError]], *,
                local: Callable[[list], list[Prepared]] | None = None) -> Iterator[list[Prepared]]:
        """Each batch prepared, in order, as soon as it and those before it are done. With ``local`` (the
        caller's own ``prepare_batch``), one batch in every ``workers + 1`` is prepared by the caller when its
        turn comes, while the workers prepare those after it: the caller would otherwise wait, since adding
        a batch costs far less than preparing one (on 2 cores, 1 worker and the caller halve the time)."""
        pending = self._pending = deque()  # this call's (a call given up on leaves its batches behind)
        if self.time_limit is not None:
            local = None  # the caller's own preparing has no time limit
        for k, items in enumerate(batches):
            batch = _Batch(list(items), [item for item in items if not isinstance(item, NewsloomError)],
                           here=local is not None and k % (self.workers + 1) == self.workers)
            pending.append(batch)
            self._hand_over()
            if len(pending) >= self.ahead:
                yield self._collect(local)
        while pending:
            yield self._collect(local)

    def _hand_over(self) -> None:
        """Give the workers the batches of theirs not in their hands, unless some are suspects: those are
        prepared one by one, with nothing else in flight (a second death must name its batch)."""
        if any(b.suspect for b in self._pending):
            return
        for batch in self._pending:
            if not batch.here and batch.future is None and batch.docs:
                try:
                    batch.future = self._executor.submit(self._task, batch.docs)
                except BrokenProcessPool:  # a worker died since the last look: its batch is not known yet
                    self._restart()
                    return

    def _collect(self, local: Callable[[list], list[Prepared]] | None) -> list[Prepared]:
        """The first batch in flight, prepared. While a worker still prepares it, the caller prepares the
        first batch in flight that is its own to prepare."""
        pending = self._pending
        head = pending[0]
        if not head.here and head.future is not None and not head.future.done():
            mine = next((b for b in pending if b.here and b.done is None), None)
            if mine is not None:
                mine.done = local(mine.items)
                self.local_batches += 1
        if head.here:
            pending.popleft()
            if head.done is None:
                self.local_batches += 1
                return local(head.items)
            return head.done
        if head.suspect or head.future is None:  # a suspect, or held back while there were suspects
            done = self._alone(head.docs)
        else:
            try:
                done = head.future.result(timeout=self._limit(head.docs))
            except (BrokenProcessPool, TimeoutError) as exc:
                self._restart(exc)
                done = self._alone(head.docs)
        pending.popleft()
        head.suspect = False
        self._hand_over()
        return _assembled(head.items, done)

    def _limit(self, docs: list) -> float | None:
        """Seconds a batch of ``docs`` may take (None: no limit)."""
        return None if self.time_limit is None else self.time_limit * max(1, len(docs))

    def _restart(self, why: BaseException | None = None) -> None:
        """A fresh set of workers after one died (or hung: ``why`` a TimeoutError). Every batch in the old
        workers' hands not prepared already becomes a suspect, to be prepared again on its own."""
        _log.error("a worker process %s; starting the pool again (%d batch(es) in flight)",
                   "overran the time limit" if isinstance(why, TimeoutError) else "died", len(self._pending))
        self.restarts += 1
        self._stop(self._executor)
        for batch in self._pending:
            if batch.future is not None and not _prepared(batch.future):
                batch.future, batch.suspect = None, True
        self._executor = self._start()

    def _alone(self, docs: list[FetchedDocument]) -> list[Prepared]:
        """A suspect batch prepared with nothing else in flight; should a worker die or hang again, each of
        its documents on its own."""
        if not docs:
            return []
        try:
            return self._executor.submit(self._task, docs).result(timeout=self._limit(docs))
        except (BrokenProcessPool, TimeoutError) as exc:
            self._restart(exc)
            why = exc
        if len(docs) == 1:
            message = _DIED if not isinstance(why, TimeoutError) else \
                f"took longer than {self.time_limit:g} s to extract and embed (stopped)"
            return [Prepared(docs[0].url, stage="extract", message=message)]
        return [prepared for doc in docs for prepared in self._alone([doc])]

    @staticmethod
    def _stop(executor: ProcessPoolExecutor) -> None:
        """Stop ``executor``'s workers now, whatever they are doing."""
        processes = list((getattr(executor, "_processes", None) or {}).values())
        executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.kill()
        for process in processes:
            process.join(timeout=5)

    def close(self) -> None:
        """Let the workers finish what they hold, then stop them."""
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is None:
            self.close()
        else:  # Ctrl-C, SIGTERM, a failing store: the batches in flight are not wanted any more
            self._stop(self._executor)


def _prepared(future: Future) -> bool:
    """Whether ``future`` holds a batch prepared (not failed, not cancelled, not still running)."""
    return future.done() and not future.cancelled() and future.exception() is None


def _assembled(batch: list, prepared: list[Prepared]) -> list[Prepared]:
    """The batch's ``Prepared`` in its order: the workers' for its documents, the errors' made here."""
    done = iter(prepared)
    return [_extract(item) if isinstance(item, NewsloomError) else next(done) for item in batch]
