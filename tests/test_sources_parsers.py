"""Pure parsers: feeds, JSON Feed, OPML, feed discovery, sitemaps and text dumps."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime

import pytest

from newsloom.dates import parse_datetime
from newsloom.errors import FeedError, InputError
from newsloom.model import Source
from newsloom.sources import (
    default_feeds_path,
    discover_feeds,
    iter_text_dump,
    parse_feed,
    parse_opml,
    parse_sitemap,
    write_opml,
)
from newsloom.sources.charset import detect_encoding

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>World  News</title><link>https://example.com/</link>
<item><title>Summit ends</title><link>/2024/summit</link><guid isPermaLink="false">id-1</guid>
<description>Leaders met.</description><content:encoded><![CDATA[<p>Leaders met <b>today</b>.</p>]]></content:encoded>
<pubDate>Tue, 05 Mar 2024 14:30:00 +0100</pubDate><author>jane@example.com (Jane Roe)</author></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom site</title>
<link href="https://atom.example/"/><updated>2024-03-05T10:00:00Z</updated>
<entry><title>First</title><id>tag:atom.example,2024:1</id><link rel="alternate" href="https://atom.example/1"/>
<updated>2024-03-05T10:00:00Z</updated><summary>sum</summary></entry></feed>"""


def test_rss_entry_fields_are_mapped_and_links_resolved():
    feed = parse_feed(RSS, url="https://example.com/feed.xml")
    assert (feed.title, feed.link, feed.version, feed.bozo) == ("World News", "https://example.com/", "rss20", False)
    [item] = feed.items
    assert item.url == "https://example.com/2024/summit" and item.guid == "id-1"
    assert item.published == datetime(2024, 3, 5, 13, 30, tzinfo=UTC)
    assert "<b>today</b>" in item.content_html and item.summary == "Leaders met."
    assert item.source_url == "https://example.com/feed.xml"


def test_atom_feed():
    feed = parse_feed(ATOM)
    assert feed.version == "atom10" and feed.items[0].url == "https://atom.example/1"
    assert feed.items[0].updated == datetime(2024, 3, 5, 10, tzinfo=UTC)


def test_json_feed():
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "J", "home_page_url": "https://j.example/",
           "items": [{"id": 7, "url": "https://j.example/7", "title": "Seven", "content_text": "Para one.\n\nTwo",
                      "date_published": "2024-03-05T10:00:00+02:00", "authors": [{"name": "Ann"}]},
                     "not an object"]}
    feed = parse_feed(json.dumps(doc).encode())
    assert feed.version == "json11" and feed.bozo
    [item] = feed.items
    assert (item.guid, item.url, item.authors) == ("7", "https://j.example/7", ("Ann",))
    assert item.content_html == "<p>Para one.</p><p>Two</p>"
    assert item.published == datetime(2024, 3, 5, 8, tzinfo=UTC)


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"),
    (b"<!DOCTYPE html><html><head><title>Home</title></head><body><p>hi</p></body></html>", "HTML page"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "binary"),
    (b'{"hello": "world"}', "jsonfeed.org"),
    (b"{not json", "invalid JSON"),
    (b"just some words", "no RSS"),
])
def test_non_feeds_are_rejected_with_a_reason(data, reason):
    with pytest.raises(FeedError, match=reason) as info:
        parse_feed(data, url="http://example.com/x")
    assert info.value.subject == "http://example.com/x"


def test_ill_formed_feed_is_recovered_and_flagged():
    feed = parse_feed(b"<rss version='2.0'><channel><title>T &bogus;</title><item><title>A</title>"
                      b"<link>http://e.com/a</link></item></channel>")
    assert feed.bozo and feed.bozo_reason and feed.items[0].title == "A"


