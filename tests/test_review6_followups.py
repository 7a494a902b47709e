"""Review 6 follow-ups: an RSS or Atom date that does not exist is missing (feedparser's parsed struct
rolled it over: ``2022-02-30`` came out as 2 March); a page declared UTF-8 only by its HTTP header (a WARC
record, no ``<meta>``) that holds cp1252 Latin text decodes as cp1252; adding a stored source URL again
uses up no id in the store itself."""

from __future__ import annotations

import io
import time
from datetime import UTC, datetime

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsloom.extract import extract_article
from newsloom.extract.decode import decode_body
from newsloom.model import FetchedDocument
from newsloom.sources.feeds import _feed_date, parse_feed
from newsloom.sources.warc import iter_warc

# --------------------------------------------------------------------------- feed dates

FEED_URL = "https://harbour.example/feed.xml"


def _rss(pub_date: str, dc_date: str | None = None) -> bytes:
    dc = f"<dc:date>{dc_date}</dc:date>" if dc_date else ""
    return (f"<?xml version='1.0'?><rss version='2.0' xmlns:dc='http://purl.org/dc/elements/1.1/'><channel>"
            f"<title>Harbour News</title><link>https://harbour.example/</link><item><title>Ferry returns</title>"
            f"<link>https://harbour.example/news/ferry</link><pubDate>{pub_date}</pubDate>{dc}"
            f"</item></channel></rss>").encode()


def _atom(published: str, updated: str, feed_updated: str) -> bytes:
    return (f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title>Harbour News</title><id>urn:harbour</id><updated>{feed_updated}</updated>"
            f"<entry><title>Ferry returns</title><id>urn:harbour:1</id>"
            f"<link href='https://harbour.example/news/ferry'/><published>{published}</published>"
            f"<updated>{updated}</updated></entry></feed>").encode()


@pytest.mark.parametrize("pub_date", ["2022-02-30", "2022-02-30T10:00:00Z", "Mon, 30 Feb 2022 10:00:00 GMT",
                                      "Thu, 31 Apr 2022 08:00:00 +0200", "2022-13-01"])
def test_an_rss_item_with_an_impossible_date_is_undated(pub_date):
    (item,) = parse_feed(_rss(pub_date), url=FEED_URL).items
    assert item.published is None and item.updated is None


def test_an_rss_items_impossible_dc_date_is_missing_while_its_real_pubdate_stays():
    (item,) = parse_feed(_rss("Tue, 01 Mar 2022 10:00:00 GMT", dc_date="2022-02-29T09:00:00Z"), url=FEED_URL).items
    assert item.published == datetime(2022, 3, 1, 10, tzinfo=UTC)
    assert item.updated is None


@pytest.mark.parametrize(("pub_date", "expected"), [
    ("Tue, 01 Mar 2022 10:00:00 GMT", datetime(2022, 3, 1, 10, tzinfo=UTC)),
    ("2024-02-29", datetime(2024, 2, 29, tzinfo=UTC)),
    ("Sat, 28 Feb 2022 23:30:00 -0100", datetime(2022, 3, 1, 0, 30, tzinfo=UTC)),
])
def test_real_rss_dates_still_parse(pub_date, expected):
    (item,) = parse_feed(_rss(pub_date), url=FEED_URL).items
    assert item.published == expected


def test_atom_dates_that_do_not_exist_are_missing():
    feed = parse_feed(_atom("2022-02-30T10:00:00Z", "2022-02-31T10:00:00Z", "2022-02-30T12:00:00Z"), url=FEED_URL)
    (entry,) = feed.items
    assert entry.published is None and entry.updated is None
    assert feed.updated is None


def test_real_atom_dates_still_parse_to_the_second_as_before():
    feed = parse_feed(_atom("2016-06-03T07:38:22.568-07:00", "2022-03-01T10:00:00Z", "2022-03-02T00:00:00Z"),
                      url=FEED_URL)
    (entry,) = feed.items
    assert entry.published == datetime(2016, 6, 3, 14, 38, 22, tzinfo=UTC)
    assert entry.updated == datetime(2022, 3, 1, 10, tzinfo=UTC)
    assert feed.updated == datetime(2022, 3, 2, tzinfo=UTC)


def test_the_parsed_struct_serves_only_when_there_is_no_text():
    struct = time.strptime("2022-03-02 10:00:00", "%Y-%m-%d %H:%M:%S")
    assert _feed_date({"published_parsed": struct}, "published") == datetime(2022, 3, 2, 10, tzinfo=UTC)
    assert _feed_date({"published": "2022-02-30", "published_parsed": struct}, "published") is None
    assert _feed_date({"published": "2022-02-30", "created": "2022-02-27"}, "published", "created") == \
        datetime(2022, 2, 27, tzinfo=UTC)


# --------------------------------------------------------------------------- charset from the HTTP header

# invented sentences whose cp1252 bytes charset-normalizer alone takes for cp775 ("na’ve", "Zoļ", "Cafķ")
FRENCH = "Le ferry de Zoë reprend : « Ça fait plaisir », dit-elle, naïve et ravie."
GERMAN = "Naïve Gäste im Café über der Brücke — ein Abend für Zoë."
FILLER = ("<p>The harbour office said the crossing would run twice a day through the summer, weather "
          "permitting, and that tickets would be sold at the quay as before.</p>")


def _page(sentence: str, encoding: str) -> bytes:
    """An article page with no ``<meta charset>``: only the HTTP header says what it is."""
    return (f"<!doctype html><html><head><title>Hafen</title></head><body><article><h1>Hafen</h1>"
            f"<p>{sentence}</p>{FILLER * 3}</article></body></html>").encode(encoding)


def _warc(body: bytes, content_type: str = "text/html; charset=utf-8") -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://hafen.example/news/1", "response",
                                                  payload=io.BytesIO(body), http_headers=headers,
                                                  warc_headers_dict={"WARC-Date": "2024-03-05T10:00:00Z"}))
    return buf.getvalue()


@pytest.mark.parametrize("sentence", [FRENCH, GERMAN])
def test_cp1252_declared_utf8_by_the_header_alone_decodes_as_cp1252(sentence):
    text, encoding = decode_body(_page(sentence, "cp1252"), declared="utf-8")
    assert encoding == "cp1252" and sentence in text


@pytest.mark.parametrize("sentence", [FRENCH, GERMAN])
def test_a_warc_page_in_cp1252_behind_a_utf8_header_extracts_right(sentence):
    (doc,) = iter_warc(io.BytesIO(_warc(_page(sentence, "cp1252"))))
    article = extract_article(doc)
    assert sentence in article.paragraphs


@pytest.mark.parametrize("sentence", [FRENCH, GERMAN])
def test_the_header_of_a_document_with_no_other_charset_reaches_the_decoder(sentence):
    doc = FetchedDocument(url="https://hafen.example/news/1", body=_page(sentence, "cp1252"), content_type="text/html",
                          headers={"content-type": "text/html; charset=UTF-8"})
    assert sentence in extract_article(doc).paragraphs


@pytest.mark.parametrize("sentence", [FRENCH, GERMAN])
def test_a_correct_utf8_page_still_decodes_as_utf8(sentence):
    body = _page(sentence, "utf-8")
    assert decode_body(body, declared="utf-8") == (body.decode("utf-8"), "utf-8")
    (doc,) = iter_warc(io.BytesIO(_warc(body)))
    assert sentence in extract_article(doc).paragraphs
