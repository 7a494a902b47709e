"""Backfills on Apache Spark (``newsloom.spark``, ``newsloom ingest --spark MASTER``): the executors read the
files and extract and embed them, the driver traces, clusters and stores in input order; the store ends up as
the one-process ingest leaves it. Real Spark (a ``local[2]`` master: a JVM and Python worker processes) for
the store and the CLI; a context run in this process for the driver's order, failures and cancelling."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading

import pytest

from backfill import NOW, backfill_inputs, page, snapshot
from newsloom.cli import app
from newsloom.spark import SparkBackfillError, SparkPreparer, prepare_partition, spark_context

pytestmark = pytest.mark.slow


@pytest.fixture()
def inputs(tmp_path, seeds_dir):
    return backfill_inputs(tmp_path, seeds_dir)


def _on(preparer: SparkPreparer, paths):
    """An ingest through ``preparer``: its results, and the files done as it reported them."""
    done = []

    def ingest(nl):
        results = []
        for n_files, batch in preparer.prepare_files(nl.input_files(paths), now=NOW):
            results += nl.ingest_prepared(batch)
            done.append(n_files)
        return results

    return ingest, done


def test_spark_executors_store_what_one_process_stores(tmp_path, inputs):
    alone = snapshot(tmp_path, "alone", lambda nl: nl.ingest_files(nl.input_files(inputs)))
    context = spark_context("local[2]")
    try:
        assert context.defaultParallelism == 2
        preparer = SparkPreparer(context, staging=tmp_path / "staging", partitions=5)
        ingest, done = _on(preparer, inputs)
        on_spark = snapshot(tmp_path, "spark", ingest)
    finally:
        context.stop()
    assert on_spark == alone  # results in order, articles, stories, provenance, recorded errors
    assert sum(done) == len(inputs) and done.count(0) < len(done)
    statuses = [r[0] for r in alone[0]]
    assert statuses.count("stored") == 43 and statuses.count("error") == 3
    assert not any((tmp_path / "staging").iterdir())  # each run's folder is removed


def test_cli_ingest_on_spark(tmp_path, inputs):
    """``python -m newsloom ingest --spark 'local[2]'`` in a process of its own (its own JVM), then again: all
    duplicates. What it prints on stdout is the JSON only (Spark's logging goes to stderr, errors only)."""
    folder = str(inputs[0].parent)
    cmd = [sys.executable, "-m", "newsloom", "ingest", "--spark", "local[2]", "--json", "--data-dir",
           str(tmp_path / "cli"), folder]
    env = {**os.environ, "NO_COLOR": "1"}
    first = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=600, env=env, cwd=tmp_path)
    assert first.returncode == 1, first.stderr[-3000:]  # two inputs of the folder fail
    assert json.loads(first.stdout)["counts"] == {"stored": 43, "duplicate": 0, "suppressed": 0, "error": 2}
    assert "stored 43, duplicates 0, suppressed 0, errors 2" in first.stderr
    again = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=600, env=env, cwd=tmp_path)
    assert json.loads(again.stdout)["counts"]["duplicate"] == 43


def test_cli_spark_options_are_checked(tmp_path):
    from typer.testing import CliRunner

    runner = CliRunner()
    both = runner.invoke(app, ["ingest", "--spark", "local[1]", "--workers", "1", "--data-dir", str(tmp_path), "x"])
    assert both.exit_code == 2 and "exclude each other" in both.output
    staging = runner.invoke(app, ["ingest", "--spark-staging", str(tmp_path), "--data-dir", str(tmp_path), "x"])
    assert staging.exit_code == 2 and "needs --spark" in staging.output


def test_without_pyspark_the_error_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)  # import pyspark raises ImportError
    with pytest.raises(SparkBackfillError, match=r"pip install 'newsloom\[spark\]'"):
        spark_context("local[1]")


# -- the driver's side, with a context run in this process --------------------------------------------------

class _Context:
    """Enough of a SparkContext for ``SparkPreparer``: the job runs each partition's task in this process, in
    ``order``, raising as a failed Spark job does at partition ``fail_at``; ``hold`` keeps the job running (after
    the first partition) until the job group is cancelled."""

    defaultParallelism = 2

    def __init__(self, *, order=None, fail_at=None, hold=False):
        self.order, self.fail_at, self.hold = order, fail_at, hold
        self.cancelled: list[str] = []
        self._cancel = threading.Event()

    def parallelize(self, runs, slices):
        assert slices == len(runs)
        self.runs = runs
        return _Rdd(self, runs)

    def setJobGroup(self, group, description, interruptOnCancel=False):
        self.group = group

    def cancelJobGroup(self, group):
        self.cancelled.append(group)
        self._cancel.set()

    def stop(self):
        self.stopped = True


