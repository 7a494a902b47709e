"""Feed titles and author names are plain text: markup a feed declares (Atom ``type="html"``) or that
feedparser finds in an RSS title is turned into text; text that merely contains "<" or "&" survives."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsloom.extract import extract_article
from newsloom.sources.entries import feed_document
from newsloom.sources.feeds import parse_feed
from newsloom.sources.text import html_text, plain_text

NOW = datetime(2024, 6, 1, tzinfo=UTC)


def atom(title_element: str, author: str = "Kim Lee") -> bytes:
    return (f"<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            f"<title type='html'>Alerts for &lt;b&gt;Widgets&lt;/b&gt;</title><id>urn:feed</id>"
            f"<entry><id>urn:1</id>{title_element}<link href='https://news.example/widgets'/>"
            f"<author><name>{author}</name></author><updated>2024-05-06T10:00:00Z</updated>"
            f"<content type='html'>&lt;p&gt;Widget makers met on Monday.&lt;/p&gt;</content></entry></feed>").encode()


def rss(title: str, creator: str = "Kim Lee") -> bytes:
    return (f"<?xml version='1.0'?><rss version='2.0' xmlns:dc='http://purl.org/dc/elements/1.1/'><channel>"
            f"<title>Widget &amp;amp; Gadget News</title><link>https://news.example/</link><item>"
            f"<title>{title}</title><link>https://news.example/widgets</link><dc:creator>{creator}</dc:creator>"
            f"<description>Widget makers met on Monday.</description></item></channel></rss>").encode()


def entry_title(data: bytes) -> str | None:
    (item,) = parse_feed(data).items
    return item.title


@pytest.mark.parametrize(("element", "expected"), [
    # type="html": the value is markup, escaped once for XML
    ("<title type='html'>Insider selling: &lt;b&gt;Widgets&lt;/b&gt; (NASDAQ:WDGT) &amp;amp; more</title>",
     "Insider selling: Widgets (NASDAQ:WDGT) & more"),
    ("<title type='html'>Q&amp;amp;A: x &amp;lt; y</title>", "Q&A: x < y"),
    ("<title type='html'>Two&lt;br&gt;lines</title>", "Two lines"),
    ("<title type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'>An <em>xhtml</em> title</div></title>",
     "An xhtml title"),
    # type="text" (and no type): plain text, kept as written, "<" and "&" included
    ("<title type='text'>Why x &lt; y at AT&amp;T</title>", "Why x < y at AT&T"),
    ("<title>Tom &amp; Jerry &lt;3 each other</title>", "Tom & Jerry <3 each other"),
    ("<title type='text'>History of the &lt;blink&gt; tag</title>", "History of the <blink> tag"),
])
def test_atom_titles_are_read_by_their_declared_type(element, expected):
    assert entry_title(atom(element)) == expected


def test_an_atom_feeds_own_html_title_is_text():
    assert parse_feed(atom("<title>Widgets</title>")).title == "Alerts for Widgets"


@pytest.mark.parametrize(("title", "expected"), [
    ("AT&amp;T says x &lt; y", "AT&T says x < y"),  # plain text with "&" and "<"
    ("Tom &amp; Jerry &lt; Itchy", "Tom & Jerry < Itchy"),
    ("Don&amp;#8217;t stop &amp;mdash; ever", "Don\u2019t stop \u2014 ever"),  # references escaped for XML
    ("Caf&#233; &amp;amp; bar", "Caf\u00e9 & bar"),
    ("Widgets &lt;b&gt;rise&lt;/b&gt; again", "Widgets rise again"),  # escaped markup
    ("<![CDATA[<b>Widgets</b> rise & x < y]]>", "Widgets rise & x < y"),  # markup in CDATA
    ("  spaced \n  out  ", "spaced out"),
    ("testing &#160; entity", "testing \u00a0 entity"),  # a no-break space is a character, not a gap
])
def test_rss_titles_are_text_with_their_entities_decoded(title, expected):
    assert entry_title(rss(title)) == expected


def test_rss_feed_title_and_author_names_lose_markup():
    feed = parse_feed(rss("Widgets", creator="&lt;b&gt;Jane&lt;/b&gt; Doe"))
    assert feed.title == "Widget & Gadget News"
    assert feed.items[0].authors == ("Jane Doe",)
    assert parse_feed(atom("<title>W</title>", author="&lt;b&gt;Ann&lt;/b&gt; Lee")).items[0].authors == ("Ann Lee",)
    assert parse_feed(rss("W", creator="Smith &lt; Jones")).items[0].authors == ("Smith < Jones",)


def test_json_feed_titles_are_plain_text_and_names_lose_markup():
    data = (b'{"version": "https://jsonfeed.org/version/1.1", "title": "x < y & AT&T", "items": [{"id": "1",'
            b' "title": "Why 1 < 2", "content_text": "Widget makers met.", "authors": [{"name": "<b>Jane</b> Doe"}]}]}')
    feed = parse_feed(data)
    assert feed.title == "x < y & AT&T"
    assert (feed.items[0].title, feed.items[0].authors) == ("Why 1 < 2", ("Jane Doe",))


@pytest.mark.parametrize("element", [
    "<title type='html'>Insider selling: &lt;b&gt;Widgets&lt;/b&gt; &amp;amp; more</title>",
    "<title type='text'>Why x &lt; y at AT&amp;T</title>",
])
def test_the_stored_article_title_is_the_feeds_plain_title(element):
    (item,) = parse_feed(atom(element)).items
    article = extract_article(feed_document(item, url=item.url, feed_title="Alerts", source=None, now=NOW))
    assert article.title == item.title and "<b>" not in article.title


@pytest.mark.parametrize(("value", "expected"), [
    ("<b>Jane</b> Doe", "Jane Doe"), ("&lt;b&gt;Jane&lt;/b&gt; Doe", "Jane Doe"), ("a<br>b", "a b"),
    ("Jane <!-- x --> Doe", "Jane Doe"), ("x < y", "x < y"), ("AT&T", "AT&T"), ("<3 you", "<3 you"),
    ("x<y and z>w", "x<y and z>w"), ("Ben &amp;amp; Jerry", "Ben & Jerry"),
    ("Jane Doe <!-- never closed", "Jane Doe"), ("<!--" * 5000, ""),  # one scan, not one per "<!--"
])
def test_plain_text_drops_only_unmistakable_markup(value, expected):
    assert plain_text(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("Sl<b>a</b>ck &amp; co", "Slack & co"), ("<p>one</p><p>two</p>", "one two"),
    ("<script>x()</script>ok", "ok"), ("x < y", "x < y"), ("Caf&eacute;", "Caf\u00e9"), ("   ", ""),
])
def test_html_text_reads_markup_as_html(value, expected):
    assert html_text(value) == expected


def test_google_alerts_titles_carry_no_markup(shared_dir):
    path = shared_dir / "data/rss-feeds-realworld/feedjira/google_alerts_atom.xml"
    if not path.is_file():
        pytest.skip(f"shared corpus file missing: {path}")
    feed = parse_feed(path.read_bytes())
    titles = [item.title or "" for item in feed.items]
    assert len(titles) > 10 and sum("Slack" in t for t in titles) > 10
    assert not [t for t in titles if "<" in t or "&lt;" in t or "&amp;" in t]
