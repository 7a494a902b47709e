"""JSON API under /api/v1 (OpenAPI at /docs). Write endpoints need the admin token.

Every error answers ``{"error": NAME, "message": TEXT}`` (validation errors add ``"details"``): the
:class:`ErrorOut` model, declared on each route for the statuses it can answer so that /openapi.json
documents the shape clients really get (not FastAPI's default ``{"detail": ...}``). Each route's answer is
its ``response_model`` (:mod:`newsloom.web.schemas`), for the same reason.

An article's address is :func:`views.article_url` everywhere (its web address, never a ``file://`` path).
"""

from __future__ import annotations

import secrets

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Security
from fastapi.responses import RedirectResponse
from fastapi.security import APIKeyHeader
from pydantic import BaseModel, Field

from ..errors import NotFoundError
from ..model import source_health
from ..serialize import to_jsonable
from ..store.articles import SQL_INT_MAX
from ..urls import web_url
from . import schemas, views


class ErrorDetail(BaseModel):
    """One reason a request was refused as invalid: where (``loc``) and what."""

    loc: list[str] = Field(..., description="where: e.g. ['query', 'limit'] or ['body', 'target']")
    msg: str
    type: str


class ErrorOut(BaseModel):
    """The body of every error answer under /api/ and /feeds/."""

    error: str = Field(..., description="machine-readable name: NotFoundError, ValidationError, TakedownError, "
                                        "DecisionError, UnauthorizedError, ForbiddenError, StorageError...")
    message: str = Field(..., description="what went wrong, for a person")
    details: list[ErrorDetail] | None = Field(None, description="validation errors only (422): each refused part")


def _errors(*statuses: int) -> dict:
    described = {
        401: "The X-Admin-Token header is missing or wrong (UnauthorizedError)",
        403: "Write endpoints are disabled: the server has no NEWSLOOM_ADMIN_TOKEN (ForbiddenError)",
        404: "No such story or article (NotFoundError)",
        410: "The story or article was removed: at its owner's request (a takedown) or by the operator "
             "(GoneError; the message says which, and when)",
        415: "The body is not JSON: send it with Content-Type: application/json (UnsupportedMediaTypeError)",
        422: "The request is invalid (ValidationError, with details) or cannot be carried out "
             "(TakedownError, DecisionError)",
        500: "An unexpected error (InternalServerError); it is logged on the server",
        503: "The server's store failed (StorageError): try again later",
    }
    return {status: {"model": ErrorOut, "description": described[status]} for status in statuses}


def json_errors(*statuses: int) -> dict:
    """:func:`_errors` for a route whose own answer is not JSON (the feeds): FastAPI would document a model
    under the route's media type, so the JSON error body is named outright (every API route declares
    :class:`ErrorOut`, so it is among the schema's components)."""
    ref = {"$ref": "#/components/schemas/ErrorOut"}
    return {status: {"description": answer["description"], "content": {"application/json": {"schema": ref}}}
            for status, answer in _errors(*statuses).items()}


COMMON_ERRORS = _errors(500, 503)  # every route reads the store
INVALID = _errors(422)  # every route with parameters or a body: they are checked
WRITE_ERRORS = {**_errors(401, 403), **INVALID}
BODY_ERRORS = {**WRITE_ERRORS, **_errors(415)}  # a write that takes a JSON body

router = APIRouter(tags=["newsloom"], responses=COMMON_ERRORS)
MAX_LIST = 1000  # most items one list request returns
MAX_OFFSET = 10_000_000  # SQLite takes 64-bit offsets; anything past this is a mistake or an attack
MAX_QUERY = views.MAX_QUERY  # characters of a search query
MAX_ID = SQL_INT_MAX  # no row id is larger (a larger one overflowed into a 500)


def _nl(request: Request):
    return request.app.state.nl


def _article_summary(a) -> dict:
    return {"id": a.id, "external_id": a.external_id, "url": views.article_url(a), "title": a.title, "source": a.source,
            "published": a.published.isoformat() if a.published else None,
            "wire": [w.agency for w in a.wire], "automated": a.automated}


def _story_summary(s) -> dict:
    return {"id": s.id, "title": s.title, "summary": s.summary, "article_count": len(s.article_ids),
            "n_sources": s.n_sources, "entities": list(s.entities), "closed": s.closed,
            "first_seen": s.first_seen.isoformat() if s.first_seen else None,
            "last_updated": s.last_updated.isoformat() if s.last_updated else None,
            "article_ids": list(s.article_ids)}


def _tree(node) -> dict:
    """A copy-tree node (``views.story_view`` has made its address a web address or None)."""
    return {"name": node.name, "article_id": node.article_id, "url": node.url, "relation": node.relation,
            "automated": node.automated, "evidence": node.evidence, "children": [_tree(c) for c in node.children]}


def _header_bytes(value: str) -> bytes:
    """The bytes a header value arrived as (ASGI servers decode them as latin-1)."""
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass")


