"""A worker process that dies or hangs, and a process that stops ingesting: with two workers, a crash fails every
batch in the workers' hands, yet only the document that killed a worker is lost; a pool left on an exception
stops its workers at once; ``newsloom ingest --workers`` stopped by SIGTERM or SIGKILL leaves no process behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from backfill import page
from helpers import ROOT
from newsloom.model import FetchedDocument
from newsloom.prepare import PreparePool
from pool_tasks import HANG, MARKER, crash_on_marker, hang_on_marker


def _doc(name: str, body: bytes) -> FetchedDocument:
    return FetchedDocument(url=f"https://w.example/{name}", body=body, content_type="text/html")


def _names(out) -> list[list[tuple[str, bool]]]:
    return [[(p.subject.rsplit("/", 1)[1], p.article is not None) for p in batch] for batch in out]


@pytest.mark.timeout(600)
def test_a_crash_with_two_workers_costs_only_the_document_that_killed_one():
    """The killer is in the second batch: the first, in the other worker's hands when the pool broke, fails with
    it, and must come back prepared (it was blamed and its documents failed before)."""
    batches = [[_doc(f"a{i}", page(i)) for i in range(4)],
               [_doc("killer", page(20) + MARKER), _doc("b1", page(21))],
               [_doc(f"c{i}", page(30 + i)) for i in range(3)],
               [_doc(f"d{i}", page(40 + i)) for i in range(2)]]
    with PreparePool(2, ahead=3, task=crash_on_marker) as pool:
        out = list(pool.prepare(batches))
        assert 1 <= pool.restarts <= 3
    assert _names(out) == [[(f"a{i}", True) for i in range(4)], [("killer", False), ("b1", True)],
                           [(f"c{i}", True) for i in range(3)], [("d0", True), ("d1", True)]]
    assert "died" in out[1][0].message


@pytest.mark.timeout(600)
def test_a_pool_broken_when_a_batch_is_handed_over_goes_on():
    """The workers have died of the first batch by the time the next is handed over: the hand-over finds the
    pool broken (it raised through the ingest before) and the pool starts again."""
    holder: dict[str, PreparePool] = {}

    def batches():
        yield [_doc("killer", page(1) + MARKER), _doc("b", page(2))]
        pool = holder["pool"]
        deadline = time.monotonic() + 300
        while not pool._pending[0].future.done() and time.monotonic() < deadline:  # the worker is dead
            time.sleep(0.05)
        yield [_doc("c", page(3))]
        yield [_doc("d", page(4))]

    with PreparePool(1, ahead=3, task=crash_on_marker) as pool:
        holder["pool"] = pool
        out = list(pool.prepare(batches()))
    assert _names(out) == [[("killer", False), ("b", True)], [("c", True)], [("d", True)]]


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie, dead but not yet reaped, does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _wait_for(check, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return check()


@pytest.mark.timeout(600)
def test_leaving_a_pool_on_an_exception_stops_a_hung_worker(tmp_path):
    """The store fails (or Ctrl-C comes) while a worker hangs on a document: the pool is left at once, the hung
    worker killed, instead of waiting for it forever."""
    flag = tmp_path / "hung.pid"
    outcome: list[str] = []

    def run() -> None:
        try:
            with PreparePool(1, ahead=2, task=hang_on_marker) as pool:
                batches = pool.prepare([[_doc("a", page(1))], [_doc("hang", page(2) + HANG + f"{flag}|".encode())]])
                outcome.append(_names([next(batches)])[0][0][0])
                assert _wait_for(lambda: flag.exists() and flag.read_text(), 300), "the worker never hung"
                raise RuntimeError("the store failed")
        except RuntimeError as exc:
            outcome.append(str(exc))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=300)
    assert not thread.is_alive(), "leaving the pool waited for its hung worker"
    assert outcome == ["a", "the store failed"]
    assert _wait_for(lambda: not _alive(int(flag.read_text())), 30)


def _descendants(pid: int) -> list[int]:
    """The processes started, directly or not, by process ``pid``."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [pid]
    while todo:
        kids = children.get(todo.pop(), [])
        found += kids
        todo += kids
    return found


