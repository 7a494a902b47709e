"""The fetcher against a real scripted HTTP server on 127.0.0.1: politeness, limits and safety."""

from __future__ import annotations

import asyncio
import gzip
import time
from datetime import UTC

import brotli
import pytest

from newsloom.errors import BlockedURLError, FetchError, RobotsDisallowedError, TooLargeError
from newsloom.sources.fetcher import (
    USER_AGENT,
    Fetcher,
    FetchSettings,
    FetchTimeoutError,
    HTTPStatusError,
    NetworkError,
    RobotsUnavailableError,
    parse_retry_after,
)
from newsloom.sources.safety import GuardedBackend, check_url
from servers import RefusingBackend, Reply, ScriptedServer, fetch, fetch_settings


@pytest.fixture
def site():
    with ScriptedServer() as server:
        yield server


settings_for = fetch_settings


def test_sends_a_descriptive_user_agent(site):
    site.route("/a", Reply(body=b"<p>x</p>"))
    result = fetch(settings_for(site), site.url("/a"))
    assert result.status == 200 and result.body == b"<p>x</p>"
    assert site.requests_to("/a")[0].headers["User-Agent"] == USER_AGENT


def test_conditional_get_answers_304_without_a_body(site):
    def feed(req):
        if req.headers.get("If-None-Match") == '"v1"':
            return Reply(status=304, headers={"ETag": '"v1"'})
        return Reply(body=b"<rss/>", headers={"ETag": '"v1"', "Last-Modified": "Mon, 23 Nov 2026 10:00:00 GMT"})
    site.route("/feed", feed)
    first = fetch(settings_for(site), site.url("/feed"))
    assert first.headers["etag"] == '"v1"' and not first.not_modified
    second = fetch(settings_for(site), site.url("/feed"), etag='"v1"', last_modified=first.headers["last-modified"])
    assert second.not_modified and second.body == b""
    assert site.requests_to("/feed")[1].headers["If-Modified-Since"] == "Mon, 23 Nov 2026 10:00:00 GMT"


def test_429_retry_after_is_reported_and_the_host_is_left_alone(site):
    site.route("/busy", Reply(status=429, headers={"Retry-After": "120"}, body=b"slow down"))
    site.route("/other", Reply(body=b"fine"))

    async def go():
        async with Fetcher(settings_for(site)) as fetcher:
            with pytest.raises(HTTPStatusError) as first:
                await fetcher.fetch(site.url("/busy"))
            with pytest.raises(HTTPStatusError) as second:  # same host, inside the window: not even asked
                await fetcher.fetch(site.url("/other"))
            return first.value, second.value
    first, second = asyncio.run(go())
    assert first.status == 429 and first.retry_after_s == 120 and not first.permanent
    assert second.retry_after_s > 100
    assert site.hits("/other") == 0


def test_retry_after_accepts_http_dates():
    from datetime import datetime
    now = datetime(2026, 11, 23, 10, 0, 0, tzinfo=UTC)
    assert parse_retry_after("Mon, 23 Nov 2026 10:05:00 GMT", now=now) == 300
    assert parse_retry_after("soon", now=now) is None


def test_robots_disallowed_path_is_never_requested(site):
    site.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
    site.route("/private/page", Reply(body=b"secret"))
    site.route("/public", Reply(body=b"ok"))
    with pytest.raises(RobotsDisallowedError):
        fetch(settings_for(site), site.url("/private/page"))
    assert site.hits("/private/page") == 0
    assert fetch(settings_for(site), site.url("/public")).body == b"ok"


def test_robots_most_specific_rule_wins_and_wildcards_apply(site):
    """RFC 9309: the longest matching rule decides (not the first in the file); * and $ match."""
    site.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /news/\nAllow: /news/public/\n"
                                         b"Disallow: /*.pdf$\n", content_type="text/plain"))
    for path in ("/news/public/a", "/news/a", "/report.pdf", "/report.pdf?page=2"):
        site.route(path.split("?")[0], Reply(body=b"ok"))
    assert fetch(settings_for(site), site.url("/news/public/a")).body == b"ok"
    assert fetch(settings_for(site), site.url("/report.pdf?page=2")).body == b"ok"
    for path in ("/news/a", "/report.pdf"):
        with pytest.raises(RobotsDisallowedError):
            fetch(settings_for(site), site.url(path))
        assert site.hits(path) == 0


