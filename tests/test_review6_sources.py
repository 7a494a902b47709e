"""Review 6, sources: feed discovery keeps a homepage's own article feeds (no comments feeds, no internal
or foreign addresses, titles kept); impossible feed dates are missing rather than rolled over; cp1252
behind a UTF-8 label reads as cp1252; a WARC cut after complete records says it is truncated."""

from __future__ import annotations

import asyncio
import gzip
import io
import json
from datetime import UTC, datetime

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsloom.errors import FeedError, InputError
from newsloom.extract.decode import decode_body
from newsloom.sources.charset import detect_encoding, reads_as_cp1252
from newsloom.sources.dates import parse_feed_date
from newsloom.sources.discover import discover_feeds, is_comments_feed, site_of
from newsloom.sources.feeds import parse_feed
from newsloom.sources.probe import classify_document, probe_source
from newsloom.sources.warc import iter_warc
from servers import Reply, ScriptedServer, fetch_settings

# --------------------------------------------------------------------------- feed discovery

HOME = "https://blog.example.com/"
WORDPRESS_HOME = b"""<!doctype html><html><head><title>Example Blog</title>
<link rel="alternate" type="application/rss+xml" title="Example Blog &raquo; Feed" href="https://blog.example.com/feed/">
<link rel="alternate" type="application/rss+xml" title="Example Blog &raquo; Comments Feed"
      href="https://blog.example.com/comments/feed/">
<link rel="alternate" type="application/rss+xml" title="Cache" href="http://localhost:6379/feed">
<link rel="alternate" type="application/atom+xml" title="Friends" href="https://other.example.org/feed">
</head><body><p>Welcome to the blog.</p><a href="https://other.example.org/feed">their feed</a></body></html>"""


def _page(head: str = "", body: str = "") -> bytes:
    return f"<!doctype html><html><head>{head}</head><body><p>Hello.</p>{body}</body></html>".encode()


def _alternate(href: str, title: str | None = None, kind: str = "application/rss+xml") -> str:
    named = f' title="{title}"' if title else ""
    return f'<link rel="alternate" type="{kind}"{named} href="{href}">'


def test_a_homepage_gives_its_own_article_feed_with_its_advertised_title():
    assert classify_document(WORDPRESS_HOME, HOME) == [("https://blog.example.com/feed/", "feed",
                                                        "Example Blog » Feed")]
    assert discover_feeds(WORDPRESS_HOME, HOME) == ["https://blog.example.com/feed/"]


def test_feeds_at_internal_addresses_are_refused_unless_private_urls_are_allowed():
    page = _page(_alternate("http://localhost:6379/feed", "Cache") + _alternate("http://10.0.0.7/rss.xml"))
    with pytest.raises(FeedError) as refused:
        classify_document(page, HOME)
    assert "internal address" in refused.value.message and "localhost" in refused.value.message
    assert classify_document(page, HOME, allow_private=True) == [("http://localhost:6379/feed", "feed", "Cache"),
                                                                 ("http://10.0.0.7/rss.xml", "feed", None)]
    assert classify_document(page, HOME, allowed_hosts=frozenset({"localhost:6379"})) == [
        ("http://localhost:6379/feed", "feed", "Cache")]


def test_an_internal_feed_is_dropped_and_a_public_one_kept():
    page = _page(_alternate("http://127.0.0.1:8080/feed") + _alternate("https://feeds.example.net/blog", "Blog"))
    assert classify_document(page, HOME) == [("https://feeds.example.net/blog", "feed", "Blog")]


def test_another_sites_feeds_count_only_when_the_page_advertises_none_of_its_own():
    own_and_other = _page(_alternate("https://partner.example.org/rss") + _alternate("https://www.example.com/news.rss"))
    assert discover_feeds(own_and_other, HOME) == ["https://www.example.com/news.rss"]  # same registrable domain
    only_other = _page(_alternate("https://feeds.example.net/blog", "Blog"))
    assert classify_document(only_other, HOME) == [("https://feeds.example.net/blog", "feed", "Blog")]


def test_anchors_give_only_the_pages_own_sites_feeds():
    page = _page(body='<a href="https://other.example.org/feed">theirs</a><a href="/rss.xml">ours</a>'
                      '<a href="https://www.example.com/atom.xml">also ours</a><a href="/comments/feed/">talk</a>')
    assert classify_document(page, HOME) == [("https://blog.example.com/rss.xml", "feed", None),
                                             ("https://www.example.com/atom.xml", "feed", None)]
    foreign_only = _page(body='<a href="https://other.example.org/feed">theirs</a>')
    with pytest.raises(FeedError) as none:
        classify_document(foreign_only, HOME)
    assert "advertises no feed" in none.value.message


def test_a_page_with_only_a_comments_feed_falls_back_to_its_anchors():
    page = _page(_alternate("/comments/feed/", "Example Blog » Comments Feed"), '<a href="/feed/">RSS</a>')
    assert discover_feeds(page, HOME) == ["https://blog.example.com/feed/"]


