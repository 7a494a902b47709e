"""The web layer: a thin FastAPI app over :class:`newsloom.core.Newsloom`.

``create_app(nl)`` builds the app with no module-level state. Pages are server-rendered with
Jinja2 (autoescaping on: everything taken from the web is escaped); the JSON API lives under
``/api/v1/`` with OpenAPI docs at ``/docs``; Atom and JSON feeds of stories under ``/feeds/``.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from ..errors import NewsloomError, NotFoundError, TakedownError

__all__ = ["create_app"]

HERE = Path(__file__).parent


def web_url(url: str | None) -> str | None:
    """``url`` when a reader's browser may follow it (http or https), else None: stored URLs come from
    the web and from local files, and escaping does not neutralise a ``javascript:`` or ``data:`` scheme,
    nor does a ``file://`` path mean anything to a reader."""
    if not url:
        return None
    scheme = url.split(":", 1)[0].strip().lower() if ":" in url else ""
    return url if scheme in ("http", "https") else None


def _status(exc: NewsloomError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, TakedownError):
        return 422
    return 400


def create_app(nl, *, poller_status=None) -> FastAPI:
    """``nl`` is an open Newsloom; ``poller_status`` an optional callable describing the poller."""
    from . import api, feeds, pages

    app = FastAPI(title="newsloom", version="0.1.0",
                  description="Stories, articles, copies and their primary sources, as JSON.",
                  docs_url="/docs", openapi_url="/openapi.json", redoc_url=None)
    app.state.nl = nl
    app.state.poller_status = poller_status
    app.state.templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.state.templates.env.filters["web_url"] = web_url
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(api.router, prefix="/api/v1")
    app.include_router(feeds.router, prefix="/feeds")
    app.include_router(pages.router)

    @app.exception_handler(NewsloomError)
    async def _handle(request: Request, exc: NewsloomError):
        status = _status(exc)
        if request.url.path.startswith(("/api/", "/feeds/")):
            return JSONResponse({"error": type(exc).__name__, "message": str(exc)}, status_code=status)
        html = app.state.templates.get_template("error.html").render(request=request, status=status,
                                                                      message=str(exc))
        return HTMLResponse(html, status_code=status)

    return app
