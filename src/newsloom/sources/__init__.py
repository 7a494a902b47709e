"""Gathering: feeds, OPML, sitemaps, pages, WARC archives and text dumps, fetched politely and safely.

Parsers are pure (bytes in, model out); :mod:`.fetcher` holds the only network code;
:class:`Poller` schedules sources and hands :class:`~newsloom.model.FetchedDocument` batches to
a callback; :mod:`.runner` seeds the default sources and runs the poller for ``newsloom run``.
Local files for ``newsloom ingest`` are read by :mod:`.files`.

The names below are imported lazily, so that ``import newsloom.sources.files`` stays cheap.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "discover_feeds": "discover", "canonical_link": "discover",
    "ParsedFeed": "feeds", "entry_hints": "feeds", "parse_feed": "feeds",
    "USER_AGENT": "fetcher", "FetchResult": "fetcher", "FetchSettings": "fetcher", "Fetcher": "fetcher",
    "FetchTimeoutError": "fetcher", "HTTPStatusError": "fetcher", "NetworkError": "fetcher",
    "RobotsUnavailableError": "fetcher",
    "parse_opml": "opml", "write_opml": "opml",
    "OnDocuments": "poller", "Poller": "poller", "PollResult": "poller", "PollSettings": "poller",
    "classify_document": "probe", "probe_source": "probe",
    "PollerHandle": "runner", "import_opml_once": "runner", "start_poller_thread": "runner",
    "check_url": "safety",
    "ScheduleSettings": "schedule",
    "Sitemap": "sitemaps", "parse_sitemap": "sitemaps",
    "iter_text_dump": "text",
    "iter_warc": "warc",
}

__all__ = sorted([*_EXPORTS, "default_feeds_path"])  # noqa: PLE0605 - the lazy exports, listed once


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def default_feeds_path():
    """The packaged default OPML list that ``newsloom run`` starts from."""
    from importlib.resources import files

    return files("newsloom") / "data" / "default-feeds.opml"
