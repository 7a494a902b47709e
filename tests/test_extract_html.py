"""HTML extraction on small hand-written pages: metadata provenance, hints, robots, paywall, links."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from newsloom.extract import extract_article
from newsloom.model import FetchedDocument

STORY = "".join(
    f"<p>Paragraph {i} of the council story, with enough words to count as prose for any extractor here.</p>"
    for i in range(8))


def page(head: str = "", body: str = STORY, html_attrs: str = 'lang="en"') -> bytes:
    return (f"<!DOCTYPE html><html {html_attrs}><head><meta charset='utf-8'>{head}</head><body>"
            f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Council votes</h1>{body}"
            f"</article><footer>Copyright 2024 Example Media. All rights reserved.</footer></body></html>"
            ).encode()


def doc(body: bytes, url: str = "https://news.example.com/2024/05/06/council-votes", **kw) -> FetchedDocument:
    return FetchedDocument(url=url, body=body, content_type="text/html; charset=utf-8", **kw)


def jsonld(**fields) -> str:
    return f"<script type='application/ld+json'>{json.dumps({'@type': 'NewsArticle', **fields})}</script>"


def test_body_keeps_paragraphs_and_drops_navigation():
    article = extract_article(doc(page()))
    assert len(article.paragraphs) >= 8
    assert all("Paragraph" in p or "Council" in p for p in article.paragraphs)
    assert "Home" not in article.text and "All rights reserved" not in article.text


def test_jsonld_wins_over_opengraph_and_records_source():
    head = (jsonld(headline="Council votes on budget", datePublished="2024-05-06T09:30:00+02:00",
                   author={"@type": "Person", "name": "Ana Ruiz"}, publisher={"name": "Example News"})
            + "<meta property='og:title' content='OG title'>"
            + "<meta property='og:site_name' content='Example OG'>")
    article = extract_article(doc(page(head)))
    assert article.title == "Council votes on budget" and article.field_sources["title"] == "json-ld"
    assert article.published == datetime(2024, 5, 6, 7, 30, tzinfo=UTC)
    assert article.field_sources["published"] == "json-ld"
    assert article.authors == ("Ana Ruiz",) and article.site_name == "Example News"
    assert article.lang == "en" and article.field_sources["lang"] == "html"


def test_opengraph_and_meta_fill_when_no_jsonld():
    head = ("<meta property='og:title' content='OG title'><meta property='og:site_name' content='Example OG'>"
            "<meta property='article:published_time' content='2024-05-06T10:00:00Z'>"
            "<meta name='author' content='Bo Lind'><link rel='canonical' href='https://example.com/canon'>"
            "<meta property='og:image' content='https://example.com/i.jpg'>")
    article = extract_article(doc(page(head)))
    assert (article.title, article.site_name, article.source) == ("OG title", "Example OG", "Example OG")
    assert article.field_sources["title"] == "opengraph" and article.field_sources["authors"] == "meta"
    assert article.canonical_url == "https://example.com/canon" and article.image == "https://example.com/i.jpg"


def test_url_date_when_page_has_none():
    article = extract_article(doc(page()))
    assert article.published == datetime(2024, 5, 6, tzinfo=UTC)
    assert article.field_sources["published"] == "url"


def test_hints_fill_gaps_and_conflicts_are_recorded():
    hints = {"title": "Feed title", "author": "Feed Author", "published": "2024-05-07T08:00:00Z",
             "external_id": "x-42"}
    head = jsonld(headline="Page title")
    article = extract_article(doc(page(head), url="https://example.com/story", hints=hints))
    assert article.title == "Page title" and article.field_sources["title.feed"] == "differs"
    assert article.authors == ("Feed Author",) and article.field_sources["authors"] == "feed"
    assert article.external_id == "x-42"
    assert article.published is not None


def test_insane_page_date_gives_way_to_hint():
    hints = {"published": "2024-05-07T08:00:00Z"}
    head = jsonld(headline="T", datePublished="2091-01-01T00:00:00Z")
    article = extract_article(doc(page(head), url="https://example.com/story", hints=hints))
    assert article.published == datetime(2024, 5, 7, 8, tzinfo=UTC)
    assert article.field_sources["published"] == "feed" and "published.rejected" in article.field_sources


@pytest.mark.parametrize(("head", "headers", "expected"), [
    ("<meta name='robots' content='noarchive, max-snippet:50'>", {}, ("noarchive", "max-snippet:50")),
    ("", {"X-Robots-Tag": "nosnippet"}, ("nosnippet",)),
    ("<meta name='robots' content='index, follow'>", {}, ()),
])
def test_robots_directives(head, headers, expected):
    article = extract_article(doc(page(head), headers=headers))
    assert article.robots == expected


@pytest.mark.parametrize(("head", "body_extra", "expected"), [
    (jsonld(headline="T", isAccessibleForFree="False"), "", True),
    ("<meta property='article:content_tier' content='locked'>", "", True),
    ("", "<div class='paywall-overlay'>Subscribe to read</div>", True),
    ("", "", None),
])
def test_paywall_detection(head, body_extra, expected):
    article = extract_article(doc(page(head, STORY + body_extra)))
    assert article.paywalled is expected


def test_dateline_and_wire_from_html_body():
    body = ("<p>MOSCOW (AP) — Officials said on Monday that the talks would go on for a second week.</p>"
            + STORY + "<p>The AP reported earlier that Reuters was told nothing new.</p>")
    article = extract_article(doc(page(body=body)))
    assert article.dateline == "MOSCOW"
    assert [(w.agency, w.how) for w in article.wire] == [("AP", "dateline")]


def test_agencies_cited_in_body_are_not_wire():
    body = STORY + "<p>Officials told Reuters on Monday that AFP had reported the same, as AP reported.</p>"
    assert extract_article(doc(page(body=body))).wire == ()


def test_article_id_uses_canonical_url():
    head = "<link rel='canonical' href='https://example.com/canon'>"
    first = extract_article(doc(page(head), url="https://a.example.com/x?utm_source=feed"))
    second = extract_article(doc(page(head), url="https://b.example.com/y"))
    assert first.id == second.id


def test_byline_markup_names_the_author_when_metadata_does_not():
    body = "<p class='byline'>By <a rel='author' href='/staff/ana'>Ana Ruiz</a></p>" + STORY
    article = extract_article(doc(page(body=body)))
    assert article.authors == ("Ana Ruiz",) and article.field_sources["authors"] == "html-byline"


def test_one_word_meta_author_is_a_handle_not_a_byline():
    article = extract_article(doc(page("<meta name='author' content='admin'>")))
    assert "admin" not in article.authors


def test_htmldate_finds_a_date_in_the_page_when_metadata_has_none():
    body = "<div class='meta'><time datetime='2024-05-06'>6 May 2024</time></div>" + STORY
    article = extract_article(doc(page(body=body), url="https://news.example.com/council-votes"))
    assert article.published == datetime(2024, 5, 6, tzinfo=UTC)
    assert article.field_sources["published"] == "htmldate"


def test_an_aggregators_html_page_is_marked_automated_with_its_disclaimer():
    disclaimer = ("<p>NewsHub Daily is an automatic aggregator of the world's media. In each content, the "
                  "hyperlink to the primary source is specified.</p>")
    article = extract_article(doc(page(body=STORY + disclaimer)))
    assert article.automated and article.field_sources.get("automated") == "disclaimer"
    (credit,) = [c for c in article.credits if c.kind == "disclaimer"]
    assert "is an automatic aggregator" in credit.text and "NewsHub Daily" in credit.text
    assert "automatic aggregator" not in article.text  # evidence, not body
    plain = extract_article(doc(page()))
    assert not plain.automated and "automated" not in plain.field_sources
