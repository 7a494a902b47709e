"""Building the pipeline on a large store reads the fingerprints packed and keys them in bulk, counts the IDF
of features stored after the snapshot from their terms alone, and rebuilds only the open stories from what it
needs of each: the copy index, the open stories and the next clustering decision are the same as those of a
pipeline that processed everything in memory (or built the index fingerprint by fingerprint)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import numpy as np
import pytest

from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.errors import InputError
from newsloom.store import open_store
from newsloom.stories import StoryService
from newsloom.stories import service as service_module
from newsloom.stories.features import ArticleFeatures
from newsloom.stories.state import Vocabulary
from newsloom.trace import CopyIndex, fingerprint_text
from newsloom.trace.fingerprint import Fingerprint, unpack_many
from newsloom.trace.index import _stable_order
from test_store_processes import BODY, OTHER, THIRD, _doc

HARBOUR_AGAIN = ("<p>Port Elsworth handled more containers in the first quarter than ever before, its harbour "
                 "authority said on Monday.</p><p>The new quay let dock workers handle more ships, the authority "
                 "said.</p>")
FERRY_AGAIN = ("<p>Ferry passengers on the Calder will use the Morrow bridge for two months while the landing "
               "stage is rebuilt, the county council said.</p><p>The council said the works start next week.</p>")
COUNCIL = ("<p>The Varnholt town council voted to rebuild the old market hall, the mayor said on Tuesday.</p>"
           "<p>Work on the hall, closed since a fire in spring, will start in autumn and cost 4 million.</p>")

TEXTS = [
    "The harbour authority said traffic rose.\n\nDock workers handled more ships than ever before this year.",
    "The harbour authority said traffic rose.\n\nDock workers handled more ships than ever before this year.",
    "",  # an empty text: all-ones signatures, no band keys
    "Same paragraph here, said twice over.\n\nSame paragraph here, said twice over.\n\nAnd a third one.",
    "Apple growers in the valley began the harvest a week early after a warm spring.",
    "word",
    "\n\n".join(f"Paragraph number {i} of a long text about the river ferry and its landing stage." for i in range(40)),
]


def _tables(index: CopyIndex) -> dict:
    return {name: (t.keys.dtype, t.keys.tolist(), t.rows.dtype, t.rows.tolist(), dict(t.buffer))
            for name, t in index._tables.items()}


def _same_index(a: CopyIndex, b: CopyIndex) -> None:
    assert a._ids == b._ids
    assert a._row_of == b._row_of
    assert a._dead == b._dead
    assert _tables(a) == _tables(b)


def _one_by_one(store) -> CopyIndex:
    index = CopyIndex()
    index.add_many(store.iter_fingerprints())
    return index


@pytest.fixture
def fingerprinted(tmp_path):
    store = open_store(tmp_path / "fp.db")
    fps = [fingerprint_text(t) for t in TEXTS]
    for i, fp in enumerate(fps):
        store.save_fingerprint(f"a{i}", fp)
    yield store, fps
    store.close()


def test_unpacking_many_fingerprints_reads_what_from_bytes_reads(fingerprinted):
    _store, fps = fingerprinted
    blobs = [fp.to_bytes() for fp in fps]
    shingle, word, para, counts = unpack_many(blobs)
    assert shingle.dtype == word.dtype == np.uint32 and para.dtype == np.uint64
    assert counts.tolist() == [len(Fingerprint.from_bytes(b).paragraph_keys) for b in blobs]
    ends = np.cumsum(counts)
    for i, blob in enumerate(blobs):
        one = Fingerprint.from_bytes(blob)
        assert np.array_equal(shingle[i], one.shingle_sig) and np.array_equal(word[i], one.word_sig)
        assert np.array_equal(para[ends[i] - counts[i]:ends[i]], one.paragraph_keys)
    empty = unpack_many([])
    assert empty[0].shape == (0, 128) and empty[1].shape == (0, 64) and len(empty[2]) == len(empty[3]) == 0


@pytest.mark.parametrize("blob", [b"", b"\x01\x00", b"\x02" + bytes(900), fingerprint_text(TEXTS[0]).to_bytes()[:-3]])
def test_a_corrupt_fingerprint_is_refused_as_from_bytes_refuses_it(blob):
    good = fingerprint_text(TEXTS[4]).to_bytes()
    with pytest.raises(InputError) as one:
        Fingerprint.from_bytes(blob)
    with pytest.raises(InputError) as many:
        unpack_many([good, blob])
    assert many.value.message == one.value.message


def test_the_copy_index_loaded_packed_is_the_one_built_fingerprint_by_fingerprint(fingerprinted):
    store, fps = fingerprinted
    loaded = CopyIndex.load(store)
    reference = _one_by_one(store)
    _same_index(loaded, reference)
    assert len(loaded) == len(TEXTS)
    for fp in fps:
        for exclude in (None, "a0"):
            assert loaded.candidates(fp, exclude=exclude) == reference.candidates(fp, exclude=exclude)
    assert loaded.candidates(fps[0])[:2] == ["a0", "a1"]  # the identical texts find each other
    assert loaded.candidates(fps[2]) == []  # the empty text has no keys


def test_packed_batches_and_ids_indexed_already_give_the_index_add_many_gives(fingerprinted):
    _store, fps = fingerprinted
    blobs = [fp.to_bytes() for fp in fps]
    ids = [f"a{i}" for i in range(len(fps))]
    batches = [(ids[:3], blobs[:3]), (ids[3:5], blobs[3:5]),
               (["a1", "b9"], [blobs[6], blobs[4]]),  # a1 again: replaces its old entry
               (["c1", "c1"], [blobs[0], blobs[3]]),  # one id twice
               (ids[5:], blobs[5:])]
    packed = CopyIndex()
    assert packed.add_packed(batches) == sum(len(i) for i, _ in batches)
    reference = CopyIndex()
    for batch_ids, batch_blobs in batches:
        reference.add_many((i, Fingerprint.from_bytes(b)) for i, b in zip(batch_ids, batch_blobs))
    _same_index(packed, reference)
    for fp in fps:
        assert packed.candidates(fp) == reference.candidates(fp)
    assert "a1" in packed and len(packed) == len(reference)


def test_the_copy_index_after_a_deletion_is_the_one_of_the_fingerprints_left(fingerprinted):
    store, _fps = fingerprinted
    with store._write() as conn:  # what a takedown deletes of the trace
        conn.execute("DELETE FROM trace_fingerprints WHERE article_id IN ('a1', 'a4')")
    loaded = CopyIndex.load(store)
    _same_index(loaded, _one_by_one(store))
    assert "a1" not in loaded and "a4" not in loaded and "a0" in loaded


@pytest.mark.parametrize("radix_max", [4_000_000, 3000])  # the two passes; one sort above the limit
def test_the_stable_order_of_keys_is_numpys(monkeypatch, radix_max):
    monkeypatch.setattr("newsloom.trace.index._RADIX_MAX", radix_max)
    rng = np.random.default_rng(7)
    for keys in (rng.integers(0, 50, 5000), rng.integers(0, 2**32, 5000), rng.integers(0, 70000, 5000) * 65536,
                 rng.integers(0, 2**32, 2000), np.zeros(0)):
        keys = keys.astype(np.uint32)
        assert _stable_order(keys).tolist() == np.argsort(keys, kind="stable").tolist()


def test_counting_terms_in_bulk_is_adding_features_one_by_one():
    feats = [ArticleFeatures(f"a{i}", "", {w: 1.0 for w in words}, {})
             for i, words in enumerate([("harbour", "quay"), ("quay", "ferry", "é"), (), ("harbour",)])]
    one = Vocabulary({"quay": 3, "old": 1}, 5)
    for f in feats:
        one.add(f)
    bulk = Vocabulary({"quay": 3, "old": 1}, 5)
    bulk.table(("quay",))  # a cached IDF must not outlive the change
    bulk.add_terms(list(f.terms) for f in feats)
    assert list(bulk.df.items()) == list(one.df.items()) and bulk.n_docs == one.n_docs
    assert bulk.idf("quay") == one.idf("quay")


class _Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=11)  # a close of quiet stories is due at every article
        return self.now


PAGES = [("https://one.example.org/a", "Port Elsworth traffic at a record", BODY),
         ("https://farm.example.org/o", "Early harvest in Varnholt", OTHER),
         ("https://two.example.net/b", "Record quarter at Port Elsworth", BODY),
         ("https://ferry.example.net/f", "Calder ferry to stop for two months", THIRD),
         ("https://three.example.com/d", "Port Elsworth quarter", HARBOUR_AGAIN)]
LATER = [("https://four.example.com/e", "Varnholt harvest starts early", OTHER),
         ("https://five.example.com/g", "Calder ferry passengers to use the bridge", FERRY_AGAIN)]
NEXT = [("https://six.example.com/h", "Ferry works on the Calder", FERRY_AGAIN),
        ("https://seven.example.com/i", "Varnholt to rebuild its market hall", COUNCIL),
        ("https://eight.example.com/j", "Port Elsworth ships a record", HARBOUR_AGAIN)]


def _story_state(s) -> dict:
    """Every field of an open story's in-memory state."""
    out = {name: getattr(s, name) for name in s.__slots__ if name != "emb_sum"}
    out["emb_sum"] = None if s.emb_sum is None else s.emb_sum.tolist()
    return out