class _Rdd:
    def __init__(self, context, runs):
        self.context, self.runs = context, runs

    def mapPartitionsWithIndex(self, task):
        self.task = task
        return self

    def sum(self):
        ctx, total = self.context, 0
        for k, index in enumerate(ctx.order or range(len(self.runs))):
            if index == ctx.fail_at:
                raise RuntimeError("An error occurred while calling collectAndServe.\nTraceback (most recent call "
                                   "last):\n  File \"worker.py\", line 1, in main\nMemoryError: out of memory\n")
            total += sum(self.task(index, iter([self.runs[index]])))
            if ctx.hold and k == 0 and ctx._cancel.wait(60):
                raise RuntimeError("Job cancelled")
        return total


def _files(tmp_path, n):
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(n):
        (folder / f"p{i:02d}.html").write_bytes(page(i))
    return sorted(folder.iterdir())


def test_batches_come_in_input_order_whatever_order_the_partitions_finish(tmp_path):
    files = _files(tmp_path, 6)
    context = _Context(order=[2, 1, 0])  # the last partition first
    out = list(SparkPreparer(context, partitions=3, batch_size=1, staging=tmp_path / "s").prepare_files(files, now=NOW))
    subjects = [p.subject.rsplit("/", 1)[1] for _, batch in out for p in batch]
    assert subjects == [f.name for f in files]
    assert [n for n, batch in out if not batch] == [2, 2, 2]  # each partition's files, once it is read
    assert context.cancelled == []


def test_a_failed_job_is_said_after_the_partitions_before_it(tmp_path):
    files = _files(tmp_path, 4)
    preparer = SparkPreparer(_Context(fail_at=1), partitions=2, staging=tmp_path / "s")
    got = []
    with pytest.raises(SparkBackfillError) as failed:
        for _, batch in preparer.prepare_files(files, now=NOW):
            got += [p.subject.rsplit("/", 1)[1] for p in batch]
    assert got == ["p00.html", "p01.html"]  # the first partition's, prepared before the job failed
    message = failed.value.message
    assert "partition of 2 file(s) from" in message and message.endswith("MemoryError: out of memory")
    assert failed.value.subject is None and str(files[2]) in message  # no file to blame: it says where it stopped
    assert not any((tmp_path / "s").iterdir())


def test_leaving_early_cancels_the_job_and_removes_the_staging_folder(tmp_path):
    files = _files(tmp_path, 4)
    context = _Context(hold=True)
    batches = SparkPreparer(context, partitions=2, staging=tmp_path / "s").prepare_files(files, now=NOW)
    n_files, first = next(batches)
    assert n_files == 0 and first
    batches.close()  # the caller stops reading (Ctrl-C, an error storing)
    assert context.cancelled == [context.group]
    assert not any((tmp_path / "s").iterdir())


def test_a_partition_reads_its_files_and_says_what_could_not_be_read(tmp_path):
    files = _files(tmp_path, 3)
    items = [str(files[0]), ("error", "no such file or folder", str(tmp_path / "gone.html")), str(files[1])]
    batches = list(prepare_partition(items, now=NOW, batch_size=2))
    assert [len(b) for b in batches] == [2, 1]
    first, gone, second = [p for b in batches for p in b]
    assert first.article is not None and first.features is not None and second.article is not None
    assert (gone.article, gone.stage, gone.subject, gone.message) == (None, "read", str(tmp_path / "gone.html"),
                                                                      "no such file or folder")


def test_an_empty_list_of_files_starts_no_job(tmp_path):
    context = _Context(fail_at=0)
    assert list(SparkPreparer(context, staging=tmp_path).prepare_files([], now=NOW)) == []
    assert not hasattr(context, "group")


def test_paths_go_to_the_executors_absolute(tmp_path, monkeypatch):
    files = _files(tmp_path, 2)
    monkeypatch.chdir(tmp_path)
    context = _Context()
    relative = [f.relative_to(tmp_path) for f in files]
    out = list(SparkPreparer(context, partitions=1, staging=tmp_path / "s").prepare_files(relative, now=NOW))
    assert context.runs == [[str(f) for f in files]]  # an executor's working folder is its own
    assert [p.article is not None for _, batch in out for p in batch] == [True, True]


