"""The trace component of the store: relations between articles, provenance, fingerprints."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime

from ..model import Provenance, Relation
from ..serialize import dumps, loads
from .base import SQLiteBase, execute_in, select_in

__all__ = ["TraceStore", "without_articles"]

_TRACE_V1 = """
CREATE TABLE trace_relations (
    copy_id TEXT NOT NULL,
    original_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    score REAL NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (copy_id, original_id)
);
CREATE INDEX trace_relations_original ON trace_relations(original_id);
CREATE TABLE trace_provenance (
    article_id TEXT PRIMARY KEY,
    primary_name TEXT NOT NULL,
    primary_kind TEXT NOT NULL,
    primary_article_id TEXT,
    is_copy INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX trace_provenance_primary ON trace_provenance(primary_name);
CREATE TABLE trace_fingerprints (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL UNIQUE,
    data BLOB NOT NULL
);
"""


class TraceStore(SQLiteBase):
    COMPONENT = "trace"
    MIGRATIONS = (_TRACE_V1,)

    # -- writes ----------------------------------------------------------------------------
    def save_trace(self, *, relations: Iterable[Relation] = (), provenance: Provenance | None = None,
                   fingerprint=None, article_id: str | None = None) -> None:
        """Store one trace result in one transaction (relations, provenance, fingerprint)."""
        with self._write() as conn:
            self._put_relations(conn, relations)
            if provenance is not None:
                self._put_provenance(conn, provenance)
            if fingerprint is not None:
                self._put_fingerprint(conn, article_id or (provenance.article_id if provenance else ""),
                                      fingerprint)

    def save_relations(self, relations: Iterable[Relation]) -> None:
        with self._write() as conn:
            self._put_relations(conn, relations)

    def save_provenance(self, provenance: Provenance) -> None:
        with self._write() as conn:
            self._put_provenance(conn, provenance)

    def save_fingerprint(self, article_id: str, fingerprint) -> None:
        with self._write() as conn:
            self._put_fingerprint(conn, article_id, fingerprint)

    @staticmethod
    def _put_relations(conn, relations: Iterable[Relation]) -> None:
        conn.executemany(
            "INSERT INTO trace_relations VALUES (?,?,?,?,?) ON CONFLICT(copy_id, original_id) DO UPDATE SET "
            "kind = excluded.kind, score = excluded.score, data = excluded.data",
            [(r.copy_id, r.original_id, r.kind.value, r.score, dumps(r)) for r in relations])

    @staticmethod
    def _put_provenance(conn, p: Provenance) -> None:
        conn.execute(
            "INSERT INTO trace_provenance VALUES (?,?,?,?,?,?) ON CONFLICT(article_id) DO UPDATE SET "
            "primary_name = excluded.primary_name, primary_kind = excluded.primary_kind, "
            "primary_article_id = excluded.primary_article_id, is_copy = excluded.is_copy, data = excluded.data",
            (p.article_id, p.primary.name, p.primary.kind, p.primary.article_id, int(p.is_copy), dumps(p)))

    @staticmethod
    def _put_fingerprint(conn, article_id: str, fingerprint) -> None:
        conn.execute("INSERT INTO trace_fingerprints(article_id, data) VALUES (?,?) ON CONFLICT(article_id) "
                     "DO UPDATE SET data = excluded.data", (article_id, fingerprint.to_bytes()))

    # -- reads -------------------------------------------------------------------------------
    def relations_of(self, article_id: str, *, role: str = "any") -> list[Relation]:
        """Relations where the article is the copy (``role="copy"``), the original
        (``role="original"``) or either (``"any"``), strongest first."""
        where = {"copy": "copy_id = ?", "original": "original_id = ?",
                 "any": "copy_id = ? OR original_id = ?"}[role]
        args = (article_id,) * where.count("?")
        with self._read() as conn:
            rows = conn.execute(f"SELECT data FROM trace_relations WHERE {where} ORDER BY score DESC", args)
            return [loads(Relation, r[0]) for r in rows.fetchall()]

    def copies_of(self, article_id: str) -> list[Relation]:
        """Non-independent relations whose original is ``article_id``."""
        return [r for r in self.relations_of(article_id, role="original") if r.kind.value != "independent"]

    def get_provenance(self, article_id: str) -> Provenance | None:
        with self._read() as conn:
            row = conn.execute("SELECT data FROM trace_provenance WHERE article_id = ?", (article_id,)).fetchone()
        return loads(Provenance, row[0]) if row else None

    def get_provenances(self, article_ids: Iterable[str]) -> dict[str, Provenance]:
        """Provenance of each of these articles that has one, by id in the given order, read in one query per
        :data:`~newsloom.store.base.IN_CHUNK` ids (what ``get_provenance`` gives one at a time)."""
        ids = list(dict.fromkeys(article_ids))
        with self._read() as conn:
            rows = list(select_in(conn, "SELECT article_id, data FROM trace_provenance WHERE article_id IN ({marks})",
                                  ids))
        found = dict(rows)
        return {a: loads(Provenance, found[a]) for a in ids if a in found}

    def copy_originals(self, kinds: Iterable[str]) -> dict[str, str]:
        """copy id -> the original of its strongest relation of one of ``kinds`` (one query): the story an
        article joined directly on ingest, for a re-run of clustering."""
        kinds = list(kinds)
        with self._read() as conn:
            rows = conn.execute(f"SELECT copy_id, original_id FROM trace_relations WHERE kind IN "
                                f"({','.join('?' * len(kinds))}) ORDER BY copy_id, score, original_id DESC", kinds)
            return dict(rows.fetchall())  # the last row of a copy is its strongest relation

    def articles_from_primary(self, name: str, *, limit: int = 100) -> list[str]:
        """Ids of articles whose primary source is ``name`` (e.g. ``"AP"``)."""
        with self._read() as conn:
            rows = conn.execute("SELECT article_id FROM trace_provenance WHERE primary_name = ? LIMIT ?",
                                (name, limit)).fetchall()
        return [r[0] for r in rows]

    def iter_fingerprints(self, *, after_seq: int = 0, batch: int = 2000) -> Iterator[tuple[str, object]]:
        """(article_id, Fingerprint) in insertion order, from after ``after_seq`` (see
        ``last_fingerprint_seq``): ``CopyIndex.load(store)`` uses this."""
        from ..trace.fingerprint import Fingerprint

        for ids, blobs in self.fingerprint_blobs(after_seq=after_seq, batch=batch):
            for article_id, blob in zip(ids, blobs):
                yield article_id, Fingerprint.from_bytes(blob)

    def fingerprint_blobs(self, *, after_seq: int = 0, batch: int = 5000) -> Iterator[tuple[list[str], list[bytes]]]:
        """What ``iter_fingerprints`` reads, undecoded: batches of (article ids, ``Fingerprint.to_bytes``
        forms) in insertion order, for ``CopyIndex.load`` to decode and key in bulk."""
        sql = "SELECT seq, article_id, data FROM trace_fingerprints WHERE seq > ? ORDER BY seq LIMIT ?"
        for rows in self._pages(sql, after_seq=after_seq, batch=batch):
            yield [r[1] for r in rows], [bytes(r[2]) for r in rows]

    def last_fingerprint_seq(self) -> int:
        with self._read() as conn:
            return conn.execute("SELECT COALESCE(MAX(seq), 0) FROM trace_fingerprints").fetchone()[0]

    def count_fingerprints(self) -> int:
        with self._read() as conn:
            return conn.execute("SELECT COUNT(*) FROM trace_fingerprints").fetchone()[0]

    # -- takedowns -------------------------------------------------------------------------------
    def _on_articles_deleted(self, conn, article_ids: Sequence[str], *, now: datetime | None = None) -> None:
        """Drop the removed articles' relations, provenance and fingerprints; then copies still credit a
        removed original by name, but no longer point at it. The provenance table is scanned once for
        the whole batch (not once per article): a takedown of a domain may remove many articles."""
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return
        execute_in(conn, "DELETE FROM trace_relations WHERE copy_id IN ({marks})", ids)
        execute_in(conn, "DELETE FROM trace_relations WHERE original_id IN ({marks})", ids)
        execute_in(conn, "DELETE FROM trace_provenance WHERE article_id IN ({marks})", ids)
        execute_in(conn, "DELETE FROM trace_fingerprints WHERE article_id IN ({marks})", ids)
        # one pass over the provenance table whatever the number of ids: they travel as one JSON array
        # parameter (no host-parameter limit); a row qualifies when its primary source or a link of its
        # chain is one of the removed articles, which is exactly when ``without_articles`` changes it
        rows = conn.execute(
            "WITH gone(id) AS (SELECT value FROM json_each(?)) "
            "SELECT p.data FROM trace_provenance p WHERE p.primary_article_id IN gone OR EXISTS ("
            "SELECT 1 FROM json_each(p.data, '$.chain') link WHERE json_extract(link.value, '$.article_id') IN gone)",
            (json.dumps(ids),)).fetchall()
        gone = set(ids)
        cause = conn.execute("SELECT cause FROM removals WHERE kind = 'article' AND id = ?", (ids[0],)).fetchone()
        removed = REMOVED_BY_OPERATOR if cause and cause[0] == "operator" else REMOVED  # one cause per batch
        for (data,) in rows:
            before = loads(Provenance, data)
            after = without_articles(before, gone, removed)
            if after != before:
                self._put_provenance(conn, after)


REMOVED = "the original was removed at its owner's request"
REMOVED_BY_OPERATOR = "the original was removed by the operator"


def without_articles(p: Provenance, article_ids: Collection[str], removed: str = REMOVED) -> Provenance:
    """``p`` with no link to any of the stored articles ``article_ids`` (removed; ``removed`` says how): the
    primary source and the chain keep their names (who published first stays true), lose the article id and URL."""
    primary = p.primary
    if primary.article_id is not None and primary.article_id in article_ids:
        # the primary's evidence was its own article's ("no copy or credit found"): said as what was found
        # when it was traced, after the removal, so it is not read as the copy's evidence
        note = f"{removed} (when traced: {primary.evidence})" if primary.evidence else removed
        primary = replace(primary, article_id=None, url=None, evidence=note)
    chain = tuple(replace(link, article_id=None, url=None)
                  if link.article_id is not None and link.article_id in article_ids else link for link in p.chain)
    return replace(p, primary=primary, chain=chain)