def _stage(stories: StoryService, *, members_only: bool = False) -> dict:
    c = stories.clusterer
    out = {"stories": {sid: _story_state(s) for sid, s in c.stories.items()},
           "order": list(c.stories), "members": dict(c.members), "df": list(c.vocab.df.items()),
           "n_docs": c.vocab.n_docs, "bridges": sorted(c.bridges()),
           "postings": {k: list(p.ids) for k, p in c.index.postings.items()},
           "feature_seq": stories._feature_seq, "decisions": c.constraints.named}
    if members_only:  # a load orders a story's members and sums their features as the store lists them
        out["stories"] = {sid: sorted(st["article_ids"]) for sid, st in out["stories"].items()}
        del out["postings"], out["order"], out["feature_seq"]
        out["df"] = dict(out["df"])
    return out


def _old_load(store, config):
    """The stories stage as loaded before: every feature after the snapshot decoded whole and counted one by
    one, every story in the batch decoded whole (the reference the faster load must match)."""
    from newsloom.stories.cluster import StoryClusterer

    raw = store.get_value(service_module.VOCAB_KEY)
    vocab, start = (Vocabulary(), 0) if raw is None else service_module._parse_vocab(raw)
    saved, last = vocab.n_docs, start
    for seq, f in store.iter_features(after_seq=start):
        vocab.add(f)
        last = seq
    clusterer = StoryClusterer(config, decisions=store.decisions(), vocab=vocab)
    ids = store.open_story_ids()
    stories, members = store.get_stories(ids), store.story_members_of(ids)
    by_id = {f.article_id: f for f in store.features_of([a for sid in ids for a in members.get(sid, ())])}
    for sid in ids:
        clusterer.forget(sid)
        story = stories.get(sid)
        mine = [by_id[a] for a in members.get(sid, ()) if a in by_id]
        if story is not None and not story.closed and mine:
            clusterer.restore(sid, mine, last_update=story.last_updated)
    clusterer.set_bridges(store.bridges_of(ids))
    clusterer.taken = store.story_id_taken
    return clusterer, last, vocab.n_docs - saved


