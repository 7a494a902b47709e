"""A slow or failing host costs one timeout, not one per URL (an audit found a feed of 20 entries on a host
whose robots.txt hung take 600 s, and 8 such feeds hold every poll slot).

- a robots.txt that times out or cannot be reached is remembered as "unreachable" (RFC 9309 2.3.1.4: assume a
  complete disallow) for ``robots_error_ttl_s``: concurrent requests share the one fetch, the host's other
  URLs fail at once with the retryable RobotsUnavailableError, and after the TTL robots.txt is asked again;
- a host whose requests time out ``host_cooldown_after`` times in a row is left alone for ``host_cooldown_s``
  (HostCooldownError, retryable), queued requests included; another host is not held up meanwhile;
- a robots.txt that redirects somewhere newsloom may not follow (an internal address, a loop, too many hops)
  counts as no robots.txt (RFC 9309 2.3.1.2), not as a permanent failure of the feed.

All against real sockets on 127.0.0.1 (tests/servers.py), with short timeouts; the assertions count requests.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from html import escape

import pytest

from newsloom.errors import RobotsDisallowedError
from newsloom.model import Source
from newsloom.sources.fetcher import (
    Fetcher,
    FetchTimeoutError,
    HostCooldownError,
    NetworkError,
    RobotsUnavailableError,
)
from newsloom.sources.poller import Poller, PollSettings, is_transient
from newsloom.store.articles import ArticleStore
from newsloom.store.sources import SourceStore
from servers import Reply, ScriptedServer, fetch_settings

ALLOW = b"User-agent: *\nDisallow: /private/\n"
PAGE = b"<html><head><title>A page</title></head><body><p>Some words of an article page.</p></body></html>"
T0 = datetime.now(UTC).replace(microsecond=0)


class Store(SourceStore, ArticleStore):
    pass


@pytest.fixture
def slow():
    with ScriptedServer() as server:
        server.route_prefix("/page/", lambda _req: Reply(body=PAGE))
        yield server


@pytest.fixture
def good():
    with ScriptedServer() as server:
        server.route("/robots.txt", Reply(body=ALLOW, content_type="text/plain"))
        server.route_prefix("/page/", lambda _req: Reply(body=PAGE))
        yield server


def settings(*servers: ScriptedServer, **kw):
    hosts = frozenset(s.host_port for s in servers)
    return fetch_settings(servers[0], **{"allowed_hosts": hosts, "timeout_s": 0.5, **kw})


async def outcome(awaitable):
    """The result, or the exception it raised."""
    try:
        return await awaitable
    except Exception as exc:  # noqa: BLE001 - returned for the assertions
        return exc


def page_hits(server: ScriptedServer) -> int:
    return sum(1 for r in server.requests if r.path.startswith("/page/"))


# --------------------------------------------------------------------------- robots.txt that times out


def test_a_robots_txt_that_times_out_is_asked_once_and_the_hosts_urls_fail_at_once(slow):
    slow.route("/robots.txt", Reply(body=ALLOW, delay_s=3, content_type="text/plain"))

    async def go():
        async with Fetcher(settings(slow)) as fetcher:
            together = await asyncio.gather(*(outcome(fetcher.fetch(slow.url(f"/page/{n}"))) for n in range(20)))
            one_by_one = [await outcome(fetcher.fetch(slow.url(f"/page/later-{n}"))) for n in range(5)]
            return together, one_by_one, fetcher.requests

    together, one_by_one, sent = asyncio.run(go())
    assert slow.hits("/robots.txt") == 1 and sent == 1  # one fetch, shared by the 20 waiting for it
    assert page_hits(slow) == 0  # nothing fetched from a site whose robots.txt is unknown
    timed_out = [e for e in together if type(e) is FetchTimeoutError]
    unavailable = [e for e in together + one_by_one if isinstance(e, RobotsUnavailableError)]
    assert len(timed_out) == 1 and "timed out after 0.5 s" in timed_out[0].message  # the one that asked
    assert len(unavailable) == 24
    for error in unavailable:
        assert "robots.txt unavailable (timed out after 0.5 s" in error.message and "asked again in" in error.message
        assert error.subject.startswith(slow.url("/page/"))
    assert all(is_transient(e) for e in together + one_by_one)  # retried later, the source stays healthy


def test_after_the_error_ttl_robots_txt_is_asked_again(slow):
    slow.route("/robots.txt", Reply(body=ALLOW, delay_s=3, content_type="text/plain"),
               Reply(body=ALLOW, content_type="text/plain"))

    async def go():
        async with Fetcher(settings(slow, robots_error_ttl_s=1.0)) as fetcher:
            first = await outcome(fetcher.fetch(slow.url("/page/1")))
            second = await outcome(fetcher.fetch(slow.url("/page/2")))
            hits_within_ttl = slow.hits("/robots.txt")
            await asyncio.sleep(1.2)
            third = await fetcher.fetch(slow.url("/page/3"))
            private = await outcome(fetcher.fetch(slow.url("/private/x")))
            return first, second, hits_within_ttl, third, private

    first, second, hits_within_ttl, third, private = asyncio.run(go())
    assert isinstance(first, FetchTimeoutError) and isinstance(second, RobotsUnavailableError)
    assert hits_within_ttl == 1
    assert third.body == PAGE and slow.hits("/robots.txt") == 2  # asked again, answered, and obeyed:
    assert isinstance(private, RobotsDisallowedError) and slow.hits("/private/x") == 0
    assert page_hits(slow) == 1


def test_a_robots_txt_on_a_host_that_refuses_connections_is_not_asked_for_every_url():
    with ScriptedServer() as dead:
        pass  # stopped: its port now refuses connections
    base = dead.base

    async def go():
        async with Fetcher(settings(dead)) as fetcher:
            errors = [await outcome(fetcher.fetch(f"{base}/page/{n}")) for n in range(5)]
            return errors, fetcher.requests

    errors, sent = asyncio.run(go())
    assert sent == 1
    assert isinstance(errors[0], NetworkError) and "network unreachable" in errors[0].message
    assert all(isinstance(e, RobotsUnavailableError) and "network unreachable" in e.message for e in errors[1:])


# --------------------------------------------------------------------------- a slow host's pages


def test_a_host_that_times_out_is_left_alone_and_another_host_is_not_held_up(slow, good):
    slow.route("/robots.txt", Reply(body=ALLOW, content_type="text/plain"))
    slow.route_prefix("/page/", lambda _req: Reply(body=PAGE, delay_s=3))

    async def go():
        async with Fetcher(settings(slow, good, timeout_s=1.0, per_host_concurrency=2)) as fetcher:
            stuck = [asyncio.create_task(outcome(fetcher.fetch(slow.url(f"/page/{n}")))) for n in range(10)]
            await asyncio.sleep(0.1)
            elsewhere = await fetcher.fetch(good.url("/page/fine"))
            still_waiting = sum(not t.done() for t in stuck)
            return elsewhere, still_waiting, await asyncio.gather(*stuck)

    elsewhere, still_waiting, errors = asyncio.run(go())
    assert elsewhere.body == PAGE and still_waiting == 10  # the other host answered while these waited
    # two requests in a row timed out (per_host_concurrency=2 in flight, one more may start in between):
    # the other queued requests are not sent (10 would be, one 1 s timeout after another, 2 at a time)
    assert 2 <= page_hits(slow) <= 3
    timed_out = [e for e in errors if type(e) is FetchTimeoutError]
    cooling = [e for e in errors if isinstance(e, HostCooldownError)]
    assert len(timed_out) == page_hits(slow) and len(cooling) == 10 - len(timed_out)
    assert all("host cooling down" in e.message and "timed out" in e.message for e in cooling)
    assert all(is_transient(e) for e in errors)


def test_the_cool_down_ends_and_the_host_is_asked_again(slow):
    slow.route("/robots.txt", Reply(body=ALLOW, content_type="text/plain"))
    slow.route("/page/p", Reply(body=PAGE, delay_s=3), Reply(body=PAGE, delay_s=3), Reply(body=PAGE))

    async def go():
        async with Fetcher(settings(slow, host_cooldown_s=1.0, host_cooldown_after=2)) as fetcher:
            first = await asyncio.gather(*(outcome(fetcher.fetch(slow.url("/page/p"))) for _ in range(2)))
            during = await outcome(fetcher.fetch(slow.url("/page/p")))
            hits_during = slow.hits("/page/p")
            await asyncio.sleep(1.2)
            after = await fetcher.fetch(slow.url("/page/p"))
            return first, during, hits_during, after

    first, during, hits_during, after = asyncio.run(go())
    assert all(type(e) is FetchTimeoutError for e in first)
    assert isinstance(during, HostCooldownError) and hits_during == 2
    assert after.body == PAGE and slow.hits("/page/p") == 3


def test_one_timeout_alone_does_not_start_a_cool_down(slow):
    slow.route("/robots.txt", Reply(body=ALLOW, content_type="text/plain"))
    slow.route("/page/slow", Reply(body=PAGE, delay_s=3))

    async def go():
        async with Fetcher(settings(slow)) as fetcher:
            late = await outcome(fetcher.fetch(slow.url("/page/slow")))
            return late, await fetcher.fetch(slow.url("/page/fine"))

    late, fine = asyncio.run(go())
    assert type(late) is FetchTimeoutError and fine.body == PAGE


# --------------------------------------------------------------------------- the poller


def rss(server: ScriptedServer, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>Story {escape(p)}</title><link>{escape(server.url(p))}</link>"
                    f"<guid>{escape(server.url(p))}</guid><description>A teaser.</description>"
                    f"<pubDate>{format_datetime(T0 - timedelta(hours=1))}</pubDate></item>" for p in paths)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed</title>'
            f"<link>http://example.com/</link>{items}</channel></rss>").encode()


def test_feeds_listing_a_host_whose_robots_txt_hangs_do_not_hold_the_poll_slots(slow, good):
    slow.route("/robots.txt", Reply(body=ALLOW, delay_s=3, content_type="text/plain"))
    for n in range(4):
        good.route(f"/bad{n}.xml", Reply(body=rss(slow, [f"/page/{n}-{i}" for i in range(10)]),
                                         content_type="application/rss+xml"))
    good.route("/good.xml", Reply(body=rss(good, [f"/page/g{i}" for i in range(3)]),
                                  content_type="application/rss+xml"))
    store, docs = Store(":memory:"), []
    sources = store.add_sources([Source(url=good.url(f"/bad{n}.xml")) for n in range(4)]
                                + [Source(url=good.url("/good.xml"))])
    # two poll slots for five sources: the good feed waits for two slow ones to finish
    poll = PollSettings(fetch=settings(slow, good), source_concurrency=2, max_entry_age=None, seed=1)

    async def go():
        async with Poller(store, poll, docs.extend) as poller:
            first = await poller.poll_once(T0)
            again = await poller.poll_once(T0 + timedelta(hours=1))
            return first, again

    first, again = asyncio.run(go())
    assert slow.hits("/robots.txt") == 1 and page_hits(slow) == 0  # once for 80 entries over two polls
    by_url = {r.url: r for r in first}
    assert by_url[good.url("/good.xml")].ok and by_url[good.url("/good.xml")].documents == 3
    assert sorted(d.url for d in docs) == sorted(good.url(f"/page/g{i}") for i in range(3))
    for n in range(4):
        result = by_url[good.url(f"/bad{n}.xml")]
        assert result.ok and result.page_errors == 10 and "robots.txt" in result.error
    # the entries were not given up: the next poll tries them again (and fails at once again)
    assert all(r.page_errors == 10 for r in again if r.url != good.url("/good.xml"))
    health = {s.url: st for s, st in store.source_health()}
    assert all(health[s.url].healthy for s in sources)


# --------------------------------------------------------------------------- robots.txt redirects


@pytest.mark.parametrize("redirect", [
    Reply(status=302, headers={"Location": "http://169.254.169.254/robots.txt"}),  # an internal address
    Reply(status=302, headers={"Location": "http://10.1.2.3:8080/robots.txt"}),
    Reply(status=301, headers={"Location": "/robots.txt"}),  # a loop
    Reply(status=302, headers={"Location": "/hop/1"}),  # more than max_redirects
], ids=["link-local", "private", "loop", "too-many"])
def test_a_robots_txt_redirect_that_cannot_be_followed_counts_as_no_robots_txt(slow, redirect):
    slow.route("/robots.txt", redirect)
    slow.route_prefix("/hop/", lambda req: Reply(status=302, headers={
        "Location": f"/hop/{int(req.path.rsplit('/', 1)[1]) + 1}"}))
    slow.route("/feed.xml", Reply(body=rss(slow, []), content_type="application/rss+xml"))

    async def go():
        async with Fetcher(settings(slow)) as fetcher:
            pages = [await fetcher.fetch(slow.url(f"/page/{n}")) for n in range(3)]
            return pages

    assert all(p.body == PAGE for p in asyncio.run(go()))
    assert slow.hits("/robots.txt") == 1  # remembered (for robots_error_ttl_s), not asked per URL

    store = Store(":memory:")
    source = store.add_source(Source(url=slow.url("/feed.xml")))
    poll = PollSettings(fetch=settings(slow), max_entry_age=None, seed=1)

    async def poll_it():
        async with Poller(store, poll, None) as poller:
            return await poller.poll_once(T0)

    [result] = asyncio.run(poll_it())
    state = store.get_state(source.id)
    assert result.ok and state.healthy and state.consecutive_failures == 0
    assert state.next_poll < T0 + timedelta(hours=12)  # not put away for a day as a permanent failure


def test_a_robots_txt_redirect_to_a_robots_txt_is_obeyed(slow):
    slow.route("/robots.txt", Reply(status=301, headers={"Location": "/elsewhere/robots.txt"}))
    slow.route("/elsewhere/robots.txt", Reply(body=ALLOW, content_type="text/plain"))

    async def go():
        async with Fetcher(settings(slow)) as fetcher:
            return (await fetcher.fetch(slow.url("/page/1")),
                    await outcome(fetcher.fetch(slow.url("/private/1"))))

    page, private = asyncio.run(go())
    assert page.body == PAGE and isinstance(private, RobotsDisallowedError)
    assert slow.hits("/elsewhere/robots.txt") == 1 and slow.hits("/private/1") == 0


def test_a_robots_txt_under_a_retry_after_is_not_taken_as_missing(slow):
    """A host under Retry-After is not asked robots.txt; that refusal is not cached as "no robots.txt"
    (an hour of allow-all): once the wait is over, robots.txt is asked and obeyed."""
    slow.route("/robots.txt", Reply(body=ALLOW, content_type="text/plain"))

    async def go():
        async with Fetcher(settings(slow, max_wait_s=0.0)) as fetcher:
            fetcher.note_retry_after(slow.url("/"), 1.0, 429)
            blocked = await outcome(fetcher.fetch(slow.url("/private/1")))
            asked_while_blocked = slow.hits("/robots.txt")
            await asyncio.sleep(1.1)
            return blocked, asked_while_blocked, await outcome(fetcher.fetch(slow.url("/private/1")))

    blocked, asked_while_blocked, later = asyncio.run(go())
    assert getattr(blocked, "status", None) == 429 and asked_while_blocked == 0
    assert isinstance(later, RobotsDisallowedError) and slow.hits("/robots.txt") == 1
    assert slow.hits("/private/1") == 0
