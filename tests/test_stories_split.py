"""A grown story that mixes two events is split automatically (stand-in pair model over the terms)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from newsloom.model import Article
from newsloom.store.articles import ArticleStore
from newsloom.store.stories import StoryStore
from newsloom.stories import ClusterConfig, Decision, StoryClusterer, StoryService
from newsloom.stories.features import ArticleFeatures
from newsloom.stories.split import propose_split, split_due
from newsloom.stories.state import Vocabulary
from test_stories_rejoin import _art, _terms_model  # the same stand-in pair model over the terms

NOW = datetime(2024, 3, 5, 12, tzinfo=UTC)
QUAKE = ["quake", "qeshm", "island", "iran", "rescuers"]
BUDGET = ["budget", "parliament", "osterland", "pensions", "vote"]


def _dated(aid: str, words: list[str]) -> ArticleFeatures:
    """A stand-in article published at NOW: a dated story may be split (an undated one is left whole)."""
    return replace(_art(aid, words), published=NOW)


def _mixed(art=_dated) -> list[ArticleFeatures]:
    return [art(f"q{i}", QUAKE + [f"q{i}x"]) for i in range(5)] + \
        [art(f"b{i}", BUDGET + [f"b{i}x"]) for i in range(4)]


def _vocab(feats) -> Vocabulary:
    vocab = Vocabulary()
    for f in feats:
        vocab.add(f)
    return vocab


@pytest.mark.parametrize("size,checked,due", [(8, 0, False), (9, 0, True), (13, 9, False), (14, 9, True),
                                              (20, 14, False), (21, 14, True), (22, 0, False)])
def test_split_checks_run_at_geometric_sizes(size, checked, due):
    assert split_due(size, checked) is due


def test_two_events_split_and_one_event_stays_whole():
    feats = _mixed()
    cfg = ClusterConfig()
    assert propose_split(feats, _vocab(feats), cfg, _terms_model()) == [5, 6, 7, 8]
    whole = [_dated(f"q{i}", QUAKE + [f"q{i}x"]) for i in range(7)]
    assert propose_split(whole, _vocab(whole), cfg, _terms_model()) is None


def test_an_undated_story_is_left_whole():
    undated = _mixed(_art)  # nothing places these reports in time
    assert propose_split(undated, _vocab(undated), ClusterConfig(), _terms_model()) is None
    one_dated = [*undated[:-1], replace(undated[-1], years=(2024,))]  # a year written in one member's text
    assert propose_split(one_dated, _vocab(one_dated), ClusterConfig(), _terms_model()) == [5, 6, 7, 8]


def test_two_members_apart_are_not_a_second_event():
    feats = [_dated(f"q{i}", QUAKE + [f"q{i}x"]) for i in range(5)] + [_dated(f"b{i}", BUDGET) for i in range(2)]
    assert propose_split(feats, _vocab(feats), ClusterConfig(), _terms_model()) is None  # parts under 3


def _forced_story(decisions=()) -> StoryClusterer:
    """Copies forced into the story of q0 make one story of two events."""
    clusterer = StoryClusterer(ClusterConfig(), model=_terms_model(), decisions=decisions)
    for f in _mixed():
        clusterer.assign(f, copy_of=None if f.article_id == "q0" else "q0")
    return clusterer


def test_clusterer_splits_a_due_story_and_records_it():
    clusterer = _forced_story()
    due = clusterer.take_split_due()
    assert len(due) == 1 and clusterer.stories[due[0]].size == 9
    moved = clusterer.auto_split(due[0], _mixed())
    assert moved == ("b0", "b1", "b2", "b3")
    (sid, new_id, ids), = clusterer.auto_splits
    assert sid == due[0] and ids == moved
    members = clusterer.story_ids()
    assert {members[a] for a in ("q0", "q1", "q2", "q3", "q4")} == {sid} and {members[a] for a in moved} == {new_id}


def test_user_merged_articles_are_never_auto_split():
    merge = Decision("merge", "sx", "sy", tuple(f.article_id for f in _mixed()), ())
    clusterer = _forced_story([merge])
    for sid in clusterer.take_split_due():
        assert clusterer.auto_split(sid, _mixed()) == ()
    assert clusterer.auto_splits == []


class _Store(StoryStore, ArticleStore):
    pass


def test_service_persists_auto_split_across_restart(tmp_path):
    store = _Store(tmp_path / "s.db")
    service = StoryService(store)
    service.clusterer.model = _terms_model()
    for f in _mixed():
        art = Article(id=f.article_id, title=f.title, text=" ".join(f.terms), published=NOW)
        store.put_article(art)
        service.process(art, now=NOW, features=f, copy_of=None if f.article_id == "q0" else "q0")
    quake, budget = store.story_of("q0"), store.story_of("b0")
    assert quake != budget
    assert store.story_article_ids(budget) == ["b0", "b1", "b2", "b3"]
    assert store.assignment_of("b1").reason == f"auto-split:{quake}"
    assert store.get_story(budget).article_ids == ("b0", "b1", "b2", "b3")
    assert store.get_story(quake).article_ids == ("q0", "q1", "q2", "q3", "q4")
    again = StoryService(store).clusterer.story_ids()
    assert again["b2"] == budget and again["q2"] == quake
