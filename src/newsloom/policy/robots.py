"""What newsloom may show of an article, from the publisher's robots directives.

newsloom keeps the text it needs to trace and cluster, but shows readers only what the
publisher allows: nothing for ``nosnippet``, at most N characters for ``max-snippet:N``, a
short excerpt for ``noarchive`` (no cached copy), and always the link to the original.

The same limit holds wherever newsloom quotes an article outside its page (the evidence of a copy
relation, a provenance chain, a copy tree): :func:`shown_relation`, :func:`shown_provenance`,
:func:`shown_tree`, :func:`shown_evidence`, :func:`may_show`; and for its summary:
:func:`shown_description`. Evidence that relates some articles is held to their publishers' limits only:
another article on the same page that carries the same words does not withhold them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from ..model import Article, Provenance, Relation, normalise_text

if TYPE_CHECKING:
    from ..compare.tree import CopyNode

__all__ = ["NOARCHIVE_EXCERPT_CHARS", "WITHHELD", "display_text", "may_show", "restricted", "shown_description",
           "shown_evidence", "shown_provenance", "shown_relation", "shown_tree"]

NOARCHIVE_EXCERPT_CHARS = 320


def _max_snippet(robots: tuple[str, ...]) -> int | None:
    for directive in robots:
        name, _, value = directive.partition(":")
        if name.strip().lower() == "max-snippet":
            try:
                n = int(value.strip())
            except ValueError:
                continue
            return None if n < 0 else n
    return None


def display_text(article: Article) -> tuple[str, bool]:
    """(text to show, whether it was shortened by policy)."""
    robots = tuple(d.strip().lower() for d in article.robots)
    if "nosnippet" in robots or "none" in robots:
        return "", True
    limit = _max_snippet(robots)
    if "noarchive" in robots:
        limit = NOARCHIVE_EXCERPT_CHARS if limit is None else min(limit, NOARCHIVE_EXCERPT_CHARS)
    if limit is None or len(article.text) <= limit:
        return article.text, False
    cut = article.text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip() + " …", True


# --------------------------------------------------------------------------- passages quoted elsewhere
# Relation evidence (aligned sentences, shared quotes) and provenance evidence quote an article's text
# outside its own page. The same rule holds there: a passage of an article is shown only where the
# article's own page would show it, i.e. inside the text ``display_text`` lets through.

WITHHELD = "[withheld: the publisher's robots directives]"  # stands for a passage that may not be shown
_QUOTED = re.compile(r'"([^"]+)"')


class _Excerpt:
    """What of one article may be shown, ready for containment tests."""

    __slots__ = ("credits", "excerpt", "full", "restricted")

    def __init__(self, article: Article) -> None:
        shown, shortened = display_text(article)
        self.restricted = shortened  # an article shown whole needs no more: everything of it may be shown
        self.excerpt = normalise_text(shown.removesuffix("…")) if shortened else ""
        self.full = normalise_text(article.text) if shortened else ""
        self.credits = {normalise_text(c.text) for c in article.credits} if shortened else set()

    def allows(self, passage: str) -> bool:
        if not self.restricted:
            return True
        needle = _passage_key(passage)
        return bool(needle) and needle in self.excerpt

    def withholds(self, passage: str) -> bool:
        """Whether ``passage`` is this restricted article's text beyond what may be shown (credit
        lines are attribution, shown on the article's page whatever its directives)."""
        if not self.restricted:
            return False
        needle = _passage_key(passage)
        return bool(needle) and needle in self.full and needle not in self.excerpt and needle not in self.credits


def _passage_key(passage: str) -> str:
    return normalise_text(passage).strip(" …\"'“”‘’")


def may_show(article: Article | None, passage: str) -> bool:
    """Whether ``passage`` (a sentence or quote taken from ``article``'s text) may be shown outside
    the article's page: always for an article shown whole; for one whose publisher restricts it
    (``nosnippet``, ``max-snippet``, ``noarchive``) only when the passage lies inside the excerpt that
    :func:`display_text` shows (compared case- and whitespace-blind). Nothing of an unknown article."""
    return article is not None and _Excerpt(article).allows(passage)


