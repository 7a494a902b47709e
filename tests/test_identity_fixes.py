"""Story headline and summary: machine rewrites stay out of the summary, titles are not repeated as
summary sentences, a long summary is cut at a word and marked, and a headline is never empty."""

from __future__ import annotations

from itertools import permutations

from newsloom.model import Article
from newsloom.stories.identity import describe, headline, summary
from test_stories_identity import _story

OWN = ("The harbour authority said on Monday that container traffic rose by a tenth in the first quarter. "
       "Officials expect the harbour to stay busy through the summer, the authority said.")
# the rewrite tells another story, in words it repeats (so its sentences are the most central ones)
SPUN = ("Dockworkers blockaded the harbour quay and turned container ships away, dockworkers said.\n\n"
        + "Dockworkers kept the quay blockaded and container ships waited at the harbour. " * 3)


def test_the_summary_skips_machine_rewritten_members():
    spun = Article(id="a1", title="Harbour blockade", text=SPUN, automated=True)
    own = Article(id="a2", title="Port volumes climb", text=OWN)
    story, vocab = _story(spun, own)
    text = summary(story, vocab)
    assert "ockworkers" not in text  # the rewrite's sentences are the most central, and left out
    assert text == " ".join(story.leads["a2"])
    story, vocab = _story(spun)  # only machine copies: they still make a summary
    assert "Dockworkers" in summary(story, vocab)


def test_a_long_summary_is_cut_at_a_word_and_marked():
    long_sentence = ("The harbour authority said container traffic rose again " + "and again " * 30
                     + "in the quarter.")
    other = ("Officials at the harbour expect container traffic to keep rising through the summer months "
             "while " + "the cranes work " * 15 + "all night.")
    story, vocab = _story(Article(id="a1", title="Harbour traffic rises", text=f"{long_sentence}\n\n{other}"))
    for max_chars in (500, 300, 120, 61):
        text = summary(story, vocab, max_chars=max_chars)
        assert 0 < len(text) <= max_chars, max_chars
        if text.endswith(" …"):
            cut = text.removesuffix(" …")
            joined = [f"{a} {b} ".lstrip() for a, b in permutations(("", *story.leads["a1"]), 2)]
            assert any(j.startswith(cut + " ") for j in joined), max_chars  # a whole word before the cut
        else:  # whole sentences only
            assert text.endswith("."), max_chars
    assert all(len(sent) < 400 for sent in story.leads["a1"])


def test_a_lead_sentence_cut_at_its_length_limit_is_marked_in_the_summary():
    # lead sentences are kept to 400 characters, which may cut one inside a word
    endless = "Officials at the harbour said " + "container traffic kept rising " * 20 + "all year."
    story, vocab = _story(Article(id="a1", title="Harbour traffic rises", text=endless))
    (lead,) = story.leads["a1"]
    assert len(lead) == 400 and not lead.endswith(".")
    text = summary(story, vocab)
    assert text.endswith(" …") and len(text) <= 400
    cut = text.removesuffix(" …")
    assert endless.startswith(cut + " ")  # whole words only


def test_no_summary_sentence_repeats_a_title_or_the_headline():
    # a page whose body opens with its own title, in words the rest of the story repeats
    title = "Container traffic hits record levels at the harbour"
    body = (f"{title}.\n\nPort officials counted more ships than in any year before, officials said. "
            "Record container traffic levels at the harbour were also seen last spring, when traffic hit new "
            "levels.")
    story, vocab = _story(Article(id="a1", title=title, text=body), Article(id="a2", title="Port busy", text=OWN))
    assert headline(story, vocab) == title
    text = summary(story, vocab)
    assert text and not text.startswith(title) and f"{title}." not in text
    assert describe(story, vocab).summary == text
    # the same, with the title shouted and another member's title as the repeat
    loud = Article(id="a1", title="Port busy again", text=body.replace(f"{title}.", title.upper() + "!"))
    story, vocab = _story(loud, Article(id="a2", title=title, text=OWN))
    text = summary(story, vocab)
    assert text and title.upper() not in text and title not in text


def test_the_headline_falls_back_to_a_member_title_then_to_the_summary_never_empty():
    untitled = Article(id="a1", title="", text=OWN)
    titled = Article(id="a2", title="Port volumes climb", text=OWN)
    story, vocab = _story(untitled, titled)
    assert headline(story, vocab) == "Port volumes climb"
    # an automated member's title before no title at all
    story, vocab = _story(untitled, Article(id="a3", title="Harbour traffic falls", text=SPUN, automated=True))
    assert headline(story, vocab) == "Harbour traffic falls"
    story, vocab = _story(Article(id="a1", title="  ", text=OWN))
    head = headline(story, vocab)
    assert head and len(head) <= 120
    lead = story.leads["a1"]
    assert any(s.startswith(head.removesuffix(" …")) for s in lead)
    assert describe(story, vocab).title == head and head not in describe(story, vocab).summary.split(". ")
    story, vocab = _story(Article(id="a1", title="", text="Too short."))
    assert headline(story, vocab)  # nothing to quote: still not empty
    assert describe(story, vocab).title
