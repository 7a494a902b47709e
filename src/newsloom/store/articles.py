"""Articles, full-text search, ingest errors and takedowns: the store's core component."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit

from ..errors import GoneError, NotFoundError, OutOfRangeError
from ..model import Article, TakedownRequest
from ..serialize import dumps, loads
from ..urls import ascii_host, host_forms, host_of, normalise_url, same_path, same_site
from .base import SQLiteBase, execute_in, iso_utc, select_in

__all__ = ["MAX_QUERY_CHARS", "MAX_QUERY_TERMS", "SQL_INT_MAX", "ArticleStore", "IngestError", "OutOfRangeError",
           "Revocation", "check_count", "check_id", "match_expression"]

MAX_QUERY_CHARS = 1000  # a search query is cut to this many characters...
MAX_QUERY_TERMS = 32  # ...and to this many distinct words: each word is one more FTS5 phrase to intersect
SQL_INT_MAX = 2**63 - 1  # SQLite's largest INTEGER: no row id is larger, and no larger number can be bound


def _shown(value: int) -> str:
    """``value`` for a message (a number of thousands of digits is not written out)."""
    return str(value) if value.bit_length() <= 128 else f"a {value.bit_length()}-bit integer"


def check_id(value: int, what: str) -> int:
    """``value`` as a row id of ``what`` (a takedown, a source); an integer beyond SQLite's range names no
    row, so it raises NotFoundError("no such WHAT") as any unknown id does (instead of OverflowError)."""
    number = int(value)
    if not -SQL_INT_MAX - 1 <= number <= SQL_INT_MAX:
        raise NotFoundError(f"no such {what}", subject=_shown(number))
    return number


def check_count(value: int, name: str) -> int:
    """``value`` as a ``LIMIT`` or ``OFFSET`` (0 up to :data:`SQL_INT_MAX`); raises OutOfRangeError otherwise."""
    if not 0 <= value <= SQL_INT_MAX:
        raise OutOfRangeError(f"{name} must be between 0 and {SQL_INT_MAX}", subject=_shown(value))
    return value


@dataclass(frozen=True, slots=True)
class TakedownDone:
    """What applying a takedown did: the ids of the articles removed, the request on record (with its id:
    the one to revoke), and whether a request for the same content was in force already (then only what
    matched since was removed now; the request on record is a new one unless it is that same request sent
    again: see :meth:`ArticleStore.apply_takedown_once`)."""

    removed: list[str]
    takedown: TakedownRequest
    already_in_force: bool


@dataclass(frozen=True, slots=True)
class Revocation:
    """What revoking a takedown did: the request as it now stands, and whether it had been revoked
    already (then nothing changed and ``takedown.revoked_at`` is the time of the first revocation)."""

    takedown: TakedownRequest
    already_revoked: bool

_CORE_V1 = """
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    url TEXT,
    canonical_url TEXT,
    external_id TEXT,
    source TEXT,
    title TEXT NOT NULL,
    published TEXT,
    fetched_at TEXT,
    content_hash TEXT NOT NULL,
    data TEXT NOT NULL,
    inserted_seq INTEGER NOT NULL
);
CREATE INDEX articles_url ON articles(url);
CREATE INDEX articles_canonical ON articles(canonical_url);
CREATE INDEX articles_hash ON articles(content_hash);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_seq ON articles(inserted_seq);
CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='', tokenize='unicode61 remove_diacritics 2');
CREATE TABLE articles_fts_map (id TEXT PRIMARY KEY, rowid_fts INTEGER UNIQUE NOT NULL);
CREATE TABLE ingest_errors (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    stage TEXT NOT NULL,
    subject TEXT NOT NULL,
    message TEXT NOT NULL
);
CREATE TABLE takedowns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    target TEXT NOT NULL,
    scope TEXT NOT NULL,
    requester TEXT NOT NULL,
    reason TEXT NOT NULL,
    received_at TEXT NOT NULL,
    removed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class IngestError(tuple):
    """(id, at, stage, subject, message) of one recorded failure."""

    __slots__ = ()

    @property
    def subject(self) -> str:
        return self[3]

    @property
    def message(self) -> str:
        return self[4]


