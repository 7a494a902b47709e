"""Backfills on Apache Spark: the executors read the input files, extract and embed them (``prepare_batch``);
the driver traces, clusters and stores the articles in the order of the inputs (``Pipeline.add_prepared``).

    newsloom ingest --spark 'local[2]' archive/*.warc.gz      (pip install 'newsloom[spark]'; Java 17 or newer)

The inputs are cut into runs of files, one Spark partition each (one file per partition once there are fewer
files than ``partitions``: a crawl archive's WARC files). The task of a partition writes its ``Prepared``
records batch by batch to a file of a staging folder, renamed into place when the task has finished (a task
tried again never leaves half a file to read). The Spark job runs in a thread of the driver, which reads the
partitions' files in order as they appear and deletes each once read, while the executors prepare the next
ones: every executor core works, memory stays bounded on both sides (a batch at a time), and the stateful
stages see the articles in input order, as ``newsloom ingest`` without Spark does. The staging folder must be
one that the executors and the driver both see (any local folder with a ``local[N]`` master, a shared file
system on a cluster), with room for the partitions prepared and not yet read (when the executors run ahead of
the driver: a few kilobytes an article, its text and features).

A partition whose task fails (Spark tries it again as its ``spark.task.maxFailures`` says: once with a local
master) fails the job: the driver raises :class:`SparkBackfillError` when it reaches that partition, having
stored everything before it. A document that only raises is its own error, as everywhere (``prepare_batch``);
what kills a task is a crash of the process (out of memory, a native library's fault).
"""

from __future__ import annotations

import os
import pickle
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from .errors import InputError, NewsloomError
from .prepare import Prepared, prepare_batch

__all__ = ["SparkBackfillError", "SparkPreparer", "prepare_partition", "spark_context", "usable_staging"]

LOG_CONFIG = Path(__file__).parent / "data" / "spark-log4j2.properties"  # the driver's: errors only, to stderr
Item = str | tuple[str, str, str | None]  # a file's path, or ("error", message, subject) for an InputError


class SparkBackfillError(NewsloomError):
    """The Spark job failed (a task failed as often as Spark allows, the cluster went away, ...)."""


def spark_context(master: str, *, app: str = "newsloom ingest"):
    """A SparkContext for ``master`` ('local[2]', 'spark://host:7077', 'yarn', ...); Spark's own progress bar
    and its logging below errors off (newsloom shows its own). With a local master the driver listens on
    127.0.0.1 only, and the executors run this Python (``PYSPARK_PYTHON``, ``SPARK_LOCAL_IP``: unless set)."""
    try:
        from pyspark import SparkConf, SparkContext
    except ImportError as exc:
        raise SparkBackfillError("--spark needs PySpark: pip install 'newsloom[spark]' (and Java 17 or newer)") from exc
    if master.startswith("local"):  # read by the JVM Spark starts and by the workers it forks (unless set)
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    conf = SparkConf().setMaster(master).setAppName(app)
    conf.setIfMissing("spark.ui.showConsoleProgress", "false").setIfMissing("spark.log.level", "ERROR")
    conf.setIfMissing("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={LOG_CONFIG.as_uri()}")
    if master.startswith("local"):
        conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1")
        conf.setIfMissing("spark.ui.enabled", "false")
    context = None
    try:
        with _signals_held():  # Ctrl-C while the JVM starts would leave it running, orphaned: held till it is up
            context = SparkContext.getOrCreate(conf)
        context.setLogLevel("ERROR")
    except Exception as exc:  # no Java, a master that cannot be reached: said, not a traceback
        if context is not None:
            context.stop()
        raise SparkBackfillError(f"cannot start Spark with master {master!r}: {_cause(exc)}") from exc
    except BaseException:  # the Ctrl-C or SIGTERM held meanwhile: the JVM is up, and stopped
        if context is not None:
            context.stop()
        raise
    return context


@contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait while inside, then take effect as they would have (the handlers in place before,
    called once it is left: KeyboardInterrupt for Ctrl-C). Python runs signal handlers in the main thread only,
    whichever thread the signal reached, so elsewhere nothing is held."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM)
    previous = {signum: signal.signal(signum, lambda signum, frame: caught.append(signum)) for signum in held}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for signum in caught[:1]:  # the first one, as it would have been handled
            handler = previous[signum]
            if callable(handler):
                handler(signum, None)
            elif handler == signal.SIG_DFL:
                signal.raise_signal(signum)


def usable_staging(staging: Path | None) -> None:
    """Make sure the staging folder (or the temporary folder, for None) exists and takes files: a
    :class:`SparkBackfillError` saying why not, instead of a failure once Spark has started."""
    folder = Path(staging) if staging is not None else Path(tempfile.gettempdir())
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise SparkBackfillError(f"the staging folder cannot be used: {exc.strerror or exc}",
                                 subject=str(folder)) from exc


def prepare_partition(items: Iterable[Item], *, now: datetime, batch_size: int, embedder=None) -> Iterator[list[Prepared]]:
    """Read ``items`` (paths; ``("error", message, subject)`` for an input that could not be had) and prepare
    them batch by batch: what one Spark task does with its partition. ``embedder``: the story embedder (when
    None, this worker's: loaded by its first task, offline: the model ships in a package)."""
    from .pipeline import batched
    from .sources.files import iter_inputs

    if embedder is None:
        embedder = _executor_embedder()
    files = (InputError(item[1], subject=item[2]) if isinstance(item, tuple) else item for item in items)
    for batch in batched(iter_inputs(files, now=now), batch_size):
        yield prepare_batch(batch, embedder=embedder)


_embedders: dict[int, object] = {}  # an executor's story embedder, by process id: filled by its first task, never on import


