"""SourceStore: sources, state and seen-marks persist and behave as the poller needs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newsloom.errors import NotFoundError
from newsloom.model import Source, SourceState
from newsloom.store.articles import ArticleStore
from newsloom.store.sources import SourceStore

T0 = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


class Store(SourceStore, ArticleStore):
    pass


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "db.sqlite")
    yield s
    s.close()


def test_add_is_idempotent_by_url_and_assigns_ids(store):
    a = store.add_source(Source(url="https://a.example/rss", title="A"))
    again = store.add_source(Source(url="https://a.example/rss", title="other"))
    b, c = store.add_sources([Source(url="https://b.example/rss"), Source(url="https://c.example/s", kind="sitemap")])
    assert a.id == again.id and again.title == "A"
    assert [s.url for s in store.list_sources()] == ["https://a.example/rss", "https://b.example/rss",
                                                    "https://c.example/s"]
    assert store.get_source(c.id).kind == "sitemap" and store.count_sources() == 3
    assert [s.id for s in store.list_sources(limit=1, offset=1)] == [b.id]


def test_state_round_trips_and_survives_reopening(tmp_path):
    path = tmp_path / "db.sqlite"
    s = Store(path)
    src = s.add_source(Source(url="https://a.example/rss"))
    assert s.get_state(src.id) == SourceState(source_id=src.id)
    state = SourceState(source_id=src.id, etag='"x"', last_modified="Mon, 23 Nov 2026 10:00:00 GMT",
                        last_success=T0, last_error="HTTP 500", consecutive_failures=2, items_per_day=12.5,
                        next_poll=T0 + timedelta(minutes=30), healthy=False)
    s.save_state(state)
    s.close()
    reopened = Store(path)
    assert reopened.get_state(src.id) == state
    reopened.close()


def test_due_sources_orders_never_polled_first_and_skips_disabled(store):
    a, b, c, d = store.add_sources([Source(url=f"https://{n}.example/") for n in "abcd"])
    store.save_state(SourceState(source_id=a.id, next_poll=T0 - timedelta(minutes=5)))
    store.save_state(SourceState(source_id=b.id, next_poll=T0 + timedelta(minutes=5)))
    store.update_source(Source(url=d.url, id=d.id, enabled=False))
    assert [s.id for s, _ in store.due_sources(T0)] == [c.id, a.id]
    assert [s.id for s, _ in store.due_sources(T0 + timedelta(hours=1))] == [c.id, a.id, b.id]
    assert store.next_due() == datetime.fromtimestamp(0, tz=UTC)


def test_seen_marks_per_source_and_anywhere(store):
    a, b = store.add_sources([Source(url="https://a.example/"), Source(url="https://b.example/")])
    store.mark_seen(a.id, ["guid:1", "url:https://x.example/1"], at=T0)
    assert store.is_seen(a.id, "guid:1") and not store.is_seen(b.id, "guid:1")
    assert store.is_seen(None, "url:https://x.example/1")
    assert store.seen_keys(a.id, ["guid:1", "guid:2"]) == {"guid:1"}
    store.mark_seen(a.id, ["guid:1"], at=T0)  # idempotent
    assert store.count_seen(a.id) == 2
    assert store.prune_seen(T0 + timedelta(days=1)) == 2


def test_remove_drops_state_and_seen_but_not_articles(store):
    src = store.add_source(Source(url="https://a.example/"))
    store.save_state(SourceState(source_id=src.id, etag="e"))
    store.mark_seen(src.id, ["guid:1"], at=T0)
    assert store.remove_source(src.id).url == "https://a.example/"
    with pytest.raises(NotFoundError):
        store.get_source(src.id)
    assert store.seen_keys(None, ["guid:1"]) == set()
    again = store.add_source(Source(url="https://a.example/"))
    assert store.get_state(again.id).etag is None
    with pytest.raises(NotFoundError):
        store.save_state(SourceState(source_id=9999))


def test_source_health_lists_every_source_with_state(store):
    a, b = store.add_sources([Source(url="https://a.example/"), Source(url="https://b.example/")])
    store.save_state(SourceState(source_id=b.id, last_error="timed out", consecutive_failures=1))
    health = store.source_health()
    assert [(s.id, st.last_error) for s, st in health] == [(a.id, None), (b.id, "timed out")]


# re-adding a stored URL uses up no id (the store looks it up inside its write transaction)
def test_adding_stored_urls_again_uses_up_no_id(store):
    first = store.add_source(Source(url="https://a.example/rss", title="A"))
    for _ in range(3):
        assert store.add_source(Source(url=" https://a.example/rss ", title="other")) == first
    assert store.add_sources([Source(url="https://a.example/rss")]) == [first]
    second = store.add_source(Source(url="https://b.example/rss"))
    assert (first.id, second.id) == (1, 2)


def test_add_sources_returns_each_given_source_as_stored_in_order(store):
    a = store.add_source(Source(url="https://a.example/rss", title="A"))
    out = store.add_sources([Source(url="https://b.example/rss"), Source(url="https://a.example/rss", title="x"),
                             Source(url="https://c.example/map", kind="sitemap"), Source(url="https://b.example/rss")])
    assert [s.url for s in out] == ["https://b.example/rss", "https://a.example/rss", "https://c.example/map",
                                    "https://b.example/rss"]
    assert out[1] == a and out[0] == out[3]
    assert [s.id for s in out] == [2, 1, 3, 2] and out[2].kind == "sitemap"
    assert store.add_source(Source(url="https://d.example/rss")).id == 4
