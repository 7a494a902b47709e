"""Story identity: the headline comes from a member that is not a machine republication."""

from __future__ import annotations

from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.model import Article
from newsloom.stories import featurize
from newsloom.stories.features import features_from_blob, features_to_blob
from newsloom.stories.identity import headline
from newsloom.stories.state import StoryState, Vocabulary
from newsloom.stories.text import sentences

BODY = ("The harbour authority said on Monday that container traffic rose by a tenth in the first quarter. "
        "Officials expect the harbour to stay busy through the summer, the authority said.")


def _story(*articles: Article) -> tuple[StoryState, Vocabulary]:
    vocab, story = Vocabulary(), StoryState("s1")
    for a in articles:
        f = featurize(a)
        vocab.add(f)
        story.add(f)
    story.refresh(vocab)
    return story, vocab


def test_the_headline_skips_a_machine_rewritten_title():
    # the rewritten title repeats the story's words, so it is the most central one
    spun = Article(id="a1", title="Harbour container traffic harbour authority container traffic rises",
                   text=BODY, automated=True)
    own = Article(id="a2", title="Port volumes climb", text=BODY)
    story, vocab = _story(spun, own)
    assert story.automated == ("a1",)
    assert headline(story, vocab) == "Port volumes climb"
    story, vocab = _story(spun)
    assert headline(story, vocab) == spun.title  # only machine copies: still a headline


def test_the_flag_survives_the_store_blob():
    f = featurize(Article(id="a1", title="t", text=BODY, automated=True))
    assert f.automated and features_from_blob(features_to_blob(f)).automated
    g = featurize(Article(id="a2", title="t", text=BODY))
    assert not features_from_blob(features_to_blob(g)).automated


def test_seed_story_is_titled_by_a_primary_source(tmp_path, seeds_dir):
    nl = open_newsloom(Settings(data_dir=tmp_path))
    try:
        for path in sorted(seeds_dir.iterdir()):
            assert all(r.ok for r in nl.ingest_file(path))
        (story,) = [s for s in nl.store.list_stories(limit=0) if len(s.article_ids) == 2]
        arts = nl.store.get_articles(story.article_ids)
        assert [a.automated for a in arts].count(True) == 1
        assert story.title == next(a.title for a in arts if not a.automated)
        (own,) = [a for a in arts if not a.automated]
        (spun,) = [a for a in arts if a.automated]
        assert story.summary  # and it quotes the primary source only, never the machine rewrite's spin
        for sent in sentences(story.summary.removesuffix(" …")):
            assert sent in own.text and sent not in spun.text, sent
    finally:
        nl.close()


def test_the_summary_quotes_only_what_the_publisher_lets_us_show():
    from newsloom.policy import display_text
    from newsloom.stories.identity import summary

    long_body = " ".join(f"Sentence {i} of the harbour report says that container traffic rose again in the "
                         f"quarter, the authority said." for i in range(40))
    for robots in (("noarchive",), ("max-snippet:120",), ("nosnippet",)):
        art = Article(id="a1", title="Harbour traffic rises", text=long_body, robots=robots)
        shown, shortened = display_text(art)
        assert shortened
        story, vocab = _story(art)
        text = summary(story, vocab)
        assert all(sentence in shown for sentence in story.leads["a1"]), robots
        assert text.replace(" …", "") in shown.replace(" …", ""), robots
        f = featurize(art)
        assert f.lead_terms and f.lead_entities == featurize(Article(id="a2", title=art.title, text=long_body)).lead_entities


def test_new_clusters_take_the_old_ids_they_overlap_most():
    from newsloom.stories.decisions import story_id_for
    from newsloom.stories.identity import carry_ids

    old_of = {"a": "S", "b": "S", "c": "S", "d": "T", "e": "T", "g": "U"}
    new_of = {"a": "X", "b": "X", "c": "Y", "d": "Y", "e": "Y", "f": "Z", "g": "S"}
    # X shares 2 with S, Y 2 with T (and 1 with S), the cluster named S shares only g with U: each old id once
    assert carry_ids(new_of, old_of, ["X", "Y", "Z", "S"]) == {"X": "S", "Y": "T", "Z": "Z", "S": "U"}
    # a tie goes to the cluster already named like the old story, else to the earlier cluster
    assert carry_ids({"a": "P", "b": "S"}, {"a": "S", "b": "S"}, ["P", "S"]) == {"P": "P", "S": "S"}
    assert carry_ids({"a": "P", "b": "Q"}, {"a": "S", "b": "S"}, ["P", "Q"]) == {"P": "S", "Q": "Q"}
    # the larger part of S keeps S; the part that was named S (its first article's id) gets a derived one
    assert carry_ids({"a": "S", "b": "X", "c": "X"}, {"a": "S", "b": "S", "c": "S"}, ["S", "X"]) == \
        {"X": "S", "S": story_id_for("S")}
    # a new story that continues none never takes an old story's id, even one no new story continues
    assert carry_ids({"a": "S", "b": "P"}, {"a": "P", "b": "P"}, ["S", "P"], reserved={"S"}) == \
        {"P": "P", "S": story_id_for("S")}


def test_story_tags_leave_out_contractions_and_names_run_together():
    from collections import Counter

    from newsloom.stories.tags import shown_entities

    counts = Counter({"i'm": 9, "washington the supreme court": 8, "wal mart": 7, "the hague": 6, "o'brien": 5,
                      "we're": 4, "ruth bader ginsburg": 3})
    assert shown_entities(counts) == ("wal mart", "the hague", "o'brien", "ruth bader ginsburg")
    assert shown_entities(counts, n=2) == ("wal mart", "the hague")
