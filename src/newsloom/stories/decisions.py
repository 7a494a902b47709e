"""User decisions (merge, split) and the constraints they put on later clustering.

A decision names articles, not just stories, so it still means the same thing after a restart
or a complete re-run of clustering:

* merge A B: every article then in A or B must stay together (a must-link group that keeps A's id);
* split S a1 a2...: the named articles form a story of their own (a must-link group with a new
  id) and may never again share a story with the articles that stayed in S (cannot-link).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

__all__ = ["Constraints", "Decision", "story_id_for"]


def story_id_for(seed: str) -> str:
    """A stable story id derived from ``seed`` (the first article's id, or a split's key)."""
    return "s" + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:15]


@dataclass(frozen=True, slots=True)
class Decision:
    kind: str  # merge | split
    story_id: str  # merge: the story kept (A); split: the story split
    other_id: str | None = None  # merge: the story absorbed (B); split: the new story
    article_ids: tuple[str, ...] = ()  # merge: all articles of A and B; split: the articles moved out
    rest_ids: tuple[str, ...] = ()  # split: the articles that stayed
    at: datetime | None = None


class Constraints:
    """Must-link groups (with the story id they keep) and cannot-link pairs, replayed in order."""

    def __init__(self, decisions: Iterable[Decision] = ()) -> None:
        self.group_of: dict[str, int] = {}
        self.groups: dict[int, set[str]] = {}
        self.group_story: dict[int, str] = {}
        self.group_kind: dict[int, str] = {}  # the decision that made the group: merge | split
        self.cannot: dict[str, set[str]] = {}
        self.named: set[str] = set()  # every story id a decision gave a group (a new story id avoids them)
        self._next = 0
        for d in decisions:
            self.apply(d)

    def apply(self, d: Decision) -> None:
        if d.kind == "merge":
            self._link(d.article_ids, d.story_id, "merge")
            members = set(d.article_ids)
            for a in d.article_ids:
                if a in self.cannot:
                    self.cannot[a] -= members
        elif d.kind == "split":
            self._link(d.article_ids, d.other_id or story_id_for("split:" + d.story_id), "split")
            for a in d.article_ids:
                self.cannot.setdefault(a, set()).update(d.rest_ids)
            for r in d.rest_ids:
                self.cannot.setdefault(r, set()).update(d.article_ids)
        else:
            raise ValueError(f"unknown decision kind {d.kind!r}")

    def _link(self, article_ids: Iterable[str], story_id: str, kind: str) -> None:
        gid = self._next
        self._next += 1
        members = set(article_ids)
        for a in members:
            old = self.group_of.get(a)
            if old is not None:
                self.groups[old].discard(a)
            self.group_of[a] = gid
        self.groups[gid] = members
        self.group_story[gid] = story_id
        self.group_kind[gid] = kind
        self.named.add(story_id)

    def partners(self, article_id: str) -> set[str]:
        """Articles that must stay with ``article_id`` (itself excluded)."""
        gid = self.group_of.get(article_id)
        return set() if gid is None else self.groups[gid] - {article_id}

    def preferred_story(self, article_id: str) -> str | None:
        gid = self.group_of.get(article_id)
        return None if gid is None else self.group_story[gid]

    def decision_kind(self, article_id: str) -> str | None:
        """The kind of the latest user decision that placed ``article_id`` (merge | split), if any."""
        gid = self.group_of.get(article_id)
        return None if gid is None else self.group_kind[gid]

    def forbidden(self, article_id: str) -> set[str]:
        return self.cannot.get(article_id, set())
