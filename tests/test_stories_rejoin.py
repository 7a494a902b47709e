"""An article that bridges two stories: a one-article story's article is decided again against the story
that grew, and two grown stories merge when the article is likely enough in the second one too."""

from __future__ import annotations

import numpy as np
import pytest

from newsloom.model import Article
from newsloom.stories import ClusterConfig, Decision, StoryClusterer, featurize
from newsloom.stories.decide import FEATURES, PairModel, pair_features
from newsloom.stories.features import ArticleFeatures
from newsloom.stories.scoring import article_query, score
from newsloom.stories.state import StoryState, Vocabulary, sole_member


def _art(aid: str, words: list[str]) -> ArticleFeatures:
    return ArticleFeatures(article_id=aid, title=aid, terms={w: 1.0 for w in words}, entity_words={})


def _terms_model() -> PairModel:
    """A stand-in pair model: the probability rises with the terms cosine only (0.3 at about 0.37)."""
    coef = np.zeros(len(FEATURES))
    coef[0] = 10.0
    return PairModel(np.zeros(len(FEATURES)), np.ones(len(FEATURES)), coef, -4.5)


QUAKE = ["quake", "qeshm", "island", "iran"]
VILLAGES = ["qeshm", "dargahan", "villages", "killed"]


def _stream(decisions=()) -> tuple[StoryClusterer, list]:
    clusterer = StoryClusterer(ClusterConfig(), model=_terms_model(), decisions=decisions)
    for i in range(20):  # other news, so that the quake words are rare
        clusterer.assign(_art(f"f{i}", [f"w{i}", f"v{i}", "common"]))
    steps = []
    for aid, words in (("a1", QUAKE), ("x", VILLAGES), ("a2", QUAKE + ["dargahan"]),
                       ("a3", QUAKE + ["dargahan", "villages"])):
        steps.append((clusterer.assign(_art(aid, words)), list(clusterer.auto_merges)))
    return clusterer, steps


def test_singleton_rejoins_the_story_a_bridging_article_joins():
    clusterer, steps = _stream()
    (a1, _), (x, _), (_a2, after_a2), (a3, after_a3) = steps
    assert x.new_story and x.story_id != a1.story_id
    assert after_a2 == []  # a2 is not likely enough in x's story to bridge the two
    assert after_a3 == [(x.story_id, a1.story_id)]  # a3 joins a1's story and would have joined x's too
    assert clusterer.story_ids()["x"] == a3.story_id == a1.story_id
    assert x.story_id not in clusterer.stories


def _bridge(merge_probability: float) -> tuple[StoryClusterer, list]:
    clusterer = StoryClusterer(ClusterConfig(merge_probability=merge_probability), model=_terms_model())
    for i in range(20):
        clusterer.assign(_art(f"f{i}", [f"w{i}", f"v{i}", "common"]))
    left, right = ["teixeira", "angels", "offer", "eight"], ["sabathia", "yankees", "deal", "seven"]
    steps = [clusterer.assign(_art(aid, words)) for aid, words in
             (("l1", left), ("r1", right), ("l2", left), ("r2", right))]
    steps.append(clusterer.assign(_art("both", left + right)))
    return clusterer, steps


def test_grown_stories_merge_when_an_article_is_likely_in_both():
    clusterer, (l1, r1, l2, r2, both) = _bridge(0.8)
    assert l1.new_story and r1.new_story and l2.story_id == l1.story_id and r2.story_id == r1.story_id
    assert len(clusterer.auto_merges) == 1  # two-article stories: not the one-article rejoin
    assert {clusterer.story_ids()[a] for a in ("l1", "l2", "r1", "r2", "both")} == {both.story_id}


def test_no_merge_below_the_merge_probability():
    clusterer, (l1, r1, _l2, _r2, both) = _bridge(0.97)  # the bridge is about 0.93 likely in each
    ids = clusterer.story_ids()
    assert clusterer.auto_merges == [] and ids["l1"] != ids["r1"]
    assert both.story_id in (l1.story_id, r1.story_id)


def test_user_split_is_not_undone_by_a_rejoin():
    split = Decision("split", "s-quake", "s-villages", ("x",), ("a1",))
    clusterer, steps = _stream([split])
    assert all(merges == [] for _a, merges in steps)
    assert clusterer.story_ids()["x"] != clusterer.story_ids()["a1"]


def test_similarity_mode_does_not_rejoin():
    clusterer = StoryClusterer(ClusterConfig(learned=False))
    for aid, words in (("a1", QUAKE), ("x", VILLAGES), ("a3", QUAKE + ["dargahan", "villages"])):
        clusterer.assign(_art(aid, words))
    assert clusterer.model is None and clusterer.auto_merges == []


