"""Story commands beyond listing, merge and split (which live in ``cli.commands``):

    newsloom stories why ARTICLE      why the article is in its story (what decided, shared terms/entities)
    newsloom stories recluster        re-run clustering over every article, honouring user decisions

``register(stories_app)`` adds them to the lead's ``stories`` sub-app; ``app`` holds them too.
"""

from __future__ import annotations

import typer

from ..errors import NotFoundError
from ..model import StoryAssignment
from ..stories.explain import reason_of, score_note
from . import DataDir, Json, _fail, _inherit, _opened, render

__all__ = ["app", "explain", "register"]

app = typer.Typer(help="Explain and re-run story clustering.", no_args_is_help=True)


def explain(assignment: StoryAssignment, join_at: float) -> str:
    """One line saying why an article is in its story, in the story page's words (``stories.explain``),
    with the ids it refers to; ``join_at``: the probability a join takes."""
    why = reason_of(assignment)
    reason = why.said + (f" {why.article or why.story}" if why.article or why.story else "")
    note = score_note(assignment, join_at)
    parts = [f"{assignment.article_id} -> {assignment.story_id}: {reason}" + (f" ({note})" if note else "")]
    if assignment.shared_terms:
        parts.append("shared terms: " + ", ".join(assignment.shared_terms))
    if assignment.shared_entities:
        parts.append("shared entities: " + ", ".join(assignment.shared_entities))
    return "; ".join(parts)


def why(ctx: typer.Context, article: str, data_dir: DataDir = None, json_out: Json = False) -> None:
    """Why ARTICLE is in its story: how likely it was to report the story's event (or its similarity),
    shared terms and entities, the original it copies, or the user decision."""
    json_out = _inherit(ctx, "json_out", json_out)
    with _opened(_inherit(ctx, "data_dir", data_dir)) as nl:
        assignment = nl.store.assignment_of(article)
        if assignment is None:
            known = nl.store.has_article(article)
            _fail(NotFoundError("article has no story" if known else "no such article", subject=article))
        if json_out:
            from ..serialize import to_jsonable

            render.print_json(to_jsonable(assignment))
            return
        typer.echo(explain(assignment, nl.join_probability))


def recluster(ctx: typer.Context, data_dir: DataDir = None) -> None:
    """Re-run story clustering over all stored articles (user merges and splits are kept)."""
    with _opened(_inherit(ctx, "data_dir", data_dir)) as nl:
        n = nl.recluster()  # a NewsloomError is a one-line error (``_opened``)
        typer.echo(f"re-clustered {n} articles into {nl.store.count_stories()} stories")


def register(stories_app: typer.Typer) -> None:
    stories_app.command("why")(why)
    stories_app.command("recluster")(recluster)


register(app)
