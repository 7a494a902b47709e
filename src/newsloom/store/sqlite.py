"""The default store: one SQLite file in WAL mode, composed of per-component mixins."""

from __future__ import annotations

from .articles import ArticleStore
from .sources import SourceStore
from .stories import StoryStore
from .trace import TraceStore

__all__ = ["SQLiteStore"]


class SQLiteStore(StoryStore, TraceStore, SourceStore, ArticleStore):
    """newsloom's embedded store. See :mod:`newsloom.store.base` for threading and migrations."""
