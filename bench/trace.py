"""Trace benchmark: near-duplicate check against 1,000,000 fingerprints on one core, index memory
per article, and the cost of the semantic rewrite check (run only on candidates).

    .venv/bin/python -m bench.trace            # 1,000,000 synthetic fingerprints
    .venv/bin/python -m bench.trace --quick    # 100,000

The index population is synthetic (random signatures and paragraph keys, the statistical shape of
unrelated articles); the queries are real article bodies from ../shared (BASIL and Scrapinghub),
half of them also inserted into the index so that queries have real hits.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import json
import random
import resource
import statistics
import time
from pathlib import Path

import numpy as np

from bench.report import ROOT, write_section
from newsloom.embed import Embedder
from newsloom.model import Article
from newsloom.trace import CopyIndex, compare_articles, fingerprint_text
from newsloom.trace.fingerprint import N_SHINGLE_PERM, N_WORD_PERM
from newsloom.trace.semantic import SentenceCache
from newsloom.trace.spin import SynonymTable, spin_text

SHARED = Path(os.environ.get("NEWSLOOM_SHARED", ROOT.parent / "shared"))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def real_texts() -> list[str]:
    path = SHARED / "data/event-clustering-basil/articles.jsonl"
    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    truth = json.loads((SHARED / "data/article-extraction-scrapinghub/ground-truth.json").read_text("utf-8"))
    texts += [v["articleBody"] for _, v in sorted(truth.items()) if len((v.get("articleBody") or "").split()) > 100]
    return texts


def build_index(n: int, seed: int = 0, paragraphs: int = 12) -> tuple[CopyIndex, float]:
    rng = np.random.default_rng(seed)
    index = CopyIndex()
    start = time.perf_counter()
    step = 100_000
    for lo in range(0, n, step):
        m = min(step, n - lo)
        index.add_signatures([f"s{lo + i:07d}" for i in range(m)],
                             rng.integers(0, 2**32, (m, N_SHINGLE_PERM), dtype=np.uint32),
                             rng.integers(0, 2**32, (m, N_WORD_PERM), dtype=np.uint32),
                             rng.integers(0, 2**63, (m, paragraphs), dtype=np.uint64))
    return index, time.perf_counter() - start


def pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def time_queries(index: CopyIndex, texts: list[str]) -> dict:
    fps, fp_ms, look_ms, hits = [], [], [], 0
    for text in texts:
        t0 = time.perf_counter()
        fp = fingerprint_text(text)
        t1 = time.perf_counter()
        found = index.candidates(fp)
        t2 = time.perf_counter()
        fps.append(fp)
        fp_ms.append((t1 - t0) * 1e3)
        look_ms.append((t2 - t1) * 1e3)
        hits += bool(found)
    total = [a + b for a, b in zip(fp_ms, look_ms)]
    return {"n": len(texts), "hits": hits, "fp_median": statistics.median(fp_ms), "fp_p95": pct(fp_ms, 95),
            "lookup_median": statistics.median(look_ms), "lookup_p95": pct(look_ms, 95),
            "total_median": statistics.median(total), "total_p95": pct(total, 95)}


def time_semantic(texts: list[str], pairs: int) -> dict:
    """compare_articles on spun copies (the rewrite path: lexical tests fail, sentences embedded)."""
    table, rng = SynonymTable.default(), random.Random(1)
    embedder = Embedder.for_sentences()
    embedder.encode(["warm up the model"])
    ms, sents, rewrites = [], 0, 0
    for i, text in enumerate(texts[:pairs]):
        original = Article(id=f"o{i}", title="", text=text)
        copy = Article(id=f"c{i}", title="", text=spin_text(text, rng, table=table))
        cache = SentenceCache(embedder)  # fresh: every sentence of both sides is embedded
        t0 = time.perf_counter()
        rel = compare_articles(copy, original, embedder=cache)
        ms.append((time.perf_counter() - t0) * 1e3)
        sents += cache.encoded
        rewrites += rel.kind.value == "rewrite"
    return {"pairs": len(ms), "median_ms": statistics.median(ms), "p95_ms": pct(ms, 95),
            "ms_per_sentence": sum(ms) / max(1, sents), "sentences_per_pair": sents / max(1, len(ms)),
            "rewrites": rewrites}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="100,000 fingerprints, fewer semantic pairs")
    parser.add_argument("--n", type=int, default=None)
    parser.add_argument("--eval", action="store_true",
                        help="instead: run the copy-detection and MSRP evaluations, write section trace-eval")
    args = parser.parse_args(argv)
    if args.eval:
        run_evaluations(args.quick)
        return
    n = args.n or (100_000 if args.quick else 1_000_000)
    texts = real_texts()
    rss0 = rss_mb()
    index, build_s = build_index(n)
    rss1 = rss_mb()
    inserted = texts[::2]
    index.add_many((f"real{i}", fingerprint_text(t)) for i, t in enumerate(inserted))
    index._tables["shingle"].merge(), index._tables["word"].merge(), index._tables["paragraph"].merge()
    q = time_queries(index, texts)
    sem = time_semantic(texts[1::2], 10 if args.quick else 40)
    body = format_body(n, build_s, index, rss1 - rss0, q, sem)
    print(body)
    write_section("trace", "Trace: copy check against a large fingerprint index", body,
                  command=".venv/bin/python -m bench.trace" + (" --quick" if args.quick else ""))


def format_body(n, build_s, index, rss_delta, q, sem) -> str:
    head = (f"Index: {n:,} synthetic fingerprints (random 128-bin shingle and 64-bin word MinHash, "
            f"12 paragraph keys each) + {len(index) - n} real articles; built in {build_s:.1f} s "
            "(vectorised bulk add).")
    memory = (f"- index memory: {index.bytes_per_article():.0f} bytes per article by array size "
              f"({index.nbytes() / 2**20:.0f} MiB); process peak RSS grew {rss_delta:.0f} MiB while building "
              "(sorting needs transient copies).")
    queries = (f"- queries: {q['n']} real article bodies (BASIL, Scrapinghub), {q['hits']} with candidates "
               "(half of them are in the index).")
    rows = [
        ("fingerprint (tokenise, MinHash, paragraph keys)", q["fp_median"], q["fp_p95"]),
        ("LSH lookup in the index", q["lookup_median"], q["lookup_p95"]),
        ("**near-duplicate check = both** (target < 2 ms)", q["total_median"], q["total_p95"]),
    ]
    table = ["| step (one core) | median ms | p95 ms |", "|---|---|---|"]
    table += [f"| {name} | {med:.3f} | {p95:.3f} |" for name, med, p95 in rows]
    table.append(f"| semantic rewrite check per candidate pair (spun copy, cold cache) | {sem['median_ms']:.0f} "
                 f"| {sem['p95_ms']:.0f} |")
    semantic = (f"Semantic check: {sem['pairs']} spun-copy pairs, {sem['sentences_per_pair']:.0f} sentences "
                f"embedded per pair (capped at 60 + 80), {sem['ms_per_sentence']:.1f} ms per sentence including "
                f"alignment; {sem['rewrites']}/{sem['pairs']} classified rewrite. It runs only on LSH or "
                "same-story candidates; a SentenceCache lets one article checked against several candidates "
                "be embedded once.")
    return "\n".join([head, memory, queries, "", *table, "", semantic])


def run_evaluations(quick: bool) -> None:
    from newsloom.evaluate.copies import evaluate_copies, format_copies
    from newsloom.evaluate.paraphrase import evaluate_paraphrase, format_paraphrase

    copies = format_copies(evaluate_copies(SHARED, limit=30 if quick else None, embedder=Embedder.for_sentences()))
    para = format_paraphrase(evaluate_paraphrase(SHARED))  # float model: the features it was fitted on
    body = f"```\n{copies}\n\n{para}\n```"
    print(body)
    write_section("trace-eval", "Trace: copy detection and MSRP paraphrase quality", body,
                  command=".venv/bin/python -m bench.trace --eval" + (" --quick" if quick else ""))


if __name__ == "__main__":
    main()