def test_robots_crawl_delay_spaces_requests(site):
    site.route("/robots.txt", Reply(body=b"User-agent: *\nCrawl-delay: 1\n", content_type="text/plain"))
    site.route("/a", Reply(body=b"a"))
    site.route("/b", Reply(body=b"b"))

    async def go():
        async with Fetcher(settings_for(site)) as fetcher:
            await fetcher.fetch(site.url("/a"))
            await fetcher.fetch(site.url("/b"))
    asyncio.run(go())
    a, b = site.requests_to("/a")[0].at, site.requests_to("/b")[0].at
    assert b - a >= 0.9


def test_robots_server_error_means_disallow_for_now(site):
    site.route("/robots.txt", Reply(status=503, body=b"down"))
    site.route("/a", Reply(body=b"a"))
    with pytest.raises(RobotsUnavailableError, match="HTTP 503"):
        fetch(settings_for(site), site.url("/a"))
    assert site.hits("/a") == 0


def test_redirect_loop_is_detected(site):
    site.route("/loop1", Reply(status=302, headers={"Location": "/loop2"}))
    site.route("/loop2", Reply(status=302, headers={"Location": "/loop1"}))
    with pytest.raises(FetchError, match="redirect loop"):
        fetch(settings_for(site), site.url("/loop1"))
    assert site.hits("/loop1") == 1 and site.hits("/loop2") == 1


def test_redirect_chain_is_capped(site):
    for i in range(10):
        site.route(f"/r{i}", Reply(status=301, headers={"Location": f"/r{i + 1}"}))
    with pytest.raises(FetchError, match="too many redirects"):
        fetch(settings_for(site, max_redirects=3), site.url("/r0"))
    assert site.hits("/r4") == 0


def test_redirects_are_followed_and_recorded(site):
    site.route("/old", Reply(status=301, headers={"Location": "/new"}))
    site.route("/new", Reply(body=b"moved"))
    result = fetch(settings_for(site), site.url("/old"))
    assert result.url == site.url("/new") and result.requested_url == site.url("/old")
    assert result.redirects == (site.url("/old"),)


def test_huge_streamed_body_is_cut_off(site):
    def fifty_mb():
        chunk = b"x" * 65536
        for _ in range(50 * 16):
            yield chunk
    site.route("/huge", Reply(body=fifty_mb))
    started = time.monotonic()
    with pytest.raises(TooLargeError, match="limit"):
        fetch(settings_for(site, max_body_bytes=2 * 2**20), site.url("/huge"))
    assert time.monotonic() - started < 10


def test_declared_huge_body_is_not_downloaded(site):
    site.route("/declared", Reply(body=b"y" * 300_000))
    with pytest.raises(TooLargeError, match="Content-Length"):
        fetch(settings_for(site, max_body_bytes=100_000), site.url("/declared"))


def test_compressed_bomb_is_limited_after_decompression(site):
    bomb = gzip.compress(b"\0" * (20 * 2**20))
    site.route("/bomb", Reply(body=bomb, headers={"Content-Encoding": "gzip"}))
    assert len(bomb) < 100_000
    with pytest.raises(TooLargeError):
        fetch(settings_for(site, max_body_bytes=2**20), site.url("/bomb"))


@pytest.mark.parametrize("encoding,compress", [("gzip", gzip.compress), ("br", brotli.compress)])
def test_compressed_bodies_are_decoded(site, encoding, compress):
    site.route("/z", Reply(body=compress(b"<p>hello</p>"), headers={"Content-Encoding": encoding}))
    assert fetch(settings_for(site), site.url("/z")).body == b"<p>hello</p>"


