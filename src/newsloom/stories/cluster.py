"""Online story clustering: one pass, arrival order, candidates from an inverted index.

``StoryClusterer.assign(features)`` puts one article into the best open candidate story when the
similarity clears the threshold, else starts a new story. It honours user decisions (must-link
groups join their story directly; split-out articles never rejoin the articles they left), lets
copies found by the trace stage join their original's story, and merges two stories
automatically when an article is likely enough to report the event of both (with the learned decision:
``ClusterConfig.merge_probability`` for the second story; an article bridging two stories is evidence
that they report one event), or when evidence accumulates: ``ClusterConfig.bridges`` articles, each at
least ``bridge_probability`` likely in the other story, have bridged the same two stories (counted per
pair of open stories, forgotten when either closes or is merged away; a caller that stores them sets
``bridge_updates`` to a list, which then receives each new count, and ``set_bridges`` puts stored counts
back after a restart). With the learned decision, when the new article would have joined a one-article
story too (it bridges the two), that story's article is decided again against the story that just grew
(it may have arrived before that story said enough) and moves when it now clears the join probability.
A story that reaches a check size (``split.split_due``) is listed in ``split_due``; the caller hands its
members' features to ``auto_split``, which cuts it in two when the pair model says it mixes two events
(``split.propose_split``).

A new story's id (a new article's, a user or automatic split's) is never one in use: not an open story
here and, for a caller that stores stories and sets ``taken``, not a story the store holds (open or
closed) nor the id of one merged away, whose links lead elsewhere. A split's id also avoids every id a
user decision named: a re-run gives each decision's group its named id, so two groups must not share one.
Otherwise the new story would overwrite one that still has articles, or answer at a merged-away id. The one
exception is a user split that moves a merged-away story's articles back out (``split``'s ``reclaim``): it
undoes the merge, and the caller drops the alias as the story takes its id back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from ..errors import DecisionError, NotFoundError
from ..model import StoryAssignment
from .decide import PairModel
from .decisions import Constraints, Decision, story_id_for
from .features import ArticleFeatures
from .index import CandidateIndex, query_keys
from .scoring import ClusterConfig, Score, article_query, is_open, score
from .split import propose_split, split_due
from .state import StoryState, Vocabulary, sole_member

__all__ = ["StoryClusterer"]

FeaturesOf = Callable[[Sequence[str]], list[ArticleFeatures]]
IdTaken = Callable[[str], bool]  # is this story id in use outside memory (stored, or a merged-away alias)?


class StoryClusterer:
    def __init__(self, config: ClusterConfig | None = None, *, decisions: Iterable[Decision] = (),
                 vocab: Vocabulary | None = None, model: PairModel | None = None) -> None:
        self.config = config or ClusterConfig()
        if model is None and self.config.learned:
            model = PairModel.load()
        self.model = model if self.config.learned else None
        cfg = self.config
        self._join_at = cfg.join_probability if self.model else cfg.threshold
        self._merge_at = cfg.merge_probability if self.model else cfg.merge_threshold
        self._bridge_at = cfg.bridge_probability if self.model and cfg.bridges else 2.0  # 2.0: never
        self._bridged: dict[str, dict[str, int]] = {}  # story -> other story -> bridging articles so far
        self.vocab = vocab or Vocabulary()
        self.stories: dict[str, StoryState] = {}
        self.index = CandidateIndex()
        self.members: dict[str, str] = {}  # article id -> story id, open stories only
        self.constraints = Constraints(decisions)
        self.auto_merges: list[tuple[str, str]] = []  # (absorbed, kept), drained by the caller
        self.split_due: dict[str, None] = {}  # stories due a split check (ordered): the caller calls auto_split
        self.auto_splits: list[tuple[str, str, tuple[str, ...]]] = []  # (story, new story, moved ids), drained
        # (story, other story, count) as counted, for a caller that stores them (sets a list, drains it)
        self.bridge_updates: list[tuple[str, str, int]] | None = None
        self.taken: IdTaken | None = None  # set by a caller that stores stories: ids a new story must avoid

    @classmethod
    def load(cls, store, config: ClusterConfig | None = None) -> StoryClusterer:
        """Rebuild from a store with ``StoryStore`` (IDF, open stories, user decisions)."""
        from .service import load_clusterer

        return load_clusterer(store, config)

    # -- assignment ---------------------------------------------------------------------------
    def assign(self, f: ArticleFeatures, *, copy_of: str | None = None,
               now: datetime | None = None) -> StoryAssignment:
        """Assign one article (in arrival order) and update the chosen story."""
        self.vocab.add(f)
        query = article_query(f, self.vocab)
        forced, reason = self._forced(f, copy_of)
        if forced is not None:
            sc = score(f, query, self.stories[forced], self.config, self.model)
            return self._join(f, forced, sc, reason, now)
        scored = self._scored_candidates(f, query)
        if scored and self._level(scored[0][0]) >= self._join_at:
            best, sid = scored[0]
            result = self._join(f, sid, best, "similarity", now)
            self._auto_merge(sid, scored[1:], now)
            return result
        return self._start(f, now, scored[0][0] if scored else None)

    def place(self, f: ArticleFeatures, story_id: str | None, *, now: datetime | None = None) -> str:
        """Put ``f`` into ``story_id`` (a new story when None or unknown) without scoring: replays of
        known groupings, e.g. to collect training pairs. The caller has counted ``f`` in ``vocab``
        already (as ``assign`` does first). Returns the story id."""
        if story_id is not None and story_id in self.stories:
            story = self.stories[story_id]
            story.add(f, now=now)
            self.members[f.article_id] = story_id
            self._refresh(story)
            return story_id
        return self._start(f, now, None).story_id

    @staticmethod
    def _level(sc: Score) -> float:
        """What decides: the model's probability of the same event, else the similarity."""
        return sc.value if sc.probability is None else sc.probability

    def _forced(self, f: ArticleFeatures, copy_of: str | None) -> tuple[str | None, str]:
        for partner in self.constraints.partners(f.article_id):
            sid = self.members.get(partner)
            if sid is not None:
                return sid, f"user-{self.constraints.decision_kind(f.article_id)}"
        if copy_of is not None:
            sid = self.members.get(copy_of)
            if sid is not None and sid not in self._blocked(f.article_id):
                return sid, f"copy-of:{copy_of}"
        return None, ""

    def _blocked(self, article_id: str) -> set[str]:
        return {self.members[a] for a in self.constraints.forbidden(article_id) if a in self.members}

    def _scored_candidates(self, f: ArticleFeatures, query) -> list[tuple[Score, str]]:
        blocked = self._blocked(f.article_id)
        if self.constraints.preferred_story(f.article_id) is not None:
            return []  # the first of a user-made group founds its own story
        keys = query_keys(f, self.vocab)
        out = []
        for sid in self.index.candidates(keys, self.config.candidates):
            story = self.stories[sid]
            if sid in blocked or not is_open(story, f, None, self.config):
                continue
            self._maybe_refresh(story)
            out.append((score(f, query, story, self.config, self.model), sid))
        out.sort(key=lambda p: self._level(p[0]), reverse=True)
        return out

    def _maybe_refresh(self, story: StoryState) -> None:
        if story.refreshed_n * 1.2 < self.vocab.n_docs:
            self._refresh(story)

    def _refresh(self, story: StoryState) -> None:
        old = story.keys
        story.refresh(self.vocab)
        story.refreshed_n = self.vocab.n_docs
        self.index.update(story.id, old, story.keys)

    def _join(self, f: ArticleFeatures, sid: str, sc: Score, reason: str,
              now: datetime | None) -> StoryAssignment:
        story = self.stories[sid]
        story.add(f, now=now)
        self.members[f.article_id] = sid
        self._refresh(story)
        self._note_growth(story)
        probability = round(sc.probability, 4) if sc.probability is not None and reason == "similarity" else None
        return StoryAssignment(f.article_id, sid, round(sc.value, 4), False, sc.shared_terms,
                               sc.shared_entities, reason, probability)

    def _start(self, f: ArticleFeatures, now: datetime | None, best: Score | None) -> StoryAssignment:
        """A new story for ``f``; ``best``: the closest open story's score, which did not clear the join
        level (kept in the assignment, so that 'why a story of its own' has an answer too)."""
        sid = self._free_id(self.constraints.preferred_story(f.article_id) or story_id_for(f.article_id))
        story = StoryState(sid)
        self.stories[sid] = story
        story.add(f, now=now)
        self.members[f.article_id] = sid
        self._refresh(story)
        kind = self.constraints.decision_kind(f.article_id)
        reason = f"user-{kind}" if kind else "new"
        value = round(best.value, 4) if best is not None else 0.0
        probability = round(best.probability, 4) if best is not None and best.probability is not None else None
        return StoryAssignment(f.article_id, sid, value, True, (), (), reason, probability)

    def _free_id(self, sid: str, *, avoid_named: bool = False) -> str:
        """``sid``, else the id derived from it again (``story_id_for``) until one is free: not an open story
        here, not ``taken`` outside memory, and with ``avoid_named`` (a split's new story) not an id a user
        decision named. Deterministic for what is in use: derived again, never drawn at random."""
        taken, named = self.taken, self.constraints.named if avoid_named else ()
        while sid in self.stories or sid in named or (taken is not None and taken(sid)):
            sid = story_id_for(sid)
        return sid

    def _unclaimed(self, sid: str) -> bool:
        """No open story here has ``sid``, and no user decision's group that still holds articles names it
        (a re-run gives each group its named id)."""
        c = self.constraints
        return sid not in self.stories and not any(c.groups[g] for g, named in c.group_story.items() if named == sid)

    def _auto_merge(self, kept: str, others: list[tuple[Score, str]], now: datetime | None) -> None:
        floor = min(self._merge_at, self._join_at if self.model else 1.0, self._bridge_at)
        for sc, sid in others:
            level = self._level(sc)
            if level < floor:
                break
            if sid not in self.stories or sid == kept or not self._may_merge(kept, sid):
                continue
            if (level >= self._merge_at or (level >= self._join_at and self._rejoins(sid, kept))
                    or (level >= self._bridge_at and self._bridge(kept, sid))):
                self._absorb(kept, sid, now)
                self.auto_merges.append((sid, kept))

    def _bridge(self, a: str, b: str) -> bool:
        """Count one more article bridging stories ``a`` and ``b``; True once there are enough."""
        count = self._bridged.setdefault(a, {}).get(b, 0) + 1
        if count >= self.config.bridges:
            return True
        self._bridged[a][b] = self._bridged.setdefault(b, {})[a] = count
        if self.bridge_updates is not None:
            self.bridge_updates.append((a, b, count))
        return False

    def bridges(self) -> list[tuple[str, str, int]]:
        """Every bridge count between two open stories, once per pair: (story, other story, count)."""
        return [(a, b, n) for a, row in self._bridged.items() for b, n in row.items() if a < b]

    def set_bridges(self, counts: Iterable[tuple[str, str, int]]) -> None:
        """Put stored bridge counts back (after a restart, or another process's writes): counts of a pair
        that is not two distinct open stories here are left out."""
        for a, b, n in counts:
            if a != b and a in self.stories and b in self.stories and n > 0:
                self._bridged.setdefault(a, {})[b] = self._bridged.setdefault(b, {})[a] = n

    def _unbridge(self, story_id: str) -> None:
        """Forget the bridges of a story that is gone (merged away, closed, forgotten): a story rebuilt from
        the store gets the stored ones back (``set_bridges``); one rebuilt after a takedown starts again."""
        for other in self._bridged.pop(story_id, {}):
            row = self._bridged.get(other)
            if row is not None:
                row.pop(story_id, None)
                if not row:
                    del self._bridged[other]

    def _rejoins(self, single: str, grown: str) -> bool:
        """Would the article of the one-article story ``single`` now join story ``grown``?"""
        if self.stories[single].size != 1:
            return False
        f = sole_member(self.stories[single])
        sc = score(f, article_query(f, self.vocab), self.stories[grown], self.config, self.model)
        return self._level(sc) >= self._join_at

    def _may_merge(self, a: str, b: str) -> bool:
        """No user split keeps an article of ``a`` apart from one of ``b``."""
        if not self.constraints.cannot:  # no split ever made: nothing to check (the usual case, per candidate)
            return True
        left, right = self.stories[a], self.stories[b]
        if left.size < right.size:
            left, right = right, left
        ids = set(left.article_ids)
        return not any(self.constraints.forbidden(x) & ids for x in right.article_ids)

    def _absorb(self, kept: str, gone: str, now: datetime | None) -> None:
        story, other = self.stories[kept], self.stories.pop(gone)
        self.index.remove(gone, other.keys)
        self._unbridge(gone)
        story.absorb(other)
        story.last_update = now or story.last_update
        for a in other.article_ids:
            self.members[a] = kept
        self._refresh(story)
        self._note_growth(story)

    # -- automatic split ----------------------------------------------------------------------------
    def _note_growth(self, story: StoryState) -> None:
        if self.model is not None and split_due(story.size, story.split_checked):
            self.split_due[story.id] = None

    def take_split_due(self) -> list[str]:
        """The open stories due a split check since the last call (then forgotten)."""
        due, self.split_due = self.split_due, {}
        return [sid for sid in due if sid in self.stories]

    def auto_split(self, story_id: str, features: Sequence[ArticleFeatures], *,
                   now: datetime | None = None) -> tuple[str, ...]:
        """Check one story (``features``: its members', any order) and split it when it mixes two events:
        the part without its first article moves to a new story (recorded in ``auto_splits``). Stories
        holding articles a user merged or split are left alone. Returns the moved article ids."""
        story = self.stories.get(story_id)
        if story is None:
            return ()
        story.split_checked = story.size
        if any(self.constraints.preferred_story(a) is not None for a in story.article_ids):
            return ()
        by_id = {f.article_id: f for f in features}
        if any(a not in by_id for a in story.article_ids):
            return ()  # a member's features are unknown: no decision on part of the story
        feats = [by_id[a] for a in story.article_ids]
        moving = propose_split(feats, self.vocab, self.config, self.model)
        if not moving:
            return ()
        out = {feats[i].article_id for i in moving}
        moved = [f for f in feats if f.article_id in out]
        new_id = self._free_id(story_id_for("auto-split:" + story_id + ":" + moved[0].article_id), avoid_named=True)
        last = story.last_update
        for sid, part in ((story_id, [f for f in feats if f.article_id not in out]), (new_id, moved)):
            self.restore(sid, part, now=now, last_update=last).split_checked = len(part)
        self.auto_splits.append((story_id, new_id, tuple(f.article_id for f in moved)))
        return self.auto_splits[-1][2]

    # -- user decisions ---------------------------------------------------------------------------
    def merge(self, a: str, b: str, *, now: datetime | None = None) -> Decision:
        """User merge: B's articles move into A, and stay together from now on."""
        if a == b:
            raise DecisionError("cannot merge a story with itself", subject=a)
        for sid in (a, b):
            if sid not in self.stories:
                raise NotFoundError("no such open story (restore it first)", subject=sid)
        ids = tuple(self.stories[a].article_ids + self.stories[b].article_ids)
        decision = Decision("merge", a, b, ids, (), now)
        self.constraints.apply(decision)
        self._absorb(a, b, now)
        return decision

    def split(self, story_id: str, article_ids: Sequence[str], features_of: FeaturesOf, *,
              now: datetime | None = None, reclaim: str | None = None) -> Decision:
        """User split: ``article_ids`` leave ``story_id`` for a new story of their own. ``reclaim``: the id of
        a story merged away whose articles these are, which the new story takes back when no story here has
        it and no user decision's group still holding articles names it (the caller drops its alias, which
        ``taken`` would otherwise count); else the new story takes an id no story has."""
        story = self.stories.get(story_id)
        if story is None:
            raise NotFoundError("no such open story (restore it first)", subject=story_id)
        moving = list(dict.fromkeys(article_ids))
        missing = [a for a in moving if self.members.get(a) != story_id]
        if missing or not moving:
            raise NotFoundError(f"not in this story: {', '.join(missing) or '(none given)'}", subject=story_id)
        rest = [a for a in story.article_ids if a not in set(moving)]
        if not rest:
            raise DecisionError("a split must leave at least one article in the story", subject=story_id)
        if reclaim is not None and reclaim != story_id and self._unclaimed(reclaim):
            new_id = reclaim
        else:
            new_id = self._free_id(story_id_for("split:" + story_id + ":" + moving[0]), avoid_named=True)
        decision = Decision("split", story_id, new_id, tuple(moving), tuple(rest), now)
        staying, leaving = features_of(rest), features_of(moving)  # read first: a failed read changes nothing
        self.constraints.apply(decision)
        self.restore(story_id, staying, now=now)
        self.restore(new_id, leaving, now=now)
        return decision

    # -- state --------------------------------------------------------------------------------------
    def restore(self, story_id: str, features: Sequence[ArticleFeatures], *,
                now: datetime | None = None, last_update: datetime | None = None) -> StoryState:
        """(Re)build one open story from its members' features (restart, split, reopening). An article the
        story held before and ``features`` leave out is no longer its member here (a split moves it on)."""
        old = self.stories.pop(story_id, None)
        if old is not None:
            self.index.remove(story_id, old.keys)  # its bridges stay: the story goes on under its id
            for a in old.article_ids:
                if self.members.get(a) == story_id:
                    del self.members[a]
        story = StoryState(story_id)
        for f in features:
            story.add(f, now=now)
            self.members[f.article_id] = story_id
        story.last_update = last_update or now or story.last_update
        self.stories[story_id] = story
        self._refresh(story)
        return story

    def close_stale(self, now: datetime) -> list[str]:
        """Close (and forget) every story with no new article within the window before ``now``."""
        limit = now - self.config.window
        stale = [sid for sid, s in self.stories.items() if s.last_update is not None and s.last_update < limit]
        for sid in stale:
            self.forget(sid)
        return stale

    def forget(self, story_id: str) -> None:
        """Drop one story from memory (closed, or emptied by a takedown); the store keeps what it keeps."""
        story = self.stories.pop(story_id, None)
        if story is None:
            return
        self.index.remove(story_id, story.keys)
        self._unbridge(story_id)
        for a in story.article_ids:
            if self.members.get(a) == story_id:
                del self.members[a]
        self.split_due.pop(story_id, None)

    def rename(self, new_ids: dict[str, str]) -> None:
        """Give the open stories new ids (``new_ids``: current -> new, one to one; a story not named keeps
        its id), e.g. the ids a re-cluster carries over from the stories before. The candidate index is
        rebuilt in story order, as a restart would rebuild it."""
        stories = {new_ids.get(sid, sid): story for sid, story in self.stories.items()}
        if len(stories) != len(self.stories):
            raise ValueError("two stories cannot take one id")
        for sid, story in stories.items():
            story.id = sid
        self.stories = stories
        self.index = CandidateIndex(max_posting=self.index.max_posting)
        for sid, story in stories.items():
            self.index.update(sid, (), story.keys)
        self.members = {a: new_ids.get(sid, sid) for a, sid in self.members.items()}
        self.split_due = {new_ids.get(sid, sid): None for sid in self.split_due}
        self._bridged = {new_ids.get(a, a): {new_ids.get(b, b): n for b, n in row.items()}
                         for a, row in self._bridged.items()}

    def story_ids(self) -> dict[str, str]:
        """article id -> story id for every article of an open story."""
        return dict(self.members)