def _old_service(store, monkeypatch) -> StoryService:
    with monkeypatch.context() as m:
        m.setattr(service_module, "_load", _old_load)
        return StoryService(store)


def _fill(home, clock, monkeypatch):
    """A store written by one facade: stories, a user merge and split, stories closed after a quiet week, a
    vocabulary snapshot part way; returns the facade (still open: its pipeline holds everything in memory)."""
    monkeypatch.setattr(service_module, "SNAPSHOT_EVERY", 3)  # a snapshot after the third article
    nl = open_newsloom(Settings(data_dir=home), clock=clock)
    results = [r for url, title, body in PAGES for r in nl.ingest_documents([_doc(url, title, body)])]
    assert all(r.ok for r in results), results
    monkeypatch.setattr(service_module, "SNAPSHOT_EVERY", 1000)  # the rest is counted after the snapshot
    harbour, ferry = results[0].story_id, results[3].story_id
    nl.merge_stories(ferry, results[1].story_id)
    nl.split_story(harbour, [results[4].article_id])
    clock.now += timedelta(days=8)  # every story so far goes quiet and is closed by the next article
    results += [r for url, title, body in LATER for r in nl.ingest_documents([_doc(url, title, body)])]
    assert all(r.ok for r in results), results
    assert nl.store.count_stories() > len(nl.pipeline.stories.clusterer.stories) > 0  # some closed, some open
    return nl


