"""A feed's explicit date against the dates read from a page: who wins, and what is recorded.

A document built from a feed entry keeps the entry's pubDate (and title), whatever htmldate guesses
from a year in the story's text; a real page's declared date (meta tags, JSON-LD, ``<time>``) still
wins over a differing feed date; a date guessed from a page's prose gives way to the feed's.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from helpers import cli
from newsloom.extract import extract_article
from newsloom.model import FetchedDocument
from newsloom.sources.entries import feed_document
from newsloom.sources.feeds import parse_feed

NOW = datetime(2024, 6, 1, tzinfo=UTC)
# invented text that mentions old dates and years, as stories do ("A month after the storm of ...")
OLD_DATES = ("<p>A month after the storm of October 2, 1999, the ferry crew still remembered the night the "
             "harbour flooded.</p><p>The ferry was repaired in 2003 and sailed again the next spring, carrying "
             "the same crew across the bay.</p>")
STORY = "".join(
    f"<p>Paragraph {i} of the harbour story, with enough words to count as prose for any extractor here.</p>"
    for i in range(6))


def rss(title: str, description: str, pub_date: str = "Tue, 30 Jan 2018 11:00:14 GMT") -> bytes:
    return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Harbour News</title>"
            f"<link>https://harbour.example/</link><item><title>{title}</title>"
            f"<link>https://harbour.example/news/ferry-returns</link><guid>ferry-1</guid>"
            f"<pubDate>{pub_date}</pubDate><description><![CDATA[{description}]]></description>"
            f"</item></channel></rss>").encode()


def from_feed(data: bytes, origin: str = "feed-content"):
    feed = parse_feed(data, url="https://harbour.example/feed.xml")
    (item,) = feed.items
    doc = feed_document(item, url=item.url, feed_title=feed.title, source=None, now=NOW, origin=origin)
    return extract_article(doc)


def page(head: str = "", body: str = STORY) -> bytes:
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Ferry returns</title>{head}"
            f"</head><body><nav><a href='/'>Home</a></nav><article><h1>Ferry returns</h1>{body}</article>"
            f"<footer>Copyright 2009 Example Harbour News</footer></body></html>").encode()


def fetched_page(body: bytes, hints: dict) -> FetchedDocument:
    """A page fetched from an entry's link, as the poller hands it over (origin "page")."""
    return FetchedDocument(url="https://harbour.example/news/ferry-returns", body=body,
                           content_type="text/html; charset=utf-8", hints={**hints, "origin": "page"})


# --------------------------------------------------------------------------- documents built from a feed entry


@pytest.mark.parametrize("origin", ["feed-content", "feed-summary"])
def test_a_feed_items_pubdate_wins_over_a_date_guessed_from_its_text(origin):
    article = from_feed(rss("Ferry returns", OLD_DATES), origin)
    assert article.published == datetime(2018, 1, 30, 11, 0, 14, tzinfo=UTC)
    assert article.field_sources["published"] == "feed"
    # the guess is not lost: it is recorded as the page's differing value
    assert article.field_sources["published.page"] == "htmldate-text: 1999-10-02T00:00:00+00:00"
    assert "published.feed" not in article.field_sources


def test_a_feed_item_keeps_its_whole_title_and_an_agreeing_date_is_not_called_a_conflict():
    article = from_feed(rss("Ferry returns - and the crew is back", STORY, "Wed, 05 Jun 2019 09:30:00 GMT"))
    assert article.title == "Ferry returns - and the crew is back"  # not cut at " - " like a page <title>
    assert article.field_sources["title"] == "feed" and article.field_sources["title.page"].startswith("html: ")
    assert article.published == datetime(2019, 6, 5, 9, 30, tzinfo=UTC)
    assert not {"published.page", "published.feed"} & set(article.field_sources)


@pytest.mark.parametrize("origin", ["feed-content", "feed-summary"])
def test_a_feed_item_without_a_date_takes_no_date_from_its_prose(origin):
    data = rss("Ferry returns", OLD_DATES).replace(b"<pubDate>Tue, 30 Jan 2018 11:00:14 GMT</pubDate>", b"")
    article = from_feed(data, origin)
    assert article.published is None  # a year the story mentions is not when it was published
    assert article.field_sources["published.rejected"] == "htmldate-text: 1999-10-02T00:00:00+00:00"
    assert "published" not in article.field_sources