# Chinese, Japanese and Korean are written without spaces between words, and FTS5's unicode61 tokenizer
# would index a whole run of them as one token ("日本の株式市場は" found only by that exact run). Each
# such character is indexed as a token of its own instead, and a query word written in them is searched
# as the phrase of its characters, so any word inside a run is found.
_CJK = re.compile("([\u1100-\u11ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u31bf\u31f0-\u31ff\u3400-\u4dbf"
                  "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f])")


def fts_text(text: str | None) -> str:
    """``text`` as the full-text index takes it: every CJK character a word of its own."""
    return _CJK.sub(r" \1 ", text) if text and _CJK.search(text) else (text or "")


def _reindex_cjk(conn) -> None:
    """Migration: index again, character by character, the articles stored with CJK text as runs."""
    last = 0
    while True:  # in batches, so that a large store is never read into memory at once
        rows = conn.execute("SELECT m.rowid_fts, a.title, a.data FROM articles_fts_map m JOIN articles a ON a.id = m.id "
                            "WHERE m.rowid_fts > ? ORDER BY m.rowid_fts LIMIT 1000", (last,)).fetchall()
        if not rows:
            return
        last = rows[-1][0]
        for fts, title, data in rows:
            if not _CJK.search(data):
                continue
            text = loads(Article, data).text
            conn.execute("INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)",
                         (fts, title, text))
            conn.execute("INSERT INTO articles_fts(rowid, title, text) VALUES (?, ?, ?)",
                         (fts, fts_text(title), fts_text(text)))


# a takedown recorded by mistake (a wrong domain) can be revoked; the record stays, for the audit trail
_CORE_V3 = """
ALTER TABLE takedowns ADD COLUMN revoked_at TEXT;
"""


def _takedown_keys(conn) -> None:
    """Migration: each takedown's match key (what makes two requests the same: ``_match_key``), indexed, so
    that recording one looks up the same request in force at once instead of reading all of its scope."""
    conn.execute("ALTER TABLE takedowns ADD COLUMN match_key TEXT")
    rows = conn.execute("SELECT id, scope, target FROM takedowns").fetchall()
    conn.executemany("UPDATE takedowns SET match_key = ? WHERE id = ?",
                     [(_match_key(scope, target), i) for i, scope, target in rows])
    conn.execute("CREATE INDEX takedowns_match ON takedowns(scope, match_key)")


# What was removed, and how: an old link to a removed article or story is answered "removed" (410 Gone on
# the web), not "no such" (404). Ids only: nothing of the content is kept.
_CORE_V5 = """
CREATE TABLE removals (id TEXT NOT NULL, kind TEXT NOT NULL, removed_at TEXT NOT NULL, cause TEXT NOT NULL,
                       PRIMARY KEY (kind, id));
"""

REMOVAL_CAUSES = {"takedown": "at its owner's request", "operator": "by the operator of this site"}


def missing(conn, kind: str, item_id: str) -> NotFoundError:
    """The error for a ``kind`` ("article", "story") not stored: GoneError when it was removed (a takedown, an
    operator's delete), else NotFoundError("no such ...")."""
    row = conn.execute("SELECT removed_at, cause FROM removals WHERE kind = ? AND id = ?", (kind, item_id)).fetchone()
    if row is None:
        return NotFoundError(f"no such {kind}", subject=item_id)
    when, how = datetime.fromisoformat(row[0]), REMOVAL_CAUSES.get(row[1])
    return GoneError(f"this {kind} was removed{f' {how}' if how else ''} on {when:%Y-%m-%d}", subject=item_id,
                     cause=row[1], removed_at=when)


