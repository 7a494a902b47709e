"""The poller retries what failed for now, and only that. A real HTTP server on 127.0.0.1 answers.

- an entry whose article the store could not take (a locked or full database, an unexpected error) stays
  unseen and is stored at the next poll; the poll says so; a feed whose documents all fail to store stops
  gathering after one batch instead of fetching every page in vain; a refusal by the content is final;
- a feed answering 404 once is retried with ordinary back-off and stays healthy; 410 is gone at once, and
  three 404s in a row are gone too;
- a successful poll clears the last error of an earlier one.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape
from pathlib import Path

import pytest

from helpers import Clock, daily_polls, poll_store
from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.errors import StorageError
from newsloom.model import Source
from newsloom.pipeline import ItemResult
from newsloom.sources.fetcher import FetchSettings
from newsloom.sources.poller import Poller, PollSettings
from newsloom.sources.schedule import ScheduleSettings
from servers import Reply, ScriptedServer

T0 = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)
RSS = "application/rss+xml"


@pytest.fixture
def site():
    with ScriptedServer() as server:
        server.route("/robots.txt", Reply(body=b"User-agent: *\nAllow: /\n", content_type="text/plain"))
        yield server


def _rss(server: ScriptedServer, count: int) -> bytes:
    items = "".join(f"<item><title>Harbour report {n}</title><link>{server.url(f'/art/{n}')}</link>"
                    f"<guid>urn:harbour:{n}</guid><description>A teaser.</description>"
                    f"<pubDate>{format_datetime(T0 - timedelta(hours=n + 1))}</pubDate></item>" for n in range(count))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour news</title>{items}'
            "</channel></rss>").encode()


def _page(n: int) -> bytes:
    words = ["container volumes", "ferry crossings", "cruise calls", "grain shipments"][n % 4]
    title = escape(f"Harbour report {n}: {words} at a record")
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>The harbour authority "
            f"said on Monday that {words} rose by a tenth in report {n}, the highest for the season since the "
            "new quay opened, and that more berths would follow next year.</p></article></body></html>").encode()


def _serve(server: ScriptedServer, count: int, *, etag: bool = True) -> None:
    """A feed of ``count`` entries with their pages; with ``etag`` the feed answers 304 to its ETag, so that
    a poll that saved the ETag would never see the entries again."""
    body = _rss(server, count)
    server.route("/feed", lambda req: Reply(status=304) if etag and req.headers.get("If-None-Match") == '"v1"'
                 else Reply(body=body, headers={"ETag": '"v1"'} if etag else {}, content_type=RSS))
    for n in range(count):
        server.route(f"/art/{n}", Reply(body=_page(n)))


def _poller(store, server: ScriptedServer, sink, clock: Clock, **kw) -> Poller:
    fetch = FetchSettings(allowed_hosts=frozenset({server.host_port}), min_host_interval_s=0.0, timeout_s=3.0)
    return Poller(store, PollSettings(fetch=fetch, seed=1, **kw), sink, clock=clock)


# -- 1. an article the store could not take is retried ----------------------------------------------------------
@pytest.mark.parametrize("failure", [StorageError("write failed: database is locked", subject="/data/newsloom.db"),
                                     sqlite3.OperationalError("disk I/O error")],
                         ids=["storage-error", "unexpected"])
def test_an_entry_whose_article_failed_to_store_is_stored_at_the_next_poll(site, tmp_path: Path, failure):
    _serve(site, 2)
    clock = Clock(T0)
    nl = open_newsloom(Settings(data_dir=tmp_path), clock=clock)
    try:
        src = nl.store.add_source(Source(url=site.url("/feed")))
        put_article, calls = nl.store.put_article, []

        def flaky(article):  # the first article's transaction fails, as a locked or full database makes it
            calls.append(article.url)
            if len(calls) == 1:
                raise failure
            return put_article(article)
        nl.store.put_article = flaky

        first, second, third = daily_polls(_poller(nl.store, site, nl.ingest_documents, clock), clock, 3)

        # the store failed on the batch's first article: the other was not tried (it would fail alike)
        assert first[0].ok and first[0].not_stored == 2 and first[0].documents == 0
        assert "2 entries not stored, retried at the next poll" in first[0].error and calls[0] in first[0].error
        assert second[0].ok and second[0].not_stored == 0 and second[0].documents == 2
        assert sorted(a.url for a in nl.articles()) == [site.url("/art/0"), site.url("/art/1")]
        assert [site.hits(f"/art/{n}") for n in range(2)] == [2, 2]  # both gathered again
        assert len(calls) == 3  # one article tried at the first poll, both at the second
        assert third[0].status == "not-modified" and nl.store.get_state(src.id).etag == '"v1"'
        assert nl.store.get_state(src.id).last_error is None
    finally:
        nl.close()


def _results(status: str, *, retry: bool = False, message: str = ""):
    """A handler answering every document with ``status`` (as ``Newsloom.ingest_documents`` does)."""
    def handle(docs):
        handed.extend(docs)
        return [ItemResult(d.url, status, message=message, retry=retry) for d in docs]
    handed: list = []
    handle.handed = handed
    return handle


def test_a_feed_whose_articles_all_fail_to_store_stops_after_one_batch(site):
    _serve(site, 25)
    store, clock = poll_store(), Clock(T0)
    src = store.add_source(Source(url=site.url("/feed")))
    failing = _results("error", retry=True, message="store: write failed: disk full")
    [[result]] = daily_polls(_poller(store, site, failing, clock, batch_size=10), clock, 1)

    assert result.ok and result.new_items == 25 and result.not_stored == 10 and result.documents == 0
    assert len(failing.handed) == 10 and sum(site.hits(f"/art/{n}") for n in range(25)) == 10
    assert store.count_seen(src.id) == 0
    state = store.get_state(src.id)
    assert "10 entries not stored" in state.last_error and "disk full" in state.last_error
    assert state.etag is None  # the next poll reads the feed again

    healed = _results("stored")
    [[again]] = daily_polls(_poller(store, site, healed, clock, batch_size=10), clock, 1)
    assert again.documents == 25 and again.not_stored == 0 and len(healed.handed) == 25


@pytest.mark.parametrize(("status", "message"), [("error", "extract: no article text found"),
                                                 ("duplicate", ""), ("suppressed", "a takedown request covers it")])
def test_an_entry_refused_by_its_content_is_done_with(site, status, message):
    _serve(site, 2, etag=False)
    store, clock = poll_store(), Clock(T0)
    store.add_source(Source(url=site.url("/feed")))
    handler = _results(status, message=message)
    first, second = daily_polls(_poller(store, site, handler, clock), clock, 2)
    assert first[0].not_stored == 0 and first[0].documents == 2
    assert second[0].new_items == 0 and len(handler.handed) == 2 and site.hits("/feed") == 2


def test_results_that_cannot_be_matched_to_the_documents_hand_the_batch_over_again(site):
    _serve(site, 2)
    store, clock = poll_store(), Clock(T0)
    src = store.add_source(Source(url=site.url("/feed")))
    calls: list[int] = []

    def one_result(docs):  # a handler answering with fewer results than documents
        calls.append(len(docs))
        return [ItemResult("?", "error", message="store: database is locked", retry=True)] if len(calls) == 1 else None
    first, second = daily_polls(_poller(store, site, one_result, clock), clock, 2)
    assert first[0].not_stored == 2 and store.get_state(src.id).last_error is None
    assert calls == [2, 2] and second[0].documents == 2


def test_a_lazy_handler_result_is_consumed(site):
    _serve(site, 2)
    store, clock, seen = poll_store(), Clock(T0), []

    def lazy(docs):  # as Pipeline.run: nothing happens until the results are read
        for doc in docs:
            seen.append(doc.url)
            yield ItemResult(doc.url, "stored")
    store.add_source(Source(url=site.url("/feed")))
    [[result]] = daily_polls(_poller(store, site, lazy, clock), clock, 1)
    assert result.documents == 2 and sorted(seen) == [site.url("/art/0"), site.url("/art/1")]


# -- 2. a 404 is retried; 410, or 404 three times in a row, is gone --------------------------------------------------
def _poll_when_due(store, poller: Poller, clock: Clock, source_id: int, rounds: int) -> list:
    """``rounds`` polls, each at the source's next poll time; the results with their delays in seconds."""
    import asyncio

    async def go():
        out = []
        for _ in range(rounds):
            clock.now = store.get_state(source_id).next_poll or clock.now
            [result] = await poller.poll_once(clock())
            out.append((result, (result.next_poll - clock()).total_seconds()))
        await poller.aclose()
        return out
    return asyncio.run(go())


