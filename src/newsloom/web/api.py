"""JSON API under /api/v1 (OpenAPI at /docs). Write endpoints need the admin token."""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Header, HTTPException, Query, Request
from pydantic import BaseModel, Field

from ..serialize import to_jsonable

router = APIRouter(tags=["newsloom"])
MAX_LIST = 1000  # most items one list request returns
MAX_OFFSET = 10_000_000  # SQLite takes 64-bit offsets; anything past this is a mistake or an attack
MAX_QUERY = 1000  # characters of a search query (the store also caps its distinct words)


def _nl(request: Request):
    return request.app.state.nl


def _article_summary(a) -> dict:
    return {"id": a.id, "external_id": a.external_id, "url": a.url, "title": a.title, "source": a.source,
            "published": a.published.isoformat() if a.published else None,
            "wire": [w.agency for w in a.wire], "automated": a.automated}


def _story_summary(s) -> dict:
    return {"id": s.id, "title": s.title, "summary": s.summary, "article_count": len(s.article_ids),
            "n_sources": s.n_sources, "entities": list(s.entities), "closed": s.closed,
            "first_seen": s.first_seen.isoformat() if s.first_seen else None,
            "last_updated": s.last_updated.isoformat() if s.last_updated else None,
            "article_ids": list(s.article_ids)}


def _tree(node) -> dict:
    return {"name": node.name, "article_id": node.article_id, "url": node.url, "relation": node.relation,
            "automated": node.automated, "evidence": node.evidence, "children": [_tree(c) for c in node.children]}


def _header_bytes(value: str) -> bytes:
    """The bytes a header value arrived as (ASGI servers decode them as latin-1)."""
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass")


def _require_admin(request: Request, token: str | None) -> None:
    expected = getattr(_nl(request).settings, "admin_token", None) if _nl(request).settings else None
    if not expected:
        raise HTTPException(403, "write endpoints are disabled: set NEWSLOOM_ADMIN_TOKEN on the server")
    # compared as bytes: compare_digest refuses str with non-ASCII characters (a 500 instead of a 401)
    if not token or not secrets.compare_digest(_header_bytes(token), expected.encode("utf-8")):
        raise HTTPException(401, "missing or wrong X-Admin-Token")


@router.get("/stories", summary="Stories, most recently updated first")
def list_stories(request: Request, limit: int = Query(50, ge=1, le=MAX_LIST),
                 offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    nl = _nl(request)
    return {"stories": [_story_summary(s) for s in nl.stories(limit=limit, offset=offset)]}


@router.get("/stories/{story_id}", summary="A story with its articles, copy tree and coverage comparison")
def get_story(request: Request, story_id: str):
    nl = _nl(request)
    view = nl.story_view(story_id)
    return {**_story_summary(view.story), "articles": [_article_summary(a) for a in view.articles],
            "copy_tree": [_tree(n) for n in view.tree], "provenance": to_jsonable(view.provenance),
            "coverage": to_jsonable(view.coverage), "assignments": to_jsonable(view.assignments)}


@router.get("/articles", summary="Articles, newest first")
def list_articles(request: Request, limit: int = Query(50, ge=1, le=MAX_LIST),
                  offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    return {"articles": [_article_summary(a) for a in _nl(request).articles(limit=limit, offset=offset)]}


@router.get("/articles/{article_id}", summary="An article with its primary source, chain and relations")
def get_article(request: Request, article_id: str):
    view = _nl(request).article_view(article_id)
    article = to_jsonable(view.article)
    article["text"] = view.shown_text
    article["text_shortened_by_publisher_policy"] = view.shortened
    return {"article": article, "provenance": to_jsonable(view.provenance),
            "relations": to_jsonable(view.relations), "assignment": to_jsonable(view.assignment),
            "story": _story_summary(view.story) if view.story else None}


@router.get("/search", summary="Full-text search (SQLite FTS5, BM25)")
def search(request: Request, q: str = Query(..., min_length=1, max_length=MAX_QUERY),
           limit: int = Query(20, ge=1, le=200)):
    return {"query": q, "results": [{**_article_summary(a), "score": round(s, 4)}
                                    for a, s in _nl(request).search(q, limit=limit)]}


@router.get("/sources", summary="Sources with their health")
def list_sources(request: Request):
    return {"sources": [{"source": to_jsonable(src), "state": to_jsonable(state)}
                        for src, state in _nl(request).source_health()]}


class TakedownIn(BaseModel):
    target: str = Field(..., description="URL, URL prefix or domain")
    scope: str = Field("url", pattern="^(url|prefix|domain)$")
    requester: str = ""
    reason: str = ""


@router.post("/takedowns", summary="Honour a removal request now (admin token required)")
def create_takedown(request: Request, body: TakedownIn, x_admin_token: str | None = Header(None)):
    _require_admin(request, x_admin_token)
    removed = _nl(request).takedown(body.target, scope=body.scope, requester=body.requester, reason=body.reason)
    return {"target": body.target, "scope": body.scope, "removed": removed}


class MergeIn(BaseModel):
    other: str = Field(..., description="The story whose articles move into this one", max_length=200)


class SplitIn(BaseModel):
    article_ids: list[str] = Field(..., min_length=1, max_length=1000,
                                   description="The articles that leave this story for a new one")


@router.post("/stories/{story_id}/merge", summary="Merge another story into this one for good (admin token required)")
def merge_stories(request: Request, story_id: str, body: MergeIn, x_admin_token: str | None = Header(None)):
    """Like ``newsloom stories merge A B``: B's articles join A, and later clustering keeps them together."""
    _require_admin(request, x_admin_token)
    return _story_summary(_nl(request).merge_stories(story_id, body.other))  # DecisionError: a 422


@router.post("/stories/{story_id}/split", summary="Move articles out into a new story for good (admin token required)")
def split_story(request: Request, story_id: str, body: SplitIn, x_admin_token: str | None = Header(None)):
    """Like ``newsloom stories split STORY ARTICLE...``: returns the new story; later clustering keeps the
    moved articles apart from those left behind."""
    _require_admin(request, x_admin_token)
    return _story_summary(_nl(request).split_story(story_id, body.article_ids))  # DecisionError: a 422