@pytest.mark.timeout(900)
@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL"])
def test_ingest_with_workers_stopped_leaves_no_process_behind(tmp_path, how):
    """``newsloom ingest --workers 2`` stopped by SIGTERM (kill, timeout, a container stopping) says how far it
    got and exits 143, its workers stopped; killed outright (SIGKILL, the OOM killer), its workers, which watch
    it, and the fork server follow it within seconds. Either way what was stored stays stored."""
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(300):
        (folder / f"p{n:03d}.html").write_bytes(page(n))
    env = {**os.environ, "NEWSLOOM_HOME": str(tmp_path / "home"), "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen([sys.executable, "-m", "newsloom", "ingest", "--workers", "2", str(folder)], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # the workers (forked by the fork server, itself started by the ingest) are at work
        started = _wait_for(lambda: any(_descendants(kid) for kid in _descendants(proc.pid)), 300)
        assert started, proc.stderr.read() if proc.poll() is not None else "no worker started"
        time.sleep(2)
        family = _descendants(proc.pid)
        proc.send_signal(getattr(signal, how))
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert _wait_for(lambda: not any(_alive(pid) for pid in family), 60), [p for p in family if _alive(p)]
    if how == "SIGTERM":
        assert proc.returncode == 143, err
        assert "terminated: " in err and "run the same ingest again to finish" in err
    else:
        assert proc.returncode == -signal.SIGKILL


@pytest.mark.timeout(600)
def test_a_pool_given_up_on_midway_prepares_the_next_batches_alone():
    """A caller that stops reading (its store failed) and uses the pool again gets the new batches only."""
    with PreparePool(1, ahead=3) as pool:
        first = pool.prepare([[_doc(f"a{i}", page(i))] for i in range(4)])
        assert _names([next(first)]) == [[("a0", True)]]
        first.close()
        again = list(pool.prepare([[_doc("b", page(9))]]))
    assert _names(again) == [[("b", True)]]


@pytest.mark.timeout(600)
def test_a_document_over_the_time_limit_is_stopped_and_recorded(tmp_path):
    """With a time limit, a worker hung on a document (deaf to SIGTERM, as in C code) is killed and started
    again; the document becomes that input's failure, the others of its batch and after it are prepared, and
    the caller prepares no batch itself (nothing could stop it there)."""
    flag = tmp_path / "hung.pid"
    hang = _doc("hang", page(2) + HANG + f"{flag}|".encode())
    batches = [[_doc("a", page(1))], [hang, _doc("b", page(3))], [_doc("c", page(4))]]
    calls = []
    with PreparePool(1, ahead=2, time_limit=3, task=hang_on_marker) as pool:
        out = list(pool.prepare(batches, local=lambda items: calls.append(items) or []))
        assert pool.restarts == 3  # the batch; the batch again, on its own; the document on its own
        assert pool.local_batches == 0 and calls == []
    assert _names(out) == [[("a", True)], [("hang", False), ("b", True)], [("c", True)]]
    assert out[1][0].stage == "extract" and out[1][0].message == "took longer than 3 s to extract and embed (stopped)"
    assert _wait_for(lambda: not _alive(int(flag.read_text())), 30)


def test_the_time_limit_needs_workers_and_a_positive_value(tmp_path):
    from typer.testing import CliRunner

    from newsloom.cli import app

    with pytest.raises(ValueError):
        PreparePool(1, time_limit=0)
    path = tmp_path / "p.html"
    path.write_bytes(page(1))
    runner = CliRunner()
    alone = runner.invoke(app, ["ingest", "--time-limit", "30", "--data-dir", str(tmp_path / "h"), str(path)])
    assert alone.exit_code == 2 and "needs --workers" in alone.output
    assert runner.invoke(app, ["ingest", "--workers", "1", "--time-limit", "-1", "--data-dir", str(tmp_path / "h"),
                               str(path)]).exit_code == 2
    ok = runner.invoke(app, ["ingest", "--workers", "1", "--time-limit", "60", "--json", "--data-dir",
                             str(tmp_path / "h"), str(path)])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["counts"]["stored"] == 1
