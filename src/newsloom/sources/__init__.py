"""Gathering: feeds, OPML, sitemaps, pages, WARC archives and text dumps, fetched politely and safely.

Parsers are pure (bytes in, model out); :mod:`.fetcher` holds the only network code;
:class:`Poller` schedules sources and hands :class:`~newsloom.model.FetchedDocument` batches to
a callback. Local files for ``newsloom ingest`` are read by :mod:`.files`.
"""

from __future__ import annotations

from .discover import discover_feeds
from .feeds import ParsedFeed, entry_hints, parse_feed
from .fetcher import (
    USER_AGENT,
    Fetcher,
    FetchResult,
    FetchSettings,
    FetchTimeoutError,
    HTTPStatusError,
    NetworkError,
)
from .opml import parse_opml, write_opml
from .poller import OnDocuments, Poller, PollResult, PollSettings
from .safety import check_url
from .schedule import ScheduleSettings
from .sitemaps import Sitemap, parse_sitemap
from .text import iter_text_dump
from .warc import iter_warc

__all__ = [
    "USER_AGENT",
    "FetchResult",
    "FetchSettings",
    "FetchTimeoutError",
    "Fetcher",
    "HTTPStatusError",
    "NetworkError",
    "OnDocuments",
    "ParsedFeed",
    "PollResult",
    "PollSettings",
    "Poller",
    "ScheduleSettings",
    "Sitemap",
    "check_url",
    "default_feeds_path",
    "discover_feeds",
    "entry_hints",
    "iter_text_dump",
    "iter_warc",
    "parse_feed",
    "parse_opml",
    "parse_sitemap",
    "write_opml",
]


def default_feeds_path():
    """The packaged default OPML list that ``newsloom run`` starts from."""
    from importlib.resources import files

    return files("newsloom") / "data" / "default-feeds.opml"
