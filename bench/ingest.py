"""End-to-end ingest throughput beside trafilatura's extraction alone, same pages, same run.

    .venv/bin/python -m bench.ingest [--quick] [--dataset DIR]

Pages: the Scrapinghub benchmark pages in ../shared/data (gzipped HTML). newsloom's figure is the
whole pipeline (read, extract, trace, stories, index, store into a fresh SQLite file); the
reference is ``trafilatura.extract(html)`` in its default mode. Both run on one core
(torch and BLAS limited to one thread). The first three pages are ingested untimed into the same
store first (they load both embedding models, a start-up cost); both systems are timed on the rest.
The two are timed in turn ``--repeat`` times (a fresh store each time) and the median ratio is
reported with every run's figures, so that one noisy run does not decide.
"""

from __future__ import annotations

import argparse
import gzip
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "article-extraction-scrapinghub" / "html"


def _pages(folder: Path, limit: int | None) -> list[Path]:
    pages = sorted(folder.glob("*.html.gz"))
    return pages[:limit] if limit else pages


def time_trafilatura(pages: list[Path]) -> float:
    import trafilatura

    htmls = [gzip.decompress(p.read_bytes()).decode("utf-8", errors="replace") for p in pages]
    start = time.perf_counter()
    for html in htmls:
        trafilatura.extract(html)
    return time.perf_counter() - start


def time_newsloom(pages: list[Path], warmup: list[Path], *, workers: int = 0) -> tuple[float, dict]:
    """Wall-clock seconds to ingest ``pages`` into a fresh store whose process has ingested ``warmup``
    first (loading its models: a start-up cost, not timed), and the outcomes. With ``workers``, a
    ``PreparePool`` of that many processes (started inside the timing) extracts and embeds ahead, the
    files handed over as `newsloom ingest --workers` does."""
    from newsloom.config import Settings
    from newsloom.core import open_newsloom
    from newsloom.prepare import PreparePool

    with tempfile.TemporaryDirectory() as tmp:
        nl = open_newsloom(Settings(data_dir=Path(tmp) / "run"))
        nl.ingest_files(nl.input_files(warmup))
        nl.pipeline.embedder.encode(["warm up the sentence model the trace stage uses"])
        counts: dict[str, int] = {}
        start = time.perf_counter()
        pool = PreparePool(workers) if workers else None
        try:
            step = len(pages) if pool is None else 16 * pool.ahead
            for i in range(0, len(pages), step):
                for res in nl.ingest_files(nl.input_files(pages[i:i + step]), pool=pool):
                    counts[res.status] = counts.get(res.status, 0) + 1
        finally:
            if pool is not None:
                pool.close()
        elapsed = time.perf_counter() - start
        nl.close()
    return elapsed, counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="30 pages instead of all")
    parser.add_argument("--dataset", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of both systems, in turn")
    args = parser.parse_args(argv)
    import torch

    torch.set_num_threads(1)
    pages = _pages(args.dataset, 30 if args.quick else None)
    if not pages:
        raise SystemExit(f"no pages in {args.dataset}: the shared corpus is missing")
    runs = []
    for _ in range(max(1, args.repeat)):
        traf = time_trafilatura(pages[3:])
        ours, counts = time_newsloom(pages[3:], pages[:3])
        runs.append((traf, ours))
    n = len(pages) - 3
    runs.sort(key=lambda r: r[0] / r[1])
    traf, ours = runs[len(runs) // 2]
    body = (
        f"{n} Scrapinghub pages, one core, median of {len(runs)} runs (each: trafilatura, then newsloom into a fresh "
        "store).\n\n"
        "| what | seconds | pages/s | ms/page |\n|---|---|---|---|\n"
        f"| trafilatura.extract (default mode) alone | {traf:.2f} | {n / traf:.1f} | {1000 * traf / n:.1f} |\n"
        f"| newsloom ingest, every stage into SQLite | {ours:.2f} | {n / ours:.1f} | {1000 * ours / n:.1f} |\n\n"
        f"newsloom end to end runs at **{traf / ours:.2f}x** trafilatura's extraction-only throughput (median run; "
        f"all runs: {', '.join(f'{t / o:.2f}x' for t, o in runs)}). Outcomes of the last run: {counts}.\n"
    )
    from bench.report import write_section

    write_section("ingest", "End-to-end ingest vs trafilatura extraction", body,
                  command="make bench  (or: .venv/bin/python -m bench.ingest" + (" --quick)" if args.quick else ")"))
    print(body)


if __name__ == "__main__":
    main()
