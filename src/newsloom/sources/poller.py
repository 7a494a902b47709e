"""The poller behind ``newsloom run``: polls every due source, gathers new entries, hands documents over.

    poller = Poller(store, PollSettings(), on_documents=pipeline.ingest_documents)
    await poller.run(stop_event)          # until stop_event is set
    results = await poller.poll_once(now)  # one round over the sources due at ``now``

Guarantees:
- one source failing (or hanging until its timeout) never stops the others; every failure is
  recorded on the source's state and with ``store.record_error(stage="fetch", ...)``;
- entries are deduplicated across polls by GUID and normalised URL, and across sources by URL: an
  article page is fetched once, by the first source that lists it (while it gathers it, other sources
  listing the same URL leave it to that source; afterwards its seen-mark or stored article answers);
- an entry dated (published, else updated) more than ``max_entry_age`` before the poll is not gathered: a
  first poll of a sitemap or an archive feed would otherwise put months of old articles on the front page
  as new stories (undated entries are gathered; a backfill goes through ``newsloom ingest``, which has no
  cutoff); it is counted in ``PollResult.too_old`` and not marked seen, so that another source dating the
  same URL as recent still gathers it;
- an entry whose URL a takedown covers is not fetched (the store would refuse the page): counted in
  ``PollResult.taken_down``, not marked seen, so that it is gathered once the request is revoked;
- an entry whose page fails for now (timeout, 5xx, 429, network) is retried at the next poll; one whose
  page fails for good (gone, forbidden, disallowed by robots.txt, too large, not HTML) is stored from the
  feed's own title and summary when it has any text, and the page's failure is still recorded;
- crash safety: an entry is marked seen only after ``on_documents`` has returned for the batch
  holding its document, and the feed's ETag/Last-Modified are saved only after all its entries
  were handed over, so a SIGKILL at any point loses nothing (the next poll redoes the rest);
- an entry whose document ``on_documents`` could not store for now (a result with ``retry``, as
  ``Newsloom.ingest_documents`` returns when the store itself failed, a locked or full database: see
  :func:`_not_stored`) is not marked seen either, and the feed's ETag/Last-Modified are not saved: it is
  gathered again at the next poll. It is counted in ``PollResult.not_stored`` and said in the source's
  last_error. A batch none of whose documents could be stored ends the poll's gathering (the store is
  failing: the remaining entries wait for the next poll rather than have their pages fetched in vain);
  an entry refused by its content (nothing to extract), a duplicate or a takedown's suppression is done
  with and marked seen;
- a source that fails is retried with exponential back-off (honouring Retry-After), and is marked
  unhealthy, then polled only every ``max_backoff_s``, after ``unhealthy_after`` failures in a row. A
  source gone for good is so at once: HTTP 410, an internal address, a feed robots.txt disallows. The
  other statuses that usually mean for good (401, 403, 404, 451) count so only after ``permanent_after``
  such answers in a row (a timeout or a 503 between starts the count again): a feed 404s for a few
  minutes during a deploy or a CDN hiccup, and one such answer must not stop it for a day;
- a successful poll replaces the source's last_error with its own trouble, or clears it: an error shown
  on a source is one of its latest poll.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import random
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Self

from ..errors import (
    BlockedURLError,
    FeedError,
    FetchError,
    NewsloomError,
    RobotsDisallowedError,
    TooLargeError,
)
from ..model import FeedItem, FetchedDocument, Source, SourceState
from ..urls import normalise_url
from .charset import is_binary
from .discover import canonical_link
from .entries import Entries, entry_keys, feed_document, has_full_content, read_entries, text_length
from .feeds import entry_hints
from .fetcher import (
    FEED_ACCEPT,
    Fetcher,
    FetchResult,
    FetchSettings,
    FetchTimeoutError,
    HTTPStatusError,
    NetworkError,
    RobotsUnavailableError,
)
from .schedule import ScheduleSettings, backoff_delay, estimate_items_per_day, poll_interval, with_jitter

__all__ = ["OnDocuments", "PollResult", "PollSettings", "Poller", "is_transient"]

# sync (run in a worker thread) or async; returns nothing or one result per document, in order (see _not_stored)
OnDocuments = Callable[[list[FetchedDocument]], Any]
_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PollSettings:
    fetch: FetchSettings = field(default_factory=FetchSettings)
    schedule: ScheduleSettings = field(default_factory=ScheduleSettings)
    source_concurrency: int = 8  # sources polled at once
    max_new_items_per_poll: int = 100  # the rest waits for the next poll (which comes soon)
    batch_size: int = 10  # documents per on_documents call
    fetch_pages: bool = True  # fetch the article page when the feed has only a summary
    full_content_min_chars: int = 1200  # feed content with this much text counts as the article
    max_child_sitemaps: int = 5
    tick_s: float = 5.0
    seed: int | None = None
    # seen-marks of entries gone from their feed this long are forgotten (checked every prune_every);
    # should such an entry come back, the stored article's URL still keeps it from being fetched again
    seen_retention: timedelta = timedelta(days=30)
    prune_every: timedelta = timedelta(hours=6)
    errors_kept: int = 100_000  # the store's recorded errors are cut to the newest this many (every prune_every)
    # entries dated longer ago than this are not gathered (None: no cutoff); the stories stage closes a
    # story quiet for 7 days, so an older entry could only start a story that is stale already
    max_entry_age: timedelta | None = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class PollResult:
    source_id: int
    url: str
    ok: bool
    status: str  # new | not-modified | unchanged | error
    new_items: int = 0
    documents: int = 0
    pages_fetched: int = 0
    page_errors: int = 0
    error: str | None = None
    next_poll: datetime | None = None
    too_old: int = 0  # entries never gathered here, not gathered now: dated before ``PollSettings.max_entry_age``
    not_stored: int = 0  # entries whose document on_documents could not store for now: gathered again next poll
    taken_down: int = 0  # entries a takedown covers: not fetched, not marked seen


@dataclass(slots=True)
class _Outcome:
    new_items: int = 0
    documents: int = 0
    pages_fetched: int = 0
    page_errors: int = 0
    backlog: bool = False
    deferred: int = 0  # fresh entries left to another source that is gathering the same URL right now
    too_old: int = 0  # unseen entries dated before the age cutoff (not gathered, not marked seen)
    taken_down: int = 0  # unseen entries whose URL a takedown covers (not fetched, not marked seen)
    warning: str | None = None  # the source's own damage: an ill-formed feed, a missing child sitemap
    failed: list[NewsloomError] = field(default_factory=list)  # entries that gave nothing
    replaced: list[NewsloomError] = field(default_factory=list)  # entries stored from the feed: their page failed
    not_stored: list[str] = field(default_factory=list)  # why entries' documents could not be stored for now
    dates: list = field(default_factory=list)

    @property
    def last_error(self) -> str | None:
        """Every kind of trouble of this poll, joined with '; ' (one does not hide another): the source's
        own damage, then the entries that failed (over all batches), those not stored for now, then those
        stored from the feed."""
        parts = [self.warning]
        if self.failed:
            parts.append(f"{_entries(len(self.failed))} failed, e.g. {self.failed[0]}")
        if self.not_stored:
            parts.append(f"{_entries(len(self.not_stored))} not stored, retried at the next poll, "
                         f"e.g. {self.not_stored[0]}")
        if self.replaced:
            parts.append(f"{_entries(len(self.replaced))} stored from the feed's summary (the page failed), "
                         f"e.g. {self.replaced[0]}")
        return "; ".join(p for p in parts if p) or None


@dataclass(frozen=True, slots=True)
class _Gathered:
    keys: tuple[str, ...]
    document: FetchedDocument | None = None
    error: FetchError | FeedError | None = None
    retry: bool = False
    fetched: bool = False
    replaced: FetchError | None = None  # the page failed for good; ``document`` is the feed's own text instead


class _HandOverError(NewsloomError):
    pass


class Poller:
    def __init__(self, store, settings: PollSettings | None = None, on_documents: OnDocuments | None = None, *,
                 clock: Callable[[], datetime] | None = None, fetcher: Fetcher | None = None) -> None:
        self.store = store
        self.settings = settings or PollSettings()
        self._on_documents = on_documents or (lambda docs: None)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._fetcher = fetcher
        self._rng = random.Random(self.settings.seed)
        self._hand_lock: asyncio.Lock | None = None
        self._in_flight: dict[int, asyncio.Task] = {}
        self._pruned_at: datetime | None = None
        # URL keys of the entries being gathered right now, with the source gathering each: another source
        # listing the same URL meanwhile leaves it to that one (no page is fetched twice in one round)
        self._claims: dict[str, int] = {}

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(self.settings.fetch, clock=self._clock)
        return self._fetcher

    async def aclose(self) -> None:
        if self._fetcher is not None:
            await self._fetcher.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc) -> None:
        await self.aclose()

    # -- the loop ---------------------------------------------------------------------------------
    async def run(self, stop_event: asyncio.Event) -> None:
        """Poll due sources until ``stop_event`` is set; each source in its own task."""
        slots = asyncio.Semaphore(self.settings.source_concurrency)
        try:
            while not stop_event.is_set():
                self._start_due(slots)
                await self._sleep_until_due(stop_event)
        finally:
            for task in self._in_flight.values():
                task.cancel()
            await asyncio.gather(*self._in_flight.values(), return_exceptions=True)
            await self.aclose()

    def _start_due(self, slots: asyncio.Semaphore) -> None:
        now = self._clock()
        try:
            due = self.store.due_sources(now)
        except NewsloomError as exc:  # a locked or broken store: say so, try again next tick
            self._record(subject="poller", message=str(exc))
            return
        self._maybe_prune(now)
        for source, state in due:
            if source.id in self._in_flight:
                continue
            task = asyncio.create_task(self._poll_slot(slots, source, state))
            self._in_flight[source.id] = task
            task.add_done_callback(lambda _t, sid=source.id: self._in_flight.pop(sid, None))

    async def _poll_slot(self, slots: asyncio.Semaphore, source: Source, state: SourceState) -> PollResult:
        async with slots:
            return await self.poll_source(source, state, self._clock())

    async def _sleep_until_due(self, stop_event: asyncio.Event) -> None:
        wait = self.settings.tick_s
        try:
            nxt = self.store.next_due()
        except NewsloomError:
            nxt = None
        if nxt is not None:
            wait = min(wait, max(0.2, (nxt - self._clock()).total_seconds()))
        try:
            await asyncio.wait_for(stop_event.wait(), timeout=wait)
        except TimeoutError:
            pass

    async def poll_once(self, now: datetime | None = None) -> list[PollResult]:
        """Poll every source due at ``now`` (concurrently, bounded) and return one result per source."""
        now = now or self._clock()
        slots = asyncio.Semaphore(self.settings.source_concurrency)

        async def one(source: Source, state: SourceState) -> PollResult:
            async with slots:
                return await self.poll_source(source, state, now)

        results = list(await asyncio.gather(*(one(s, st) for s, st in self.store.due_sources(now))))
        self._maybe_prune(now)
        return results

    def _maybe_prune(self, now: datetime) -> None:
        """Forget old seen-marks and all but the newest ``errors_kept`` recorded errors, at most once per
        ``prune_every`` (a store error is recorded, not raised)."""
        if self._pruned_at is not None and now - self._pruned_at < self.settings.prune_every:
            return
        self._pruned_at = now
        try:
            self.store.prune_seen(now - self.settings.seen_retention)
        except NewsloomError as exc:
            self._record(subject="poller", message=f"pruning seen entries: {exc}")
        try:
            self.store.prune_errors(keep=self.settings.errors_kept)
        except NewsloomError as exc:
            self._record(subject="poller", message=f"pruning old errors: {exc}")

    # -- one source -------------------------------------------------------------------------------
    async def poll_source(self, source: Source, state: SourceState, now: datetime) -> PollResult:
        """Poll one source; never raises (except cancellation): failures become its state."""
        try:
            return await self._poll(source, state, now)
        except asyncio.CancelledError:
            raise
        except NewsloomError as exc:
            return self._failed(source, state, now, exc)
        except Exception as exc:  # noqa: BLE001 - a bug must not stop the other sources; it is recorded, not hidden
            return self._failed(source, state, now,
                                FetchError(f"unexpected {type(exc).__name__}: {exc}", subject=source.url))

    async def _poll(self, source: Source, state: SourceState, now: datetime) -> PollResult:
        if source.kind == "page" and self.store.is_seen(source.id, "url:" + normalise_url(source.url)):
            return self._succeeded(source, state, now, None, _Outcome(), status="unchanged")
        if source.kind == "page" and self._taken_down(source.url):  # the store would refuse it: not fetched
            return self._succeeded(source, state, now, None, _Outcome(taken_down=1), status="unchanged")
        result = await self.fetcher.fetch(source.url, etag=state.etag, last_modified=state.last_modified,
                                          accept=FEED_ACCEPT if source.kind == "feed" else None)
        if result.not_modified:
            return self._succeeded(self._follow_move(source, result), state, now, result, _Outcome(),
                                   status="not-modified")
        if source.kind == "page":
            outcome = await self._gather_page(source, result, now)
        else:
            # parsing is CPU work: off the event loop, so that a web server sharing the loop stays responsive
            entries = await asyncio.to_thread(read_entries, source.kind, result.body, url=result.url,
                                              headers=dict(result.headers))
            if entries.warning:  # damaged: the intact entries are kept, and it is said (errors list and source)
                self._record(subject=result.url, message=entries.warning)
            entries = await self._with_children(source, entries)
            outcome = await self._gather(source, entries, now)
        source = self._follow_move(source, result)  # only once the new address answered with what was asked for
        return self._succeeded(source, state, now, result, outcome, status="new" if outcome.new_items else
                               "unchanged")

    def _follow_move(self, source: Source, result: FetchResult) -> Source:
        """A feed that moved permanently (301/308 all the way) is polled at its new URL from now on,
        unless another source already has that URL."""
        if not result.moved_permanently or result.url == source.url or self.store.find_source(result.url):
            return source
        return self.store.update_source(replace(source, url=result.url))

    async def _with_children(self, source: Source, entries: Entries) -> Entries:
        """The entries of a sitemap index's children (at most ``max_child_sitemaps``). A damaged or missing
        child is recorded under its own URL and said in the index's warning too, so that the index source
        shows it (the intact children's entries are kept)."""
        items, notes = list(entries.items), [entries.warning]
        for child in entries.children[: self.settings.max_child_sitemaps]:
            try:
                fetched = await self.fetcher.fetch(child)
                child_entries = await asyncio.to_thread(read_entries, "sitemap", fetched.body, url=fetched.url,
                                                        headers={})
                items.extend(child_entries.items)
                problem = child_entries.warning
            except (FetchError, FeedError) as exc:
                problem = exc.message
            except Exception as exc:  # noqa: BLE001 - one child's bug must not cost the others; logged
                _log.error("unexpected error reading child sitemap %s", child, exc_info=True)
                problem = f"unexpected {type(exc).__name__}: {exc}"
            if problem:
                notes.append(f"child sitemap {child}: {problem}")
                self._record(subject=child, message=f"child sitemap of {source.url}: {problem}")
        warning = "; ".join(n for n in notes if n) or None
        return replace(entries, items=tuple(items), children=(), warning=warning)

    # -- entries -> documents ---------------------------------------------------------------------
    async def _gather(self, source: Source, entries: Entries, now: datetime) -> _Outcome:
        outcome = _Outcome(dates=[i.published or i.updated for i in entries.items], warning=entries.warning)
        unseen, outcome.too_old, outcome.taken_down = self._fresh(source, entries.items, now)
        fresh = [item for item in unseen if not self._claimed_elsewhere(source, item)]
        outcome.deferred = len(unseen) - len(fresh)
        todo = fresh[: self.settings.max_new_items_per_poll]
        outcome.backlog = len(fresh) > len(todo)
        outcome.new_items = len(fresh)
        claimed = self._claim(source, todo)  # no await since _fresh: no other source can claim in between
        try:
            for start in range(0, len(todo), self.settings.batch_size):
                batch = todo[start:start + self.settings.batch_size]
                gathered = await asyncio.gather(*(self._document_for(source, item, entries.title, now)
                                                  for item in batch))
                if not await self._deliver(source, list(gathered), now, outcome):
                    break  # nothing could be stored: the rest waits for the next poll (see _deliver)
        finally:  # delivered (and marked seen), failed or cancelled: other sources decide for themselves again
            for key in claimed:
                self._claims.pop(key, None)
        return outcome

    def _claimed_elsewhere(self, source: Source, item: FeedItem) -> bool:
        """Is another source gathering this entry's URL right now? (It is then left to that source: once
        handed over, its seen-mark keeps this source from fetching it; should that source fail, the
        entry is still fresh here at the next poll.)"""
        return any(self._claims.get(k, source.id) != source.id for k in entry_keys(item) if k.startswith("url:"))

    def _claim(self, source: Source, items: list[FeedItem]) -> list[str]:
        """Claim the URL keys of ``items`` for ``source``; returns the keys it newly claimed."""
        keys = [k for item in items for k in entry_keys(item) if k.startswith("url:") and k not in self._claims]
        for key in keys:
            self._claims[key] = source.id
        return list(dict.fromkeys(keys))

    def _fresh(self, source: Source, items: tuple[FeedItem, ...], now: datetime) -> tuple[list[FeedItem], int, int]:
        """Entries never seen for this source, in feed order, without duplicates within the feed, and how
        many unseen ones are dated before the age cutoff, and how many a takedown covers. Entries another
        source already handed over, or whose article is already stored, are marked seen here and not gathered
        again. Those too old are neither gathered nor marked seen: another source may date the same URL as
        recent (a seen-mark would hand it over to nobody), and a later, longer cutoff gathers them. Those a
        takedown covers are neither fetched (the store would refuse them) nor marked seen (a revoked request
        lets them be gathered)."""
        cutoff = now - self.settings.max_entry_age if self.settings.max_entry_age is not None else None
        keyed = [(item, entry_keys(item)) for item in items]
        all_keys = [k for _, keys in keyed for k in keys]
        mine = self.store.seen_keys(source.id, all_keys)
        if mine:
            self.store.touch_seen(source.id, mine, at=now, older_than=now - self.settings.prune_every)
        anywhere = self.store.seen_keys(None, [k for k in all_keys if k.startswith("url:")]) - mine
        fresh, taken, elsewhere, too_old, taken_down = [], set(), [], 0, 0
        for item, keys in keyed:
            if not keys or mine.intersection(keys):
                continue
            # within the feed an entry is the page it links to: a feed that gives one GUID to several links
            # lists several articles (by GUID only when the entry links nowhere)
            ident = [k for k in keys if k.startswith("url:")] or list(keys)
            if taken.intersection(ident):
                continue
            taken.update(ident)
            dated = item.published or item.updated
            if cutoff is not None and dated is not None and dated < cutoff:
                too_old += 1
                continue
            if self._taken_down(item.url):
                taken_down += 1
                continue
            known = anywhere.intersection(keys) or self._stored(item.url)
            (elsewhere if known else fresh).append(item)
        if elsewhere:
            self.store.mark_seen(source.id, [k for i in elsewhere for k in entry_keys(i)], at=now)
        return fresh, too_old, taken_down

    def _taken_down(self, url: str | None) -> bool:
        """Does a takedown in force cover this URL (``is_taken_down``)? Stores without it answer no."""
        taken_down = getattr(self.store, "is_taken_down", None)
        return bool(url and taken_down is not None and taken_down(url))

    def _stored(self, url: str | None) -> bool:
        """Is an article at this URL already in the store (as its URL, or its canonical URL on its own site:
        ``stored_at``)? Stores without ``stored_at`` answer no."""
        stored_at = getattr(self.store, "stored_at", None)
        return bool(url and stored_at is not None and stored_at(url))

    async def _document_for(self, source: Source, item: FeedItem, feed_title: str | None,
                            now: datetime) -> _Gathered:
        keys = entry_keys(item)
        url = item.url or (item.guid if (item.guid or "").startswith(("http://", "https://")) else None)
        try:
            full = has_full_content(item, self.settings.full_content_min_chars)
            if full or (not (url and self.settings.fetch_pages) and (item.content_html or item.summary)):
                doc_url = url or f"{source.url}#{item.guid or item.title or ''}"
                return _Gathered(keys, feed_document(item, url=doc_url, feed_title=feed_title, source=source.url,
                                                     now=now, origin="feed-content" if full else "feed-summary"))
            if not url or not self.settings.fetch_pages:
                raise FeedError("entry has no content" + ("" if url else " and no link"),
                                subject=url or f"{source.url}#{item.guid or '?'}")
            return await self._page_or_summary(source, item, url, feed_title, keys, now)
        except (FetchError, FeedError) as exc:
            self._record(subject=exc.subject or item.url or source.url, message=exc.message)
            return _Gathered(keys, error=exc, retry=is_transient(exc))
        except Exception as exc:  # noqa: BLE001 - one entry's bug must not cost the feed's other entries
            _log.error("unexpected error gathering %s from %s", url or item.guid, source.url, exc_info=True)
            error = FetchError(f"unexpected {type(exc).__name__}: {exc}", subject=url or source.url)
            self._record(subject=error.subject, message=error.message)
            return _Gathered(keys, error=error, retry=False)

    async def _page_or_summary(self, source: Source, item: FeedItem, url: str, feed_title: str | None,
                               keys: tuple[str, ...], now: datetime) -> _Gathered:
        """The entry's page; when that fails for good (see :func:`_falls_back`), the entry's own title and
        summary, if it has any text, so that the entry is not lost: it is marked seen either way and never
        asked again. The page's failure is recorded all the same and said on the source. A failure for now
        is raised instead: the entry is then retried at the next poll and may still give the whole page."""
        try:
            return await self._fetch_page(source, item, url, feed_title, keys)
        except FetchError as exc:
            if not (_falls_back(exc) and _has_text(item)):
                raise
            document = feed_document(item, url=url, feed_title=feed_title, source=source.url, now=now,
                                     origin="feed-summary")
            failure = FetchError(f"{exc.message}; the feed's summary was stored instead", subject=exc.subject or url)
            self._record(subject=failure.subject, message=failure.message)
            return _Gathered(keys, document, replaced=failure)

    async def _fetch_page(self, source: Source, item: FeedItem, url: str, feed_title: str | None,
                          keys: tuple[str, ...]) -> _Gathered:
        result = await self.fetcher.fetch(url)
        if result.content_type.lower() not in _PAGE_TYPES:
            raise FetchError(f"not an HTML page ({result.content_type})", subject=url)
        if is_binary(result.body):  # an image or archive labelled HTML: no page text to extract
            raise FetchError(f"binary content labelled {result.content_type}, not an HTML page", subject=url)
        hints = entry_hints(item, feed_title)
        hints["origin"] = "page"
        extra = {result.url, canonical_link(result.body, result.url)} - {url, None}
        keys = (*keys, *("url:" + normalise_url(u) for u in sorted(extra)))
        return _Gathered(keys, result.document(source=source.url, hints=hints), fetched=True)

    async def _gather_page(self, source: Source, result: FetchResult, now: datetime) -> _Outcome:
        if is_binary(result.body):  # said on the source (a failure), not only in the errors list at extraction
            raise FetchError(f"binary content ({result.content_type or 'no type'}), not an HTML page",
                             subject=result.url)
        outcome = _Outcome(new_items=1)
        keys = ("url:" + normalise_url(source.url), "url:" + normalise_url(result.url))
        await self._deliver(source, [_Gathered(keys, result.document(source=source.url), fetched=True)], now,
                            outcome)
        return outcome

    async def _deliver(self, source: Source, gathered: list[_Gathered], now: datetime, outcome: _Outcome) -> bool:
        """Hand the batch's documents over, then (and only then) mark its entries seen, except those to try
        again at the next poll: a page that failed for now, a document the handler could not store for now.
        A key such an entry shares with another (a GUID given to several links) is not marked either, or
        the shared mark would hide the entry at the next poll. Returns False when documents were handed
        over and none could be stored (the store is failing: gathering more this poll would only fetch
        pages in vain), else True."""
        docs = [g.document for g in gathered if g.document is not None]
        reasons = await self._hand_over(docs, source) if docs else []
        with_doc = [i for i, g in enumerate(gathered) if g.document is not None]
        unstored = {i: why for i, why in zip(with_doc, reasons, strict=True) if why is not None}
        again = {i for i, g in enumerate(gathered) if i in unstored or (g.document is None and g.retry)}
        kept = {k for i in again for k in gathered[i].keys}
        done = [k for i, g in enumerate(gathered) if i not in again for k in g.keys if k not in kept]
        self.store.mark_seen(source.id, done, at=now)
        outcome.documents += len(docs) - len(unstored)
        outcome.not_stored.extend(unstored.values())
        outcome.pages_fetched += sum(1 for g in gathered if g.fetched)
        outcome.failed.extend(g.error for g in gathered if g.error is not None)
        outcome.replaced.extend(g.replaced for g in gathered if g.replaced is not None)
        outcome.page_errors = len(outcome.failed) + len(outcome.replaced)
        outcome.backlog = outcome.backlog or any(g.retry for g in gathered)
        return not docs or len(unstored) < len(docs)

    async def _hand_over(self, docs: list[FetchedDocument], source: Source) -> list[str | None]:
        """Hand ``docs`` to ``on_documents``; per document, why it could not be stored for now (None: done
        with). A handler that raises stores nothing as far as the poller knows: the poll fails."""
        if self._hand_lock is None:
            self._hand_lock = asyncio.Lock()
        async with self._hand_lock:  # the pipeline sees one batch at a time
            try:
                if inspect.iscoroutinefunction(self._on_documents):
                    returned = await self._on_documents(docs)
                else:  # a lazy result (a generator, as Pipeline.run gives) is run through there too
                    returned = await asyncio.to_thread(_run_handler, self._on_documents, docs)
                if inspect.isawaitable(returned):  # an object whose __call__ is async
                    returned = await returned
            except Exception as exc:
                raise _HandOverError(f"documents not stored (on_documents failed: {type(exc).__name__}: {exc})",
                                     subject=source.url) from exc
        return _not_stored(docs, returned, source)

    # -- state -----------------------------------------------------------------------------------
    def _succeeded(self, source: Source, state: SourceState, now: datetime, result: FetchResult | None,
                   outcome: _Outcome, *, status: str) -> PollResult:
        sched = self.settings.schedule
        if outcome.too_old:  # said, not recorded as an error: the cutoff is a setting (NEWSLOOM_MAX_ENTRY_AGE_DAYS)
            _log.info("%s: %d entries older than the entry age cutoff skipped", source.url, outcome.too_old)
        elapsed = (now - state.last_success).total_seconds() if state.last_success else None
        rate = estimate_items_per_day(outcome.dates, now=now, previous=state.items_per_day,
                                      new_items=outcome.new_items, elapsed_s=elapsed, smoothing=sched.smoothing)
        delay = with_jitter(poll_interval(rate, source.interval_s, sched), sched, self._rng)
        if outcome.backlog:
            delay = sched.min_interval_s
        etag, modified = state.etag, state.last_modified
        if result is not None and not result.not_modified:  # saved only now: everything was handed over
            # entries left to another source are read again at the next poll (no 304), in case it failed,
            # and so are those whose documents could not be stored
            pending = outcome.backlog or outcome.deferred > 0 or bool(outcome.not_stored)
            etag = None if pending else result.headers.get("etag")
            modified = None if pending else result.headers.get("last-modified")
        new = replace(state, etag=etag, last_modified=modified, last_attempt=now, last_success=now,
                      consecutive_failures=0, gone_answers=0, healthy=True, items_per_day=round(rate, 3),
                      next_poll=now + timedelta(seconds=delay), last_error=outcome.last_error)
        self.store.save_state(new)
        return PollResult(source.id, source.url, True, status, outcome.new_items, outcome.documents,
                          outcome.pages_fetched, outcome.page_errors, outcome.last_error, new.next_poll,
                          outcome.too_old, len(outcome.not_stored), outcome.taken_down)

    def _failed(self, source: Source, state: SourceState, now: datetime, exc: NewsloomError) -> PollResult:
        sched = self.settings.schedule
        failures = state.consecutive_failures + 1
        answers = state.gone_answers + 1 if _permanent_status(exc) else 0  # 503, 503, 404 is one, not three
        gone = _gone(exc, answers, sched)
        healthy = not gone and failures < sched.unhealthy_after
        delay = backoff_delay(failures, sched, self._rng)
        if not healthy:
            delay = max(delay, with_jitter(sched.max_backoff_s, sched, self._rng))
        retry_after = getattr(exc, "retry_after_s", None)
        if retry_after:
            delay = max(delay, retry_after)
        message = exc.message
        if _permanent_status(exc) and not gone:  # say why a "permanent" answer is polled again soon
            message += (f"; retried with back-off ({answers} of {sched.permanent_after} such answers in a row "
                        "before the source counts as gone)")
        self._record(subject=source.url, message=message)
        new = replace(state, last_attempt=now, last_error=message, consecutive_failures=failures, healthy=healthy,
                      next_poll=now + timedelta(seconds=delay), gone_answers=answers)
        try:
            self.store.save_state(new)
        except NewsloomError:  # the source was removed meanwhile
            pass
        return PollResult(source.id, source.url, False, "error", error=message, next_poll=new.next_poll)

    def _record(self, *, subject: str, message: str) -> None:
        """Record a fetch error at the time it happened (by the poller's clock, not the poll's start), so
        that ``newsloom errors`` lists them in the order they came."""
        try:
            self.store.record_error(stage="fetch", subject=subject, message=message, at=self._clock())
        except NewsloomError:
            pass


def _gone(exc: NewsloomError, answers: int, settings: ScheduleSettings) -> bool:
    """Has the source failed for good with ``exc``? At once for HTTP 410 (the publisher says so), an internal
    address or robots.txt disallowing it (no retry changes either soon); for another status that usually
    means for good (404, 401, 403, 451) only when it is the ``answers``-th such answer in a row and that
    reaches ``settings.permanent_after``: a deploy or a CDN hiccup answers 404 for minutes, and a timeout or
    a 503 before it does not count."""
    if isinstance(exc, HTTPStatusError):
        return exc.status == 410 or (exc.permanent and answers >= settings.permanent_after)
    return isinstance(exc, (BlockedURLError, RobotsDisallowedError))


def _permanent_status(exc: NewsloomError) -> bool:
    return isinstance(exc, HTTPStatusError) and exc.permanent


def _run_handler(handler: OnDocuments, docs: list[FetchedDocument]) -> Any:
    """Call a sync ``on_documents`` (in the worker thread); a lazy result is consumed here, in the thread,
    since the documents are only processed as it is read."""
    returned = handler(docs)
    if isinstance(returned, Iterator):
        return list(returned)
    return returned


def _not_stored(docs: list[FetchedDocument], returned: Any, source: Source) -> list[str | None]:
    """Per document, why ``on_documents`` could not store it for now (its URL and the message of an error
    result with ``retry``: see ``ItemResult``), else None. The handler is pluggable: returning nothing, or
    anything but a list of results, means every document was taken. Results are matched to documents by
    position, as ``Newsloom.ingest_documents`` returns them (one per document, in order); a list of another
    length cannot be matched, so should any of its results ask for a retry, every document of the batch is
    handed over again (one already stored is then found stored at the next poll and marked seen, unfetched)."""
    if isinstance(returned, (str, bytes)) or not isinstance(returned, Sequence):
        return [None] * len(docs)
    if len(returned) == len(docs):
        return [None if (why := _retry_reason(r)) is None else f"{doc.url}: {why}" for doc, r in zip(docs, returned)]
    first = next((r for r in returned if _retry_reason(r) is not None), None)
    if first is None:
        return [None] * len(docs)
    _log.warning("on_documents gave %d results for %d documents from %s: all handed over again",
                 len(returned), len(docs), source.url)
    return [f"{getattr(first, 'subject', None) or doc.url}: {_retry_reason(first)}" for doc in docs]


def _retry_reason(result: Any) -> str | None:
    """Why a handler's ``result`` asks for its document to be handed over again (its message), or None."""
    if getattr(result, "status", None) != "error" or getattr(result, "retry", False) is not True:
        return None
    return str(getattr(result, "message", None) or "not stored")


def is_transient(exc: NewsloomError) -> bool:
    """Worth retrying later (timeouts, 5xx, 429 and other non-permanent statuses, robots.txt answering a
    server error, network) rather than giving up: an entry is retried at the next poll, a source backs off
    (honouring Retry-After), and ``newsloom sources add`` adds such a source unverified."""
    if isinstance(exc, (BlockedURLError, RobotsDisallowedError, TooLargeError, FeedError)):
        return False
    if isinstance(exc, HTTPStatusError):
        return not exc.permanent
    return isinstance(exc, (NetworkError, FetchTimeoutError, RobotsUnavailableError))


def _falls_back(exc: FetchError) -> bool:
    """Does a failed page leave its entry to the feed's own text? Yes when the page failed for good (gone,
    forbidden, disallowed by robots.txt, too large, not HTML, a redirect loop): the feed's publisher offered
    that text to aggregators. Not for a failure for now (retried at the next poll instead, which may give the
    whole page), nor for a link newsloom refuses to follow (an internal address or a non-http scheme: no
    article should carry that address)."""
    return not is_transient(exc) and not isinstance(exc, BlockedURLError)


def _has_text(item: FeedItem) -> bool:
    """Has the entry any text beyond its title (a summary or content that is not empty markup)?"""
    return max(text_length(item.content_html), text_length(item.summary)) > 0


def _entries(count: int) -> str:
    return f"{count} entr{'y' if count == 1 else 'ies'}"