@pytest.mark.parametrize("url,title", [
    ("https://blog.example.com/comments/feed/", None),
    ("https://blog.example.com/?feed=comments-rss2", None),
    ("https://blog.example.com/?feed=comments-atom", None),
    ("https://blog.example.com/2024/05/harbour-opens/feed/", None),
    ("https://blog.example.com/?feed=rss2&p=42", None),
    ("https://x.blogspot.com/feeds/comments/default", None),
    ("https://x.blogspot.com/feeds/123456/comments/default", None),
    ("https://blog.example.com/feed/?withcomments=0", "Comments on: Harbour opens"),
    ("https://blog.example.de/feed/", "Beispielblog » Kommentar-Feed"),
])
def test_comments_feeds_are_recognised(url, title):
    assert is_comments_feed(url, title)


@pytest.mark.parametrize("url,title", [
    ("https://blog.example.com/feed/", "Example Blog » Feed"),
    ("https://blog.example.com/?feed=rss2", None),
    ("https://blog.example.com/category/harbour/feed/", None),
    ("https://blog.example.com/tag/ferries/feed/atom/", None),
    ("https://x.blogspot.com/feeds/posts/default", None),
    ("https://news.example.com/rss/world.xml", "World news"),
    ("https://news.example.com/commentisfree/rss", "Comment is free | News Example"),  # an opinion section
    ("https://news.example.com/comment/rss.xml", "Comment"),
    ("https://blog.example.com/2024/05/12/feed/", None),  # a day's archive
])
def test_article_feeds_are_not_taken_for_comments_feeds(url, title):
    assert not is_comments_feed(url, title)


def test_sites_are_registrable_domains():
    assert site_of("https://blog.example.com/") == site_of("https://www.example.com/x") == "example.com"
    assert site_of("https://news.example.co.uk/") == "example.co.uk"
    assert site_of("https://alice.github.io/") != site_of("https://bob.github.io/")  # a public suffix's tenants
    assert site_of("http://127.0.0.1:8080/feed") == "127.0.0.1"
    assert site_of("https://a.news.example/") == "news.example"  # a name the list does not know: two labels


def test_probe_source_checks_discovered_feeds_with_its_own_fetch_settings():
    with ScriptedServer() as site:
        site.route("/", Reply(body=_page(_alternate("/world.rss", "World news")
                                         + _alternate("http://127.0.0.1:9/feed", "Elsewhere on this machine"))))
        found = asyncio.run(probe_source(site.url("/"), fetch_settings(site)))
    assert found == [(site.url("/world.rss"), "feed", "World news")]  # port 9 is not among allowed_hosts


# --------------------------------------------------------------------------- feed dates


@pytest.mark.parametrize("value", [
    "2022-02-30", "2022-02-30T10:00:00Z", "2022-02-30 10:00", "2020-13-45T99:00:00Z", "99999-01-01T00:00:00Z",
    "20220230", "2022-2-30",
])
def test_iso_dates_that_do_not_exist_are_missing(value):
    assert parse_feed_date(value) is None


@pytest.mark.parametrize("value", [
    "Mon, 30 Feb 2022 10:00:00 GMT", "Thu, 31 Apr 2022 10:00:00 +0000", "Tue, 29 Feb 2022 08:00:00 +0100",
    "lun, 30 févr 2022 10:00:00 +0100", "Sun Feb 30 16:29:06 2022", "Fri, 2022/02/30 08:19:53 EDT",
])
def test_other_dates_that_do_not_exist_are_missing(value):
    assert parse_feed_date(value) is None


@pytest.mark.parametrize("value,expected", [
    ("2022-02-28", datetime(2022, 2, 28, tzinfo=UTC)),
    ("2022-02", datetime(2022, 2, 1, tzinfo=UTC)),
    ("2024-02-29T10:00:00+01:00", datetime(2024, 2, 29, 9, tzinfo=UTC)),
    ("Wed, 16 Feb 2022 12:00:00 GMT", datetime(2022, 2, 16, 12, tzinfo=UTC)),
    ("mer, 16 nov 2022 00:38:15 +0100", datetime(2022, 11, 15, 23, 38, 15, tzinfo=UTC)),
    ("Sun Feb 27 16:29:06 2022", datetime(2022, 2, 27, 16, 29, 6, tzinfo=UTC)),
    ("Fri, 2022/02/25 08:19:53 EDT", datetime(2022, 2, 25, 12, 19, 53, tzinfo=UTC)),
    ("2004-július-31T23:45+01:00", datetime(2004, 7, 31, 22, 45, tzinfo=UTC)),  # not today's month
    ("2017-06-13T03:18:00+00:0", datetime(2017, 6, 13, 3, 18, tzinfo=UTC)),  # a truncated offset keeps its time
    ("2022-02-16T00:00:00Z", datetime(2022, 2, 16, tzinfo=UTC)),
])
def test_real_dates_still_parse(value, expected):
    assert parse_feed_date(value) == expected


