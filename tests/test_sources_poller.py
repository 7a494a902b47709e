"""The poller against a scripted site on 127.0.0.1: dedup, 304, Retry-After, failures isolated, health."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape

import pytest

from newsloom.model import Source
from newsloom.sources.fetcher import FetchSettings
from newsloom.sources.poller import Poller, PollSettings
from newsloom.sources.schedule import ScheduleSettings
from newsloom.store.articles import ArticleStore
from newsloom.store.sources import SourceStore
from servers import Reply, ScriptedServer

T0 = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


class Store(SourceStore, ArticleStore):
    pass


class Clock:
    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw) -> datetime:
        self.now += timedelta(**kw)
        return self.now


def rss(items: list[dict], title: str = "Test feed") -> bytes:
    parts = [(f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
              "<link>http://example.com/</link>")]
    for it in items:
        parts.append("<item>" + "".join(
            f"<{k}>{escape(v) if k != 'pubDate' else v}</{k}>" for k, v in it.items()) + "</item>")
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def entry(server: ScriptedServer, n: int, *, when: datetime = T0, path: str = "/art") -> dict:
    return {"title": f"Story {n}", "link": server.url(f"{path}/{n}"), "guid": f"urn:story:{n}",
            "description": "A short teaser.", "pubDate": format_datetime(when - timedelta(hours=n))}


def route_articles(server: ScriptedServer, count: int, path: str = "/art") -> None:
    for n in range(count):
        server.route(f"{path}/{n}", Reply(body=f"<html><title>Story {n}</title><p>Body {n}</p></html>".encode()))


@pytest.fixture
def site():
    with ScriptedServer() as server:
        server.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
        yield server


def make_poller(store, server, sink, clock, **kw) -> Poller:
    hosts = frozenset({server.host_port, *kw.pop("extra_hosts", ())})
    fetch = FetchSettings(allowed_hosts=hosts, min_host_interval_s=0.0,
                          timeout_s=kw.pop("timeout_s", 3.0), max_body_bytes=kw.pop("max_body_bytes", 2**20),
                          allow_private=kw.pop("allow_private", False))
    return Poller(store, PollSettings(fetch=fetch, seed=1, **kw), sink, clock=clock)


def run_polls(poller: Poller, clock: Clock, *steps: dict) -> list[list]:
    """poll_once at the clock's time, then after each ``advance`` step."""
    async def go():
        out = [await poller.poll_once(clock())]
        for step in steps:
            clock.advance(**step)
            out.append(await poller.poll_once(clock()))
        await poller.aclose()
        return out
    return asyncio.run(go())


def test_new_entries_fetch_their_pages_once_and_304_refetches_nothing(site):
    route_articles(site, 3)
    body = rss([entry(site, n) for n in range(3)])
    site.route("/feed", lambda req: Reply(status=304) if req.headers.get("If-None-Match") == '"e1"'
               else Reply(body=body, headers={"ETag": '"e1"'}, content_type="application/rss+xml"))
    store, docs, clock = Store(":memory:"), [], Clock()
    src = store.add_source(Source(url=site.url("/feed")))
    results = run_polls(make_poller(store, site, docs.extend, clock), clock, {"days": 1})
    assert [r.status for r in (results[0][0], results[1][0])] == ["new", "not-modified"]
    assert sorted(d.url for d in docs) == sorted(site.url(f"/art/{n}") for n in range(3))
    assert all(site.hits(f"/art/{n}") == 1 for n in range(3))
    assert site.hits("/feed") == 2
    assert docs[0].hints["title"].startswith("Story") and docs[0].hints["origin"] == "page"
    assert store.get_state(src.id).etag == '"e1"'


def test_entries_are_deduplicated_by_guid_and_url_across_polls(site):
    route_articles(site, 5)
    feeds = [rss([entry(site, n) for n in range(3)]),
             rss([entry(site, n) for n in range(5)]),
             rss([{**entry(site, 4), "guid": "urn:changed"}] + [entry(site, n) for n in range(4)])]
    site.route("/feed", *[Reply(body=b, content_type="application/rss+xml") for b in feeds])
    store, docs, clock = Store(":memory:"), [], Clock()
    store.add_source(Source(url=site.url("/feed")))
    results = run_polls(make_poller(store, site, docs.extend, clock), clock, {"days": 1}, {"days": 1})
    assert [r[0].new_items for r in results] == [3, 2, 0]
    assert len(docs) == 5 and len({d.url for d in docs}) == 5


