"""OPML import and export of source lists (``newsloom sources import|export``)."""

from __future__ import annotations

from urllib.parse import urlsplit
from xml.sax.saxutils import quoteattr

from ..errors import FeedError
from ..model import Source
from .xmlsafe import local_name, parse_xml

__all__ = ["parse_opml", "write_opml"]

# Source kinds that write_opml writes as themselves in ``type`` (a feed is written as type="rss"); any
# other type (rss, atom, none...) is read as a feed.
_KINDS = ("sitemap", "page", "warc", "text", "opml")


def parse_opml(data: bytes, *, subject: str | None = None) -> list[Source]:
    """Every outline with an http(s) ``xmlUrl`` (nested folders included), in document order,
    without duplicate URLs. Raises FeedError for a document that is not OPML."""
    root = parse_xml(data, subject=subject, what="OPML")
    if local_name(root) != "opml":
        raise FeedError(f"not OPML: root element is <{local_name(root) or '?'}>", subject=subject)
    sources: list[Source] = []
    seen: set[str] = set()
    for outline in root.iter():
        if local_name(outline) != "outline":
            continue
        attrs = {k.lower(): v for k, v in outline.attrib.items()}
        url = (attrs.get("xmlurl") or "").strip()
        if not url or urlsplit(url).scheme not in ("http", "https") or url in seen:
            continue
        seen.add(url)
        title = (attrs.get("title") or attrs.get("text") or "").strip() or None
        title = None if title == url else title
        kind = (attrs.get("type") or "").strip().lower()
        kind = kind if kind in _KINDS else "feed"
        sources.append(Source(url=url, kind=kind, title=title))
    return sources


def write_opml(sources: list[Source] | tuple[Source, ...], *, title: str = "newsloom sources") -> str:
    """An OPML 2.0 document listing ``sources`` (feeds as type="rss")."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<opml version="2.0">',
             f"  <head><title>{_text(title)}</title></head>", "  <body>"]
    for source in sources:
        kind = "rss" if source.kind == "feed" else source.kind
        label = quoteattr(source.title or source.url)
        lines.append(f'    <outline type="{_text(kind)}" text={label} title={label} xmlUrl={quoteattr(source.url)}/>')
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
