"""Sitemap limits (sitemaps.org: at most 50,000 URLs and 50 MB uncompressed per file, at most 50,000 sitemaps
per index): a sitemap is read as a stream and only its first MAX_SITEMAP_ENTRIES entries are read, which the
warning says; a file over MAX_SITEMAP_BYTES unpacked is still refused; what a normal sitemap gives is unchanged
(read a chunk at a time, an entry split over chunks reads the same); a construct libxml2 would hold back to the
end of the file (an '&' without ';') stops the reading instead of the whole file being parsed at once."""

from __future__ import annotations

import gzip
import zlib
from datetime import UTC, datetime

import pytest

from helpers import Clock, daily_polls, poll_store
from newsloom.errors import FeedError
from newsloom.model import Source
from newsloom.sources.fetcher import FetchSettings
from newsloom.sources.poller import Poller, PollSettings
from newsloom.sources.sitemaps import MAX_SITEMAP_BYTES, MAX_SITEMAP_ENTRIES, parse_sitemap
from servers import Reply, ScriptedServer

URLSET = b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
INDEX = b'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
T0 = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)


def _urlset(count: int, base: str = "https://n.example/a/", pad: int = 0) -> bytes:
    loc = base + "p" * pad
    return URLSET + b"".join(b"<url><loc>%s%d</loc></url>\n" % (loc.encode(), i) for i in range(count)) + b"</urlset>\n"


def _gz(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=1)


# -- at most MAX_SITEMAP_ENTRIES entries ------------------------------------------------------------------------

def test_the_limits_are_the_sitemaps_org_ones():
    assert MAX_SITEMAP_ENTRIES == 50_000 and MAX_SITEMAP_BYTES == 50 * 2**20


def test_a_gzipped_sitemap_of_120000_urls_gives_its_first_50000_and_says_so():
    sitemap = parse_sitemap(_gz(_urlset(120_000)), "https://n.example/sitemap.xml.gz")
    assert sitemap.kind == "urlset"
    assert [i.url for i in sitemap.urls] == [f"https://n.example/a/{i}" for i in range(MAX_SITEMAP_ENTRIES)]
    assert sitemap.warning == ("sitemap lists more than 50000 <url> entries, the sitemaps.org limit: "
                               "the first 50000 were read, the rest ignored")


def test_exactly_50000_urls_is_no_truncation():
    sitemap = parse_sitemap(_gz(_urlset(MAX_SITEMAP_ENTRIES)), "https://n.example/s.xml")
    assert len(sitemap.urls) == MAX_SITEMAP_ENTRIES and sitemap.warning is None


def test_entries_without_a_web_address_count_towards_the_limit():
    # the limit is on entries read (as the sitemaps.org limit is on the file), not on the URLs kept
    body = URLSET + b"<url><loc>javascript:alert(1)</loc></url>" * 30_000 + _urlset(30_000)[len(URLSET):]
    sitemap = parse_sitemap(body, "https://n.example/s.xml")
    assert len(sitemap.urls) == MAX_SITEMAP_ENTRIES - 30_000
    assert "more than 50000 <url> entries" in sitemap.warning


def test_a_sitemap_index_lists_at_most_50000_children():
    index = INDEX + b"".join(b"<sitemap><loc>https://n.example/s/%d.xml</loc></sitemap>" % i
                             for i in range(60_000)) + b"</sitemapindex>"
    parsed = parse_sitemap(_gz(index), "https://n.example/index.xml")
    assert parsed.kind == "sitemapindex"
    assert parsed.children == tuple(f"https://n.example/s/{i}.xml" for i in range(MAX_SITEMAP_ENTRIES))
    assert "more than 50000 <sitemap> entries" in parsed.warning and "the first 50000 were read" in parsed.warning


def test_a_text_sitemap_lists_at_most_50000_urls():
    text = b"".join(b"https://n.example/t/%d\n" % i for i in range(60_000))
    sitemap = parse_sitemap(_gz(text), "https://n.example/s.txt")
    assert sitemap.kind == "text"
    assert [i.url for i in sitemap.urls] == [f"https://n.example/t/{i}" for i in range(MAX_SITEMAP_ENTRIES)]
    assert sitemap.warning.startswith("text sitemap lists more than 50000 URLs")


