"""Feeds out: the latest stories as Atom 1.0 and JSON Feed 1.1, each linking the primary sources.

Feed and entry ids are ``tag:`` URIs built from story ids only, so neither the query string nor the
Host header a client sends changes them; the self link is the feed's canonical path. Both feeds
carry a weak ETag (hash of the body: the server may send it gzip-compressed) and a Last-Modified (newest story update or takedown) and answer
``If-None-Match`` / ``If-Modified-Since`` with 304 (If-Modified-Since compared with the exact time of the
last change: see :func:`_not_modified`). /openapi.json says so: the real media types, the 304, and
errors as the JSON they are. Absolute links start with
:func:`~newsloom.web.public_base_url`: a configured base URL, or an address the server really answers
on; never a Host header a client made up. A story without a headline gets a visible stand-in.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from ..compare import outlet_name
from ..dates import as_utc
from ..model import Article, Provenance
from . import public_base_url
from .api import json_errors
from .schemas import JSONFeedOut
from .views import article_url, story_title


class AtomResponse(Response):
    """Documents the Atom feed's media type (FastAPI's default would be JSON)."""

    media_type = "application/atom+xml"


class JSONFeedResponse(JSONResponse):
    """Documents the JSON Feed's media type (a JSON one: its body gets a schema)."""

    media_type = "application/feed+json"


router = APIRouter(tags=["feeds"], responses=json_errors(500, 503))  # errors are JSON whatever the feed
NOT_MODIFIED = {304: {"description": "Not Modified: the client's copy is current (If-None-Match, "
                                     "If-Modified-Since); no body, the ETag and Last-Modified again"}}
ATOM = "http://www.w3.org/2005/Atom"
TAG = "tag:newsloom,2026:"  # the prefix of every feed and entry id
ATOM_PATH = "/feeds/stories.atom"
JSON_PATH = "/feeds/stories.json"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# characters XML 1.0 cannot carry at all (C0 controls but tab/newline/return, lone surrogates, U+FFFE/F)
_XML_ILLEGAL = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str | None) -> str:
    """``value`` without the characters XML 1.0 forbids (stored text comes from the web, and JSON
    Feed or a text page may carry a U+0001 that would make the whole Atom document unreadable)."""
    return _XML_ILLEGAL.sub("", value or "")


FEED_SOURCES = 20  # outlets an entry links and names (the primary sources' own articles first): a story of
# hundreds of reprints would otherwise make one entry hundreds of links long


def _entries(request: Request, limit: int) -> list[tuple]:
    """(story, link, articles shown, primary source names, number of articles) of the ``limit`` latest
    stories; at most ``FEED_SOURCES`` articles and primary sources shown for each, the primary sources' own
    articles first.

    A fixed number of queries whatever the number of stories: the stories, then the articles of all of
    them and the provenance of all those articles, each read by id lists (not one query per story or per
    article)."""
    nl = request.app.state.nl
    base = public_base_url(request)
    stories = nl.stories(limit=limit)
    per_story = nl.stories_articles(stories)
    provenance = nl.provenance_of(a.id for articles in per_story for a in articles)
    return [entry(story, f"{base}/stories/{story.id}", articles, provenance)
            for story, articles in zip(stories, per_story, strict=True)]


def entry(story, link: str, articles: Sequence[Article], provenance: Mapping[str, Provenance]) -> tuple:
    """(story, link, articles shown, primary source names, number of articles) of one story: at most
    ``FEED_SOURCES`` of its articles, the originals (no copy of another) first, and of its primary sources."""
    primaries = []
    for a in articles:
        prov = provenance.get(a.id)
        name = prov.primary.name if prov else outlet_name(a)
        if name and name not in primaries:
            primaries.append(name)
    own = [a for a in articles if (p := provenance.get(a.id)) is None or not p.is_copy]
    shown = list({a.id: a for a in [*own, *articles]}.values())[:FEED_SOURCES]
    return story, link, shown, primaries[:FEED_SOURCES], len(articles)


def _summary(story, articles, primaries, total: int) -> str:
    """The story's summary, its primary sources, and each outlet shown with its original (``article_url``: a
    ``file://`` path of an ingested file means nothing to a subscriber, its canonical URL does); how many
    more the story page lists."""
    sources = ", ".join(primaries) or "unknown"
    coverage = "; ".join(f"{outlet_name(a)}: {url}" if (url := article_url(a)) else outlet_name(a) for a in articles)
    more = f" And {total - len(articles)} more on the story page." if total > len(articles) else ""
    return (story.summary or "") + f"\n\nPrimary sources: {sources}." + (f" Coverage: {coverage}." if coverage else "") + more