# --------------------------------------------------------------------------- real pages


def test_a_pages_declared_date_still_wins_over_a_differing_feed_date():
    head = "<meta property='article:published_time' content='2024-05-06T10:00:00Z'>"
    article = extract_article(fetched_page(page(head), {"published": "2024-05-09T08:00:00Z"}))
    assert article.published == datetime(2024, 5, 6, 10, tzinfo=UTC)
    assert article.field_sources["published"] == "opengraph"
    assert article.field_sources["published.feed"] == "differs"


def test_a_pages_time_element_still_wins_over_a_differing_feed_date():
    body = "<div class='meta'><time datetime='2024-05-06'>6 May 2024</time></div>" + STORY
    article = extract_article(fetched_page(page(body=body), {"published": "2024-05-09T08:00:00Z"}))
    assert article.published == datetime(2024, 5, 6, tzinfo=UTC)
    assert article.field_sources["published"] == "htmldate"  # htmldate's quick search read the markup
    assert article.field_sources["published.feed"] == "differs"


def test_a_date_guessed_from_a_pages_prose_gives_way_to_the_feed_date():
    article = extract_article(fetched_page(page(body=OLD_DATES + STORY), {"published": "2024-05-09T08:00:00Z"}))
    assert article.published == datetime(2024, 5, 9, 8, tzinfo=UTC)
    assert article.field_sources["published"] == "feed"
    assert article.field_sources["published.page"].startswith("htmldate-text: ")


def test_without_a_feed_date_a_page_keeps_htmldates_guess():
    article = extract_article(fetched_page(page(body=OLD_DATES + STORY), {}))
    assert article.field_sources["published"] == "htmldate-text" and article.published is not None


def test_a_text_pages_date_from_its_prose_gives_way_to_the_records_date():
    text = "\n\n".join(["Ferry returns", "October 2, 1999 was the night the harbour flooded, the crew said.",
                        *(f"Paragraph {i} of the harbour story, with enough words to count as prose here."
                          for i in range(6))])
    doc = FetchedDocument(url="file:///dump.jsonl#line=1", body=text.encode(), content_type="text/plain",
                          hints={"published": "2024-05-09T08:00:00Z"})
    article = extract_article(doc)
    assert article.published == datetime(2024, 5, 9, 8, tzinfo=UTC)
    assert article.field_sources["published.page"] == "text: 1999-10-02T00:00:00+00:00"


# --------------------------------------------------------------------------- the shared corpus


def _pub_dates(path: Path) -> dict[str, datetime]:
    """link -> pubDate of every item, read straight from the XML."""
    channel = ET.parse(path).getroot().find("channel")
    return {item.findtext("link").strip(): parsedate_to_datetime(item.findtext("pubDate")).astimezone(UTC)
            for item in channel.iter("item")}


def test_every_guardian_item_is_stored_with_its_feeds_pubdate(shared_dir, tmp_path):
    feed = shared_dir / "data/rss-feeds-realworld/rss-parser/input/guardian.rss"
    if not feed.is_file():
        pytest.skip(f"shared corpus file missing: {feed}")
    expected = _pub_dates(feed)
    done = cli("ingest", str(feed), home=tmp_path)
    assert done.returncode == 0, done.stderr
    listed = cli("articles", "--json", "-n", "0", home=tmp_path)
    assert listed.returncode == 0, listed.stderr
    stored = {a["url"]: a["published"] for a in json.loads(listed.stdout)}
    assert len(stored) == len(expected) > 40
    wrong = {url: (got, expected[url].isoformat()) for url, got in stored.items()
             if datetime.fromisoformat(got) != expected[url]}
    assert not wrong, wrong


def test_a_feed_items_author_wins_over_a_byline_read_from_its_fragment():
    body = "<p>By Harbour Desk Staff</p>" + STORY
    data = rss("Ferry returns", body).replace(b"<pubDate>", b"<author>mara@harbour.example (Mara Lind)</author><pubDate>")
    article = from_feed(data)
    assert article.authors == ("Mara Lind",) and article.field_sources["authors"] == "feed"
