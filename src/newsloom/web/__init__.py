"""The web layer: a thin FastAPI app over :class:`newsloom.core.Newsloom`.

``create_app(nl)`` builds the app with no module-level state. Pages are server-rendered with
Jinja2 (autoescaping on: everything taken from the web is escaped); the JSON API lives under
``/api/v1/`` with OpenAPI docs at ``/docs``; Atom and JSON feeds of stories under ``/feeds/``.

Errors answer in the shape of what was asked for: under ``/api/`` and ``/feeds/`` a JSON body
``{"error": NAME, "message": TEXT}`` (validation errors add ``"details"``), elsewhere the error page.
Every GET route also answers HEAD (the same status and headers, no body).

Every response carries security headers (``SecurityHeaders``): no MIME sniffing, no framing, the origin
only as referrer to other sites, and a Content-Security-Policy that lets a page load nothing but this
server's own style sheet and icons (the pages run no script; ``/docs`` may run Swagger UI's). Text taken
from the web is shown without bidirectional embedding, override and isolate controls (``display_text``,
every ``{{ }}`` in the templates): an unclosed right-to-left override in a headline would otherwise reverse
the page's own words after it, and a closed one disguise ``evil.exe`` as ``exe.live``.

``/docs`` serves Swagger UI from files installed with the ``fastapi-offline`` package (mounted at
``/docs-assets``), so it works with no network. Absolute links (feeds) start with
:func:`public_base_url`, never with a Host header a client made up.
"""

from __future__ import annotations

import ipaddress
import logging
from http import HTTPStatus
from importlib import resources
from pathlib import Path

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import Match, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..dates import machine_datetime, shown_datetime, shown_iso_datetime, shown_local
from ..errors import (
    DecisionError,
    GoneError,
    NewsloomError,
    NotFoundError,
    OutOfRangeError,
    StorageError,
    TakedownError,
)
from ..urls import web_url

__all__ = ["create_app", "public_base_url", "web_url"]

HERE = Path(__file__).parent
MACHINE_PREFIXES = ("/api/", "/feeds/")  # paths answered in JSON, errors included
DOCS_ASSETS = "/docs-assets"  # Swagger UI's JavaScript and CSS, from the fastapi-offline package
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})
# LRE, RLE, PDF, LRO, RLO and LRI, RLI, FSI, PDI: they change the direction of the text after them (the
# marks LRM, RLM and ALM do not, and stay)
_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
PAGE_POLICY = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
               "frame-ancestors 'none'")
DOCS_POLICY = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
               "img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'")  # Swagger UI starts inline


def display_text(value):
    """``value`` as a page shows it: a string without bidirectional embedding, override and isolate
    controls (escaped markup stays markup); anything else unchanged."""
    if isinstance(value, Markup):
        return Markup(str.translate(value, _BIDI_CONTROLS))
    if isinstance(value, str):
        return value.translate(_BIDI_CONTROLS)
    return value


def _swagger_dir() -> Path:
    return Path(str(resources.files("fastapi_offline") / "static"))


def _is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in _LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _origin(scheme: str, host: str, port: int | None) -> str:
    host = f"[{host}]" if ":" in host and not host.startswith("[") else host
    default = {"http": 80, "https": 443}.get(scheme)
    return f"{scheme}://{host}" + (f":{port}" if port and port != default else "")


def public_base_url(request: Request) -> str:
    """The start of every absolute link the server hands out (feeds), without a trailing slash.

    1. ``settings.base_url`` (``NEWSLOOM_BASE_URL``: a server behind a proxy or with a public name);
    2. else the request's own base URL, but only when its Host header names a loopback address
       (``127.0.0.1``, ``[::1]``, ``localhost``) or the address the server listens on / was reached at;
    3. else the address the connection came in on (the socket's own address, never the Host header).

    So ``curl -H "Host: evil.example"`` cannot make the feeds link to evil.example."""
    settings = request.app.state.nl.settings
    configured = getattr(settings, "base_url", None)
    if configured:
        return configured.rstrip("/")
    root = request.scope.get("root_path", "").rstrip("/")
    server = request.scope.get("server") or (None, None)
    asked = (request.url.hostname or "").lower()
    trusted = {h.lower().strip("[]") for h in (server[0], getattr(settings, "host", None))
               if h and h not in ("0.0.0.0", "::")}
    if asked and (_is_loopback(asked) or asked.strip("[]") in trusted):
        return str(request.base_url).rstrip("/")
    if server[0]:
        return _origin(request.url.scheme, server[0], server[1]) + root
    return _origin("http", "127.0.0.1", getattr(settings, "port", None)) + root


