"""``newsloom ingest``: a progress bar over the inputs (files, folders, http(s) URLs), one line per failure,
a summary (with the files of folders left out, and why), an exit code."""

from __future__ import annotations

import signal
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..pipeline import ItemResult, Pipeline
from ..prepare import PreparePool
from ..sources.files import SkippedFile, scan_input_files
from ..spark import SparkBackfillError, SparkPreparer
from . import render

OUTCOMES = ("stored", "duplicate", "suppressed", "error")  # every ItemResult.status
INTERRUPTED = 130  # the shell's code for a command stopped by Ctrl-C (SIGINT)
TERMINATED = 143  # and by SIGTERM (kill, timeout, a container stopping)
SKIPPED_SHOWN = 10  # skipped files named in the summary line (the JSON lists them all)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where Ctrl-C raises KeyboardInterrupt: the ingest stops the same way (what is stored
    stays stored, worker processes are stopped, how far it got is said)."""


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """While inside, SIGTERM raises :class:`Terminated` (in the main thread only, where signals are handled)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame) -> None:
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_ingest(nl, targets: Sequence[str], *, json_out: bool, allow_private: bool = False, workers: int = 0,
               time_limit: float | None = None, spark: str | None = None, spark_staging: Path | None = None) -> int:
    """Ingest ``targets``: files, folders and http(s) URLs (each fetched once as one page, politely: robots.txt,
    the internal-address guard unless ``allow_private``, size and time limits). Returns the exit code (1 if
    any input failed, after all were tried; 130 after Ctrl-C and 143 after SIGTERM, having said how far it got:
    what is stored stays stored). Files of a folder that are of no supported type are left out and named, without
    failing: the folder was asked for, not each file (a file given by name and of no supported type is an
    error). ``workers``: that many worker processes extract and embed ahead (``PreparePool``; 0: none), a
    document stopped after ``time_limit`` seconds (with workers only). ``spark``: a Spark master URL; its
    executors read the files and extract and embed them (``SparkPreparer``, staging under ``spark_staging``)."""
    from .fetching import is_url

    urls = [t for t in targets if is_url(t)]
    err = render.err_console()
    counts: Counter[str] = Counter({k: 0 for k in OUTCOMES})
    results: list = []
    before = nl.store.count_articles()
    try:
        with _sigterm_interrupts():
            scanned = scan_input_files([Path(t) for t in targets if not is_url(t)])  # Ctrl-C here counts too
            with PreparePool(workers, time_limit=time_limit) if workers else nullcontext() as pool, \
                    _spark(spark, spark_staging) as on_spark:
                n_inputs = _ingest(nl, [*scanned.files, *(_Url(u) for u in urls)], err, counts, results,
                                   allow_private=allow_private, pool=pool, spark=on_spark)
    except KeyboardInterrupt as stop:
        # counted in the store: the articles of a batch are stored one by one before the batch reports
        stored = max(counts["stored"], nl.store.count_articles() - before)
        err.print(f"{'terminated' if isinstance(stop, Terminated) else 'interrupted'}: {stored} stored so far; "
                  f"run the same ingest again to finish (what is stored is kept)",
                  highlight=False, markup=False, soft_wrap=True)
        return TERMINATED if isinstance(stop, Terminated) else INTERRUPTED
    if json_out:
        render.print_json({"counts": dict(counts), "results": [
            {"subject": r.subject, "status": r.status, "article_id": r.article_id, "story_id": r.story_id,
             "title": r.title, "message": r.message} for r in results],
            "skipped": [{"path": str(s.path), "reason": s.reason} for s in scanned.skipped]})
    err.print(f"{n_inputs} input(s), {len(results)} item(s): stored {counts['stored']}, "
              f"duplicates {counts['duplicate']}, "
              f"suppressed {counts['suppressed']}, errors {counts['error']}{_skipped(scanned.skipped)}",
              highlight=False, markup=False, soft_wrap=True)
    return 1 if counts["error"] else 0


def _skipped(skipped: Sequence[SkippedFile]) -> str:
    """"; skipped 2 file(s) (unsupported type: a.pdf, b.docx)" for the summary line ("" when none)."""
    if not skipped:
        return ""
    names = ", ".join(str(s.path) for s in skipped[:SKIPPED_SHOWN])
    more = f" and {len(skipped) - SKIPPED_SHOWN} more" if len(skipped) > SKIPPED_SHOWN else ""
    return f"; skipped {len(skipped)} file(s) (unsupported type: {names}{more})"


@dataclass(frozen=True, slots=True)
class _Url:
    """An http(s) URL among the inputs: fetched, not read from disk."""

    subject: str


@contextmanager
def _spark(master: str | None, staging: Path | None) -> Iterator[SparkPreparer | None]:
    """A ``SparkPreparer`` on a context for ``master`` (stopped on the way out), or None without one."""
    if master is None:
        yield None
        return
    from ..spark import spark_context, usable_staging

    usable_staging(staging)  # before the JVM starts: a folder that cannot be used is said at once
    context = spark_context(master)
    try:
        yield SparkPreparer(context, staging=staging)
    finally:
        context.stop()


def _ingest(nl, files: Sequence, err, counts: Counter[str], results: list, *, allow_private: bool,
            pool: PreparePool | None = None, spark: SparkPreparer | None = None) -> int:
    """Ingest ``files`` (from :func:`scan_input_files`, then ``_Url`` inputs) into ``counts`` and ``results``
    as it goes (so that an interruption knows how far it got); returns the number of inputs. With a
    ``pool``, files go to the pipeline a few batches per worker at a time, so that the workers prepare
    batches while this process stores the ones before; with ``spark``, all files go to Spark in one job whose
    batches come back in order (URLs are fetched here)."""
    from .fetching import fetch_documents

    columns = (TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TextColumn("{task.fields[name]}"))
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("ingest", total=len(files), name="")

        def record(done: Iterable) -> None:
            for res in done:
                counts[res.status] += 1
                results.append(res)
                if res.status == "error":
                    progress.console.print(f"[red]error[/red] {escape(res.subject)}: {escape(res.message)}",
                                           highlight=False, markup=True)

        rest = files
        if spark is not None:
            rest = [item for item in files if isinstance(item, _Url)]
            try:
                for n_files, batch in spark.prepare_files([f for f in files if not isinstance(f, _Url)],
                                                          now=nl.clock()):
                    record(nl.ingest_prepared(batch) if batch else ())
                    progress.advance(task, n_files)
            except SparkBackfillError as exc:  # the files from there on were not ingested: one error says so
                record([ItemResult("Spark job", "error", message=exc.message)])
        step = Pipeline.BATCH_SIZE * (pool.ahead if pool else 1)  # the class's: the pipeline is built by the first batch
        for start in range(0, len(rest), step):
            chunk = rest[start:start + step]
            progress.update(task, name=escape(Path(str(getattr(chunk[-1], "subject", chunk[-1]))).name[:50]))
            paths = [item for item in chunk if not isinstance(item, _Url)]
            urls = [item.subject for item in chunk if isinstance(item, _Url)]
            docs = fetch_documents(urls, allow_private=allow_private, allowed_hosts=nl.settings.allowed_hosts)
            record([*(nl.ingest_files(paths, pool=pool) if paths else ()),
                    *(nl.ingest_documents(docs, pool=pool) if docs else ())])
            progress.advance(task, len(chunk))
    return len(files)
