"""XML sitemaps, sitemap indexes and Google News sitemaps (also gzipped, also plain-text lists)."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from ..errors import FeedError
from ..model import FeedItem
from .dates import parse_iso_datetime as _date
from .xmlsafe import local_name, parse_xml

__all__ = ["MAX_SITEMAP_BYTES", "Sitemap", "parse_sitemap"]

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps.org limit for one uncompressed file


@dataclass(frozen=True, slots=True)
class Sitemap:
    """Article URLs of a sitemap (``urls``) and, for a sitemap index, the sitemaps it lists
    (``children``, most recently modified first)."""

    urls: tuple[FeedItem, ...] = ()
    children: tuple[str, ...] = ()
    kind: str = "urlset"  # urlset | sitemapindex | text


def parse_sitemap(data: bytes, url: str | None = None) -> Sitemap:
    """Parse one sitemap document (``<urlset>``, ``<sitemapindex>`` or a text list of URLs)."""
    data = _gunzip(data, url)
    if not data.lstrip().startswith(b"<"):
        return _text_sitemap(data, url)
    root = parse_xml(data, subject=url, what="sitemap")
    name = local_name(root)
    if name == "sitemapindex":
        return Sitemap(children=_children(root, url), kind="sitemapindex")
    if name != "urlset":
        raise FeedError(f"not a sitemap: root element is <{name or '?'}>", subject=url)
    items = [_url_item(node, url) for node in root if local_name(node) == "url"]
    return Sitemap(urls=tuple(i for i in items if i is not None), kind="urlset")


def _children(root, base: str | None) -> tuple[str, ...]:
    """Child sitemaps, most recently modified first (those without ``lastmod`` last, in document order)."""
    found = [(_loc(node, base), _date(_text(node, "lastmod"))) for node in root if local_name(node) == "sitemap"]
    dated = sorted(((loc, when) for loc, when in found if loc and when), key=lambda p: p[1], reverse=True)
    undated = [loc for loc, when in found if loc and not when]
    return tuple(dict.fromkeys([loc for loc, _ in dated] + undated))


def _gunzip(data: bytes, url: str | None) -> bytes:
    if not data.startswith(b"\x1f\x8b"):
        return data
    try:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = inflater.decompress(data, MAX_SITEMAP_BYTES)
    except zlib.error as exc:
        raise FeedError(f"corrupt gzipped sitemap: {exc}", subject=url) from exc
    if inflater.unconsumed_tail:
        raise FeedError(f"sitemap larger than {MAX_SITEMAP_BYTES // 2**20} MiB uncompressed", subject=url)
    return out


def _text_sitemap(data: bytes, url: str | None) -> Sitemap:
    lines = data.decode("utf-8", errors="replace").split()
    urls = [line for line in lines if urlsplit(line).scheme in ("http", "https")]
    if not urls:
        raise FeedError("not a sitemap: neither XML nor a list of URLs", subject=url)
    return Sitemap(urls=tuple(FeedItem(url=u, source_url=url) for u in dict.fromkeys(urls)), kind="text")


def _child(node, name: str):
    for child in node:
        if local_name(child) == name:
            return child
    return None


def _text(node, name: str) -> str | None:
    child = _child(node, name) if node is not None else None
    text = (child.text or "").strip() if child is not None else ""
    return text or None


def _loc(node, base: str | None) -> str | None:
    loc = _text(node, "loc")
    if not loc:
        return None
    absolute = urljoin(base or "", loc)
    return absolute if urlsplit(absolute).scheme in ("http", "https") else None


def _url_item(node, base: str | None) -> FeedItem | None:
    loc = _loc(node, base)
    if loc is None:
        return None
    news = _child(node, "news")
    published = _date(_text(news, "publication_date")) if news is not None else None
    title = _text(news, "title") if news is not None else None
    return FeedItem(url=loc, guid=loc, title=title, published=published,
                    updated=_date(_text(node, "lastmod")), source_url=base)
