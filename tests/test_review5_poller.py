"""Review 5, poller: an article page listed by several sources is fetched once per round, and fetch errors
carry the time they happened (not the poll's start). A real HTTP server on 127.0.0.1 counts the requests."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from helpers import daily_polls
from newsloom.model import Source
from newsloom.sources.fetcher import FetchSettings
from newsloom.sources.poller import Poller, PollSettings
from newsloom.store.articles import ArticleStore
from newsloom.store.sources import SourceStore
from servers import Reply, ScriptedServer

T0 = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
PAGES = [f"/a{n}.html" for n in range(4)]


class Store(SourceStore, ArticleStore):
    pass


class Clock:
    """A clock that moves ``step`` forward at every reading (time passes while the poller works)."""

    def __init__(self, step: timedelta = timedelta(0)) -> None:
        self.now, self.step = T0, step

    def __call__(self) -> datetime:
        self.now += self.step
        return self.now


def _rss(server: ScriptedServer, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>Local article {p}</title><link>{server.url(p)}</link><guid>local-{p}</guid>"
                    "<description>Short teaser</description></item>" for p in paths)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>{items}</channel></rss>'
            ).encode()


def _sitemap(server: ScriptedServer, paths: list[str]) -> bytes:
    urls = "".join(f"<url><loc>{server.url(p)}</loc></url>" for p in paths)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


@pytest.fixture
def site():
    with ScriptedServer() as server:
        server.route("/robots.txt", Reply(body=b"User-agent: *\nAllow: /\n", content_type="text/plain"))
        yield server


def _poller(store, server: ScriptedServer, sink, clock) -> Poller:
    fetch = FetchSettings(allowed_hosts=frozenset({server.host_port}), min_host_interval_s=0.0, timeout_s=5.0)
    return Poller(store, PollSettings(fetch=fetch, seed=1), sink, clock=clock)



def test_a_page_listed_by_a_feed_a_sitemap_and_another_feed_is_fetched_once(site):
    # the pages answer slowly, so that all three sources have read their lists before the first page is in
    for n, path in enumerate(PAGES):
        site.route(path, Reply(body=f"<html><title>Article {n}</title><p>Body {n}</p></html>".encode(), delay_s=0.3))
    feed = _rss(site, PAGES)
    site.route("/feed.xml", Reply(body=feed, headers={"ETag": '"f1"'}, content_type="application/rss+xml"))
    site.route("/feed.xml?x=1", Reply(body=feed, headers={"ETag": '"f2"'}, content_type="application/rss+xml"))
    site.route("/sitemap.xml", Reply(body=_sitemap(site, PAGES), content_type="application/xml"))
    store, docs, clock = Store(":memory:"), [], Clock()
    sources = [store.add_source(Source(url=site.url("/feed.xml"))),
               store.add_source(Source(url=site.url("/sitemap.xml"), kind="sitemap")),
               store.add_source(Source(url=site.url("/feed.xml?x=1")))]

    first, second = daily_polls(_poller(store, site, docs.extend, clock), clock, 2)

    assert [site.hits(p) for p in PAGES] == [1, 1, 1, 1]  # once in the round, and never again
    assert sorted(d.url for d in docs) == sorted(site.url(p) for p in PAGES)  # each handed over once
    assert all(r.ok for r in first + second)
    assert sum(r.pages_fetched for r in first) == 4 and sum(r.new_items for r in first) == 4
    assert sum(r.pages_fetched for r in second) == 0
    assert all(store.count_seen(s.id) >= 4 for s in sources)  # the others took note once it was handed over


def _conditional(body: bytes, etag: str):
    """A feed answering 304 to a request that carries its ETag."""
    return lambda req: (Reply(status=304) if req.headers.get("If-None-Match") == etag
                        else Reply(body=body, headers={"ETag": etag}, content_type="application/rss+xml"))


def test_a_page_left_to_a_source_that_failed_on_it_is_not_lost_when_that_source_goes(site):
    site.route(PAGES[0], Reply(status=503, body=b"busy", delay_s=0.3),
               Reply(body=b"<html><title>Article</title><p>Body</p></html>"))
    feed = _rss(site, PAGES[:1])
    site.route("/feed.xml", _conditional(feed, '"f1"'))
    site.route("/feed.xml?x=1", _conditional(feed, '"f2"'))
    store, docs, clock = Store(":memory:"), [], Clock()
    store.add_source(Source(url=site.url("/feed.xml")))
    store.add_source(Source(url=site.url("/feed.xml?x=1")))
    poller = _poller(store, site, docs.extend, clock)

    (first,) = daily_polls(poller, clock, 1)
    assert site.hits(PAGES[0]) == 1  # one try in the round, by one source; it failed (503)
    (tried,) = [r for r in first if r.page_errors]
    store.remove_source(tried.source_id)  # the source that tried is gone before it could retry
    (left,) = [r for r in first if not r.page_errors]
    assert store.get_state(left.source_id).etag is None  # the other one did not take the entry: no 304 next

    daily_polls(_poller(store, site, docs.extend, clock), clock, 1)
    assert site.hits(PAGES[0]) == 2 and [d.url for d in docs] == [site.url(PAGES[0])]


def test_fetch_errors_carry_the_time_they_happened_not_the_polls_start(site):
    site.route("/feed.xml", Reply(body=_rss(site, ["/gone1.html", "/gone2.html"]),
                                  content_type="application/rss+xml"))  # both pages answer 404
    store, clock = Store(":memory:"), Clock(step=timedelta(seconds=1))
    store.add_source(Source(url=site.url("/feed.xml")))
    store.add_source(Source(url=site.url("/missing-feed.xml")))
    poller = _poller(store, site, None, clock)
    start = clock()

    async def go():
        await poller.poll_once(start)
        await poller.aclose()
    asyncio.run(go())

    rows = sorted(store.list_errors(limit=0))  # by id: the order they were recorded in
    assert len(rows) == 3
    times = [datetime.fromisoformat(r[1]) for r in rows]
    assert all(t > start for t in times)  # not the poll's start
    assert times == sorted(times) and len(set(times)) == 3  # newest first in `newsloom errors` is in order
