"""Backfill throughput: ingest with extraction and story features in worker processes (``PreparePool``,
``newsloom ingest --workers N``) and on Spark's executors (``newsloom ingest --spark MASTER``) against the
one-process ingest, same pages, same run.

    .venv/bin/python -m bench.backfill [--quick] [--workers 1 2] [--spark 'local[2]']

Pages: every HTML page of the shared extraction corpora (Scrapinghub, trafilatura's evaluation set,
readability's test pages; gzipped or not), ingested from disk into a fresh SQLite store each time, wall
clock from the first page read to the last stored, pool start-up (the fork server importing the libraries, each worker loading
its model) included; the one-process run's model loading is not (its first three pages are ingested
untimed first, as ``bench.ingest`` does). Each process uses one thread for torch and BLAS. The
stateful stages (trace, stories, store) stay in one process in arrival order: the workers can take
only extraction and story embedding off it.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from bench.ingest import time_newsloom

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ("article-extraction-scrapinghub", "article-extraction-trafilatura-eval",
           "article-extraction-readability-testpages")


def pages(shared: Path, limit: int | None) -> list[Path]:
    found = sorted(p for name in CORPORA for p in (shared / name).rglob("*")
                   if p.name.endswith((".html", ".htm", ".html.gz", ".htm.gz")))
    return found[:limit] if limit else found


def _stop_fork_server() -> None:
    """Stop multiprocessing's fork server if an earlier run started one (a private call: Python has no public
    one; without it, every run after the first would find the libraries imported already)."""
    from multiprocessing import forkserver

    stop = getattr(forkserver._forkserver, "_stop", None)
    if stop is not None:
        stop()


def time_spark(pages: list[Path], warmup: list[Path], master: str) -> tuple[float, dict]:
    """``time_newsloom`` with Spark's executors preparing the pages (``newsloom ingest --spark MASTER``): the
    context's start (the JVM, the Python workers, their model) timed too."""
    import tempfile
    import time

    from newsloom.config import Settings
    from newsloom.core import open_newsloom
    from newsloom.spark import SparkPreparer, spark_context

    with tempfile.TemporaryDirectory() as tmp:
        nl = open_newsloom(Settings(data_dir=Path(tmp) / "run"))
        nl.ingest_files(nl.input_files(warmup))
        counts: dict[str, int] = {}
        start = time.perf_counter()
        context = spark_context(master)
        try:
            for _, batch in SparkPreparer(context, staging=Path(tmp)).prepare_files(nl.input_files(pages),
                                                                                   now=nl.clock()):
                for res in nl.ingest_prepared(batch):
                    counts[res.status] = counts.get(res.status, 0) + 1
        finally:
            context.stop()
        elapsed = time.perf_counter() - start
        nl.close()
    return elapsed, counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="200 pages instead of all")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--spark", nargs="*", default=["local[2]"], metavar="MASTER",
                        help="Spark masters to time too (default: local[2]; none: leave Spark out)")
    args = parser.parse_args(argv)
    import torch

    torch.set_num_threads(1)
    found = pages(args.shared, 203 if args.quick else None)
    if len(found) < 10:
        raise SystemExit(f"no pages under {args.shared}: the shared corpora are missing")
    warmup, timed = found[:3], found[3:]
    rows, base = [], None
    for workers in [0, *args.workers]:
        _stop_fork_server()  # each run starts its own: its imports (about 5 s of CPU) are part of a pool's start-up
        elapsed, counts = time_newsloom(timed, warmup, workers=workers)
        base = base or elapsed
        label = "one process (`newsloom ingest`)" if not workers else \
            f"{workers} worker process(es) + the storing one (`--workers {workers}`)"
        rows.append(f"| {label} | {elapsed:.1f} | {len(timed) / elapsed:.1f} | {base / elapsed:.2f}x | {counts} |")
        print(rows[-1], flush=True)
    for master in args.spark:
        elapsed, counts = time_spark(timed, warmup, master)
        rows.append(f"| Spark `{master}` executors + the storing driver (`--spark '{master}'`) | {elapsed:.1f} | "
                    f"{len(timed) / elapsed:.1f} | {base / elapsed:.2f}x | {counts} |")
        print(rows[-1], flush=True)
    cores = os.cpu_count()
    body = (f"{len(timed)} HTML pages of the shared extraction corpora, wall clock, {cores} cores, fresh store "
            "each run (worker start-up included).\n\n"
            "| ingest | seconds | pages/s | speed-up | outcomes |\n|---|---|---|---|---|\n" + "\n".join(rows) + "\n")
    from bench.report import write_section

    write_section("backfill", "Backfill: extraction and embedding in worker processes", body,
                  command=".venv/bin/python -m bench.backfill" + (" --quick" if args.quick else ""))
    print(body)


if __name__ == "__main__":
    main()
