"""Page metadata that templates fill with markup (meta author, og:title, JSON-LD headline, <title>)
becomes plain text; a "<" or "&" that is text stays."""

from __future__ import annotations

import json

import pytest

from newsloom.extract import extract_article
from newsloom.model import FetchedDocument

STORY = "".join(
    f"<p>Paragraph {i} of the council story, with enough words to count as prose for any extractor here.</p>"
    for i in range(8))


def article_of(head: str, title: str = "Council votes"):
    body = (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
            f"<body><article><h1>Council votes</h1>{STORY}</article></body></html>").encode()
    return extract_article(FetchedDocument(url="https://news.example/council-votes", body=body,
                                           content_type="text/html; charset=utf-8"))


@pytest.mark.parametrize("content", ["<b>Jane</b> Doe", "&lt;b&gt;Jane&lt;/b&gt; Doe", "&amp;lt;b&amp;gt;Jane Doe"])
def test_meta_author_with_tags_is_a_plain_name(content):
    article = article_of(f'<meta name="author" content="{content}">')
    assert article.authors == ("Jane Doe",) and article.field_sources["authors"] == "meta"


@pytest.mark.parametrize(("og_title", "expected"), [
    ("Council &lt;em&gt;votes&lt;/em&gt; on the budget", "Council votes on the budget"),
    ("Why x &lt; y at AT&amp;T", "Why x < y at AT&T"),
    ("Q&amp;A: Ben &amp;amp; Jerry", "Q&A: Ben & Jerry"),
])
def test_opengraph_title_is_plain_text(og_title, expected):
    article = article_of(f'<meta property="og:title" content="{og_title}">')
    assert article.title == expected and article.field_sources["title"] == "opengraph"


def test_jsonld_headline_and_author_with_markup_are_plain_text():
    obj = {"@type": "NewsArticle", "headline": "Council <em>votes</em> &amp; x < y",
           "author": {"@type": "Person", "name": "<b>Ana</b> Ruiz"}}
    article = article_of(f"<script type='application/ld+json'>{json.dumps(obj)}</script>")
    assert article.title == "Council votes & x < y" and article.authors == ("Ana Ruiz",)


@pytest.mark.parametrize(("title", "expected"), [
    ("&lt;b&gt;Council&lt;/b&gt; votes", "Council votes"),
    ("Why x &lt; y at AT&amp;T", "Why x < y at AT&T"),
])
def test_html_title_element_is_plain_text(title, expected):
    assert article_of("", title=title).title == expected