ADMIN_TOKEN = APIKeyHeader(name="X-Admin-Token", auto_error=False, scheme_name="AdminToken",
                           description="the server's NEWSLOOM_ADMIN_TOKEN")


def require_admin(request: Request, token: str | None = Security(ADMIN_TOKEN)) -> None:
    """The admin token check of every write endpoint, as a dependency: it runs before the request body is
    validated (a client without the token learns nothing of the body's schema; a body that is not JSON at
    all is refused first, as FastAPI parses it before any dependency), and OpenAPI declares the token as the
    endpoint's security requirement."""
    expected = getattr(_nl(request).settings, "admin_token", None) if _nl(request).settings else None
    if not expected:
        raise HTTPException(403, "write endpoints are disabled: set NEWSLOOM_ADMIN_TOKEN on the server")
    # compared as bytes: compare_digest refuses str with non-ASCII characters (a 500 instead of a 401)
    if not token or not secrets.compare_digest(_header_bytes(token), expected.encode("utf-8")):
        raise HTTPException(401, "missing or wrong X-Admin-Token",
                            headers={"WWW-Authenticate": 'ApiKey header="X-Admin-Token"'})


ADMIN = [Depends(require_admin)]


@router.get("/stories", summary="Stories, most recently updated first", responses=INVALID,
            response_model=schemas.StoriesOut)
