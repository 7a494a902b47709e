"""Event-clustering evaluation on ECB+ and BASIL: streaming StoryClusterer vs a TF-IDF baseline.

Only label-free fields reach the clusterer: ECB+ ``title`` + ``body`` (never ``doc_id``,
``subtopic``, ``event_cluster`` or ``url``); BASIL ``title`` + ``text`` + ``date`` (the publish
date, an ordinary article field) + ``source`` (the outlet; never ``main_event``,
``main_entities`` or ``triplet_uuid``). Articles get opaque ids ``doc-<line number>``.

Streaming mode feeds the articles one by one: once in file order, and once per random order
(seeded shuffles), reporting the mean over the random orders. The README baseline (sublinear
TF-IDF with English stop words, cosine, average-linkage agglomerative clustering at the README's
distance threshold) is computed in the same run.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from ..errors import InputError
from ..model import Article
from ..stories.cluster import StoryClusterer
from ..stories.features import ArticleFeatures, featurize_many
from ..stories.scoring import ClusterConfig

__all__ = [
    "ClusterScores",
    "ClusteringReport",
    "Dataset",
    "b_cubed",
    "baseline_labels",
    "evaluate_clustering",
    "format_clustering",
    "load_dataset",
    "pairwise",
    "run_stream",
]

BASELINE_THRESHOLDS = {"ecbplus": 0.85, "basil": 0.80}


@dataclass(frozen=True, slots=True)
class ClusterScores:
    b3_precision: float
    b3_recall: float
    b3_f1: float
    pair_precision: float
    pair_recall: float
    pair_f1: float
    n_clusters: int


@dataclass(frozen=True, slots=True)
class Dataset:
    name: str  # ecbplus | basil
    articles: tuple[Article, ...]
    gold: tuple[str, ...]
    groups: tuple[str, ...]  # ECB+ topic / BASIL event, for leave-groups-out tuning only (never fed)


@dataclass
class ClusteringReport:
    dataset: str
    n_articles: int
    n_gold_clusters: int
    file_order: ClusterScores
    random_orders: ClusterScores  # mean over the random orders
    n_random_orders: int
    baseline: ClusterScores
    baseline_threshold: float
    config: ClusterConfig
    per_order_f1: list[float] = field(default_factory=list)
    cv_f1: float | None = None  # leave-topics-out estimate (threshold chosen on the other folds)
    cv_thresholds: list[float] = field(default_factory=list)


# --------------------------------------------------------------------------- metrics

def b_cubed(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 over items (Bagga & Baldwin)."""
    pairs = Counter(zip(pred, gold))
    p_size, g_size = Counter(pred), Counter(gold)
    n = len(pred)
    if not n:
        return 0.0, 0.0, 0.0
    precision = sum(c * c / p_size[p] for (p, _g), c in pairs.items()) / n
    recall = sum(c * c / g_size[g] for (_p, g), c in pairs.items()) / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def pairwise(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, float, float]:
    """Precision, recall and F1 over the item pairs put in one cluster."""
    def n_pairs(counter: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counter.values())
    tp = n_pairs(Counter(zip(pred, gold)))
    pp, gp = n_pairs(Counter(pred)), n_pairs(Counter(gold))
    precision = tp / pp if pp else 1.0
    recall = tp / gp if gp else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def scores(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> ClusterScores:
    return ClusterScores(*b_cubed(pred, gold), *pairwise(pred, gold), len(set(pred)))


def mean_scores(runs: Sequence[ClusterScores]) -> ClusterScores:
    n = len(runs)
    return ClusterScores(*(sum(getattr(r, f) for r in runs) / n for f in ClusterScores.__slots__))


# --------------------------------------------------------------------------- data

def _parse_date(value) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value)[:10]).replace(hour=12, tzinfo=UTC)
    except ValueError:
        return None


def load_dataset(path: Path) -> Dataset:
    """Read ECB+ (documents.jsonl) or BASIL (articles.jsonl) as label-free Articles plus gold."""
    path = Path(path)
    if (path / "documents.jsonl").is_file():
        rows = _read_jsonl(path / "documents.jsonl")
        arts = tuple(Article(id=f"doc-{i}", title=r["title"], text=r["body"].replace("\n", "\n\n"))
                     for i, r in enumerate(rows))
        return Dataset("ecbplus", arts, tuple(r["event_cluster"] for r in rows),
                       tuple(str(r["topic"]) for r in rows))
    if (path / "articles.jsonl").is_file():
        rows = _read_jsonl(path / "articles.jsonl")
        arts = tuple(Article(id=f"doc-{i}", title=r["title"], text=r["text"], source=r.get("source"),
                             published=_parse_date(r.get("date"))) for i, r in enumerate(rows))
        gold = tuple(r["triplet_uuid"] for r in rows)
        return Dataset("basil", arts, gold, gold)
    raise InputError("not an event-clustering dataset (no documents.jsonl or articles.jsonl)", subject=str(path))


