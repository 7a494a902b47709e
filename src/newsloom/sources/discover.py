"""Feed discovery from a homepage: ``<link rel="alternate" type="application/rss+xml">`` and kin.

A homepage advertises more than the feed of its articles: WordPress adds the comments feed (and a
feed per post's comments), templates link feeds of other sites, and a hostile page can name an
internal address. Discovery keeps the article feeds: comments feeds are skipped, anchors count only
when they point to the page's own site, and :func:`prefer_same_site` keeps the site's own feeds when
it advertises any (other sites' otherwise, e.g. a feed hosted by a feed service). Whether a URL may be
fetched at all is for the caller to check (``safety.check_url``, with its allow-private setting).
"""

from __future__ import annotations

import html
import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urljoin, urlsplit

import lxml.html
from lxml import etree
from tld import get_fld

from ..urls import web_url
from .charset import utf16_encoding

__all__ = ["FEED_TYPES", "FeedLink", "canonical_link", "discover_feed_links", "discover_feeds",
           "is_comments_feed", "prefer_same_site", "same_site", "site_of"]

FEED_TYPES = frozenset({
    "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json",
    "application/json", "application/x.atom+xml", "application/x-atom+xml", "text/xml", "application/xml",
})
_CANONICAL = re.compile(rb"<link\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(rb"""([a-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_ANCHOR_HINTS = ("/feed", "/rss", ".rss", "rss.xml", "atom.xml", "feed.xml", "/atom")
MAX_TITLE = 300

# "Comments Feed", "Comments on: ..." (WordPress) and its wording in the languages themes ship most; not
# a lone "comment", which names opinion sections ("Comment is free")
_COMMENTS_TITLE = re.compile(r"\b(?:comments|comment[- ]feed|kommentare|kommentar-feed|commentaires|comentarios|"
                             r"coment[aá]rios|commenti|reacties|komentarzy)\b", re.IGNORECASE)
# a path segment naming comments: WordPress /comments/feed/, Blogger /feeds/comments/default, /comments.rss
_COMMENTS_SEGMENT = re.compile(r"^comments(?:[-_.]?(?:feed|rss|atom|xml))*$", re.IGNORECASE)
# WordPress's feed of one post's comments: /2024/05/a-post/feed/ (a category, tag or day archive has no slug
# after a date)
_POST_FEED = re.compile(r"/\d{4}/\d{1,2}/(?:\d{1,2}/)?[^/]*[^\d/][^/]*/feed(?:/(?:rss2?|atom|rdf))?/?$",
                        re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A feed a page advertises: its absolute URL and the title it is advertised with, if any."""

    url: str
    title: str | None = None


def discover_feeds(html: str | bytes, base_url: str) -> list[str]:
    """Absolute http(s) feed URLs a page advertises, in page order, without duplicates or comments
    feeds; only those on the page's own site when it has any (see :func:`discover_feed_links`)."""
    return [link.url for link in prefer_same_site(discover_feed_links(html, base_url), base_url)]


def discover_feed_links(html: str | bytes, base_url: str) -> list[FeedLink]:
    """The feeds a page advertises, in page order, without duplicates and without comments feeds.

    ``<link rel="alternate">`` with a feed type comes first, with its ``title``; when a page has none
    (or only comments feeds), anchors whose address looks like a feed (``/feed``, ``rss.xml``...)
    on the page's own site are offered instead: an anchor to another site's feed is a link to
    that site, not the page's feed."""
    if not html or (isinstance(html, bytes) and not html.strip()):
        return []
    try:
        doc = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return []
    base = _base_href(doc, base_url)
    found = _articles_only(_alternates(doc, base))
    if not found:
        found = [link for link in _articles_only(_anchors(doc, base)) if same_site(link.url, base_url)]
    return _unique(found)


def prefer_same_site(links: list[FeedLink], page_url: str) -> list[FeedLink]:
    """The links on ``page_url``'s site (its registrable domain) when there are any, else all of
    them: a homepage that advertises its own feed next to a partner's or a network's means its own."""
    own = [link for link in links if same_site(link.url, page_url)]
    return own or list(links)


def is_comments_feed(url: str, title: str | None = None) -> bool:
    """Is this the feed of a site's comments rather than its articles? By the advertised title
    ("Comments Feed", "Comments on: ...") or the address: a ``comments`` path segment (WordPress
    ``/comments/feed/``, Blogger ``/feeds/comments/default``), WordPress's ``?feed=comments-rss2``,
    a post's own feed (``/2024/05/a-post/feed/``, or ``?feed=rss2&p=12`` without pretty links)."""
    if title and _COMMENTS_TITLE.search(title):
        return True
    parts = urlsplit(url)
    if any(_COMMENTS_SEGMENT.match(segment) for segment in parts.path.split("/")):
        return True
    if _POST_FEED.search(parts.path):
        return True
    query = {key.lower(): value.lower() for key, value in parse_qsl(parts.query, keep_blank_values=True)}
    feed = query.get("feed")
    return feed is not None and (feed.startswith("comments") or "p" in query or "page_id" in query)


def site_of(url: str) -> str | None:
    """The site a URL belongs to: its registrable domain by the Public Suffix List (``blog.example.com``
    and ``www.example.com`` are both ``example.com``; ``a.github.io`` is its own site); for a name
    the list does not know, its last two labels; an IP address or a one-label name is its own site."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return None
    if not host:
        return None
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    registered = get_fld(host, fix_protocol=True, fail_silently=True)
    return registered or ".".join(host.split(".")[-2:])


def same_site(url: str, page_url: str) -> bool:
    """Are both URLs on one site (see :func:`site_of`)?"""
    site = site_of(url)
    return site is not None and site == site_of(page_url)


def _articles_only(links: list[FeedLink]) -> list[FeedLink]:
    return [link for link in links if not is_comments_feed(link.url, link.title)]


def _unique(links: list[FeedLink]) -> list[FeedLink]:
    """The first link of each URL, with the first title any of its mentions gives."""
    out: dict[str, FeedLink] = {}
    for link in links:
        seen = out.get(link.url)
        if seen is None or (seen.title is None and link.title):
            out[link.url] = link  # a dict keeps a key's first place
    return list(out.values())


def _base_href(doc, base_url: str) -> str:
    for node in doc.iter("base"):
        href = (node.get("href") or "").strip()
        if href:
            return urljoin(base_url, href)
    return base_url


def _alternates(doc, base: str) -> list[FeedLink]:
    out = []
    for node in doc.iter("link"):
        rels = (node.get("rel") or "").lower().split()
        kind = (node.get("type") or "").split(";")[0].strip().lower()
        if "alternate" in rels and kind in FEED_TYPES and "stylesheet" not in rels:
            out.extend(FeedLink(url, _clean_title(node.get("title"))) for url in _absolute(base, node.get("href")))
    return out


def _anchors(doc, base: str) -> list[FeedLink]:
    out = []
    for node in doc.iter("a"):
        href = (node.get("href") or "").strip()
        if any(hint in href.lower() for hint in _ANCHOR_HINTS):
            out.extend(FeedLink(url) for url in _absolute(base, href))
    return out


def _clean_title(value: str | None) -> str | None:
    """An advertised title as one line of at most MAX_TITLE characters, None when empty."""
    text = " ".join((value or "").split())
    return text[:MAX_TITLE].rstrip() or None


def _absolute(base: str, href: str | None) -> list[str]:
    href = (href or "").strip()
    if not href:
        return []
    try:
        url = urljoin(base, href)
    except ValueError:  # an unclosed IPv6 bracket and the like
        return []
    return [url] if web_url(url) else []


def canonical_link(page: bytes, base_url: str) -> str | None:
    """The absolute http(s) ``<link rel="canonical">`` of a page (first 64 KiB), or None. A page in UTF-16
    (byte-order mark or not) is read as UTF-8 first: its markup has a NUL between every two letters."""
    head = page[:65536]
    if utf16 := utf16_encoding(head):
        head = head[:len(head) // 2 * 2].decode(utf16, "replace").encode("utf-8")
    for tag in _CANONICAL.findall(head):
        attrs = {m.group(1).lower(): (m.group(2) or m.group(3) or m.group(4) or b"") for m in _ATTR.finditer(tag)}
        if b"canonical" in attrs.get(b"rel", b"").lower().split():
            href = html.unescape(attrs.get(b"href", b"").decode("utf-8", "replace"))
            found = _absolute(base_url, href)
            return found[0] if found else None
    return None
