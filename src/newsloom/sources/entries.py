"""From a fetched feed/sitemap/page to the entries to gather and the documents to hand over.

Pure helpers used by the poller: which keys identify an entry (GUID, normalised URL), whether a
feed entry already carries the full article, and how such an entry becomes a FetchedDocument.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass
from datetime import datetime

from ..errors import FeedError
from ..model import FeedItem, FetchedDocument
from ..urls import normalise_url
from .feeds import ParsedFeed, entry_hints, parse_feed
from .sitemaps import parse_sitemap

__all__ = ["Entries", "entry_keys", "feed_document", "has_full_content", "read_entries", "text_length"]

_TAGS = re.compile(r"<[^>]+>")
# feedparser flags these although nothing was lost: a feed served as text/html, a charset override
_BENIGN_BOZO = ("NonXMLContentType", "CharacterEncodingOverride")


@dataclass(frozen=True, slots=True)
class Entries:
    """What one fetched source lists: entries, the feed's title and (sitemap index) child sitemaps."""

    items: tuple[FeedItem, ...]
    title: str | None = None
    children: tuple[str, ...] = ()
    warning: str | None = None  # e.g. the feed was ill-formed (bozo) but data was recovered


def read_entries(kind: str, body: bytes, *, url: str, headers: dict[str, str]) -> Entries:
    """Parse a fetched source body by its kind (feed | sitemap | page). Raises FeedError."""
    if kind == "sitemap":
        sitemap = parse_sitemap(body, url)
        return Entries(items=sitemap.urls, children=sitemap.children, warning=sitemap.warning)
    if kind == "page":
        return Entries(items=(FeedItem(url=url, guid=url, source_url=url),))
    feed: ParsedFeed = parse_feed(body, url=url, headers=headers)
    warning = None
    if feed.bozo and not (feed.bozo_reason or "").startswith(_BENIGN_BOZO):
        warning = f"ill-formed feed, data recovered ({feed.bozo_reason})"
    return Entries(items=feed.items, title=feed.title, warning=warning)


def entry_keys(item: FeedItem) -> tuple[str, ...]:
    """Dedup keys of an entry: ``guid:<GUID>`` and ``url:<normalised URL>``; for an entry with neither (its
    text is all there is), ``text:<digest>`` of its title and text, so that it is gathered once."""
    keys = []
    if item.guid and item.guid.strip():
        keys.append("guid:" + item.guid.strip())
    if item.url:
        try:
            keys.append("url:" + normalise_url(item.url))
        except ValueError:
            keys.append("url:" + item.url.strip())
    if not keys and (text := "\n".join(t for t in (item.title, item.summary, item.content_html) if t)).strip():
        keys.append("text:" + hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()[:24])
    return tuple(keys)


def text_length(fragment: str | None) -> int:
    if not fragment:
        return 0
    return len(" ".join(html.unescape(_TAGS.sub(" ", fragment)).split()))


def has_full_content(item: FeedItem, min_chars: int) -> bool:
    """Does the entry carry the article itself (not just a teaser)? RSS 2.0 feeds often put the
    whole article in ``<description>``, so the summary counts too."""
    return max(text_length(item.content_html), text_length(item.summary)) >= min_chars


def feed_document(item: FeedItem, *, url: str, feed_title: str | None, source: str | None,
                  now: datetime, origin: str = "feed-content") -> FetchedDocument:
    """An HTML document built from the entry's own content or summary (the longer), with the entry's
    hints; ``origin`` says whether that is the whole article (feed-content) or a teaser (feed-summary).
    The entry's title is plain text (markup was read as such by :mod:`.feeds`), so it is escaped into
    the page; the extractor keeps the feed's title and date for such a document over what it reads back."""
    fragment = max((item.content_html or "", item.summary or ""), key=text_length)
    if not fragment:
        raise FeedError("entry has neither content nor summary", subject=url)
    title = html.escape(item.title or "")
    body = (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head>"
            f"<body><article><h1>{title}</h1>\n{fragment}\n</article></body></html>")
    hints = entry_hints(item, feed_title)
    hints["origin"] = origin
    return FetchedDocument(url=url, body=body.encode("utf-8"), content_type="text/html", fetched_at=now,
                           requested_url=url, encoding="utf-8", source=source, hints=hints)
