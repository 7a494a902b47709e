"""The ``newsloom`` command line: parse arguments, call the library, print, set the exit code.

Every listing command takes ``--limit N`` (0 for all, at most :data:`MAX_LIMIT`) and ``--json``. The data
directory comes from ``--data-dir`` or ``NEWSLOOM_HOME`` (default ``~/.local/share/newsloom``).
Numbers that reach the store are bounded here, so that a mistyped one is a usage error, not a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..config import load_settings
from ..dates import shown_datetime
from ..errors import NewsloomError, NotFoundError
from ..policy.takedown import SCOPES
from ..store.articles import SQL_INT_MAX
from . import render

Scope = Enum("Scope", {name: name for name in SCOPES}, type=str)  # takedown --scope: a choice

__all__ = ["MAX_ID", "MAX_LIMIT", "app", "main"]

MAX_LIMIT = 1_000_000  # --limit: more rows than a listing can usefully print (0 lists them all)
MAX_ID = SQL_INT_MAX  # a row id: SQLite's largest integer

app = typer.Typer(help="newsloom: news aggregation that traces every copy to its primary source.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
eval_app = typer.Typer(help="Measure quality on the public datasets in ../shared/data.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

DataDir = Annotated[Path | None, typer.Option("--data-dir", envvar="NEWSLOOM_HOME",
                                                 help="Data directory (default $XDG_DATA_HOME/newsloom, i.e. ~/.local/share/newsloom).")]
Limit = Annotated[int, typer.Option("--limit", "-n", min=0, max=MAX_LIMIT,
                                    help=f"How many to list (0 for all, at most {MAX_LIMIT}).")]
Json = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


@contextmanager
def _opened(data_dir: Path | None, *, create: bool = False) -> Iterator:
    """Open the store in ``data_dir``. Read-only commands (``create=False``) fail when there is
    no store yet instead of creating an empty one."""
    from ..core import open_newsloom

    try:
        settings = load_settings(data_dir=data_dir)
        if not create and not settings.db_path.exists():
            raise NewsloomError(f"no newsloom store at {settings.db_path}: run `newsloom init` (or ingest) first")
        nl = open_newsloom(settings)
    except NewsloomError as exc:
        _fail(exc)
    except OSError as exc:
        _fail(NewsloomError(f"cannot open the store: {exc.strerror or exc}", subject=str(data_dir or "")))
    try:
        yield nl
    except NewsloomError as exc:  # e.g. a damaged or full store found while the command runs
        _fail(exc)
    finally:
        nl.close()


def _inherit(ctx: typer.Context, name: str, value):
    """A sub-command's option, or the group's when only the group was given it on the command line
    (``newsloom sources --data-dir B list``, ``newsloom stories --json merge A B``)."""
    def given(c, key: str) -> bool:  # typer may carry its own click: compare the source by name
        return getattr(c.get_parameter_source(key), "name", None) == "COMMANDLINE"

    if given(ctx, name):
        return value
    parent = ctx.parent
    if parent is not None and name in parent.params and given(parent, name):
        return parent.params[name]
    return value


def _note(message: str) -> None:
    """A notice on stderr (the command still succeeds)."""
    from rich.markup import escape

    render.err_console().print(f"[yellow]note:[/yellow] {escape(message)}", highlight=False, soft_wrap=True)


def _when(value) -> str:
    return value.isoformat() if value is not None else "an unknown time"


def _fail(exc: Exception, code: int = 1) -> None:
    from rich.markup import escape

    render.err_console().print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@app.command()
def init(data_dir: DataDir = None) -> None:
    """Create the data directory and the store (safe to run again)."""
    with _opened(data_dir, create=True) as nl:
        typer.echo(f"newsloom store ready at {nl.store.path} ({nl.store.count_articles()} articles)")


@app.command(short_help="Ingest files, folders and URLs: pages, text dumps, feeds, JSON lines, WARC archives.")
def ingest(targets: Annotated[list[str], typer.Argument(metavar="PATH_OR_URL...",
                                                         help="Files, folders or http(s) URLs to ingest.")],
           data_dir: DataDir = None, json_out: Json = False,
           allow_private: Annotated[bool, typer.Option("--allow-private", envvar="NEWSLOOM_ALLOW_PRIVATE",
                                                       help="Allow URLs on internal addresses.")] = False,
           workers: Annotated[int, typer.Option("--workers", min=0, max=64,
                                                help="Worker processes that extract and embed beside this one, "
                                                     "which traces, clusters and stores (0: all in this process). "
                                                     "For backfills (starting the workers costs about 5 s); on 2 "
                                                     "cores 1 is enough.")] = 0,
           time_limit: Annotated[float, typer.Option("--time-limit", min=0, max=86400, metavar="SECONDS",
                                                     help="With --workers: a document that takes longer to "
                                                          "extract and embed is stopped and recorded as an error "
                                                          "(its worker is started again); this process then "
                                                          "prepares none itself, so on 2 cores use --workers 2 "
                                                          "(0: no limit).")] = 0,
           spark: Annotated[str | None, typer.Option("--spark", metavar="MASTER",
                                                     help="Extract and embed on Apache Spark: a master URL "
                                                          "('local[2]', 'spark://host:7077', 'yarn'); the executors "
                                                          "read the files, this process traces, clusters and stores "
                                                          "in input order. Needs PySpark and Java 17+.")] = None,
           spark_staging: Annotated[Path | None, typer.Option("--spark-staging", metavar="DIR",
                                                              help="With --spark: a folder the executors and this "
                                                                   "process both see, for the prepared batches "
                                                                   "(default: the temporary folder).")] = None
           ) -> None:
    """Ingest files and folders: .html/.htm (gzipped too), .txt (a dump of several texts is split at form feeds,
    lines of ===== or -----, <doc> tags), feeds (.xml/.rss/.atom/.json), .jsonl (one JSON
    object a line: text, and optionally title, published, source, id, url), WARC; and http(s) URLs, each
    fetched once as one page (robots.txt obeyed)."""
    from .ingest import run_ingest

    if time_limit and not workers:
        raise typer.BadParameter("needs --workers: a document prepared in this process cannot be stopped",
                                 param_hint="--time-limit")
    if spark and workers:
        raise typer.BadParameter("--spark and --workers exclude each other: Spark's executors do that work",
                                 param_hint="--spark")
    if spark_staging and not spark:
        raise typer.BadParameter("needs --spark", param_hint="--spark-staging")
    with _opened(data_dir, create=True) as nl:
        code = run_ingest(nl, targets, json_out=json_out, allow_private=allow_private, workers=workers,
                          time_limit=time_limit or None, spark=spark, spark_staging=spark_staging)
    raise typer.Exit(code)


@app.command()
def articles(data_dir: DataDir = None, limit: Limit = 50, json_out: Json = False) -> None:
    """List stored articles, most recently stored first (not by publication date)."""
    with _opened(data_dir) as nl:
        items = nl.articles(limit=limit)
        if json_out:
            render.print_json([render.article_summary(a) for a in items])
            return
        rows = [(a.id, a.source, shown_datetime(a.published, with_time=False), a.title[:90]) for a in items]
        render.console().print(render.table(f"{len(items)} articles", ["id", "source", "date", "title"], rows))


@app.command()
def search(query: str, data_dir: DataDir = None, limit: Limit = 20, json_out: Json = False) -> None:
    """Full-text search over stored articles (the query is shown as typed, never read as markup)."""
    with _opened(data_dir) as nl:
        hits = nl.search(query, limit=limit)
        if json_out:
            render.print_json([{**render.article_summary(a), "score": round(s, 4)} for a, s in hits])
            return
        rows = [(a.id, a.source, f"{s:.2f}", a.title[:90]) for a, s in hits]
        render.console().print(render.table(f"{len(hits)} results for {query!r}", ["id", "source", "score",
                                                                                 "title"], rows))


@app.command()
def show(ident: Annotated[str, typer.Argument(metavar="STORY_OR_ARTICLE")], data_dir: DataDir = None,
         json_out: Json = False) -> None:
    """Show a story or an article (by id, external id or URL) with provenance and relations."""
    from .show import show_item

    with _opened(data_dir) as nl:
        try:
            show_item(nl, ident, json_out=json_out)
        except NewsloomError as exc:
            _fail(exc)


@app.command()
def takedown(target: Annotated[str, typer.Argument(help="a page's URL (scope url), the start of URLs (prefix), "
                                                       "or a domain such as example.org (domain)")],
             scope: Annotated[Scope, typer.Option(help="what the target names: one page (url); a section "
                                                       "(prefix): every URL of its host whose path is the prefix's or "
                                                       "lies under it, by whole segments (/news covers /news/x, not "
                                                       "/newsroom); with a query, the URLs of that path whose query "
                                                       "starts with it as text (?id=1 covers ?id=10 too: for one "
                                                       "page use url); or a whole site and its subdomains (domain)")] = "url",
             requester: Annotated[str, typer.Option(help="who asks (kept on record, shown to admins only)")] = "",
             reason: Annotated[str, typer.Option(help="why (kept on record)")] = "",
             data_dir: DataDir = None, json_out: Json = False) -> None:
    """Honour a content owner's removal request now: delete matching articles and refuse them later."""
    with _opened(data_dir, create=True) as nl:
        try:
            done = nl.takedown_once(target, scope=scope.value, requester=requester, reason=reason)
        except NewsloomError as exc:
            _fail(exc)
        if json_out:
            from ..serialize import to_jsonable

            render.print_json({"target": target, "scope": scope.value, "removed": done.removed,
                               "takedown": to_jsonable(done.takedown), "already_in_force": done.already_in_force})
        else:
            again = " (the same request was in force already)" if done.already_in_force else ""
            typer.echo(f"removed {len(done.removed)} article(s); what {target} covers will be refused if gathered again: "
                       f"takedown {done.takedown.id}{again}")