def test_full_content_in_the_feed_is_used_without_fetching_the_page(site):
    long_text = "<p>" + "The council voted on the budget late on Monday evening. " * 40 + "</p>"
    items = [{**entry(site, 0), "description": long_text}, entry(site, 1)]
    site.route("/feed", Reply(body=rss(items), content_type="application/rss+xml"))
    route_articles(site, 2)
    store, docs, clock = Store(":memory:"), [], Clock()
    store.add_source(Source(url=site.url("/feed")))
    run_polls(make_poller(store, site, docs.extend, clock, full_content_min_chars=1000), clock)
    by_url = {d.url: d for d in docs}
    assert site.hits("/art/0") == 0 and site.hits("/art/1") == 1
    assert by_url[site.url("/art/0")].hints["origin"] == "feed-content"
    assert b"council voted" in by_url[site.url("/art/0")].body


def test_retry_after_makes_the_poller_wait(site):
    site.route("/feed", Reply(status=429, headers={"Retry-After": "600"}),
               Reply(body=rss([]), content_type="application/rss+xml"))
    store, clock = Store(":memory:"), Clock()
    src = store.add_source(Source(url=site.url("/feed")))
    results = run_polls(make_poller(store, site, None, clock), clock, {"seconds": 300}, {"seconds": 400})
    assert results[0][0].status == "error" and "429" in results[0][0].error
    assert results[0][0].next_poll >= T0 + timedelta(seconds=600)
    assert results[1] == []  # not due yet: the feed was not asked again
    assert results[2][0].ok and site.hits("/feed") == 2
    assert store.get_state(src.id).consecutive_failures == 0


def test_robots_disallowed_entries_are_never_fetched(site):
    items = [entry(site, 0, path="/private"), entry(site, 1)]
    site.route("/feed", Reply(body=rss(items), content_type="application/rss+xml"))
    route_articles(site, 2)
    route_articles(site, 2, path="/private")
    store, docs, clock = Store(":memory:"), [], Clock()
    store.add_source(Source(url=site.url("/feed")))
    run_polls(make_poller(store, site, docs.extend, clock), clock, {"days": 1})
    assert site.hits("/private/0") == 0
    # the disallowed page is not fetched; its entry is kept from the feed's own summary (review 6)
    assert [(d.url, d.hints["origin"]) for d in docs] == [(site.url("/private/0"), "feed-summary"),
                                                          (site.url("/art/1"), "page")]
    assert any("robots.txt" in e.message for e in store.list_errors())


def test_entries_pointing_at_internal_addresses_are_refused_unless_allowed(site):
    with ScriptedServer() as intranet:
        intranet.route("/secret", Reply(body=b"<p>internal</p>"))
        items = [{**entry(site, 0), "link": intranet.url("/secret"), "guid": "a"},
                 {**entry(site, 1), "link": "http://10.0.0.1/admin", "guid": "b"}, entry(site, 2)]
        site.route("/feed", Reply(body=rss(items), content_type="application/rss+xml"))
        route_articles(site, 3)
        store, docs, clock = Store(":memory:"), [], Clock()
        store.add_source(Source(url=site.url("/feed")))
        run_polls(make_poller(store, site, docs.extend, clock), clock)
        assert [d.url for d in docs] == [site.url("/art/2")]
        assert intranet.hits("/secret") == 0
        refused = [e.subject for e in store.list_errors() if "internal address" in e.message]
        assert sorted(refused) == sorted([intranet.url("/secret"), "http://10.0.0.1/admin"])

        allowed_store, allowed_docs = Store(":memory:"), []
        allowed_store.add_source(Source(url=site.url("/feed")))
        run_polls(make_poller(allowed_store, site, allowed_docs.extend, Clock(), allow_private=True, timeout_s=1.0),
                  Clock())
        assert intranet.url("/secret") in [d.url for d in allowed_docs]