def test_a_damaged_sitemap_over_the_limit_says_both():
    body = _urlset(60_000).replace(b"<loc>https://n.example/a/7</loc>", b"<loc>https://n.example/a/7&nbsp;</loc>")
    sitemap = parse_sitemap(body, "https://n.example/s.xml")
    assert len(sitemap.urls) == MAX_SITEMAP_ENTRIES
    assert sitemap.warning.startswith("damaged sitemap (line ")
    assert "; sitemap lists more than 50000 <url> entries" in sitemap.warning


# -- at most MAX_SITEMAP_BYTES unpacked ---------------------------------------------------------------------------

def test_a_sitemap_over_50_mib_unpacked_is_refused():
    body = _urlset(40_000, pad=1400)  # fewer entries than the limit, more bytes
    assert len(body) > MAX_SITEMAP_BYTES
    with pytest.raises(FeedError, match="sitemap larger than 50 MiB uncompressed"):
        parse_sitemap(_gz(body), "https://n.example/s.xml.gz")


def test_a_sitemap_over_50_mib_is_refused_even_when_its_first_50000_entries_were_read():
    body = _urlset(120_000, pad=450)
    assert len(body) > MAX_SITEMAP_BYTES
    with pytest.raises(FeedError, match="sitemap larger than 50 MiB uncompressed"):
        parse_sitemap(_gz(body), "https://n.example/s.xml.gz")
    with pytest.raises(FeedError, match="sitemap larger than 50 MiB uncompressed"):  # not gzipped: the same limit
        parse_sitemap(body, "https://n.example/s.xml")


def test_a_gzip_bomb_is_refused_at_the_limit():
    bomb = zlib.compressobj(9, zlib.DEFLATED, 31)
    data = bomb.compress(URLSET) + bomb.compress(b" " * (60 * 2**20)) + bomb.flush()
    assert len(data) < 200_000
    with pytest.raises(FeedError, match="sitemap larger than 50 MiB uncompressed"):
        parse_sitemap(data, "https://n.example/s.xml.gz")


