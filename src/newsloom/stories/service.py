"""The stories stage wired to the store: assign and persist, user merge/split, restart, re-run.

``StoryService(store)`` resumes from the store (``load_clusterer``): the IDF snapshot in the kv
table plus the features of later articles, the open stories rebuilt from their members'
features with the stored bridge counts between them (evidence accumulates across restarts), and every
user decision replayed as constraints.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime

from ..errors import NotFoundError
from ..model import Article, Story, StoryAssignment
from .cluster import StoryClusterer
from .decisions import Constraints, Decision
from .features import ArticleFeatures, featurize
from .identity import carry_ids, changed_at, describe
from .scoring import ClusterConfig
from .state import Vocabulary

__all__ = ["StoryService", "load_clusterer"]

VOCAB_KEY = "stories.vocab"
VOCAB_SEQ_KEY = "stories.vocab.seq"  # the last feature the stored snapshot counts, read without the snapshot
SNAPSHOT_EVERY = 2000

AssignmentOf = Callable[[str], "StoryAssignment | None"]  # an article's current assignment, if any
# automatic merges: the moved articles' assignments, story merged away -> story kept, and -> the articles it had
Merges = tuple[list[StoryAssignment], dict[str, str], dict[str, list[str]]]


def _save_vocab(store, vocab: Vocabulary, upto_seq: int) -> None:
    store.set_value(VOCAB_KEY, json.dumps({"n": vocab.n_docs, "seq": upto_seq, "df": vocab.df},
                                          separators=(",", ":")))
    store.set_value(VOCAB_SEQ_KEY, str(upto_seq))


def _saved_seq(store) -> int | None:
    """The last feature the stored snapshot counts (``VOCAB_SEQ_KEY``); None when none is stored or the
    value is no number (then the next snapshot is saved at once, and the value with it)."""
    raw = store.get_value(VOCAB_SEQ_KEY)
    try:
        return int(raw) if raw is not None else None
    except ValueError:
        return None


def _load_vocab(store) -> tuple[Vocabulary, int, int]:
    """(the IDF of every stored article: the snapshot plus the features stored after it, the last feature
    counted, how many were counted after the snapshot)."""
    raw = store.get_value(VOCAB_KEY)
    vocab, start = (Vocabulary(), 0) if raw is None else _parse_vocab(raw)
    saved = vocab.n_docs
    last = _count_terms(store, vocab, start)
    return vocab, last, vocab.n_docs - saved


def _count_terms(store, vocab: Vocabulary, after_seq: int) -> int:
    """Count the features stored after ``after_seq`` in ``vocab`` (their terms alone: all the IDF reads);
    returns the last seq counted (``after_seq`` when none)."""
    last = after_seq
    for last, terms in store.feature_terms(after_seq=after_seq):
        vocab.add_terms(terms)
    return last


def _parse_vocab(raw: str) -> tuple[Vocabulary, int]:
    d = json.loads(raw)
    return Vocabulary(d["df"], d["n"]), d["seq"]


def load_clusterer(store, config: ClusterConfig | None = None) -> StoryClusterer:
    """Rebuild a clusterer from the store: IDF, open stories, user decisions."""
    return _load(store, config)[0]


def _load(store, config: ClusterConfig | None) -> tuple[StoryClusterer, int, int]:
    """(the clusterer, the last feature counted in its IDF, how many features its IDF counts that the stored
    snapshot does not)."""
    vocab, seq, unsaved = _load_vocab(store)
    clusterer = StoryClusterer(config, decisions=store.decisions(), vocab=vocab)
    _restore(clusterer, store, store.open_story_ids())
    clusterer.taken = store.story_id_taken  # a new story never takes a stored or merged-away id
    return clusterer, seq, unsaved


def _restore(clusterer: StoryClusterer, store, story_ids: Sequence[str]) -> None:
    """Rebuild these stories in ``clusterer`` as the store holds them: open ones from their members'
    features with their bridge counts, closed, deleted or emptied ones forgotten. Reads in batches of
    ``_RESTORE_BATCH`` stories."""
    ids = list(story_ids)
    for i in range(0, len(ids), _RESTORE_BATCH):
        chunk = ids[i:i + _RESTORE_BATCH]
        stories, members = store.story_states(chunk), store.story_members_of(chunk)
        feats = store.features_of([a for sid in chunk for a in members.get(sid, ())
                                   if sid in stories and not stories[sid][0]])  # open stories' members only
        by_id = {f.article_id: f for f in feats}
        for sid in chunk:
            clusterer.forget(sid)  # also drops the members that have left it since
            closed, last_updated = stories.get(sid, (True, None))
            mine = [by_id[a] for a in members.get(sid, ()) if a in by_id]
            if not closed and mine:
                clusterer.restore(sid, mine, last_update=last_updated)
    clusterer.set_bridges(store.bridges_of(ids))


_RESTORE_BATCH = 500


class StoryService:
    """One process's stories stage: call ``process`` per article in arrival order."""

    def __init__(self, store, *, embedder=None, config: ClusterConfig | None = None) -> None:
        self.store = store
        self.embedder = embedder
        self.config = config or ClusterConfig()
        self._rev = store.last_state_rev()  # before reading: a change in between is read again, harmlessly
        self.clusterer, self._feature_seq, unsaved = _load(store, self.config)
        self.clusterer.bridge_updates = []  # its bridge counts are stored as they change (``process``)
        # features counted since the stored IDF snapshot, by any process: a store written by many short
        # processes (``newsloom ingest`` of a page at a time) has its snapshot brought up to date by the first
        # article this one takes in once there are enough, rather than counted again by every process
        self._since_snapshot = unsaved
        # True once a change made in memory could not be stored (the write failed and was rolled back, or
        # failed half way): the clusterer may then hold what the store does not (an article that is not
        # stored, a merge or split that did not happen), so the owner rebuilds this service from the store
        # before its next write (``Pipeline.stale``), rather than let the next story saved carry it
        self.stale = False

    @contextmanager
    def _changing(self) -> Iterator[None]:
        """Around a change of the clusterer and the store writes that record it: should anything in it fail,
        the memory is no longer sure to match the store (``stale``)."""
        try:
            yield
        except BaseException:
            self.stale = True
            raise

    # -- sharing the store with other processes -----------------------------------------------------
    def catch_up(self) -> bool:
        """Take in what other processes wrote since this one last did (``synced``): count their articles'
        features in the IDF, replay the user decisions, and rebuild only the stories they changed. False
        (nothing done) when only a complete reload will do (see ``StoryStore.state_changes``)."""
        changed, rev = self.store.state_changes(self._rev)
        if changed is None:
            return False
        vocab = self.clusterer.vocab
        before = vocab.n_docs
        self._feature_seq = _count_terms(self.store, vocab, self._feature_seq)
        self._since_snapshot += vocab.n_docs - before  # theirs too are not in the snapshot this one saved
        if changed:
            self.clusterer.constraints = Constraints(self.store.decisions())
            _restore(self.clusterer, self.store, changed)
        self._rev = rev
        return True

    def synced(self) -> None:
        """Note that the memory holds everything stored so far (this process wrote last, under the writer
        lock): the next ``catch_up`` reads only what comes after."""
        self._rev = self.store.last_state_rev()
        self._feature_seq = self.store.last_feature_seq()

    def process(self, article: Article, *, now: datetime, copy_of: str | None = None,
                features: ArticleFeatures | None = None) -> StoryAssignment:
        """Featurize (unless given), assign, and persist one article."""
        known = self.store.assignment_of(article.id)
        if known is not None:
            return known
        f = features or featurize(article, embedder=self.embedder)
        if copy_of is not None and copy_of not in self.clusterer.members:
            self._reopen(self.store.story_of(copy_of), now)
        with self._changing():  # the caller's transaction failing later makes its own state stale too
            assignment = self.clusterer.assign(f, copy_of=copy_of, now=now)
            touched = {assignment.story_id}
            moved = self._drain_auto_merges(touched, self.store.story_article_ids, self.store.assignment_of)
            bridges, self.clusterer.bridge_updates = self.clusterer.bridge_updates, []
            with self.store.transaction():  # the article, its stories and the bridge counts it raised, at once
                self.store.save_assignment(assignment, features=f, stories=[self._story(s) for s in touched],
                                           added_at=now, bridges=bridges or ())
                if moved:
                    self.store.save_stories((), assignments=moved[0], drop=list(moved[1]), aliases=moved[1],
                                            alias_articles=moved[2])
            self._run_auto_splits(now)
            self._snapshot_maybe()
        return assignment

    def _run_auto_splits(self, now: datetime) -> None:
        """Persist the automatic splits (the moved articles and both stories), as auto merges are persisted."""
        for sid, new_id, moved in self._auto_splits(now, self.store.assignment_of):
            stories = [self._story(s) for s in (sid, new_id) if s in self.clusterer.stories]
            self.store.save_stories(stories, assignments=moved,
                                    aliases=self._repointed(sid, new_id, [m.article_id for m in moved],
                                                            self._had(sid)))

    def _auto_splits(self, now: datetime, assignment_of: AssignmentOf) -> list[tuple[str, str, list[StoryAssignment]]]:
        """Check the stories due a split (members' features from the store): (story, new story, the moved
        articles' assignments) for each split made."""
        for sid in self.clusterer.take_split_due():
            feats = self.store.features_of(self.clusterer.stories[sid].article_ids)
            self.clusterer.auto_split(sid, feats, now=now)
        splits, self.clusterer.auto_splits = self.clusterer.auto_splits, []
        return [(sid, new_id, [_moved(aid, new_id, assignment_of(aid), f"auto-split:{sid}") for aid in moved_ids])
                for sid, new_id, moved_ids in splits]

    def _drain_auto_merges(self, touched: set[str], members_of: Callable[[str], Sequence[str]],
                           assignment_of: AssignmentOf) -> Merges | None:
        """The articles of the stories merged automatically (``members_of``: a story's articles before the
        merge) moved to the story kept, the stories merged away (-> the story each went into), and the
        articles each of those had."""
        merges, self.clusterer.auto_merges = self.clusterer.auto_merges, []
        if not merges:
            return None
        moved: list[StoryAssignment] = []
        had: dict[str, list[str]] = {}
        for gone, kept in merges:
            touched.add(kept)
            had[gone] = list(members_of(gone))
            moved.extend(_moved(aid, kept, assignment_of(aid), f"auto-merge:{gone}") for aid in had[gone])
        return moved, dict(merges), had

    def _snapshot_maybe(self, force: bool = False) -> None:
        """Save the IDF once ``SNAPSHOT_EVERY`` features are not in the stored snapshot. This process's count
        includes other processes' features (``catch_up``), so before saving it asks how far the stored
        snapshot is behind: another writer may have saved one since (then the count starts from there, and
        several long-running writers do not each save the same window)."""
        self._since_snapshot += 1
        if not force and self._since_snapshot < SNAPSHOT_EVERY:
            return
        last = self.store.last_feature_seq()
        saved = _saved_seq(self.store)
        if not force and saved is not None and 0 <= last - saved < SNAPSHOT_EVERY:
            self._since_snapshot = last - saved
            return  # (a snapshot ahead of the features, after the newest were deleted, is saved again)
        _save_vocab(self.store, self.clusterer.vocab, last)
        self._since_snapshot = 0

    def _story(self, sid: str) -> Story:
        return describe(self.clusterer.stories[sid], self.clusterer.vocab)

    def _reopen(self, story_id: str | None, now: datetime) -> bool:
        """Bring a stored (possibly closed) story back into memory for a user action or a copy; whether it
        was not there before."""
        if story_id is None or story_id in self.clusterer.stories:
            return False
        feats = self.store.features_of(self.store.story_article_ids(story_id))
        if not feats:
            raise NotFoundError("story has no stored features", subject=story_id)
        self.clusterer.restore(story_id, feats, now=now)
        return True

    @contextmanager
    def _reopened_for(self, story_ids: Sequence[str], now: datetime) -> Iterator[None]:
        """Reopen ``story_ids`` for a user decision; should the clusterer refuse it, the stories reopened for it
        leave memory again (a closed story must not stay open, taking new articles, for a refused split)."""
        reopened = []
        try:
            for sid in story_ids:
                self._stored(sid)  # NotFoundError names a missing story (and where a merged-away one went)
                if self._reopen(sid, now):
                    reopened.append(sid)
            yield
        except BaseException:
            for sid in reopened:
                self.clusterer.forget(sid)
            raise

    # -- user decisions ------------------------------------------------------------------------------
    def _stored(self, story_id: str) -> None:
        """NotFoundError unless ``story_id`` is stored; for a story merged away, saying where it went (the
        user named an old id, from a link or a listing made before the merge)."""
        try:
            self.store.get_story(story_id)
        except NotFoundError:
            target = self.store.story_alias(story_id)
            if target is None:
                raise
            raise NotFoundError(f"no such open story: it was merged into {target}", subject=story_id) from None

    def merge(self, a: str, b: str, *, now: datetime) -> Story:
        """``newsloom stories merge A B``: B's articles join A for good; returns A."""
        with self._reopened_for((a, b), now):
            decision = self.clusterer.merge(a, b, now=now)  # refuses (changing nothing) or merges in memory
        with self._changing():
            moved = [StoryAssignment(aid, a, 1.0, False, (), (), "user-merge")
                     for aid in self.store.story_article_ids(b)]
            story = self._story(a)
            with self.store.transaction():  # the decision and its effect commit together, or neither
                self.store.save_decision(decision)
                self.store.save_stories([story], assignments=moved, drop=[b], aliases={b: a},
                                        alias_articles={b: [m.article_id for m in moved]})
        return story

    def split(self, story_id: str, article_ids: Sequence[str], *, now: datetime) -> Story:
        """``newsloom stories split STORY ARTICLE...``: the articles leave for a new story; returns it.

        When they are (a clear majority of them, and most of what it still has) the articles of a story that
        was merged into this one, the merge is undone: the new story takes that story's id back, so that its
        old links lead to its articles again, and the decision names it (a re-run keeps it). Otherwise the
        new story takes an id no story, stored or merged away, has (``StoryClusterer.split``), and a merged-away
        story most of whose articles leave with it has its links lead there (``_repointed``)."""
        with self._reopened_for((story_id,), now):
            had = self._had(story_id)  # read once: what the split may take back, and which links move
            reclaim = self._reclaimable(had, article_ids)
            # refuses (changing nothing) or splits in memory
            decision: Decision = self.clusterer.split(story_id, article_ids, self.store.features_of, now=now,
                                                      reclaim=reclaim)
        with self._changing():
            new_id = decision.other_id
            moved = [StoryAssignment(aid, new_id, 1.0, False, (), (), "user-split") for aid in decision.article_ids]
            new_story = self._story(new_id)
            with self.store.transaction():  # the decision and its effect commit together, or neither
                self.store.save_decision(decision)
                # the new story stored under a merged-away id drops its alias (``StoryStore._put_story``)
                self.store.save_stories([self._story(story_id), new_story], assignments=moved,
                                        aliases=self._repointed(story_id, new_id, decision.article_ids, had))
        return new_story

    def _had(self, story_id: str) -> dict[str, set[str]]:
        """The merged-away stories whose links lead to ``story_id``, each with those of the articles it had
        that are still stored (stories whose articles were not recorded left out)."""
        aliases = {old: had for old, had in self.store.aliases_to(story_id).items() if had}
        stored = self.store.assignments_of([a for had in aliases.values() for a in had])
        return {old: {a for a in had if a in stored} for old, had in aliases.items()}

    @staticmethod
    def _reclaimable(had: Mapping[str, set[str]], article_ids: Sequence[str]) -> str | None:
        """The merged-away story (of ``had``: ``_had``) whose articles ``article_ids`` are: more than half
        of them are its, and they are more than half of its articles still stored; when several qualify (a
        story merged into one merged here later), the one sharing most, then the one with fewest articles,
        then the smaller id."""
        moving = set(article_ids)
        best: tuple[int, int, str] | None = None
        for old, theirs in had.items():
            common = len(theirs & moving)
            if (2 * common > len(moving) and 2 * common > len(theirs)
                    and (best is None or (common, -len(theirs)) > best[:2])):
                best = (common, -len(theirs), old)
        return best[2] if best else None

    def _repointed(self, story_id: str, new_id: str, moved: Sequence[str],
                   had: Mapping[str, set[str]]) -> dict[str, str]:
        """Merged-away stories (of ``had``: ``_had``) whose links led to ``story_id`` and more of whose articles are now in
        ``new_id`` (the articles ``moved`` there) than left in ``story_id``: their links lead to ``new_id``."""
        out = set(moved)
        left = set(self.store.story_article_ids(story_id)) - out
        return {old: new_id for old, theirs in had.items()
                if old != new_id and len(theirs & out) > len(theirs & left)}

    # -- maintenance ------------------------------------------------------------------------------------
    def forget_articles(self, article_ids: Sequence[str], *, now: datetime) -> list[str]:
        """After a takedown (the store has deleted the articles): rebuild each open story that held one from
        its remaining members' stored features, or forget it when none is left, so that the next article
        to join cannot bring a removed article's id or headline back; their bridge counts start again (the
        removed articles may have raised them). A story rebuilt has changed: it is dated ``now``, as the
        store dated it. Returns the stories rebuilt."""
        held = {self.clusterer.members[a] for a in article_ids if a in self.clusterer.members}
        rebuilt = []
        with self._changing():
            for sid in held:
                before = self.clusterer.stories[sid]
                feats = self.store.features_of(self.store.story_article_ids(sid))
                if feats:
                    self.clusterer.forget(sid)
                    state = self.clusterer.restore(sid, feats, now=now, last_update=changed_at(before.last_update, now))
                    state.created = before.created or state.created  # first seen then, not at the removal
                    rebuilt.append(sid)
                else:
                    self.clusterer.forget(sid)
            if rebuilt:  # described with the clusterer's vocabulary, as the next article's join would
                self.store.save_stories([self._story(sid) for sid in rebuilt])
        return rebuilt

    def close_stale(self, now: datetime) -> list[str]:
        """Close stories quiet for longer than the window (they take no new articles)."""
        with self._changing():
            closed = self.clusterer.close_stale(now)
            self.store.set_stories_closed(closed)
        return closed

    def recluster(self, *, now: datetime, copy_of: Mapping[str, str] | None = None) -> int:
        """Re-run clustering over every featurized article in arrival order, honouring decisions. One
        transaction: readers see the old stories until the new ones are complete, and an interrupted run
        (Ctrl-C, a crash) leaves the old ones in place.

        A story keeps its id when it is recognisably the same story: each new story takes the id of the old
        one it shares most articles with (``identity.carry_ids``), so links, feeds and the ids user
        decisions name stay good. Articles are replayed at the time they were first taken in, so a story is
        dated as ingest dated it; one whose members did not change keeps its dates and closed flag as
        stored (a user merge or split dated it too). ``now`` dates only articles stored before those
        times were recorded, outside any story and without a publication date. ``copy_of`` (copy id ->
        original id) lets a copy join its original's story directly, as on ingest."""
        try:
            with self.store.transaction():
                return self._recluster(now, copy_of or {})
        except BaseException:
            self.stale = True  # until the clusterer is loaded again whole
            self._rev = self.store.last_state_rev()
            self.clusterer, self._feature_seq, self._since_snapshot = _load(self.store, self.config)  # as stored
            self.clusterer.bridge_updates = []
            self.stale = False
            raise

    def _recluster(self, now: datetime, copy_of: Mapping[str, str]) -> int:
        old_of = self.store.memberships()
        old = {s.id: s for s in self.store.list_stories(limit=0)}
        taken_in = self.store.feature_times()
        self.clusterer = StoryClusterer(self.config, decisions=self.store.decisions())
        assigned: dict[str, StoryAssignment] = {}  # article -> why it is where it is (arrival order)
        held: dict[str, list[str]] = {}  # story -> its articles, for the moves of automatic merges
        described: dict[str, Story] = {}  # story -> described when it last changed, as ingest describes it
        for _seq, f in self.store.iter_features():
            before = old.get(old_of.get(f.article_id, ""))
            at = taken_in.get(f.article_id) or (before.last_updated if before else None) or f.published or now
            a = self.clusterer.assign(f, copy_of=copy_of.get(f.article_id), now=at)
            assigned[a.article_id] = a
            held.setdefault(a.story_id, []).append(a.article_id)
            touched = {a.story_id}
            merged = self._drain_auto_merges(touched, lambda sid: held.pop(sid, []), assigned.get)
            if merged:
                _replay_moves(merged[0], assigned, held)
                for gone in merged[1]:
                    described.pop(gone, None)
            for sid, new_id, moved in self._auto_splits(at, assigned.get):
                out = {m.article_id for m in moved}
                held[sid] = [x for x in held.get(sid, ()) if x not in out]
                _replay_moves(moved, assigned, held)
                touched.update((sid, new_id))
            for sid in touched:
                if sid in self.clusterer.stories:
                    described[sid] = self._story(sid)
        self._carry_over(old_of, old, assigned, described)
        self.clusterer.bridge_updates = []  # from here on, as after a load
        self.clusterer.taken = self.store.story_id_taken
        self._snapshot_maybe(force=True)
        return len(assigned)

    def _carry_over(self, old_of: dict[str, str], old: dict[str, Story], assigned: dict[str, StoryAssignment],
                    described: dict[str, Story]) -> None:
        """Store the re-run's stories under the ids they carry over from ``old``, with their dates. A story
        that continues none takes no id a stored or merged-away story has (its links lead elsewhere)."""
        clusterer = self.clusterer
        order = list(clusterer.stories)
        ids = carry_ids(clusterer.members, old_of, order, reserved=old.keys() | self.store.story_aliases().keys())
        clusterer.rename(ids)
        stories, closed = [], []
        for temp in order:
            sid = ids[temp]
            state = clusterer.stories[sid]
            story = described.get(temp)
            if story is None or story.article_ids != tuple(state.article_ids):
                story = self._story(sid)
            story = replace(story, id=sid)
            before = old.get(sid)
            if before is not None and set(before.article_ids) == set(state.article_ids):  # the same story
                story = replace(story, first_seen=before.first_seen, last_updated=before.last_updated,
                                closed=before.closed)
                state.last_update = before.last_updated
                if before.closed:
                    closed.append(sid)
            stories.append(story)
        members = [replace(a, story_id=clusterer.members[aid], reason=_renamed(a.reason, ids))
                   for aid, a in assigned.items()]
        for sid in closed:  # as after a restart: a closed story takes no new article (and bridges none)
            clusterer.forget(sid)
        lost = _lost_ids(old_of, clusterer.members)
        had: dict[str, list[str]] = {}
        for aid, sid in old_of.items():
            if sid in lost:
                had.setdefault(sid, []).append(aid)
        self.store.replace_stories(stories, members, aliases=lost, bridges=clusterer.bridges(), alias_articles=had)


