"""XML sitemaps, sitemap indexes and Google News sitemaps (also gzipped, also plain-text lists)."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from urllib.parse import urljoin

from ..dates import parse_datetime as _date
from ..errors import FeedError
from ..model import FeedItem
from ..urls import web_url
from .xmlsafe import XMLDocument, local_name, read_xml

__all__ = ["MAX_SITEMAP_BYTES", "Sitemap", "parse_sitemap"]

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps.org limit for one uncompressed file


@dataclass(frozen=True, slots=True)
class Sitemap:
    """Article URLs of a sitemap (``urls``) and, for a sitemap index, the sitemaps it lists
    (``children``, most recently modified first)."""

    urls: tuple[FeedItem, ...] = ()
    children: tuple[str, ...] = ()
    kind: str = "urlset"  # urlset | sitemapindex | text
    warning: str | None = None  # the document was damaged: what was wrong and what was kept


def parse_sitemap(data: bytes, url: str | None = None) -> Sitemap:
    """Parse one sitemap document (``<urlset>``, ``<sitemapindex>`` or a text list of URLs).

    A damaged XML sitemap (cut short, ill-formed) keeps only its complete ``<url>``/``<sitemap>``
    entries, never one cut off at the end, and says so in ``warning``; FeedError when none is
    complete."""
    data = _gunzip(data, url)
    if not data.lstrip().startswith(b"<"):
        return _text_sitemap(data, url)
    document = read_xml(data, subject=url, what="sitemap")
    root = document.root
    name = local_name(root)
    if name not in ("sitemapindex", "urlset"):
        raise FeedError(f"not a sitemap: root element is <{name or '?'}>", subject=url)
    entry = "sitemap" if name == "sitemapindex" else "url"
    nodes, warning = _whole_entries(document, entry, url)
    if name == "sitemapindex":
        return Sitemap(children=_children(nodes, url), kind="sitemapindex", warning=warning)
    items = [_url_item(node, url) for node in nodes]
    return Sitemap(urls=tuple(i for i in items if i is not None), kind="urlset", warning=warning)


def _whole_entries(document: XMLDocument, entry: str, url: str | None) -> tuple[list, str | None]:
    """The root's ``entry`` elements that the document closed before it ended, and the warning
    describing the damage (None for a well-formed document)."""
    children = list(document.root)
    whole = children[: document.complete_children] if document.truncated else children
    nodes = [node for node in whole if local_name(node) == entry]
    if not document.damaged:
        return nodes, None
    cut = sum(1 for node in children[len(whole):] if local_name(node) == entry)
    if not nodes:
        raise FeedError(f"damaged sitemap ({document.damage()}): no complete <{entry}> entry", subject=url)
    kept = f"{len(nodes)} complete <{entry}> entr{'y' if len(nodes) == 1 else 'ies'} kept"
    dropped = f", {cut} cut off at the end dropped" if cut else ""
    return nodes, f"damaged sitemap ({document.damage()}): {kept}{dropped}"


def _children(nodes, base: str | None) -> tuple[str, ...]:
    """Child sitemaps, most recently modified first (those without ``lastmod`` last, in document order)."""
    found = [(_loc(node, base), _date(_text(node, "lastmod"))) for node in nodes]
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
    urls = [line for line in lines if web_url(line)]
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
    return web_url(absolute)


def _url_item(node, base: str | None) -> FeedItem | None:
    loc = _loc(node, base)
    if loc is None:
        return None
    news = _child(node, "news")
    published = _date(_text(news, "publication_date")) if news is not None else None
    title = _text(news, "title") if news is not None else None
    return FeedItem(url=loc, guid=loc, title=title, published=published,
                    updated=_date(_text(node, "lastmod")), source_url=base)
