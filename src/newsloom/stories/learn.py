"""Fit the article-to-story ``PairModel`` on a labelled event-clustering corpus.

    .venv/bin/python -m newsloom.stories.learn [--dataset DIR ...]   (default: the shared ECB+ and BASIL)

Training pairs come from replaying the corpus in arrival order with the gold grouping (teacher
forcing): each article is compared with the candidate stories the index returns at that moment
(label 1 for the story of its own event), then placed in its gold story. Several orders (file order
and seeded shuffles) give stories of every size. The model is a standardised logistic regression
(scikit-learn); its coefficients go to ``data/pair_model.json``.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Hashable, Sequence
from pathlib import Path

import numpy as np

from .cluster import StoryClusterer
from .decide import FEATURES, PairModel, pair_features
from .features import ArticleFeatures
from .index import query_keys
from .scoring import ClusterConfig, article_query, score

__all__ = ["collect_pairs", "fit_model", "main"]

OUT = Path(__file__).parent / "data" / "pair_model.json"
SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data"
DEFAULT_DATASETS = (SHARED / "event-clustering-ecbplus", SHARED / "event-clustering-basil")


def _replay(features: Sequence[ArticleFeatures], gold: Sequence[Hashable], order: Sequence[int],
            config: ClusterConfig) -> tuple[list[np.ndarray], list[int]]:
    clusterer = StoryClusterer(config, model=None)
    story_of: dict[Hashable, str] = {}
    label: dict[str, Hashable] = {}
    xs, ys = [], []
    for i in order:
        f = features[i]
        clusterer.vocab.add(f)
        query = article_query(f, clusterer.vocab)
        for sid in clusterer.index.candidates(query_keys(f, clusterer.vocab), config.candidates):
            story = clusterer.stories[sid]
            sc = score(f, query, story, config)
            xs.append(pair_features(f, story, (sc.terms, sc.entities, sc.lead, sc.embedding), query.lead_idf))
            ys.append(int(label[sid] == gold[i]))
        sid = clusterer.place(f, story_of.get(gold[i]), now=f.published)
        story_of[gold[i]] = sid
        label[sid] = gold[i]
    return xs, ys


def collect_pairs(features: Sequence[ArticleFeatures], gold: Sequence[Hashable], *, orders: int = 3,
                  seed: int = 0, config: ClusterConfig | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(X, y): ``pair_features`` of every (article, candidate story) met while replaying the gold
    grouping in file order and ``orders`` - 1 seeded random orders; y = 1 for the article's own event."""
    config = config or ClusterConfig(learned=False)
    rng = random.Random(seed)
    xs, ys = [], []
    for k in range(orders):
        order = list(range(len(features)))
        if k:
            rng.shuffle(order)
        x, y = _replay(features, gold, order, config)
        xs.extend(x)
        ys.extend(y)
    return np.asarray(xs, dtype=np.float64).reshape(-1, len(FEATURES)), np.asarray(ys, dtype=np.int64)


def fit_model(x: np.ndarray, y: np.ndarray, *, c: float = 1.0) -> PairModel:
    """Standardised L2 logistic regression."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    lr = LogisticRegression(C=c, max_iter=2000).fit((x - mean) / scale, y)
    return PairModel(mean, scale, lr.coef_[0].astype(np.float64), float(lr.intercept_[0]))


def main(argv: Sequence[str] | None = None) -> None:
    from ..embed import Embedder
    from ..evaluate.clustering import load_dataset
    from .features import featurize_many

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dataset", type=Path, nargs="+", default=list(DEFAULT_DATASETS))
    ap.add_argument("--orders", type=int, default=3)
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    embedder = Embedder.for_stories()  # as the pipeline embeds story features
    xs, ys = [], []
    for path in args.dataset:
        data = load_dataset(path)
        x, y = collect_pairs(featurize_many(data.articles, embedder=embedder), data.gold, orders=args.orders)
        xs.append(x)
        ys.append(y)
    x, y = np.vstack(xs), np.concatenate(ys)
    model = fit_model(x, y, c=args.c)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(model.to_json(trained_on=[p.name for p in args.dataset], pairs=len(y),
                                      positives=int(y.sum()), orders=args.orders, c=args.c) + "\n",
                        encoding="utf-8")
    print(f"{len(y)} pairs ({int(y.sum())} positive) -> {args.out}")
    for name, w in zip(FEATURES, model.coef):
        print(f"  {name:15s} {w:+.3f}")


if __name__ == "__main__":
    main()
