"""A scripted HTTP server for tests: real sockets on 127.0.0.1, a free port, one thread per request.

    with ScriptedServer() as server:
        server.route("/feed.xml", Reply(body=feed_bytes, headers={"ETag": '"v1"'}))
        server.route("/slow", Reply(body=b"late", delay_s=3))
        server.route("/dyn", lambda req: Reply(status=304) if req.headers.get("If-None-Match") else Reply(...))
        server.route_prefix("/pages/", lambda req: Reply(body=req.path.encode()))
        url = server.url("/feed.xml"); ...; server.hits("/feed.xml")

A route is a handler ``(Request) -> Reply`` or a sequence of replies served in order (the last
one repeats). ``Reply.body`` may be bytes or a callable returning an iterable of byte chunks
(streamed without Content-Length, for huge bodies). Unknown paths answer 404.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

__all__ = ["Reply", "Request", "ScriptedServer"]


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes | Callable[[], Iterable[bytes]] = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    delay_s: float = 0.0  # before the status line
    content_type: str | None = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Request:
    path: str
    headers: Mapping[str, str]
    at: float


Handler = Callable[[Request], Reply]


class ScriptedServer:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self._routes: dict[str, Handler] = {}
        self._prefixes: dict[str, Handler] = {}
        self._lock = threading.Lock()
        self.requests: list[Request] = []
        self._httpd = ThreadingHTTPServer((host, 0), _make_handler(self))
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self) -> ScriptedServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- addresses -----------------------------------------------------------------------------
    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def host_port(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    # -- script ----------------------------------------------------------------------------------
    def route(self, path: str, *replies: Reply | Handler) -> None:
        """Serve ``path`` by a handler, or by ``replies`` in order (the last one repeats)."""
        if len(replies) == 1 and callable(replies[0]) and not isinstance(replies[0], Reply):
            handler = replies[0]
        else:
            handler = _sequence(list(replies))
        with self._lock:
            self._routes[path] = handler

    def route_prefix(self, prefix: str, handler: Handler) -> None:
        """Serve every path starting with ``prefix`` (when no exact route matches) by ``handler``."""
        with self._lock:
            self._prefixes[prefix] = handler

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.path == path)

    def requests_to(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def _answer(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
            handler = self._routes.get(request.path) or self._routes.get(request.path.split("?")[0])
            if handler is None:
                handler = next((h for p, h in sorted(self._prefixes.items(), key=lambda kv: -len(kv[0]))
                                if request.path.startswith(p)), None)
        if handler is None:
            return Reply(status=404, body=b"not found", content_type="text/plain")
        return handler(request)


def _sequence(replies: list[Reply]) -> Handler:
    lock = threading.Lock()

    def handler(_request: Request) -> Reply:
        with lock:
            return replies.pop(0) if len(replies) > 1 else replies[0]
    return handler


def _make_handler(server: ScriptedServer) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            request = Request(self.path, {k: v for k, v in self.headers.items()}, time.monotonic())
            reply = server._answer(request)
            if reply.delay_s:
                time.sleep(reply.delay_s)
            try:
                _send(self, reply)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        def log_message(self, *args) -> None:
            pass

    return _Handler


def _send(handler: BaseHTTPRequestHandler, reply: Reply) -> None:
    handler.send_response(reply.status)
    if reply.content_type and not any(k.lower() == "content-type" for k in reply.headers):
        handler.send_header("Content-Type", reply.content_type)
    for key, value in reply.headers.items():
        handler.send_header(key, value)
    if callable(reply.body):
        handler.send_header("Connection", "close")
        handler.end_headers()
        handler.close_connection = True
        for chunk in reply.body():
            handler.wfile.write(chunk)
        return
    handler.send_header("Content-Length", str(len(reply.body)))
    handler.end_headers()
    if reply.status != 304:
        handler.wfile.write(reply.body)


class RefusingBackend:
    """A network backend that fails the test if anything tries to connect (for connect-time guards)."""

    async def connect_tcp(self, host, port, **kw):
        raise AssertionError("must not connect")


def fetch_settings(server: ScriptedServer, **kw):
    """FetchSettings that may fetch from ``server`` (and nothing else on this machine), without politeness
    delays; ``kw`` overrides."""
    from newsloom.sources.fetcher import FetchSettings

    base = {"allowed_hosts": frozenset({server.host_port}), "min_host_interval_s": 0.0, "timeout_s": 3.0}
    return FetchSettings(**{**base, **kw})


def fetch(settings, url: str, **kw):
    """One ``Fetcher.fetch`` run to completion."""
    import asyncio

    from newsloom.sources.fetcher import Fetcher

    async def go():
        async with Fetcher(settings) as fetcher:
            return await fetcher.fetch(url, **kw)
    return asyncio.run(go())