def test_wrong_declared_charset_is_corrected(site):
    text = "Zürich: Bürgermeisterin eröffnet Straße — «très bien»"
    site.route("/page", Reply(body=f"<html><body><p>{text}</p></body></html>".encode(),
                              content_type="text/html; charset=iso-8859-1"))
    result = fetch(settings_for(site), site.url("/page"))
    assert result.encoding == "utf-8"
    assert text in result.body.decode(result.encoding)


def test_legacy_charset_without_declaration_is_detected(site):
    text = "Les élèves étaient très contents de l'été à Genève, où il a fait chaud et sec."
    site.route("/latin", Reply(body=f"<p>{text}</p>".encode("cp1252"), content_type="text/html; charset=utf-8"))
    result = fetch(settings_for(site), site.url("/latin"))
    assert text in result.body.decode(result.encoding)


def test_slow_server_times_out(site):
    site.route("/slow", Reply(body=b"late", delay_s=3))
    started = time.monotonic()
    with pytest.raises(FetchTimeoutError, match="timed out"):
        fetch(settings_for(site, timeout_s=0.5), site.url("/slow"))
    assert time.monotonic() - started < 2.5


def test_unreachable_host_is_a_network_error():
    with ScriptedServer() as closed:
        port_url, host_port = closed.url("/x"), closed.host_port
    with pytest.raises(NetworkError, match="network unreachable"):
        fetch(FetchSettings(allowed_hosts=frozenset({host_port}), timeout_s=2), port_url)


# --------------------------------------------------------------------------- safety


@pytest.mark.parametrize("url", ["http://10.0.0.1/x", "http://127.0.0.1/x", "http://169.254.169.254/latest/",
                                 "http://[::1]/", "http://localhost:8080/", "http://0.0.0.0/",
                                 "http://2130706433/", "http://192.168.1.1/", "http://224.0.0.1/",
                                 "file:///etc/passwd", "ftp://example.com/x", "gopher://example.com/",
                                 "http://user:pw@example.com/", "/relative/path"])
def test_internal_and_non_http_urls_are_refused(url):
    with pytest.raises(BlockedURLError):
        check_url(url)


def test_public_urls_pass_the_static_check():
    assert check_url("https://www.bbc.co.uk/news") == "https://www.bbc.co.uk/news"
    assert check_url("http://8.8.8.8/") == "http://8.8.8.8/"


def test_the_test_server_itself_is_refused_without_the_allowance(site):
    site.route("/a", Reply(body=b"a"))
    with pytest.raises(BlockedURLError, match="internal address"):
        fetch(FetchSettings(min_host_interval_s=0), site.url("/a"))
    assert site.hits("/a") == 0 and site.hits("/robots.txt") == 0
    assert fetch(FetchSettings(allow_private=True, min_host_interval_s=0), site.url("/a")).body == b"a"


def test_allow_list_is_per_host_and_port(site):
    with ScriptedServer() as other:
        other.route("/a", Reply(body=b"other"))
        with pytest.raises(BlockedURLError):
            fetch(settings_for(site), other.url("/a"))
        assert other.hits("/a") == 0


@pytest.mark.parametrize("target,match", [("http://10.0.0.1/admin", "10.0.0.1"), ("http://a..b/x", "malformed"),
                                          ("http://xn--a.com/x", "malformed"), ("http://[bad/x", "malformed")])
def test_every_redirect_hop_is_checked(site, target, match):
    site.route("/jump", Reply(status=302, headers={"Location": target}))
    with pytest.raises(BlockedURLError, match=match):
        fetch(settings_for(site), site.url("/jump"))


@pytest.mark.parametrize("host,allow_private,match", [("localhost", False, "internal address"),
                                                      ("a..b", True, "invalid host name 'a..b'")])
def test_host_names_are_checked_at_connect_time(host, allow_private, match):
    guard = GuardedBackend(RefusingBackend(), allow_private=allow_private, allowed_hosts=frozenset())
    with pytest.raises(BlockedURLError, match=match):
        asyncio.run(guard.connect_tcp(host, 80))
