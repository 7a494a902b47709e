"""``newsloom sources [list] | add URL | import FILE.opml | export | remove ID``: the sources and their health."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..config import load_settings
from ..errors import NewsloomError
from ..model import Source, source_health
from ..serialize import to_jsonable
from . import MAX_ID, DataDir, Json, Limit, _fail, _inherit, _opened, render

__all__ = ["app", "health_rows"]

app = typer.Typer(help="List, add, import, export and remove sources (feeds, sitemaps, pages).",
                  invoke_without_command=True, no_args_is_help=False)

class SourceKind(str, Enum):
    """The kinds of source the poller follows (``Source.kind``), or ``auto`` to look at the URL."""

    auto = "auto"
    feed = "feed"
    sitemap = "sitemap"
    page = "page"


Kind = Annotated[SourceKind, typer.Option("--kind", case_sensitive=False,
                                          help="auto | feed | sitemap | page (auto: look at the URL's content)")]
AllowPrivate = Annotated[bool, typer.Option("--allow-private", envvar="NEWSLOOM_ALLOW_PRIVATE",
                                            help="Allow URLs on internal addresses (intranets, tests).")]


def _store(nl):
    """The store with the sources component (composed here until the default store includes it)."""
    if hasattr(nl.store, "add_source"):
        return nl.store
    from ..store.articles import ArticleStore
    from ..store.sources import SourceStore

    class _WithSources(SourceStore, ArticleStore):
        pass

    return _WithSources(nl.store.path)


@app.callback()
def main(ctx: typer.Context, data_dir: DataDir = None, limit: Limit = 0, json_out: Json = False) -> None:
    """Without a sub-command: list the sources with their health."""
    if ctx.invoked_subcommand is None:
        _list(data_dir, limit, json_out)


@app.command("list")
def list_sources(ctx: typer.Context, data_dir: DataDir = None, limit: Limit = 0, json_out: Json = False) -> None:
    """List sources with last success, last error, consecutive failures, items/day and next poll."""
    _list(_inherit(ctx, "data_dir", data_dir), _inherit(ctx, "limit", limit), _inherit(ctx, "json_out", json_out))


def _list(data_dir, limit: int, json_out: bool) -> None:
    with _opened(data_dir) as nl:
        pairs = _store(nl).source_health(limit=limit)
    if json_out:
        render.print_json([{"source": s, "state": st} for s, st in pairs])
        return
    now = datetime.now(UTC)
    render.console().print(render.table(
        f"{len(pairs)} sources", ["id", "source", "kind", "health", "last success", "fails", "items/day",
                                  "next poll", "last error"], health_rows(pairs, now)))


def health_rows(pairs, now: datetime) -> list[tuple]:
    """Table rows for (Source, SourceState) pairs (also usable by other front ends)."""
    rows = []
    for source, state in pairs:
        rows.append((source.id, (source.title or source.url)[:50], source.kind, source_health(source, state),
                     _ago(state.last_success, now),
                     state.consecutive_failures, f"{state.items_per_day:.1f}", _until(state.next_poll, now),
                     (state.last_error or "")[:70]))
    return rows


@app.command("add", short_help="Add a feed, a sitemap or a page, or the feeds a homepage advertises.")
def add(ctx: typer.Context, url: str, data_dir: DataDir = None, kind: Kind = SourceKind.auto,
        title: Annotated[str | None, typer.Option(help="A name to show instead of the URL.")] = None,
        allow_private: AllowPrivate = False, json_out: Json = False) -> None:
    """Add a source. With --kind auto the URL is fetched: a feed is added as is, a homepage by the
    feeds it advertises (<link rel="alternate">). Offline, or failing only for now (HTTP 429, 5xx), it is
    added as a feed, unverified. A URL already stored is said to be present."""
    from ..sources.fetcher import FetchSettings
    from ..sources.safety import check_url

    data_dir, json_out = _inherit(ctx, "data_dir", data_dir), _inherit(ctx, "json_out", json_out)
    try:
        settings = FetchSettings(allow_private=allow_private, allowed_hosts=load_settings().allowed_hosts)
        check_url(url, allow_private=allow_private, allowed_hosts=settings.allowed_hosts)
        found, note = _resolve(url, SourceKind(kind).value, settings)
    except NewsloomError as exc:
        _fail(exc)
    with _opened(data_dir, create=True) as nl:
        stored, present = _add_missing(_store(nl), [Source(url=u, kind=k, title=title or t) for u, k, t in found])
    if note:
        from rich.markup import escape

        render.err_console().print(f"[yellow]note:[/yellow] {escape(note)}", highlight=False)
    present_ids = {s.id for s in present}
    if json_out:
        for source in present:
            render.err_console().print(f"source {source.id}: {source.url} is already present", markup=False,
                                       highlight=False)
        render.print_json([{**to_jsonable(s), "already_present": s.id in present_ids} for s in stored])
        return
    for source in stored:
        tail = " is already present" if source.id in present_ids else ""
        typer.echo(f"source {source.id}: {source.url} ({source.kind}){tail}")


def _add_missing(store, sources: list[Source]) -> tuple[list[Source], list[Source]]:
    """Store the sources whose URL is not stored yet (a URL listed twice once). Returns every URL's source
    as stored, in order, and those that were already there. The store keeps a stored URL as it is (using
    up no id) and returns it like a new one, so the URLs are looked up first only to say which were there."""
    firsts: dict[str, Source] = {}
    for source in sources:
        firsts.setdefault(source.url.strip(), source)
    present = [found for url in firsts if (found := store.find_source(url)) is not None]
    return store.add_sources(list(firsts.values())), present


def _resolve(url: str, kind: str, settings) -> tuple[list[tuple[str, str, str | None]], str | None]:
    """What to add for ``url``: itself, or (kind auto) what it turns out to be. Offline or failing only for
    now (HTTP 429 or 5xx, robots.txt answering 5xx: what the poller retries, backing off and honouring
    Retry-After), it is added unchecked as a feed with a note saying why; a URL that fails for good (404,
    410, disallowed by robots.txt) or answers but is no feed, sitemap or feed-advertising page fails."""
    if kind != "auto":
        return [(url, kind, None)], None
    from ..errors import FetchError
    from ..sources.fetcher import FetchTimeoutError, NetworkError
    from ..sources.poller import is_transient
    from ..sources.probe import probe_source

    try:
        return asyncio.run(probe_source(url, settings)), None
    except (NetworkError, FetchTimeoutError) as exc:
        return [(url, "feed", None)], f"could not reach it now, added as a feed without checking ({exc})"
    except FetchError as exc:
        if not is_transient(exc):
            raise
        return [(url, "feed", None)], (f"it fails only for now, added as a feed without checking; newsloom polls "
                                       f"it later ({exc})")


@app.command("import")
def import_opml(ctx: typer.Context, path: Path, data_dir: DataDir = None, json_out: Json = False) -> None:
    """Add every feed of an OPML file (existing URLs are kept as they are); outlines that name no usable
    feed (not http(s), listed twice, no xmlUrl) are listed with the reason."""
    from ..sources.opml import read_opml

    data_dir, json_out = _inherit(ctx, "data_dir", data_dir), _inherit(ctx, "json_out", json_out)
    try:
        listed = read_opml(path.read_bytes(), subject=str(path))
    except OSError as exc:
        _fail(NewsloomError(f"cannot read: {exc.strerror or exc}", subject=str(path)))
    except NewsloomError as exc:
        _fail(exc)
    sources, skipped = listed.sources, listed.skipped
    with _opened(data_dir, create=True) as nl:
        added, present = _add_missing(_store(nl), sources)
        new = len(added) - len(present)
    if json_out:
        render.print_json({"listed": len(sources), "added": new, "sources": added,
                           "skipped": [{"outline": s.label, "reason": s.reason} for s in skipped]})
        return
    err = render.err_console()
    for outline in skipped:
        err.print(f"skipped {outline.label}: {outline.reason}", markup=False, highlight=False)
    tail = f"; skipped {len(skipped)} outline(s)" if skipped else ""
    typer.echo(f"{len(sources)} sources in {path}: {new} added, {len(sources) - new} already present{tail}")


@app.command("export")
def export(ctx: typer.Context, data_dir: DataDir = None,
           output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to a file.")] = None) -> None:
    """Print (or write) all sources as OPML."""
    from ..sources.opml import write_opml

    with _opened(_inherit(ctx, "data_dir", data_dir)) as nl:
        text = write_opml(_store(nl).list_sources())
    if output is None:
        typer.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(NewsloomError(f"cannot write: {exc.strerror or exc}", subject=str(output)))


@app.command("remove")
def remove(ctx: typer.Context, source_id: Annotated[int, typer.Argument(metavar="ID", min=1, max=MAX_ID)],
           data_dir: DataDir = None) -> None:
    """Remove a source (its stored articles stay)."""
    with _opened(_inherit(ctx, "data_dir", data_dir)) as nl:
        try:
            source = _store(nl).remove_source(source_id)
        except NewsloomError as exc:
            _fail(exc)
    typer.echo(f"removed source {source_id}: {source.url}")


def _ago(when: datetime | None, now: datetime) -> str:
    if when is None:
        return "never"
    return _span((now - when).total_seconds()) + " ago"


def _until(when: datetime | None, now: datetime) -> str:
    if when is None:
        return "now"
    seconds = (when - now).total_seconds()
    return "now" if seconds <= 0 else "in " + _span(seconds)


def _span(seconds: float) -> str:
    seconds = abs(seconds)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds / size:.0f}{unit}"
    return f"{seconds:.0f}s"
