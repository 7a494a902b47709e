"""What the pages and the API show of the library's views.

Each article is shown only as far as its publisher allows (robots ``nosnippet``, ``max-snippet``,
``noarchive``: :mod:`newsloom.policy.robots`), and not only in its own text: the evidence of a copy
relation (aligned sentences, shared quotes) and of a provenance chain quotes articles too, so those
passages go through the same policy here before any page or API answer shows them. The story's
coverage comparison already reads only what may be shown (``Newsloom.story_view``).

A story whose headline came out empty is shown under a visible stand-in (:func:`story_title`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from urllib.parse import quote

from ..compare.tree import CopyNode
from ..core import ArticleView, StoryView
from ..model import Article, Provenance, Story
from ..policy import display_text, restricted, shown_evidence, shown_relation

__all__ = ["article_view", "moved_to", "story_title", "story_titles", "story_view", "untitled"]


def untitled(story_id: str) -> str:
    return f"Untitled story ({story_id})"


def story_title(story: Story, articles: Sequence[Article] = ()) -> str:
    """The story's headline; when it is empty, the first of its articles' titles, else a stand-in
    naming the story id (never an empty link or page title)."""
    if story.title and story.title.strip():
        return story.title
    by_id = {a.id: a for a in articles}
    ordered = [by_id[aid] for aid in story.article_ids if aid in by_id] + [a for a in articles
                                                                           if a.id not in story.article_ids]
    return next((a.title for a in ordered if a.title and a.title.strip()), untitled(story.id))


def story_titles(nl, stories: Sequence[Story]) -> dict[str, str]:
    """:func:`story_title` of each story by id; articles are read only for the stories without one."""
    bare = [s for s in stories if not (s.title and s.title.strip())]
    found = dict(zip((s.id for s in bare), nl.stories_articles(bare), strict=True)) if bare else {}
    return {s.id: story_title(s, found.get(s.id, ())) for s in stories}


def _chain_ids(provenances: Iterable[Provenance | None]) -> set[str]:
    ids: set[str] = set()
    for prov in provenances:
        if prov is None:
            continue
        ids.add(prov.article_id)
        if prov.primary.article_id:
            ids.add(prov.primary.article_id)
        ids.update(link.article_id for link in prov.chain if link.article_id)
    return ids


def _with(nl, known: Iterable[Article], ids: Iterable[str]) -> dict[str, Article]:
    """``known`` by id, with the other articles of ``ids`` read from the store (one query)."""
    arts = {a.id: a for a in known}
    missing = [i for i in dict.fromkeys(ids) if i not in arts]
    if missing:
        arts.update((a.id, a) for a in nl.store.get_articles(missing))
    return arts


def _provenance(prov: Provenance | None, limits: Sequence) -> Provenance | None:
    """``prov`` with its evidence lines as the restricting publishers (``limits``: ``policy.restricted``)
    allow."""
    if prov is None:
        return None
    primary = replace(prov.primary, evidence=shown_evidence(prov.primary.evidence, limits))
    chain = tuple(replace(link, evidence=shown_evidence(link.evidence, limits)) for link in prov.chain)
    return replace(prov, primary=primary, chain=chain)


def _node(node: CopyNode, limits: Sequence) -> CopyNode:
    return replace(node, evidence=shown_evidence(node.evidence, limits),
                   children=[_node(c, limits) for c in node.children])


def _description(article: Article) -> str | None:
    """The page's own summary (meta description) is a snippet too: cut like the text."""
    if not article.description:
        return article.description
    return display_text(replace(article, text=article.description))[0] or None


def article_view(nl, article_id: str) -> tuple[ArticleView, tuple[int, ...], dict[str, Article]]:
    """``nl.article_view`` with its relations' and provenance's evidence, and the article's description,
    as its publishers allow; for each relation the number of passages withheld; and the articles its
    relations and provenance name, by id (read once, for the evidence and for naming them)."""
    view = nl.article_view(article_id)
    ids = [i for r in view.relations for i in (r.copy_id, r.original_id)] + sorted(_chain_ids([view.provenance]))
    arts = _with(nl, [view.article], ids)
    shown = [shown_relation(r, arts) for r in view.relations]
    article = replace(view.article, description=_description(view.article))
    return (replace(view, article=article, relations=tuple(r for r, _ in shown),
                    provenance=_provenance(view.provenance, restricted(arts.values()))),
            tuple(n for _, n in shown), arts)


def story_view(nl, story_id: str) -> StoryView:
    """``nl.story_view`` with the evidence of its copy tree and provenance as the publishers allow (its
    coverage comparison already reads only the text each publisher lets newsloom show)."""
    view = nl.story_view(story_id)
    limits = restricted(_with(nl, view.articles, _chain_ids(view.provenance.values())).values())
    provenance: Mapping[str, Provenance] = {aid: _provenance(p, limits) for aid, p in view.provenance.items()}
    return replace(view, tree=tuple(_node(n, limits) for n in view.tree), provenance=dict(provenance))


def moved_to(nl, story_id: str, path: str) -> str | None:
    """Where the links of a story that is no longer stored now lead (``path`` with the id of the story it
    went into, merged or renamed by a re-cluster), or None when it simply does not exist."""
    target = nl.store.story_alias(story_id)
    return None if target is None else path.format(quote(target, safe=""))
