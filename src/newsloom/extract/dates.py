"""Date helpers: plausibility, and dates found in URLs and caption text (all UTC-aware). Metadata values
are parsed by ``newsloom.dates.parse_datetime``."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from ..model import EARLIEST_PUBLISHED

__all__ = ["sane", "text_date", "url_date"]

_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|$|[-_])")
_MONTHS = {m: i + 1 for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"))}
_MONTH_RX = "|".join(_MONTHS)
_TEXT_DATE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH_RX})\s+(?P<d1>\d{{1,2}}),\s+(?P<y1>(?:19|20)\d{{2}})"
    rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH_RX})\s+(?P<y2>(?:19|20)\d{{2}}))\b", re.IGNORECASE)


def sane(dt: datetime | None, now: datetime | None = None) -> bool:
    """A plausible publication date: not before ``EARLIEST_PUBLISHED`` (1995) and not more than a day in the
    future."""
    if dt is None:
        return False
    upper = (now or datetime.now(UTC)).timestamp() + 86400
    return EARLIEST_PUBLISHED.timestamp() <= dt.timestamp() <= upper


def url_date(url: str | None) -> datetime | None:
    """The date in a URL path such as ``/2022/02/16/slug``."""
    found = _URL_DATE.search(url or "")
    if not found:
        return None
    try:
        return datetime(int(found[1]), int(found[2]), int(found[3]), tzinfo=UTC)
    except ValueError:
        return None


def text_date(lines: list[str]) -> datetime | None:
    """The first English full date ("February 16, 2022", "16 February 2022") in the lines."""
    for line in lines:
        if found := _TEXT_DATE.search(line):
            month = _MONTHS[(found["m1"] or found["m2"]).lower()]
            try:
                return datetime(int(found["y1"] or found["y2"]), month, int(found["d1"] or found["d2"]),
                                tzinfo=UTC)
            except ValueError:
                continue
    return None