def test_a_failed_job_is_one_error_of_the_ingest_with_its_cause(tmp_path, monkeypatch):
    """Through the CLI: the files prepared before the failure are stored, the failure is one error saying what
    Spark said (a crashed worker), and the summary and the JSON still come."""
    from typer.testing import CliRunner

    import newsloom.spark as spark_module

    files = _files(tmp_path, 4)
    context = _Context(fail_at=1)
    monkeypatch.setattr(spark_module, "spark_context", lambda master: context)
    crash = ("An error occurred while calling z:PythonRDD.collectAndServe.\n: org.apache.spark.SparkException: Job "
             "aborted due to stage failure: Lost task 1.0 (TID 1) (127.0.0.1 executor driver): "
             "org.apache.spark.SparkException: Python worker exited unexpectedly (crashed)\n\tat org.apache.Foo")
    monkeypatch.setattr(_Rdd, "sum", lambda self: (list(self.task(0, iter([self.runs[0]]))), _raise(crash)))
    out = CliRunner().invoke(app, ["ingest", "--spark", "local[2]", "--json", "--data-dir", str(tmp_path / "h"),
                                   str(files[0].parent)])
    assert out.exit_code == 1, (out.output, out.exception)
    report = json.loads(out.stdout)
    assert report["counts"] == {"stored": 1, "duplicate": 0, "suppressed": 0, "error": 1}  # 4 partitions of 1
    (failed,) = [r for r in report["results"] if r["status"] == "error"]
    assert failed["subject"] == "Spark job" and failed["message"].endswith("Python worker exited unexpectedly (crashed)")
    assert "partition of 1 file(s) from" in failed["message"] and getattr(context, "stopped", False)


def _raise(message):
    raise RuntimeError(message)


def test_an_unusable_staging_folder_is_said_before_spark_starts(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import newsloom.spark as spark_module

    started = []
    monkeypatch.setattr(spark_module, "spark_context", lambda master: started.append(master))
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    out = CliRunner().invoke(app, ["ingest", "--spark", "local[1]", "--spark-staging", str(blocker / "sub"),
                                   "--data-dir", str(tmp_path / "h"), str(blocker)])
    assert out.exit_code == 1 and "staging folder cannot be used" in out.output and "Traceback" not in out.output
    assert started == []


def test_a_ctrl_c_while_spark_starts_waits_for_it_then_stops_it(monkeypatch):
    import signal

    import pyspark

    class Started:
        stopped = False

        def stop(self):
            Started.stopped = True

        def setLogLevel(self, level):
            pass

    def start(conf):
        os.kill(os.getpid(), signal.SIGINT)  # the JVM starting, the user pressing Ctrl-C
        return Started()

    monkeypatch.setattr(pyspark.SparkContext, "getOrCreate", staticmethod(start))
    with pytest.raises(KeyboardInterrupt):
        spark_context("local[1]")
    assert Started.stopped  # not left running with no one to stop it


def test_what_a_failed_spark_job_says_in_one_line():
    from newsloom.spark import _cause

    python = RuntimeError("An error occurred.\nTraceback (most recent call last):\n  File \"w.py\", line 1\n"
                          "MemoryError: out of memory\n")
    assert _cause(python) == "MemoryError: out of memory"
    java = RuntimeError("An error occurred while calling x.\n: org.apache.spark.SparkException: Job 0 cancelled "
                        "because SparkContext was shut down\n\tat org.apache.spark.Foo")
    assert _cause(java) == "Job 0 cancelled because SparkContext was shut down"
    assert _cause(RuntimeError("[JAVA_GATEWAY_EXITED] Java gateway process exited.")) == \
        "[JAVA_GATEWAY_EXITED] Java gateway process exited."


def test_a_worker_loads_its_model_once_for_all_its_tasks(tmp_path, monkeypatch):
    import newsloom.embed as embed_module
    import newsloom.spark as spark_module

    loads = []
    real = embed_module.Embedder.for_stories

    def counted():
        loads.append(1)
        return real()

    monkeypatch.setattr(spark_module, "_embedders", {})
    monkeypatch.setattr(embed_module.Embedder, "for_stories", staticmethod(counted))
    files = _files(tmp_path, 6)
    out = list(SparkPreparer(_Context(), partitions=3, staging=tmp_path / "s").prepare_files(files, now=NOW))
    assert sum(len(batch) for _, batch in out) == 6 and loads == [1]  # three tasks in this process, one load
