"""Page metadata from an lxml tree: JSON-LD first, then OpenGraph, then other meta tags.

Every value is recorded with where it came from (``json-ld``, ``opengraph``, ``meta``,
``html``, ``url``, ``htmldate``) in ``Draft.sources``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura.json_metadata import normalize_authors
from trafilatura.metadata import extract_metainfo

from newsloom.extract.dates import parse_datetime, url_date
from newsloom.extract.draft import Draft

__all__ = ["collect_meta", "jsonld_objects", "page_metadata", "paywall_in_tree"]

_ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Report|LiveBlog|NewsArticle|Posting", re.IGNORECASE)
_PAYWALL_CLASS = ("paywall", "piano-", "tp-modal", "meteredcontent", "subscriber-only", "premium-content",
                  "regwall", "article-locked")
_TITLE_SEPARATORS = re.compile(r"\s+[|–—·»:-]\s+")
PUBLISHED_META = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
                  "publish-date", "publish_date", "date", "dc.date", "dc.date.issued", "dcterms.created",
                  "parsely-pub-date", "sailthru.date", "citation_publication_date", "article.published")
MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "last-modified", "dcterms.modified")
AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl",
               "twitter:creator")


def collect_meta(tree: HtmlElement) -> dict[str, str]:
    """``<meta>`` name/property/itemprop -> content (first occurrence, keys lower-cased)."""
    meta: dict[str, str] = {}
    for node in tree.iterfind(".//meta"):
        key = node.get("property") or node.get("name") or node.get("itemprop") or node.get("http-equiv")
        content = node.get("content")
        if key and content and content.strip():
            meta.setdefault(key.strip().lower(), " ".join(content.split()))
    return meta


def _walk(obj: Any, depth: int = 0) -> Iterator[dict]:
    if depth > 6:
        return
    if isinstance(obj, list):
        for item in obj:
            yield from _walk(item, depth + 1)
    elif isinstance(obj, dict):
        yield obj
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in obj:
                yield from _walk(obj[key], depth + 1)


def jsonld_objects(tree: HtmlElement) -> list[dict]:
    """All JSON-LD objects of the page (invalid blocks skipped)."""
    found = []
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        raw = (script.text or "").strip().removeprefix("<!--").removesuffix("-->").strip()
        if not raw or len(raw) > 2_000_000:
            continue
        try:
            found.extend(_walk(json.loads(raw, strict=False)))
        except (ValueError, RecursionError):
            continue
    return found


def _article_object(objects: list[dict]) -> dict:
    for obj in objects:
        kind = obj.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        if any(isinstance(k, str) and _ARTICLE_TYPES.search(k) for k in kinds):
            return obj
    return {}


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() and not value.startswith("http") else []
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for item in value[:10] for n in _names(item)]
    return []


def _first_url(value: Any) -> str | None:
    if isinstance(value, str):
        return value if value.startswith(("http://", "https://", "//")) else None
    if isinstance(value, dict):
        return _first_url(value.get("url") or value.get("@id") or value.get("contentUrl"))
    if isinstance(value, list) and value:
        return _first_url(value[0])
    return None


def _text(value: Any) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def _jsonld_fields(draft: Draft, obj: Mapping[str, Any]) -> None:
    src = "json-ld"
    draft.set("title", _text(obj.get("headline")) or _text(obj.get("name")), src)
    draft.set("authors", _names(obj.get("author")), src)
    draft.set("published", parse_datetime(obj.get("datePublished") or obj.get("dateCreated")), src)
    draft.set("modified", parse_datetime(obj.get("dateModified")), src)
    draft.set("description", _text(obj.get("description")), src)
    draft.set("image", _first_url(obj.get("image")), src)
    draft.set("site_name", (_names(obj.get("publisher")) or [None])[0], src)
    draft.set("lang", _text(obj.get("inLanguage")) if isinstance(obj.get("inLanguage"), str) else None, src)
    if _not_free(obj):
        draft.set("paywalled", True, src)


def _not_free(obj: Mapping[str, Any]) -> bool:
    parts = [obj, *(p for p in (obj.get("hasPart") if isinstance(obj.get("hasPart"), list)
                                else [obj.get("hasPart")]) if isinstance(p, dict))]
    return any(str(p.get("isAccessibleForFree", "")).strip().lower() in ("false", "0", "no") for p in parts)


def _meta_fields(draft: Draft, meta: Mapping[str, str]) -> None:
    draft.set("title", meta.get("og:title"), "opengraph")
    draft.set("title", meta.get("twitter:title"), "meta")
    draft.set("site_name", meta.get("og:site_name"), "opengraph")
    draft.set("description", meta.get("og:description"), "opengraph")
    draft.set("description", meta.get("description"), "meta")
    draft.set("image", meta.get("og:image") or meta.get("og:image:url"), "opengraph")
    draft.set("image", meta.get("twitter:image"), "meta")
    for key in PUBLISHED_META:
        draft.set("published", parse_datetime(meta.get(key)), "opengraph" if ":" in key else "meta")
    for key in MODIFIED_META:
        draft.set("modified", parse_datetime(meta.get(key)), "opengraph" if ":" in key else "meta")
    for key in AUTHOR_META:
        value = meta.get(key)  # a one-word value is a handle or a desk ("admin", "Redaktion"), not a byline
        if value and " " in value.strip() and not value.startswith(("http", "@")) and len(value) < 120:
            draft.set("authors", [a.strip() for a in re.split(r",|\s+and\s+", value) if a.strip()], "meta")
    tier = meta.get("article:content_tier", "").lower()
    if tier in ("locked", "metered"):
        draft.set("paywalled", True, "meta")
    draft.set("site_name", meta.get("application-name"), "meta")


def _html_fields(draft: Draft, tree: HtmlElement, meta: Mapping[str, str]) -> None:
    root = tree.getroottree().getroot()
    draft.set("lang", (root.get("lang") or root.get("xml:lang") or "").strip() or None, "html")
    draft.set("lang", meta.get("content-language") or meta.get("og:locale"), "meta")
    for link in tree.iterfind(".//link[@rel='canonical']"):
        href = (link.get("href") or "").strip()
        if href.startswith(("http://", "https://")):
            draft.set("canonical_url", href, "html")
            break
    og_url = meta.get("og:url", "")
    draft.set("canonical_url", og_url if og_url.startswith(("http://", "https://")) else None, "opengraph")
    title = tree.findtext(".//title")
    if title and title.strip():
        draft.set("title", _TITLE_SEPARATORS.split(" ".join(title.split()))[0], "html")


# trafilatura's byline selectors (AUTHOR_XPATHS) rewritten without EXSLT regex tests: same matches, faster
_BYLINE_XPATHS = (
    XPath("//*[self::a or self::address or self::div or self::link or self::p or self::span or self::strong]"
          "[@rel='author' or @id='author' or @class='author' or @itemprop='author name' or contains(@class,'author-name')"
          " or contains(@class,'authorName') or contains(@class,'AuthorName') or contains(@class,'authorname')]"
          "|//author"),
    XPath("//*[self::a or self::div or self::h3 or self::h4 or self::p or self::span]"
          "[@class='byline' or @class='username' or @class='byl' or contains(@itemprop,'author')"
          " or contains(@id,'author') or contains(@class,'author') or contains(@class,'byline')"
          " or contains(@class,'submitted-by') or contains(@class,'posted-by') or contains(@class,'journalist-name')]"),
    XPath("//*[contains(@data-component,'Byline') or contains(@itemprop,'author') or contains(@id,'author')"
          " or contains(@id,'Author') or contains(@class,'author') or contains(@class,'Author')"
          " or contains(@class,'screenname') or contains(@class,'writer') or contains(@class,'byline')"
          " or contains(@class,'Byline')]"),
)


def _byline_fields(draft: Draft, tree: HtmlElement) -> None:
    """Authors from the page's byline markup (rel=author, itemprop=author, .byline, .author-name ...),
    with trafilatura's selectors, when JSON-LD and meta tags name nobody."""
    if draft.authors:
        return
    try:
        found = extract_metainfo(tree, list(_BYLINE_XPATHS), len_limit=120)
        names = normalize_authors(None, found) if found else None
    except (ValueError, TypeError, RecursionError):
        return
    draft.set("authors", [n.strip() for n in (names or "").split(";") if n.strip()], "html-byline")


