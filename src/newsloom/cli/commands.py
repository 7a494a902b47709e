"""Commands that belong to one stage each: extract, eval, stories, sources.

They are registered on the root app by :func:`register`, so that importing the CLI stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from ..config import load_settings
from ..errors import NewsloomError
from . import DataDir, Json, Limit, _fail, _inherit, _opened, render

__all__ = ["register"]

_SHARED = Path(__file__).resolve().parents[3].parent / "shared"


def register(app: typer.Typer, eval_app: typer.Typer) -> None:
    from .sources import app as sources_app
    from .stories import register as register_story_commands

    register_story_commands(stories_app)

    app.command("extract")(extract)
    app.add_typer(stories_app, name="stories")
    app.add_typer(sources_app, name="sources")
    eval_app.command("extraction")(eval_extraction)
    eval_app.command("copies")(eval_copies)
    eval_app.command("paraphrase")(eval_paraphrase)
    eval_app.command("clustering")(eval_clustering)


# -- extract --------------------------------------------------------------------------------
def extract(targets: Annotated[list[str], typer.Argument(metavar="PATH_OR_URL...")], json_out: Json = False,
            allow_private: Annotated[bool, typer.Option(envvar="NEWSLOOM_ALLOW_PRIVATE",
                                                        help="Allow URLs on internal addresses.")] = False) -> None:
    """Extract the article(s) from files or URLs and print them, without storing anything."""
    from ..extract import extract_article
    from ..serialize import to_jsonable
    from .fetching import documents_for

    failed = False
    out = []
    try:
        allowed_hosts = load_settings().allowed_hosts
    except NewsloomError as exc:
        _fail(exc)
    for item in documents_for(targets, allow_private=allow_private, allowed_hosts=allowed_hosts):
        try:
            if isinstance(item, NewsloomError):
                raise item
            article = extract_article(item)
        except NewsloomError as exc:
            failed = True
            render.err_console().print(f"error: {exc}", markup=False, highlight=False)
            continue
        out.append(article)
        if not json_out:
            typer.echo(f"# {article.title}\n")
            typer.echo(article.text + "\n")
    if json_out:
        render.print_json([to_jsonable(a) for a in out])
    raise typer.Exit(1 if failed else 0)


# -- eval -----------------------------------------------------------------------------------
def _dataset(path: Path | None, default: str) -> Path:
    path = path or (_SHARED / "data" / default)
    if not path.exists():
        _fail(NewsloomError("dataset not found (pass --dataset; the shared corpora live in ../shared/data)",
                            subject=str(path)))
    return path


_T = TypeVar("_T")


def _evaluated(run: Callable[[], _T]) -> _T:
    """Run an evaluation; a dataset it cannot read (wrong kind of folder, missing or damaged files)
    is one line on stderr and exit 1, not a traceback."""
    try:
        return run()
    except NewsloomError as exc:
        _fail(exc)
    except OSError as exc:
        _fail(NewsloomError(f"cannot read the dataset: {exc.strerror or exc}",
                            subject=str(exc.filename) if exc.filename else None))
    except (ValueError, KeyError) as exc:
        _fail(NewsloomError(f"cannot evaluate this dataset: {exc}"))


class ExtractionMode(str, Enum):
    article = "article"
    page_text = "page-text"


def eval_extraction(dataset: Annotated[Path | None, typer.Option(help="An extraction dataset folder.")] = None,
                    mode: Annotated[ExtractionMode, typer.Option(help="article | page-text")] = ExtractionMode.article,
                    limit: Annotated[int, typer.Option(min=0, help="Pages to score (0 for all).")] = 0) -> None:
    """Extraction precision/recall/F1 next to trafilatura (same run) and the published anchors."""
    from ..evaluate.extraction import evaluate_extraction, format_extraction

    path = _dataset(dataset, "article-extraction-scrapinghub")
    with render.progress_bar("pages") as advance:
        report = _evaluated(lambda: evaluate_extraction(path, mode=ExtractionMode(mode).value, limit=limit or None,
                                                        progress=advance))
    typer.echo(format_extraction(report))


def eval_copies(shared: Annotated[Path | None, typer.Option(help="The shared folder (../shared).")] = None,
                limit: Annotated[int, typer.Option(min=0, help="Originals to use (0 for all).")] = 0,
                seed: int = 0) -> None:
    """Copy-detection precision/recall/F1 on a labelled set built from ../shared/data."""
    from ..evaluate.copies import evaluate_copies, format_copies

    root = _shared_root(shared)
    with render.progress_bar("pairs") as advance:
        report = _evaluated(lambda: evaluate_copies(root, seed=seed, limit=limit or None, progress=advance))
    typer.echo(format_copies(report))


def eval_paraphrase(shared: Annotated[Path | None, typer.Option(help="The shared folder (../shared).")] = None,
                    folds: Annotated[int, typer.Option(min=2, max=50, help="Cross-validation folds for the cross-encoder "
                                                            "(when no official test split is present).")] = 5,
                    epochs: Annotated[int, typer.Option(min=1, max=100, help="Fine-tuning epochs.")] = 4,
                    threads: Annotated[int, typer.Option(min=1, max=256, help="CPU threads for fine-tuning.")] = 2,
                    save: Annotated[Path | None, typer.Option(help="Also keep a cross-encoder trained on the "
                                                                   "whole train split in this folder.")] = None,
                    cross_encoder: Annotated[bool, typer.Option(help="Fine-tune and score the cross-encoder "
                                                                     "(minutes per fold).")] = True) -> None:
    """Sentence-level paraphrase accuracy/F1 on MSRP, next to the published anchors."""
    from ..evaluate.paraphrase import evaluate_judge, evaluate_paraphrase, format_judge, format_paraphrase
    from ..trace.crossencoder import TrainConfig

    root = _shared_root(shared)
    typer.echo(format_paraphrase(evaluate_paraphrase(root)))
    if cross_encoder:
        with render.progress_bar("training steps") as advance:
            report = evaluate_judge(root, folds=folds, config=TrainConfig(epochs=epochs), threads=threads,
                                    save=save, progress=advance)
        typer.echo(format_judge(report))


def _shared_root(shared: Path | None) -> Path:
    root = shared or _SHARED
    if not (root / "data").exists():
        _fail(NewsloomError("shared data not found (pass --shared)", subject=str(root)))
    return root


def eval_clustering(dataset: Annotated[Path | None, typer.Option(help="ECB+ or BASIL folder.")] = None,
                    orders: Annotated[int, typer.Option(min=0, help="Random arrival orders to average.")] = 5,
                    seed: int = 0,
                    errors: Annotated[int, typer.Option(
                        min=0, help="Also list the N costliest errors of the file-order run.")] = 0) -> None:
    """Streaming clustering B-cubed and pairwise F1, next to the TF-IDF agglomerative baseline."""
    from ..evaluate.cluster_errors import format_errors
    from ..evaluate.clustering import evaluate_clustering, format_clustering

    path = _dataset(dataset, "event-clustering-ecbplus")
    with render.progress_bar("articles") as advance:
        report = _evaluated(lambda: evaluate_clustering(path, orders=orders, seed=seed, progress=advance))
    typer.echo(format_clustering(report))
    if errors > 0:
        typer.echo("\n" + format_errors(report.file_order_labels, report.gold, limit=errors))


# -- stories --------------------------------------------------------------------------------
stories_app = typer.Typer(help="List stories; merge and split them.", invoke_without_command=True)


@stories_app.callback()
def stories(ctx: typer.Context, data_dir: DataDir = None, limit: Limit = 50, json_out: Json = False) -> None:
    """List stories, most recently updated first (the same as ``stories list``)."""
    if ctx.invoked_subcommand is not None:  # the subcommand reads the group's options (``_inherit``)
        return
    _list_stories(data_dir, limit, json_out)


@stories_app.command("list")
def stories_list(ctx: typer.Context, data_dir: DataDir = None, limit: Limit = 50, json_out: Json = False) -> None:
    """List stories, most recently updated first."""
    _list_stories(_inherit(ctx, "data_dir", data_dir), _inherit(ctx, "limit", limit),
                  _inherit(ctx, "json_out", json_out))


def _list_stories(data_dir, limit: int, json_out: bool) -> None:
    with _opened(data_dir) as nl:
        items = nl.stories(limit=limit)
        if json_out:
            render.print_json([render.story_summary(s, arts) for s, arts in zip(items, nl.stories_articles(items))])
            return
        rows = [(s.id, len(s.article_ids), s.n_sources, s.last_updated.strftime("%Y-%m-%d %H:%M")
                 if s.last_updated else "", s.title[:90]) for s in items]
        render.console().print(render.table(f"{len(items)} stories", ["id", "articles", "sources", "updated",
                                                                      "title"], rows))


@stories_app.command("merge")
def stories_merge(ctx: typer.Context, story_a: str, story_b: str, data_dir: DataDir = None,
                  json_out: Json = False) -> None:
    """Merge story B into story A (a user decision, kept across restarts and re-clustering)."""
    with _opened(_inherit(ctx, "data_dir", data_dir)) as nl:
        story = nl.merge_stories(story_a, story_b)  # DecisionError, NotFoundError: one line (``_opened``)
        _print_story(nl, story, _inherit(ctx, "json_out", json_out))


@stories_app.command("split")
def stories_split(ctx: typer.Context, story: str, articles: Annotated[list[str], typer.Argument(metavar="ARTICLE...")],
                  data_dir: DataDir = None, json_out: Json = False) -> None:
    """Move ARTICLEs out of STORY into a new story (kept across restarts and re-clustering)."""
    with _opened(_inherit(ctx, "data_dir", data_dir)) as nl:
        new = nl.split_story(story, articles)  # DecisionError, NotFoundError: one line (``_opened``)
        _print_story(nl, new, _inherit(ctx, "json_out", json_out))


def _print_story(nl, story, json_out: bool) -> None:
    if json_out:
        render.print_json(render.story_summary(story, nl.story_articles(story)))
    else:
        typer.echo(f"{story.id}: {story.title} ({len(story.article_ids)} articles)")