def shown_relation(relation: Relation, articles: Mapping[str, Article]) -> tuple[Relation, int]:
    """``relation`` with the passages of its evidence that its articles' publishers do not let newsloom
    show replaced: an aligned sentence by ``""``, a shared quote (the text of both articles) dropped
    unless both allow it. Returns (relation, how many passages were withheld); a note in the evidence
    says so. ``articles`` holds the relation's two articles by id (a missing one shows nothing)."""
    ev = relation.evidence
    if not ev.aligned and not ev.shared_quotes:
        return relation, 0
    sides = {aid: _Excerpt(a) for aid in (relation.copy_id, relation.original_id) if (a := articles.get(aid))}
    copy, original = sides.get(relation.copy_id), sides.get(relation.original_id)

    def allowed(side: _Excerpt | None, passage: str) -> bool:
        return side is not None and side.allows(passage)

    withheld, aligned = 0, []
    for pair in ev.aligned:
        c = pair.copy_sentence if allowed(copy, pair.copy_sentence) else ""
        o = pair.original_sentence if allowed(original, pair.original_sentence) else ""
        withheld += (c != pair.copy_sentence) + (o != pair.original_sentence)
        aligned.append(replace(pair, copy_sentence=c, original_sentence=o))
    quotes = tuple(q for q in ev.shared_quotes if allowed(copy, q) and allowed(original, q))
    withheld += len(ev.shared_quotes) - len(quotes)
    if not withheld:
        return relation, 0
    note = (f"{withheld} passage{'' if withheld == 1 else 's'} withheld: the publisher's robots directives "
            "do not let newsloom show them")
    return replace(relation, evidence=replace(ev, aligned=tuple(aligned), shared_quotes=quotes,
                                              notes=(*ev.notes, note))), withheld


def restricted(articles: Iterable[Article]) -> dict[str, _Excerpt]:
    """What may be shown of each article whose publisher restricts it, by article id, worked out once
    (display text, normalised text): pass it to :func:`shown_provenance` and :func:`shown_tree`."""
    return {a.id: e for a in articles if (e := _Excerpt(a)).restricted}


def shown_description(article: Article) -> str | None:
    """The page's own summary (meta description) is a snippet too: cut like the text."""
    if not article.description:
        return article.description
    return display_text(replace(article, text=article.description))[0] or None


def shown_provenance(prov: Provenance | None, limits: Mapping[str, _Excerpt]) -> Provenance | None:
    """``prov`` with each evidence line as the publishers of the articles the chain names allow
    (``limits``: :func:`restricted` of the articles at hand)."""
    if prov is None:
        return None
    ids = {prov.article_id, prov.primary.article_id, *(link.article_id for link in prov.chain)}
    mine = [limits[i] for i in ids if i in limits]
    if not mine:
        return prov
    return replace(prov, primary=replace(prov.primary, evidence=shown_evidence(prov.primary.evidence, mine)),
                   chain=tuple(replace(link, evidence=shown_evidence(link.evidence, mine)) for link in prov.chain))


def shown_tree(node: CopyNode, limits: Mapping[str, _Excerpt], parent: str | None = None) -> CopyNode:
    """A copy-tree ``node`` (and its children) with its evidence, which relates it to its ``parent``, as the
    publishers of the two allow."""
    mine = [limits[i] for i in (node.article_id, parent) if i is not None and i in limits]
    return replace(node, evidence=shown_evidence(node.evidence, mine) if mine else node.evidence,
                   children=[shown_tree(c, limits, node.article_id) for c in node.children])


def shown_evidence(text: str, restricted: Sequence[_Excerpt]) -> str:
    """``text`` (a provenance or copy-tree evidence line) with every double-quoted passage that is the
    text of a restricted article (``restricted``: values of :func:`restricted`) beyond what may be shown
    replaced by :data:`WITHHELD` (e.g. the examples of broken sentences cited for a machine-rewritten
    copy). Credit lines stay: attribution."""
    if '"' not in text or not restricted:
        return text

    def one(match: re.Match) -> str:
        return f'"{WITHHELD}"' if any(e.withholds(match.group(1)) for e in restricted) else match.group(0)

    return _QUOTED.sub(one, text)