def _last_modified(request: Request, entries: list[tuple]) -> datetime | None:
    """When the feed last changed: its newest story update, or the latest removal (a takedown or an
    operator's delete, which may remove an article or a whole story without updating any story that stays)."""
    stamps = [s.last_updated or s.first_seen for s, *_ in entries]
    stamps.append(request.app.state.nl.store.last_removal_at())
    stamps = [s.astimezone(UTC) for s in stamps if s is not None]
    return max(stamps) if stamps else None


def _not_modified(request: Request, etag: str, last_modified: datetime | None) -> bool:
    """Whether the client's copy is current (If-None-Match, compared weakly with ``etag``, wins over
    If-Modified-Since, RFC 9110).

    If-Modified-Since names a whole second, and Last-Modified is the last change's time cut to its second:
    a feed changed twice within one second (a story updated, then a takedown) carries the same date before
    and after the second change. So the date a client sends is compared with the exact time of the last
    change, not with its second: the copy is current only when nothing changed after the instant it names
    (a change within that second, or a date cut from a time within it, is answered in full; the ETag tells
    such copies apart)."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in tags or etag in tags
    since = request.headers.get("if-modified-since")
    if not since or last_modified is None:
        return False
    try:
        when = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    return last_modified <= as_utc(when)


def _conditional(request: Request, body: bytes, media_type: str, last_modified: datetime | None) -> Response:
    """``body`` with its validators, or an empty 304 when the client already has it (:func:`_not_modified`)."""
    tag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    etag = "W/" + tag  # weak: the server may send it gzip-compressed, another representation of the same feed
    headers = {"ETag": etag, "Cache-Control": "no-cache"}  # a cache asks again (a 304 when unchanged): removals show
    if last_modified is not None:
        headers["Last-Modified"] = format_datetime(last_modified.astimezone(UTC).replace(microsecond=0), usegmt=True)
    if _not_modified(request, tag, last_modified):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


@router.get("/stories.atom", summary="Latest stories as Atom 1.0", response_class=AtomResponse,
            responses={**NOT_MODIFIED, **json_errors(422)})
def stories_atom(request: Request, limit: int = Query(50, ge=1, le=500)):
    ET.register_namespace("", ATOM)
    base = public_base_url(request)
    entries = _entries(request, limit)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = "newsloom stories"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = TAG + "feeds/stories"
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=base + ATOM_PATH)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", href=base + "/")
    updated = _EPOCH
    for story, link, articles, primaries, total in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = xml_text(story_title(story, articles))
        ET.SubElement(entry, f"{{{ATOM}}}id").text = TAG + "stories/" + story.id
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=link)
        for a in articles:
            if url := article_url(a):
                ET.SubElement(entry, f"{{{ATOM}}}link", rel="related", href=xml_text(url),
                              title=xml_text(outlet_name(a)))
        stamp = story.last_updated or story.first_seen or _EPOCH
        updated = max(updated, stamp)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = stamp.isoformat()
        if story.first_seen is not None:  # when newsloom first gathered the story
            ET.SubElement(entry, f"{{{ATOM}}}published").text = story.first_seen.isoformat()
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = xml_text(_summary(story, articles, primaries, total))
        for name in [xml_text(n) for n in primaries if xml_text(n)] or ["newsloom"]:  # one author each
            ET.SubElement(ET.SubElement(entry, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = name
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = updated.isoformat()
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return _conditional(request, body, "application/atom+xml; charset=utf-8", _last_modified(request, entries))


@router.get("/stories.json", summary="Latest stories as JSON Feed 1.1", response_class=JSONFeedResponse,
            responses={200: {"model": JSONFeedOut}, **NOT_MODIFIED, **json_errors(422)})
def stories_json(request: Request, limit: int = Query(50, ge=1, le=500)):
    base = public_base_url(request)
    entries = _entries(request, limit)
    items = []
    for story, link, articles, primaries, total in entries:
        stamp = story.last_updated or story.first_seen
        items.append({"id": TAG + "stories/" + story.id, "url": link, "title": story_title(story, articles),
                      "content_text": _summary(story, articles, primaries, total),
                      **({"date_modified": stamp.isoformat()} if stamp else {}),
                      **({"date_published": story.first_seen.isoformat()} if story.first_seen else {}),
                      "authors": [{"name": n} for n in primaries],
                      "_newsloom": {"story_id": story.id, "sources": [
                          {"source": outlet_name(a), "url": article_url(a), "article_id": a.id} for a in articles]}})
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "newsloom stories",
            "home_page_url": base + "/", "feed_url": base + JSON_PATH, "items": items}
    body = json.dumps(feed, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return _conditional(request, body, "application/feed+json", _last_modified(request, entries))
