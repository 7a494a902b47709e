"""Which of two articles came first: the order that makes one the original and the other its copy.

``time_order(a, b)`` compares, in this order:

1. stated publication times, when both articles state a plausible one (``Article.stated_published``:
   not before 1995, not after the article's own fetch time plus an hour; a page claiming to be published
   after it was fetched has a wrong clock or time zone and its claim is ignored). A date known only to
   the day is compared by its day: against anything on the same day it decides nothing;
2. else (either states none, or step 1 decided nothing) first-fetched times, when both are known;
3. else ``Article.first_seen`` (whatever each is known by: its plausible publication or fetch time).

It returns 0 when none of these decides. Such a tie between a new article and a stored one goes to
the stored one, seen first (``tracer._is_original``, where links between the two also override
time); among stored articles ``precedes`` and ``earliest`` break it by article id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TypeVar

from ..dates import as_utc, day_only
from ..model import Article

__all__ = ["earliest", "precedes", "time_order"]

T = TypeVar("T")


def time_order(a: Article, b: Article) -> int:
    """Negative when ``a`` came before ``b``, positive when after, 0 when their times do not tell."""
    pa, pb = a.stated_published, b.stated_published
    if pa is not None and pb is not None:
        found = _compare_published(pa, pb)
        if found:
            return found
    for x, y in ((a.fetched_at, b.fetched_at), (a.first_seen, b.first_seen)):
        if x is not None and y is not None and x != y:
            return -1 if x < y else 1
    return 0


def precedes(a: Article, b: Article) -> bool:
    """Did ``a`` come before ``b``? Exactly one of ``precedes(a, b)`` and ``precedes(b, a)`` holds for two
    articles with different ids: when times do not tell, the smaller id is taken to come first."""
    found = time_order(a, b)
    return found < 0 if found else a.id < b.id


def earliest(items: Iterable[T], article: Callable[[T], Article]) -> T | None:
    """The item whose ``article(item)`` came first (``precedes``); None for no items. Items are put in id
    order before comparing, so that the answer does not depend on the order they come in."""
    best = None
    for item in sorted(items, key=lambda item: article(item).id):
        if best is None or precedes(article(item), article(best)):
            best = item
    return best


def _compare_published(pa: datetime, pb: datetime) -> int:
    if day_only(pa) or day_only(pb):
        da, db = as_utc(pa).date(), as_utc(pb).date()  # a day-only date is stored as that day in UTC
        return 0 if da == db else (-1 if da < db else 1)
    return 0 if pa == pb else (-1 if pa < pb else 1)