def test_one_bad_source_never_stops_the_others(site):
    def fifty_mb():
        for _ in range(800):
            yield b"z" * 65536
    route_articles(site, 2)
    site.route("/good", Reply(body=rss([entry(site, n) for n in range(2)]), content_type="application/rss+xml"))
    site.route("/gone", Reply(status=410))
    site.route("/loop", Reply(status=302, headers={"Location": "/loop"}))
    site.route("/huge", Reply(body=fifty_mb))
    site.route("/slow", Reply(body=rss([]), delay_s=3))
    site.route("/notfeed", Reply(body=b"<html><body><p>just a page</p></body></html>"))
    site.route("/broken", Reply(body=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, content_type="image/png"))
    with ScriptedServer() as dead:
        dead_url, dead_host = dead.url("/feed"), dead.host_port
    store, docs, clock = Store(":memory:"), [], Clock()
    urls = [site.url(p) for p in ("/gone", "/loop", "/huge", "/slow", "/notfeed", "/broken", "/good")] + [dead_url]
    for url in urls:
        store.add_source(Source(url=url))
    poller = make_poller(store, site, docs.extend, clock, timeout_s=1.0, extra_hosts=[dead_host])
    [results] = run_polls(poller, clock)
    by_url = {r.url: r for r in results}
    assert by_url[site.url("/good")].ok and len(docs) == 2
    expected = {"/gone": "HTTP 410", "/loop": "redirect loop", "/huge": "limit", "/slow": "timed out",
                "/notfeed": "not a feed", "/broken": "not a feed"}
    for path, reason in expected.items():
        assert not by_url[site.url(path)].ok and reason in by_url[site.url(path)].error, path
    assert "network unreachable" in by_url[dead_url].error
    health = {s.url: st for s, st in store.source_health()}
    assert health[site.url("/gone")].healthy is False  # permanent: unhealthy at once, not deleted
    assert health[site.url("/slow")].healthy is True and health[site.url("/slow")].consecutive_failures == 1
    assert store.count_sources() == len(urls)
    assert len([e for e in store.list_errors(limit=0) if e[2] == "fetch"]) >= len(expected) + 1


def test_repeated_failures_back_off_and_mark_unhealthy(site):
    site.route("/feed", Reply(status=500))
    store, clock = Store(":memory:"), Clock()
    src = store.add_source(Source(url=site.url("/feed")))
    poller = make_poller(store, site, None, clock, schedule=ScheduleSettings(unhealthy_after=3))

    async def go():
        delays = []
        for _ in range(4):
            clock.now = store.get_state(src.id).next_poll or clock.now
            [result] = await poller.poll_once(clock())
            delays.append((result.next_poll - clock()).total_seconds())
        await poller.aclose()
        return delays
    delays = asyncio.run(go())
    state = store.get_state(src.id)
    assert state.consecutive_failures == 4 and not state.healthy
    assert delays[0] < delays[1] < delays[2]  # exponential back-off
    assert "HTTP 500" in state.last_error


def test_a_failing_pipeline_marks_nothing_seen_and_documents_come_again(site):
    route_articles(site, 2)
    site.route("/feed", Reply(body=rss([entry(site, n) for n in range(2)]), content_type="application/rss+xml"))
    store, clock, calls = Store(":memory:"), Clock(), []

    def flaky(docs):
        calls.append(len(docs))
        if len(calls) == 1:
            raise RuntimeError("disk full")
    src = store.add_source(Source(url=site.url("/feed")))
    results = run_polls(make_poller(store, site, flaky, clock), clock, {"days": 1})
    assert not results[0][0].ok and "disk full" in results[0][0].error
    assert results[1][0].ok and results[1][0].documents == 2
    assert calls == [2, 2] and store.count_seen(src.id) >= 2


def test_wrong_declared_charset_in_a_feed_still_gives_the_right_titles(site):
    title = "Zürich: Bürgermeisterin eröffnet die Straße"
    body = rss([{"title": title, "link": site.url("/art/0"), "description": "x"}]).replace(
        b'encoding="utf-8"', b"")
    site.route("/feed", Reply(body=body, content_type="application/rss+xml; charset=iso-8859-1"))
    route_articles(site, 1)
    store, docs, clock = Store(":memory:"), [], Clock()
    store.add_source(Source(url=site.url("/feed")))
    run_polls(make_poller(store, site, docs.extend, clock), clock)
    assert [d.hints["title"] for d in docs] == [title]


