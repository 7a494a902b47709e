"""What newsloom may show of an article, from the publisher's robots directives.

newsloom keeps the text it needs to trace and cluster, but shows readers only what the
publisher allows: nothing for ``nosnippet``, at most N characters for ``max-snippet:N``, a
short excerpt for ``noarchive`` (no cached copy), and always the link to the original.
"""

from __future__ import annotations

from ..model import Article

__all__ = ["NOARCHIVE_EXCERPT_CHARS", "display_text"]

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
