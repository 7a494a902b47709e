"""Feed parsing: bytes in, :class:`ParsedFeed` out. Pure: no network, no files, no clock.

RSS 0.9x/1.0/2.0, Atom 0.3/1.0 and CDF go through feedparser (which recovers data from
ill-formed XML and says so with ``bozo``); JSON Feed 1.0/1.1 is read here. A document that is
not a feed at all (an HTML page, an image, random bytes) raises :class:`FeedError` naming why.

Titles and author names are plain text in the model: a title is read as feedparser reports its
type (``title_detail.type``: HTML for an Atom ``type="html"``/``"xhtml"`` title and for an RSS title
feedparser found to be markup, else plain text), and an author name loses the HTML tags a template
leaked into it. Summaries and content stay HTML.
"""

from __future__ import annotations

import calendar
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser

from ..errors import FeedError
from ..model import FeedItem
from .charset import scrub_surrogates
from .dates import parse_feed_date
from .text import collapse_spaces, html_text, plain_text

__all__ = ["ParsedFeed", "entry_hints", "parse_feed"]

_JSON_START = re.compile(rb"^\s*(?:\xef\xbb\xbf)?\s*\{")


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """One parsed feed. ``bozo`` is True when the document was ill-formed but data was recovered."""

    title: str | None
    link: str | None
    items: tuple[FeedItem, ...]
    version: str  # rss20, rss10, atom10, cdf, json1 ... ("" when unknown but entries were found)
    bozo: bool = False
    bozo_reason: str | None = None
    encoding: str | None = None
    url: str | None = None
    updated: datetime | None = None


def parse_feed(data: bytes, *, url: str | None = None, headers: Mapping[str, str] | None = None) -> ParsedFeed:
    """Parse a feed document. ``url`` resolves relative links; ``headers`` are the HTTP response
    headers (their charset takes part in encoding detection). Raises FeedError for a non-feed."""
    if not isinstance(data, (bytes, bytearray)):
        raise FeedError("feed data must be bytes", subject=url)
    if not data.strip():
        raise FeedError("empty document", subject=url)
    if _JSON_START.match(data[:64]):
        return _parse_json_feed(bytes(data), url)
    return _parse_xml_feed(bytes(data), url, headers)


# --------------------------------------------------------------------------- XML feeds


def _parse_xml_feed(data: bytes, url: str | None, headers: Mapping[str, str] | None) -> ParsedFeed:
    response_headers = {k.lower(): v for k, v in (headers or {}).items()}
    if url and "content-location" not in response_headers:
        response_headers["content-location"] = url
    if "content-type" not in response_headers:  # not served over HTTP: the document's own declaration rules
        response_headers["content-type"] = "application/xml"
    try:  # a BytesIO: feedparser would treat raw bytes/str as a file name or URL to open
        result = feedparser.parse(io.BytesIO(data), response_headers=response_headers)
    except Exception as exc:  # feedparser is robust, but a parser bug must not escape as-is
        raise FeedError(f"feed parser failed: {type(exc).__name__}: {exc}", subject=url) from exc
    version = result.get("version") or ""
    feed, entries = result.get("feed", {}), result.get("entries", [])
    reason = _bozo_reason(result)
    if not version and not entries and (_looks_html(data) or not feed.get("title")):
        raise FeedError(_not_a_feed_reason(data, reason), subject=url)
    items = tuple(_entry_item(e, url) for e in entries)
    return ParsedFeed(title=_title(feed.get("title"), feed.get("title_detail")), link=feed.get("link") or None,
                      items=items, version=version, bozo=bool(result.get("bozo")), bozo_reason=reason,
                      encoding=result.get("encoding") or None, url=url,
                      updated=_feed_date(feed, "updated"))


def _bozo_reason(result: Any) -> str | None:
    if not result.get("bozo"):
        return None
    exc = result.get("bozo_exception")
    return f"{type(exc).__name__}: {exc}" if exc is not None else "ill-formed document"


