"""The poller's age cutoff: feed and sitemap entries dated longer ago than ``PollSettings.max_entry_age``
(7 days by default; ``NEWSLOOM_MAX_ENTRY_AGE_DAYS`` for ``newsloom run``) are not gathered, so that a first
poll of a sitemap or an archive feed does not put months of old articles on the front page as new stories.
And the store's recorded errors are cut to the newest ``PollSettings.errors_kept``. A real HTTP server on
127.0.0.1 answers."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from helpers import Clock, daily_polls, poll_store
from newsloom.config import load_settings
from newsloom.errors import ConfigError
from newsloom.model import Source
from newsloom.sources.fetcher import FetchSettings
from newsloom.sources.poller import Poller, PollSettings
from servers import Reply, ScriptedServer

T0 = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
PAGE = ("<html><head><title>{t}</title></head><body><article><h1>{t}</h1><p>The harbour authority said on "
        "Monday that shipping traffic rose by a tenth, with container volumes at a record for the season.</p>"
        "</article></body></html>")


@pytest.fixture
def site():
    with ScriptedServer() as server:
        server.route("/robots.txt", Reply(body=b"User-agent: *\nAllow: /\n", content_type="text/plain"))
        for n in range(4):
            server.route(f"/a/{n}", Reply(body=PAGE.format(t=f"Harbour story {n}").encode()))
        yield server


def _poller(store, server, sink, clock, **kw) -> Poller:
    fetch = FetchSettings(allowed_hosts=frozenset({server.host_port}), min_host_interval_s=0.0, timeout_s=3.0)
    return Poller(store, PollSettings(fetch=fetch, seed=1, **kw), sink, clock=clock)


def _rss(site, ages: list[timedelta | None]) -> bytes:
    items = []
    for n, age in enumerate(ages):
        date = "" if age is None else f"<pubDate>{format_datetime(T0 - age)}</pubDate>"
        items.append(f"<item><title>Harbour story {n}</title><link>{site.url(f'/a/{n}')}</link>"
                     f"<guid>urn:h:{n}</guid>{date}</item>")
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour</title>{"".join(items)}</channel></rss>'.encode()


def _sitemap(site, ages: list[timedelta]) -> bytes:
    urls = "".join(f"<url><loc>{site.url(f'/a/{n}')}</loc><lastmod>{(T0 - age).isoformat()}</lastmod></url>"
                   for n, age in enumerate(ages))
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


def test_feed_entries_older_than_the_cutoff_are_not_gathered(site, caplog):
    caplog.set_level(logging.INFO, logger="newsloom.sources.poller")
    # a day old, 30 days old, undated, 8 days old
    site.route("/feed", Reply(body=_rss(site, [timedelta(days=1), timedelta(days=30), None, timedelta(days=8)]),
                              content_type="application/rss+xml"))
    store, docs, clock = poll_store(), [], Clock(T0)
    store.add_source(Source(url=site.url("/feed")))
    [[first], [second]] = daily_polls(_poller(store, site, docs.extend, clock), clock, 2)
    assert first.ok and first.too_old == 2 and first.new_items == 2
    assert sorted(d.url for d in docs) == [site.url("/a/0"), site.url("/a/2")]  # the recent and the undated
    assert site.hits("/a/1") == site.hits("/a/3") == 0
    # not marked seen (another source may date them as recent), so counted again, and still not fetched
    assert second.too_old == 2 and second.new_items == 0 and site.hits("/a/1") == site.hits("/a/3") == 0
    said = [r.getMessage() for r in caplog.records if "older than the entry age cutoff" in r.getMessage()]
    assert said == [f"{site.url('/feed')}: 2 entries older than the entry age cutoff skipped"] * 2  # in the log


def test_an_entry_too_old_for_one_source_is_still_gathered_by_another_that_dates_it_recent(site):
    site.route("/archive", Reply(body=_rss(site, [timedelta(days=30)]), content_type="application/rss+xml"))
    site.route("/latest", Reply(body=_rss(site, [timedelta(hours=1)]), content_type="application/rss+xml"))
    store, docs, clock = poll_store(), [], Clock(T0)
    old, new = store.add_sources([Source(url=site.url("/archive")), Source(url=site.url("/latest"))])
    poller = _poller(store, site, docs.extend, clock, source_concurrency=1)  # the archive first
    [results] = daily_polls(poller, clock, 1)
    by_source = {r.source_id: r for r in results}
    assert by_source[old.id].too_old == 1 and by_source[new.id].new_items == 1
    assert [d.url for d in docs] == [site.url("/a/0")] and site.hits("/a/0") == 1


def test_a_longer_cutoff_later_gathers_what_a_shorter_one_left(site):
    site.route("/feed", Reply(body=_rss(site, [timedelta(days=20)]), content_type="application/rss+xml"))
    store, docs, clock = poll_store(), [], Clock(T0)
    store.add_source(Source(url=site.url("/feed")))
    [[short]] = daily_polls(_poller(store, site, docs.extend, clock), clock, 1)
    # the next day (the source is due again), a poller with a 30-day cutoff
    [[longer]] = daily_polls(_poller(store, site, docs.extend, clock, max_entry_age=timedelta(days=30)), clock, 1)
    assert short.too_old == 1 and longer.too_old == 0 and [d.url for d in docs] == [site.url("/a/0")]


def test_sitemap_entries_older_than_the_cutoff_are_not_gathered(site):
    site.route("/sitemap.xml", Reply(body=_sitemap(site, [timedelta(days=400), timedelta(hours=3),
                                                          timedelta(days=7, minutes=1)]),
                                     content_type="application/xml"))
    store, docs, clock = poll_store(), [], Clock(T0)
    store.add_source(Source(url=site.url("/sitemap.xml"), kind="sitemap"))
    [[result]] = daily_polls(_poller(store, site, docs.extend, clock), clock, 1)
    assert result.ok and result.too_old == 2
    assert [d.url for d in docs] == [site.url("/a/1")]


def test_no_cutoff_gathers_every_entry(site):
    site.route("/feed", Reply(body=_rss(site, [timedelta(days=1), timedelta(days=3000)]),
                              content_type="application/rss+xml"))
    store, docs, clock = poll_store(), [], Clock(T0)
    store.add_source(Source(url=site.url("/feed")))
    [[result]] = daily_polls(_poller(store, site, docs.extend, clock, max_entry_age=None), clock, 1)
    assert result.too_old == 0 and len(docs) == 2


@pytest.mark.parametrize(("value", "expected"), [(None, timedelta(days=7)), ("0", None), ("2.5", timedelta(days=2.5))])
def test_run_setting_for_the_cutoff(value, expected):
    env = {} if value is None else {"NEWSLOOM_MAX_ENTRY_AGE_DAYS": value}
    assert load_settings(env).max_entry_age == expected


@pytest.mark.parametrize(("value", "expected"), [("0", None), ("3", timedelta(days=3))])
def test_newsloom_run_polls_with_the_configured_cutoff(tmp_path, value, expected):
    from newsloom.cli.serve import poll_settings

    settings = load_settings({"NEWSLOOM_HOME": str(tmp_path), "NEWSLOOM_MAX_ENTRY_AGE_DAYS": value})
    assert poll_settings(settings).max_entry_age == expected


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "a week"])
def test_run_setting_refuses_what_is_not_a_number_of_days(value):
    with pytest.raises(ConfigError, match="NEWSLOOM_MAX_ENTRY_AGE_DAYS"):
        load_settings({"NEWSLOOM_MAX_ENTRY_AGE_DAYS": value})


# -- the recorded errors of a long-running poller are cut to the newest ``errors_kept`` --------------------------
def test_store_keeps_the_newest_errors():
    store = poll_store()
    for n in range(5):
        store.record_error(stage="fetch", subject=f"http://feed/{n}", message="HTTP 503", at=T0)
    assert store.prune_errors(keep=3) == 2
    assert [e.subject for e in store.list_errors()] == ["http://feed/4", "http://feed/3", "http://feed/2"]
    assert store.prune_errors(keep=3) == 0
    assert store.prune_errors(keep=0) == 3 and store.list_errors() == []


def test_poller_prunes_old_errors_every_prune_every(site):
    site.route("/down", Reply(status=503))
    store, clock = poll_store(), Clock(T0)
    store.add_source(Source(url=site.url("/down")))
    poller = _poller(store, site, [].extend, clock, errors_kept=2, prune_every=timedelta(days=2))
    daily_polls(poller, clock, 4)  # a failing poll each day, one error each; pruned on days 1 and 3
    # day 1 pruned nothing; day 3 cut the three errors recorded by then to two, then day 4 added one
    assert len(store.list_errors(limit=0)) == 3
