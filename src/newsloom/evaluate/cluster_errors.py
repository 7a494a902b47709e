"""Where a clustering loses B-cubed F1, error by error.

Two kinds of error, read off the predicted and the gold labels:

* a **mixed** cluster: one predicted cluster holds articles of several gold clusters (costs precision);
  repairing it splits it by gold cluster;
* a **scattered** gold cluster: its articles sit in several predicted clusters (costs recall); repairing
  it moves them all into the predicted cluster that holds most of them.

Each error comes with the B-cubed F1 the clustering would score if that error alone were repaired, so
the list says which errors matter (one singleton in a 20-article event costs more than a pair of
strays in a small one). The evaluation prints the largest (``newsloom eval clustering --errors N``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from .clustering import b_cubed

__all__ = ["ClusterError", "ErrorSummary", "cluster_errors", "error_summary", "format_errors"]


@dataclass(frozen=True, slots=True)
class ClusterError:
    kind: str  # "mixed" | "scattered"
    cluster: str  # the predicted cluster (mixed) or the gold cluster (scattered)
    parts: tuple[tuple[str, int], ...]  # mixed: (gold cluster, n); scattered: (predicted cluster, n); largest first
    f1_repaired: float  # B-cubed F1 with this error alone repaired
    gain: float  # f1_repaired minus the actual F1
    foreign: int = 0  # scattered: articles of this gold cluster in predicted clusters that another gold cluster leads


@dataclass(frozen=True, slots=True)
class ErrorSummary:
    f1: float
    misplaced: int  # articles outside the leading gold cluster of their predicted cluster (precision)
    scattered: int  # articles outside the predicted cluster that holds most of their gold cluster (recall)
    singletons: int  # articles alone in their predicted cluster although their gold cluster has others


def _leaders(keys: Sequence[Hashable], values: Sequence[Hashable]) -> dict:
    """For each key, the value most of its items carry (the first met on a tie)."""
    counts: dict = defaultdict(Counter)
    for k, v in zip(keys, values):
        counts[k][v] += 1
    return {k: c.most_common(1)[0][0] for k, c in counts.items()}


def cluster_errors(pred: Sequence[Hashable], gold: Sequence[Hashable], *, f1: float | None = None) -> list[ClusterError]:
    """Every mixed predicted cluster and every scattered gold cluster, largest F1 gain first (``f1``: the
    clustering's B-cubed F1, when the caller has it)."""
    if len(pred) != len(gold):
        raise ValueError("pred and gold must label the same items")
    f1 = b_cubed(pred, gold)[2] if f1 is None else f1
    golds_in: dict = defaultdict(Counter)
    preds_of: dict = defaultdict(Counter)
    for p, g in zip(pred, gold):
        golds_in[p][g] += 1
        preds_of[g][p] += 1
    lead_gold = {p: c.most_common(1)[0][0] for p, c in golds_in.items()}
    out = []
    for p, counts in golds_in.items():
        if len(counts) > 1:
            repaired = [(q, g) if q == p else (q,) for q, g in zip(pred, gold)]
            out.append(_error("mixed", p, counts, b_cubed(repaired, gold)[2], f1))
    for g, counts in preds_of.items():
        if len(counts) > 1:
            home = counts.most_common(1)[0][0]
            repaired = [home if h == g else q for q, h in zip(pred, gold)]
            foreign = sum(n for q, n in counts.items() if q != home and lead_gold[q] != g)
            out.append(_error("scattered", g, counts, b_cubed(repaired, gold)[2], f1, foreign))
    out.sort(key=lambda e: (-e.gain, e.kind, e.cluster))
    return out


def _error(kind: str, cluster, counts: Counter, repaired: float, f1: float, foreign: int = 0) -> ClusterError:
    parts = tuple((str(k), n) for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0]))))
    return ClusterError(kind, str(cluster), parts, repaired, repaired - f1, foreign)


def error_summary(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> ErrorSummary:
    lead_gold, home = _leaders(pred, gold), _leaders(gold, pred)
    size, gold_size = Counter(pred), Counter(gold)
    return ErrorSummary(
        f1=b_cubed(pred, gold)[2],
        misplaced=sum(lead_gold[p] != g for p, g in zip(pred, gold)),
        scattered=sum(home[g] != p for p, g in zip(pred, gold)),
        singletons=sum(size[p] == 1 and gold_size[g] > 1 for p, g in zip(pred, gold)))


def format_errors(pred: Sequence[Hashable], gold: Sequence[Hashable], *, limit: int = 10,
                  run: str = "file order") -> str:
    """A Markdown table of the ``limit`` costliest errors, under a one-line summary."""
    s = error_summary(pred, gold)
    errors = cluster_errors(pred, gold, f1=s.f1)
    head = (f"Where the {run} run loses B3 F1 ({s.f1:.3f}; {len(pred)} articles): {s.misplaced} sit in a cluster "
            f"led by another gold cluster (precision), {s.scattered} lie outside the cluster that holds most of "
            f"their gold cluster (recall), {s.singletons} of them alone. The {min(limit, len(errors))} costliest "
            f"of {len(errors)} errors, each with the B3 F1 if it alone were repaired:\n\n"
            "| error | articles | B3 F1 if repaired |\n|---|---|---|\n")
    rows = []
    for e in errors[:limit]:
        if e.kind == "mixed":
            what = "one cluster mixes " + ", ".join(g for g, _ in e.parts)
            counts = " + ".join(str(n) for _, n in e.parts)
        else:
            what = f"{e.cluster} scattered over {len(e.parts)} clusters"
            counts = " + ".join(str(n) for _, n in e.parts)
            if e.foreign:
                counts += f" ({e.foreign} in clusters led by other gold clusters)"
        rows.append(f"| {what} | {counts} | {e.f1_repaired:.3f} (+{e.gain:.3f}) |")
    return head + "\n".join(rows)
