"""Why an article is in its story, in words: one wording for ``newsloom stories why`` and the story page.

A ``StoryAssignment`` keeps the reason as a code (``similarity``, ``new``, ``copy-of:<article id>``,
``auto-merge:<story id>``, ``auto-split:<story id>``, ``user-merge``, ``user-split``); ``reason_of``
says it in words and names the article or story it refers to, and ``score_note`` says what decided,
on the scale that decided it: the pair model's probability when it decided, else the weighted
similarity (which is not a percentage and can pass 1). Copies and user decisions have no score.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..model import StoryAssignment

__all__ = ["Why", "reason_of", "score_note"]

_SAID = {"new": "started this story", "similarity": "similar to the story",
         "user-merge": "placed here by a user merge", "user-split": "placed here by a user split",
         "copy-of": "a copy of", "auto-merge": "moved here when its story was merged into this one automatically",
         "auto-split": "split off automatically from"}


@dataclass(frozen=True, slots=True)
class Why:
    """``said``: the reason in words; ``article`` or ``story``: the id it refers to, said after it (the
    original a copy copies, the story an automatic split took it from); ``kind``: the reason's code."""

    kind: str
    said: str
    article: str | None = None
    story: str | None = None


def reason_of(assignment: StoryAssignment) -> Why:
    kind, _, ref = assignment.reason.partition(":")
    kind = kind or "similarity"
    said = _SAID.get(kind, assignment.reason)
    if kind == "copy-of" and ref:
        return Why(kind, said, article=ref)
    if kind == "auto-split" and ref:
        return Why(kind, said, story=ref)
    return Why(kind, said)  # an auto-merge's story merged away is gone: its id would lead nowhere


def score_note(assignment: StoryAssignment, join_at: float) -> str | None:
    """What decided, in words: '0.87 likely to report this story's event, where joining takes 0.30;
    similarity score 1.12' for a join, 'the closest open story was 0.12 likely, short of the 0.30
    joining takes' for a new story, 'similarity score 0.72' when no model decided; None for copies, user
    decisions and moves (``join_at``: the probability a join takes, ``ClusterConfig.join_probability``)."""
    kind = reason_of(assignment).kind
    p = assignment.probability
    if kind == "similarity":
        if p is None:
            return f"similarity score {assignment.score:.2f}"
        return (f"{p:.2f} likely to report this story's event, where joining takes {join_at:.2f}; "
                f"similarity score {assignment.score:.2f}")
    if kind == "new" and p is not None:  # rounded down: 0.2996 reads 0.29, never "0.30, short of 0.30"
        return (f"the closest open story was {math.floor(p * 100 + 1e-9) / 100:.2f} likely, short of the "
                f"{join_at:.2f} joining takes")
    return None
