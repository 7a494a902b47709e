"""OPML import and export of source lists (``newsloom sources import|export``)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit
from xml.sax.saxutils import quoteattr

from ..errors import FeedError
from ..model import Source
from .xmlsafe import local_name, parse_xml

__all__ = ["OpmlSources", "SkippedOutline", "parse_opml", "read_opml", "write_opml"]

# Source kinds that write_opml writes as themselves in ``type`` (a feed is written as type="rss"); any
# other type (rss, atom, none...) is read as a feed.
_KINDS = ("sitemap", "page", "warc", "text", "opml")


@dataclass(frozen=True, slots=True)
class SkippedOutline:
    """An outline of an OPML list that names no source newsloom can follow, and why."""

    label: str  # its URL, else its title or text
    reason: str


@dataclass(frozen=True, slots=True)
class OpmlSources:
    sources: list[Source]
    skipped: list[SkippedOutline]


def parse_opml(data: bytes, *, subject: str | None = None) -> list[Source]:
    """Every outline with an http(s) ``xmlUrl`` (nested folders included), in document order,
    without duplicate URLs. Raises FeedError for a document that is not OPML. (:func:`read_opml`
    also says which outlines were left out.)"""
    return read_opml(data, subject=subject).sources


def read_opml(data: bytes, *, subject: str | None = None) -> OpmlSources:
    """:func:`parse_opml`'s sources, and the outlines left out with the reason: an ``xmlUrl`` that is not
    http(s), one listed before, or a leaf outline without ``xmlUrl`` (outlines holding others are
    folders, not skipped). Raises FeedError for a document that is not OPML."""
    root = parse_xml(data, subject=subject, what="OPML")
    if local_name(root) != "opml":
        raise FeedError(f"not OPML: root element is <{local_name(root) or '?'}>", subject=subject)
    sources: list[Source] = []
    skipped: list[SkippedOutline] = []
    seen: set[str] = set()
    for outline in root.iter():
        if local_name(outline) != "outline":
            continue
        attrs = {k.lower(): v for k, v in outline.attrib.items()}
        url = (attrs.get("xmlurl") or "").strip()
        title = (attrs.get("title") or attrs.get("text") or "").strip() or None
        problem = _problem(url, seen, folder=any(local_name(child) == "outline" for child in outline))
        if problem:
            if problem != "folder":
                skipped.append(SkippedOutline(url or title or "(an outline without text)", problem))
            continue
        seen.add(url)
        title = None if title == url else title
        kind = (attrs.get("type") or "").strip().lower()
        kind = kind if kind in _KINDS else "feed"
        sources.append(Source(url=url, kind=kind, title=title))
    return OpmlSources(sources, skipped)


def _problem(url: str, seen: set[str], *, folder: bool) -> str | None:
    """Why an outline with this ``xmlUrl`` adds no source ("folder" for one that only holds others), or None."""
    if not url:
        return "folder" if folder else "no feed URL (xmlUrl)"
    try:
        scheme = urlsplit(url).scheme
    except ValueError:  # e.g. an unclosed [IPv6 address]
        return "not a valid URL"
    if scheme not in ("http", "https"):
        return f"not an http(s) URL ({scheme or 'no'} scheme)"
    if url in seen:
        return "listed twice"
    return None


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