def list_stories(request: Request, limit: int = Query(50, ge=1, le=MAX_LIST),
                 offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    nl = _nl(request)
    return {"stories": [_story_summary(s) for s in nl.stories(limit=limit, offset=offset)]}


@router.get("/stories/{story_id}", summary="A story with its articles, copy tree and coverage comparison",
            responses={301: {"description": "The story was merged into another: Location names it"},
                       **_errors(404, 410, 422)}, response_model=schemas.StoryDetail)
def get_story(request: Request, story_id: str):
    """A story merged into another (or renamed by a re-cluster) answers with a 301 to the story it went into."""
    try:
        view = views.story_view(_nl(request), story_id)
    except NotFoundError:
        target = views.moved_to(_nl(request), story_id, request.scope.get("root_path", "") + "/api/v1/stories/{}")
        if target is None:
            raise
        return RedirectResponse(target, status_code=301)
    return {**_story_summary(view.story), "articles": [_article_summary(a) for a in view.articles],
            "copy_tree": [_tree(n) for n in view.tree], "provenance": to_jsonable(view.provenance),
            "coverage": to_jsonable(view.coverage), "assignments": to_jsonable(view.assignments)}


@router.get("/articles", summary="Articles, most recently stored first", responses=INVALID, response_model=schemas.ArticlesOut)
def list_articles(request: Request, limit: int = Query(50, ge=1, le=MAX_LIST),
                  offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    return {"articles": [_article_summary(a) for a in _nl(request).articles(limit=limit, offset=offset)]}


@router.get("/articles/{article_id}", summary="An article with its primary source, chain and relations",
            responses=_errors(404, 410, 422), response_model=schemas.ArticleDetail)
def get_article(request: Request, article_id: str):
    """The text, the description and the passages that relation and provenance evidence quote are
    shown only as far as each article's publisher allows (robots nosnippet, max-snippet, noarchive):
    a withheld aligned sentence is ``""``, a withheld shared quote left out, and the relation says
    ``evidence_withheld_by_publisher_policy``. ``url`` is the article's web address (its canonical URL
    for a page ingested from a local file), null when it has none."""
    view, withheld, _related = views.article_view(_nl(request), article_id)
    article = to_jsonable(view.article)
    article["url"] = views.article_url(view.article)
    article["canonical_url"] = web_url(view.article.canonical_url)
    article["text"] = view.shown_text
    article["text_shortened_by_publisher_policy"] = view.shortened
    relations = [{**to_jsonable(r), "evidence_withheld_by_publisher_policy": n > 0}
                 for r, n in zip(view.relations, withheld, strict=True)]
    return {"article": article, "provenance": to_jsonable(view.provenance),
            "relations": relations, "assignment": to_jsonable(view.assignment),
            "story": _story_summary(view.story) if view.story else None}


@router.delete("/articles/{article_id}", dependencies=ADMIN, summary="Delete a stored article (admin token required)",
               responses={**WRITE_ERRORS, **_errors(404, 410)}, response_model=schemas.DeletedOut)
def delete_article(request: Request, article_id: str):
    """An operator's removal by id, with the article's search entries, relations and story membership (e.g.
    a page ingested from a local file, which no URL takedown can name). Nothing is refused later: for a
    content owner's removal request use ``POST /api/v1/takedowns``."""
    nl = _nl(request)
    if not nl.delete_articles([article_id]):
        nl.store.get_article(article_id)  # not stored: 410 when it was removed before (and when), else 404
        raise NotFoundError("no such article", subject=article_id)  # stored again meanwhile: delete again
    return {"deleted": [article_id]}


@router.get("/search", summary="Full-text search (SQLite FTS5, BM25)", responses=INVALID,
            response_model=schemas.SearchOut)
def search(request: Request, q: str = Query(..., min_length=1, max_length=MAX_QUERY),
           limit: int = Query(20, ge=1, le=200),
           offset: int = Query(0, ge=0, lt=views.SEARCH_COUNTED,
                               description=f"results to skip; only the first {views.SEARCH_COUNTED} are served, "
                                           "as on the web's search pages")):
    """Counted like the web's search page: ``total`` results, all of them unless ``more`` says there are more
    than were counted (the store has no cheap count: a search reads, and serves, only the first ones)."""
    found, total, more = views.counted_search(_nl(request), q, offset=offset, limit=limit,
                                              counted=views.SEARCH_COUNTED)
    return {"query": q, "results": [{**_article_summary(a), "score": round(s, 4)} for a, s in found],
            "offset": offset, "total": total, "more": more}


@router.get("/sources", summary="Sources with their health", responses=INVALID, response_model=schemas.SourcesOut)
def list_sources(request: Request,
                 limit: int = Query(0, ge=0, le=MAX_LIST, description="most sources returned; 0: all (as the CLI)"),
                 offset: int = Query(0, ge=0, le=MAX_OFFSET)):
    """In id order, as ``newsloom sources`` lists them; ``health`` is the rule it prints: ok, new, failing,
    unhealthy or disabled."""
    pairs = _nl(request).source_health(limit=limit, offset=offset)
    return {"sources": [{"source": to_jsonable(src), "state": to_jsonable(state), "health": source_health(src, state)}
                        for src, state in pairs]}


class TakedownIn(BaseModel):
    target: str = Field(..., description="URL, URL prefix or domain")
    scope: str = Field("url", pattern="^(url|prefix|domain)$")
    requester: str = ""
    reason: str = ""


@router.post("/takedowns", dependencies=ADMIN, summary="Honour a removal request now (admin token required)", responses=BODY_ERRORS,
             response_model=schemas.TakedownDone)
def create_takedown(request: Request, body: TakedownIn):
    done = _nl(request).takedown_once(body.target, scope=body.scope, requester=body.requester, reason=body.reason)
    return {"target": body.target, "scope": body.scope, "removed": done.removed,
            "takedown": to_jsonable(done.takedown), "already_in_force": done.already_in_force}


@router.get("/takedowns", dependencies=ADMIN, summary="The takedown requests on record (admin token required)", responses=WRITE_ERRORS,
            response_model=schemas.TakedownsOut)
def list_takedowns(request: Request, revoked: bool = Query(False, description="revoked requests too")):
    return {"takedowns": [to_jsonable(t) for t in _nl(request).takedowns(revoked=revoked)]}


@router.delete("/takedowns/{takedown_id}", dependencies=ADMIN, summary="Revoke a takedown recorded by mistake (admin token required)",
               responses={**WRITE_ERRORS, **_errors(404)}, response_model=schemas.RevocationOut)
def revoke_takedown(request: Request, takedown_id: int = Path(..., ge=1, le=MAX_ID)):
    """What the takedown covers is let in again when delivered again (e.g. ``newsloom ingest URL``); nothing it
    removed is restored, and feed entries the poller had already seen stay seen. The request
    stays on record, marked revoked. ``already_revoked``: it had been revoked before (nothing changed;
    ``revoked_at`` is when it first was)."""
    revocation = _nl(request).revoke_takedown_once(takedown_id)
    return {"takedown": to_jsonable(revocation.takedown), "already_revoked": revocation.already_revoked}


class MergeIn(BaseModel):
    other: str = Field(..., description="The story whose articles move into this one", max_length=200)


class SplitIn(BaseModel):
    article_ids: list[str] = Field(..., min_length=1, max_length=1000,
                                   description="The articles that leave this story for a new one")


@router.post("/stories/{story_id}/merge", dependencies=ADMIN, summary="Merge another story into this one for good (admin token required)",
             responses={**BODY_ERRORS, **_errors(404)}, response_model=schemas.StorySummary)
def merge_stories(request: Request, story_id: str, body: MergeIn):
    """Like ``newsloom stories merge A B``: B's articles join A, and later clustering keeps them together."""
    return _story_summary(_nl(request).merge_stories(story_id, body.other))  # DecisionError: a 422


@router.post("/stories/{story_id}/split", dependencies=ADMIN, summary="Move articles out into a new story for good (admin token required)",
             responses={**BODY_ERRORS, **_errors(404)}, response_model=schemas.StorySummary)
def split_story(request: Request, story_id: str, body: SplitIn):
    """Like ``newsloom stories split STORY ARTICLE...``: returns the new story; later clustering keeps the
    moved articles apart from those left behind."""
    return _story_summary(_nl(request).split_story(story_id, body.article_ids))  # DecisionError: a 422