def test_a_feed_that_404s_once_is_retried_soon_and_stays_healthy(site):
    site.route("/feed", Reply(status=404, body=b"deploying"), Reply(body=_rss(site, 0), content_type=RSS))
    store, clock = poll_store(), Clock(T0)
    src = store.add_source(Source(url=site.url("/feed")))
    schedule = ScheduleSettings()
    (failed, delay), (recovered, _) = _poll_when_due(store, _poller(store, site, None, clock), clock, src.id, 2)

    assert not failed.ok and "HTTP 404" in failed.error and "retried" in failed.error
    assert delay <= schedule.failure_base_s  # ordinary back-off, not a day
    assert recovered.ok and site.hits("/feed") == 2
    state = store.get_state(src.id)
    assert state.healthy and state.consecutive_failures == 0 and state.last_error is None


def test_410_gone_is_permanent_at_once(site):
    site.route("/feed", Reply(status=410))
    store, clock = poll_store(), Clock(T0)
    src = store.add_source(Source(url=site.url("/feed")))
    schedule = ScheduleSettings()
    [(result, delay)] = _poll_when_due(store, _poller(store, site, None, clock), clock, src.id, 1)
    assert not result.ok and "HTTP 410" in result.error
    assert not store.get_state(src.id).healthy and delay >= schedule.max_backoff_s * (1 - schedule.jitter)


