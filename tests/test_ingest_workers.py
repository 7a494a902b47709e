"""Extraction and story features in worker processes (``PreparePool``, ``newsloom ingest --workers``) give the
store what the one-process ingest gives it: the same results in the same order, the same articles, stories
and provenance, the same recorded errors. The workers are real processes (forked from a fork server), as a Spark executor's
would be: what crosses to them and back is pickled."""

from __future__ import annotations

import json

import pytest

from backfill import backfill_inputs, page, snapshot
from newsloom.cli import app
from newsloom.model import FetchedDocument
from newsloom.prepare import Prepared, PreparePool, prepare_batch


@pytest.fixture()
def inputs(tmp_path, seeds_dir):
    return backfill_inputs(tmp_path, seeds_dir)


def _ingest(tmp_path, name: str, paths, pool=None):
    return snapshot(tmp_path, name, lambda nl: nl.ingest_files(nl.input_files(paths), pool=pool))


def test_worker_processes_store_what_one_process_stores(tmp_path, inputs):
    alone = _ingest(tmp_path, "alone", inputs)
    with PreparePool(2, ahead=2) as pool:  # 44 inputs: 3 batches, two in flight at a time
        pooled = _ingest(tmp_path, "pooled", inputs, pool)
        assert pool.local_batches == 1  # the third batch is the ingesting process's own to prepare
    results, stored, stories, provenance, errors = alone
    assert pooled[0] == results
    assert pooled[1:] == (stored, stories, provenance, errors)
    statuses = [r[0] for r in results]
    assert statuses.count("stored") == 43 and statuses.count("error") == 3, statuses
    assert len(set(stories.values())) < len(stories)  # some articles share a story (the seeds, the reprint)
    reprint = next(r[2] for r in results if r[1].endswith("p90-reprint.html"))
    assert provenance[reprint].is_copy and any(link.url.endswith("p03.html") for link in provenance[reprint].chain)
    assert {e[0] for e in errors} == {"extract", "read"}


def test_prepared_inputs_are_plain_data_in_order(tmp_path):
    from newsloom.embed import Embedder
    from newsloom.errors import InputError

    items = [FetchedDocument(url="https://a.example/1", body=page(1), content_type="text/html"),
             InputError("cannot read: permission denied", subject="/data/x.html"),
             FetchedDocument(url="https://a.example/2", body=b"<html></html>", content_type="text/html")]
    prepared = prepare_batch(items, embedder=Embedder.for_stories(), known=lambda aid: False)
    assert [type(p) for p in prepared] == [Prepared] * 3
    first, unread, empty = prepared
    assert first.subject == "https://a.example/1" and first.article.title.startswith("Plan for")
    assert first.features is not None and first.features.article_id == first.article.id
    assert (unread.article, unread.stage, unread.subject) == (None, "read", "/data/x.html")
    assert (empty.article, empty.stage) == (None, "extract") and empty.message
    known = prepare_batch(items[:1], embedder=Embedder.for_stories(), known=lambda aid: True)
    assert known[0].article is not None and known[0].features is None  # stored already: no features computed


def test_pool_refuses_no_workers():
    with pytest.raises(ValueError):
        PreparePool(0)


def test_cli_ingest_with_workers(tmp_path, inputs):
    from typer.testing import CliRunner

    runner = CliRunner()
    folder = str(inputs[0].parent)
    out = runner.invoke(app, ["ingest", "--workers", "2", "--json", "--data-dir", str(tmp_path / "cli"), folder])
    assert out.exit_code == 1, out.output  # two inputs of the folder fail (nothing to extract, not text)
    counts = json.loads(out.stdout)["counts"]
    assert counts == {"stored": 43, "duplicate": 0, "suppressed": 0, "error": 2}
    again = runner.invoke(app, ["ingest", "--workers", "2", "--json", "--data-dir", str(tmp_path / "cli"), folder])
    assert json.loads(again.stdout)["counts"]["duplicate"] == 43
    bad = runner.invoke(app, ["ingest", "--workers", "-1", "--data-dir", str(tmp_path / "cli"), folder])
    assert bad.exit_code == 2


def test_a_document_that_kills_its_worker_costs_only_that_document():
    from pool_tasks import MARKER, crash_on_marker

    def doc(name: str, body: bytes) -> FetchedDocument:
        return FetchedDocument(url=f"https://w.example/{name}", body=body, content_type="text/html")

    batches = [[doc("a", page(1)), doc("killer", page(2) + MARKER), doc("c", page(3))],
               [doc("d", page(4)), doc("e", page(5))]]
    with PreparePool(1, ahead=2, task=crash_on_marker) as pool:
        out = list(pool.prepare(batches))
        assert pool.restarts == 3  # the batch; the batch again, on its own; the document on its own
    assert [[(p.subject.rsplit("/", 1)[1], p.article is not None) for p in b] for b in out] == [
        [("a", True), ("killer", False), ("c", True)], [("d", True), ("e", True)]]
    killed = out[0][1]
    assert killed.stage == "extract" and "worker process" in killed.message and "died" in killed.message


def test_python_m_newsloom_ingest_with_workers(tmp_path):
    """``python -m newsloom ingest --workers 1`` end to end, in a process of its own (the workers start
    from the command's main module)."""
    import os
    import subprocess
    import sys

    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"p{n}.html").write_bytes(page(n))
    env = {**os.environ, "NEWSLOOM_HOME": str(tmp_path / "home")}
    done = subprocess.run([sys.executable, "-m", "newsloom", "ingest", "--workers", "1", "--json", str(folder)],
                          check=False, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["counts"]["stored"] == 3
