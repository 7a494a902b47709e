"""Parsing the machine-written datetimes every stage meets (feed and sitemap fields, WARC headers, page
metadata): one lenient ISO 8601 reader returning aware UTC datetimes."""

from __future__ import annotations

import re
from datetime import UTC, datetime

__all__ = ["as_utc", "day_only", "machine_datetime", "parse_datetime", "shown_datetime", "shown_iso_datetime", "shown_local"]

_SPACED = re.compile(r"^\d{4}-\d\d-\d\d\s+\d")
_BASIC_OFFSET = re.compile(r"([+-]\d\d)(\d\d)$")
_DAY_PREFIX = re.compile(r"^(\d{4})-(\d\d)-(\d\d)")


def parse_datetime(value: object, *, keep_offset: bool = False) -> datetime | None:
    """An ISO-8601-ish string (``2024-05-01``, ``2024-05-01 10:00``, ``...T10:00:00Z``, ``...+0200``) or a
    datetime, as an aware UTC datetime; naive values count as UTC. A string that only starts with a date
    gives that day. None for anything else, and for moments outside datetime's range once in UTC.

    ``keep_offset``: the same moment at the UTC offset the value declares (a page's "22:30-04:00" stays
    22:30 on 1 May, not 02:30 on the 2nd), so that its calendar date is the publisher's; it compares and
    sorts as the UTC one does."""
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        text = re.sub(r"\s+", "T", text, count=1) if _SPACED.match(text) else text
        text = _BASIC_OFFSET.sub(r"\1:\2", text.replace("Z", "+00:00"))
        try:
            dt = datetime.fromisoformat(text[:32])
        except ValueError:
            found = _DAY_PREFIX.match(text)
            if not found:
                return None
            try:
                dt = datetime(int(found[1]), int(found[2]), int(found[3]))
            except ValueError:
                return None
    else:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    try:
        utc = dt.astimezone(UTC)
    except (OverflowError, ValueError):  # year 1 or 9999 with an offset: no such moment in UTC; unknown
        return None
    return dt if keep_offset else utc


def as_utc(dt: datetime) -> datetime:
    """``dt`` in UTC (a naive value counts as UTC)."""
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def day_only(dt: datetime) -> bool:
    """Is ``dt`` most likely a date known only to the day? Sources that give a bare date (``2024-05-01``,
    htmldate's answer) are stored at midnight UTC, and a publication at exactly 00:00:00.000 UTC is rare.
    A time that keeps another offset than UTC's was given with its time of day ("20:00-04:00")."""
    if dt.tzinfo is not None and dt.utcoffset():
        return False
    return (dt.hour, dt.minute, dt.second, dt.microsecond) == (0, 0, 0, 0)


def shown_datetime(dt: datetime | None, *, with_time: bool = True) -> str:
    """``dt`` for people: ``2024-05-01 10:30 UTC``, or ``2024-05-01`` when only the day is known (or
    ``with_time`` is False); empty for None."""
    if dt is None:
        return ""
    day = day_only(dt)
    dt = as_utc(dt)
    return dt.strftime("%Y-%m-%d") if not with_time or day else dt.strftime("%Y-%m-%d %H:%M UTC")


def shown_local(dt: datetime | None) -> str:
    """``dt`` as the publisher dated it, when it carries an offset other than UTC's (a page's
    "2020-05-01T22:30-04:00"): ``2020-05-01 22:30 UTC−04:00``; empty otherwise (and for a day-only date)."""
    offset = dt.utcoffset() if dt is not None and dt.tzinfo else None
    if not offset or day_only(dt):
        return ""
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    return f"{dt:%Y-%m-%d %H:%M} UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def shown_iso_datetime(value: str | None) -> str:
    """A stored ISO 8601 string for people, as :func:`shown_datetime` shows a datetime; a string that is
    not one is shown as it is."""
    if not value:
        return ""
    try:
        return shown_datetime(datetime.fromisoformat(value))
    except ValueError:
        return value


def machine_datetime(dt: datetime | None) -> str:
    """``dt`` for an HTML ``<time datetime>``: the date alone when only the day is known, else ISO 8601."""
    if dt is None:
        return ""
    return dt.date().isoformat() if day_only(dt) else dt.isoformat()