def test_bytes_are_never_taken_for_a_path_or_url(tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_bytes(RSS)
    with pytest.raises(FeedError):
        parse_feed(str(secret).encode())
    with pytest.raises(FeedError):
        parse_feed(b"http://127.0.0.1:1/feed.xml")


# --------------------------------------------------------------------------- OPML


def test_opml_round_trip_keeps_urls_titles_and_nesting():
    sources = [Source(url="https://a.example/rss", title="A & B <news>"), Source(url="https://b.example/sitemap.xml",
                                                                                kind="sitemap")]
    parsed = parse_opml(write_opml(sources).encode())
    assert [(s.url, s.title, s.kind) for s in parsed] == [
        ("https://a.example/rss", "A & B <news>", "feed"), ("https://b.example/sitemap.xml", None, "sitemap")]


def test_default_feed_list_is_a_valid_opml_of_public_feeds():
    sources = parse_opml(default_feeds_path().read_bytes())
    assert 20 <= len(sources) <= 40
    assert all(s.url.startswith(("https://", "http://")) and s.title for s in sources)
    assert len({s.url for s in sources}) == len(sources)


def test_opml_skips_non_http_and_duplicates_and_rejects_non_opml():
    doc = b"""<opml version="1.0"><body><outline text="dir"><outline xmlUrl="https://x.example/f"/>
    <outline xmlUrl="https://x.example/f"/><outline xmlUrl="file:///etc/passwd"/><outline text="no url"/>
    </outline></body></opml>"""
    assert [s.url for s in parse_opml(doc)] == ["https://x.example/f"]
    with pytest.raises(FeedError, match="not OPML"):
        parse_opml(b"<rss/>")


def test_opml_entities_are_not_expanded(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    doc = (f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file://{secret}">]>'
           '<opml version="2.0"><body><outline text="&x;" xmlUrl="https://x.example/f"/></body></opml>').encode()
    with pytest.raises(FeedError, match="external entity") as refused:  # refused whole, and said why
        parse_opml(doc)
    assert "TOPSECRET" not in str(refused.value)


# --------------------------------------------------------------------------- discovery


def test_discovery_finds_alternate_feeds_in_order():
    page = b"""<html><head><base href="https://news.example/section/">
    <link rel="alternate" type="application/rss+xml" href="rss.xml">
    <link rel="alternate" type="application/atom+xml" href="https://news.example/atom">
    <link rel="alternate" type="application/feed+json" href="/feed.json">
    <link rel="stylesheet" type="text/css" href="x.css"><link rel="alternate" hreflang="de" href="/de/">
    <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
    </head><body><a href="/feed">feed</a></body></html>"""
    assert discover_feeds(page, "https://news.example/") == [
        "https://news.example/section/rss.xml", "https://news.example/atom", "https://news.example/feed.json"]


def test_discovery_falls_back_to_feed_like_anchors():
    page = "<html><body><a href='/about'>about</a><a href='/rss/world.xml'>RSS</a></body></html>"
    assert discover_feeds(page, "https://n.example/") == ["https://n.example/rss/world.xml"]
    assert discover_feeds(b"", "https://n.example/") == []


# --------------------------------------------------------------------------- sitemaps

NEWS = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://n.example/a</loc><lastmod>2024-03-05</lastmod>
<news:news><news:publication><news:name>N</news:name><news:language>en</news:language></news:publication>
<news:publication_date>2024-03-05T10:00:00+01:00</news:publication_date><news:title>Title A</news:title></news:news></url>
<url><loc>javascript:alert(1)</loc></url><url><loc>https://n.example/b</loc></url></urlset>"""


def test_google_news_sitemap():
    sitemap = parse_sitemap(NEWS, "https://n.example/news.xml")
    assert sitemap.kind == "urlset" and [i.url for i in sitemap.urls] == ["https://n.example/a", "https://n.example/b"]
    a = sitemap.urls[0]
    assert a.title == "Title A" and a.published == datetime(2024, 3, 5, 9, tzinfo=UTC)
    assert a.updated == datetime(2024, 3, 5, tzinfo=UTC)


def test_sitemap_index_and_gzip_and_text():
    index = (b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>/s1.xml.gz</loc>'
             b"</sitemap><sitemap><loc>https://n.example/s2.xml</loc></sitemap></sitemapindex>")
    parsed = parse_sitemap(gzip.compress(index), "https://n.example/index.xml")
    assert parsed.kind == "sitemapindex"
    assert parsed.children == ("https://n.example/s1.xml.gz", "https://n.example/s2.xml")
    text = parse_sitemap(b"https://n.example/1\nhttps://n.example/2\nnot-a-url\n", "https://n.example/s.txt")
    assert [i.url for i in text.urls] == ["https://n.example/1", "https://n.example/2"]


def test_sitemap_rejects_other_xml_and_refuses_entities(tmp_path):
    with pytest.raises(FeedError, match="not a sitemap"):
        parse_sitemap(b"<rss><channel/></rss>", "u")
    secret = tmp_path / "s.txt"
    secret.write_text("https://leak.example/TOPSECRET")
    doc = (f'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file://{secret}">]>'
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&x;</loc></url>'
           "<url><loc>https://n.example/ok</loc></url></urlset>").encode()
    assert [i.url for i in parse_sitemap(doc, "u").urls] == ["https://n.example/ok"]


def test_billion_laughs_sitemap_does_not_blow_up():
    lol = b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">' + b"".join(
        b'<!ENTITY %s "%s">' % (chr(98 + i).encode(), (b"&" + chr(97 + i).encode() + b";") * 10) for i in range(8)
    ) + b']><urlset><url><loc>https://x.example/&i;</loc></url></urlset>'
    with pytest.raises(FeedError, match="damaged sitemap") as refused:  # the parser stops; nothing is kept
        parse_sitemap(lol, "u")
    assert len(str(refused.value)) < 1000


# --------------------------------------------------------------------------- text dumps and charsets


def test_text_dump_splits_documents():
    dump = "First story\n\nBody one.\f\nSecond story\n\nBody two.\n=====\nThird\n".encode("cp1252")
    docs = list(iter_text_dump(dump, url="file:///d.txt"))
    assert [d.url for d in docs] == ["file:///d.txt#doc=1", "file:///d.txt#doc=2", "file:///d.txt#doc=3"]
    assert docs[0].body.decode() == "First story\n\nBody one." and docs[0].content_type == "text/plain"
    single = list(iter_text_dump("Ünïcode text".encode(), url="file:///s.txt"))
    assert [(d.url, d.body.decode()) for d in single] == [("file:///s.txt", "Ünïcode text")]
    with pytest.raises(InputError):
        list(iter_text_dump(b"  \n\f\n ", url="file:///e.txt"))


@pytest.mark.parametrize("body,content_type,expected", [
    ("naïve café".encode(), "text/html; charset=iso-8859-1", "utf-8"),
    ('<meta charset="windows-1252"><p>naïve café</p>'.encode("cp1252"), "text/html; charset=utf-8", "cp1252"),
    (b"ascii only", None, "utf-8"),
    ("\ufeffBOM text é".encode("utf-8"), "text/html; charset=latin-1", "utf-8"),
    ("Привет, мир! Это тестовая страница новостей о погоде.".encode("koi8-r"), "text/html; charset=koi8-r", "koi8-r"),
])
def test_detect_encoding(body, content_type, expected):
    assert detect_encoding(body, content_type) == expected


def test_feed_entities_are_neither_expanded_from_files_nor_exponentially():
    secret = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
              b'<rss version="2.0"><channel><title>&x;</title><item><title>t</title></item></channel></rss>')
    assert "root:" not in (parse_feed(secret).title or "")
    lol = b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">' + b"".join(
        b'<!ENTITY %s "%s">' % (chr(98 + i).encode(), (b"&" + chr(97 + i).encode() + b";") * 10) for i in range(9)
    ) + b']><rss version="2.0"><channel><title>&j;</title></channel></rss>'
    try:
        feed = parse_feed(lol)
    except FeedError:
        return
    assert len(feed.title or "") < 10_000


