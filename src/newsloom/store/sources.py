"""Sources, their health/scheduling state, and the feed entries already seen (component "sources")."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from ..errors import NotFoundError, StorageError
from ..model import Source, SourceState
from ..serialize import dumps, loads
from .articles import check_count, check_id
from .base import SQLiteBase

__all__ = ["SourceStore"]

_SOURCES_V1 = """
CREATE TABLE sources (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    title TEXT,
    interval_s INTEGER NOT NULL,
    enabled INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE source_state (
    source_id INTEGER PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
    next_poll REAL,
    healthy INTEGER NOT NULL DEFAULT 1,
    data TEXT NOT NULL
);
CREATE INDEX source_state_next ON source_state(next_poll);
CREATE TABLE seen_items (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    seen_at REAL NOT NULL,
    PRIMARY KEY (source_id, key)
) WITHOUT ROWID;
CREATE INDEX seen_items_key ON seen_items(key);
"""


class SourceStore(SQLiteBase):
    COMPONENT = "sources"
    MIGRATIONS = (_SOURCES_V1,)

    # -- sources -------------------------------------------------------------------------------
    def add_source(self, source: Source) -> Source:
        """Store ``source`` (its id is assigned); a URL already stored returns the stored source."""
        return self.add_sources([source])[0]

    def add_sources(self, sources: Iterable[Source]) -> list[Source]:
        """Add many sources in one transaction (OPML import); existing URLs are kept as they are. Returns
        each given source as stored, in order (a URL already stored, or listed twice, as stored).

        A URL is looked up before it is inserted, inside the write transaction so nothing slips in
        between: an insert-or-ignore would spend an AUTOINCREMENT id on the row it ignores, and the next
        new source's id would jump."""
        out = []
        with self._write() as conn:
            for source in sources:
                url = source.url.strip()
                if not url:
                    raise StorageError("a source needs a URL", subject=repr(source))
                row = conn.execute("SELECT * FROM sources WHERE url = ?", (url,)).fetchone()
                if row is None:
                    cur = conn.execute("INSERT INTO sources(url, kind, title, interval_s, enabled) VALUES (?,?,?,?,?)",
                                       (url, source.kind, source.title, int(source.interval_s), int(source.enabled)))
                    row = conn.execute("SELECT * FROM sources WHERE id = ?", (cur.lastrowid,)).fetchone()
                out.append(_source(row))
        return out

    def update_source(self, source: Source) -> Source:
        """Change title, kind, interval or enabled of a stored source (by id)."""
        if source.id is None:
            raise NotFoundError("source has no id", subject=source.url)
        check_id(source.id, "source")
        with self._write() as conn:
            cur = conn.execute("UPDATE sources SET url=?, kind=?, title=?, interval_s=?, enabled=? WHERE id=?",
                               (source.url, source.kind, source.title, int(source.interval_s),
                                int(source.enabled), source.id))
            if cur.rowcount == 0:
                raise NotFoundError("no such source", subject=str(source.id))
        return source

    def get_source(self, source_id: int) -> Source:
        check_id(source_id, "source")
        with self._read() as conn:
            row = conn.execute("SELECT * FROM sources WHERE id = ?", (int(source_id),)).fetchone()
        if row is None:
            raise NotFoundError("no such source", subject=str(source_id))
        return _source(row)

    def find_source(self, url: str) -> Source | None:
        with self._read() as conn:
            row = conn.execute("SELECT * FROM sources WHERE url = ?", (url.strip(),)).fetchone()
        return _source(row) if row else None

    def list_sources(self, *, limit: int = 0, offset: int = 0) -> list[Source]:
        check_count(limit, "limit")
        check_count(offset, "offset")
        sql, args = "SELECT * FROM sources ORDER BY id", ()
        if limit:
            sql, args = sql + " LIMIT ? OFFSET ?", (limit, offset)
        with self._read() as conn:
            return [_source(r) for r in conn.execute(sql, args)]

    def count_sources(self) -> int:
        with self._read() as conn:
            return conn.execute("SELECT COUNT(*) FROM sources").fetchone()[0]

    def remove_source(self, source_id: int) -> Source:
        """Delete a source with its state and seen-marks (stored articles stay). Returns it."""
        source = self.get_source(source_id)
        with self._write() as conn:
            conn.execute("DELETE FROM sources WHERE id = ?", (int(source_id),))
        return source

    # -- state ----------------------------------------------------------------------------------
    def get_state(self, source_id: int) -> SourceState:
        """The stored state, or a fresh one (never polled, due now) for a source without one."""
        with self._read() as conn:
            row = conn.execute("SELECT data FROM source_state WHERE source_id = ?", (int(source_id),)).fetchone()
        return loads(SourceState, row[0]) if row else SourceState(source_id=int(source_id))

    def save_state(self, state: SourceState) -> None:
        with self._write() as conn:
            if not conn.execute("SELECT 1 FROM sources WHERE id = ?", (state.source_id,)).fetchone():
                raise NotFoundError("no such source", subject=str(state.source_id))
            conn.execute("INSERT INTO source_state VALUES (?,?,?,?) ON CONFLICT(source_id) DO UPDATE SET "
                         "next_poll = excluded.next_poll, healthy = excluded.healthy, data = excluded.data",
                         (state.source_id, _epoch(state.next_poll), int(state.healthy), dumps(state)))

    def source_health(self, *, limit: int = 0, offset: int = 0) -> list[tuple[Source, SourceState]]:
        """Every source with its state, in id order (for ``newsloom sources`` and the web page): at most
        ``limit`` (0: all) after the first ``offset``."""
        check_count(limit, "limit")
        check_count(offset, "offset")
        return self._with_state("ORDER BY s.id LIMIT ? OFFSET ?", (limit or -1, offset))  # SQLite: -1, no limit

    def due_sources(self, now: datetime, *, limit: int = 0) -> list[tuple[Source, SourceState]]:
        """Enabled sources whose next poll is at or before ``now`` (never-polled first)."""
        check_count(limit, "limit")
        sql = ("WHERE s.enabled = 1 AND (st.next_poll IS NULL OR st.next_poll <= ?) "
               "ORDER BY COALESCE(st.next_poll, 0), s.id")
        args: tuple = (_epoch(now),)
        if limit:
            sql, args = sql + " LIMIT ?", (*args, limit)
        return self._with_state(sql, args)

    def _with_state(self, tail: str, args: tuple) -> list[tuple[Source, SourceState]]:
        sql = "SELECT s.*, st.data AS state FROM sources s LEFT JOIN source_state st ON st.source_id = s.id " + tail
        with self._read() as conn:
            rows = conn.execute(sql, args).fetchall()
        return [(_source(r), loads(SourceState, r["state"]) if r["state"] else SourceState(source_id=r["id"]))
                for r in rows]

    def next_due(self) -> datetime | None:
        """The earliest scheduled poll among enabled sources (None when there is none)."""
        with self._read() as conn:
            row = conn.execute("SELECT MIN(COALESCE(st.next_poll, 0)) FROM sources s LEFT JOIN source_state st "
                               "ON st.source_id = s.id WHERE s.enabled = 1").fetchone()
        return datetime.fromtimestamp(row[0], tz=UTC) if row and row[0] is not None else None

    # -- seen feed entries --------------------------------------------------------------------------
    def is_seen(self, source_id: int | None, key: str) -> bool:
        """Was ``key`` (a GUID or normalised URL) seen for this source (``None``: for any source)?"""
        return bool(self.seen_keys(source_id, [key]))

    def seen_keys(self, source_id: int | None, keys: Iterable[str]) -> set[str]:
        keys = list(dict.fromkeys(keys))
        found: set[str] = set()
        with self._read() as conn:
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                marks = ",".join("?" * len(chunk))
                if source_id is None:
                    sql, args = f"SELECT key FROM seen_items WHERE key IN ({marks})", chunk
                else:
                    sql, args = (f"SELECT key FROM seen_items WHERE source_id = ? AND key IN ({marks})",
                                 [int(source_id), *chunk])
                found.update(r[0] for r in conn.execute(sql, args))
        return found

    def mark_seen(self, source_id: int, keys: Iterable[str], *, at: datetime) -> None:
        rows = [(int(source_id), k, _epoch(at)) for k in dict.fromkeys(keys) if k]
        with self._write() as conn:
            conn.executemany("INSERT INTO seen_items VALUES (?,?,?) ON CONFLICT DO NOTHING", rows)

    def touch_seen(self, source_id: int, keys: Iterable[str], *, at: datetime, older_than: datetime) -> None:
        """Refresh the marks of entries still listed in their feed, so that pruning spares them; only marks
        set before ``older_than`` are rewritten (a feed polled every few minutes costs one write a day)."""
        keys = list(dict.fromkeys(keys))
        with self._write() as conn:
            for i in range(0, len(keys), 500):
                chunk = keys[i:i + 500]
                conn.execute(f"UPDATE seen_items SET seen_at = ? WHERE source_id = ? AND seen_at < ? "
                             f"AND key IN ({','.join('?' * len(chunk))})",
                             [_epoch(at), int(source_id), _epoch(older_than), *chunk])

    def count_seen(self, source_id: int) -> int:
        with self._read() as conn:
            return conn.execute("SELECT COUNT(*) FROM seen_items WHERE source_id = ?",
                                (int(source_id),)).fetchone()[0]

    def prune_seen(self, before: datetime) -> int:
        """Forget seen-marks older than ``before``: entries gone from their feeds that long (marks of
        entries still listed are refreshed at every poll by ``touch_seen``)."""
        with self._write() as conn:
            return conn.execute("DELETE FROM seen_items WHERE seen_at < ?", (_epoch(before),)).rowcount


def _source(row) -> Source:
    return Source(url=row["url"], kind=row["kind"], title=row["title"], id=row["id"],
                  interval_s=row["interval_s"], enabled=bool(row["enabled"]))


def _epoch(value: datetime | None) -> float | None:
    return value.timestamp() if value is not None else None