def test_a_fresh_pipeline_holds_what_the_one_that_wrote_everything_holds(tmp_path, monkeypatch):
    clock = _Clock()
    nl = _fill(tmp_path / "home", clock, monkeypatch)
    try:
        snapshot = service_module._parse_vocab(nl.store.get_value(service_module.VOCAB_KEY))
        assert 0 < snapshot[1] < nl.store.last_feature_seq()  # features stored after the snapshot
        fresh = StoryService(nl.store)
        assert _stage(fresh) == _stage(_old_service(nl.store, monkeypatch))  # exactly as loaded before
        assert _stage(fresh, members_only=True) == _stage(nl.pipeline.stories, members_only=True)
        assert fresh.clusterer.stories and nl.pipeline.stories.clusterer.constraints.named
        held = nl.pipeline.copy_index
        for table in held._tables.values():
            table.merge()  # the recent additions, buffered, into the sorted arrays (as the next merge would)
        _same_index(CopyIndex.load(nl.store), held)
    finally:
        nl.close()


def _copy(src, dst) -> None:
    dst.mkdir()
    with sqlite3.connect(src / "newsloom.db") as a, sqlite3.connect(dst / "newsloom.db") as b:
        a.backup(b)


def test_the_next_articles_are_clustered_as_by_the_pipeline_that_processed_everything(tmp_path, monkeypatch):
    clock = _Clock()
    nl = _fill(tmp_path / "home", clock, monkeypatch)
    try:
        _copy(tmp_path / "home", tmp_path / "new")
        _copy(tmp_path / "home", tmp_path / "old")
        opened = []
        for home in ("new", "old"):
            again = _Clock()
            again.now = clock.now
            opened.append(open_newsloom(Settings(data_dir=tmp_path / home), clock=again))
        new, old = opened
        try:
            new.pipeline  # noqa: B018 - built as now
            with monkeypatch.context() as m:  # built as before
                m.setattr(service_module, "_load", _old_load)
                m.setattr(CopyIndex, "load", classmethod(lambda cls, store: _one_by_one(store)))
                old.pipeline  # noqa: B018
            for url, title, body in NEXT:
                (kept,) = nl.ingest_documents([_doc(url, title, body)])
                (loaded,) = new.ingest_documents([_doc(url, title, body)])
                (before,) = old.ingest_documents([_doc(url, title, body)])
                assert kept.ok and loaded.ok and before.ok
                mine = new.store.assignment_of(loaded.article_id)
                assert mine == old.store.assignment_of(before.article_id)  # the very same decision, scores too
                theirs = nl.store.assignment_of(kept.article_id)
                assert (mine.story_id, mine.new_story, mine.reason) == (theirs.story_id, theirs.new_story,
                                                                       theirs.reason)
                assert new.store.relations_of(loaded.article_id) == nl.store.relations_of(kept.article_id)
            assert _stage(new.pipeline.stories) == _stage(old.pipeline.stories)
            assert _stage(new.pipeline.stories, members_only=True) == _stage(nl.pipeline.stories, members_only=True)
            assert new.stories(limit=0) == old.stories(limit=0)
            assert [s.article_ids for s in new.stories(limit=0)] == [s.article_ids for s in nl.stories(limit=0)]
        finally:
            for facade in opened:
                facade.close()
    finally:
        nl.close()


