"""Feed discovery from a homepage: ``<link rel="alternate" type="application/rss+xml">`` and kin."""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from ..urls import web_url

__all__ = ["FEED_TYPES", "discover_feeds"]

FEED_TYPES = frozenset({
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json",
    "application/json", "application/x.atom+xml", "application/x-atom+xml", "text/xml", "application/xml",
})
_CANONICAL = re.compile(rb"<link\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(rb"""([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_ANCHOR_HINTS = ("/feed", "/rss", ".rss", "rss.xml", "atom.xml", "feed.xml", "/atom")


def discover_feeds(html: str | bytes, base_url: str) -> list[str]:
    """Absolute http(s) feed URLs a page advertises, in page order, without duplicates.

    ``<link rel="alternate">`` with a feed type comes first; when a page has none, anchors whose
    address looks like a feed (``/feed``, ``rss.xml``...) are offered instead."""
    if not html or (isinstance(html, bytes) and not html.strip()):
        return []
    try:
        doc = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    base = _base_href(doc, base_url)
    found = _alternates(doc, base) or _anchors(doc, base)
    return list(dict.fromkeys(found))


def _base_href(doc, base_url: str) -> str:
    for node in doc.iter("base"):
        href = (node.get("href") or "").strip()
        if href:
            return urljoin(base_url, href)
    return base_url


def _alternates(doc, base: str) -> list[str]:
    out = []
    for node in doc.iter("link"):
        rels = (node.get("rel") or "").lower().split()
        kind = (node.get("type") or "").split(";")[0].strip().lower()
        if "alternate" in rels and kind in FEED_TYPES and "stylesheet" not in rels:
            out.extend(_absolute(base, node.get("href")))
    return out


def _anchors(doc, base: str) -> list[str]:
    out = []
    for node in doc.iter("a"):
        href = (node.get("href") or "").strip()
        if any(hint in href.lower() for hint in _ANCHOR_HINTS):
            out.extend(_absolute(base, href))
    return out


def _absolute(base: str, href: str | None) -> list[str]:
    href = (href or "").strip()
    if not href:
        return []
    url = urljoin(base, href)
    return [url] if web_url(url) else []


def canonical_link(page: bytes, base_url: str) -> str | None:
    """The absolute http(s) ``<link rel="canonical">`` of a page (first 64 KiB), or None."""
    for tag in _CANONICAL.findall(page[:65536]):
        attrs = {m.group(1).lower(): (m.group(2) or m.group(3) or m.group(4) or b"") for m in _ATTR.finditer(tag)}
        if b"canonical" in attrs.get(b"rel", b"").lower().split():
            href = html.unescape(attrs.get(b"href", b"").decode("utf-8", "replace"))
            found = _absolute(base_url, href)
            return found[0] if found else None
    return None