@pytest.mark.parametrize("published", [None, "2013-12-15T08:00:00+00:00"])
def test_sole_member_gives_the_decision_the_same_evidence(published):
    from datetime import datetime

    art = Article(id="t1", title="Turkmenistan votes in two-party election on Dec. 15, 2013",
                  text="Voters in Turkmenistan cast ballots on Sunday for 125 seats. President Gurbanguly "
                       "Berdymukhamedov said 90 percent voted.\n\nThe Central Election Commission in Ashgabat "
                       "counted 2.5 million voters.",
                  published=datetime.fromisoformat(published) if published else None)
    other = Article(id="t2", title="Turkmenistan parliament vote", text="Turkmenistan held a parliamentary "
                    "vote on Sunday, December 14, with 288 candidates for 125 seats in Ashgabat.")
    f, g = featurize(art), featurize(other)
    vocab, single, story = Vocabulary(), StoryState("s1"), StoryState("s2")
    for h in (f, g):
        vocab.add(h)
    single.add(f)
    story.add(g)
    for s in (single, story):
        s.refresh(vocab)
    rebuilt = sole_member(single)
    cfg = ClusterConfig(learned=False)

    def evidence(h):
        q = article_query(h, vocab)
        sc = score(h, q, story, cfg)
        return pair_features(h, story, (sc.terms, sc.entities, sc.lead, sc.embedding), q.lead_idf)

    assert np.allclose(evidence(rebuilt), evidence(f))


def _bridging(config: ClusterConfig, decisions=(), n: int = 3) -> tuple[StoryClusterer, list, tuple[str, str]]:
    """Two grown stories, then ``n`` articles that join the first and are about 0.56, 0.46, 0.39 likely in
    the second (each below the merge probability, each above the bridge probability)."""
    clusterer = StoryClusterer(config, model=_terms_model(), decisions=decisions)
    for i in range(20):
        clusterer.assign(_art(f"f{i}", [f"w{i}", f"v{i}", "common"]))
    left, right = ["teixeira", "angels", "offer", "eight"], ["sabathia", "yankees", "deal", "seven"]
    for aid, words in (("l1", left), ("r1", right), ("l2", left), ("r2", right)):
        clusterer.assign(_art(aid, words))
    before = clusterer.story_ids()
    merges = []
    for k in range(n):
        clusterer.assign(_art(f"b{k}", left + right[:3] + [f"n{k}"]))
        merges.append(list(clusterer.auto_merges))
    return clusterer, merges, (before["l1"], before["r1"])


def test_stories_merge_once_enough_articles_bridge_them():
    clusterer, merges, (left, right) = _bridging(ClusterConfig())  # three bridges by default
    assert left != right
    assert merges[0] == merges[1] == []  # one or two moderate bridges are not enough
    assert merges[2] == [(right, left)]
    ids = clusterer.story_ids()
    assert {ids[a] for a in ("l1", "l2", "r1", "r2", "b0", "b1", "b2")} == {left}
    assert clusterer._bridged == {}  # the merged-away story's bridges are forgotten


def test_bridges_off_or_forbidden_by_a_user_split_merge_nothing():
    clusterer, merges, _ = _bridging(ClusterConfig(bridges=0), n=4)
    assert merges[-1] == [] and clusterer.story_ids()["l1"] != clusterer.story_ids()["r1"]
    split = Decision("split", "s-left", "s-right", ("r1", "r2"), ("l1", "l2"))
    clusterer, merges, _ = _bridging(ClusterConfig(), [split], n=4)
    assert merges[-1] == [] and clusterer.story_ids()["l1"] != clusterer.story_ids()["r1"]


def test_a_closed_story_takes_its_bridges_with_it():
    clusterer, _, (_left, right) = _bridging(ClusterConfig(), n=2)
    assert right in clusterer._bridged
    clusterer.forget(right)
    assert all(right not in row and sid != right for sid, row in clusterer._bridged.items())
    assert clusterer._bridged == {}


def test_an_assignment_keeps_the_probability_that_decided_it():
    clusterer, (l1, r1, l2, _r2, _both) = _bridge(0.97)
    assert l1.probability is None and r1.probability is None  # new, and no open story shared a word
    _, ((_a1, _), (x, _), _, _) = _stream()
    assert x.new_story and x.probability is not None  # a1's story was a candidate, short of the join level
    assert x.probability < clusterer.config.join_probability
    story = clusterer.stories[l1.story_id]
    f = _art("probe", ["teixeira", "angels", "offer", "eight"])
    expected = score(f, article_query(f, clusterer.vocab), story, clusterer.config, clusterer.model).probability
    assert l2.reason == "similarity" and l2.probability >= clusterer.config.join_probability
    assert abs(l2.probability - expected) < 0.1  # the join's own probability, not the weighted similarity
    assert l2.probability != l2.score
