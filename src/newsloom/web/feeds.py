"""Feeds out: the latest stories as Atom 1.0 and JSON Feed 1.1, each linking the primary sources."""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

router = APIRouter(tags=["feeds"])
ATOM = "http://www.w3.org/2005/Atom"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _entries(request: Request, limit: int):
    nl = request.app.state.nl
    base = str(request.base_url).rstrip("/")
    for story in nl.stories(limit=limit):
        articles = nl.story_articles(story)
        primaries = []
        for a in articles:
            prov = nl.store.get_provenance(a.id)
            name = prov.primary.name if prov else (a.source or "")
            if name and name not in primaries:
                primaries.append(name)
        yield story, f"{base}/stories/{story.id}", articles, primaries


def _summary(story, articles, primaries) -> str:
    sources = ", ".join(primaries) or "unknown"
    return (story.summary or "") + f"\n\nPrimary sources: {sources}. " + " ".join(
        f"{a.source}: {a.url}" for a in articles if a.url)


@router.get("/stories.atom", summary="Latest stories as Atom 1.0")
def stories_atom(request: Request, limit: int = Query(50, ge=1, le=500)):
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(feed, f"{{{ATOM}}}title").text = "newsloom stories"
    ET.SubElement(feed, f"{{{ATOM}}}id").text = str(request.url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=str(request.url))
    updated = _EPOCH
    for story, link, articles, primaries in _entries(request, limit):
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = story.title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = link
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=link)
        for a in articles:
            if a.url and a.url.startswith(("http://", "https://")):
                ET.SubElement(entry, f"{{{ATOM}}}link", rel="related", href=a.url, title=a.source or "")
        stamp = story.last_updated or story.first_seen or _EPOCH
        updated = max(updated, stamp)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = stamp.isoformat()
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = _summary(story, articles, primaries)
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        ET.SubElement(author, f"{{{ATOM}}}name").text = ", ".join(primaries) or "newsloom"
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = updated.isoformat()
    body = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@router.get("/stories.json", summary="Latest stories as JSON Feed 1.1")
def stories_json(request: Request, limit: int = Query(50, ge=1, le=500)):
    items = []
    for story, link, articles, primaries in _entries(request, limit):
        stamp = story.last_updated or story.first_seen
        items.append({"id": link, "url": link, "title": story.title,
                      "content_text": _summary(story, articles, primaries),
                      "date_modified": stamp.isoformat() if stamp else None,
                      "authors": [{"name": n} for n in primaries],
                      "_newsloom": {"story_id": story.id, "sources": [
                          {"source": a.source, "url": a.url, "article_id": a.id} for a in articles]}})
    return JSONResponse({"version": "https://jsonfeed.org/version/1.1", "title": "newsloom stories",
                         "home_page_url": str(request.base_url), "feed_url": str(request.url), "items": items},
                        media_type="application/feed+json")
