"""Extraction throughput: newsloom vs trafilatura (default mode), pages/second on one core.

Both extractors get the same Scrapinghub pages (raw bytes + URL) in the same process, one
after the other, for several interleaved rounds; the best round of each counts. The F1 of
both on the same pages is reported beside the speed.

    .venv/bin/python -m bench.extract [--quick] [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from bench.report import write_section
from newsloom.errors import ExtractError
from newsloom.evaluate.extraction import iter_pages
from newsloom.evaluate.metrics import aggregate_shingles, shingle_scores
from newsloom.extract import extract_article
from newsloom.model import FetchedDocument

ROOT = Path(__file__).resolve().parent.parent
DATASET = Path(os.environ.get("NEWSLOOM_SHARED", ROOT.parent / "shared")) / "data" / "article-extraction-scrapinghub"


def _newsloom(doc: FetchedDocument) -> str:
    try:
        return extract_article(doc).text
    except ExtractError:
        return ""


def _trafilatura(doc: FetchedDocument) -> str:
    import trafilatura

    return trafilatura.extract(doc.body, url=doc.url) or ""


def _timed(fn, docs: list[FetchedDocument]) -> tuple[float, list[str]]:
    """CPU seconds of this process (robust to other jobs sharing the machine) and the outputs."""
    start = time.process_time()
    outputs = [fn(doc) for doc in docs]
    return time.process_time() - start, outputs


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="30 pages, one round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    pages = list(iter_pages(DATASET, limit=30 if args.quick else None))
    docs = [FetchedDocument(url=p.url or p.id, body=p.body, content_type="text/html") for p in pages]
    rounds = 1 if args.quick else args.rounds
    _timed(_newsloom, docs[:5]), _timed(_trafilatura, docs[:5])  # warm-up: imports, caches
    best: dict[str, float] = {}
    outputs: dict[str, list[str]] = {}
    for _ in range(rounds):
        for name, fn in (("newsloom", _newsloom), ("trafilatura default", _trafilatura)):
            seconds, outputs[name] = _timed(fn, docs)
            best[name] = min(best.get(name, seconds), seconds)
    rows = []
    for name, seconds in best.items():
        prf = aggregate_shingles(shingle_scores(p.truth or "", out) for p, out in zip(pages, outputs[name]))
        rows.append(f"| {name} | {len(docs) / seconds:.1f} | {prf.precision:.3f} | {prf.recall:.3f} | "
                    f"{prf.f1:.3f} |")
    ratio = best["trafilatura default"] / best["newsloom"]
    body = (f"{len(docs)} Scrapinghub pages (shared split), one core, CPU time of the process, best of {rounds} interleaved round(s).\n\n"
            "| extractor | pages/s | P | R | F1 |\n|---|---|---|---|---|\n" + "\n".join(rows)
            + f"\n\nnewsloom speed relative to trafilatura default mode: **{ratio:.2f}x** "
            "(newsloom includes metadata, credits and wire detection; trafilatura here extracts the body only).\n")
    print(body)
    command = ".venv/bin/python -m bench.extract" + (" --quick" if args.quick else "")
    write_section("extract", "Extraction throughput and quality (Scrapinghub)", body, command=command)


if __name__ == "__main__":
    main(sys.argv[1:])