def _status(exc: NewsloomError) -> int:
    if isinstance(exc, GoneError):  # stored once, removed since: old links are told so, and crawlers drop them
        return 410
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, (TakedownError, DecisionError, OutOfRangeError)):
        return 422
    if isinstance(exc, StorageError):  # the server's store failed (damaged, full, read-only): not the client
        return 503
    return 400


def _error_name(status: int) -> str:
    """A machine-readable name for an HTTP status, in the style of the library's errors: 404 ->
    ``NotFoundError`` (what a missing story or article raises too), 500 -> ``InternalServerError``."""
    try:
        name = HTTPStatus(status).phrase.title().replace(" ", "").replace("-", "")
    except ValueError:
        name = "Http"
    return name if name.endswith("Error") else name + "Error"


def _validation_details(exc: RequestValidationError) -> list[dict]:
    """Where and what, without echoing the (possibly huge) rejected input."""
    return [{"loc": [str(part) for part in err.get("loc", ())], "msg": str(err.get("msg", "")),
             "type": str(err.get("type", ""))} for err in exc.errors()]


def _foreign_media_type(request: Request) -> str | None:
    """What the request's Content-Type says when it is not JSON (application/json, any +json): the type, or
    "none" when there is none (FastAPI reads a body as JSON only under a JSON type); None for JSON."""
    given = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if given == "application/json" or given.endswith("+json"):
        return None
    return given[:100] or "none"


def _validation_message(details: list[dict]) -> str:
    parts = []
    for d in details[:5]:
        if d["type"] == "json_invalid":  # its loc is the character offset, not a field
            at = d["loc"][-1] if len(d["loc"]) > 1 else "?"
            parts.append(f"the body is not valid JSON ({d['msg']} at character {at})")
            continue
        loc = [p for p in d["loc"] if p not in ("query", "path", "body", "header")]
        parts.append(f"{'.'.join(loc) or 'request'}: {d['msg']}")
    return "; ".join(parts) or "invalid request"


def _error_response(request: Request, status: int, error: str, message: str, *,
                    headers: dict | None = None, details: list[dict] | None = None) -> Response:
    """The JSON error body under /api/ and /feeds/, else the error page."""
    if request.url.path.startswith(MACHINE_PREFIXES):
        body: dict = {"error": error, "message": message}
        if details is not None:
            body["details"] = details
        return JSONResponse(body, status_code=status, headers=headers)
    html = request.app.state.templates.get_template("error.html").render(request=request, status=status,
                                                                         message=message)
    return HTMLResponse(html, status_code=status, headers=headers)


