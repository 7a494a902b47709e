"""Stories: the story records, memberships with their explanation, user decisions, and the
clusterer state (per-article features, IDF snapshot in the kv table) needed to resume.

Every write that changes a story appends its id to ``state_log``; a deletion of articles or a
re-cluster appends ``RESET`` instead. A process that shares the store reads the log since the last
entry it has seen (:meth:`StoryStore.state_changes`) and rebuilds only those stories, rather than
everything it holds in memory."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from ..dates import as_utc
from ..model import Story, StoryAssignment
from ..serialize import dumps, loads
from ..stories.decisions import Decision
from ..stories.features import ArticleFeatures, features_from_blob, features_to_blob
from ..stories.identity import changed_at, describe
from ..stories.state import StoryState, Vocabulary
from .articles import missing
from .base import SQLiteBase, execute_in, iso_utc, select_in

__all__ = ["StoryStore"]

_STORIES_V1 = """
CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    first_seen TEXT,
    last_updated TEXT,
    n_articles INTEGER NOT NULL,
    closed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX stories_updated ON stories(last_updated);
CREATE INDEX stories_closed ON stories(closed);
CREATE TABLE story_members (
    article_id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL,
    assignment TEXT NOT NULL,
    seq INTEGER NOT NULL
);
CREATE INDEX story_members_story ON story_members(story_id, seq);
CREATE TABLE story_features (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT UNIQUE NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE story_decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    data TEXT NOT NULL
);
"""

# when each article was taken in (the clusterer's ``now``): a re-cluster dates its stories as ingest did
_STORIES_V2 = """
ALTER TABLE story_features ADD COLUMN added_at TEXT;
"""


# the change log of the in-memory stage state; pruned to the newest LOG_KEEP entries
_STORIES_V3 = """
CREATE TABLE state_log (rev INTEGER PRIMARY KEY AUTOINCREMENT, story_id TEXT NOT NULL);
"""

# where a story merged away (or renamed by a re-cluster) lives on: its old links redirect there
_STORIES_V4 = """
CREATE TABLE story_aliases (old_id TEXT PRIMARY KEY, new_id TEXT NOT NULL);
CREATE INDEX story_aliases_new ON story_aliases(new_id);
"""

# how many articles have bridged two open stories so far (evidence that they report one event; the
# clusterer merges them at ClusterConfig.bridges): one row per pair, a < b, gone with either story
_STORIES_V5 = """
CREATE TABLE story_bridges (a TEXT NOT NULL, b TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (a, b));
CREATE INDEX story_bridges_b ON story_bridges(b);
"""

# the articles each merged-away story had when it went (NULL: not recorded, before this), so that a split
# that moves them out again can give them their story's id back, or lead its links to where they went
_STORIES_V6 = """
ALTER TABLE story_aliases ADD COLUMN article_ids TEXT;
"""

RESET = "*"  # a state_log entry that asks every process for a complete reload
LOG_KEEP = 100_000
PRUNE_EVERY = 1024




class StoryStore(SQLiteBase):
    COMPONENT = "stories"
    MIGRATIONS = (_STORIES_V1, _STORIES_V2, _STORIES_V3, _STORIES_V4, _STORIES_V5, _STORIES_V6)

    # -- writes -----------------------------------------------------------------------------
    def save_assignment(self, assignment: StoryAssignment, *, features: ArticleFeatures | None = None,
                        stories: Iterable[Story] = (), added_at: datetime | None = None,
                        bridges: Iterable[tuple[str, str, int]] = ()) -> None:
        """Record one article's membership (and its features with when it was taken in, the touched
        stories and the bridge counts it raised) at once. The first time recorded for an article is kept."""
        with self._write() as conn:
            if features is not None:
                conn.execute("INSERT INTO story_features(article_id, data, added_at) VALUES (?, ?, ?) "
                             "ON CONFLICT(article_id) DO UPDATE SET data = excluded.data, "
                             "added_at = COALESCE(story_features.added_at, excluded.added_at)",
                             (features.article_id, features_to_blob(features), iso_utc(added_at)))
            self._put_member(conn, assignment)
            for story in stories:
                self._put_story(conn, story)
            _put_bridges(conn, bridges)

    def save_stories(self, stories: Iterable[Story], *, assignments: Iterable[StoryAssignment] = (),
                     drop: Iterable[str] = (), aliases: Mapping[str, str] | None = None,
                     alias_articles: Mapping[str, Sequence[str]] | None = None) -> None:
        """Upsert stories and memberships, delete stories ``drop``, and record ``aliases`` (a story merged
        away -> the story it went into, in the order the merges happened; ``alias_articles``: the articles it
        had, kept as recorded when not given), in one transaction."""
        with self._write() as conn:
            for sid in drop:
                conn.execute("DELETE FROM stories WHERE id = ?", (sid,))
                _log(conn, sid)
            _drop_bridges(conn, list(drop))
            _put_aliases(conn, aliases or {}, alias_articles)
            for a in assignments:
                self._put_member(conn, a)
            for story in stories:
                self._put_story(conn, story)

    def _put_member(self, conn, a: StoryAssignment) -> None:
        row = conn.execute("SELECT seq FROM story_members WHERE article_id = ?", (a.article_id,)).fetchone()
        seq = row[0] if row else conn.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM story_members").fetchone()[0]
        conn.execute("INSERT OR REPLACE INTO story_members VALUES (?,?,?,?)", (a.article_id, a.story_id, dumps(a), seq))

    def _put_story(self, conn, s: Story, *, log: bool = True) -> None:
        """Upsert one story. An id stored again is live: an alias left from when it was merged away (or
        dropped by a re-cluster) would lead its links, and the next new id, astray, so it goes."""
        conn.execute("INSERT OR REPLACE INTO stories VALUES (?,?,?,?,?,?)",
                     (s.id, dumps(s), iso_utc(s.first_seen), iso_utc(s.last_updated), len(s.article_ids), int(s.closed)))
        conn.execute("DELETE FROM story_aliases WHERE old_id = ?", (s.id,))
        if log:
            _log(conn, s.id)

    def set_stories_closed(self, story_ids: Iterable[str]) -> None:
        ids = list(story_ids)
        with self._write() as conn:
            _drop_bridges(conn, ids)  # a closed story takes no article: nothing bridges it any more
            for sid in ids:
                row = conn.execute("SELECT data FROM stories WHERE id = ?", (sid,)).fetchone()
                if row is None:
                    continue
                story = loads(Story, row[0])
                self._put_story(conn, replace(story, closed=True))

    def replace_stories(self, stories: Iterable[Story], assignments: Iterable[StoryAssignment],
                        aliases: Mapping[str, str] | None = None, bridges: Iterable[tuple[str, str, int]] = (),
                        alias_articles: Mapping[str, Sequence[str]] | None = None) -> None:
        """Put these stories, memberships and bridge counts in place of all the stored ones (a re-cluster),
        memberships ordered as given, in one transaction and without a scan per row; ``aliases``: old
        stories that no longer exist -> where their articles went (``alias_articles``: which they were)."""
        with self._write() as conn:
            _put_aliases(conn, aliases or {}, alias_articles)
            conn.execute("DELETE FROM stories")
            conn.execute("DELETE FROM story_members")
            conn.execute("DELETE FROM story_bridges")
            _put_bridges(conn, bridges)
            conn.executemany("INSERT INTO story_members VALUES (?,?,?,?)",
                             ((a.article_id, a.story_id, dumps(a), seq) for seq, a in enumerate(assignments, 1)))
            for story in stories:
                self._put_story(conn, story, log=False)
            _log(conn, RESET)

    def save_decision(self, decision: Decision) -> None:
        with self._write() as conn:
            conn.execute("INSERT INTO story_decisions(kind, data) VALUES (?, ?)", (decision.kind, dumps(decision)))

    # -- reads -------------------------------------------------------------------------------------
    def get_story(self, story_id: str) -> Story:
        with self._read() as conn:
            row = conn.execute("SELECT data FROM stories WHERE id = ?", (story_id,)).fetchone()
            if row is None:
                raise missing(conn, "story", story_id)
        return loads(Story, row[0])

    def list_stories(self, *, limit: int = 50, offset: int = 0, open_only: bool = False) -> list[Story]:
        """Stories, most recently updated first."""
        where = "WHERE closed = 0 " if open_only else ""
        sql = f"SELECT data FROM stories {where}ORDER BY last_updated DESC, id LIMIT ? OFFSET ?"
        with self._read() as conn:
            return [loads(Story, r[0]) for r in conn.execute(sql, (limit if limit else -1, offset))]

    def count_stories(self) -> int:
        with self._read() as conn:
            return conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0]

    def open_story_ids(self) -> list[str]:
        with self._read() as conn:
            return [r[0] for r in conn.execute("SELECT id FROM stories WHERE closed = 0")]

    def story_of(self, article_id: str) -> str | None:
        with self._read() as conn:
            row = conn.execute("SELECT story_id FROM story_members WHERE article_id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def story_article_ids(self, story_id: str) -> list[str]:
        with self._read() as conn:
            return [r[0] for r in conn.execute(
                "SELECT article_id FROM story_members WHERE story_id = ? ORDER BY seq", (story_id,))]

    def latest_published(self, story_ids: Iterable[str]) -> dict[str, datetime]:
        """The newest publication time among each story's articles (stories with no dated article are
        left out): when the news is from, where ``Story.last_updated`` says when newsloom last took it in."""
        ids = list(story_ids)
        out: dict[str, datetime] = {}
        with self._read() as conn:
            for sid, published in select_in(
                    conn, "SELECT m.story_id, a.published FROM story_members m JOIN articles a ON a.id = m.article_id "
                          "WHERE m.story_id IN ({marks}) AND a.published IS NOT NULL", ids):
                when = as_utc(datetime.fromisoformat(published))
                if sid not in out or when > out[sid]:
                    out[sid] = when
        return out

    def memberships(self) -> dict[str, str]:
        """article id -> story id for every article in a story."""
        with self._read() as conn:
            return dict(conn.execute("SELECT article_id, story_id FROM story_members"))

    def feature_times(self) -> dict[str, datetime]:
        """article id -> when the stories stage took it in (articles stored before that was recorded are
        left out)."""
        with self._read() as conn:
            return {r[0]: datetime.fromisoformat(r[1]) for r in conn.execute(
                "SELECT article_id, added_at FROM story_features WHERE added_at IS NOT NULL")}

    def assignment_of(self, article_id: str) -> StoryAssignment | None:
        with self._read() as conn:
            row = conn.execute("SELECT assignment FROM story_members WHERE article_id = ?", (article_id,)).fetchone()
        return loads(StoryAssignment, row[0]) if row else None

    def assignments_of(self, article_ids: Iterable[str]) -> dict[str, StoryAssignment]:
        """``assignment_of`` for each of these articles that has one, by article id in the given order, read
        together."""
        ids = list(dict.fromkeys(article_ids))
        with self._read() as conn:
            rows = list(select_in(conn, "SELECT article_id, assignment FROM story_members "
                                        "WHERE article_id IN ({marks})", ids))
        found = dict(rows)
        return {a: loads(StoryAssignment, found[a]) for a in ids if a in found}

    def features_of(self, article_ids: Iterable[str]) -> list[ArticleFeatures]:
        """Stored features of these articles, in the given order (missing ones skipped)."""
        ids = list(article_ids)
        with self._read() as conn:
            found = _features_in(conn, ids)
        return [found[i] for i in ids if i in found]

    def iter_features(self, *, after_seq: int = 0, batch: int = 1000) -> Iterator[tuple[int, ArticleFeatures]]:
        """(seq, features) of every featurized article in arrival order."""
        sql = "SELECT seq, data FROM story_features WHERE seq > ? ORDER BY seq LIMIT ?"
        for rows in self._pages(sql, after_seq=after_seq, batch=batch):
            for r in rows:
                yield r[0], features_from_blob(r[1])

    def feature_terms(self, *, after_seq: int = 0, batch: int = 5000) -> Iterator[tuple[int, list[list[str]]]]:
        """The terms (``ArticleFeatures.terms``' words, in their order) of every featurized article after
        ``after_seq``, in arrival order, in batches: (the batch's last seq, each article's terms). What the IDF
        counts, without decoding the rest of the features (SQLite cuts the terms out of each blob)."""
        sql = "SELECT seq, json_extract(data, '$.t') FROM story_features WHERE seq > ? ORDER BY seq LIMIT ?"
        for rows in self._pages(sql, after_seq=after_seq, batch=batch):
            yield rows[-1][0], [list(json.loads(r[1])) if r[1] is not None else [] for r in rows]

    def last_feature_seq(self) -> int:
        with self._read() as conn:
            return conn.execute("SELECT COALESCE(MAX(seq), 0) FROM story_features").fetchone()[0]

    def state_changes(self, after_rev: int) -> tuple[list[str] | None, int]:
        """(stories changed since log entry ``after_rev``, in the order of their latest change; the last
        entry). The list is None when nothing short of a complete reload will do: a deletion of articles
        or a re-cluster since then, or log entries pruned before they were read."""
        with self._read() as conn:
            first, last = conn.execute("SELECT MIN(rev), MAX(rev) FROM state_log").fetchone()
            if last is None or last <= after_rev:
                return [], max(after_rev, last or 0)
            if after_rev + 1 < first:
                return None, last
            rows = [r[0] for r in conn.execute("SELECT story_id FROM state_log WHERE rev > ? ORDER BY rev DESC",
                                               (after_rev,))]
        if RESET in rows:
            return None, last
        return list(dict.fromkeys(rows))[::-1], last

    def story_alias(self, story_id: str) -> str | None:
        """The story that a story no longer stored went into (merged away, or renamed by a re-cluster)."""
        with self._read() as conn:
            row = conn.execute("SELECT new_id FROM story_aliases WHERE old_id = ?", (story_id,)).fetchone()
        return row[0] if row else None

    def aliases_to(self, story_id: str) -> dict[str, list[str] | None]:
        """The merged-away (or re-cluster-dropped) stories whose links lead to ``story_id``, each with the
        articles it had when it went (None: not recorded), in id order."""
        with self._read() as conn:
            rows = conn.execute("SELECT old_id, article_ids FROM story_aliases WHERE new_id = ? ORDER BY old_id",
                                (story_id,)).fetchall()
        return {r[0]: (json.loads(r[1]) if r[1] is not None else None) for r in rows}

    def story_aliases(self) -> dict[str, str]:
        """Every merged-away (or re-cluster-dropped) story id -> the story it went into."""
        with self._read() as conn:
            return dict(conn.execute("SELECT old_id, new_id FROM story_aliases"))

    def story_id_taken(self, story_id: str) -> bool:
        """Is ``story_id`` in use: a stored story (open or closed), a membership's story, or a merged-away
        story's alias? A new story must take another id, or it would overwrite a story that still has
        articles, or answer at a link that leads elsewhere."""
        with self._read() as conn:
            return conn.execute(
                "SELECT EXISTS(SELECT 1 FROM stories WHERE id = ?) OR EXISTS(SELECT 1 FROM story_aliases "
                "WHERE old_id = ?) OR EXISTS(SELECT 1 FROM story_members WHERE story_id = ?)",
                (story_id, story_id, story_id)).fetchone()[0] == 1

    def last_state_rev(self) -> int:
        with self._read() as conn:
            return conn.execute("SELECT COALESCE(MAX(rev), 0) FROM state_log").fetchone()[0]

    def story_states(self, story_ids: Iterable[str]) -> dict[str, tuple[bool, datetime | None]]:
        """(closed, last updated) of the stored stories among ``story_ids``, by id, as ``get_stories`` would
        give them (``Story.closed``, ``Story.last_updated``) without decoding the rest: what rebuilding the
        open stories needs."""
        out: dict[str, tuple[bool, datetime | None]] = {}
        with self._read() as conn:
            for sid, closed, updated in select_in(
                    conn, "SELECT id, json_extract(data, '$.closed'), json_extract(data, '$.last_updated') "
                          "FROM stories WHERE id IN ({marks})", list(dict.fromkeys(story_ids))):
                out[sid] = (bool(closed), datetime.fromisoformat(updated) if updated is not None else None)
        return out

    def get_stories(self, story_ids: Iterable[str]) -> dict[str, Story]:
        """The stored stories among ``story_ids``, by id, read together."""
        with self._read() as conn:
            return {r[0]: loads(Story, r[1]) for r in select_in(
                conn, "SELECT id, data FROM stories WHERE id IN ({marks})", list(dict.fromkeys(story_ids)))}

    def story_members_of(self, story_ids: Iterable[str]) -> dict[str, list[str]]:
        """``story_article_ids`` of each of ``story_ids`` that has members, read together."""
        out: dict[str, list[str]] = {}
        with self._read() as conn:
            for sid, aid in select_in(conn, "SELECT story_id, article_id FROM story_members "
                                            "WHERE story_id IN ({marks}) ORDER BY seq", list(dict.fromkeys(story_ids))):
                out.setdefault(sid, []).append(aid)
        return out

    def bridges_of(self, story_ids: Iterable[str]) -> list[tuple[str, str, int]]:
        """The stored bridge counts (story, other story, count) of every pair that has one of
        ``story_ids``."""
        ids = list(dict.fromkeys(story_ids))
        with self._read() as conn:
            rows = {tuple(r) for column in ("a", "b") for r in select_in(
                conn, f"SELECT a, b, n FROM story_bridges WHERE {column} IN ({{marks}})", ids)}
        return sorted(rows)

    def decisions(self) -> list[Decision]:
        with self._read() as conn:
            return [loads(Decision, r[0]) for r in conn.execute("SELECT data FROM story_decisions ORDER BY id")]

    # -- takedowns ------------------------------------------------------------------------------------
    def _on_articles_deleted(self, conn, article_ids: Sequence[str], *, now: datetime | None = None) -> None:
        """Drop the articles' memberships and features; describe each story that held one again, once,
        from the members left (headline, summary, sources, entities), or drop it when none is left. An open
        story rewritten so has changed: it is dated ``now`` (the removal; the current time when not given), so
        that its feed entries say it was updated and it lists among the most recently updated. A closed one
        keeps its date: a domain takedown touching months of old stories must not bring them all back to the
        top of the front page and the feeds (the feeds' Last-Modified says a removal happened)."""
        ids = list(dict.fromkeys(article_ids))
        held = {r[0]: r[1] for r in select_in(
            conn, "SELECT article_id, story_id FROM story_members WHERE article_id IN ({marks})", ids)}
        execute_in(conn, "DELETE FROM story_members WHERE article_id IN ({marks})", ids)
        execute_in(conn, "DELETE FROM story_features WHERE article_id IN ({marks})", ids)
        story_ids = list(dict.fromkeys(held[a] for a in ids if a in held))  # in the order of the removals
        _log(conn, RESET)  # other processes drop the articles from their copy index and stories too
        _drop_bridges(conn, story_ids)  # what the removed articles bridged no longer counts towards a merge
        found = {r[0]: loads(Story, r[1]) for r in select_in(
            conn, "SELECT id, data FROM stories WHERE id IN ({marks})", story_ids)}
        gone = set(ids)
        when = now or datetime.now(UTC)
        for sid in story_ids:
            story = found.get(sid)
            if story is None:
                continue
            left = tuple(a for a in story.article_ids if a not in gone)
            if not left:  # removed with its articles, for the same cause
                conn.execute("DELETE FROM stories WHERE id = ?", (story.id,))
                conn.execute("INSERT INTO removals SELECT ?, 'story', removed_at, cause FROM removals "
                             "WHERE kind = 'article' AND id = ? ON CONFLICT(kind, id) DO UPDATE SET "
                             "removed_at = excluded.removed_at, cause = excluded.cause", (story.id, story.article_ids[-1]))
                continue
            dated = story.last_updated if story.closed else changed_at(story.last_updated, when)
            changed = replace(story, article_ids=left, last_updated=dated)
            self._put_story(conn, _redescribe(conn, changed), log=False)  # RESET above


def _put_aliases(conn, aliases: Mapping[str, str], articles: Mapping[str, Sequence[str]] | None = None) -> None:
    """Record each old -> new story (with the articles ``old`` had, when given; else those recorded before
    stay); aliases that led to ``old`` now lead to ``new`` (no chains)."""
    for old, new in aliases.items():
        if old == new:
            continue
        had = (articles or {}).get(old)
        conn.execute("UPDATE story_aliases SET new_id = ? WHERE new_id = ?", (new, old))
        conn.execute("INSERT INTO story_aliases(old_id, new_id, article_ids) VALUES (?, ?, ?) ON CONFLICT(old_id) "
                     "DO UPDATE SET new_id = excluded.new_id, "
                     "article_ids = COALESCE(excluded.article_ids, story_aliases.article_ids)",
                     (old, new, None if had is None else json.dumps(list(had), separators=(",", ":"))))
    if aliases:  # a story merged back into one merged into it before: no alias of itself
        execute_in(conn, "DELETE FROM story_aliases WHERE new_id IN ({marks}) AND old_id = new_id",
                   list(dict.fromkeys(aliases.values())))


def _put_bridges(conn, bridges: Iterable[tuple[str, str, int]]) -> None:
    """Record bridge counts, one row per pair (the smaller id first); the latest count of a pair wins."""
    conn.executemany("INSERT INTO story_bridges VALUES (?, ?, ?) ON CONFLICT(a, b) DO UPDATE SET n = excluded.n",
                     (((a, b) if a < b else (b, a)) + (n,) for a, b, n in bridges))


def _drop_bridges(conn, story_ids: list[str]) -> None:
    """Forget the bridge counts of stories that are gone (merged away, closed, emptied)."""
    for column in ("a", "b"):
        execute_in(conn, f"DELETE FROM story_bridges WHERE {column} IN ({{marks}})", story_ids)


def _log(conn, story_id: str) -> None:
    """Append ``story_id`` (or ``RESET``) to the state log; every ``PRUNE_EVERY`` entries, drop all but the
    newest ``LOG_KEEP`` (a process that has not read that far reloads everything)."""
    rev = conn.execute("INSERT INTO state_log(story_id) VALUES (?)", (story_id,)).lastrowid
    if rev % PRUNE_EVERY == 0:
        conn.execute("DELETE FROM state_log WHERE rev <= ?", (rev - LOG_KEEP,))


def _redescribe(conn, story: Story) -> Story:
    """``story`` described from its remaining members' stored features, so that nothing of a removed
    article (its headline, its lead sentences in the summary, its outlet) is shown any more.

    The members' own terms stand in for the clusterer's IDF (uniform weights): any member title is a
    fair headline, and a takedown must not read the whole vocabulary. Without stored features the
    headline falls back to the first remaining member's title and the summary is dropped.
    """
    ids = list(story.article_ids)
    found = _features_in(conn, ids)
    feats = [found[i] for i in ids if i in found]
    if not feats:
        rows = (conn.execute("SELECT title FROM articles WHERE id = ?", (aid,)).fetchone() for aid in ids)
        title = next((r[0] for r in rows if r and r[0]), story.title)
        return replace(story, title=title, summary="")
    state = StoryState(story.id)
    for f in feats:
        state.add(f)
    fresh = describe(state, Vocabulary(), closed=story.closed, last_updated=story.last_updated)
    return replace(fresh, article_ids=story.article_ids, first_seen=fresh.first_seen or story.first_seen,
                   n_sources=fresh.n_sources if len(feats) == len(ids) else story.n_sources)


def _features_in(conn, ids: list[str]) -> dict[str, ArticleFeatures]:
    """Stored features of these articles, by id (missing ones absent)."""
    return {r[0]: features_from_blob(r[1]) for r in select_in(
        conn, "SELECT article_id, data FROM story_features WHERE article_id IN ({marks})", ids)}