@app.command(short_help="Delete stored articles by id (an operator's removal; nothing is refused later).")
def delete(article_ids: Annotated[list[str], typer.Argument(help="ids of stored articles (as `newsloom show` "
                                                                "and the article page give them)")],
           data_dir: DataDir = None, json_out: Json = False) -> None:
    """Delete stored articles by id, with their search entries, relations and story memberships: an operator's
    removal (a page ingested from a local file, which no URL takedown can name, or one stored by mistake).
    Nothing is refused later; for a content owner's removal request use `newsloom takedown`. Exits 1 when
    an id is not stored (the others are deleted)."""
    with _opened(data_dir) as nl:
        removed = nl.delete_articles(article_ids)
        gone = set(removed)
        missing = [a for a in dict.fromkeys(article_ids) if a not in gone]
        if json_out:
            render.print_json({"deleted": removed, "not_found": missing})
        else:
            typer.echo(f"deleted {len(removed)} article(s)")
        if missing:
            _fail(NotFoundError(f"not stored: {', '.join(missing)}"))


@app.command()
def takedowns(all_: Annotated[bool, typer.Option("--all", help="revoked requests too")] = False,
              revoke: Annotated[int | None, typer.Option(min=1, max=MAX_ID,
                                                         help="revoke the takedown with this id (a mistake): "
                                                              "what it covers is let in when delivered again, e.g. "
                                                              "by `newsloom ingest URL` (feed entries the poller "
                                                              "has seen stay seen)")] = None,
              data_dir: DataDir = None, json_out: Json = False) -> None:
    """List the takedown requests on record, or revoke one (revoking one already revoked changes nothing
    and says so)."""
    with _opened(data_dir) as nl:
        try:
            if revoke is None:
                rows = nl.takedowns(revoked=all_)
            else:
                revocation = nl.revoke_takedown_once(revoke)
                rows = [revocation.takedown]
                if revocation.already_revoked:
                    _note(f"takedown {revoke} was already revoked at {_when(revocation.takedown.revoked_at)}; "
                          "nothing changed")
        except NewsloomError as exc:
            _fail(exc)
        if json_out:
            from ..serialize import to_jsonable

            render.print_json([to_jsonable(t) for t in rows])
            return
        render.console().print(render.table(
            f"{len(rows)} takedown(s)", ["id", "scope", "target", "removed", "received", "revoked", "requester"],
            [(t.id, t.scope, t.target, t.removed, t.received_at.isoformat() if t.received_at else "",
              t.revoked_at.isoformat() if t.revoked_at else "", t.requester) for t in rows]))


