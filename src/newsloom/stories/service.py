"""The stories stage wired to the store: assign and persist, user merge/split, restart, re-run.

``StoryService(store)`` resumes from the store (``load_clusterer``): the IDF snapshot in the kv
table plus the features of later articles, the open stories rebuilt from their members'
features, and every user decision replayed as constraints.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from ..errors import NotFoundError
from ..model import Article, Story, StoryAssignment
from .cluster import StoryClusterer
from .decisions import Decision
from .features import ArticleFeatures, featurize
from .identity import describe
from .scoring import ClusterConfig
from .state import Vocabulary

__all__ = ["StoryService", "load_clusterer"]

VOCAB_KEY = "stories.vocab"
SNAPSHOT_EVERY = 2000


def _save_vocab(store, vocab: Vocabulary, upto_seq: int) -> None:
    store.set_value(VOCAB_KEY, json.dumps({"n": vocab.n_docs, "seq": upto_seq, "df": vocab.df},
                                          separators=(",", ":")))


def _load_vocab(store) -> tuple[Vocabulary, int]:
    raw = store.get_value(VOCAB_KEY)
    vocab, start = (Vocabulary(), 0) if raw is None else _parse_vocab(raw)
    last = start
    for seq, f in store.iter_features(after_seq=start):
        vocab.add(f)
        last = seq
    return vocab, last


def _parse_vocab(raw: str) -> tuple[Vocabulary, int]:
    d = json.loads(raw)
    return Vocabulary(d["df"], d["n"]), d["seq"]


def load_clusterer(store, config: ClusterConfig | None = None) -> StoryClusterer:
    """Rebuild a clusterer from the store: IDF, open stories, user decisions."""
    vocab, _seq = _load_vocab(store)
    clusterer = StoryClusterer(config, decisions=store.decisions(), vocab=vocab)
    for sid in store.open_story_ids():
        story = store.get_story(sid)
        feats = store.features_of(store.story_article_ids(sid))
        if feats:
            clusterer.restore(sid, feats, last_update=story.last_updated)
    return clusterer


class StoryService:
    """One process's stories stage: call ``process`` per article in arrival order."""

    def __init__(self, store, *, embedder=None, config: ClusterConfig | None = None) -> None:
        self.store = store
        self.embedder = embedder
        self.config = config or ClusterConfig()
        self.clusterer = load_clusterer(store, self.config)
        self._since_snapshot = 0

    def process(self, article: Article, *, now: datetime, copy_of: str | None = None,
                features: ArticleFeatures | None = None) -> StoryAssignment:
        """Featurize (unless given), assign, and persist one article."""
        known = self.store.assignment_of(article.id)
        if known is not None:
            return known
        f = features or featurize(article, embedder=self.embedder)
        if copy_of is not None and copy_of not in self.clusterer.members:
            self._reopen(self.store.story_of(copy_of), now)
        assignment = self.clusterer.assign(f, copy_of=copy_of, now=now)
        touched = {assignment.story_id}
        moved = self._drain_auto_merges(touched)
        self.store.save_assignment(assignment, features=f, stories=[self._story(s) for s in touched])
        if moved:
            self.store.save_stories((), assignments=moved[0], drop=moved[1])
        self._run_auto_splits(now)
        self._snapshot_maybe()
        return assignment

    def _run_auto_splits(self, now: datetime) -> None:
        """Check the stories due a split (members' features from the store); persist the moved articles
        and both stories, as auto merges are persisted."""
        for sid in self.clusterer.take_split_due():
            feats = self.store.features_of(self.clusterer.stories[sid].article_ids)
            self.clusterer.auto_split(sid, feats, now=now)
        splits, self.clusterer.auto_splits = self.clusterer.auto_splits, []
        for sid, new_id, moved_ids in splits:
            moved = []
            for aid in moved_ids:
                old = self.store.assignment_of(aid)
                moved.append(StoryAssignment(aid, new_id, old.score if old else 0.0, False,
                                             old.shared_terms if old else (), old.shared_entities if old else (),
                                             f"auto-split:{sid}"))
            stories = [self._story(s) for s in (sid, new_id) if s in self.clusterer.stories]
            self.store.save_stories(stories, assignments=moved)

    def _drain_auto_merges(self, touched: set[str]) -> tuple[list[StoryAssignment], list[str]] | None:
        merges, self.clusterer.auto_merges = self.clusterer.auto_merges, []
        if not merges:
            return None
        moved: list[StoryAssignment] = []
        for gone, kept in merges:
            touched.add(kept)
            for aid in self.store.story_article_ids(gone):
                old = self.store.assignment_of(aid)
                moved.append(StoryAssignment(aid, kept, old.score if old else 0.0, False,
                                             old.shared_terms if old else (), old.shared_entities if old else (),
                                             f"auto-merge:{gone}"))
        return moved, [g for g, _ in merges]

    def _snapshot_maybe(self, force: bool = False) -> None:
        self._since_snapshot += 1
        if force or self._since_snapshot >= SNAPSHOT_EVERY:
            _save_vocab(self.store, self.clusterer.vocab, self.store.last_feature_seq())
            self._since_snapshot = 0

    def _story(self, sid: str) -> Story:
        return describe(self.clusterer.stories[sid], self.clusterer.vocab)

    def _reopen(self, story_id: str | None, now: datetime) -> None:
        """Bring a stored (possibly closed) story back into memory for a user action or a copy."""
        if story_id is None or story_id in self.clusterer.stories:
            return
        feats = self.store.features_of(self.store.story_article_ids(story_id))
        if not feats:
            raise NotFoundError("story has no stored features", subject=story_id)
        self.clusterer.restore(story_id, feats, now=now)

    # -- user decisions ------------------------------------------------------------------------------
    def merge(self, a: str, b: str, *, now: datetime) -> Story:
        """``newsloom stories merge A B``: B's articles join A for good; returns A."""
        for sid in (a, b):
            self.store.get_story(sid)  # NotFoundError names a missing story
            self._reopen(sid, now)
        decision = self.clusterer.merge(a, b, now=now)
        moved = [StoryAssignment(aid, a, 1.0, False, (), (), "user-merge")
                 for aid in self.store.story_article_ids(b)]
        story = self._story(a)
        with self.store.transaction():  # the decision and its effect commit together, or neither
            self.store.save_decision(decision)
            self.store.save_stories([story], assignments=moved, drop=[b])
        return story

    def split(self, story_id: str, article_ids: Sequence[str], *, now: datetime) -> Story:
        """``newsloom stories split STORY ARTICLE...``: the articles leave for a new story; returns it."""
        self.store.get_story(story_id)
        self._reopen(story_id, now)
        decision: Decision = self.clusterer.split(story_id, article_ids, self.store.features_of, now=now)
        new_id = decision.other_id
        moved = [StoryAssignment(aid, new_id, 1.0, False, (), (), "user-split") for aid in decision.article_ids]
        new_story = self._story(new_id)
        with self.store.transaction():  # the decision and its effect commit together, or neither
            self.store.save_decision(decision)
            self.store.save_stories([self._story(story_id), new_story], assignments=moved)
        return new_story

    # -- maintenance ------------------------------------------------------------------------------------
    def forget_articles(self, article_ids: Sequence[str], *, now: datetime) -> list[str]:
        """After a takedown (the store has deleted the articles): rebuild each open story that held one from
        its remaining members' stored features, or forget it when none is left, so that the next article
        to join cannot bring a removed article's id or headline back. Returns the stories rebuilt."""
        held = {self.clusterer.members[a] for a in article_ids if a in self.clusterer.members}
        rebuilt = []
        for sid in held:
            last = self.clusterer.stories[sid].last_update
            feats = self.store.features_of(self.store.story_article_ids(sid))
            if feats:
                self.clusterer.forget(sid)
                self.clusterer.restore(sid, feats, now=now, last_update=last)
                rebuilt.append(sid)
            else:
                self.clusterer.forget(sid)
        if rebuilt:  # described with the clusterer's vocabulary, as the next article's join would
            self.store.save_stories([self._story(sid) for sid in rebuilt])
        return rebuilt

    def close_stale(self, now: datetime) -> list[str]:
        """Close stories quiet for longer than the window (they take no new articles)."""
        closed = self.clusterer.close_stale(now)
        self.store.set_stories_closed(closed)
        return closed

    def recluster(self, *, now: datetime) -> int:
        """Re-run clustering over every featurized article in arrival order, honouring decisions. One
        transaction: readers see the old stories until the new ones are complete, and an interrupted run
        (Ctrl-C, a crash) leaves the old ones in place."""
        try:
            with self.store.transaction():
                self.store.clear_stories()
                self.clusterer = StoryClusterer(self.config, decisions=self.store.decisions())
                n = 0
                for _seq, f in self.store.iter_features():
                    a = self.clusterer.assign(f, now=now)
                    touched = {a.story_id}
                    moved = self._drain_auto_merges(touched)
                    self.store.save_assignment(a, stories=[self._story(s) for s in touched])
                    if moved:
                        self.store.save_stories((), assignments=moved[0], drop=moved[1])
                    self._run_auto_splits(now)
                    n += 1
                self._snapshot_maybe(force=True)
        except BaseException:
            self.clusterer = load_clusterer(self.store, self.config)  # what the store still holds
            raise
        return n
