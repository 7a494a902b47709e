"""A canonical URL on another site is a claim, not an identity.

A hostile (or merely syndicating) page that declares another site's article as its canonical URL must not
take that article's id, nor make its address look stored: the article itself is still gathered and stored.
The claim stays as ``canonical_url``, evidence for the trace stage. Entry links that are no web address
(``javascript:``) are not taken as an article's URL.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from helpers import Clock, daily_polls, poll_store
from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.extract import extract_article
from newsloom.model import FetchedDocument, Source
from newsloom.sources.feeds import parse_feed
from newsloom.sources.fetcher import FetchSettings
from newsloom.sources.poller import Poller, PollSettings
from newsloom.urls import article_id
from servers import Reply, ScriptedServer

T0 = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
VICTIM = "https://victim.example.org/news/harbour.html"


def _page(title: str, canonical: str | None = None, words: str = "shipping traffic rose by a tenth") -> bytes:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (f"<html><head>{link}<title>{title}</title></head><body><article><h1>{title}</h1><p>The harbour "
            f"authority said on Monday that {words}, with container volumes at a record for the season.</p>"
            f"</article></body></html>").encode()


def test_a_canonical_url_on_another_site_names_neither_the_id_nor_the_outlet():
    spam = extract_article(FetchedDocument(url="https://spam.example.net/x", body=_page("Harbour", VICTIM)))
    assert spam.id == article_id("https://spam.example.net/x", spam.content_hash) != article_id(VICTIM, "")
    assert spam.canonical_url == VICTIM and spam.source == "spam.example.net"
    tidy = extract_article(FetchedDocument(url="https://www.victim.example.org/news/harbour.html?utm_source=x",
                                           body=_page("Harbour", VICTIM)))
    assert tidy.id == article_id(VICTIM, "")  # the same site: its canonical form names it
    saved = extract_article(FetchedDocument(url="file:///saved/harbour.html", body=_page("Harbour", VICTIM)))
    assert saved.id == article_id(VICTIM, "")  # no web address of its own: the canonical URL is its address


def test_the_claimed_article_is_still_stored_and_not_taken_for_stored(tmp_path: Path):
    nl = open_newsloom(Settings(data_dir=tmp_path), clock=lambda: T0)
    try:
        (spam,) = nl.ingest_documents([FetchedDocument(url="https://spam.example.net/x", body=_page("Harbour",
                                                                                                  VICTIM))])
        assert spam.status == "stored" and not nl.store.stored_at(VICTIM)
        (real,) = nl.ingest_documents([FetchedDocument(url=VICTIM, body=_page("Harbour record", None,
                                                                              "ships queued for days"))])
        assert real.status == "stored" and real.article_id != spam.article_id and nl.store.stored_at(VICTIM)
        assert nl.store.stored_at("https://spam.example.net/x")
    finally:
        nl.close()


def test_the_poller_fetches_an_entry_whose_url_another_site_claims():
    with ScriptedServer() as site:
        victim = f"http://localhost:{site.port}/news/harbour.html"  # another host than 127.0.0.1: another site
        site.route("/robots.txt", Reply(body=b"User-agent: *\nAllow: /\n", content_type="text/plain"))
        site.route("/news/harbour.html", Reply(body=_page("Harbour record", None, "ships queued for days")))
        site.route("/feed", Reply(content_type="application/rss+xml", body=(
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>Victim</title><item><title>Harbour record'
            f"</title><link>{victim}</link><guid>urn:v:1</guid></item></channel></rss>").encode()))
        store, docs, clock = poll_store(), [], Clock(T0)
        nl_spam = extract_article(FetchedDocument(url=site.url("/x"), body=_page("Harbour", victim)))
        assert store.put_article(nl_spam)
        store.add_source(Source(url=site.url("/feed")))
        fetch = FetchSettings(allowed_hosts=frozenset({site.host_port, f"localhost:{site.port}"}),
                              min_host_interval_s=0.0, timeout_s=3.0)
        [[result]] = daily_polls(Poller(store, PollSettings(fetch=fetch, seed=1), docs.extend, clock=clock), clock, 1)
        assert result.ok and [d.url for d in docs] == [victim] and site.hits("/news/harbour.html") == 1


def test_an_entry_link_that_is_no_web_address_is_not_an_article_url():
    feed = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>'
            b"<item><title>A</title><link>javascript:alert('x')</link><guid isPermaLink='false'>g1</guid></item>"
            b"<item><title>B</title><link>/news/b.html</link><guid isPermaLink='false'>g2</guid></item>"
            b"</channel></rss>")
    parsed = parse_feed(feed, url="https://feeds.example.org/rss")
    assert [i.url for i in parsed.items] == [None, "https://feeds.example.org/news/b.html"]
