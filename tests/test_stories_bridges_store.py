"""Bridge counts (articles that each bridged the same two stories) live in the store: evidence that two
stories report one event accumulates across a restart, another process's writes and a re-cluster."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newsloom.model import Article
from newsloom.store.articles import ArticleStore
from newsloom.store.stories import StoryStore
from newsloom.stories import StoryService
from newsloom.stories.decide import PairModel
from test_stories_rejoin import _art, _terms_model  # the stand-in pair model over the terms

NOW = datetime(2024, 3, 5, 12, tzinfo=UTC)
LEFT, RIGHT = ["teixeira", "angels", "offer", "eight"], ["sabathia", "yankees", "deal", "seven"]


class _Store(StoryStore, ArticleStore):
    pass


@pytest.fixture(autouse=True)
def _stand_in_model(monkeypatch):
    """Every clusterer (on load, restart and re-cluster) decides with the stand-in model."""
    monkeypatch.setattr(PairModel, "load", classmethod(lambda cls, path=None: _terms_model()))


def _service(store) -> StoryService:
    return StoryService(store)


def _put(service: StoryService, store, aid: str, words: list[str], at: datetime = NOW) -> str:
    f = _art(aid, words)
    art = Article(id=aid, title=aid, text=" ".join(words), published=at)
    store.put_article(art)
    return service.process(art, now=at, features=f).story_id


def _two_stories(service: StoryService, store) -> tuple[str, str]:
    for i in range(20):  # other news, so that the story words are rare
        _put(service, store, f"f{i}", [f"w{i}", f"v{i}", "common"])
    for aid, words in (("l1", LEFT), ("r1", RIGHT), ("l2", LEFT), ("r2", RIGHT)):
        _put(service, store, aid, words)
    left, right = store.story_of("l1"), store.story_of("r1")
    assert left != right
    return left, right


def _bridge(service: StoryService, store, k: int) -> str:
    """An article that joins the left story and is moderately likely in the right one (a bridge)."""
    return _put(service, store, f"b{k}", LEFT + RIGHT[:3] + [f"n{k}"])


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _bridged_twice(tmp_path) -> tuple[_Store, StoryService, str, str]:
    """A store and its service after two stories and two articles bridging them (one short of a merge)."""
    store = _Store(tmp_path / "s.db")
    service = _service(store)
    left, right = _two_stories(service, store)
    _bridge(service, store, 0)
    _bridge(service, store, 1)
    return store, service, left, right


def test_bridges_accumulate_across_a_restart(tmp_path):
    store, _service_before, left, right = _bridged_twice(tmp_path)
    assert store.story_of("r1") == right != left  # two bridges: not yet
    assert store.bridges_of([left]) == [(*_pair(left, right), 2)]
    again = _service(store)  # a restart: the third bridge completes the evidence
    assert again.clusterer.bridges() == [(*_pair(left, right), 2)]
    _bridge(again, store, 2)
    assert store.story_of("r1") == store.story_of("l1") == left
    assert store.story_alias(right) == left
    assert store.bridges_of([left, right]) == []  # the merged-away story's counts are gone


def test_another_process_sees_the_bridges_before_it_writes(tmp_path):
    store = _Store(tmp_path / "s.db")
    two = _service(store)  # opened before the other process writes anything
    store, _one, left, right = _bridged_twice(tmp_path)
    assert two.catch_up()
    assert two.clusterer.bridges() == [(*_pair(left, right), 2)]
    _bridge(two, store, 2)
    assert store.story_of("r1") == left


def test_a_closed_story_takes_its_bridges_with_it(tmp_path):
    store, service, left, right = _bridged_twice(tmp_path)
    service.clusterer.stories[right].last_update = NOW - timedelta(days=30)
    assert service.close_stale(NOW) == [right]
    assert store.bridges_of([left, right]) == [] and service.clusterer.bridges() == []


def test_a_recluster_stores_the_bridges_it_counted(tmp_path):
    store, service, left, right = _bridged_twice(tmp_path)
    service.recluster(now=NOW)
    left, right = store.story_of("l1"), store.story_of("r1")
    assert left != right
    assert store.bridges_of([left]) == [(*_pair(left, right), 2)]
    _bridge(service, store, 2)  # the re-run's clusterer goes on storing what it counts
    assert store.story_of("r1") == left


def test_a_takedown_of_a_member_starts_the_counts_again(tmp_path):
    store, service, left, right = _bridged_twice(tmp_path)
    store.delete_article("b0")  # the store's part of a takedown
    service.forget_articles(["b0"], now=NOW)
    assert store.bridges_of([left, right]) == [] and service.clusterer.bridges() == []
    again = _service(store)
    assert again.clusterer.bridges() == []  # a restart does not bring them back either
