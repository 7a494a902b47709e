"""Stories benchmark: feature cost per article, assignment cost with 50,000 open stories, memory.

    .venv/bin/python -m bench.stories [--quick]

* Features: ``featurize`` (terms, entities, dates, MiniLM embedding of title + lead, one thread)
  on real articles from ../shared (ECB+ and BASIL texts).
* Assignment: a synthetic population stands in for a long-running instance. Each open story is
  built from a real article's features, thinned at random, plus story-specific synthetic terms,
  entity words and a perturbed embedding; the IDF counts are scaled to 1,000,000 stored articles
  (articles of closed stories live only in the store and take no part in assignment). Stories are
  installed with ``StoryClusterer.restore`` (no scoring); then a stream of new synthetic articles
  (half continuing an existing story, half new events) goes through ``StoryClusterer.assign``:
  candidate retrieval, scoring and update, timed per article on one core.
* Memory: the process RSS growth while the population grows (several sizes), per open story.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import time
from pathlib import Path

import numpy as np

from bench.report import write_section
from newsloom.embed import Embedder
from newsloom.evaluate.clustering import load_dataset
from newsloom.stories import ArticleFeatures, StoryClusterer, featurize
from newsloom.stories.split import FIRST_CHECK, MAX_CHECK, propose_split, split_due

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
STORED = 1_000_000
ERRORS_LISTED = 8  # costliest clustering errors listed per corpus
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def real_articles() -> list:
    arts = []
    for name in ("event-clustering-ecbplus", "event-clustering-basil"):
        arts.extend(load_dataset(SHARED / name).articles)
    return arts


def time_features(articles, n: int) -> tuple[list[ArticleFeatures], list[float]]:
    embedder = Embedder.for_stories(threads=1)  # as the pipeline embeds story features
    featurize(articles[0], embedder=embedder)  # load the model outside the timing
    feats, times = [], []
    for art in articles[:n]:
        t0 = time.process_time()
        feats.append(featurize(art, embedder=embedder))
        times.append((time.process_time() - t0) * 1000)
    return feats, times


def synthetic(base: ArticleFeatures, story: int, serial: int, rng: random.Random) -> ArticleFeatures:
    keep = [t for t in base.terms if rng.random() < 0.4]
    terms = {t: base.terms[t] for t in keep}
    terms.update({f"x{story}{c}": 1.0 + (i % 3) / 2 for i, c in enumerate("abcdefgh")})
    ents = {w: v for w, v in base.entity_words.items() if rng.random() < 0.4}
    lead = {t: w for t, w in base.lead_terms.items() if rng.random() < 0.4} | {f"x{story}{c}": 1.0 for c in "abc"}
    day = random.Random(story)  # each synthetic story has its own day of event
    ents.update({f"e{story}": 2.0, f"f{story}": 1.5})
    emb = None
    if base.embedding is not None:
        noise = np.random.default_rng(story).normal(0, 0.06, base.embedding.shape).astype(np.float32)
        v = base.embedding + noise
        emb = (v / np.linalg.norm(v)).astype(np.float32)
    return ArticleFeatures(article_id=f"a{story}-{serial}", title=base.title, terms=terms, entity_words=ents,
                           entities=base.entities[:5] + (f"e{story}",), years=base.years, months=base.months,
                           embedding=emb, published=None, source=f"src{serial % 50}", lead=base.lead[:1],
                           lead_terms=lead, numbers=base.numbers, weekdays=(day.choice(WEEKDAYS),),
                           day_months=(day.randint(1, 12),),
                           lead_entities=tuple(w for w in base.lead_entities if rng.random() < 0.6) + (f"e{story}",))


def rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * 4096 / 2**20


def populate(clusterer: StoryClusterer, base, start: int, stop: int, rng: random.Random) -> None:
    for k in range(start, stop):
        feats = [synthetic(base[(k * 7) % len(base)], k, j, rng) for j in range(3)]
        for f in feats:
            clusterer.vocab.add(f)
        clusterer.restore(f"story{k}", feats)


def scale_vocab(clusterer: StoryClusterer) -> None:
    factor = STORED / max(1, clusterer.vocab.n_docs)
    clusterer.vocab.df = {t: max(1, int(d * factor)) for t, d in clusterer.vocab.df.items()}
    clusterer.vocab.n_docs = STORED
    for story in clusterer.stories.values():
        story.refreshed_n = STORED


def time_assign(clusterer: StoryClusterer, base, n_stories: int, n: int, rng: random.Random) -> tuple[list, int]:
    times, joined = [], 0
    for i in range(n):
        old = i % 2 == 0
        k = rng.randrange(n_stories) if old else n_stories + 10_000_000 + i
        f = synthetic(base[(k * 7) % len(base)] if old else base[rng.randrange(len(base))], k, 100 + i, rng)
        t0 = time.process_time()
        a = clusterer.assign(f)
        times.append((time.process_time() - t0) * 1000)
        joined += old and a.story_id == f"story{k}"
    return times, joined


def time_splits(clusterer: StoryClusterer, base, rng: random.Random) -> list[tuple[int, float]]:
    """CPU ms of one automatic split check (``propose_split``) at each check size, on a synthetic story."""
    feats = [synthetic(base[0], 7, j, rng) for j in range(MAX_CHECK)]
    out, checked = [], 0
    for size in range(FIRST_CHECK, MAX_CHECK + 1):
        if split_due(size, checked):
            t0 = time.process_time()
            propose_split(feats[:size], clusterer.vocab, clusterer.config, clusterer.model)
            out.append((size, (time.process_time() - t0) * 1000))
            checked = size
    return out


def clustering(orders: int) -> None:
    """Quality on the shared ECB+ and BASIL splits (the eval command's tables) into their own section."""
    from newsloom.evaluate.cluster_errors import format_errors
    from newsloom.evaluate.clustering import evaluate_clustering, format_clustering

    embedder = Embedder.for_stories(threads=1)
    parts = []
    for name in ("event-clustering-ecbplus", "event-clustering-basil"):
        report = evaluate_clustering(SHARED / name, orders=orders, embedder=embedder)
        parts.append(format_clustering(report) + "\n\n"
                     + format_errors(report.file_order_labels, report.gold, limit=ERRORS_LISTED))
    body = "\n\n".join(parts)
    print(body)
    write_section("clustering", "Stories: event-clustering quality (ECB+, BASIL)", body,
                  command=f".venv/bin/python -m bench.stories --clustering --orders {orders}")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--clustering", action="store_true", help="only the ECB+/BASIL quality section")
    ap.add_argument("--orders", type=int, default=5, help="random orders for --clustering")
    args = ap.parse_args(argv)
    import torch

    torch.set_num_threads(1)
    if args.clustering:
        clustering(args.orders)
        return
    rng = random.Random(0)
    sizes = [1250, 2500, 5000] if args.quick else [12_500, 25_000, 50_000]
    n_feat, n_assign = (40, 500) if args.quick else (300, 5000)
    arts = real_articles()
    rng.shuffle(arts)
    base, ftimes = time_features(arts, n_feat)
    clusterer = StoryClusterer()
    mem = [(0, rss_mb())]
    for lo, hi in zip([0] + sizes[:-1], sizes):
        populate(clusterer, base, lo, hi, rng)
        mem.append((hi, rss_mb()))
    scale_vocab(clusterer)
    atimes, joined = time_assign(clusterer, base, sizes[-1], n_assign, rng)
    body = report(ftimes, atimes, joined, n_assign, mem, sizes[-1], len(clusterer.stories))
    body += "\n\n" + split_report(time_splits(clusterer, base, rng))
    print(body)
    write_section("stories", "Stories: features, assignment, memory", body,
                  command=".venv/bin/python -m bench.stories" + (" --quick" if args.quick else ""))


def _pct(xs: list[float], q: float) -> float:
    return sorted(xs)[min(len(xs) - 1, int(q * len(xs)))]


def report(ftimes, atimes, joined, n_assign, mem, n_open, n_after) -> str:
    cpu = (f"CPU time of this process (time.process_time, one thread), so other load on the machine "
           f"(load average {os.getloadavg()[0]:.1f} at the end) inflates the figures less than wall time would.")
    feats = (f"Features (terms, entities, dates, embedding of title + lead), {len(ftimes)} real articles from "
             f"ECB+/BASIL, one thread: mean **{statistics.mean(ftimes):.1f} ms**, p50 {_pct(ftimes, .5):.1f}, "
             f"p95 {_pct(ftimes, .95):.1f} ms (target < 30 ms mean).")
    assign = (f"Assignment with **{n_open:,} open stories** (synthetic population, IDF scaled to {STORED:,} "
              f"stored articles), {n_assign:,} new articles: mean **{statistics.mean(atimes):.2f} ms**, p50 "
              f"{_pct(atimes, .5):.2f}, p95 {_pct(atimes, .95):.2f}, max {max(atimes):.1f} ms (target < 2 ms "
              f"mean); {joined}/{n_assign // 2 + n_assign % 2} continuing articles found their story; "
              f"{n_after:,} open stories after.")
    lines = [cpu, "", feats, "", assign, "",
             "| open stories | RSS MB | MB per 1,000 stories in this step |", "|---|---|---|"]
    for (n0, m0), (n1, m1) in itertools.pairwise(mem):
        lines.append(f"| {n1:,} | {m1:.0f} | {(m1 - m0) / (n1 - n0) * 1000:.1f} |")
    lines.append("")
    lines.append("Memory per story is flat across sizes when the last column stays constant (linear growth).")
    return "\n".join(lines)


def split_report(checks: list[tuple[int, float]]) -> str:
    sizes = ", ".join(f"{n}: {ms:.1f}" for n, ms in checks)
    per = sum(ms for _n, ms in checks) / MAX_CHECK
    return (f"Automatic split check (pair model over every member pair, synthetic story; the caller runs it "
            f"when a story reaches a check size), CPU ms by size: {sizes}. All checks of one story growing to "
            f"{MAX_CHECK} members: {sum(ms for _n, ms in checks):.0f} ms, i.e. **{per:.2f} ms per member** "
            f"on top of its assignment (only members of stories that grow; larger stories are not checked).")


if __name__ == "__main__":
    main()