def _executor_embedder():
    """The story embedder of this Python worker, loaded (offline) by its first task and kept for the next ones:
    Spark reuses a worker for task after task (``spark.python.worker.reuse``), and loading costs about 0.7 s."""
    pid = os.getpid()  # a worker forked from another that had loaded it loads its own
    if pid not in _embedders:
        from .embed import Embedder, offline_environment

        offline_environment()
        _embedders.clear()
        _embedders[pid] = Embedder.for_stories()  # as the pipeline embeds story features
    return _embedders[pid]


def _part(staging: str, index: int) -> Path:
    return Path(staging) / f"part-{index:05d}"


def _task(staging: str, now: datetime, batch_size: int) -> Callable[[int, Iterator[list[Item]]], Iterator[int]]:
    """The function each Spark task runs over its partition (one element: its run of files)."""

    def run(index: int, runs: Iterator[list[Item]]) -> Iterator[int]:
        final = _part(staging, index)
        partial = final.with_name(f"{final.name}.{uuid.uuid4().hex}.partial")  # this attempt's own
        n = 0
        with partial.open("wb") as out:
            for items in runs:
                for prepared in prepare_partition(items, now=now, batch_size=batch_size):
                    pickle.dump(prepared, out, protocol=pickle.HIGHEST_PROTOCOL)
                    n += len(prepared)
        os.replace(partial, final)  # whole, or not there at all
        yield n

    return run


class SparkPreparer:
    """Prepare input files on a Spark cluster (``context``), batch by batch in input order; see the module's
    documentation. ``staging``: the folder under which each run makes its own (default: the system's
    temporary folder, fine with a local master); ``partitions``: how many runs of files to cut the inputs into
    (default: four per core of the cluster)."""

    def __init__(self, context, *, staging: Path | None = None, partitions: int | None = None,
                 batch_size: int | None = None, poll: float = 0.05) -> None:
        from .pipeline import Pipeline

        self.context = context
        self.staging = staging
        self.partitions = partitions
        self.batch_size = batch_size or Pipeline.BATCH_SIZE
        self.poll = poll

    def prepare_files(self, files: Sequence[Path | str | InputError], *, now: datetime
                      ) -> Iterator[tuple[int, list[Prepared]]]:
        """(files done, batch) in input order: each batch of ``Prepared``, and once a partition is read, the
        number of its files (with an empty batch). Leaving early (an exception, ``close()``) cancels the job."""
        # absolute: an executor resolves a relative path against its own working folder
        items: list[Item] = [("error", f.message, f.subject) if isinstance(f, InputError) else str(Path(f).resolve())
                             for f in files]
        if not items:
            return
        cuts = min(len(items), self.partitions or 4 * self.context.defaultParallelism)
        runs = [items[i * len(items) // cuts:(i + 1) * len(items) // cuts] for i in range(cuts)]
        usable_staging(self.staging)
        staging = tempfile.mkdtemp(prefix="newsloom-spark-", dir=self.staging)
        group = f"newsloom-{uuid.uuid4().hex}"
        rdd = self.context.parallelize(runs, len(runs))
        task = _task(staging, now, self.batch_size)

        def job() -> int:
            self.context.setJobGroup(group, "newsloom ingest: extract and embed", interruptOnCancel=True)
            return rdd.mapPartitionsWithIndex(task).sum()

        try:
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsloom-spark") as pool:
                future = pool.submit(job)
                try:
                    for index, run in enumerate(runs):
                        part = self._wait(_part(staging, index), future, run)
                        with part.open("rb") as source:
                            while True:
                                try:
                                    batch = pickle.load(source)
                                except EOFError:
                                    break
                                yield 0, batch
                        part.unlink()
                        yield len(run), []
                    future.result()
                finally:
                    if not future.done():
                        self.context.cancelJobGroup(group)
        finally:  # once the job has ended (the pool waits for it): no task writes here any more
            shutil.rmtree(staging, ignore_errors=True)

    def _wait(self, part: Path, future: Future, run: list[Item]) -> Path:
        """Wait for a partition's file: there once its task has finished, never if the job failed."""
        while not part.exists():
            if future.done():
                if part.exists():
                    break
                exc = future.exception()
                first = run[0] if isinstance(run[0], str) else run[0][2]
                raise SparkBackfillError(f"the Spark job failed before the partition of {len(run)} file(s) from "
                                         f"{first} was prepared, so it and those after it were not ingested (the "
                                         f"ingest again stores them; what is stored comes back as duplicates): "
                                         f"{_cause(exc)}") from exc
            time.sleep(self.poll)
        return part


def _cause(exc: BaseException | None) -> str:
    """What a failed Spark job (or start) says in one line: the Python exception an executor raised (the last
    line of its traceback inside the JVM's message), else the innermost Java exception's message ('Python
    worker exited unexpectedly (crashed)', 'Job 0 cancelled because SparkContext was shut down'), else the
    message's first line."""
    if exc is None:
        return "the job ended without this partition's output"
    lines = str(exc).splitlines()
    if "Traceback (most recent call last):" in lines:
        after = lines[lines.index("Traceback (most recent call last):") + 1:]
        raised = [line for line in after if line and not line[0].isspace()]
        if raised:
            return raised[0]
    for line in lines:
        found = _JAVA_EXCEPTION.findall(line)
        if found:
            return found[-1].strip()
    return next((line.strip() for line in lines if line.strip()), type(exc).__name__)


# "org.apache.spark.SparkException: <message>": the message after the last such name on a line
_JAVA_EXCEPTION = re.compile(r"(?:[a-z]\w*\.)+[A-Z]\w*(?:Exception|Error): ((?:(?!(?:[a-z]\w*\.)+[A-Z]\w*(?:Exception|Error): ).)+)$")