def test_sitemap_index_children_newest_first():
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>https://n.example/2019.xml</loc><lastmod>2019-01-01</lastmod></sitemap>
    <sitemap><loc>https://n.example/undated.xml</loc></sitemap>
    <sitemap><loc>https://n.example/2024.xml</loc><lastmod>2024-05-01T10:00:00Z</lastmod></sitemap></sitemapindex>"""
    assert parse_sitemap(index, "https://n.example/i.xml").children == (
        "https://n.example/2024.xml", "https://n.example/2019.xml", "https://n.example/undated.xml")


# --------------------------------------------------------------------------- one datetime reader for every stage

@pytest.mark.parametrize(("value", "expected"), [
    ("2024-05-01", datetime(2024, 5, 1, tzinfo=UTC)),
    ("2024-05-01T10:00:00Z", datetime(2024, 5, 1, 10, tzinfo=UTC)),
    ("2024-05-01 10:00", datetime(2024, 5, 1, 10, tzinfo=UTC)),
    ("2024-05-01T12:30:00+0200", datetime(2024, 5, 1, 10, 30, tzinfo=UTC)),
    ("2024-05-01T12:30:00+02:00", datetime(2024, 5, 1, 10, 30, tzinfo=UTC)),
    ("2024-05-01T99:99", datetime(2024, 5, 1, tzinfo=UTC)),  # a damaged time still gives the day
    (datetime(2024, 5, 1, 10), datetime(2024, 5, 1, 10, tzinfo=UTC)),
    ("yesterday", None), ("", None), (None, None), (20240501, None), ("2024-13-45", None),
])
def test_datetimes_parse_the_same_in_feeds_sitemaps_warc_and_pages(value, expected):
    assert parse_datetime(value) == expected


def test_a_sitemap_lastmod_with_a_space_and_a_basic_offset_is_read():
    xml = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           b"<url><loc>https://news.example/a</loc><lastmod>2024-05-01 12:30:00+0200</lastmod></url></urlset>")
    items = parse_sitemap(xml, "https://news.example/sitemap.xml").urls
    assert [i.updated for i in items] == [datetime(2024, 5, 1, 10, 30, tzinfo=UTC)]
