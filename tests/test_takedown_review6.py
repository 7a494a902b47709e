"""Takedowns, sixth review, in the store: one URL in any of its forms (an internationalised host in either
form, a trailing dot, escaped letters, dot segments), every request kept as its own, the requests in force
read once (not for every article), the CLI's word for a prefix, and removed text gone from the files."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

import newsloom.store.articles as articles_module
from helpers import cli, html_doc
from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.model import Article, TakedownRequest, content_hash
from newsloom.store import open_store

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TEXT = "The Brelvan council approved a budget for the new footbridge on Tuesday."


def _article(i: int, url: str) -> Article:
    return Article(id=f"a{i}", title=f"Title {i}", text=TEXT, url=url, content_hash=content_hash(TEXT))


@pytest.fixture(params=["memory", "file"])
def store(request, tmp_path):
    s = open_store(":memory:" if request.param == "memory" else tmp_path / "db" / "newsloom.db")
    yield s
    s.close()


def _removed(store, urls, target, scope):
    for i, url in enumerate(urls):
        store.put_article(_article(i, url))
    gone = store.apply_takedown(TakedownRequest(target, scope), now=NOW)
    return sorted(urls[int(a[1:])] for a in gone)


# -- 2: an internationalised host in either form ------------------------------------------------------------
@pytest.mark.parametrize("stored,target", [("https://bücher.de/news/x.html", "https://xn--bcher-kva.de/news/x.html"),
                                           ("https://xn--bcher-kva.de/news/x.html", "https://bücher.de/news/x.html"),
                                           ("https://www.Bücher.de/news/x.html", "http://XN--BCHER-KVA.de/news/x.html")])
@pytest.mark.parametrize("scope", ["url", "prefix"])
def test_url_and_prefix_takedowns_match_either_form_of_an_internationalised_host(store, stored, target, scope):
    if scope == "prefix":
        target = target.rsplit("/", 1)[0]  # .../news
    assert _removed(store, [stored, "https://bücher.com/news/x.html"], target, scope) == [stored]
    for form in ("https://bücher.de/news/x.html", "https://xn--bcher-kva.de/news/x.html"):
        assert store.is_taken_down(form), form  # refused when gathered again, in either form
    assert not store.is_taken_down("https://bücher.com/news/x.html")


# -- 10: the other ways of writing one URL -------------------------------------------------------------------
@pytest.mark.parametrize("written", ["https://independent.example./2026/kestrel.html",
                                     "https://independent.example/2026/%6Bestrel.html",
                                     "https://independent.example/2026/%6bestrel.html",
                                     "https://independent.example/sport/../2026/kestrel.html",
                                     "https://independent.example/2026/./kestrel.html"])
def test_a_url_takedown_matches_the_same_page_written_otherwise(store, written):
    target = "https://independent.example/2026/kestrel.html"
    assert _removed(store, [written], target, "url") == [written]
    assert store.is_taken_down(written)
    other = TakedownRequest(written, "url")  # and the other way round: the request written so
    store.put_article(_article(9, target))
    assert store.apply_takedown(other, now=NOW) == ["a9"]


def test_a_prefix_resolves_dot_segments_before_it_compares_paths(store):
    urls = ["https://site.example/sport/../news/x.html", "https://site.example/news/../sport/y.html",
            "https://site.example/news/%7Eeditor/z.html"]
    assert _removed(store, urls, "https://site.example/news", "prefix") == sorted([urls[0], urls[2]])
    assert not store.is_taken_down("https://site.example/news/../sport/y.html")
    assert store.is_taken_down("https://site.example./news/./a.html")


# -- 6: every request kept as its own -------------------------------------------------------------------------
def test_a_second_request_for_the_same_content_is_its_own_and_outlives_the_first(store):
    store.put_article(_article(1, "https://port.example.org/a"))
    first = store.apply_takedown_once(TakedownRequest("https://port.example.org/a", "url", "Owner Ltd", "copyright"),
                                      now=NOW)
    second = store.apply_takedown_once(TakedownRequest("http://www.port.example.org/a", "url", "Agency B",
                                                       "privacy"), now=NOW)
    assert first.removed == ["a1"] and not first.already_in_force
    assert second.already_in_force and second.removed == []
    assert second.takedown.id != first.takedown.id
    assert (second.takedown.requester, second.takedown.reason) == ("Agency B", "privacy")
    assert [(t.requester, t.reason) for t in store.list_takedowns()] == [("Owner Ltd", "copyright"),
                                                                         ("Agency B", "privacy")]
    store.revoke_takedown(first.takedown.id, now=NOW)
    assert [t.id for t in store.list_takedowns()] == [second.takedown.id]
    assert store.is_taken_down("https://port.example.org/a")  # the second still holds
    store.revoke_takedown(second.takedown.id, now=NOW)
    assert not store.is_taken_down("https://port.example.org/a")


def test_the_same_request_sent_again_is_recorded_once(store):
    request = TakedownRequest("port.example.org", "domain", "Owner Ltd", "copyright")
    first = store.apply_takedown_once(request, now=NOW)
    again = store.apply_takedown_once(request, now=NOW)
    assert again.already_in_force and again.takedown.id == first.takedown.id
    assert len(store.list_takedowns()) == 1


# -- 7: the requests in force read once -----------------------------------------------------------------------
def test_the_requests_in_force_are_read_once_until_they_change(tmp_path, monkeypatch):
    path = tmp_path / "db" / "newsloom.db"
    store, other = open_store(path), open_store(path)  # ``other``: another process writing to the same store
    try:
        for i in range(300):
            store.apply_takedown(TakedownRequest(f"https://site{i}.example/page/{i}", "url"), now=NOW)
        store.apply_takedown(TakedownRequest("https://news.example/politics", "prefix"), now=NOW)
        store.apply_takedown(TakedownRequest("spam.example", "domain"), now=NOW)
        reads, keys = [], []
        real_read, real_key = store._takedowns, articles_module._takedown_key
        monkeypatch.setattr(store, "_takedowns", lambda conn, where, args: (
            reads.append(where) if "revoked_at IS NULL" in where else None) or real_read(conn, where, args))
        monkeypatch.setattr(articles_module, "_takedown_key", lambda url: keys.append(url) or real_key(url))
        for n in range(50):
            assert store.is_taken_down(f"https://site{n}.example/page/{n}")
            assert store.is_taken_down("https://news.example/politics/vote.html")
            assert store.is_taken_down("https://blog.spam.example/x")
            assert not store.is_taken_down(f"https://site{n}.example/page/{n + 1}", "https://news.example/sport")
        assert len(reads) == 1  # read and parsed once for 200 lookups...
        assert len(keys) == 301 + 200  # ...the 301 url and prefix targets once, then only the URLs looked up
        store.put_article(_article(1, "https://unrelated.example/a"))  # other writes do not read them again
        other.put_article(_article(2, "https://unrelated.example/b"))
        assert not store.is_taken_down("https://late.example/a") and len(reads) == 1
        other.apply_takedown(TakedownRequest("late.example", "domain"), now=NOW)  # another process's takedown
        assert store.is_taken_down("https://late.example/a") and len(reads) == 2
        (late,) = [t for t in other.list_takedowns() if t.target == "late.example"]
        other.revoke_takedown(late.id, now=NOW)  # ...and its revocation
        assert not store.is_taken_down("https://late.example/a") and len(reads) == 3
        store.apply_takedown(TakedownRequest("https://own.example/a", "url"), now=NOW)  # this process's own
        assert store.is_taken_down("https://own.example/a") and len(reads) == 4
    finally:
        store.close()
        other.close()


# -- 11: what a prefix covers, as the CLI says it ------------------------------------------------------------
def test_the_cli_says_a_prefix_covers_whole_path_segments(tmp_path):
    shown = cli("takedown", "--help", home=tmp_path / "home")
    assert shown.returncode == 0, shown.stderr
    text = " ".join(shown.stdout.replace("│", " ").split())
    assert "starts with it (prefix)" not in text
    assert "whole segments" in text and "/newsroom" in text


def test_a_prefix_with_a_query_matches_that_path_and_the_query_as_text(store):
    urls = ["https://site.example/item?id=1", "https://site.example/item?id=10", "https://site.example/item/x?id=1",
            "https://site.example/other?id=1"]
    assert _removed(store, urls, "https://site.example/item?id=1", "prefix") == urls[:2]  # as documented


# -- 5: removed text leaves the files --------------------------------------------------------------------------
MARKER = "Quorvenhal"
FERRY = (f"<p>The {MARKER} ferry crossed the strait at dawn, carrying forty passengers and a cargo of pine "
         f"timber.</p><p>Harbour staff said the {MARKER} route would run daily until the autumn storms.</p>")
ORCHARD = ("<p>Apple growers in the Varnholt valley began the harvest a week early after a warm spring, the "
           "growers' association said.</p><p>Pickers expect a large crop of late varieties.</p>")


def _files_holding(data_dir, word: str) -> list[str]:
    return [p.name for p in sorted(data_dir.iterdir()) if p.name.startswith("newsloom.db")
            and word.lower().encode() in p.read_bytes().lower()]


def test_a_takedown_leaves_nothing_of_the_removed_text_in_the_database_or_its_log(tmp_path):
    nl = open_newsloom(Settings(data_dir=tmp_path), clock=lambda: NOW)
    try:
        stored = nl.ingest_documents([html_doc("https://ferry.example.org/a", f"{MARKER} ferry sails", FERRY),
                                      html_doc("https://apples.example.com/b", "Early harvest in Varnholt", ORCHARD)])
        assert [r.status for r in stored] == ["stored", "stored"]
        assert _files_holding(tmp_path, MARKER)  # the word is there to be removed
        assert nl.takedown("https://ferry.example.org/a") == [stored[0].article_id]
        # the store is still open (as under ``newsloom run``): neither the file nor its write-ahead log holds it
        assert (tmp_path / "newsloom.db").exists() and _files_holding(tmp_path, MARKER) == []
        assert nl.search(MARKER) == [] and [a.id for a, _ in nl.search("Varnholt")] == [stored[1].article_id]
        with nl.store._read() as conn:
            assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
        assert nl.store._writer.execute("PRAGMA secure_delete").fetchone()[0] == 1
    finally:
        nl.close()
    conn = sqlite3.connect(tmp_path / "newsloom.db")  # and the index still answers after
    try:
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")  # raises when corrupt
    finally:
        conn.close()


# -- 4: a takedown covers addresses, not words ------------------------------------------------------------------
def test_a_takedown_covers_addresses_not_words_and_says_so(tmp_path):
    """What a request covers is refused when gathered again (its address, written otherwise too); the same text
    at another site's address is another page (a syndicated reprint may be licensed): stored, and the CLI's
    answer does not promise otherwise."""
    home = tmp_path / "home"
    nl = open_newsloom(Settings(data_dir=home))
    try:
        page = "https://owner.example/news/ferry.html"
        assert [r.status for r in nl.ingest_documents([html_doc(page, "Ferry", FERRY)])] == ["stored"]
    finally:
        nl.close()
    said = cli("takedown", page, home=home)
    assert said.returncode == 0, said.stderr
    assert said.stdout.startswith(f"removed 1 article(s); what {page} covers will be refused if gathered again")
    assert "future copies" not in said.stdout
    nl = open_newsloom(Settings(data_dir=home))
    try:
        again = nl.ingest_documents([html_doc("http://www.owner.example/news/ferry.html?utm_source=x", "Ferry", FERRY),
                                     html_doc("https://mirror.example/ferry.html", "Ferry", FERRY)])
        assert [r.status for r in again] == ["suppressed", "stored"]
    finally:
        nl.close()


def test_the_index_of_requests_in_force_matches_as_each_request_does():
    """``TakedownIndex.covers`` (the fast path every ingested article takes) answers as ``_matches`` over each
    request (the rule the removal itself applies), on random requests and URLs written many ways."""
    import random

    from newsloom.store.articles import TakedownIndex, _matches

    hosts = ["origin.example", "www.origin.example", "news.origin.example", "bücher.de", "xn--bcher-kva.de",
             "other.example", "origin.example.", "ORIGIN.example:8080"]
    paths = ["/", "/news", "/news/", "/news/x.html", "/newsroom/y", "/news/../sport/z", "/sport/../news/q",
             "/%6Eews/k", "/item?id=1", "/item?id=10", "/item?q=a&utm_source=z"]
    urls = [f"{scheme}://{host}{path}" for scheme in ("http", "https") for host in hosts for path in paths]
    domains = ["origin.example", "news.origin.example", "bücher.de", "xn--bcher-kva.de", "https://www.origin.example/"]
    rng = random.Random(7)
    for _ in range(300):
        requests = []
        for _ in range(rng.randint(1, 3)):
            scope = rng.choice(["url", "prefix", "domain"])
            requests.append(TakedownRequest(target=rng.choice(domains if scope == "domain" else urls), scope=scope))
        index = TakedownIndex(requests)
        for url in rng.sample(urls, 20):
            assert index.covers([url]) == any(_matches(r, url) for r in requests), (url, requests)
