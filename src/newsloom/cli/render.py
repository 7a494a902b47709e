"""Output helpers for the CLI: JSON for scripts, rich tables for people."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from ..serialize import to_jsonable

__all__ = ["article_summary", "console", "err_console", "print_json", "progress_bar", "story_summary", "table"]


def console() -> Console:
    return Console(soft_wrap=False)


def err_console() -> Console:
    """Errors on stderr; when it is not a terminal (piped, logged), one line each, however long: a path or
    URL in a message must stay greppable."""
    return Console(stderr=True, soft_wrap=True)


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(to_jsonable(value), ensure_ascii=False, indent=2) + "\n")


def table(title: str, columns: Iterable[str], rows: Iterable[Iterable[Any]]) -> Table:
    t = Table(title=Text(title, style="table.title") if title else None, show_lines=False)
    for col in columns:
        t.add_column(col, overflow="fold")
    for row in rows:
        t.add_row(*(Text("" if v is None else str(v)) for v in row))
    return t


def article_summary(article) -> dict:
    """An article for ``--json``: ``url`` as stored (a ``file://`` path for a page ingested from a local
    file: where it came from on this machine), ``web_url`` the address the web pages, API and feeds give
    (the http(s) url, else the http(s) canonical URL, else null)."""
    from ..urls import web_address

    return {"id": article.id, "external_id": article.external_id, "url": article.url,
            "web_url": web_address(article.url, article.canonical_url),
            "title": article.title, "source": article.source,
            "published": article.published.isoformat() if article.published else None}


def story_summary(story, articles) -> dict:
    return {"id": story.id, "title": story.title, "article_count": len(story.article_ids),
            "n_sources": story.n_sources,
            "first_seen": story.first_seen.isoformat() if story.first_seen else None,
            "last_updated": story.last_updated.isoformat() if story.last_updated else None,
            "articles": [article_summary(a) for a in articles]}


@contextmanager
def progress_bar(unit: str) -> Iterator[Callable[..., None]]:
    """A rich progress bar on stderr for long work.

    Yields a callback that accepts either ``(n=1, *, total=None)`` (advance by n) or
    ``(label, done, total)`` (absolute position within the step called ``label``).
    """
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
               TimeRemainingColumn())
    with Progress(*columns, console=err_console(), transient=True) as progress:
        task = progress.add_task(unit, total=None)

        def advance(*args, total: int | None = None) -> None:
            if len(args) == 3:
                label, done, of = args
                progress.update(task, description=escape(f"{unit}: {label}"), completed=done, total=of)
                return
            if total is not None:
                progress.update(task, total=total)
            progress.advance(task, args[0] if args else 1)

        yield advance
