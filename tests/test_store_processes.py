"""Two writers on one store (e.g. `newsloom run` and a CLI ingest): each sees what the other wrote before
it writes, so neither overwrites the other's stories, merges or takedowns with a stale picture."""

from __future__ import annotations

import multiprocessing
import sqlite3

from newsloom.config import Settings
from newsloom.core import WriterLock, open_newsloom
from newsloom.model import FetchedDocument

BODY = ("<p>The harbour authority of Port Elsworth said on Monday that container traffic rose by a tenth in the "
        "first quarter, a record for the season.</p><p>Dock workers handled more ships than in any quarter "
        "before, the authority said in a statement on Monday.</p>")
OTHER = ("<p>Apple growers in the Varnholt valley began the harvest a week early after a warm spring, the "
         "growers' association said.</p><p>Pickers expect a large crop of late varieties, the association "
         "added.</p>")


def _doc(url: str, title: str, body: str = BODY) -> FetchedDocument:
    return FetchedDocument(url=url, body=f"<html><head><title>{title}</title></head><body><article><h1>{title}"
                                        f"</h1>{body}</article></body></html>".encode())


def _ingest(nl, url, title, body=BODY):
    (res,) = nl.ingest_documents([_doc(url, title, body)])
    assert res.ok, res.message
    return res


def test_two_processes_share_stories_merges_and_takedowns(tmp_path):
    settings = Settings(data_dir=tmp_path)
    server, cli = open_newsloom(settings), open_newsloom(settings)  # both opened before anything is stored
    try:
        a = _ingest(server, "https://one.example.org/a", "Port Elsworth traffic at a record")
        b = _ingest(cli, "https://two.example.net/b", "Record quarter at Port Elsworth")
        assert b.story_id == a.story_id  # the CLI saw the server's story before deciding
        orchard = _ingest(cli, "https://farm.example.net/c", "Early harvest in Varnholt", OTHER)
        assert orchard.story_id != a.story_id
        # the server merges the CLI's new story into its own: it must act on what the store holds
        merged = server.merge_stories(a.story_id, orchard.story_id)
        assert set(merged.article_ids) == {a.article_id, b.article_id, orchard.article_id}
        assert set(cli.store.get_story(a.story_id).article_ids) == set(merged.article_ids)
        # a takedown in one process is not undone by the other's next write
        (removed,) = cli.takedown("https://one.example.org/a")
        d = _ingest(server, "https://three.example.com/d", "Port Elsworth quarter")
        story = server.store.get_story(d.story_id)
        assert removed not in story.article_ids and story.title != "Port Elsworth traffic at a record"
        assert server.store.story_of(removed) is None
        # the merge decision made by the server holds in the CLI's re-cluster
        cli.recluster()
        assert cli.store.story_of(b.article_id) == cli.store.story_of(orchard.article_id)
    finally:
        server.close()
        cli.close()


def _hold(path: str, ready, release) -> None:
    lock = WriterLock(__import__("pathlib").Path(path))
    lock.acquire()
    ready.set()
    release.wait(10)
    lock.release()


def test_the_writer_lock_excludes_other_processes(tmp_path):
    path = tmp_path / "store.lock"
    ctx = multiprocessing.get_context("spawn")
    ready, release = ctx.Event(), ctx.Event()
    proc = ctx.Process(target=_hold, args=(str(path), ready, release))
    proc.start()
    try:
        assert ready.wait(30)
        import fcntl
        import os

        fd = os.open(path, os.O_RDWR)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                got = True
            except BlockingIOError:
                got = False
            assert not got  # held by the other process
            release.set()
            proc.join(10)
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # free once it let go
        finally:
            os.close(fd)
    finally:
        release.set()
        proc.join(10)


def test_a_new_store_opened_by_two_connections_at_once_gets_wal(tmp_path):
    from newsloom.store import open_store

    first, second = open_store(tmp_path / "x.db"), open_store(tmp_path / "x.db")
    try:
        assert sqlite3.connect(tmp_path / "x.db").execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        first.close()
        second.close()


def test_an_error_the_store_cannot_record_is_still_that_items_error(tmp_path, monkeypatch):
    from newsloom.errors import StorageError

    nl = open_newsloom(Settings(data_dir=tmp_path))
    try:
        def full(**_kw):
            raise StorageError("database or disk is full", subject="newsloom.db")

        monkeypatch.setattr(nl.store, "record_error", full)
        (res,) = nl.ingest_documents([FetchedDocument(url="https://x.example.org/empty", body=b"")])
        assert res.status == "error" and "not recorded: database or disk is full" in res.message
    finally:
        nl.close()