def test_a_corrupt_gzip_stream_is_refused():
    data = bytearray(_gz(_urlset(2000)))
    data[len(data) // 2: len(data) // 2 + 64] = b"\xff" * 64
    with pytest.raises(FeedError, match="corrupt gzipped sitemap"):
        parse_sitemap(bytes(data), "https://n.example/s.xml.gz")


# -- what a normal sitemap gives is unchanged -------------------------------------------------------------------

def _news_entry(i: int) -> tuple[bytes, dict]:
    """One <url> with every part read (and some that are not), and what it must give."""
    loc = f"https://n.example/story/{i}?a=1&amp;b={i}"
    parts = [f"<loc> {loc} </loc>"]
    expected = {"url": loc.replace("&amp;", "&"), "title": None, "published": None, "updated": None}
    if i % 2:
        parts.append(f"<lastmod>2024-03-{1 + i % 28:02d}</lastmod>")
        expected["updated"] = datetime(2024, 3, 1 + i % 28, tzinfo=UTC)
    if i % 3:
        parts.append("<news:news><news:publication><news:name>N</news:name><news:language>en</news:language>"
                     f"</news:publication><news:publication_date>2024-03-05T10:{i % 60:02d}:00+01:00"
                     f"</news:publication_date><news:title><![CDATA[Title {i} & more]]></news:title>"
                     "<news:keywords>a, b</news:keywords></news:news>")
        expected["title"] = f"Title {i} & more"
        expected["published"] = datetime(2024, 3, 5, 9, i % 60, tzinfo=UTC)
    # later parts of the same name are not read (the first one is), nor are other extensions
    parts.append(f"<image:image><image:loc>https://i.example/{i}.png</image:loc></image:image>"
                 f"<loc>https://second.example/{i}</loc>")
    if expected["updated"]:
        parts.append("<lastmod>1999-01-01</lastmod>")
    if expected["title"]:
        parts.append("<news:news><news:title>second news</news:title></news:news>")
    return ("<url>" + "".join(parts) + "</url>\n").encode(), expected


def test_a_news_sitemap_read_in_chunks_gives_every_field_as_before():
    # ~1.4 MB: read in many chunks, so entries are split between chunks everywhere
    entries = [_news_entry(i) for i in range(4000)]
    body = (b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" '
            b'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">\n'
            + b"".join(xml for xml, _ in entries) + b"</urlset>\n")
    for data in (body, _gz(body)):
        sitemap = parse_sitemap(data, "https://n.example/news.xml")
        assert sitemap.kind == "urlset" and sitemap.warning is None
        got = [{"url": i.url, "title": i.title, "published": i.published, "updated": i.updated} for i in sitemap.urls]
        assert got == [expected for _, expected in entries]
        assert all(i.guid == i.url and i.source_url == "https://n.example/news.xml" for i in sitemap.urls)


def test_relative_and_non_web_locations_and_an_unreadable_address():
    body = (URLSET + b"<url><loc>/relative/1</loc></url><url><loc>javascript:alert(1)</loc></url>"
            b"<url><loc>http://[broken</loc></url><url></url><url><loc>https://n.example/ok</loc></url></urlset>")
    urls = [i.url for i in parse_sitemap(body, "https://n.example/dir/s.xml").urls]
    assert urls == ["https://n.example/relative/1", "https://n.example/ok"]  # one bad address costs no other entry


def test_a_sitemap_index_still_lists_its_children_newest_first():
    index = INDEX + (b"<sitemap><loc>/old.xml</loc><lastmod>2019-01-01</lastmod></sitemap>"
                     b"<sitemap><loc>/undated.xml</loc></sitemap>"
                     b"<sitemap><loc>/new.xml</loc><lastmod>2024-05-01T10:00:00Z</lastmod></sitemap></sitemapindex>")
    assert parse_sitemap(index, "https://n.example/i.xml").children == (
        "https://n.example/new.xml", "https://n.example/old.xml", "https://n.example/undated.xml")


def test_a_text_sitemap_split_across_chunks_reads_the_same():
    lines = [f"https://n.example/{'x' * (i % 300)}/{i}" for i in range(3000)] + ["not-a-url", "ftp://n.example/f"]
    text = ("\n  \t".join(lines) + "\n").encode()
    assert len(text) > 4 * 65536
    sitemap = parse_sitemap(text, "https://n.example/s.txt")
    assert [i.url for i in sitemap.urls] == lines[:3000] and sitemap.warning is None


# -- hostile shapes ------------------------------------------------------------------------------------------------

def test_one_entry_holding_a_great_many_elements_is_read():
    body = URLSET + b"<url><loc>https://n.example/one</loc>" + b"<x><y/></x>" * 200_000 + b"</url></urlset>"
    sitemap = parse_sitemap(_gz(body), "https://n.example/s.xml")
    assert [i.url for i in sitemap.urls] == ["https://n.example/one"] and sitemap.warning is None


def test_a_bare_ampersand_that_is_never_closed_stops_the_reading():
    # libxml2 holds back all after an '&' until it sees a ';' (none comes): reading stops after a while
    # instead of the whole file being parsed at once when it ends
    head = b"".join(b"<url><loc>https://n.example/a/%d</loc></url>" % i for i in range(3))
    body = (URLSET + head + b"<url><loc>https://n.example/q?a=1&b=2</loc></url>"
            + b"<url><loc>https://n.example/later</loc></url>" * 120_000 + b"</urlset>")
    sitemap = parse_sitemap(_gz(body), "https://n.example/s.xml")
    assert [i.url for i in sitemap.urls] == [f"https://n.example/a/{i}" for i in range(3)]
    assert sitemap.warning.startswith("damaged sitemap (reading stopped: no element closed in 2 MiB")
    assert sitemap.warning.endswith("3 complete <url> entries kept, 1 cut off at the end dropped")


def test_a_small_sitemap_with_bare_ampersands_reads_as_before():
    body = URLSET + b"<url><loc>https://n.example/q?a=1&b=2</loc></url><url><loc>https://n.example/ok</loc></url></urlset>"
    sitemap = parse_sitemap(body, "https://n.example/s.xml")
    assert [i.url for i in sitemap.urls][-1] == "https://n.example/ok" and len(sitemap.urls) == 2
    assert sitemap.warning.startswith("damaged sitemap (line ") and "EntityRef: expecting ';'" in sitemap.warning


def test_an_unclosed_comment_stops_the_reading_and_nothing_is_read():
    body = URLSET + b"<!-- " + b"<url><loc>https://n.example/a</loc></url>" * 100_000 + b"</urlset>"
    with pytest.raises(FeedError, match=r"damaged sitemap \(reading stopped: .*no complete <url> entry"):
        parse_sitemap(_gz(body), "https://n.example/s.xml")


def test_another_root_is_refused_before_the_document_is_read():
    feed = b'<?xml version="1.0"?><rss version="2.0"><channel>' + b"<item><title>t</title></item>" * 50_000
    with pytest.raises(FeedError, match=r"not a sitemap: root element is <rss>"):
        parse_sitemap(feed, "https://n.example/feed.xml")


# -- the poller records the limit like any damage ------------------------------------------------------------------

@pytest.fixture
def site():
    with ScriptedServer() as server:
        server.route("/robots.txt", Reply(body=b"User-agent: *\n", content_type="text/plain"))
        server.route_prefix("/a/", lambda req: Reply(body=b"<html><title>Story</title><p>"
                                                     + b"A story about the harbour. " * 5 + b"</p></html>"))
        yield server


def _poller(store, server: ScriptedServer, sink, clock: Clock) -> Poller:
    fetch = FetchSettings(allowed_hosts=frozenset({server.host_port}), min_host_interval_s=0.0, timeout_s=5.0)
    return Poller(store, PollSettings(fetch=fetch, seed=1, max_new_items_per_poll=3), sink, clock=clock)


def test_a_sitemap_source_over_the_limit_is_read_to_the_limit_and_the_poll_says_so(site):
    site.route("/sitemap.xml.gz", Reply(body=_gz(_urlset(60_000, base=site.url("/a/"))),
                                        content_type="application/x-gzip"))
    store, docs, clock = poll_store(), [], Clock(T0)
    src = store.add_source(Source(url=site.url("/sitemap.xml.gz"), kind="sitemap"))

    [[result]] = daily_polls(_poller(store, site, docs.extend, clock), clock, 1)

    assert result.ok and result.new_items == MAX_SITEMAP_ENTRIES and len(docs) == 3
    assert "sitemap lists more than 50000 <url> entries" in store.get_state(src.id).last_error
    [recorded] = [e for e in store.list_errors(limit=0) if e.subject == site.url("/sitemap.xml.gz")]
    assert "the first 50000 were read, the rest ignored" in recorded.message


def test_each_child_of_an_index_is_read_to_the_limit_and_the_index_says_so(site):
    child = _gz(_urlset(60_000, base=site.url("/a/")))
    site.route("/child.xml.gz", Reply(body=child, content_type="application/x-gzip"))
    children = [site.url(f"/child.xml.gz?c={n}") for n in range(2)]
    site.route("/index.xml", Reply(body=INDEX + b"".join(b"<sitemap><loc>%s</loc></sitemap>" % c.encode()
                                                          for c in children) + b"</sitemapindex>",
                                   content_type="application/xml"))
    store, docs, clock = poll_store(), [], Clock(T0)
    src = store.add_source(Source(url=site.url("/index.xml"), kind="sitemap"))

    [[result]] = daily_polls(_poller(store, site, docs.extend, clock), clock, 1)

    assert result.ok and result.new_items == MAX_SITEMAP_ENTRIES  # the same 50,000 URLs twice
    last_error = store.get_state(src.id).last_error
    for url in children:
        assert f"child sitemap {url}: sitemap lists more than 50000 <url> entries" in last_error