def _robots(meta: Mapping[str, str], headers: Mapping[str, str]) -> list[str]:
    values = [meta.get("robots", ""), meta.get("googlebot", "")]
    values += [v for k, v in headers.items() if k.lower() == "x-robots-tag"]
    found = []
    for value in values:
        for part in value.split(","):
            part = " ".join(part.split()).lower()
            part = re.sub(r"^[\w-]+:\s*(?=(noindex|nofollow|noarchive|nosnippet|none|max-|noimageindex))", "", part)
            if part and part not in ("index", "follow", "all"):
                found.append(part.replace(": ", ":"))
    return found


_CLASS_NAMES = XPath("//@class", smart_strings=False)


def paywall_in_tree(tree: HtmlElement) -> bool:
    """Known paywall containers (by class name, any case) anywhere in the page."""
    classes = " ".join(_CLASS_NAMES(tree)).lower()
    return any(marker in classes for marker in _PAYWALL_CLASS)


def page_metadata(tree: HtmlElement, url: str | None, headers: Mapping[str, str]) -> tuple[Draft, dict]:
    """The metadata Draft of a page, plus its JSON-LD article object (for its ``articleBody``)."""
    draft = Draft()
    meta = collect_meta(tree)
    article = _article_object(jsonld_objects(tree))
    _jsonld_fields(draft, article)
    _meta_fields(draft, meta)
    _html_fields(draft, tree, meta)
    _byline_fields(draft, tree)
    if draft.paywalled is None and paywall_in_tree(tree):
        draft.set("paywalled", True, "html")
    draft.robots = _robots(meta, headers)
    draft.set("published", url_date(draft.canonical_url or url), "url")
    return draft, article
