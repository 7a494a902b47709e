"""``newsloom serve`` and ``newsloom run``: the web server, and with ``run`` the poller beside it.

Both run in one asyncio loop: uvicorn serves the app while the poller polls each due source and
hands new documents to the pipeline in a worker thread (so pages stay responsive). Ctrl-C stops
the server, then the poller; nothing half-written is left behind (one transaction per article).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from pathlib import Path

from ..config import Settings

log = logging.getLogger("newsloom")


def seed_sources(nl, opml: Path) -> int:
    """Add the sources of ``opml`` the first time this store sees that list (so that sources the
    user removed later stay removed); returns how many were added. The list shipped in the package is a
    starting point only: a store that has sources already (the user's own) is not given it."""
    from ..config import packaged_feeds
    from ..sources.runner import SEEDED_KEY, import_opml_once

    path = Path(opml).resolve()
    key = f"{SEEDED_KEY}:{path}"
    if path == packaged_feeds().resolve() and nl.store.count_sources() and not nl.store.get_value(key):
        nl.store.set_value(key, "skipped: the store had sources of its own")
        return 0
    return import_opml_once(nl.store, opml, key=key)


class PollerStatus:
    """What the sources page says about the poller."""

    def __init__(self) -> None:
        self.started: datetime | None = None
        self.stopped = False

    def __call__(self) -> str:
        if self.started is None:
            return "The poller is starting."
        state = "stopped" if self.stopped else "running"
        return (f"The poller is {state} (since {self.started:%Y-%m-%d %H:%M} UTC); each source is polled on its own "
                "schedule. Failures are shown per source below.")


def check_listen(host: str, port: int) -> None:
    """Raise NewsloomError when ``host:port`` cannot be listened on (port in use, foreign address,
    unknown host name, port out of range), before anything else starts."""
    import socket

    from ..errors import NewsloomError

    where = f"{host}:{port}"
    if not 1 <= port <= 65535:
        raise NewsloomError("the port must be between 1 and 65535", subject=where)
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OverflowError) as exc:
        raise NewsloomError(f"cannot listen here: unknown host ({exc})", subject=where) from exc
    family, kind, proto, _, address = infos[0]
    try:
        with socket.socket(family, kind, proto) as sock:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)
    except OSError as exc:
        raise NewsloomError(f"cannot listen here: {exc.strerror or exc}", subject=where) from exc


def serve_forever(settings: Settings, *, poll: bool) -> None:
    import uvicorn

    from ..core import open_newsloom
    from ..web import create_app

    check_listen(settings.host, settings.port)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    nl = open_newsloom(settings)
    status = PollerStatus() if poll else None
    try:
        if poll:
            added = seed_sources(nl, settings.default_feeds)
            log.info("sources: %d (+%d from %s)", nl.store.count_sources(), added, settings.default_feeds)
        app = create_app(nl, poller_status=status)
        server = uvicorn.Server(uvicorn.Config(app, host=settings.host, port=settings.port, log_level="info"))
        log.info("newsloom on http://%s:%d (data: %s)", settings.host, settings.port, settings.data_dir)
        asyncio.run(_main(server, nl, settings, status))
    finally:
        nl.close()


def poll_settings(settings: Settings):
    """The poller's settings for ``newsloom run``: internal addresses and the entry age cutoff as configured."""
    from ..sources.fetcher import FetchSettings
    from ..sources.poller import PollSettings

    return PollSettings(fetch=FetchSettings(allow_private=settings.allow_private, allowed_hosts=settings.allowed_hosts),
                        max_entry_age=settings.max_entry_age)


async def _main(server, nl, settings: Settings, status: PollerStatus | None) -> None:
    if status is None:
        await server.serve()
        return
    from ..sources.poller import Poller

    stop = asyncio.Event()
    poller = Poller(nl.store, poll_settings(settings), on_documents=nl.ingest_documents)
    status.started = datetime.now(UTC)

    async def poll() -> None:
        try:
            await poller.run(stop)
        finally:
            status.stopped = True
            await poller.aclose()

    task = asyncio.create_task(poll())
    try:
        await server.serve()
    finally:
        stop.set()
        try:
            await asyncio.wait_for(task, timeout=30)
        except TimeoutError:
            task.cancel()
