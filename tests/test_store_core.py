"""Contract of the store's core component, on a memory database and on a WAL file."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime

import pytest

from newsloom.errors import NotFoundError, StorageError
from newsloom.model import Article, Credit, TakedownRequest, WireCredit, content_hash
from newsloom.store import open_store

NOW = datetime(2022, 2, 16, 12, 0, tzinfo=UTC)


def _article(i: int, text: str = "Ministers met in Brussels on Wednesday.", url: str | None = None) -> Article:
    return Article(id=f"a{i}", title=f"Title {i}", text=text, url=url or f"https://example.com/{i}",
                   published=NOW, content_hash=content_hash(text), credits=(Credit("copyright", "(c) X"),),
                   wire=(WireCredit("AP", "(AP)", "dateline"),), field_sources={"title": "meta"})


@pytest.fixture(params=["memory", "file"])
def store(request, tmp_path):
    s = open_store(":memory:" if request.param == "memory" else tmp_path / "db" / "newsloom.db")
    yield s
    s.close()


def test_put_is_idempotent_and_round_trips(store):
    art = _article(1)
    assert store.put_article(art) is True
    assert store.put_article(art) is False
    assert store.count_articles() == 1
    assert store.get_article("a1") == art


def test_missing_article_raises_not_found(store):
    with pytest.raises(NotFoundError) as info:
        store.get_article("nope")
    assert "nope" in str(info.value)


def test_find_by_url_hash_and_external_id(store):
    art = Article(id="x", title="t", text="body", url="https://Example.com/a?utm_source=feed", external_id="ext-9",
                  content_hash=content_hash("body"))
    store.put_article(art)
    assert store.find_article_ids(url="https://example.com/a") == ["x"]
    assert store.find_article_ids(content_hash=content_hash("  BODY ")) == ["x"]
    assert store.find_article_ids(external_id="ext-9") == ["x"]


def test_full_text_search_ranks_matching_articles(store):
    store.put_article(_article(1, "Stoltenberg said NATO had seen no withdrawal."))
    store.put_article(_article(2, "An earthquake struck the coast at dawn."))
    hits = store.search("withdrawal Stoltenberg")
    assert [a.id for a, _ in hits] == ["a1"]
    assert store.search('"; DROP TABLE articles; --') == []


def test_failed_transaction_leaves_nothing_behind(store):
    with pytest.raises(RuntimeError), store.transaction():
        store.put_article(_article(1))
        raise RuntimeError("crash in a later stage")
    assert store.count_articles() == 0
    assert store.search("Brussels") == []


def test_takedown_by_domain_removes_articles_and_their_search_entries(store):
    store.put_article(_article(1, url="https://news.example.com/a"))
    store.put_article(_article(2, url="https://other.org/b"))
    removed = store.apply_takedown(TakedownRequest("example.com", "domain"), now=NOW)
    assert removed == ["a1"]
    assert [a.id for a, _ in store.search("Brussels")] == ["a2"]
    assert store.is_taken_down("https://www.example.com/later")
    assert not store.is_taken_down("https://other.org/b")


@pytest.mark.parametrize("target,scope,removed,kept", [
    # a prefix is whole path segments on the same host: another site and a longer name are not under it
    ("https://example.com/", "prefix", ["https://example.com/news/a", "http://www.example.com/b"],
     ["https://example.com.evil.net/x", "https://notexample.com/c"]),
    ("https://example.com/politics", "prefix", ["https://example.com/politics", "https://example.com/politics/a"],
     ["https://example.com/politics-extra/b", "https://example.com/other"]),
    ("https://example.com/search?q=a", "prefix", ["https://example.com/search?q=ab"], ["https://example.com/search?q=b"]),
    # http and https, with or without www, name the same page
    ("https://www.example.com/a", "url", ["http://example.com/a", "https://www.example.com/a"],
     ["https://example.com/a/b", "https://example.com.evil.net/a"]),
])
def test_takedowns_match_what_the_owner_named_and_nothing_else(store, target, scope, removed, kept):
    urls = removed + kept
    for i, url in enumerate(urls):
        store.put_article(_article(i + 1, url=url))
    gone = store.apply_takedown(TakedownRequest(target, scope), now=NOW)
    assert sorted(gone) == sorted(f"a{i + 1}" for i in range(len(removed)))
    for url in removed:
        assert store.is_taken_down(url), url
    for url in kept:
        assert not store.is_taken_down(url), url


def test_errors_are_recorded_newest_first(store):
    store.record_error(stage="read", subject="a.html", message="empty file", at=NOW)
    store.record_error(stage="extract", subject="b.html", message="no text", at=NOW)
    assert [e.subject for e in store.list_errors()] == ["b.html", "a.html"]


def test_migrations_are_recorded_once(tmp_path):
    path = tmp_path / "n.db"
    first = open_store(path)
    versions = first.schema_versions()
    first.close()
    again = open_store(path)
    assert again.schema_versions() == versions
    assert versions["core"] >= 1
    again.close()


def test_concurrent_writers_serialise(tmp_path):
    store = open_store(tmp_path / "n.db")
    errors = []

    def write(start):
        try:
            for i in range(start, start + 25):
                store.put_article(_article(i))
        except StorageError as exc:  # pragma: no cover - would fail the test below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n * 100,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert store.count_articles() == 100
    store.close()


def test_unopenable_path_is_a_storage_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises((StorageError, OSError)):
        open_store(blocker / "sub" / "n.db")


def test_a_data_directory_that_is_a_file_is_a_clear_storage_error(tmp_path):
    from newsloom.errors import StorageError

    (tmp_path / "home").write_text("not a directory")
    with pytest.raises(StorageError, match="cannot create the data directory"):
        open_store(tmp_path / "home" / "newsloom.db")
    with pytest.raises(StorageError, match="cannot create the data directory"):
        open_store(tmp_path / "home" / "deeper" / "newsloom.db")


def test_search_finds_words_inside_chinese_and_japanese_runs_and_deletes_them_cleanly(store):
    store.put_article(_article(1, "日本の株式市場は木曜日に上昇した。"))
    store.put_article(_article(2, "北京市政府宣布新的交通规定。"))
    store.put_article(_article(3, "Markets rose in Tokyo on Thursday."))
    assert [a.id for a, _ in store.search("株式市場")] == ["a1"]
    assert [a.id for a, _ in store.search("日本")] == ["a1"]
    assert [a.id for a, _ in store.search("交通 北京")] == ["a2"]
    assert store.search("市場 北京") == []  # every word is required
    assert store.search("本株") == []  # characters in another order are another word
    assert [a.id for a, _ in store.search("Tokyo")] == ["a3"]
    store.apply_takedown(TakedownRequest("https://example.com/1", "url"), now=NOW)
    assert store.search("株式市場") == [] and store.search("日本") == []


def test_an_older_store_has_its_chinese_text_indexed_again_on_open(tmp_path):
    import sqlite3

    path = tmp_path / "old.db"
    store = open_store(path)
    store.put_article(_article(1, "日本の株式市場は木曜日に上昇した。"))
    store.put_article(_article(2, "Markets rose in Tokyo on Thursday."))
    store.close()
    conn = sqlite3.connect(path)  # make it as an older version left it: runs indexed whole, migration not done
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('delete-all')")
    for fts, aid in conn.execute("SELECT rowid_fts, id FROM articles_fts_map").fetchall():
        title, text = f"Title {aid[1:]}", {"a1": "日本の株式市場は木曜日に上昇した。",
                                          "a2": "Markets rose in Tokyo on Thursday."}[aid]
        conn.execute("INSERT INTO articles_fts(rowid, title, text) VALUES (?, ?, ?)", (fts, title, text))
    conn.execute("DELETE FROM schema_migrations WHERE component = 'core' AND version = 2")
    conn.commit()
    conn.close()
    store = open_store(path)
    try:
        assert [a.id for a, _ in store.search("株式市場")] == ["a1"]
        assert [a.id for a, _ in store.search("Tokyo")] == ["a2"]
        store.apply_takedown(TakedownRequest("https://example.com/1", "url"), now=NOW)
        assert store.search("日本") == []
    finally:
        store.close()


def test_takedowns_recorded_before_the_match_key_are_found_after_it(tmp_path, monkeypatch):
    """Migration: takedowns recorded by a store without ``takedowns.match_key`` get theirs, so the same
    request made again afterwards (in another form of its domain) is still recorded once."""
    from newsloom.store.articles import ArticleStore

    path = tmp_path / "n.db"
    with monkeypatch.context() as m:
        m.setattr(ArticleStore, "MIGRATIONS", ArticleStore.MIGRATIONS[:3])  # the store as it was
        open_store(path).close()
    with sqlite3.connect(path) as conn:  # a takedown as that store recorded it
        conn.execute("INSERT INTO takedowns(target, scope, requester, reason, received_at) VALUES "
                     "('bücher.de', 'domain', '', '', ?)", (NOW.isoformat(),))
    store = open_store(path)
    try:
        again = store.apply_takedown_once(TakedownRequest("XN--BCHER-KVA.de", "domain"), now=NOW)
        assert again.already_in_force and again.takedown.target == "bücher.de"
        assert len(store.list_takedowns()) == 1
    finally:
        store.close()


def test_iter_articles_pages_in_insertion_order_and_reads_rows_written_meanwhile(store):
    for i in range(5):
        store.put_article(_article(i, text=f"Story number {i} about the ministers."))
    seen = []
    for art in store.iter_articles(batch=2):
        seen.append(art.id)
        if art.id == "a1":  # written while the iteration is between pages: read when its turn comes
            store.put_article(_article(9, text="A late story about the ministers."))
    assert seen == ["a0", "a1", "a2", "a3", "a4", "a9"]
    assert [a.id for a in store.iter_articles(batch=1)] == seen
    assert [a.id for a in store.iter_articles(batch=100)] == seen


def test_pages_start_after_the_given_sequence_and_stop_on_an_empty_page(store):
    for i in range(5):
        store.put_article(_article(i, text=f"Story number {i} about the ministers."))
    sql = "SELECT inserted_seq, id FROM articles WHERE inserted_seq > ? ORDER BY inserted_seq LIMIT ?"
    pages = list(store._pages(sql, batch=2))
    assert [len(p) for p in pages] == [2, 2, 1]
    seqs = [r[0] for p in pages for r in p]
    assert seqs == sorted(seqs) and len(set(seqs)) == 5
    after = list(store._pages(sql, after_seq=seqs[2], batch=2))
    assert [r[1] for p in after for r in p] == ["a3", "a4"]
    assert list(store._pages(sql, after_seq=seqs[-1], batch=2)) == []
