"""What a story looks like to a reader: headline, extractive summary, dates, sources, entities; and
which id a story keeps when clustering is run again."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from ..model import Story
from .decisions import story_id_for
from .state import StoryState, Vocabulary
from .text import terms

__all__ = ["carry_ids", "describe", "headline", "summary"]


def _centrality(text: str, story: StoryState, vocab: Vocabulary) -> float:
    words = terms(text)
    if not words:
        return 0.0
    total = sum(story.terms.get(w, 0.0) * vocab.idf(w) for w in words)
    return total / math.sqrt(len(words) + 3)


def headline(story: StoryState, vocab: Vocabulary) -> str:
    """The member title most central to the story (earliest wins ties), among the members that are not
    machine republications when there are any: a rewritten title is nobody's headline."""
    titles = [t for aid, t in story.titles.items() if aid not in story.automated and t] or \
        [t for t in story.titles.values() if t]
    best, best_score = "", -1.0
    for title in titles:
        s = _centrality(title, story, vocab)
        if s > best_score + 1e-9:
            best, best_score = title, s
    return best


def summary(story: StoryState, vocab: Vocabulary, *, n: int = 2, max_chars: int = 500) -> str:
    """The ``n`` most central lead sentences of the members, without near-repeats."""
    pool = [s for lead in story.leads.values() for s in lead]
    ranked = sorted(pool, key=lambda s: -_centrality(s, story, vocab))
    chosen: list[str] = []
    seen: list[set] = []
    for sent in ranked:
        words = set(terms(sent))
        if any(len(words & other) > 0.6 * max(1, min(len(words), len(other))) for other in seen):
            continue
        chosen.append(sent)
        seen.append(words)
        if len(chosen) >= n:
            break
    return " ".join(chosen)[:max_chars]


def describe(story: StoryState, vocab: Vocabulary, *, closed: bool = False,
             last_updated: datetime | None = None) -> Story:
    """The ``model.Story`` of an in-memory story."""
    first = story.first_time or story.created
    last = last_updated or story.last_update or story.last_time
    return Story(id=story.id, title=headline(story, vocab), article_ids=tuple(story.article_ids),
                 summary=summary(story, vocab), first_seen=first, last_updated=last,
                 n_sources=len(story.sources), entities=tuple(e for e, _ in story.entities.most_common(8)),
                 closed=closed or story.closed)


def carry_ids(new_of: Mapping[str, str], old_of: Mapping[str, str], order: Sequence[str],
              reserved: Iterable[str] = ()) -> dict[str, str]:
    """The id each new story keeps after clustering is run again, so that links to a story stay good.

    ``new_of`` / ``old_of``: article id -> the story holding it now / before; ``order``: every new story id
    (the order breaks ties). Each new story takes the id of the old story it shares the most articles
    with, largest overlaps first and each old id once; a tie goes to the new story already named like the
    old one (its first article's or a user decision's id), then to the earlier new story, then to the
    smaller old id. A new story that continues none keeps its own id unless an old story had it (then
    one derived from it): an id never comes back for other articles. One pass over the articles plus a
    sort of the (new, old) pairs that share any.
    """
    overlap: Counter = Counter()
    for aid, new in new_of.items():
        old = old_of.get(aid)
        if old is not None:
            overlap[new, old] += 1
    rank = {sid: i for i, sid in enumerate(order)}
    pairs = sorted(overlap.items(), key=lambda kv: (-kv[1], kv[0][0] != kv[0][1], rank[kv[0][0]], kv[0][1]))
    out: dict[str, str] = {}
    used: set[str] = set()
    for (new, old), _n in pairs:
        if new not in out and old not in used:
            out[new] = old
            used.add(old)
    taken = used | set(old_of.values()) | set(reserved)
    for new in order:
        if new not in out:
            sid = new
            while sid in taken:
                sid = story_id_for(sid)
            out[new] = sid
            taken.add(sid)
    return out
