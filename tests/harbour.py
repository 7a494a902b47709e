"""A made-up story of a harbour blast for the tests of figures and ranges: one sentence's figures as the
comparison reads them, and the coverage of a story of several outlets' texts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsloom.compare import compare_coverage
from newsloom.compare.numbers import compared_figures
from newsloom.compare.text import fact_terms
from newsloom.model import Article, Story

DAY = datetime(2025, 3, 4, 9, tzinfo=UTC)
HURT = "Police said {} people were hurt in the harbour blast on Sunday."


def figures(sentence: str):
    """The figures of one sentence, as a story's comparison reads them."""
    return compared_figures([(sentence, fact_terms(sentence))])


def coverage(*texts: str):
    """The comparison of a story of one article per text, each from its own outlet, an hour apart."""
    arts = [Article(id=f"a{i}", title="Harbour blast", text=t, source=f"Outlet {i}", published=DAY + timedelta(hours=i))
            for i, t in enumerate(texts)]
    return compare_coverage(Story("s1", "Harbour blast", article_ids=tuple(a.id for a in arts)), arts)


def differing(*texts: str) -> list[str]:
    """The labels of the figures the texts disagree on."""
    return [n.label for n in coverage(*texts).numbers_differing]
