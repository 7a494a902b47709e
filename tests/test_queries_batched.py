"""Takedowns and feeds read and write by batches, not once per article or per story: the number of
SQL statements is counted with ``sqlite3.Connection.set_trace_callback`` on every connection of the
store, and the results are compared with what the one-at-a-time reads and writes give."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

import newsloom.store.stories as story_store
from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.model import (
    Article,
    ChainLink,
    FetchedDocument,
    PrimarySource,
    Provenance,
    Story,
    StoryAssignment,
    TakedownRequest,
)
from newsloom.store import open_store
from newsloom.store.trace import REMOVED, without_articles
from newsloom.web import create_app, feeds

T0 = datetime(2026, 1, 1, tzinfo=UTC)
HARBOUR = ("<p>The harbour authority of Port Elsworth said on Monday that shipping traffic rose by a tenth in the "
           "first quarter, with container volumes at a record high for the season.</p><p>Officials expect growth "
           "to continue through the summer, the authority added in its statement on Monday.</p><p>Dock workers at "
           "Port Elsworth said the new cranes installed in January doubled the unloading speed.</p>")
LIBRARY = ("<p>The city council of Brambleford voted on Tuesday to close the old library on Mill Street and move "
           "its collection to the new civic centre by the end of the year.</p><p>Council members said the building "
           "needs repairs that would cost more than the move, the mayor added in a statement on Tuesday.</p>"
           "<p>Readers at Brambleford protested outside the library, asking the council to keep the reading room "
           "open.</p>")
# two stories; first.example.org published three of the five articles (two in the harbour story), and
# each story has a copy elsewhere whose provenance points at the removed originals
DOCS = [("https://first.example.org/news/a", "Port Elsworth shipping traffic hits a record", HARBOUR),
        ("https://first.example.org/news/b", "Record quarter at Port Elsworth harbour", HARBOUR),
        ("https://second.example.net/copy/c", "Port Elsworth harbour has a record quarter", HARBOUR),
        ("https://first.example.org/news/d", "Brambleford to close its old library", LIBRARY),
        ("https://third.example.com/n/e", "Brambleford library to close", LIBRARY)]


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


class Statements:
    """Every SQL statement run on any connection of ``store`` (the writer, and each thread's reader
    opened from now on)."""

    def __init__(self, store, monkeypatch) -> None:
        self.seen: list[str] = []
        connect = store._connect

        def traced():
            conn = connect()
            conn.set_trace_callback(self.seen.append)
            return conn

        monkeypatch.setattr(store, "_connect", traced)
        store._writer.set_trace_callback(self.seen.append)
        reader = getattr(store._local, "conn", None)  # this thread's reader, if it has one already
        if reader is not None:
            reader.set_trace_callback(self.seen.append)

    def clear(self) -> None:
        self.seen.clear()

    def selects(self, table: str = "") -> list[str]:
        return [s for s in self.seen if s.lstrip().upper().startswith(("SELECT", "WITH")) and table in s]


def _page(title: str, body: str) -> bytes:
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>".encode()


@pytest.fixture
def harbour(tmp_path, monkeypatch):
    nl = open_newsloom(Settings(data_dir=tmp_path / "home"), clock=Clock())
    sql = Statements(nl.store, monkeypatch)
    for url, title, body in DOCS:
        assert all(r.ok for r in nl.ingest_documents([FetchedDocument(url=url, body=_page(title, body))]))
    ids = {a.url: a.id for a in nl.articles(limit=0)}
    yield nl, sql, ids
    nl.close()


def test_a_takedown_of_several_originals_unlinks_every_copy_in_one_scan(harbour):
    nl, sql, ids = harbour
    removed_urls = [u for u, *_ in DOCS if "first.example.org" in u]
    copies = [ids["https://second.example.net/copy/c"], ids["https://third.example.com/n/e"]]
    before = {c: nl.store.get_provenance(c) for c in copies}
    gone = {ids[u] for u in removed_urls}
    assert all(p.primary.article_id in gone for p in before.values())  # the premise: copies of removed originals
    sql.clear()
    removed = nl.takedown("first.example.org", scope="domain")
    assert set(removed) == gone and len(removed) == 3
    # one pass over the provenance table for the whole takedown (it was one per removed article)
    assert len(sql.selects("trace_provenance")) == 1, sql.selects("trace_provenance")
    for c in copies:
        after = nl.store.get_provenance(c)
        expected = before[c]
        for article_id in removed:  # the one-at-a-time rule, applied in turn
            expected = without_articles(expected, {article_id})
        assert after == expected
        assert after.primary.name == before[c].primary.name and after.primary.article_id is None
        assert REMOVED in after.primary.evidence
        assert not {link.article_id for link in after.chain} & set(removed)
    for article_id in removed:
        assert not nl.store.has_article(article_id) and nl.store.relations_of(article_id) == []
        assert nl.store.get_provenance(article_id) is None and nl.store.story_of(article_id) is None
        assert article_id not in nl.pipeline.stories.clusterer.members  # the running clusterer forgot them
    stories = nl.store.list_stories(limit=0)
    assert sorted(s.article_ids for s in stories) == sorted([(copies[0],), (copies[1],)])
    assert not any(t in s.title for s in stories for u, t, _ in DOCS if u in removed_urls)
    assert nl.store.search("Elsworth")[0][0].id == copies[0] and len(nl.store.search("Elsworth")) == 1


def test_a_takedown_rebuilds_and_saves_each_open_story_once(harbour, monkeypatch):
    nl, _sql, _ids = harbour
    saved: list[list[str]] = []
    save = nl.store.save_stories

    def counting(stories, **kw):
        stories = list(stories)
        saved.append([s.id for s in stories])
        return save(stories, **kw)

    monkeypatch.setattr(nl.store, "save_stories", counting)
    nl.takedown("first.example.org", scope="domain")
    assert len(saved) == 1 and sorted(saved[0]) == sorted(s.id for s in nl.store.list_stories(limit=0))


def test_a_takedown_describes_each_affected_story_once(harbour, monkeypatch):
    nl, _sql, _ids = harbour
    described: Counter[str] = Counter()
    redescribe = story_store._redescribe

    def counting(conn, story):
        described[story.id] += 1
        return redescribe(conn, story)

    monkeypatch.setattr(story_store, "_redescribe", counting)
    removed = nl.takedown("first.example.org", scope="domain")
    assert len(removed) == 3  # two from the harbour story, one from the library story
    assert len(described) == 2 and set(described.values()) == {1}, described


def test_the_batch_unlink_matches_one_at_a_time():
    """Store level: one copy whose primary source and chain name two removed articles, one that names
    neither; the batch rewrite equals the rewrite for each article applied in turn, and the other is untouched."""
    store = open_store(":memory:")
    try:
        for aid in ("o1", "o2", "c", "x"):
            store.put_article(Article(id=aid, title=aid, text=f"text of {aid}", url=f"https://gone.example/{aid}"
                                      if aid.startswith("o") else f"https://kept.example/{aid}"))
        chain = (ChainLink("Kept", "c", "https://kept.example/c"), ChainLink("Gone", "o2", "https://gone.example/o2"),
                 ChainLink("Gone", "o1", "https://gone.example/o1", relation="reprint"))
        copy = Provenance("c", PrimarySource("Gone", "outlet", "o1", "https://gone.example/o1", "credit"), chain,
                          is_copy=True)
        other = Provenance("x", PrimarySource("Kept", "outlet", "x"), (ChainLink("Kept", "x"),))
        store.save_provenance(copy)
        store.save_provenance(other)
        removed = store.apply_takedown(TakedownRequest("gone.example", "domain"), now=T0)
        assert sorted(removed) == ["o1", "o2"]
        assert store.get_provenance("c") == without_articles(without_articles(copy, {"o1"}), {"o2"})
        assert store.get_provenance("c") == without_articles(copy, {"o1", "o2"})
        assert store.get_provenance("c").primary.evidence == f"{REMOVED} (when traced: credit)"
        assert store.get_provenance("x") == other
        assert store.get_provenances(["c", "x", "o1", "c"]) == {"c": store.get_provenance("c"), "x": other}
    finally:
        store.close()


# -- feeds ---------------------------------------------------------------------------------------------
def _fill(nl, n: int) -> None:
    """``n`` stories of three articles (one with no provenance, a local file, a missing member...)."""
    st = nl.store
    for i in range(n):
        ids = []
        for j in range(3):
            aid = f"a{i:03d}{j}"
            url = f"file:///tmp/x{i}.html" if j == 2 and i % 3 == 0 else f"https://site{j}.example.org/n/{i}"
            st.put_article(Article(id=aid, title=f"Title {i} {j}", text=f"text {i} {j} " * 20, url=url,
                                   source=None if (i + j) % 4 == 0 else f"Outlet {j}",
                                   robots=("nosnippet",) if j == 1 else ()))
            if (i + j) % 5:
                st.save_provenance(Provenance(aid, PrimarySource("AP" if j else f"Outlet {j}", "wire", f"a{i:03d}0"),
                                              (ChainLink(f"Outlet {j}", aid),), is_copy=bool(j)))
            ids.append(aid)
        if i % 4 == 3:
            ids.append("no-such-article")
        story = Story(id=f"s{i:03d}", title=f"Story {i} <&>", article_ids=tuple(ids), summary=f"Summary {i}",
                      first_seen=T0 + timedelta(hours=i), last_updated=T0 + timedelta(hours=i, minutes=5), n_sources=3)
        st.save_stories([story], assignments=[StoryAssignment(a, story.id, 1.0) for a in ids[:3]])


def _entries_one_by_one(request, limit):
    """The feed entries read one story and one article at a time (the reference for the batch reads)."""
    nl = request.app.state.nl
    base = str(request.base_url).rstrip("/")
    out = []
    for story in nl.stories(limit=limit):
        articles = nl.story_articles(story)
        provenance = {a.id: p for a in articles if (p := nl.store.get_provenance(a.id)) is not None}
        out.append(feeds.entry(story, f"{base}/stories/{story.id}", articles, provenance))
    return out


@pytest.fixture
def feed_app(tmp_path, monkeypatch):
    def make(n: int):
        nl = open_newsloom(Settings(data_dir=tmp_path / f"feeds{n}"))
        sql = Statements(nl.store, monkeypatch)
        _fill(nl, n)
        made.append(nl)
        return TestClient(create_app(nl)), sql

    made: list = []
    yield make
    for nl in made:
        nl.close()


@pytest.mark.parametrize("path", ["/feeds/stories.atom", "/feeds/stories.json"])
def test_a_feed_reads_a_fixed_number_of_times_whatever_the_number_of_stories(feed_app, path):
    counts = {}
    for n in (2, 8):
        client, sql = feed_app(n)
        sql.clear()
        got = client.get(path)
        assert got.status_code == 200
        counts[n] = len(sql.selects())
        assert f"Story {n - 1} " in got.text and "Story 0 " in got.text
    # stories, their articles, those articles' provenance, the latest removal (was 4N + 2: 10 and 34)
    assert counts[2] == counts[8] <= 4, counts


@pytest.mark.parametrize("path", ["/feeds/stories.atom", "/feeds/stories.json", "/feeds/stories.atom?limit=3"])
def test_a_feed_is_byte_identical_to_the_one_read_item_by_item(feed_app, monkeypatch, path):
    client, _sql = feed_app(9)
    client.app.state.nl.takedown("https://nothing.example.org/x")  # a takedown stamp in Last-Modified
    batched = client.get(path)
    with monkeypatch.context() as m:
        m.setattr(feeds, "_entries", _entries_one_by_one)
        reference = client.get(path)
    assert batched.status_code == reference.status_code == 200
    assert batched.content == reference.content
    assert batched.headers["etag"] == reference.headers["etag"]
    assert batched.headers["last-modified"] == reference.headers["last-modified"]
    assert client.get(path, headers={"If-None-Match": batched.headers["etag"]}).status_code == 304


def test_feed_reads_go_by_chunks_of_ids(feed_app, monkeypatch):
    """More ids than one IN list holds: still every article and every primary source, in story order."""
    from newsloom.store import base

    client, _sql = feed_app(5)
    reference = client.get("/feeds/stories.json").content
    monkeypatch.setattr(base, "IN_CHUNK", 2)
    assert client.get("/feeds/stories.json").content == reference
    items = json.loads(reference)["items"]
    assert [s["article_id"] for s in items[-1]["_newsloom"]["sources"]] == ["a0000", "a0001", "a0002"]


def test_a_story_page_reads_provenance_and_assignments_once_whatever_its_size(harbour):
    nl, sql, _ids = harbour
    stories = sorted(nl.store.list_stories(limit=0), key=lambda s: len(s.article_ids))
    assert [len(s.article_ids) for s in stories] == [2, 3]
    for story in stories:
        sql.clear()
        view = nl.story_view(story.id)
        assert set(view.assignments) == set(story.article_ids)  # every member's reason is there
        assert set(view.provenance) <= set(story.article_ids) and view.provenance
        assert len(sql.selects("trace_provenance")) == 1 and len(sql.selects("story_members")) == 1
