"""The text-page cleaner and the line cleaner on small hand-written pages."""

from __future__ import annotations

from newsloom.extract.lines import clean_blocks
from newsloom.extract.textpage import clean_page_text, text_draft

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
