"""The text-page cleaner and the line cleaner on small hand-written pages."""

from __future__ import annotations

import pytest

from newsloom.extract import extract_article
from newsloom.extract.lines import DISCLAIMER_CHARS, clean_blocks, disclaimer_sentence
from newsloom.extract.textpage import clean_page_text, text_draft
from newsloom.model import FetchedDocument

STORY = [f"Story paragraph {i} says the council met again on Tuesday to discuss the new budget plan." for i in range(5)]


def test_reader_comments_after_a_comment_header_are_cut():
    comments = ["Milan on September 12, 2018 at 4:47 pm said:",
                "I really think the council should have voted on this much earlier than it did.",
                "Catherine on September 13, 2018 at 5:23 pm said:",
                "We have not reviewed the plan yet, but will consider it in our year-end review."]
    kept = clean_page_text("\n\n".join(["Council meets", *STORY, *comments]))
    assert all(p in kept for p in STORY)
    assert not any("year-end review" in p or "voted on this" in p for p in kept)


def test_cookie_banner_lines_are_dropped():
    banner = "This website uses cookies to improve your experience while you navigate through the website."
    kept = clean_page_text("\n\n".join(["Council meets", *STORY, banner]))
    assert banner not in kept and all(p in kept for p in STORY)


def test_cjk_prose_is_found_between_menus():
    menu = ["サイトマップ", "プライバシーポリシー", "お問い合わせ"]
    story = ["Kindle書籍を読む場合は、一般的にスマホやタブレットなどのモバイル端末で読むことが多いと思います。",
             "そんな用途を考慮してか、Kindleにはデスクトップアプリが用意されています。今回はその設定の話です。",
             "何が困るかといえば、パスワード管理ソフトの起動ショートカットキーと同じなのです。"]
    paragraphs = text_draft("\n\n".join([*menu, *story, *menu])).paragraphs
    assert paragraphs == story


def test_click_here_teasers_do_not_count_as_story_prose():
    teasers = ["Click the picture above to see the latest rankings of every driver in this season so far.",
               "Click here to see the TV times for the next race, with the track, statistics and more."]
    kept = clean_page_text("\n\n".join(["Council meets", *STORY, "Menu", "Home", "News", "Sport", *teasers]))
    assert all(p in kept for p in STORY) and not any(t in kept for t in teasers)


def test_html_bodies_keep_a_paragraph_repeated_late_but_drop_a_repeated_standfirst():
    standfirst = "The council approved the budget after a long night of talks, officials said."
    quote = "We will keep our promises to every resident of this town, the mayor said today."
    lines = [standfirst, *STORY[:2], standfirst, *STORY[2:], quote, "A short aside.", quote]
    kept = clean_blocks([[line] for line in lines], drop_credits=False).lines
    assert kept.count(standfirst) == 1 and kept.count(quote) == 2


DISCLAIMER = ("Examplewire is an automatic aggregator of the world's media. In each article the link to the "
              "source is given. All trademarks belong to their rightful owners. If you are the owner of the "
              "content and do not want us to publish your materials, please write to us.")


def test_aggregator_disclaimer_is_kept_as_evidence():
    draft = text_draft("\n\n".join(["Council meets", *STORY, "https://news.example/2024/05/01/council",
                                     "Ana Ruiz", DISCLAIMER]))
    assert draft.automated and draft.sources["automated"] == "disclaimer"
    disclaimers = [c for c in draft.credits if c.kind == "disclaimer"]
    assert [(c.text, c.names) for c in disclaimers] == [
        ("Examplewire is an automatic aggregator of the world's media.", ("Examplewire",))]
    assert draft.site_name == "Examplewire" and not any("aggregator" in p for p in draft.paragraphs)


@pytest.mark.parametrize(("line", "sentence"), [
    (DISCLAIMER, "Examplewire is an automatic aggregator of the world's media."),
    # no self-naming sentence: the first sentence a disclaimer rule matches
    ("Thanks for reading. All trademarks belong to their rightful owners, all materials to their authors.",
     "All trademarks belong to their rightful owners, all materials to their authors."),
])
def test_disclaimer_sentence_is_the_one_that_says_automated(line, sentence):
    assert disclaimer_sentence(line) == sentence


def test_a_long_disclaimer_sentence_is_cut_at_a_word():
    kept = disclaimer_sentence("Examplewire is an automatic aggregator " + "of news and views " * 30 + ".")
    assert kept.startswith("Examplewire is an automatic aggregator of news") and kept.endswith(" …")
    assert len(kept) <= DISCLAIMER_CHARS + 2


def _page(text: str, **hints: str) -> FetchedDocument:
    return FetchedDocument(url="https://news.example/2024/05/01/council", body=text.encode("utf-8"),
                           content_type="text/plain", hints=hints)


def test_byline_in_the_text_fills_the_authors_with_their_source():
    article = extract_article(_page("\n\n".join(["Council meets", "By JANE ROE and JOHN DOE Associated Press",
                                                 *STORY])))
    assert article.authors == ("Jane Roe", "John Doe") and article.field_sources["authors"] == "byline"
    assert [w.agency for w in article.wire] == ["AP"]
    assert not any(p.startswith("By ") for p in article.paragraphs)


def test_credit_line_reporters_are_the_authors_when_there_is_no_byline():
    credit = "Roe reported from Kyiv, Ukraine. Jane Doe reported from Brussels."
    article = extract_article(_page("\n\n".join(["Council meets", *STORY, credit])))
    assert article.authors == ("Roe", "Jane Doe") and article.field_sources["authors"] == "credit"
    assert credit not in article.paragraphs


def test_no_byline_or_credit_means_no_authors():
    article = extract_article(_page("\n\n".join(["Council meets", *STORY])))
    assert article.authors == () and "authors" not in article.field_sources


def test_feed_author_fills_the_gap_and_a_page_byline_beats_it():
    plain = extract_article(_page("\n\n".join(["Council meets", *STORY]), author="Ana Ruiz"))
    assert plain.authors == ("Ana Ruiz",) and plain.field_sources["authors"] == "feed"
    bylined = extract_article(_page("\n\n".join(["Council meets", "By Jane Roe", *STORY]), author="Ana Ruiz"))
    assert bylined.authors == ("Jane Roe",) and bylined.field_sources["authors"] == "byline"
    assert bylined.field_sources["authors.feed"] == "differs"
