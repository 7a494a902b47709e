"""Automatic split of a grown story that mixes two events (one wrong early join, then both events grew).

``propose_split`` reads only the members' features: every member is scored by the learned ``PairModel``
against each other member taken as a one-article story; the symmetrised probabilities are cut in two by
the normalised-cut (Fiedler) vector; the story splits when both parts have at least ``min_group``
members and the mean probability across the cut stays below the join probability and below half of
the mean probability within the less cohesive part (a pure story whose reports differ a lot is
diffuse inside too). ``split_due`` says when to check: at geometric sizes (9, 14, 21), so
the n-squared scoring runs rarely and never on very large stories.

A story none of whose members is dated (no publication time, no date written in the text:
``state.event_year``) is left whole: nothing places its reports in time, and the low probabilities the
pair model gives two short undated reports that share no names (one or two sentences each) are no sign of
a second event. Measured on the undated ECB+ (`python -m bench.stories --clustering`): the splits this
leaves out were all of one event, and the mean B-cubed F1 over random arrival orders rose (file order
unchanged); a stream of dated news is never concerned.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .decide import PairModel
from .features import ArticleFeatures
from .scoring import ClusterConfig, article_query, score
from .state import StoryState, Vocabulary, event_year

__all__ = ["FIRST_CHECK", "MAX_CHECK", "propose_split", "split_due"]

FIRST_CHECK = 9  # members before a story is first checked
GROWTH = 1.5  # next check once the story is this much larger than at the last one
MAX_CHECK = 21  # larger stories are not checked (cost grows with the square of the size)
MIN_GROUP = 3  # each part of a split has at least this many members
COHESION_SHARE = 0.5  # ... and the mean probability across the cut is below half of the weaker part's own


def _within(s: np.ndarray, side: np.ndarray) -> float:
    """Mean probability between distinct members of one part."""
    k = int(side.sum())
    return float((s[np.ix_(side, side)].sum() - k) / (k * (k - 1)))


def split_due(size: int, checked: int) -> bool:
    """Is a story of ``size`` members, last checked at ``checked`` members (0: never), due a check?"""
    if size < FIRST_CHECK or size > MAX_CHECK:
        return False
    return checked == 0 or size >= checked * GROWTH


def _single(f: ArticleFeatures, vocab: Vocabulary) -> StoryState:
    story = StoryState(f.article_id)
    story.add(f)
    story.refresh(vocab)
    return story


def pair_matrix(features: Sequence[ArticleFeatures], vocab: Vocabulary, config: ClusterConfig,
                model: PairModel) -> np.ndarray:
    """Probability that member i and member j report one event (diagonal 1): the later member scored
    against the earlier one as a one-article story, as if it had arrived second (half the work of both
    directions)."""
    singles = [_single(f, vocab) for f in features]
    n = len(features)
    p = np.eye(n)
    for j in range(1, n):
        query = article_query(features[j], vocab)
        for i in range(j):
            p[i, j] = p[j, i] = score(features[j], query, singles[i], config, model).probability or 0.0
    return p


def fiedler_cut(s: np.ndarray) -> np.ndarray:
    """Normalised-cut bipartition of the affinity ``s``: True for one side."""
    d = s.sum(axis=1)
    inv = 1.0 / np.sqrt(np.maximum(d, 1e-12))
    _vals, vecs = np.linalg.eigh(inv[:, None] * s * inv[None, :])
    v = vecs[:, -2] * inv  # second largest eigenvector, back to the random-walk scale
    return v >= np.median(v) if np.allclose(v, v[0]) else v >= 0


def propose_split(features: Sequence[ArticleFeatures], vocab: Vocabulary, config: ClusterConfig,
                  model: PairModel | None, *, min_group: int = MIN_GROUP) -> list[int] | None:
    """Indices (into ``features``) of the members to move out when the story mixes two events: the part
    without the first member. None when the story stays whole (or there is no model to ask)."""
    if model is None or len(features) < 2 * min_group or not any(event_year(f) for f in features):
        return None
    s = pair_matrix(features, vocab, config, model)
    side = fiedler_cut(s)
    if min(side.sum(), (~side).sum()) < min_group:
        return None
    cross = float(s[np.ix_(side, ~side)].mean())
    if cross >= config.join_probability or cross >= COHESION_SHARE * min(_within(s, side), _within(s, ~side)):
        return None
    moving = ~side if side[0] else side
    return [int(i) for i in np.flatnonzero(moving)]