def _lost_ids(old_of: Mapping[str, str], new_of: Mapping[str, str]) -> dict[str, str]:
    """Old story -> the new story holding most of its articles, for each old story whose id a re-cluster
    did not carry over (its links then lead there)."""
    kept = set(new_of.values())
    votes: dict[str, Counter] = {}
    for aid, old in old_of.items():
        if old not in kept and aid in new_of:
            votes.setdefault(old, Counter())[new_of[aid]] += 1
    return {old: counts.most_common(1)[0][0] for old, counts in votes.items()}


def _moved(article_id: str, story_id: str, old: StoryAssignment | None, reason: str) -> StoryAssignment:
    """An article moved to another story by an automatic merge or split, with its old scores."""
    return StoryAssignment(article_id, story_id, old.score if old else 0.0, False,
                           old.shared_terms if old else (), old.shared_entities if old else (), reason,
                           old.probability if old else None)


def _replay_moves(moves: Sequence[StoryAssignment], assigned: dict[str, StoryAssignment],
                  held: dict[str, list[str]]) -> None:
    for m in moves:
        assigned[m.article_id] = m
        held.setdefault(m.story_id, []).append(m.article_id)


def _renamed(reason: str, ids: dict[str, str]) -> str:
    """A reason naming a story of the re-run ("auto-split:<id>") names it by the id it carries over."""
    kind, _, sid = reason.partition(":")
    if kind in ("auto-split", "auto-merge") and sid in ids:
        return f"{kind}:{ids[sid]}"
    return reason
