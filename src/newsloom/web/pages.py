"""Server-rendered pages: stories, a story, an article, search, sources. Routes only call the library."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ..errors import NotFoundError
from ..model import source_health
from . import views

router = APIRouter(include_in_schema=False)
PER_PAGE = 30  # stories on a page of the front page
MAX_PAGE = 100_000  # pages past this are refused (the offset would overflow SQLite long before)
SEARCH_PER_PAGE = 20  # results on a page of search results
SEARCH_COUNTED = views.SEARCH_COUNTED  # results a search reads and counts; past this the page says "more than 500"
MAX_SEARCH_PAGE = SEARCH_COUNTED // SEARCH_PER_PAGE  # the last page of counted results


def _render(request: Request, name: str, **context) -> HTMLResponse:
    templates = request.app.state.templates
    return templates.TemplateResponse(request, name, context)


@router.get("/", response_class=HTMLResponse)
def front_page(request: Request, page: int = Query(1, ge=1, le=MAX_PAGE)):
    nl = request.app.state.nl
    stories = nl.stories(limit=PER_PAGE, offset=(page - 1) * PER_PAGE)
    n_stories = nl.store.count_stories()
    return _render(request, "index.html", stories=stories, page=page, n_stories=n_stories,
                   last_page=max(1, -(-n_stories // PER_PAGE)),
                   titles=views.story_titles(nl, stories), n_articles=nl.store.count_articles(),
                   published=nl.store.latest_published(s.id for s in stories))


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str):
    nl = request.app.state.nl
    try:
        view = views.story_view(nl, story_id)  # evidence as the publishers allow
    except NotFoundError:
        target = views.moved_to(nl, story_id, request.scope.get("root_path", "") + "/stories/{}")
        if target is None:
            raise
        return RedirectResponse(target, status_code=301)  # merged into another story: old links still work
    return _render(request, "story.html", view=view, articles={a.id: a for a in view.articles},
                   title=views.story_title(view.story, view.articles), reasons=views.story_reasons(nl, view))


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str):
    nl = request.app.state.nl
    view, withheld, related = views.article_view(nl, article_id)  # evidence as the publishers allow
    story_title = views.story_titles(nl, [view.story])[view.story.id] if view.story else None
    names = views.publishers(nl, related.values(), {view.article.id: view.provenance})
    return _render(request, "article.html", view=view, withheld=withheld, story_title=story_title,
                   related=related, names=names)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = "", page: int = Query(1, ge=1, le=MAX_PAGE)):
    """Past the counted results (``MAX_SEARCH_PAGE``) a page says where the results are, as past the last.
    A query longer than the API takes is cut to that length (and shown so), not refused."""
    q = q[:views.MAX_QUERY]
    results = views.search_page(request.app.state.nl, q, page=page, per_page=SEARCH_PER_PAGE,
                                counted=views.SEARCH_COUNTED)  # the API's search counts by the same rule
    return _render(request, "search.html", q=q, results=results)


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request):
    nl = request.app.state.nl
    status = request.app.state.poller_status() if request.app.state.poller_status else None
    pairs = nl.source_health()
    health = [source_health(src, state) for src, state in pairs]  # the CLI's words
    return _render(request, "sources.html", sources=list(zip(pairs, health, strict=True)), poller=status,
                   errors=nl.store.list_errors(limit=20))