def test_sitemap_index_sources_gather_news_urls(site):
    site.route("/sitemap.xml", Reply(body=(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{site.url('/news.xml')}</loc></sitemap></sitemapindex>").encode(),
        content_type="application/xml"))
    site.route("/news.xml", Reply(body=(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"<url><loc>{site.url('/art/0')}</loc><news:news><news:title>Story zero</news:title>"
        "<news:publication_date>2026-11-23T10:00:00Z</news:publication_date></news:news></url>"
        "</urlset>").encode(), content_type="application/xml"))
    route_articles(site, 1)
    store, docs, clock = Store(":memory:"), [], Clock()
    store.add_source(Source(url=site.url("/sitemap.xml"), kind="sitemap"))
    run_polls(make_poller(store, site, docs.extend, clock), clock)
    assert [(d.url, d.hints["title"], d.hints["published"]) for d in docs] == [
        (site.url("/art/0"), "Story zero", "2026-11-23T10:00:00+00:00")]


def test_page_sources_are_fetched_once(site):
    route_articles(site, 1)
    store, docs, clock = Store(":memory:"), [], Clock()
    store.add_source(Source(url=site.url("/art/0"), kind="page"))
    results = run_polls(make_poller(store, site, docs.extend, clock), clock, {"days": 1})
    assert len(docs) == 1 and site.hits("/art/0") == 1
    assert results[1][0].status == "unchanged"


def test_polling_interval_follows_the_publishing_rate(site):
    busy = [entry(site, n, when=T0) for n in range(24)]  # one an hour over the last day
    for e_, n in zip(busy, range(24)):
        e_["pubDate"] = format_datetime(T0 - timedelta(hours=n))
    site.route("/busy", Reply(body=rss(busy), content_type="application/rss+xml"))
    site.route("/quiet", Reply(body=rss([{**entry(site, n), "pubDate": format_datetime(T0 - timedelta(days=10 * n))}
                                         for n in range(3)]), content_type="application/rss+xml"))
    store, clock = Store(":memory:"), Clock()
    store.add_source(Source(url=site.url("/busy")))
    store.add_source(Source(url=site.url("/quiet")))
    [results] = run_polls(make_poller(store, site, None, clock, fetch_pages=False), clock)
    delay = {r.url: (r.next_poll - T0).total_seconds() for r in results}
    assert 3000 <= delay[site.url("/busy")] <= 4400  # about an hour
    assert delay[site.url("/quiet")] >= 6 * 3600 * 0.89  # capped at the 6-hour maximum


def test_run_loop_polls_until_stopped(site):
    route_articles(site, 2)
    now = datetime.now(UTC)  # the run loop reads the real clock: entries of the last hours
    site.route("/feed", Reply(body=rss([entry(site, n, when=now) for n in range(2)]), content_type="application/rss+xml"))
    store, docs = Store(":memory:"), []
    store.add_source(Source(url=site.url("/feed")))
    poller = Poller(store, PollSettings(fetch=FetchSettings(allowed_hosts=frozenset({site.host_port}),
                                                            min_host_interval_s=0), tick_s=0.1), docs.extend)

    async def go():
        stop = asyncio.Event()
        task = asyncio.create_task(poller.run(stop))
        for _ in range(100):
            if len(docs) == 2:
                break
            await asyncio.sleep(0.05)
        stop.set()
        await asyncio.wait_for(task, 5)
    asyncio.run(go())
    assert len(docs) == 2 and site.hits("/feed") == 1


def test_robots_server_error_is_temporary_not_unhealthy(site):
    site.route("/robots.txt", Reply(status=503))
    site.route("/feed", Reply(body=rss([]), content_type="application/rss+xml"))
    store, clock = Store(":memory:"), Clock()
    src = store.add_source(Source(url=site.url("/feed")))
    [[result]] = run_polls(make_poller(store, site, None, clock), clock)
    state = store.get_state(src.id)
    assert not result.ok and "robots.txt unavailable" in result.error
    assert state.healthy and site.hits("/feed") == 0


def test_without_network_each_source_says_so_and_the_rest_goes_on(site):
    route_articles(site, 1)
    site.route("/feed", Reply(body=rss([entry(site, 0)]), content_type="application/rss+xml"))
    store, docs, clock = Store(":memory:"), [], Clock()
    offline = [f"https://feeds{n}.example.invalid/rss.xml" for n in range(3)]  # .invalid never resolves
    store.add_sources([Source(url=u) for u in offline] + [Source(url=site.url("/feed"))])
    [results] = run_polls(make_poller(store, site, docs.extend, clock), clock)
    by_url = {r.url: r for r in results}
    assert by_url[site.url("/feed")].ok and len(docs) == 1
    for url in offline:
        assert "network unreachable" in by_url[url].error and "cannot resolve" in by_url[url].error
    health = {s.url: st for s, st in store.source_health()}
    assert all("network unreachable" in health[u].last_error and health[u].healthy for u in offline)


def test_in_the_run_loop_a_hanging_source_does_not_hold_up_the_others(site):
    site.route("/good", Reply(body=rss([]), content_type="application/rss+xml"))
    site.route("/hang", Reply(body=rss([]), delay_s=4))
    store = Store(":memory:")
    store.add_sources([Source(url=site.url("/hang")), Source(url=site.url("/good"))])
    fast = ScheduleSettings(min_interval_s=0.2, max_interval_s=0.3)
    poller = Poller(store, PollSettings(fetch=FetchSettings(allowed_hosts=frozenset({site.host_port}),
                                                            min_host_interval_s=0, timeout_s=3.5),
                                        schedule=fast, tick_s=0.05), None)

    async def go():
        stop = asyncio.Event()
        task = asyncio.create_task(poller.run(stop))
        await asyncio.sleep(2.0)
        stop.set()
        await asyncio.wait_for(task, 5)
    asyncio.run(go())
    assert site.hits("/hang") == 1
    assert site.hits("/good") >= 4  # polled again and again while /hang was still waiting


def test_canonical_links_and_stored_articles_prevent_refetching(site):
    from newsloom.model import Article

    route_articles(site, 3)
    site.route("/art/0", Reply(body=b'<html><head><link rel="canonical" href="/canon/0"></head><p>zero</p></html>'))
    site.route("/feed", Reply(body=rss([entry(site, 0)]), content_type="application/rss+xml"),
               Reply(body=rss([{**entry(site, 0), "guid": "new-guid", "link": site.url("/canon/0")},
                               entry(site, 1), entry(site, 2)]), content_type="application/rss+xml"))
    store, docs, clock = Store(":memory:"), [], Clock()
    store.put_article(Article(id="x1", title="Story 1", text="stored earlier", url=site.url("/art/1")))
    store.add_source(Source(url=site.url("/feed")))
    run_polls(make_poller(store, site, docs.extend, clock), clock, {"days": 1})
    assert [d.url for d in docs] == [site.url("/art/0"), site.url("/art/2")]
    assert site.hits("/canon/0") == 0 and site.hits("/art/1") == 0


def test_a_permanently_moved_feed_is_polled_at_its_new_url(site):
    site.route("/old", Reply(status=301, headers={"Location": "/new"}))
    site.route("/temp", Reply(status=302, headers={"Location": "/new"}))
    site.route("/new", Reply(body=rss([]), content_type="application/rss+xml"))
    store, clock = Store(":memory:"), Clock()
    moved = store.add_source(Source(url=site.url("/old")))
    temp = store.add_source(Source(url=site.url("/temp")))
    run_polls(make_poller(store, site, None, clock), clock, {"days": 1})
    assert store.get_source(moved.id).url == site.url("/new")
    assert store.get_source(temp.id).url == site.url("/temp")
    assert site.hits("/old") == 1 and site.hits("/temp") == 2


def test_a_feed_moved_to_an_address_that_serves_no_feed_keeps_its_url(site):
    site.route("/feed", Reply(status=301, headers={"Location": "/picture.html"}))
    site.route("/picture.html", Reply(body=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4))
    store, clock = Store(":memory:"), Clock()
    src = store.add_source(Source(url=site.url("/feed")))
    run_polls(make_poller(store, site, None, clock), clock, {"days": 1})
    assert store.get_source(src.id).url == site.url("/feed")  # one bad redirect does not lose the feed's address
    assert store.get_state(src.id).consecutive_failures >= 1


def test_a_page_source_that_serves_binary_content_is_failing_not_ok(site):
    site.route("/page.html", Reply(body=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4))
    store, docs, clock = Store(":memory:"), [], Clock()
    src = store.add_source(Source(url=site.url("/page.html"), kind="page"))
    run_polls(make_poller(store, site, docs.extend, clock), clock, {"days": 1})
    state = store.get_state(src.id)
    assert docs == [] and state.consecutive_failures >= 1 and "binary content" in state.last_error


def test_seen_marks_of_entries_gone_from_the_feed_are_pruned_and_listed_ones_kept(site):
    route_articles(site, 3)
    feeds = [rss([entry(site, n) for n in range(3)]), rss([entry(site, n) for n in (1, 2)]),
             rss([entry(site, 2)])]
    site.route("/feed", *[Reply(body=b, content_type="application/rss+xml") for b in feeds])
    store, docs, clock = Store(":memory:"), [], Clock()
    src = store.add_source(Source(url=site.url("/feed")))
    poller = make_poller(store, site, docs.extend, clock, seen_retention=timedelta(days=30))
    run_polls(poller, clock, {"days": 20}, {"days": 20})  # polls at day 0, 20 and 40
    assert store.seen_keys(src.id, ["guid:urn:story:0", "guid:urn:story:1", "guid:urn:story:2"]) == {
        "guid:urn:story:1", "guid:urn:story:2"}  # 0 left the feed at day 20: its day-0 mark is gone
    assert store.count_seen(src.id) == 4 and len(docs) == 3  # guid + url of 1 and 2; nothing fetched twice
    assert all(site.hits(f"/art/{n}") == 1 for n in range(3))


def test_entries_sharing_one_guid_are_the_pages_they_link_and_a_linkless_entry_is_gathered_once(site):
    route_articles(site, 3)
    full = "<p>" + "The harbour authority said traffic rose by a tenth in the first quarter. " * 12 + "</p>"
    items = [{**entry(site, n), "guid": "urn:the-same"} for n in range(3)]
    items.append({"title": "Linkless report", "description": full})  # no link, no GUID: its text is all
    site.route("/feed", Reply(body=rss(items), content_type="application/rss+xml"))
    store, docs, clock = Store(":memory:"), [], Clock()
    store.add_source(Source(url=site.url("/feed")))
    poller = make_poller(store, site, docs.extend, clock)
    run_polls(poller, clock, {"days": 1})
    assert sorted(d.url for d in docs if "/art/" in d.url) == [site.url(f"/art/{n}") for n in range(3)]
    assert [d.hints.get("title") for d in docs if "/art/" not in d.url] == ["Linkless report"]
    run_polls(poller, clock, {"days": 1})
    assert len(docs) == 4  # none again


def test_entries_and_pages_a_takedown_covers_are_not_fetched_until_it_is_revoked(site):
    from newsloom.model import TakedownRequest

    route_articles(site, 3)
    site.route("/feed", Reply(body=rss([entry(site, n) for n in range(3)]), content_type="application/rss+xml"))
    store, docs, clock = Store(":memory:"), [], Clock()
    store.add_source(Source(url=site.url("/feed")))
    page = store.add_source(Source(url=site.url("/art/2"), kind="page"))
    done = store.apply_takedown_once(TakedownRequest(target=site.url("/art/1"), scope="url"), now=clock())
    store.apply_takedown_once(TakedownRequest(target=site.url("/art/2"), scope="url"), now=clock())
    poller = make_poller(store, site, docs.extend, clock)

    async def go():
        first = await poller.poll_once(clock())
        store.revoke_takedown(done.takedown.id, now=clock.advance(days=1))
        second = await poller.poll_once(clock.advance(days=1))
        await poller.aclose()
        return first, second

    first, second = asyncio.run(go())
    by_url = {r.url: r for r in first}
    assert by_url[site.url("/feed")].taken_down == 2 and by_url[page.url].taken_down == 1  # /art/1, /art/2 twice
    assert [d.url for d in docs[:1]] == [site.url("/art/0")]
    assert site.hits("/art/1") == 1 and site.hits("/art/2") == 0  # /art/1 once its request was revoked
    assert {d.url for d in docs} == {site.url("/art/0"), site.url("/art/1")}
    assert {r.url: r.taken_down for r in second} == {site.url("/feed"): 1, page.url: 1}