def test_a_json_feed_item_with_an_impossible_date_is_undated():
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Harbour news",
            "items": [{"id": "1", "url": "https://n.example/1", "content_text": "The ferry ran late.",
                       "date_published": "2022-02-30T10:00:00Z", "date_modified": "2022-02-28T10:00:00Z"}]}
    (item,) = parse_feed(json.dumps(feed).encode(), url="https://n.example/feed.json").items
    assert item.published is None and item.updated == datetime(2022, 2, 28, 10, tzinfo=UTC)


# --------------------------------------------------------------------------- charsets

LATIN = "Déjà vu in Zürich, the naïve café owner said ‘hello’."
RUSSIAN = "Городской совет объявил в понедельник, что новый паром начнёт ходить уже этим летом."
GREEK = "Το δημοτικό συμβούλιο ανακοίνωσε τη Δευτέρα ότι το νέο πλοίο θα ξεκινήσει το καλοκαίρι."


def _html(text: str, encoding: str) -> bytes:
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>Harbour</title></head>"
            f"<body><article><p>{text}</p></article></body></html>").encode(encoding)


@pytest.mark.parametrize("repeat", [1, 5])
def test_cp1252_labelled_utf8_reads_as_cp1252(repeat):
    body = _html(" ".join([LATIN] * repeat), "cp1252")
    assert detect_encoding(body, "text/html; charset=utf-8") == "cp1252"
    assert detect_encoding(body) == "cp1252"  # the <meta> alone says utf-8
    text, encoding = decode_body(body, declared="utf-8")  # extraction, for a page read from a file or WARC
    assert encoding == "cp1252" and LATIN in text


@pytest.mark.parametrize("text,encoding", [(RUSSIAN, "cp1251"), (RUSSIAN, "koi8-r"), (GREEK, "cp1253")])
def test_other_scripts_mislabelled_utf8_are_still_detected(text, encoding):
    body = _html(text, encoding)
    assert not reads_as_cp1252(body)
    assert text in body.decode(detect_encoding(body, "text/html; charset=utf-8"))
    assert text in decode_body(body, declared="utf-8")[0]


def test_central_european_bytes_do_not_pass_for_cp1252():
    polish = "Rada miasta ogłosiła w poniedziałek, że nowy prom ruszy latem; może wcześniej."
    assert not reads_as_cp1252(_html(polish, "cp1250"))
    assert reads_as_cp1252(_html("L’été dernier, ça a duré ; où étiez-vous ? Die Brücke öffnet.", "cp1252"))


# --------------------------------------------------------------------------- WARC archives


def _two_record_warc(*, compress: bool) -> tuple[bytes, int]:
    """A two-record WARC and where its first record ends."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=compress)
    ends = []
    for number, text in enumerate(["The ferry left on time.", "The bridge stayed closed all day."], start=1):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        body = f"<html><body><p>{text}</p></body></html>".encode()
        writer.write_record(writer.create_warc_record(f"https://port.example/{number}", "response",
                                                      payload=io.BytesIO(body), http_headers=headers))
        ends.append(buf.tell())
    return buf.getvalue(), ends[0]


def _read(data: bytes) -> tuple[list[str], InputError | None]:
    urls = []
    try:
        for doc in iter_warc(io.BytesIO(data)):
            urls.append(doc.url)
    except InputError as exc:
        return urls, exc
    return urls, None


@pytest.mark.parametrize("compress", [True, False])
def test_a_warc_cut_after_its_first_record_says_truncated_and_keeps_that_record(compress):
    data, first_end = _two_record_warc(compress=compress)
    messages = set()
    for cut in range(first_end + 1, len(data)):  # every cut inside the second record, its first line included
        urls, error = _read(data[:cut])
        assert urls[:1] == ["https://port.example/1"], cut
        if error is None:  # a cut in the blank lines that close an uncompressed record loses nothing
            assert not compress and urls == ["https://port.example/1", "https://port.example/2"], cut
            assert data[cut:].strip() == b"", cut
            continue
        assert "not a readable" not in error.message and "truncated archive" in error.message, (cut, error)
        messages.add(error.message)
    assert ("truncated archive: it ends inside the first line of record #2; the record before it was read, "
            "that record is lost") in messages


def test_a_warc_with_a_damaged_record_after_a_good_one_says_damaged():
    data, first_end = _two_record_warc(compress=True)
    first = data[:first_end]
    urls, error = _read(first + gzip.compress(b"no record here\r\n"))
    assert urls == ["https://port.example/1"]
    assert error is not None and error.message.startswith("damaged archive: record #2")
    assert "the record before it was read" in error.message


def test_an_archive_whose_first_record_is_unreadable_is_still_not_a_readable_archive():
    urls, error = _read(gzip.compress(b"WARC/junk\r\n\r\n"))
    assert urls == [] and error is not None and error.message.startswith("not a readable WARC/ARC archive")
