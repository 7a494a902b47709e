"""A store write that fails (a full disk, an I/O error) after the stories stage took the change in memory
must not leave that change behind: the in-memory state is rebuilt from the store before the next write, so
no later story is saved naming an article that is not stored, nor a merge or split that did not happen."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from helpers import HARBOUR, ORCHARD
from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.errors import StorageError
from newsloom.model import FetchedDocument

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
EXTRAS = ("The mayor welcomed the figures at a press conference.",
          "Unions said overtime had doubled since the quay opened.",
          "Shipping lines plan two more weekly calls from May.",
          "A second crane is to arrive before the summer.",
          "Local hauliers said queues at the gate had grown longer.")


def _doc(n: int, body: str = HARBOUR, topic: str = "Port Elsworth") -> FetchedDocument:
    title = f"{topic} report number {n}"
    extra = EXTRAS[n % len(EXTRAS)]
    return FetchedDocument(url=f"https://site{n}.example.org/news/{n}", body=(
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}<p>{extra}</p>"
        f"</article></body></html>").encode())


def _fail_for(monkeypatch, store, method: str, when) -> None:
    original = getattr(store, method)

    def failing(*args, **kwargs):
        if when(*args, **kwargs):
            raise sqlite3.OperationalError("database or disk is full")
        return original(*args, **kwargs)

    monkeypatch.setattr(store, method, failing)


@pytest.fixture
def nl(tmp_path):
    """A store in ``tmp_path`` at NOW, closed after the test."""
    nl = open_newsloom(Settings(data_dir=tmp_path), clock=lambda: NOW)
    yield nl
    nl.close()


def _assert_consistent(nl) -> None:
    """Every stored story names exactly its stored members, every one a stored article; the running
    clusterer holds only stored articles, each in the story the store has it in."""
    store = nl.store
    for story in store.list_stories(limit=0):
        assert list(story.article_ids) == store.story_article_ids(story.id), story.id
        assert all(store.has_article(a) for a in story.article_ids), story.id
    clusterer = nl.pipeline.stories.clusterer
    for aid, sid in clusterer.members.items():
        assert store.has_article(aid), aid
        assert store.story_of(aid) == sid, aid


@pytest.mark.parametrize("method", ["save_trace", "save_assignment"])
def test_an_article_whose_write_failed_leaves_no_ghost_in_its_story(nl, monkeypatch, method):
    first = nl.ingest_documents([_doc(0), _doc(1)])
    assert [r.status for r in first] == ["stored", "stored"]
    failed = _doc(2)
    _fail_for(monkeypatch, nl.store, method, lambda *a, **kw: True)
    (bad,) = nl.ingest_documents([failed])
    assert bad.status == "error" and "disk is full" in bad.message
    assert not nl.store.find_article_ids(url=failed.url)  # rolled back
    monkeypatch.undo()
    later = nl.ingest_documents([_doc(3), _doc(4)])  # they join the story the failed article was put in
    assert [r.status for r in later] == ["stored", "stored"]
    assert first[0].story_id in {r.story_id for r in later}
    _assert_consistent(nl)
    (again,) = nl.ingest_documents([failed])  # delivered again: stored this time
    assert again.status == "stored"
    assert nl.store.story_of(again.article_id) == again.story_id
    _assert_consistent(nl)


def test_a_failed_write_in_the_middle_of_a_batch_leaves_the_rest_for_a_retry(nl, monkeypatch):
    (seed,) = nl.ingest_documents([_doc(0)])
    failed = _doc(1)
    target = []

    def is_target(*args, **kwargs):
        return kwargs.get("article_id") in target

    _fail_for(monkeypatch, nl.store, "save_trace", is_target)
    from newsloom.extract import extract_article
    target.append(extract_article(failed).id)
    results = nl.ingest_documents([failed, _doc(2), _doc(3)])  # one batch, one writer lock
    # the store failed: the batch's other articles are not tried (each would cost a complete reload) and
    # all three ask to be handed over again
    assert [(r.status, r.retry) for r in results] == [("error", True)] * 3
    assert all("not tried" in r.message for r in results[1:])
    assert nl.pipeline.stale  # the failed article lives on in memory until the next write rebuilds it
    rest = nl.ingest_documents([_doc(2), _doc(3)])  # the in-memory state is rebuilt first
    assert [r.status for r in rest] == ["stored", "stored"] and seed.story_id in {r.story_id for r in rest}
    _assert_consistent(nl)
    monkeypatch.undo()
    (again,) = nl.ingest_documents([failed])
    assert again.status == "stored" and again.article_id == target[0]
    _assert_consistent(nl)


def test_a_merge_or_split_whose_write_failed_is_undone_in_memory(nl, monkeypatch):
    harbour = nl.ingest_documents([_doc(0), _doc(1)])
    (orchard,) = nl.ingest_documents([_doc(5, ORCHARD, "Varnholt harvest")])
    a, b = harbour[0].story_id, orchard.story_id
    assert a == harbour[1].story_id and a != b
    _fail_for(monkeypatch, nl.store, "save_stories", lambda *a, **kw: True)
    with pytest.raises(StorageError):
        nl.merge_stories(a, b)
    with pytest.raises(StorageError):
        nl.split_story(a, [harbour[1].article_id])
    monkeypatch.undo()
    assert nl.store.decisions() == []  # neither happened
    (more,) = nl.ingest_documents([_doc(6, ORCHARD, "Varnholt harvest")])
    assert more.story_id == b  # the orchard story was not merged into the harbour one in memory
    _assert_consistent(nl)
    assert {x.article_id for x in harbour} <= set(nl.store.get_story(a).article_ids)
    nl.merge_stories(a, b)  # and it can be done now
    _assert_consistent(nl)


def test_quiet_stories_the_store_could_not_close_stay_open_and_the_article_stays_stored(tmp_path, monkeypatch):
    now = [NOW]
    nl = open_newsloom(Settings(data_dir=tmp_path), clock=lambda: now[0])
    try:
        (old,) = nl.ingest_documents([_doc(5, ORCHARD, "Varnholt harvest")])
        now[0] = NOW + timedelta(days=30)
        _fail_for(monkeypatch, nl.store, "set_stories_closed", lambda *a, **kw: True)
        (new,) = nl.ingest_documents([_doc(0)])
        assert new.status == "stored" and nl.store.has_article(new.article_id)  # stored, and said so
        assert not nl.store.get_story(old.story_id).closed
        monkeypatch.undo()
        (later,) = nl.ingest_documents([_doc(1)])
        assert later.status == "stored"
        _assert_consistent(nl)
    finally:
        nl.close()


@pytest.mark.parametrize("error,retry", [(ValueError("the tokenizer choked"), False),
                                         (StorageError("write failed: disk I/O error"), True),
                                         (sqlite3.OperationalError("database is locked"), True)])
def test_only_a_failing_store_asks_for_a_retry(nl, monkeypatch, error, retry):
    """A trace or features step that chokes on the text fails the same way on the same bytes: handed over
    again at every poll it would never pass. Only the store's own failures may."""
    def broken(*args, **kwargs):
        raise error
    monkeypatch.setattr(nl.pipeline, "_trace" if isinstance(error, ValueError) else "_store_article", broken)
    (result,) = nl.ingest_documents([_doc(0)])
    assert result.status == "error" and result.retry is retry


def test_a_refused_split_of_a_closed_story_leaves_it_closed(tmp_path):
    from datetime import timedelta

    from newsloom.errors import DecisionError

    now = [NOW]
    nl = open_newsloom(Settings(data_dir=tmp_path), clock=lambda: now[0])
    try:
        stored = nl.ingest_documents([_doc(0), _doc(1)])
        sid = stored[0].story_id
        now[0] = NOW + timedelta(days=30)
        nl.pipeline.stories.close_stale(now[0])
        assert nl.store.get_story(sid).closed and sid not in nl.pipeline.stories.clusterer.stories
        with pytest.raises(DecisionError):  # it would leave the story empty
            nl.split_story(sid, [r.article_id for r in stored])
        assert sid not in nl.pipeline.stories.clusterer.stories  # not reopened for a split that did not happen
        assert nl.store.get_story(sid).closed
    finally:
        nl.close()