def note_removals(conn, kind: str, ids: Iterable[str], *, cause: str, now: datetime) -> None:
    """Record that these ``kind`` ids were removed (``cause``: "takedown" or "operator") at ``now``."""
    conn.executemany("INSERT INTO removals VALUES (?, ?, ?, ?) ON CONFLICT(kind, id) DO UPDATE SET "
                     "removed_at = excluded.removed_at, cause = excluded.cause",
                     [(i, kind, now.isoformat(), cause) for i in ids])


class ArticleStore(SQLiteBase):
    COMPONENT = "core"
    MIGRATIONS = (_CORE_V1, _reindex_cjk, _CORE_V3, _takedown_keys, _CORE_V5)

    # -- articles -----------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        with self._read() as conn:
            return conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def put_article(self, article: Article) -> bool:
        """Insert ``article``; returns False (and changes nothing) if its id is already stored."""
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone():
                return False
            seq = conn.execute("SELECT COALESCE(MAX(inserted_seq), 0) + 1 FROM articles").fetchone()[0]
            conn.execute(
                "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (article.id, _key(article.url), _key(article.canonical_url), article.external_id, article.source,
                 article.title, iso_utc(article.published), iso_utc(article.fetched_at), article.content_hash,
                 dumps(article), seq))
            cur = conn.execute("INSERT INTO articles_fts(title, text) VALUES (?, ?)",
                               (fts_text(article.title), fts_text(article.text)))
            conn.execute("INSERT INTO articles_fts_map VALUES (?, ?)", (article.id, cur.lastrowid))
        return True

    def get_article(self, article_id: str) -> Article:
        with self._read() as conn:
            row = conn.execute("SELECT data FROM articles WHERE id = ?", (article_id,)).fetchone()
            if row is None:
                raise missing(conn, "article", article_id)
        return loads(Article, row[0])

    def removal(self, item_id: str) -> GoneError | None:
        """What a removed article or story with this id says (GoneError: how and when), else None."""
        with self._read() as conn:
            for kind in ("article", "story"):
                error = missing(conn, kind, item_id)
                if isinstance(error, GoneError):
                    return error
        return None

    def get_articles(self, ids: Iterable[str]) -> list[Article]:
        ids = list(ids)
        out: dict[str, Article] = {}
        with self._read() as conn:
            for row in select_in(conn, "SELECT id, data FROM articles WHERE id IN ({marks})", ids):
                out[row[0]] = loads(Article, row[1])
        return [out[i] for i in ids if i in out]

    def find_article_ids(self, *, url: str | None = None, content_hash: str | None = None,
                         external_id: str | None = None) -> list[str]:
        """Ids of stored articles with this URL (or canonical URL), content hash or external id."""
        clauses, args = [], []
        if url:
            clauses.append("url = ? OR canonical_url = ?")
            args += [_key(url), _key(url)]
        if content_hash:
            clauses.append("content_hash = ?")
            args.append(content_hash)
        if external_id:
            clauses.append("external_id = ?")
            args.append(external_id)
        if not clauses:
            return []
        with self._read() as conn:
            sql = "SELECT id FROM articles WHERE " + " OR ".join(f"({c})" for c in clauses)
            return [r[0] for r in conn.execute(sql, args)]

    def stored_at(self, url: str) -> bool:
        """Whether an article is stored at this address: as its URL, or as its canonical URL when that is on
        the article's own site or the article has no web address of its own. A canonical URL on another site
        is the page's claim to republish that address, which must not hide the page at it."""
        key = _key(url)
        with self._read() as conn:
            rows = conn.execute("SELECT url, canonical_url FROM articles WHERE url = ? OR canonical_url = ?",
                                (key, key)).fetchall()
        return any(own == key or not (own or "").startswith(("http://", "https://")) or same_site(own, canonical)
                   for own, canonical in rows)

    def list_articles(self, *, limit: int = 50, offset: int = 0, newest_first: bool = True) -> list[Article]:
        """Articles in insertion order (newest first by default); ``limit`` 0 means all after ``offset``."""
        check_count(limit, "limit")
        check_count(offset, "offset")
        order = "DESC" if newest_first else "ASC"
        sql = f"SELECT data FROM articles ORDER BY inserted_seq {order} LIMIT ? OFFSET ?"
        with self._read() as conn:  # SQLite: LIMIT -1 is no limit, and OFFSET still applies
            return [loads(Article, r[0]) for r in conn.execute(sql, (limit if limit else -1, offset))]

    def iter_articles(self, *, batch: int = 500) -> Iterator[Article]:
        """Every stored article in insertion order, streamed in batches."""
        sql = "SELECT inserted_seq, data FROM articles WHERE inserted_seq > ? ORDER BY inserted_seq LIMIT ?"
        for rows in self._pages(sql, batch=batch):
            for row in rows:
                yield loads(Article, row[1])

    def count_articles(self) -> int:
        with self._read() as conn:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def delete_article(self, article_id: str, *, now: datetime | None = None) -> None:
        """Delete one article with everything stored about it (:meth:`delete_articles`; ``now``: the current
        time when not given)."""
        self.delete_articles([article_id], now=now or datetime.now(UTC))

    def delete_articles(self, article_ids: Iterable[str], *, now: datetime) -> list[str]:
        """An operator's removal by id: delete the stored ones among ``article_ids`` with their search entries,
        relations and story memberships in one transaction, and note ``now`` as the latest removal (see
        :meth:`last_removal_at`). Unlike a takedown nothing is refused later. Returns the ids deleted, in the
        order given (an unknown id is left out)."""
        wanted = list(dict.fromkeys(article_ids))
        with self._write() as conn:
            found = {r[0] for r in select_in(conn, "SELECT id FROM articles WHERE id IN ({marks})", wanted)}
            ids = [a for a in wanted if a in found]
            if ids:
                self._delete_articles_rows(conn, ids, now=now, cause="operator")
                self._after_write.add("checkpoint")  # the removed text leaves the write-ahead log too
                conn.execute("INSERT INTO kv VALUES ('last_removal_at', ?) ON CONFLICT(key) DO UPDATE SET "
                             "value = excluded.value", (now.isoformat(),))
        return ids

    def _delete_articles_rows(self, conn, article_ids: Iterable[str], *, now: datetime, cause: str) -> None:
        """Delete these articles with their search entries, note them removed (``cause``: "takedown" or
        "operator"), then let every component drop its own rows for the whole batch at once (see
        :meth:`_delete_hooks`; ``now``: the time of the removal, when the stories that lose an article change).
        Reads and deletes go by chunked ``IN`` lists, so the number of statements does not grow with the
        number of articles. The search index is optimised after (its segments merged), so that nothing of
        the removed text stays in the file; the transaction's end checkpoints the write-ahead log."""
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return
        note_removals(conn, "article", ids, cause=cause, now=now)
        rows = list(select_in(conn, "SELECT m.rowid_fts, a.title, a.data FROM articles_fts_map m "
                                    "LEFT JOIN articles a ON a.id = m.id WHERE m.id IN ({marks})", ids))
        # a contentless FTS5 entry is deleted by giving back the values it was indexed with
        conn.executemany("INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)",
                         [(fts, fts_text(title), fts_text(loads(Article, data).text)) if data is not None
                          else (fts, "", "") for fts, title, data in rows])
        execute_in(conn, "DELETE FROM articles_fts_map WHERE id IN ({marks})", ids)
        execute_in(conn, "DELETE FROM articles WHERE id IN ({marks})", ids)
        # a contentless index keeps a deleted entry's words in its segments (and writes them again in the
        # delete marker) until the segments are merged: merge them all now, so that the removed text's words
        # leave the file (rewrites the index: a removal is rare; secure_delete overwrites the old pages)
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")
        for hook in self._delete_hooks():
            hook(conn, ids, now=now)

    def _delete_hooks(self) -> list:
        """One callable ``(conn, article_ids, *, now)`` per component that keeps rows about articles: its
        ``_on_articles_deleted``, which drops them for a whole batch at once."""
        return [klass.__dict__["_on_articles_deleted"].__get__(self) for klass in type(self).__mro__
                if "_on_articles_deleted" in klass.__dict__]

    # -- search ---------------------------------------------------------------------------
    def search(self, query: str, *, limit: int = 20) -> list[tuple[Article, float]]:
        """Full-text search (FTS5, BM25 ranking); the query is taken as plain words, all required
        (see :func:`match_expression` for the bounds on its length)."""
        check_count(limit, "limit")
        match = match_expression(query)
        if not match:
            return []
        sql = ("SELECT a.data, bm25(articles_fts) AS rank FROM articles_fts "
               "JOIN articles_fts_map m ON m.rowid_fts = articles_fts.rowid "
               "JOIN articles a ON a.id = m.id WHERE articles_fts MATCH ? ORDER BY rank")
        args: tuple = (match,)
        if limit:
            sql += " LIMIT ?"
            args = (match, limit)
        with self._read() as conn:
            return [(loads(Article, r[0]), -float(r[1])) for r in conn.execute(sql, args)]

    # -- errors -------------------------------------------------------------------------------
    def record_error(self, *, stage: str, subject: str, message: str, at: datetime) -> None:
        with self._write() as conn:
            conn.execute("INSERT INTO ingest_errors(at, stage, subject, message) VALUES (?,?,?,?)",
                         (at.isoformat(), stage, subject, message))

    def prune_errors(self, *, keep: int) -> int:
        """Forget all but the newest ``keep`` recorded errors (a long-running poller records some every
        round: a source that stays down, an ill-formed feed); returns how many were forgotten."""
        check_count(keep, "keep")
        with self._write() as conn:
            row = conn.execute("SELECT id FROM ingest_errors ORDER BY id DESC LIMIT 1 OFFSET ?", (keep,)).fetchone()
            return 0 if row is None else conn.execute("DELETE FROM ingest_errors WHERE id <= ?", (row[0],)).rowcount

    def list_errors(self, *, limit: int = 50) -> list[IngestError]:
        check_count(limit, "limit")
        sql = "SELECT id, at, stage, subject, message FROM ingest_errors ORDER BY id DESC"
        with self._read() as conn:
            rows = conn.execute(sql + (" LIMIT ?" if limit else ""), (limit,) if limit else ()).fetchall()
        return [IngestError(tuple(r)) for r in rows]

    # -- key/value state ------------------------------------------------------------------------
    def get_value(self, key: str, default: str | None = None) -> str | None:
        with self._read() as conn:
            row = conn.execute("SELECT value FROM kv WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_value(self, key: str, value: str) -> None:
        with self._write() as conn:
            conn.execute("INSERT INTO kv VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                         (key, value))

    # -- takedowns --------------------------------------------------------------------------------
    def apply_takedown(self, request: TakedownRequest, *, now: datetime) -> list[str]:
        """Record ``request`` and delete every matching article in the same transaction; the ids removed."""
        return self.apply_takedown_once(request, now=now).removed

    def apply_takedown_once(self, request: TakedownRequest, *, now: datetime) -> TakedownDone:
        """:meth:`apply_takedown`, also giving the request on record.

        Every request is recorded as its own, with its requester and reason, also when another request for
        the same scope and target (``_match_key``) is in force already (``already_in_force`` then says so);
        what they cover stays refused while any of them is unrevoked, so revoking one leaves the others in
        force. Only the same request sent again (same scope and target, requester and reason: a retry) while
        it is in force is not recorded twice: the one on record is then that earlier request."""
        with self._write() as conn:
            found: dict[str, None] = {}
            for needle in _host_needles(request.target):  # a cheap prefilter (either form of the host)
                rows = conn.execute("SELECT id, url, canonical_url FROM articles WHERE url LIKE ? OR canonical_url "
                                    "LIKE ?", (needle, needle))
                found.update((r[0], None) for r in rows if _matches(request, r[1]) or _matches(request, r[2]))
            ids = list(found)
            self._delete_articles_rows(conn, ids, now=now, cause="takedown")  # all at once: each component handles the batch
            key = _match_key(request.scope, request.target)
            rows = conn.execute("SELECT id, requester, reason FROM takedowns WHERE scope = ? AND match_key = ? AND "
                                "revoked_at IS NULL ORDER BY id", (request.scope, key)).fetchall()
            already = bool(rows)  # another request for the same content is in force
            same = next((r[0] for r in rows if (r[1], r[2]) == (request.requester, request.reason)), None)
            takedown_id = same if same is not None else conn.execute(
                "INSERT INTO takedowns(target, scope, requester, reason, received_at, removed, match_key) "
                "VALUES (?,?,?,?,?,?,?)", (request.target, request.scope, request.requester, request.reason,
                                           (request.received_at or now).isoformat(), len(ids), key)).lastrowid
            (record,) = self._takedowns(conn, "WHERE id = ?", (takedown_id,))
            self._after_write.update(("changed", "checkpoint"))  # read the takedowns again; removed text leaves the log
        return TakedownDone(ids, record, already)

    def list_takedowns(self, *, revoked: bool = False) -> list[TakedownRequest]:
        """The takedown requests in force, oldest first (with ``revoked``, the revoked ones too)."""
        with self._read() as conn:
            return self._takedowns(conn, "" if revoked else "WHERE revoked_at IS NULL", ())

    @staticmethod
    def _takedowns(conn, where: str, args: tuple) -> list[TakedownRequest]:
        rows = conn.execute("SELECT target, scope, requester, reason, received_at, id, removed, revoked_at "
                            f"FROM takedowns {where} ORDER BY id", args).fetchall()
        return [TakedownRequest(r[0], r[1], r[2], r[3], datetime.fromisoformat(r[4]), r[5], r[6],
                                datetime.fromisoformat(r[7]) if r[7] else None) for r in rows]

    def revoke_takedown(self, takedown_id: int, *, now: datetime) -> TakedownRequest:
        """Stop refusing what takedown ``takedown_id`` covers (a page is stored when delivered again; nothing
        removed is restored, and entries the poller had seen stay seen). The record stays, marked revoked. Revoking twice changes
        nothing (:meth:`revoke_takedown_once` also says whether it had been revoked already)."""
        return self.revoke_takedown_once(takedown_id, now=now).takedown

    def revoke_takedown_once(self, takedown_id: int, *, now: datetime) -> Revocation:
        """:meth:`revoke_takedown`, telling whether the takedown had been revoked already (then its
        ``revoked_at`` stays the first revocation's). Raises NotFoundError for an unknown id."""
        takedown_id = check_id(takedown_id, "takedown")
        with self._write() as conn:
            row = conn.execute("SELECT revoked_at FROM takedowns WHERE id = ?", (takedown_id,)).fetchone()
            if row is None:
                raise NotFoundError("no such takedown", subject=str(takedown_id))
            already = row[0] is not None
            if not already:
                conn.execute("UPDATE takedowns SET revoked_at = ? WHERE id = ?", (now.isoformat(), takedown_id))
                self._after_write.add("changed")  # this process's cached takedowns are read again
            (takedown,) = self._takedowns(conn, "WHERE id = ?", (takedown_id,))
        return Revocation(takedown, already)

    def last_takedown_at(self) -> datetime | None:
        """When the latest takedown request was received (None before the first)."""
        with self._read() as conn:
            row = conn.execute("SELECT received_at FROM takedowns ORDER BY id DESC LIMIT 1").fetchone()
        return datetime.fromisoformat(row[0]) if row else None

    def last_removal_at(self) -> datetime | None:
        """When content was last removed, by a takedown or by an operator's delete (None before the first):
        what was published from the store before then may hold removed content."""
        with self._read() as conn:  # one statement: the feeds read it on every request
            row = conn.execute("SELECT (SELECT received_at FROM takedowns ORDER BY id DESC LIMIT 1), "
                               "(SELECT value FROM kv WHERE key = 'last_removal_at')").fetchone()
        times = [datetime.fromisoformat(s) for s in row if s]
        return max(times) if times else None

    def is_taken_down(self, *urls: str | None) -> bool:
        """Whether a takedown request in force covers any of ``urls`` (None entries are ignored).

        Cheap enough to ask for every article: the requests in force are read and parsed once into an index
        (:class:`TakedownIndex`: URLs by key, prefixes by host, domains by name), kept until the takedowns
        change. This process's own takedowns and revocations make it stale when they end (``_generation``);
        another process's are noticed by ``data_version`` (any commit of another connection), after which
        one small query (:meth:`_takedowns_state`) tells whether the takedowns themselves changed."""
        urls = tuple(u for u in urls if u)
        return bool(urls) and self._takedowns_in_force().covers(urls)

    def _takedowns_state(self, conn) -> tuple:
        """What identifies the takedowns table's content: requests are only ever added (ids grow) and revoked
        (once each, never undone), so the last id and the number revoked change whenever it does."""
        return tuple(conn.execute("SELECT MAX(id), COUNT(revoked_at) FROM takedowns").fetchone())

    def _takedowns_in_force(self) -> TakedownIndex:
        version = (self._generation, self.data_version())  # this process's changes, then another's
        kept = getattr(self, "_takedown_index", None)
        if kept is not None and kept.version == version:
            return kept
        with self._read() as conn:
            state = self._takedowns_state(conn)
            if kept is not None and kept.state == state:  # another process wrote something else
                index = TakedownIndex(kept.requests, version=version, state=state)
            else:
                index = TakedownIndex(self._takedowns(conn, "WHERE revoked_at IS NULL", ()), version=version,
                                      state=state)
        self._takedown_index = index
        return index


class TakedownIndex:
    """The takedown requests in force, parsed once and indexed for :meth:`covers`: url requests by their key,
    prefix requests by host, domain requests by name (a URL's host and each domain above it are looked
    up), so a lookup costs the same whatever the number of requests. It matches as :func:`_matches` does.
    ``version`` and ``state``: the store's ``data_version`` and takedowns state it was read at."""

    __slots__ = ("domains", "prefixes", "requests", "state", "urls", "version")

    def __init__(self, requests: Iterable[TakedownRequest], *, version=None, state=None) -> None:
        self.requests = tuple(requests)
        self.version, self.state = version, state
        self.urls: set[tuple[str, str, str]] = set()
        self.prefixes: dict[str, list[tuple[str, str, str]]] = {}  # host -> the prefixes' keys
        self.domains: set[str] = set()
        for request in self.requests:
            if request.scope == "domain":
                if key := _domain_key(request.target):
                    self.domains.add(key)
            elif request.scope == "prefix":
                key = _takedown_key(request.target)
                self.prefixes.setdefault(key[0], []).append(key)
            else:
                self.urls.add(_takedown_key(request.target))

    def covers(self, urls: Iterable[str]) -> bool:
        for url in urls:
            if self.domains:
                labels = ascii_host(host_of(url) or "").split(".")
                if any(".".join(labels[i:]) in self.domains for i in range(len(labels))):
                    return True
            if self.urls or self.prefixes:
                key = _takedown_key(url)
                if key in self.urls or any(_under(key, want) for want in self.prefixes.get(key[0], ())):
                    return True
        return False


def match_expression(query: str) -> str:
    """The FTS5 MATCH expression for a plain-words ``query``: each word one quoted phrase, all AND-ed.

    A word repeated (in any letter case) counts once, and only the first ``MAX_QUERY_CHARS``
    characters and ``MAX_QUERY_TERMS`` distinct words are used, so a crafted query cannot make
    one search intersect thousands of posting lists. "" when the query has no word. The query is read in
    Unicode's composed form (NFC), as pages are written: a decomposed "é" (e and a combining accent) would
    otherwise cut "Pokémon" into "Poke" and "mon".
    """
    seen: dict[str, str] = {}
    query = unicodedata.normalize("NFC", query[:MAX_QUERY_CHARS])
    for word in re.findall(r"\w+", query, flags=re.UNICODE):
        seen.setdefault(word.casefold(), word)
        if len(seen) >= MAX_QUERY_TERMS:
            break
    return " ".join('"' + fts_text(w).strip() + '"' for w in seen.values())  # CJK: a phrase of its characters


def _host_needles(target: str) -> list[str]:
    """LIKE patterns that every stored URL a takedown of ``target`` may match contains: its host as written,
    and in the other form of an internationalised name ("bücher.de", "xn--bcher-kva.de")."""
    host = ascii_host((host_of(target) or "") if "://" in target else target)  # as _matches reads it
    return ["%" + form + "%" for form in host_forms(host)]  # "_" matches any letter: a superset


def _domain_key(target: str) -> str:
    """The host a domain takedown of ``target`` matches, in the form hosts are compared in."""
    return ascii_host(host_of(target) or "" if "://" in target else target)


def _match_key(scope: str, target: str) -> str:
    """What makes two takedowns of one scope the same request, as stored (``takedowns.match_key``): a domain in
    either form of an internationalised name and in any case ("bücher.de", "XN--BCHER-KVA.de"), a URL or
    prefix as :func:`_matches` compares them."""
    key = _domain_key(target) if scope == "domain" else _takedown_key(target)
    return json.dumps(key, ensure_ascii=False)


def _matches(request: TakedownRequest, url: str | None) -> bool:
    """Whether ``request`` covers ``url``. A domain covers its host and every subdomain; a url the same page
    (:func:`_takedown_key`); a prefix every URL of its host whose path is the prefix's or lies under it by
    whole segments (``/news`` covers ``/news`` and ``/news/x``, not ``/newsroom``), and, when the prefix has
    a query, the URLs of that very path whose query starts with the prefix's, as text (``?q=a`` covers
    ``?q=ab``, and ``?id=1`` covers ``?id=10``: one page with a query is taken down with the url scope)."""
    if not url:
        return False
    if request.scope == "domain":
        host = ascii_host(host_of(url) or "")
        target = _domain_key(request.target)
        return bool(target) and (host == target or host.endswith("." + target))
    have, want = _takedown_key(url), _takedown_key(request.target)
    return _under(have, want) if request.scope == "prefix" else have == want


def _under(have: tuple[str, str, str], want: tuple[str, str, str]) -> bool:
    """Whether the URL of key ``have`` is under the prefix of key ``want`` (see :func:`_matches`)."""
    (host, path, query), (t_host, t_path, t_query) = have, want
    if host != t_host:
        return False
    if t_query:  # a prefix with a query: that path, queries starting so (as text)
        return path == t_path and query.startswith(t_query)
    base = t_path.rstrip("/")
    return path == base or path.startswith(base + "/")  # whole path segments: /politics, not /politics-x


def _takedown_key(url: str) -> tuple[str, str, str]:
    """(host, path, query) of a URL as a removal request means it: http and https, a leading ``www.``, a
    trailing dot, and either form of an internationalised name (``bücher.de``, ``xn--bcher-kva.de``) name
    the same host (:func:`~newsloom.urls.ascii_host`; a port other than the scheme's stays); the path is
    compared as :func:`~newsloom.urls.same_path` writes it (escaped unreserved characters plainly, dot
    segments resolved); the query as ``normalise_url`` leaves it (tracking parameters dropped)."""
    parts = urlsplit(normalise_url(url) if "://" in url else "http://" + url)
    try:
        port = parts.port
    except ValueError:
        port = None
    host = ascii_host(parts.hostname or "")
    netloc = host if port is None else f"{host}:{port}"
    return netloc, same_path(parts.path or "/"), parts.query


def _key(url: str | None) -> str | None:
    """URLs are indexed normalised (see urls.normalise_url); other strings as they are."""
    if url and url[:8].lower().startswith(("http://", "https://")):  # the scheme in any case ("HTTPS://")
        return normalise_url(url)
    return url

