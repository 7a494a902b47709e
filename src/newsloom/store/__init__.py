"""Storage behind one interface.

``open_store(path)`` returns the default :class:`SQLiteStore`. Every method is safe to call from
several threads; writes are serialised through one connection (one transaction per call);
datetimes are stored and returned as timezone-aware UTC. Methods raise
:class:`~newsloom.errors.StorageError` (``NotFoundError`` for a missing id).
"""

from __future__ import annotations

from pathlib import Path

from .sqlite import SQLiteStore

__all__ = ["SQLiteStore", "open_store"]


def open_store(path: str | Path) -> SQLiteStore:
    """Open (creating and migrating as needed) the store at ``path`` (``":memory:"`` for tests)."""
    return SQLiteStore(path)