def _looks_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def _not_a_feed_reason(data: bytes, reason: str | None) -> str:
    head = data[:2048].lstrip().lower()
    if _looks_html(data):
        return "not a feed: an HTML page (no RSS, Atom or JSON Feed root element)"
    if b"\x00" in head[:512] and not head.startswith((b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<")):
        return "not a feed: binary data"
    return "not a feed: no RSS, Atom, RDF or CDF root element" + (f" ({reason})" if reason else "")


# RSS's <author>: "email (Name)"; feedparser cuts the e-mail at a top-level domain of 2 to 4 letters, so
# "mara@harbour.example (Mara Lind)" came out as the name "ple (Mara Lind"
_EMAIL_AND_NAME = re.compile(r"\s*[^\s@()]+@[^\s@()]+\s*\(([^()]+)\)\s*")


def _rss_author(raw: object) -> list[str]:
    """The name in an RSS ``<author>`` written "email (Name)", else nothing (feedparser's reading stands)."""
    match = _EMAIL_AND_NAME.fullmatch(raw) if isinstance(raw, str) else None
    return [match.group(1)] if match else []


def _entry_item(entry: Any, feed_url: str | None) -> FeedItem:
    content = entry.get("content") or []
    html_parts = [c.get("value", "") for c in content if c.get("value")]
    names = _rss_author(entry.get("author")) or [a.get("name") for a in entry.get("authors", []) if a.get("name")]
    authors = tuple(name for name in map(_name, names or [entry.get("author")]) if name)
    return FeedItem(
        url=_web_link(_entry_link(entry), feed_url),
        guid=entry.get("id") or None,
        title=_title(entry.get("title"), entry.get("title_detail")),
        summary=entry.get("summary") or None,
        content_html="\n".join(html_parts) or None,
        published=_feed_date(entry, "published", "created"),
        updated=_feed_date(entry, "updated"),
        authors=authors,
        source_url=feed_url,
    )


def _web_link(link: str | None, base: str | None) -> str | None:
    """An entry's link as an absolute http(s) URL (a relative one read against the feed's address), else
    None: a ``javascript:``, ``data:`` or ``mailto:`` link names no page to gather and is no article's
    address."""
    if not link:
        return None
    try:
        url = urljoin(base, link.strip()) if base else link.strip()
    except ValueError:  # "http://[bad": urljoin refuses it
        return None
    return url if url[:8].lower().startswith(("http://", "https://")) else None


def _entry_link(entry: Any) -> str | None:
    link = entry.get("link")
    if link:
        return link
    for candidate in entry.get("links", []):
        if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
            return candidate["href"]
    guid = entry.get("id") or ""
    return guid if guid.startswith(("http://", "https://")) and entry.get("guidislink", True) else None


def _feed_date(node: Mapping[str, Any], *keys: str) -> datetime | None:
    """The date a feed or entry gives under the first of ``keys`` whose text reads as a real date, to the
    second (as feedparser gave it: sub-second digits are noise between a feed's writers). The text as
    written is read by :func:`parse_feed_date`, not feedparser's ``*_parsed`` struct: feedparser rolls
    an impossible date over (``2022-02-30`` became 2 March), and such a date is missing. The struct
    serves only when no key has any text (nothing to read it from)."""
    texts = [text for key in keys if isinstance(text := node.get(key), str) and text.strip()]
    if texts:
        found = next((found for text in texts if (found := parse_feed_date(text)) is not None), None)
        return found.replace(microsecond=0) if found else None
    return next((found for key in keys if (found := _struct_dt(node.get(f"{key}_parsed"))) is not None), None)


def _struct_dt(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, TypeError, OSError):
        return None


# feedparser's title_detail types whose value is markup (sanitised by feedparser) rather than text
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _title(value: str | None, detail: Mapping[str, Any] | None = None) -> str | None:
    """A feed's or entry's title as plain text, read as its ``detail`` (feedparser's ``title_detail``)
    says: HTML (Atom ``type="html"``/``"xhtml"``; an RSS title feedparser found to be markup, which
    includes one with character references left after XML decoding) loses its tags and has its
    references decoded (``<b>Slack</b> &amp; Co`` is "Slack & Co"); plain text is kept as written,
    every "<" and "&" with it ("x < y", "AT&T"). Runs of ASCII whitespace become single spaces (a
    no-break space stays); None when nothing is left. A JSON Feed title is plain text by its spec."""
    if not isinstance(value, str):
        return None
    kind = str((detail or {}).get("type") or "text/plain").lower()
    return (html_text(value) if kind in _HTML_TYPES else collapse_spaces(value)) or None


def _name(value: Any) -> str | None:
    """An author's name as plain text: feedparser gives no type for it, so only what is unmistakably
    markup goes (tags of known HTML elements, references closed by a semicolon: see ``plain_text``)."""
    return (plain_text(value) or None) if isinstance(value, str) else None


# --------------------------------------------------------------------------- JSON Feed


def _parse_json_feed(data: bytes, url: str | None) -> ParsedFeed:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FeedError(f"not a feed: invalid JSON ({exc})", subject=url) from exc
    except RecursionError as exc:
        raise FeedError("not a feed: JSON nested too deeply", subject=url) from exc
    doc = scrub_surrogates(doc)  # "\ud800" escapes decode to lone surrogates that no codec can encode
    version = doc.get("version") if isinstance(doc, dict) else None
    if not isinstance(version, str) or "jsonfeed.org/version/" not in version:
        raise FeedError("not a feed: JSON without a jsonfeed.org 'version'", subject=url)
    raw_items = doc.get("items")
    if not isinstance(raw_items, list):
        raise FeedError("JSON Feed without an 'items' list", subject=url)
    items = tuple(_json_item(i, url) for i in raw_items if isinstance(i, dict))
    tag = "json" + version.rstrip("/").rsplit("/", 1)[-1].replace(".", "")
    return ParsedFeed(title=_title(_str(doc.get("title"))), link=_str(doc.get("home_page_url")), items=items,
                      version=tag, bozo=len(items) != len(raw_items),
                      bozo_reason="some items are not objects" if len(items) != len(raw_items) else None,
                      encoding="utf-8", url=url)


def _json_item(item: dict, feed_url: str | None) -> FeedItem:
    authors = item.get("authors") if isinstance(item.get("authors"), list) else [item.get("author")]
    names = tuple(name for a in authors if isinstance(a, dict) and (name := _name(a.get("name"))))
    html = _str(item.get("content_html"))
    text = _str(item.get("content_text"))
    if html is None and text is not None:  # plain text (JSON Feed 1.1): escaped, one <p> per paragraph
        html = "".join(f"<p>{_escape(p.strip())}</p>" for p in re.split(r"\n\s*\n", text) if p.strip()) or None
    url = _web_link(_str(item.get("url")) or _str(item.get("external_url")), feed_url)
    return FeedItem(url=url, guid=_str(item.get("id")) if item.get("id") is not None else None,
                    title=_title(_str(item.get("title"))), summary=_str(item.get("summary")),
                    content_html=html, published=parse_feed_date(item.get("date_published")),
                    updated=parse_feed_date(item.get("date_modified")), authors=names, source_url=feed_url)


def _str(value: Any) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) and value else None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --------------------------------------------------------------------------- hints


def entry_hints(item: FeedItem, feed_title: str | None = None) -> dict[str, str]:
    """What a feed entry says about its article, as ``FetchedDocument.hints``."""
    hints = {"title": item.title or "", "source": feed_title or ""}
    if item.published or item.updated:
        hints["published"] = (item.published or item.updated).isoformat()
    if item.guid:
        hints["external_id"] = item.guid
    if item.authors:
        hints["author"] = "; ".join(item.authors)
    return {k: v for k, v in hints.items() if v}
