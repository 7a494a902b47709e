"""The copy tree of a story: primary sources first, reprints and rewrites under them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..model import Article, Provenance
from .coverage import outlet_name

__all__ = ["CopyNode", "copy_tree"]


@dataclass(slots=True)
class CopyNode:
    name: str
    article_id: str | None = None
    url: str | None = None
    relation: str = ""
    automated: bool = False
    evidence: str = ""
    children: list[CopyNode] = field(default_factory=list)

    def find(self, key: str) -> CopyNode | None:
        for child in self.children:
            if _key(child) == key:
                return child
        return None

    def walk(self, depth: int = 0):
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)


def _name(name: str, article: Article | None) -> str:
    """A chain link the trace stage could not name is shown by its article's outlet or title."""
    if article is not None and (not name or name == "unknown"):
        return outlet_name(article)
    return name


def _key(node: CopyNode) -> str:
    return node.article_id or node.name.casefold()


def copy_tree(articles: Sequence[Article], provenance: Mapping[str, Provenance]) -> list[CopyNode]:
    """Pure: one root per primary source; each article hangs under the chain that leads to it.

    An article without provenance is its own root (an original report).
    """
    roots: list[CopyNode] = []
    by_id = {a.id: a for a in articles}
    for art in sorted(articles, key=lambda a: len(provenance[a.id].chain) if a.id in provenance else 0):
        prov = provenance.get(art.id)
        if prov is None:
            path = [CopyNode(_name("", art), art.id, art.url)]
        else:
            primary = CopyNode(prov.primary.name, prov.primary.article_id, prov.primary.url, "primary source",
                               evidence=prov.primary.evidence)
            links = [CopyNode(_name(link.name, by_id.get(link.article_id or "")), link.article_id, link.url,
                              link.relation, link.automated, link.evidence) for link in reversed(prov.chain)]
            if links and _key(links[0]) == _key(primary):
                links = links[1:]
            path = [primary, *links]
            if not any(n.article_id == art.id for n in path):
                path.append(CopyNode(_name("", art), art.id, art.url, "copy", prov.automated))
        _insert(roots, path, by_id)
    return roots


def _insert(roots: list[CopyNode], path: list[CopyNode], by_id: Mapping[str, Article]) -> None:
    level = roots
    for node in path:
        existing = next((n for n in level if _key(n) == _key(node)), None)
        if existing is None:
            if node.article_id in by_id and not node.url:
                node.url = by_id[node.article_id].url
            level.append(node)
            existing = node
        elif node.article_id and not existing.article_id:
            existing.article_id, existing.url = node.article_id, node.url
        level = existing.children