def test_the_snapshot_is_brought_up_to_date_by_the_first_article_once_enough_are_counted_after_it(
        tmp_path, monkeypatch):
    clock = _Clock()
    nl = _fill(tmp_path / "home", clock, monkeypatch)
    nl.close()
    store = open_store(tmp_path / "home" / "newsloom.db")
    try:
        _n, saved_seq = service_module._parse_vocab(store.get_value(service_module.VOCAB_KEY))
        behind = store.last_feature_seq() - saved_seq
        assert behind >= 2
        monkeypatch.setattr(service_module, "SNAPSHOT_EVERY", behind + 1)
        service = StoryService(store)
        assert service._since_snapshot == behind  # counted after the snapshot, by whichever process stored them
        before = _stage(service)
        url, title, body = NEXT[1]
        from newsloom.extract import extract_article

        article = extract_article(_doc(url, title, body))
        store.put_article(article)
        service.process(article, now=clock())  # the first article taken in: the snapshot is saved
        vocab, seq = service_module._parse_vocab(store.get_value(service_module.VOCAB_KEY))
        assert seq == store.last_feature_seq() == before["feature_seq"] + 1
        assert list(vocab.df.items()) == list(service.clusterer.vocab.df.items())
        assert vocab.n_docs == service.clusterer.vocab.n_docs == before["n_docs"] + 1
        assert service._since_snapshot == 0
        reloaded = StoryService(store)
        assert reloaded._since_snapshot == 0
        assert _stage(reloaded) == _stage(_old_service(store, monkeypatch))
        assert _stage(reloaded, members_only=True) == _stage(service, members_only=True)  # IDF included
    finally:
        store.close()


def test_story_states_are_what_the_stored_stories_say(tmp_path, monkeypatch):
    clock = _Clock()
    nl = _fill(tmp_path / "home", clock, monkeypatch)
    try:
        ids = [s.id for s in nl.stories(limit=0)] + ["s-missing"]
        stories = nl.store.get_stories(ids)
        assert nl.store.story_states(ids) == {sid: (s.closed, s.last_updated) for sid, s in stories.items()}
        assert {closed for closed, _ in nl.store.story_states(ids).values()} == {True, False}
    finally:
        nl.close()


def test_writers_sharing_a_store_save_the_snapshot_once_per_window_not_each(tmp_path, monkeypatch):
    """Two long-running writers taking turns: each counts the other's features (``catch_up``), but a window
    of ``SNAPSHOT_EVERY`` features is saved once, by whichever writer reaches it first."""
    saves = []
    save = service_module._save_vocab
    monkeypatch.setattr(service_module, "_save_vocab", lambda store, vocab, upto: (saves.append(upto),
                                                                                  save(store, vocab, upto)))
    monkeypatch.setattr(service_module, "SNAPSHOT_EVERY", 4)
    clock = _Clock()
    writers = [open_newsloom(Settings(data_dir=tmp_path / "home"), clock=clock) for _ in range(2)]
    try:
        for i in range(16):
            topic = ("harbour wall", "ferry fares", "school roof", "river flood")[i % 4]
            (res,) = writers[i % 2].ingest_documents([_doc(f"https://s{i}.example.org/a{i}", f"{topic} {i}",
                                                           f"<p>The {topic} story number {i} goes on. {BODY}</p>")])
            assert res.ok, res.message
        last = writers[0].store.last_feature_seq()
    finally:
        for nl in writers:
            nl.close()
    assert len(saves) == 4 and saves == sorted(saves)  # 16 features, a window of 4: four saves in all
    assert all(b - a >= 4 for a, b in pairwise(saves))  # never two of one window
    assert last - saves[-1] < 4


@pytest.mark.parametrize("stored", ["abc", "999999"])
def test_a_snapshot_seq_that_is_no_number_or_ahead_of_the_features_is_saved_again(tmp_path, monkeypatch, stored):
    """From the second code review: a non-number under the snapshot's seq key made every later article fail
    (int('abc')), and one ahead of the features (the newest deleted) held the next snapshot back."""
    monkeypatch.setattr(service_module, "SNAPSHOT_EVERY", 2)
    nl = open_newsloom(Settings(data_dir=tmp_path / "home"), clock=_Clock())
    try:
        for i in range(2):
            (res,) = nl.ingest_documents([_doc(f"https://a.example.org/{i}", f"Harbour wall {i}")])
            assert res.ok, res.message
        nl.store.set_value(service_module.VOCAB_SEQ_KEY, stored)
        for i in range(2, 4):
            (res,) = nl.ingest_documents([_doc(f"https://a.example.org/{i}", f"Harbour wall {i}")])
            assert res.ok, res.message
        assert nl.store.get_value(service_module.VOCAB_SEQ_KEY) == str(nl.store.last_feature_seq())
    finally:
        nl.close()