def _read_jsonl(path: Path) -> list[dict]:
    try:
        with open(path, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read: {exc}", subject=str(path)) from exc


# --------------------------------------------------------------------------- runs

def run_stream(features: Sequence[ArticleFeatures], order: Sequence[int],
               config: ClusterConfig) -> list[str]:
    """Stream ``features`` in ``order`` through a fresh clusterer; story id per item (input order)."""
    clusterer = StoryClusterer(config)
    for i in order:
        f = features[i]
        clusterer.assign(f, now=f.published)
    members = clusterer.story_ids()
    return [members[f.article_id] for f in features]


def baseline_labels(articles: Sequence[Article], threshold: float) -> list[int]:
    """The README baseline: sublinear TF-IDF, English stop words, cosine average linkage."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [a.title + "\n" + a.text for a in articles]
    x = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts).toarray()
    model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                    distance_threshold=threshold)
    return list(model.fit_predict(x))


def topic_cv(data: Dataset, features: Sequence[ArticleFeatures], *, config: ClusterConfig,
             thresholds: Sequence[float] | None = None, folds: int = 5) -> tuple[float, list]:
    """Leave-groups-out estimate: pick the threshold on the other folds' topics (ECB+) or events
    (BASIL), score file-order streaming on the held-out fold; returns (mean B3 F1, chosen thresholds).
    The default grid spans the configured threshold -0.09 .. +0.06 in steps of 0.03."""
    if thresholds is None:  # a grid around the configured threshold
        thresholds = [round(config.threshold + d, 2) for d in (-0.09, -0.06, -0.03, 0.0, 0.03, 0.06)]
    keys = sorted(set(data.groups))
    fold_of = {g: i % folds for i, g in enumerate(keys)}
    f1s, chosen = [], []
    for k in range(folds):
        train = [i for i, g in enumerate(data.groups) if fold_of[g] != k]
        test = [i for i, g in enumerate(data.groups) if fold_of[g] == k]
        best = max(thresholds, key=lambda t: _f1_on(data, features, train, replace(config, threshold=t)))
        chosen.append(best)
        f1s.append(_f1_on(data, features, test, replace(config, threshold=best)))
    return sum(f1s) / len(f1s), chosen


def _f1_on(data: Dataset, features: Sequence[ArticleFeatures], idx: list[int], config: ClusterConfig) -> float:
    sub = [features[i] for i in idx]
    return scores(run_stream(sub, range(len(sub)), config), [data.gold[i] for i in idx]).b3_f1


def evaluate_clustering(dataset: Path, *, orders: int = 5, seed: int = 0, config: ClusterConfig | None = None,
                        embedder=None, features: Sequence[ArticleFeatures] | None = None, cv_folds: int = 5,
                        progress: Callable[..., None] | None = None) -> ClusteringReport:
    """Score streaming clustering (file order + ``orders`` random orders) and the baseline.

    ``progress(label, done, total)`` is called as the work advances.
    """
    data = load_dataset(dataset)
    config = config or ClusterConfig()
    say = progress or (lambda *_args: None)
    if features is None:
        if embedder is None:
            from ..embed import Embedder
            embedder = Embedder(quantized=True)  # what the pipeline uses for story features
        features = []
        for i in range(0, len(data.articles), 32):
            say("featurize", i, len(data.articles))
            features.extend(featurize_many(data.articles[i:i + 32], embedder=embedder))
    n = len(features)
    file_order = scores(run_stream(features, range(n), config), data.gold)
    rng = random.Random(seed)
    runs = []
    for k in range(orders):
        order = list(range(n))
        rng.shuffle(order)
        runs.append(scores(run_stream(features, order, config), data.gold))
        say("random orders", k + 1, orders)
    threshold = BASELINE_THRESHOLDS[data.name]
    base = scores(baseline_labels(data.articles, threshold), data.gold)
    report = ClusteringReport(data.name, n, len(set(data.gold)), file_order,
                              mean_scores(runs) if runs else file_order, orders, base, threshold, config,
                              [r.b3_f1 for r in runs])
    if cv_folds > 1:
        say("cross-validation", 0, cv_folds)
        report.cv_f1, report.cv_thresholds = topic_cv(data, features, config=config, folds=cv_folds)
    return report


def format_clustering(report: ClusteringReport) -> str:
    """A small Markdown table of the report."""
    head = (f"{report.dataset}: {report.n_articles} articles, {report.n_gold_clusters} gold clusters\n\n"
            "| run | B3 P | B3 R | B3 F1 | pair P | pair R | pair F1 | clusters |\n"
            "|---|---|---|---|---|---|---|---|\n")
    rows = [("streaming, file order", report.file_order),
            (f"streaming, mean of {report.n_random_orders} random orders", report.random_orders),
            (f"baseline TF-IDF avg-link @ {report.baseline_threshold}", report.baseline)]
    lines = [f"| {name} | {s.b3_precision:.3f} | {s.b3_recall:.3f} | {s.b3_f1:.3f} | {s.pair_precision:.3f} "
             f"| {s.pair_recall:.3f} | {s.pair_f1:.3f} | {s.n_clusters:.0f} |" for name, s in rows]
    extra = ""
    if report.per_order_f1:
        extra = ("\n\nB3 F1 per random order: " + ", ".join(f"{f:.3f}" for f in report.per_order_f1)
                 + f" (min {min(report.per_order_f1):.3f})")
    if report.cv_f1 is not None:
        extra += (f"\n\nLeave-{'topics' if report.dataset == 'ecbplus' else 'events'}-out estimate "
                  f"({len(report.cv_thresholds)} folds, threshold picked on the other folds, file order within "
                  f"each fold): B3 F1 {report.cv_f1:.3f}; thresholds chosen "
                  + ", ".join(f"{t:.2f}" for t in report.cv_thresholds)
                  + f". The defaults (threshold {report.config.threshold}) were tuned on this whole split.")
    return head + "\n".join(lines) + extra
