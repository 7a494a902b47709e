"""The default store: one SQLite file in WAL mode, composed of per-component mixins."""

from __future__ import annotations

from .articles import ArticleStore

__all__ = ["SQLiteStore"]


class SQLiteStore(ArticleStore):
    """newsloom's embedded store. See :mod:`newsloom.store.base` for threading and migrations."""
