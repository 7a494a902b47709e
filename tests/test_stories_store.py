"""Stories persisted in the store: assignments, merge/split decisions across restarts and re-runs."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from newsloom.errors import NotFoundError
from newsloom.model import Article
from newsloom.store.articles import ArticleStore
from newsloom.store.stories import StoryStore
from newsloom.stories import StoryClusterer, StoryService

NOW = datetime(2024, 3, 5, 12, tzinfo=UTC)


class _Store(StoryStore, ArticleStore):
    pass


def _quake(i: int) -> Article:
    return Article(id=f"q{i}", title=f"Magnitude 6.1 earthquake strikes Ridgeford valley, report {i}",
                   text="A magnitude 6.1 earthquake struck the Ridgeford valley on Monday, March 4, 2024, "
                        "collapsing the Harlow bridge and killing 12 people, the Ridgeford fire service said. "
                        f"Rescuers from Harlow searched rubble overnight. Update number {i}.",
                   source=f"outlet{i % 3}", published=NOW + timedelta(hours=i))


def _budget(i: int) -> Article:
    return Article(id=f"b{i}", title=f"Parliament of Osterland passes austerity budget, vote {i}",
                   text="The Osterland parliament approved finance minister Clara Veit's austerity budget "
                        "on Tuesday, March 5, 2024, cutting pensions by 3 percent after a 14-hour debate. "
                        f"Unions in Osterburg called a general strike. Report {i}.",
                   source=f"paper{i % 2}", published=NOW + timedelta(hours=i))


def _ingest(service: StoryService, store, articles) -> dict[str, str]:
    out = {}
    for art in articles:
        store.put_article(art)
        out[art.id] = service.process(art, now=art.published).story_id
    return out


@pytest.fixture
def db(tmp_path):
    return tmp_path / "news.sqlite"


def test_stream_groups_events_and_explains(db):
    store = _Store(db)
    got = _ingest(StoryService(store), store, [_quake(0), _budget(0), _quake(1), _budget(1), _quake(2)])
    assert got["q0"] == got["q1"] == got["q2"] != got["b0"] == got["b1"]
    why = store.assignment_of("q2")
    assert why.reason == "similarity" and why.score > 0.3
    assert "ridgeford" in why.shared_terms and why.shared_entities
    story = store.get_story(got["q0"])
    assert story.article_ids == ("q0", "q1", "q2") and story.n_sources == 3
    assert "earthquake" in story.title.lower() and "Ridgeford" in story.summary
    assert next(s.id for s in store.list_stories()) == got["q0"]  # updated last


def test_copy_joins_its_originals_story(db):
    store = _Store(db)
    service = StoryService(store)
    story = _ingest(service, store, [_quake(0), _budget(0)])["q0"]
    odd = Article(id="copy", title="Totally different words", text="Nothing in common here at all whatsoever.",
                  published=NOW)
    got = service.process(odd, now=NOW, copy_of="q0")
    assert got.story_id == story and got.reason == "copy-of:q0"


def test_merge_survives_restart_and_rerun(db):
    store = _Store(db)
    service = StoryService(store)
    got = _ingest(service, store, [_quake(0), _budget(0)])
    a, b = got["q0"], got["b0"]
    assert a != b
    merged = service.merge(a, b, now=NOW)
    assert set(merged.article_ids) == {"q0", "b0"} and store.story_of("b0") == a
    with pytest.raises(NotFoundError):
        store.get_story(b)
    store.close()
    store = _Store(db)
    service = StoryService(store)  # restart
    later = _ingest(service, store, [_budget(1)])
    assert later["b1"] == a  # joins b0, which lives in the merged story
    assert service.recluster(now=NOW) == 3
    assert store.story_of("q0") == store.story_of("b0") == a


def test_split_survives_restart_and_rerun(db):
    store = _Store(db)
    service = StoryService(store)
    got = _ingest(service, store, [_quake(0), _quake(1), _quake(2)])
    story = got["q0"]
    new = service.split(story, ["q2"], now=NOW)
    assert new.article_ids == ("q2",) and store.story_of("q2") == new.id
    assert store.get_story(story).article_ids == ("q0", "q1")
    store.close()
    store = _Store(db)
    service = StoryService(store)  # restart: q2 keeps its own story
    assert service.clusterer.members["q2"] == new.id != service.clusterer.members["q0"]
    later = _ingest(service, store, [_quake(3)])
    assert later["q3"] in {story, new.id}
    service.recluster(now=NOW)  # re-run: q2 is never re-added to the articles it was split from
    assert store.story_of("q2") == new.id != store.story_of("q0") == store.story_of("q1") == story


def test_split_rejects_foreign_articles(db):
    store = _Store(db)
    service = StoryService(store)
    got = _ingest(service, store, [_quake(0), _quake(1), _budget(0)])
    with pytest.raises(NotFoundError):
        service.split(got["q0"], ["b0"], now=NOW)
    with pytest.raises(NotFoundError):
        service.merge(got["q0"], "s-missing", now=NOW)


def test_takedown_removes_membership(db):
    store = _Store(db)
    service = StoryService(store)
    got = _ingest(service, store, [_quake(0), _quake(1)])
    store.delete_article("q1")
    assert store.story_of("q1") is None and store.assignment_of("q1") is None
    assert store.get_story(got["q0"]).article_ids == ("q0",)


def test_quiet_story_is_closed(db):
    store = _Store(db)
    service = StoryService(store)
    sid = _ingest(service, store, [_quake(0)])["q0"]
    assert service.close_stale(NOW + timedelta(days=30)) == [sid]
    assert store.get_story(sid).closed
    late = _quake(5)
    store.put_article(late)
    got = StoryService(store).process(late, now=NOW + timedelta(days=30))
    assert got.story_id != sid and got.new_story


def test_load_rebuilds_open_stories(db):
    store = _Store(db)
    service = StoryService(store)
    _ingest(service, store, [_quake(0), _budget(0), _quake(1)])
    again = StoryClusterer.load(store)
    assert again.story_ids() == service.clusterer.story_ids()
    assert again.vocab.n_docs == 3


def _dates(store) -> dict:
    """Every stored story by id: its articles, dates and closed flag."""
    return {s.id: (s.article_ids, s.first_seen, s.last_updated, s.closed) for s in store.list_stories(limit=0)}


def test_recluster_keeps_the_id_of_a_story_whose_first_article_was_split_off(db):
    store = _Store(db)
    service = StoryService(store)
    got = _ingest(service, store, [_quake(0), _budget(0), _quake(1), _quake(2)])
    story = got["q0"]
    new = service.split(story, ["q0"], now=NOW + timedelta(days=1))  # the story's first article leaves
    assert store.story_article_ids(story) == ["q1", "q2"]
    before = _dates(store)
    for again in range(2):  # a re-cluster, then a restart and another one
        service.recluster(now=NOW + timedelta(days=2 + again))
        assert store.story_of("q1") == store.story_of("q2") == story  # old links still answer
        assert store.get_story(story).article_ids == ("q1", "q2")
        assert store.story_of("q0") == new.id and store.get_story(new.id).article_ids == ("q0",)
        assert store.assignment_of("q1").story_id == story  # the explanation row names it too
        assert _dates(store) == before
        store.close()
        store = _Store(db)
        service = StoryService(store)
        assert service.clusterer.members["q2"] == story and service.clusterer.members["q0"] == new.id


def test_recluster_of_an_unchanged_store_changes_no_story(db):
    store = _Store(db)
    service = StoryService(store)
    got = _ingest(service, store, [_quake(0), _budget(0), _quake(1), _budget(1), _quake(2)])
    members = {a: store.story_of(a) for a in got}
    stories = {s.id: s for s in store.list_stories(limit=0)}
    assert service.recluster(now=NOW + timedelta(days=3)) == 5
    assert {a: store.story_of(a) for a in got} == members
    assert {s.id: s for s in store.list_stories(limit=0)} == stories  # ids, dates, headlines: all as they were
    store.close()
    with sqlite3.connect(db) as conn:  # a store from before ingest times were recorded
        conn.execute("UPDATE story_features SET added_at = NULL")
    conn.close()
    store = _Store(db)
    StoryService(store).recluster(now=NOW + timedelta(days=4))
    assert {s.id: s for s in store.list_stories(limit=0)} == stories


def test_recluster_keeps_closed_stories_closed(db):
    store = _Store(db)
    service = StoryService(store)
    _ingest(service, store, [_quake(0), _budget(0), _quake(1)])
    assert len(service.close_stale(NOW + timedelta(days=30))) == 2
    before = _dates(store)
    service.recluster(now=NOW + timedelta(days=31))
    assert _dates(store) == before and all(closed for *_, closed in before.values())
    assert service.clusterer.stories == {}  # as after a restart: closed stories are not in memory


def test_merge_then_recluster_keeps_the_kept_story_and_its_dates(db):
    store = _Store(db)
    service = StoryService(store)
    got = _ingest(service, store, [_budget(0), _quake(0), _quake(1)])
    a, b = got["q0"], got["b0"]  # the kept story was started after the absorbed one
    merged = service.merge(a, b, now=NOW + timedelta(days=1))
    service.recluster(now=NOW + timedelta(days=2))
    assert {store.story_of(x) for x in ("b0", "q0", "q1")} == {a}
    assert {store.assignment_of(x).story_id for x in ("b0", "q0", "q1")} == {a}
    story = store.get_story(a)
    assert set(story.article_ids) == {"b0", "q0", "q1"}
    assert (story.first_seen, story.last_updated) == (merged.first_seen, NOW + timedelta(days=1))
    with pytest.raises(NotFoundError):
        store.get_story(b)


def test_recluster_dates_a_changed_story_by_its_members_not_by_the_clock(db):
    store = _Store(db)
    service = StoryService(store)
    sid = _ingest(service, store, [_quake(0)])["q0"]
    service.close_stale(NOW + timedelta(days=30))
    late = _quake(5)
    store.put_article(late)
    later = StoryService(store).process(late, now=NOW + timedelta(days=30))
    assert later.story_id != sid
    # a re-run sees no closed story: q5 (published hours after q0) joins it, which keeps q0's id
    StoryService(store).recluster(now=NOW + timedelta(days=40))
    story = store.get_story(sid)
    assert story.article_ids == ("q0", "q5") and not story.closed
    assert story.first_seen == NOW and story.last_updated == NOW + timedelta(days=30)  # q5 was taken in then


def test_recluster_lets_a_copy_join_its_original_directly_as_ingest_did(tmp_path):
    from newsloom.config import Settings
    from newsloom.core import open_newsloom
    from newsloom.model import FetchedDocument

    text = ("<p>The harbour authority of Port Elsworth said on Monday that shipping traffic rose by a tenth in "
            "the first quarter, with container volumes at a record high for the season.</p><p>Officials expect "
            "growth to continue through the summer, the authority added in its statement on Monday.</p><p>Dock "
            "workers at Port Elsworth said the new cranes installed in January doubled the unloading speed.</p>")

    def page(title: str) -> bytes:
        return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{text}</article></body></html>".encode()

    nl = open_newsloom(Settings(data_dir=tmp_path / "home"))
    try:
        for url, title in (("https://first.example.org/a", "Port Elsworth shipping traffic hits a record"),
                           ("https://second.example.net/c", "Port Elsworth harbour has a record quarter")):
            assert all(r.ok for r in nl.ingest_documents([FetchedDocument(url=url, body=page(title))]))
        ids = {a.url: a.id for a in nl.articles(limit=0)}
        original, copy = ids["https://first.example.org/a"], ids["https://second.example.net/c"]
        before = nl.store.assignment_of(copy)
        assert before.reason == f"copy-of:{original}"  # the premise: ingest joined it as a copy
        assert nl.recluster() == 2
        after = nl.store.assignment_of(copy)
        assert after.reason == f"copy-of:{original}" and after.story_id == before.story_id
        assert nl.store.story_of(original) == before.story_id
    finally:
        nl.close()
