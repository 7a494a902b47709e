"""Story comparison speed: ``compare_coverage`` on big stories, CPU seconds on one core.

    .venv/bin/python -m bench.compare [--quick] [--repeat N]

Two kinds of story are put together in memory from the shared ECB+ and BASIL texts (nothing is
copied into the repository):

* a **wire story**: one BASIL article (the one with the most quotes) and N copies of it, most cut
  after some paragraph, some with a local paragraph of another article or a credit line added;
  most copies name the original as their primary source (provenance);
* an **event story**: M distinct articles, each a lead and four to eight paragraphs drawn from the
  paragraphs of the ECB+ documents and BASIL articles on a handful of events, a number in one
  paragraph of every other article moved by up to 10% (near-equal values stated differently).

Each story is compared ``--repeat`` times; the best CPU time (``time.process_time``) counts.
``--quick`` runs each story once and prints the section without writing docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.report import write_section
from newsloom.compare import compare_coverage
from newsloom.compare import coverage as coverage_module
from newsloom.evaluate.clustering import load_dataset
from newsloom.model import Article, ChainLink, PrimarySource, Provenance, Story

ROOT = Path(__file__).resolve().parent.parent
T0 = datetime(2025, 3, 3, 6, tzinfo=UTC)
WIRE_SIZES = (50, 100, 200, 400)
EVENT_SIZES = (50, 200, 800, 1500)
_NUMBER = re.compile(r"\b\d{2,6}\b")


def shared_data() -> Path:
    if os.environ.get("NEWSLOOM_SHARED"):
        return Path(os.environ["NEWSLOOM_SHARED"]) / "data"
    for base in (ROOT.parent, ROOT.parent.parent):  # beside the checkout, or beside a worktree's parent
        if (base / "shared" / "data").is_dir():
            return base / "shared" / "data"
    raise SystemExit("the shared data (ECB+, BASIL) is not found: set NEWSLOOM_SHARED")


def corpora() -> tuple[list[Article], list[Article]]:
    data = shared_data()
    return (list(load_dataset(data / "event-clustering-basil").articles),
            list(load_dataset(data / "event-clustering-ecbplus").articles))


def wire_story(basil: list[Article], n: int, rng: random.Random) -> tuple[list[Article], dict[str, Provenance]]:
    """The BASIL article with the most quotes and ``n - 1`` copies of it."""
    base = max(basil, key=lambda a: (a.text.count("“") + a.text.count('"'), a.id))
    paras = base.paragraphs
    others = [p for a in basil[:200] if a.id != base.id for p in a.paragraphs]
    arts = [Article(id="wire-0", title=base.title, text=base.text, source="Wire Service",
                    url="https://wire.example/story", published=T0)]
    provenance = {}
    for i in range(1, n):
        copy = paras[:rng.randint(max(3, len(paras) * 6 // 10), len(paras))]
        if rng.random() < 0.15:
            copy.insert(rng.randint(2, len(copy)), rng.choice(others))
        if rng.random() < 0.2:
            copy.append("Reporting by the Wire Service; additional reporting by staff.")
        aid = f"wire-{i}"
        arts.append(Article(id=aid, title=base.title, text="\n\n".join(copy), source=f"Site {i} Daily",
                            url=f"https://site{i}.example/story", published=T0 + timedelta(minutes=rng.randint(5, 2880))))
        if rng.random() < 0.7:
            provenance[aid] = Provenance(aid, PrimarySource("Wire Service", "wire", article_id="wire-0"),
                                         (ChainLink(f"Site {i} Daily", aid, relation="reprint"),
                                          ChainLink("Wire Service", "wire-0", relation="wire credit")), is_copy=True)
    return arts, provenance


def _moved(paragraph: str, rng: random.Random) -> str:
    """``paragraph`` with its first number of two digits or more moved by up to 10%."""
    def move(m: re.Match) -> str:
        value = int(m.group())
        return str(max(10, round(value * rng.uniform(0.9, 1.1))))
    return _NUMBER.sub(move, paragraph, count=1)


def event_story(basil: list[Article], ecb: list[Article], m: int, rng: random.Random) -> list[Article]:
    """``m`` distinct articles drawn from the paragraphs of a few events' texts."""
    sources = ecb[:40] + basil[:30]
    leads = [a.paragraphs[0] for a in sources[:8] if a.paragraphs]
    pool = [p for a in sources for p in a.paragraphs[1:]]
    arts = []
    for i in range(m):
        paras = [rng.choice(leads), *rng.sample(pool, rng.randint(4, 8))]
        if i % 2:
            k = rng.randrange(len(paras))
            paras[k] = _moved(paras[k], rng)
        arts.append(Article(id=f"ev-{i}", title=f"Event report {i}", text="\n\n".join(paras), source=f"Outlet {i}",
                            url=f"https://outlet{i}.example/event", published=T0 + timedelta(minutes=rng.randint(0, 7200))))
    return arts


def cpu_seconds(arts: list[Article], provenance: dict[str, Provenance], repeat: int) -> tuple[float, object]:
    story = Story("bench", "bench", article_ids=tuple(a.id for a in arts))
    best, coverage = float("inf"), None
    for _ in range(repeat):
        t0 = time.process_time()
        coverage = compare_coverage(story, arts, provenance)
        best = min(best, time.process_time() - t0)
    return best, coverage


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="each story once; print only")
    ap.add_argument("--repeat", type=int, default=3, help="comparisons per story; the best counts")
    args = ap.parse_args(argv)
    repeat = 1 if args.quick else args.repeat
    basil, ecb = corpora()
    rows = []
    for kind, sizes in (("wire", WIRE_SIZES), ("event", EVENT_SIZES)):
        for n in sizes:
            rng = random.Random(n)
            arts, provenance = wire_story(basil, n, rng) if kind == "wire" else (event_story(basil, ecb, n, rng), {})
            seconds, cov = cpu_seconds(arts, provenance, repeat)
            rows.append((kind, n, seconds, cov))
            print(f"{kind} {n}: {seconds:.2f} s", flush=True)
    code = Path(coverage_module.__file__).resolve().parent
    lines = [
        (f"`compare_coverage` on synthetic stories from the shared BASIL and ECB+ texts (wire: one article and "
         f"its copies; event: distinct articles drawn from a few events' paragraphs), CPU seconds of one core "
         f"(time.process_time), best of {repeat}; load average {os.getloadavg()[0]:.1f} at the end. Code "
         f"compared: `{code}`."),
        "",
        "| story | articles | CPU s | ms per article | numbers shared / differing | speakers lined up |",
        "|---|---|---|---|---|---|",
    ]
    for kind, n, seconds, cov in rows:
        lines.append(f"| {kind} | {n:,} | {seconds:.2f} | {seconds / n * 1000:.1f} | "
                     f"{len(cov.numbers_shared)} / {len(cov.numbers_differing)} | {len(cov.aligned_quotes)} |")
    body = "\n".join(lines)
    print(body)
    write_section("compare", "Compare: story comparison on big stories", body,
                  command=".venv/bin/python -m bench.compare" + (" --quick" if args.quick else ""))


if __name__ == "__main__":
    main()
