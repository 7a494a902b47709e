"""``newsloom show``: one story or one article, for people (rich) or scripts (--json)."""

from __future__ import annotations

from rich.text import Text
from rich.tree import Tree

from ..serialize import to_jsonable
from . import render


def show_item(nl, ident: str, *, json_out: bool) -> None:
    """Show what ``ident`` names; a story merged away shows the story it went into, saying so (its web
    address redirects there too), so that an old id from a listing or a link still answers."""
    kind, item_id = nl.resolve(ident)
    if kind == "article":
        _show_article(nl.article_view(item_id), json_out)
    else:
        _show_story(nl.story_view(item_id), json_out, moved_from=ident if item_id != ident else None)


def _show_article(view, json_out: bool) -> None:
    a = view.article
    if json_out:
        article = {**to_jsonable(a), "text": view.shown_text, "text_shortened_by_publisher_policy": view.shortened}
        render.print_json({"type": "article", "article": article, "provenance": to_jsonable(view.provenance),
                           "relations": [{**to_jsonable(r), "evidence_withheld_by_publisher_policy": n > 0}
                                         for r, n in zip(view.relations, view.withheld, strict=True)],
                           "story": {"id": view.story.id, "title": view.story.title} if view.story else None,
                           "assignment": to_jsonable(view.assignment)})
        return
    con = render.console()
    con.print(Text(a.title, style="bold"))
    meta = [("id", a.id), ("external id", a.external_id), ("url", a.url), ("source", a.source),
            ("published", a.published), ("authors", ", ".join(a.authors)), ("dateline", a.dateline),
            ("language", a.lang), ("wire", ", ".join(f"{w.agency} ({w.how}: {w.evidence})" for w in a.wire)),
            ("story", f"{view.story.id} {view.story.title}" if view.story else None)]
    con.print(render.table("", ["field", "value"], [(k, v) for k, v in meta if v]))
    if view.provenance:
        p = view.provenance
        con.print(Text(f"primary source: {p.primary.name} ({p.primary.kind}) {p.primary.evidence}"))
        for link in p.chain:
            auto = " [automated]" if link.automated else ""
            con.print(f"  <- {link.name}{auto} {link.relation} {link.url or ''}", highlight=False, markup=False)
            if link.evidence:
                con.print(f"     evidence: {link.evidence}", highlight=False, markup=False)
    for rel in view.relations:
        con.print(f"relation: {rel.copy_id} is {rel.kind.value} of {rel.original_id} (score {rel.score:.2f})",
                  markup=False)
    con.print()
    con.print(Text(view.shown_text))


def _show_story(view, json_out: bool, *, moved_from: str | None = None) -> None:
    """``moved_from``: the merged-away id the user asked for, when ``view`` is the story it went into."""
    s = view.story
    if json_out:
        moved = {"merged_from": moved_from} if moved_from else {}
        render.print_json({"type": "story", **moved, **render.story_summary(s, view.articles),
                           "summary": s.summary, "entities": list(s.entities),
                           "coverage": to_jsonable(view.coverage), "provenance": to_jsonable(view.provenance),
                           "assignments": to_jsonable(view.assignments)})
        return
    con = render.console()
    if moved_from:
        con.print(Text(f"{moved_from} was merged into {s.id}"))
    con.print(Text(f"{s.title}  ({len(s.article_ids)} articles, {s.n_sources} sources)", style="bold"))
    if s.summary:
        con.print(Text(s.summary))
    tree = Tree("copy tree")
    for root in view.tree:
        _add(tree, root)
    con.print(tree)
    _print_statements(con, view.coverage)


def _print_statements(con, coverage) -> None:
    """Who said what, one block per speaker: each statement with the quote every source carries of it
    (each quote named by whose words it is: the source's outlet and primary source, or the copy that adds
    it), so that versions of one statement stand together."""
    labels, aligned = coverage.source_labels, coverage.aligned_quotes
    if not aligned:  # a coverage without alignment: the quotes as grouped
        for speaker, quotes in coverage.quotes_by_speaker.items():
            con.print(Text(speaker, style="bold"))
            for q in quotes:
                con.print(f"  [{q.article_id}] “{q.text}”", highlight=False, markup=False)
        return
    for block in aligned:
        con.print(Text(block.speaker, style="bold"))
        for row in block.rows:
            carried = [(q.label or (labels[aid].label if aid in labels else aid), q)  # whose words: a copy's own?
                       for aid, q in zip(block.sources, row.quotes) if q is not None]
            if len(carried) == 1:
                con.print(f"  - {carried[0][0]}: “{carried[0][1].text}”", highlight=False, markup=False)
                continue
            con.print(f"  - one statement, as {len(carried)} sources quote it:", highlight=False, markup=False)
            for label, q in carried:
                con.print(f"      {label}: “{q.text}”", highlight=False, markup=False)


def _add(parent: Tree, node) -> None:
    label = f"{node.name}" + (f" ({node.relation})" if node.relation else "") + (" [automated]" if node.automated
                                                                                 else "")
    branch = parent.add(Text(label + (f" {node.url}" if node.url else "")))
    for child in node.children:
        _add(branch, child)
