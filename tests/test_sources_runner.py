"""Seeding the default sources once, and the poller thread `newsloom run` starts."""

from __future__ import annotations

import time

import pytest

from newsloom.errors import InputError
from newsloom.model import Source
from newsloom.sources import FetchSettings, PollSettings, default_feeds_path, parse_opml
from newsloom.sources.runner import import_opml_once, start_poller_thread
from newsloom.store.articles import ArticleStore
from newsloom.store.sources import SourceStore
from servers import Reply, ScriptedServer


class Store(SourceStore, ArticleStore):
    pass


def test_default_sources_are_seeded_once_and_removals_stick(tmp_path):
    store = Store(tmp_path / "db.sqlite")
    expected = len(parse_opml(default_feeds_path().read_bytes()))
    assert import_opml_once(store, default_feeds_path()) == expected
    first = store.list_sources()[0]
    store.remove_source(first.id)
    assert import_opml_once(store, default_feeds_path()) == 0
    assert store.count_sources() == expected - 1


def test_unreadable_sources_list_is_an_input_error(tmp_path):
    bad = tmp_path / "bad.opml"
    bad.write_text("<html/>")
    with pytest.raises(InputError, match="bad.opml"):
        import_opml_once(Store(":memory:"), bad)
    with pytest.raises(InputError, match="cannot read"):
        import_opml_once(Store(":memory:"), tmp_path / "missing.opml")


def test_poller_thread_polls_and_stops(tmp_path):
    store, docs = Store(tmp_path / "db.sqlite"), []
    with ScriptedServer() as site:
        site.route("/feed", Reply(body=b"<rss version='2.0'><channel><title>T</title><item><title>A</title>"
                                       b"<link>" + site.url("/a").encode() + b"</link></item></channel></rss>",
                                  content_type="application/rss+xml"))
        site.route("/a", Reply(body=b"<html><p>a</p></html>"))
        store.add_source(Source(url=site.url("/feed")))
        settings = PollSettings(fetch=FetchSettings(allowed_hosts=frozenset({site.host_port}),
                                                    min_host_interval_s=0), tick_s=0.1)
        handle = start_poller_thread(store, settings, docs.extend)
        deadline = time.monotonic() + 20
        while not docs and time.monotonic() < deadline:
            time.sleep(0.05)
        handle.stop()
    assert [d.url for d in docs] == [site.url("/a")]
    assert not handle.thread.is_alive() and handle.error is None
