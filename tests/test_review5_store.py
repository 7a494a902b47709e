"""Review 5, store and library: ids and counts from outside that SQLite cannot bind are refused with the
store's own errors (never OverflowError), and revoking a takedown tells whether it was revoked already;
OPML outlines and folder files left out are reported, not dropped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

import pytest

from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.errors import NotFoundError
from newsloom.model import Source, TakedownRequest
from newsloom.sources.files import SkippedFile, list_input_files, scan_input_files
from newsloom.sources.opml import SkippedOutline, parse_opml, read_opml
from newsloom.sources.runner import import_opml_once
from newsloom.store.articles import SQL_INT_MAX, ArticleStore, OutOfRangeError
from newsloom.store.sources import SourceStore

T0 = datetime(2026, 3, 2, tzinfo=UTC)


class Store(SourceStore, ArticleStore):
    pass


@pytest.fixture
def store():
    store = Store(":memory:")
    yield store
    store.close()


@pytest.mark.parametrize("too_big", [SQL_INT_MAX + 1, -SQL_INT_MAX - 2, 10**40, 10**5000], ids=["2**63", "-2**63-1", "1e40", "1e5000"])
def test_ids_beyond_sqlite_integers_are_not_found(store, too_big):
    store.apply_takedown(TakedownRequest("https://x.example.org/a"), now=T0)
    with pytest.raises(NotFoundError, match="no such takedown"):
        store.revoke_takedown(too_big, now=T0)
    with pytest.raises(NotFoundError, match="no such takedown"):
        store.revoke_takedown_once(too_big, now=T0)
    for call in (store.get_source, store.remove_source,
                 lambda i: store.update_source(Source(url="https://a.example.org/f", id=i))):
        with pytest.raises(NotFoundError, match="no such source"):
            call(too_big)


@pytest.mark.parametrize("bad", [SQL_INT_MAX + 1, 10**30, -1])
def test_counts_beyond_sqlite_integers_or_negative_are_refused(store, bad):
    calls = [lambda: store.list_articles(limit=bad), lambda: store.list_articles(offset=bad),
             lambda: store.search("foo", limit=bad), lambda: store.list_errors(limit=bad),
             lambda: store.list_sources(limit=bad), lambda: store.list_sources(limit=1, offset=bad),
             lambda: store.source_health(limit=bad), lambda: store.due_sources(T0, limit=bad)]
    for call in calls:
        with pytest.raises(OutOfRangeError, match="must be between 0 and") as refused:
            call()
        assert isinstance(refused.value, ValueError)
    assert store.list_articles(limit=SQL_INT_MAX) == [] and store.list_errors(limit=0) == []


def test_the_library_refuses_story_counts_it_cannot_ask_for(tmp_path):
    nl = open_newsloom(Settings(data_dir=tmp_path))
    try:
        with pytest.raises(OutOfRangeError):
            nl.stories(limit=SQL_INT_MAX + 1)
        with pytest.raises(OutOfRangeError):
            nl.stories(offset=-1)
        assert nl.stories(limit=SQL_INT_MAX) == []
    finally:
        nl.close()


def test_revoking_twice_says_it_was_revoked_already_and_changes_nothing(tmp_path):
    hours = count()  # every reading of the clock is an hour later
    nl = open_newsloom(Settings(data_dir=tmp_path), clock=lambda: T0 + timedelta(hours=next(hours)))
    try:
        nl.takedown("https://x.example.org/a")
        (taken,) = nl.takedowns()
        first = nl.revoke_takedown_once(taken.id)
        assert not first.already_revoked and first.takedown.revoked_at > taken.received_at
        again = nl.revoke_takedown_once(taken.id)
        assert again.already_revoked and again.takedown == first.takedown  # revoked_at is the first one's
        assert nl.revoke_takedown(taken.id) == first.takedown  # the plain call answers as before
        with pytest.raises(NotFoundError):
            nl.revoke_takedown_once(999)
    finally:
        nl.close()


def test_opml_outlines_left_out_are_named_with_the_reason():
    doc = b"""<opml version="2.0"><body><outline text="dir"><outline xmlUrl="https://x.example/f"/>
    <outline xmlUrl="https://x.example/f"/><outline text="Bad" xmlUrl="ftp://example.com/x"/>
    <outline text="no url"/><outline xmlUrl="http://[broken"/></outline></body></opml>"""
    listed = read_opml(doc)
    assert [s.url for s in listed.sources] == ["https://x.example/f"] == [s.url for s in parse_opml(doc)]
    assert listed.skipped == [SkippedOutline("https://x.example/f", "listed twice"),
                              SkippedOutline("ftp://example.com/x", "not an http(s) URL (ftp scheme)"),
                              SkippedOutline("no url", "no feed URL (xmlUrl)"),
                              SkippedOutline("http://[broken", "not a valid URL")]


def test_seeding_sources_records_the_outlines_it_left_out(tmp_path, store):
    path = tmp_path / "feeds.opml"
    path.write_bytes(b'<opml version="2.0"><body><outline xmlUrl="https://x.example/f"/>'
                     b'<outline text="Bad" xmlUrl="ftp://example.com/x"/></body></opml>')
    assert import_opml_once(store, path) == 1
    (error,) = store.list_errors()
    assert (error[2], error.subject) == ("sources", str(path))
    assert error.message == "skipped outline ftp://example.com/x: not an http(s) URL (ftp scheme)"


def test_files_of_a_folder_left_out_are_named_and_named_files_are_kept(tmp_path):
    (tmp_path / "a.html").write_text("<p>a</p>")
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    (tmp_path / "README").write_text("no extension")
    (tmp_path / ".hidden.pdf").write_bytes(b"%PDF")
    scanned = scan_input_files([tmp_path, tmp_path / "x.pdf"])
    assert scanned.files == [tmp_path / "a.html", tmp_path / "x.pdf"] == list_input_files([tmp_path,
                                                                                            tmp_path / "x.pdf"])
    assert scanned.skipped == [SkippedFile(tmp_path / "README", "unsupported type (no extension)"),
                               SkippedFile(tmp_path / "x.pdf", "unsupported type .pdf")]
