"""The SQLite connection plumbing every store component shares: one write path, migrations.

Threading: one writer connection guarded by a lock (all writes go through ``_write()``,
each call one transaction), and one read connection per thread (``_read()``), so readers in
the web server never block the writer in WAL mode.

Migrations are per component (core, sources, trace, stories...): each component lists SQL
scripts, append-only; ``schema_migrations(component, version)`` records what was applied.
A mixin contributes ``COMPONENT`` and ``MIGRATIONS`` class attributes and its own methods.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from ..dates import as_utc
from ..errors import StorageError

__all__ = ["SQLiteBase", "select_in"]

IN_CHUNK = 500  # values per "IN (...)" list (SQLite's default limit on host parameters is 999)


def select_in(conn: sqlite3.Connection, sql: str, values: Sequence, *, before: Sequence = ()) -> Iterator[tuple]:
    """Rows of ``sql`` (which holds one ``{marks}`` placeholder for an ``IN`` list) over ``values``, run in
    chunks; ``before`` are the parameters that precede the list in ``sql``."""
    for i in range(0, len(values), IN_CHUNK):
        chunk = list(values[i:i + IN_CHUNK])
        yield from conn.execute(sql.format(marks=",".join("?" * len(chunk))), [*before, *chunk])


def iso_utc(value: datetime | None) -> str | None:
    """A time for a column, in UTC: its text sorts as the times do, whatever offset a page declared."""
    return as_utc(value).isoformat() if value else None


def execute_in(conn: sqlite3.Connection, sql: str, values: Sequence) -> None:
    """Run a write statement holding one ``{marks}`` IN list over ``values``, in chunks."""
    for _ in select_in(conn, sql, values):
        pass


class SQLiteBase:
    COMPONENT = ""
    MIGRATIONS: tuple = ()  # SQL scripts, or callables taking the connection, applied in order once each

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            try:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:  # the data directory is a file, under a file, or not ours to write
                raise StorageError(f"cannot create the data directory: {exc.strerror or exc}",
                                   subject=str(Path(self.path).parent)) from exc
        self._lock = threading.RLock()
        self._depth = 0
        self._tx_thread: int | None = None  # the thread inside a write transaction, if any
        self._local = threading.local()
        self._after_write: set[str] = set()  # what the open write transaction asks for when it ends (see _ended)
        self._generation = 0  # counts this process's changes to cached tables (e.g. the takedowns) after they end
        try:
            self._writer = self._connect()
        except sqlite3.Error as exc:
            raise StorageError(f"cannot open database: {exc}", subject=self.path) from exc
        self._migrate()

    # -- connections -----------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, check_same_thread=False, timeout=30, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA secure_delete=ON")  # deleted rows are overwritten (removed text leaves the file),
        # whatever the default SQLite was built with (the amalgamation's is off)
        _set_wal(conn)
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")
        return conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """The single write path: one transaction under the write lock.

        Re-entrant: inside :meth:`transaction` (same thread) it joins the open transaction, so
        several component writes of one article commit or roll back together.
        """
        with self._lock:
            conn = self._writer
            if self._depth:
                self._depth += 1
                try:
                    yield conn
                finally:
                    self._depth -= 1
                return
            self._depth = 1
            self._tx_thread = threading.get_ident()
            committed = False
            try:
                conn.execute("BEGIN IMMEDIATE")
                yield conn
                conn.execute("COMMIT")
                committed = True
            except BaseException as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise StorageError(f"write failed: {exc}", subject=self.path) from exc
                raise
            finally:
                self._depth = 0
                self._tx_thread = None
                self._ended(committed)

    def _ended(self, committed: bool) -> None:
        """The outermost write transaction ended (``committed``, or rolled back): what it asked for through
        ``_after_write`` is done now. "changed": a cached table changed (``_generation`` grows, so that what
        was read before is read again; also after a rollback, in case it was read inside). "checkpoint":
        content was removed, so the write-ahead log is checkpointed and truncated (:meth:`_checkpoint`):
        otherwise it keeps the removed text, in the pages written before, until SQLite's next automatic
        checkpoint, which never truncates it."""
        asked, self._after_write = self._after_write, set()
        if "changed" in asked:
            self._generation += 1
        if committed and "checkpoint" in asked:
            self._checkpoint()

    def _checkpoint(self) -> None:
        """Copy the write-ahead log into the database and truncate it (``PRAGMA wal_checkpoint(TRUNCATE)``),
        waiting up to the busy timeout for readers of other connections to finish; a log still in use then
        is left for the next checkpoint (logged), the write itself stands."""
        if self.path == ":memory:":
            return
        try:
            busy = self._writer.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        except sqlite3.Error as exc:
            busy, why = 1, exc
        else:
            why = "readers still use it"
        if busy:
            logging.getLogger(__name__).warning("could not truncate the write-ahead log of %s after a removal: %s",
                                                self.path, why)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group several store writes into one atomic transaction."""
        with self._write():
            yield

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        if self.path == ":memory:" or self._tx_thread == threading.get_ident():
            # a memory database exists only on its one connection; and inside its own transaction a thread
            # reads through it, so that it sees what it has written but not yet committed
            with self._lock:
                try:
                    yield self._writer
                except sqlite3.Error as exc:
                    raise StorageError(f"read failed: {exc}", subject=self.path) from exc
            return
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
        try:
            yield conn
        except sqlite3.Error as exc:
            raise StorageError(f"read failed: {exc}", subject=self.path) from exc

    def _pages(self, sql: str, *, after_seq: int = 0, batch: int) -> Iterator[list[tuple]]:
        """The rows of ``sql`` page by page, each read in its own short read: ``sql`` selects the sequence
        column first and holds two parameters, ``WHERE <seq> > ? ORDER BY <seq> LIMIT ?``; a page starts
        after the last sequence number of the one before, so a page never holds the read open across the
        caller's work, and rows written meanwhile are read when their turn comes."""
        last = after_seq
        while True:
            with self._read() as conn:
                rows = conn.execute(sql, (last, batch)).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield rows

    def data_version(self) -> int:
        """SQLite's ``PRAGMA data_version`` on the writer connection: it changes when another connection
        (another process: this one writes through this connection only) has committed since the last call."""
        with self._lock:
            try:
                return int(self._writer.execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error as exc:
                raise StorageError(f"read failed: {exc}", subject=self.path) from exc

    def close(self) -> None:
        with self._lock:
            self._writer.close()
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # -- migrations --------------------------------------------------------------------
    def _components(self) -> list[tuple[str, tuple[str, ...]]]:
        seen: dict[str, tuple[str, ...]] = {}
        for klass in reversed(type(self).__mro__):
            comp = klass.__dict__.get("COMPONENT")
            if comp and "MIGRATIONS" in klass.__dict__:
                seen[comp] = klass.__dict__["MIGRATIONS"]
        return list(seen.items())

    def _migrate(self) -> None:
        with self._write() as conn:
            conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                         "component TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (component, version))")
            for component, scripts in self._components():
                done = {r[0] for r in conn.execute(
                    "SELECT version FROM schema_migrations WHERE component = ?", (component,))}
                for version, script in enumerate(scripts, start=1):
                    if version in done:
                        continue
                    if callable(script):  # a migration that needs more than SQL (e.g. re-indexing text)
                        script(conn)
                    else:
                        for statement in _split_sql(script):
                            conn.execute(statement)
                    conn.execute("INSERT INTO schema_migrations VALUES (?, ?)", (component, version))

    def schema_versions(self) -> dict[str, int]:
        with self._read() as conn:
            return {r[0]: r[1] for r in conn.execute(
                "SELECT component, MAX(version) FROM schema_migrations GROUP BY component")}


def _split_sql(script: str) -> list[str]:
    """Split a migration script into statements (sqlite3.complete_statement keeps triggers whole)."""
    statements, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                statements.append(buf.strip())
            buf = ""
    if buf.strip():
        statements.append(buf.strip())
    return statements


def _set_wal(conn: sqlite3.Connection, *, attempts: int = 50) -> None:
    """Switch to WAL. Changing the journal mode ignores the busy timeout, so two processes opening a new
    store at once could fail with "database is locked": retry for a few seconds."""
    for attempt in range(attempts):
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.1)
