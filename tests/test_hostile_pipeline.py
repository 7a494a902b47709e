"""Hostile inputs through the whole pipeline (real store, real models) and through the poller of
`newsloom run` against a scripted server on 127.0.0.1: every bad item becomes its own recorded
error, and the good items of the same batch, file or feed are stored."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from html import escape

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsloom import prepare as prepare_module
from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.model import FetchedDocument, Source
from newsloom.sources import poller as poller_module
from newsloom.sources.fetcher import FetchSettings
from newsloom.sources.poller import Poller, PollSettings
from servers import Reply, ScriptedServer

TOPICS = ["harbour cranes", "library roof", "ferry timetable", "bakery prices", "tram depot", "river flood",
          "school canteen", "museum lights", "cycling lanes", "market hall", "airport noise", "city budget"]


def story(n: int) -> str:
    """A short article of its own about topic ``n`` (no two share enough words to be copies)."""
    topic = TOPICS[n % len(TOPICS)]
    return (f"Officials in district {n} presented a plan for the {topic} on Tuesday, saying work would start "
            f"in spring and cost about {n + 3} million. Residents of district {n} asked questions about the "
            f"{topic} for two hours.\n\nA second meeting on the {topic} of district {n} is planned for June, "
            "when the council will vote on it.")


def page(n: int, *, head: str = "", title: str | None = None) -> bytes:
    body = "".join(f"<p>{escape(p)}</p>" for p in story(n).split("\n\n"))
    return (f"<html><head><title>{escape(title or f'Story {n}')}</title>{head}</head><body><article>"
            f"<h1>{escape(title or f'Story {n}')}</h1>{body}</article></body></html>").encode()


@pytest.fixture(scope="module")
def nl(tmp_path_factory):
    instance = open_newsloom(Settings(data_dir=tmp_path_factory.mktemp("hostile")))
    yield instance
    instance.close()


def errors_about(nl, text: str) -> list:
    return [e for e in nl.store.list_errors(limit=0) if text in e.subject or text in e.message]


# --------------------------------------------------------------------------- ingest batches


def test_one_batch_of_hostile_files_stores_every_good_one(nl, tmp_path):
    (tmp_path / "a-good.html").write_bytes(page(0))
    (tmp_path / "b-late-date.html").write_bytes(page(1, head="<meta property='article:published_time' "
                                                               "content='9999-12-31T23:59:59-01:00'>"))
    (tmp_path / "c-year-one.html").write_bytes(page(2, head="<script type='application/ld+json'>{\"@type\": "
                                                             "\"NewsArticle\", \"datePublished\": "
                                                             "\"0001-01-01T00:00:00+01:00\"}</script>"))
    (tmp_path / "d-headline.html").write_bytes(page(3, head="<script type='application/ld+json'>{\"@type\": "
                                                             "\"NewsArticle\", \"headline\": \"Head \\ud800 line\"}"
                                                             "</script>"))
    (tmp_path / "e-lines.jsonl").write_text(json.dumps({"text": story(4).replace("Officials", "Officials \ud800"),
                                                        "title": "Line \udc00 four"}) + "\n", encoding="utf-8")
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Local \ud800 feed",
            "items": [{"id": "5", "url": "https://feed.example/5", "title": "Feed five",
                       "content_html": "".join(f"<p>{p} \ud800</p>" for p in story(5).split("\n\n"))},
                      {"id": "6", "url": "https://feed.example/6", "title": "Feed six", "content_text": story(6)}]}
    (tmp_path / "f-feed.json").write_text(json.dumps(feed), encoding="utf-8")
    (tmp_path / "g-feed.rss").write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>RSS</title><item><title>Plain seven</title>"
        f"<link>https://feed.example/7</link><description>{escape(story(7))}</description></item></channel></rss>",
        encoding="utf-8")
    results = nl.ingest_files(nl.input_files([tmp_path]))
    assert [r.status for r in results] == ["stored"] * 8, [(r.subject, r.message) for r in results]
    titles = {r.title for r in results}
    assert {"Story 0", "Story 1", "Story 2", "Feed five", "Feed six", "Plain seven"} <= titles
    assert "Head \ufffd line" in titles and "Line \ufffd four" in titles
    stored = {a.title: a for a in nl.articles(limit=0)}
    assert stored["Story 1"].published is None and stored["Story 2"].published is None


def test_an_unexpected_exception_is_that_items_error_and_the_batch_goes_on(nl, monkeypatch, caplog):
    real = prepare_module.extract_article

    def flaky(doc):
        if "boom" in doc.url:
            raise RuntimeError("simulated extractor bug")
        return real(doc)

    monkeypatch.setattr(prepare_module, "extract_article", flaky)
    docs = [FetchedDocument(url=f"https://batch.example/{name}", body=page(n), content_type="text/html")
            for n, name in ((8, "first"), (9, "boom"), (10, "last"))]
    with caplog.at_level(logging.ERROR):
        results = nl.ingest_documents(docs)
    assert [r.status for r in results] == ["stored", "error", "stored"]
    assert results[1].message == "extract: unexpected RuntimeError: simulated extractor bug"
    (recorded,) = errors_about(nl, "batch.example/boom")
    assert recorded.message == "unexpected RuntimeError: simulated extractor bug"
    assert "simulated extractor bug" in caplog.text and "Traceback" in caplog.text


def test_an_unexpected_exception_while_storing_rolls_back_that_article_only(nl, monkeypatch):
    real = nl.pipeline._store_article

    def flaky(article, features=None):
        if article.url.endswith("/broken"):
            raise TypeError("simulated storage bug")
        return real(article, features)

    monkeypatch.setattr(nl.pipeline, "_store_article", flaky)
    docs = [FetchedDocument(url=f"https://store.example/{name}", body=page(n), content_type="text/html")
            for n, name in ((11, "ok"), (12, "broken"), (13, "fine"))]
    results = nl.ingest_documents(docs)
    assert [r.status for r in results] == ["stored", "error", "stored"]
    assert "store: unexpected TypeError: simulated storage bug" == results[1].message
    assert not nl.store.find_article_ids(url="https://store.example/broken")


def test_a_failing_batch_embedding_falls_back_to_one_article_at_a_time(nl, monkeypatch):
    embedder = nl.pipeline.story_embedder
    real = embedder.encode

    def no_batches(texts, **kw):
        if len(texts) > 1:
            raise TypeError("simulated tokenizer failure on a batch")
        return real(texts, **kw)

    monkeypatch.setattr(embedder, "encode", no_batches)
    docs = [FetchedDocument(url=f"https://embed.example/{n}", body=page(n), content_type="text/html")
            for n in (14, 15)]
    assert [r.status for r in nl.ingest_documents(docs)] == ["stored", "stored"]


def test_the_embedder_takes_lone_surrogates_and_non_strings(nl):
    vectors = nl.pipeline.story_embedder.encode(["Harbour \ud800 cranes", "Harbour \ufffd cranes", None])
    assert vectors.shape == (3, 384)
    assert float(vectors[0] @ vectors[1]) > 0.999  # the surrogate was read as U+FFFD


def test_keyboard_interrupt_stops_the_run(nl, monkeypatch):
    def interrupted(doc):
        raise KeyboardInterrupt

    monkeypatch.setattr(prepare_module, "extract_article", interrupted)
    with pytest.raises(KeyboardInterrupt):
        nl.ingest_documents([FetchedDocument(url="https://stop.example/1", body=page(16), content_type="text/html")])


def test_a_truncated_warc_stores_its_whole_records_and_records_the_cut(nl, tmp_path):
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for n in (17, 18, 19):
        body = page(n) + b"<!-- " + bytes(range(65, 91)) * 200 + b" -->"  # padding that compresses poorly
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://warc.example/{n}", "response",
                                                      payload=io.BytesIO(body), http_headers=headers))
    data = buf.getvalue()
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: int(len(data) * 0.6)])
    results = nl.ingest_files(nl.input_files([path]))
    assert [r.status for r in results][-1] == "error" and "truncated archive" in results[-1].message
    stored = [r for r in results if r.status == "stored"]
    assert stored and all(r.subject in ("https://warc.example/17", "https://warc.example/18") for r in stored)
    for r in stored:
        (article,) = nl.store.get_articles([r.article_id])
        assert "second meeting" in article.text  # whole, not cut
    assert errors_about(nl, "truncated archive")


# --------------------------------------------------------------------------- the poller of `newsloom run`


def rss(entries: list[tuple[str, str]]) -> bytes:
    items = "".join(f"<item><title>{escape(t)}</title><link>{escape(link)}</link><guid>{escape(link)}</guid>"
                    "<description>A short teaser.</description></item>" for t, link in entries)
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>Hostile</title>{items}</channel></rss>".encode()


def poll(store, server, on_documents) -> list:
    settings = PollSettings(fetch=FetchSettings(allowed_hosts=frozenset({server.host_port}), min_host_interval_s=0,
                                                timeout_s=5), seed=1)

    async def go():
        async with Poller(store, settings, on_documents) as poller:
            return await poller.poll_once()
    return asyncio.run(go())


@pytest.mark.timeout(120)
def test_a_feed_with_invalid_entry_hosts_still_stores_its_good_entries(nl, monkeypatch):
    with ScriptedServer() as site:
        site.route("/robots.txt", Reply(body=b"User-agent: *\nAllow: /\n", content_type="text/plain"))
        site.route("/jump", Reply(status=302, headers={"Location": "http://xn--a.com/x"}))
        site.route("/art/20", Reply(body=page(20)))
        site.route("/art/21", Reply(body=page(21)))
        site.route("/art/22", Reply(body=page(22)))
        site.route("/feed", Reply(body=rss([("Good one", site.url("/art/20")), ("Bad host", "http://a..b/x"),
                                            ("Redirected", site.url("/jump")), ("Good two", site.url("/art/21")),
                                            ("Buggy", site.url("/art/22"))]),
                                  content_type="application/rss+xml"))
        real = poller_module.has_full_content

        def flaky(item, min_chars):
            if item.title == "Buggy":
                raise ValueError("simulated entry bug")
            return real(item, min_chars)

        monkeypatch.setattr(poller_module, "has_full_content", flaky)
        nl.store.add_source(Source(url=site.url("/feed")))
        (result,) = poll(nl.store, site, nl.ingest_documents)
    assert result.ok and result.documents == 2 and result.page_errors == 3
    assert nl.store.find_article_ids(url=site.url("/art/20")) and nl.store.find_article_ids(url=site.url("/art/21"))
    assert any("invalid host name 'a..b'" in e.message for e in errors_about(nl, "a..b"))
    assert errors_about(nl, site.url("/jump")) and "malformed" in errors_about(nl, site.url("/jump"))[0].message
    assert any(e.message == "unexpected ValueError: simulated entry bug" for e in errors_about(nl, "/art/22"))
    assert site.hits("/art/22") == 0


def test_a_damaged_sitemap_keeps_its_whole_entries_and_records_the_damage(nl):
    sitemap = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
               b"<url><loc>%s</loc></url><url><loc>%s</loc></url><url><loc>%s")
    with ScriptedServer() as site:
        site.route("/robots.txt", Reply(body=b"User-agent: *\nAllow: /\n", content_type="text/plain"))
        body = sitemap % (site.url("/s/23").encode(), site.url("/s/24").encode(), site.url("/s/25-cut-here").encode())
        site.route("/sitemap.xml", Reply(body=body[:-9], content_type="application/xml"))
        site.route("/s/23", Reply(body=page(23)))
        site.route("/s/24", Reply(body=page(24)))
        site.route_prefix("/s/25", lambda req: Reply(body=page(25)))
        nl.store.add_source(Source(url=site.url("/sitemap.xml"), kind="sitemap"))
        handed = []
        (result,) = poll(nl.store, site, handed.extend)
    assert result.ok and sorted(d.url for d in handed) == [site.url("/s/23"), site.url("/s/24")]
    assert not any("/s/25" in r.path for r in site.requests)
    (recorded,) = errors_about(nl, "damaged sitemap")
    assert "truncated" in recorded.message and "2 complete <url> entries kept, 1 cut off" in recorded.message
    assert "damaged sitemap" in (result.error or "")