def test_a_failing_store_is_a_503_in_the_api_and_a_one_line_error_in_the_cli(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from newsloom.cli import app
    from newsloom.cli.commands import register
    from newsloom.core import Newsloom
    from newsloom.errors import StorageError
    from newsloom.web import create_app

    def broken(self, **_kw):
        raise StorageError("read failed: database disk image is malformed", subject="newsloom.db")

    monkeypatch.setattr(Newsloom, "articles", broken)
    nl = open_newsloom(Settings(data_dir=tmp_path))
    try:
        with TestClient(create_app(nl), raise_server_exceptions=False) as c:
            got = c.get("/api/v1/articles")
            assert got.status_code == 503 and "malformed" in got.json()["message"]
    finally:
        nl.close()
    from newsloom.cli import eval_app

    register(app, eval_app)
    run = CliRunner().invoke(app, ["articles", "--data-dir", str(tmp_path)])
    assert run.exit_code == 1 and "malformed" in run.output and "Traceback" not in run.output


def test_a_merge_whose_stories_cannot_be_saved_leaves_no_decision(tmp_path, monkeypatch):
    from newsloom.errors import StorageError

    nl = open_newsloom(Settings(data_dir=tmp_path))
    try:
        a = _ingest(nl, "https://one.example.org/a", "Port Elsworth traffic at a record")
        b = _ingest(nl, "https://farm.example.net/c", "Early harvest in Varnholt", OTHER)
        assert a.story_id != b.story_id
        real = nl.store.save_stories

        def crash(*args, **kw):
            real(*args, **kw)
            raise StorageError("disk I/O error", subject="newsloom.db")

        monkeypatch.setattr(nl.store, "save_stories", crash)
        try:
            nl.merge_stories(a.story_id, b.story_id)
        except StorageError:
            pass
        monkeypatch.undo()
        assert nl.store.decisions() == []  # rolled back with the stories
        assert nl.store.story_of(a.article_id) != nl.store.story_of(b.article_id)
    finally:
        nl.close()


def test_an_interrupted_recluster_leaves_the_stories_as_they_were(tmp_path, monkeypatch):
    from newsloom.stories.cluster import StoryClusterer

    nl = open_newsloom(Settings(data_dir=tmp_path))
    try:
        ids = [_ingest(nl, f"https://s{i}.example.org/a", f"Port Elsworth record {i}").article_id for i in range(3)]
        ids.append(_ingest(nl, "https://farm.example.net/c", "Early harvest in Varnholt", OTHER).article_id)
        before = {a: nl.store.story_of(a) for a in ids}
        stories_before = {s.id: s.article_ids for s in nl.store.list_stories(limit=0)}
        real, calls = StoryClusterer.assign, []

        def interrupted(self, f, **kw):
            calls.append(f.article_id)
            if len(calls) == 3:
                raise KeyboardInterrupt
            return real(self, f, **kw)

        monkeypatch.setattr(StoryClusterer, "assign", interrupted)
        try:
            nl.recluster()
        except KeyboardInterrupt:
            pass
        monkeypatch.undo()
        assert {a: nl.store.story_of(a) for a in ids} == before
        assert {s.id: s.article_ids for s in nl.store.list_stories(limit=0)} == stories_before
        e = _ingest(nl, "https://s9.example.org/e", "Port Elsworth record again")  # memory matches the store
        assert nl.store.story_of(e.article_id) == before[ids[0]]
        assert nl.recluster() == 5 and nl.store.story_of(ids[0]) is not None
    finally:
        nl.close()


THIRD = ("<p>The Calder river ferry will stop running for two months while its landing stage is rebuilt, the "
         "county council said.</p><p>Passengers are asked to use the bridge at Morrow instead, the council "
         "added.</p>")


def _clusterer_state(clusterer):
    """What a process holds in memory for clustering, comparable with a fresh load."""
    stories = {sid: sorted(s.article_ids) for sid, s in clusterer.stories.items()}
    groups = {a: sorted(clusterer.constraints.partners(a)) for a in clusterer.constraints.group_of}
    cannot = {a: sorted(v) for a, v in clusterer.constraints.cannot.items() if v}
    return stories, dict(clusterer.members), dict(clusterer.vocab.df), clusterer.vocab.n_docs, groups, cannot


def _fresh(store):
    from newsloom.stories.service import load_clusterer

    return _clusterer_state(load_clusterer(store))


def test_a_process_takes_in_only_what_the_other_changed_and_reloads_after_a_takedown(tmp_path, monkeypatch):
    settings = Settings(data_dir=tmp_path)
    server, cli = open_newsloom(settings), open_newsloom(settings)
    reloads = []
    original = type(server.pipeline).reload
    monkeypatch.setattr(type(server.pipeline), "reload", lambda self: (reloads.append(self), original(self))[1])
    try:
        a = _ingest(server, "https://one.example.org/a", "Port Elsworth traffic at a record")
        _ingest(server, "https://farm.example.org/o", "Early harvest in Varnholt", OTHER)
        # the other process adds to a story, starts one, merges two and splits one
        b = _ingest(cli, "https://two.example.net/b", "Record quarter at Port Elsworth")
        ferry = _ingest(cli, "https://ferry.example.net/f", "Calder ferry to stop for two months", THIRD)
        orchard = cli.store.story_of(server.store.find_article_ids(url="https://farm.example.org/o")[0])
        cli.merge_stories(ferry.story_id, orchard)
        cli.split_story(a.story_id, [b.article_id])
        assert cli.pipeline.stories.clusterer.stories  # the CLI holds the stories it changed
        # the server's next write starts from exactly what a fresh load would hold, without a reload
        d = _ingest(server, "https://three.example.com/d", "Port Elsworth quarter")
        assert reloads == []
        assert _clusterer_state(server.pipeline.stories.clusterer) == _fresh(server.store)
        assert b.article_id in server.pipeline.copy_index and ferry.article_id in server.pipeline.copy_index
        assert server.store.story_of(d.article_id) is not None
        assert server.store.story_of(a.article_id) != server.store.story_of(b.article_id)  # the split holds
        # the CLI in turn takes in the server's article
        _ingest(cli, "https://four.example.com/e", "Varnholt harvest starts early", OTHER)
        assert _clusterer_state(cli.pipeline.stories.clusterer) == _fresh(cli.store)
        # a takedown elsewhere: the server rebuilds everything, and the removed article is gone from memory
        (removed,) = cli.takedown("https://one.example.org/a")
        _ingest(server, "https://five.example.com/g", "Port Elsworth ships", BODY)
        assert len(reloads) == 1
        assert removed not in server.pipeline.copy_index
        assert removed not in server.pipeline.stories.clusterer.members
        assert _clusterer_state(server.pipeline.stories.clusterer) == _fresh(server.store)
    finally:
        server.close()
        cli.close()


def test_the_state_log_names_changed_stories_and_asks_for_a_reload_when_it_cannot(tmp_path, monkeypatch):
    from newsloom.model import Story
    from newsloom.store import open_store
    from newsloom.store import stories as story_store

    store = open_store(tmp_path / "s.db")
    try:
        start = store.last_state_rev()
        store.save_stories([Story("s1", "one"), Story("s2", "two")])
        store.save_stories([Story("s1", "one again")], drop=["s2"])
        changed, rev = store.state_changes(start)
        assert changed == ["s2", "s1"] and rev == store.last_state_rev() == start + 4
        assert store.state_changes(rev) == ([], rev)
        store.replace_stories([Story("s3", "three")], [])  # a re-cluster
        assert store.state_changes(rev)[0] is None
        # entries pruned before a reader got to them
        monkeypatch.setattr(story_store, "PRUNE_EVERY", 4)
        monkeypatch.setattr(story_store, "LOG_KEEP", 2)
        last = store.last_state_rev()
        store.save_stories([Story(f"p{i}", "p") for i in range(8)])
        assert store.state_changes(last)[0] is None
        assert store.state_changes(store.last_state_rev() - 1)[0] == ["p7"]
    finally:
        store.close()


HARBOUR_AGAIN = ("<p>Port Elsworth handled more containers in the first quarter than ever before, its harbour "
                 "authority reported on Monday.</p><p>More ships called at the port than in any earlier quarter, "
                 "according to the authority's statement.</p>")


def test_a_story_closed_by_the_other_process_takes_no_more_articles_here(tmp_path):
    from datetime import UTC, datetime, timedelta

    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    settings = Settings(data_dir=tmp_path)
    server = open_newsloom(settings, clock=lambda: start)
    later = open_newsloom(settings, clock=lambda: start + timedelta(days=30))  # its ingest closes quiet stories
    try:
        a = _ingest(server, "https://one.example.org/a", "Port Elsworth traffic at a record")
        _ingest(later, "https://farm.example.net/c", "Early harvest in Varnholt", OTHER)
        assert later.store.get_story(a.story_id).closed
        b = _ingest(server, "https://two.example.net/b", "Record quarter at Port Elsworth", HARBOUR_AGAIN)
        assert server.store.assignment_of(b.article_id).reason == "new"  # not a copy of a: no copy-of join
        assert b.story_id != a.story_id  # the server took in the close, not only the new article
        assert _clusterer_state(server.pipeline.stories.clusterer) == _fresh(server.store)
    finally:
        server.close()
        later.close()


def test_a_catch_up_that_fails_is_followed_by_a_complete_reload(tmp_path, monkeypatch):
    settings = Settings(data_dir=tmp_path)
    server, cli = open_newsloom(settings), open_newsloom(settings)
    try:
        _ingest(server, "https://one.example.org/a", "Port Elsworth traffic at a record")
        b = _ingest(cli, "https://two.example.net/b", "Record quarter at Port Elsworth")

        def broken():
            raise sqlite3.OperationalError("disk I/O error")

        monkeypatch.setattr(server.pipeline, "catch_up", broken)
        try:
            server.ingest_documents([_doc("https://three.example.com/d", "Port Elsworth quarter")])
            raise AssertionError("the failed catch-up was not reported")
        except sqlite3.OperationalError:
            pass
        monkeypatch.undo()
        reloads = []
        monkeypatch.setattr(server.pipeline, "reload", lambda: reloads.append(1) or type(server.pipeline).reload(
            server.pipeline))
        _ingest(server, "https://three.example.com/d", "Port Elsworth quarter")
        assert reloads == [1] and b.article_id in server.pipeline.copy_index
        _ingest(server, "https://four.example.com/e", "Port Elsworth ships")
        assert reloads == [1]  # once is enough
    finally:
        server.close()
        cli.close()