@app.command()
def errors(data_dir: DataDir = None, limit: Limit = 50, json_out: Json = False) -> None:
    """List recorded ingest and fetch errors, newest first."""
    with _opened(data_dir) as nl:
        rows = nl.store.list_errors(limit=limit)
        if json_out:
            render.print_json([{"at": r[1], "stage": r[2], "subject": r[3], "message": r[4]} for r in rows])
            return
        render.console().print(render.table(f"{len(rows)} errors", ["at", "stage", "subject", "message"],
                                            [r[1:] for r in rows]))


def _check_host(value: str | None) -> str | None:
    if value is not None and (not value.strip() or any(c.isspace() for c in value)):
        raise typer.BadParameter("must be a host name or an IP address")
    return value


Host = Annotated[str | None, typer.Option(envvar="NEWSLOOM_HOST", callback=_check_host,
                                          help="Address to listen on (default 127.0.0.1).")]
Port = Annotated[int | None, typer.Option(envvar="NEWSLOOM_PORT", min=1, max=65535,
                                          help="Port to listen on, 1-65535 (default 8000).")]


def _serve(poll: bool, **overrides) -> None:
    from .serve import serve_forever

    try:
        serve_forever(load_settings(**overrides), poll=poll)
    except NewsloomError as exc:
        _fail(exc)
    except OSError as exc:  # e.g. the port is in use, or the address is not this machine's
        _fail(NewsloomError(f"cannot start the server: {exc.strerror or exc}"))


@app.command()
def serve(data_dir: DataDir = None, host: Host = None, port: Port = None) -> None:
    """Serve the web UI and the JSON API (no polling)."""
    _serve(False, data_dir=data_dir, host=host, port=port)


@app.command()
def run(data_dir: DataDir = None, host: Host = None, port: Port = None,
        feeds: Annotated[Path | None, typer.Option(envvar="NEWSLOOM_FEEDS",
                                                      help="OPML of sources to start from.")] = None) -> None:
    """The main job: poll the sources and serve the web UI on http://HOST:PORT."""
    _serve(True, data_dir=data_dir, host=host, port=port, feeds_opml=feeds)


def one_line_summaries(group: typer.Typer) -> None:
    """Give each command of ``group`` (and of its sub-groups) the first paragraph of its help as its short
    help, on one line: the command lists show the short help with the docstring's line breaks kept."""
    import inspect

    for info in group.registered_commands:
        text = info.help or inspect.getdoc(info.callback) or ""
        if info.short_help is None and text:
            info.short_help = " ".join(text.split("\n\n")[0].split())
    for sub in group.registered_groups:
        if sub.typer_instance is not None:
            one_line_summaries(sub.typer_instance)


def main() -> None:
    from . import commands

    commands.register(app, eval_app)
    one_line_summaries(app)
    app()