class HeadAsGet:
    """Answer HEAD as GET without the body (FastAPI routes are declared for GET only, so HEAD met
    405 everywhere). Status and headers, Content-Length included, are those of the GET."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_without_body)


def allowed_methods(app: FastAPI, scope: Scope) -> list[str]:
    """Every method some route answers at this path (RFC 9110: a 405's Allow lists them all), HEAD
    wherever GET is (``HeadAsGet``), sorted."""
    methods: set[str] = set()
    for route in app.router.routes:
        if isinstance(route, Mount):  # a mount matches whatever the method: the static files answer GET only
            if route.matches(scope)[0] == Match.FULL:
                methods.add("GET")
            continue
        methods |= {m for m in ("GET", "POST", "PUT", "PATCH", "DELETE")  # asked as the router asks
                    if route.matches({**scope, "method": m})[0] == Match.FULL}
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


def _route_path(scope: Scope) -> str:
    """The request's path as the routes see it: without the root path a proxy mounts the app under."""
    path, root = scope.get("path", ""), scope.get("root_path", "")
    return path[len(root):] if root and path.startswith(root) else path


def security_headers(path: str) -> dict[str, str]:
    """The security headers of a response to ``path`` (as routed: without a proxy's root path)."""
    return {"content-security-policy": DOCS_POLICY if path.rstrip("/") == "/docs" else PAGE_POLICY,
            "x-content-type-options": "nosniff", "x-frame-options": "DENY",
            "referrer-policy": "strict-origin-when-cross-origin"}


def cache_headers(path: str) -> dict[str, str]:
    """``Cache-Control: no-cache`` for every response but the static assets': a page or an API answer may
    be stored by a cache, but is asked for again before it is reused (a 304 when the route validates it),
    so that a removed article or story is not served on from a proxy. A route's own Cache-Control (the
    feeds', the favicon's) is kept."""
    static = path.startswith(("/static/", DOCS_ASSETS + "/"))
    return {} if static else {"cache-control": "no-cache"}


class SecurityHeaders:
    """Add the security headers to every response (``PAGE_POLICY`` as Content-Security-Policy, the
    looser ``DOCS_POLICY`` on ``/docs``) and the cache's (:func:`cache_headers`), keeping any a route set itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = _route_path(scope)
        extra = {**security_headers(path), **cache_headers(path)}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in extra.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True,
                             finalize=display_text)
    return Jinja2Templates(env=env)


def create_app(nl, *, poller_status=None) -> FastAPI:
    """``nl`` is an open Newsloom; ``poller_status`` an optional callable describing the poller."""
    from . import api, feeds, pages, views

    app = FastAPI(title="newsloom", version="0.1.0",
                  description="Stories, articles, copies and their primary sources, as JSON.",
                  docs_url=None, openapi_url="/openapi.json", redoc_url=None,  # /docs below: no CDN
                  redirect_slashes=False)  # its redirect named the client's Host header: a 404 instead
    app.state.nl = nl
    app.state.poller_status = poller_status
    app.state.templates = _templates()
    app.state.templates.env.filters["web_url"] = web_url
    app.state.templates.env.filters["article_url"] = views.article_url  # an article's one shown address
    app.state.templates.env.filters["shown"] = shown_datetime  # a day-only date shows no 00:00
    app.state.templates.env.filters["by_value"] = views.by_value  # a differing number's values, each once
    app.state.templates.env.filters["local"] = shown_local  # as the publisher dated it ('' when in UTC)
    app.state.templates.env.filters["machine"] = machine_datetime
    app.state.templates.env.filters["shown_iso"] = shown_iso_datetime  # a stored ISO 8601 string
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.mount(DOCS_ASSETS, StaticFiles(directory=str(_swagger_dir())), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/")
        return get_swagger_ui_html(openapi_url=root + app.openapi_url, title="newsloom API",
                                   swagger_js_url=f"{root}{DOCS_ASSETS}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{root}{DOCS_ASSETS}/swagger-ui.css",
                                   swagger_favicon_url=f"{root}/static/favicon.svg")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(HERE / "static" / "favicon.ico", media_type="image/x-icon",
                            headers={"Cache-Control": "public, max-age=86400"})

    app.include_router(api.router, prefix="/api/v1")
    app.include_router(feeds.router, prefix="/feeds")
    app.include_router(pages.router)
    app.add_middleware(GZipMiddleware, minimum_size=1024)  # inside HeadAsGet: a HEAD says what a GET sends
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecurityHeaders)
    log = logging.getLogger("newsloom.web")

    @app.exception_handler(NewsloomError)
    async def _library_error(request: Request, exc: NewsloomError) -> Response:
        return _error_response(request, _status(exc), type(exc).__name__, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:  # Starlette names the methods of the first route the path matched only
            root = request.scope.get("app_root_path", request.scope.get("root_path", ""))  # a mount moved it
            allowed = allowed_methods(app, {**request.scope, "root_path": root})
            if allowed:
                headers = {**(headers or {}), "Allow": ", ".join(allowed)}
        return _error_response(request, exc.status_code, _error_name(exc.status_code), str(exc.detail),
                               headers=headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(request: Request, exc: RequestValidationError) -> Response:
        details = _validation_details(exc)
        given = _foreign_media_type(request)
        if given and any(d["loc"][:1] == ["body"] for d in details):  # FastAPI read it as no JSON at all
            return _error_response(request, 415, "UnsupportedMediaTypeError",
                                   f"the body must be JSON, sent with Content-Type: application/json (this "
                                   f"request's Content-Type: {given})")
        return _error_response(request, 422, "ValidationError", _validation_message(details), details=details)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        # answered from outside the middleware stack: the security headers are added here
        return _error_response(request, 500, "InternalServerError", "an unexpected error occurred; it has been logged",
                               headers=security_headers(_route_path(request.scope)))

    return app
