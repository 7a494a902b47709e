"""Sharing a store between processes: taking in another writer's batch vs reloading everything.

    .venv/bin/python -m bench.reload [--quick]

A store is filled with open stories (three articles each, synthetic features built from real ECB+ and
BASIL articles as in ``bench.stories``). Process A builds its in-memory clustering state from it (the
complete load a start or a reload does). Then another writer stores a batch of 16 articles (half join
existing stories, half start new ones), and A takes it in with ``StoryService.catch_up``, as its next
write does. Both are timed on one core (CPU time), and the catch-up is checked against a fresh load.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.report import write_section
from bench.stories import real_articles, synthetic
from newsloom.embed import Embedder
from newsloom.model import Story, StoryAssignment
from newsloom.store import open_store
from newsloom.stories import StoryService, featurize

BATCH = 16
NOW = datetime(2026, 12, 1, tzinfo=UTC)


def _store_story(store, feats, sid: str) -> None:
    story = Story(sid, "title", tuple(f.article_id for f in feats), first_seen=NOW, last_updated=NOW)
    for f in feats:
        store.save_assignment(StoryAssignment(f.article_id, sid, 0.5), features=f, stories=[story], added_at=NOW)


def fill(store, base, n_stories: int, rng: random.Random) -> None:
    with store.transaction():
        for k in range(n_stories):
            _store_story(store, [synthetic(base[(k * 7) % len(base)], k, j, rng) for j in range(3)], f"story{k}")


def other_writer_batch(store, base, n_stories: int, rng: random.Random) -> None:
    """What another process's ingest batch leaves in the store: half the articles join stories."""
    with store.transaction():
        for i in range(BATCH):
            k = rng.randrange(n_stories) if i % 2 else n_stories + i
            sid = f"story{k}"
            members = store.story_members_of([sid]).get(sid, [])
            f = synthetic(base[(k * 7) % len(base)], k, 10 + i, rng)
            _store_story(store, [*store.features_of(members), f], sid)


def _cpu(fn):
    t0 = time.process_time()
    out = fn()
    return out, time.process_time() - t0


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args(argv)
    import torch

    torch.set_num_threads(1)
    sizes = [500, 1000] if args.quick else [2500, 5000, 10_000]
    embedder = Embedder.for_stories(threads=1)
    base = [featurize(a, embedder=embedder) for a in real_articles()[:120]]
    rows = []
    for n in sizes:
        rng = random.Random(n)
        with tempfile.TemporaryDirectory() as tmp:
            store = open_store(Path(tmp) / "bench.db")
            try:
                fill(store, base, n, rng)
                service, load_s = _cpu(lambda store=store: StoryService(store))
                other_writer_batch(store, base, n, rng)
                ok, catch_s = _cpu(service.catch_up)
                fresh = StoryService(store).clusterer
                same = ok and ({s: sorted(x.article_ids) for s, x in service.clusterer.stories.items()}
                               == {s: sorted(x.article_ids) for s, x in fresh.stories.items()}
                               and service.clusterer.vocab.df == fresh.vocab.df)
                rows.append((n, load_s, catch_s, same))
            finally:
                store.close()
        print(rows[-1], flush=True)
    body = ("| open stories (3 articles each) | complete load | catch-up after a 16-article batch | "
            "catch-up equals a fresh load |\n|---|---|---|---|\n")
    body += "\n".join(f"| {n:,} | {load:.2f} s | {catch * 1000:.1f} ms | {'yes' if same else 'NO'} |"
                      for n, load, catch, same in rows)
    body += ("\n\nBefore the catch-up, every write after another process's was preceded by the complete "
             "load.")
    print(body)
    write_section("reload", "Sharing a store: catch-up vs complete reload", body,
                  command=".venv/bin/python -m bench.reload" + (" --quick" if args.quick else ""))


if __name__ == "__main__":
    main()
