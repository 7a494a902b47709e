"""Extraction fixes: HTML character references in JSON-LD (and twice-escaped meta) values are
decoded; HTML fragments parse; text that is no HTML is still refused. Synthetic pages only."""

from __future__ import annotations

import json

import pytest

from newsloom.errors import ExtractError
from newsloom.extract import extract_article
from newsloom.extract.html import parse_html
from newsloom.extract.metadata import unescape_entities
from newsloom.model import FetchedDocument

BODY = "".join(f"<p>The town council met again on Tuesday and agreed on item {i} of a new budget for the "
               f"harbour, the mayor said after the vote.</p>" for i in range(8))


def _page(jsonld: dict, head: str = "") -> bytes:
    return (f"<html><head><title>Ignored</title>{head}<script type=\"application/ld+json\">{json.dumps(jsonld)}"
            f"</script></head><body><article>{BODY}</article></body></html>").encode()


def _extract(body: bytes, content_type: str = "text/html"):
    return extract_article(FetchedDocument(url="https://news.example/a", body=body, content_type=content_type))


def test_jsonld_values_have_their_character_references_decoded():
    art = _extract(_page({
        "@type": "NewsArticle",
        "headline": "Council agrees &#163;71.6m budget &#038; it doesn&#8217;t stop there &raquo; more",
        "author": [{"@type": "Person", "name": "Zo&euml; M&uuml;ller"}, {"name": "Ana &amp;#8217;Ruiz"}],
        "description": "The &quot;harbour&quot; plan&nbsp;passed &amp;amp;nbsp;easily",
        "publisher": {"name": "Harbour &amp; Town News"},
        "image": "https://img.example/a.jpg?w=800&amp;h=600",
    }))
    assert art.title == "Council agrees £71.6m budget & it doesn’t stop there » more"
    assert list(art.authors) == ["Zoë Müller", "Ana ’Ruiz"]
    assert art.description == 'The "harbour" plan passed easily'
    assert art.site_name == "Harbour & Town News"
    assert art.image == "https://img.example/a.jpg?w=800&h=600"


def test_twice_escaped_meta_values_are_decoded_once_more():
    head = ('<meta property="og:title" content="It doesn&amp;#8217;t add up &amp;raquo; Town">'
            '<meta name="description" content="Fish &amp;amp; chips">')
    art = _extract(f"<html><head>{head}</head><body><article>{BODY}</article></body></html>".encode())
    assert art.title == "It doesn’t add up » Town"
    assert art.description == "Fish & chips"


@pytest.mark.parametrize(("raw", "expected"), [
    ("AT&T and R&D stay", "AT&T and R&D stay"),  # no semicolon: no reference
    ("&copy without semicolon", "&copy without semicolon"),
    ("Tom &amp;amp;amp; Jerry", "Tom & Jerry"),
    ("a&#8217;b &#x2019; &unknownname; c", "a’b ’ &unknownname; c"),
    ("  spaced\u00a0&nbsp; out ", "spaced out"),
])
def test_unescape_entities(raw, expected):
    assert unescape_entities(raw) == expected


FRAGMENT = ('<div id="page-1" class="page">\n  <section>\n' + BODY + "\n  </section>\n</div>\n")


@pytest.mark.parametrize("markup", [
    FRAGMENT,
    "<p>The town council met again on Tuesday and agreed on a new budget for the harbour, the mayor said.</p>",
    "<!-- saved fragment -->\n<article><div>" + BODY + "</div></article>",
])
def test_an_html_fragment_is_parsed_and_extracted(markup):
    assert parse_html(markup) is not None
    art = _extract(markup.encode())
    assert "agreed on" in art.text


@pytest.mark.parametrize(("body", "content_type"), [(b"short\n", "text/plain"), (b"<html><body><p>short</p></body></html>",
                                                                                  "text/html")])
def test_a_page_with_no_title_and_a_word_or_two_is_no_article(body, content_type):
    with pytest.raises(ExtractError, match="no title and 1 word"):
        extract_article(FetchedDocument(url="file:///in/tiny", body=body, content_type=content_type))
    titled = extract_article(FetchedDocument(url="file:///in/t.html", content_type="text/html",
                                             body=b"<html><head><title>Quake</title></head><body><p>Quake.</p></body>"
                                                  b"</html>"))
    assert titled.title == "Quake"  # a headline with a line of text is kept (a feed's headline-only item)


@pytest.mark.parametrize(("body", "content_type"), [
    (b"The town council met again on Tuesday. A < B and C > D, the mayor said.", "text/html"),
    ((b"<rss><channel><title>Feed</title><item><title>Item</title><description>Words here</description>"
      b"</item></channel></rss>"), "text/html"),
    (b"<html><body></body></html>", "text/html"),
])
def test_text_that_is_no_html_is_still_refused(body, content_type):
    with pytest.raises(ExtractError):
        _extract(body, content_type)


def test_a_giant_title_is_cut_at_a_word():
    title = "Harbour " * 200_000  # 1.6 MB
    art = extract_article(FetchedDocument(url="https://e.example/a", content_type="text/html", body=(
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>The harbour authority said "
        f"traffic rose by a tenth in the first quarter of the year.</p></article></body></html>").encode()))
    assert 900 < len(art.title) <= 1002 and art.title.endswith("Harbour …")
