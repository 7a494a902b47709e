"""Titles without the site's name, authors that are persons, related headings inside a story, and
the body's Unicode form: small hand-written pages and lines."""

from __future__ import annotations

import unicodedata

from newsloom.extract import extract_article
from newsloom.extract.lines import clean_blocks
from newsloom.model import FetchedDocument

STORY = "".join(
    f"<p>Paragraph {i} of the harbour story, with enough words to count as prose for any extractor here.</p>"
    for i in range(8))


def page(head: str = "", h1: str = "Harbour reopens after the storm", body: str = STORY, before: str = "",
         after: str = "") -> bytes:
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>{head}</head><body>{before}"
            f"<article><h1>{h1}</h1>{body}</article>{after}</body></html>").encode()


def doc(body: bytes, url: str = "https://www.coastalherald.example/2024/05/06/harbour") -> FetchedDocument:
    return FetchedDocument(url=url, body=body, content_type="text/html; charset=utf-8")


# ----------------------------------------------------------------------------------------------- titles

def test_opengraph_title_loses_the_site_name_suffix():
    head = ("<meta property='og:title' content='Harbour reopens after the storm | The Coastal Herald'>"
            "<meta property='og:site_name' content='The Coastal Herald'>")
    assert extract_article(doc(page(head, h1="Harbour news"))).title == "Harbour reopens after the storm"


def test_jsonld_headline_loses_a_suffix_naming_the_host_and_a_tagline_after_it():
    head = ("<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": "
            "\"Harbour reopens after the storm - CoastalHerald.example - News from the coast\"}</script>")
    assert extract_article(doc(page(head, h1="Latest"))).title == "Harbour reopens after the storm"


def test_title_element_with_the_site_first_is_not_the_site_name():
    head = "<title>Coastal Herald » Harbour reopens after the storm</title>"
    assert extract_article(doc(page(head, h1="Menu"))).title == "Harbour reopens after the storm"


def test_title_element_keeps_a_dash_that_the_heading_has_too():
    head = "<title>Harbour reopens – ferries run again – Coastal Herald</title>"
    article = extract_article(doc(page(head, h1="Harbour reopens – ferries run again")))
    assert article.title == "Harbour reopens – ferries run again"


def test_a_title_naming_no_site_keeps_its_words():
    head = "<meta property='og:title' content='Harbour reopens - ferries run again'>"
    assert extract_article(doc(page(head, h1="Latest"))).title == "Harbour reopens - ferries run again"


# ---------------------------------------------------------------------------------------------- authors

def test_a_commenters_name_is_not_the_author():
    comments = ("<section id='comments'><ol class='comment-list'><li class='comment'>"
                "<span class='comment-author'>Pat Doe says</span><p>Great read.</p></li></ol></section>")
    article = extract_article(doc(page(after=comments)))
    assert not any("Pat Doe" in a for a in article.authors)


def test_a_form_label_is_not_the_author():
    body = "<p class='author-name'>Name</p>" + STORY
    assert "Name" not in extract_article(doc(page(body=body))).authors


def test_the_site_as_meta_author_gives_way_to_a_byline_person():
    head = "<meta name='author' content='Coastal Herald'>"
    body = "<p class='byline'>By <a rel='author' href='/staff/ana'>Ana Ruiz</a></p>" + STORY
    assert extract_article(doc(page(head, body=body))).authors == ("Ana Ruiz",)


def test_an_organisation_is_the_author_only_when_no_person_is_named():
    head = "<meta name='author' content='Harbour Media GmbH'>"
    assert extract_article(doc(page(head))).authors == ("Harbour Media GmbH",)
    body = "<span class='author'>Ana Ruiz</span>" + STORY
    assert extract_article(doc(page(head, body=body))).authors == ("Ana Ruiz",)


# ------------------------------------------------------------------------------------------------- body

LONG = ("The ferry company said the first boats would leave at dawn, and that every ticket bought for the "
        "cancelled crossings stays valid until the end of the month. Harbour staff worked through the night to "
        "clear the quays.")


def test_a_late_read_also_heading_over_the_last_paragraph_drops_only_itself():
    lines = [f"Paragraph {i} of the story, long enough to be prose in the share of the page." for i in range(6)]
    cleaned = clean_blocks([[line] for line in [*lines, "Read also", LONG]], drop_credits=False)
    assert cleaned.lines == [*lines, LONG]
    assert ("related", "Read also") in cleaned.removed


def test_a_late_read_also_heading_over_teaser_titles_still_ends_the_story():
    lines = [f"Paragraph {i} of the story, long enough to be prose in the share of the page." for i in range(6)]
    cleaned = clean_blocks([[line] for line in [*lines, "Read also", "Storm closes the harbour", "Ferries cancelled"]],
                           drop_credits=False)
    assert cleaned.lines == lines


def test_an_appendix_heading_ends_the_story_even_over_prose():
    lines = [f"Paragraph {i} of the story, long enough to be prose in the share of the page." for i in range(6)]
    cleaned = clean_blocks([[line] for line in [*lines, "About this series", LONG]], drop_credits=False)
    assert cleaned.lines == lines


def test_a_long_paragraph_about_cookies_is_prose():
    line = ("Regulators said that websites asking visitors to accept cookies must offer a refusal button just as "
            "visible as the acceptance one, and that consent given by simply scrolling the page does not count. "
            "The ruling follows complaints from consumer groups in four countries, which found that most sites "
            "hid the refusal behind several clicks.")
    assert clean_blocks([[line]], drop_credits=False).lines == [line]


def test_body_text_is_in_composed_unicode_form():
    decomposed = unicodedata.normalize("NFD", "Café owners in Zürich reopened their terraces on Monday morning. ")
    body = "".join(f"<p>{decomposed * 3} Part {i}.</p>" for i in range(6))
    article = extract_article(doc(page(body=body)))
    assert article.text == unicodedata.normalize("NFC", article.text) and "Café" in article.text


def test_a_name_that_is_said_is_no_commenters_verb_and_a_lone_slash_is_no_separator():
    from newsloom.extract.draft import Draft
    from newsloom.extract.metadata import clean_title, plausible_authors

    draft = Draft()
    plausible_authors(draft, ["Summer Said"], set(), "json-ld")
    assert draft.authors == ["Summer Said"]
    commenter = Draft()
    plausible_authors(commenter, ["Ana Lima says"], set(), "html-byline")
    assert commenter.authors == []
    assert clean_title("AC / DC announce world tour", set(), [], whole=False) == "AC / DC announce world tour"