def test_three_404s_in_a_row_are_permanent(site):
    site.route("/feed", Reply(status=404))
    store, clock = poll_store(), Clock(T0)
    src = store.add_source(Source(url=site.url("/feed")))
    schedule = ScheduleSettings()
    polls = _poll_when_due(store, _poller(store, site, None, clock), clock, src.id, 3)
    delays = [delay for _, delay in polls]
    assert all(delay <= schedule.failure_base_s * 2 for delay in delays[:2])
    assert delays[2] >= schedule.max_backoff_s * (1 - schedule.jitter)
    state = store.get_state(src.id)
    assert not state.healthy and state.consecutive_failures == 3 and "HTTP 404" in state.last_error
    assert "retried" not in state.last_error


def test_a_404_after_other_failures_starts_its_own_count(site):
    site.route("/feed", Reply(status=503), Reply(status=503), Reply(status=404))  # a deploy: down, then 404
    store, clock = poll_store(), Clock(T0)
    src = store.add_source(Source(url=site.url("/feed")))
    _poll_when_due(store, _poller(store, site, None, clock), clock, src.id, 3)
    state = store.get_state(src.id)
    assert state.healthy and state.consecutive_failures == 3 and state.gone_answers == 1
    assert "1 of 3 such answers in a row" in state.last_error


# -- 3. a success clears the last error --------------------------------------------------------------------------------
def test_a_successful_poll_clears_the_last_error(site):
    site.route("/feed", Reply(status=503), Reply(body=_rss(site, 0), headers={"ETag": '"v1"'}, content_type=RSS))
    store, clock = poll_store(), Clock(T0)
    src = store.add_source(Source(url=site.url("/feed")))
    (failed, _), (ok, _) = _poll_when_due(store, _poller(store, site, None, clock), clock, src.id, 2)
    assert not failed.ok and ok.ok and ok.error is None
    state = store.get_state(src.id)
    assert state.last_error is None and state.consecutive_failures == 0
    assert any("HTTP 503" in e.message for e in store.list_errors(limit=0))  # the errors list still has it
