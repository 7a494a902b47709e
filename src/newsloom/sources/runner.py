"""Starting points for ``newsloom run``: seed the default sources once, run the poller in a thread.

    added = import_opml_once(store, settings.default_feeds)       # first start only
    handle = start_poller_thread(store, PollSettings(...), pipeline_callback)
    ...                                                            # serve the web UI
    handle.stop()                                                  # on shutdown
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..errors import InputError, NewsloomError
from .opml import read_opml
from .poller import OnDocuments, Poller, PollSettings

__all__ = ["PollerHandle", "import_opml_once", "start_poller_thread"]

SEEDED_KEY = "sources.default_opml_imported"


def import_opml_once(store, opml_path: str | Path, *, key: str = SEEDED_KEY) -> int:
    """Add the OPML's sources unless this store was seeded before (so that sources the user removed
    stay removed). Returns how many sources were added. Raises InputError for an unreadable file. Outlines
    that name no usable feed (see :func:`~newsloom.sources.opml.read_opml`) are recorded as errors
    (stage "sources"), so that ``newsloom errors`` says what was left out."""
    if store.get_value(key):
        return 0
    path = Path(opml_path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the sources list: {exc.strerror or exc}", subject=str(path)) from exc
    try:
        listed = read_opml(data, subject=str(path))
    except NewsloomError as exc:
        raise InputError(f"not a usable OPML sources list: {exc.message}", subject=str(path)) from exc
    before = store.count_sources()
    store.add_sources(listed.sources)
    for outline in listed.skipped:
        store.record_error(stage="sources", subject=str(path), message=f"skipped outline {outline.label}: "
                           f"{outline.reason}", at=datetime.now(UTC))
    store.set_value(key, str(path))
    return store.count_sources() - before


@dataclass
class PollerHandle:
    thread: threading.Thread
    _loop: asyncio.AbstractEventLoop | None = None
    _stop: asyncio.Event | None = None
    error: BaseException | None = None

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the poller to finish (in-flight polls are cancelled; nothing half-done is marked seen)."""
        if self._loop is not None and self._stop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._stop.set)
        self.thread.join(timeout)


def start_poller_thread(store, settings: PollSettings, on_documents: OnDocuments) -> PollerHandle:
    """Run ``Poller(store, settings, on_documents).run(...)`` in a daemon thread with its own event loop."""
    ready = threading.Event()
    handle = PollerHandle(thread=threading.Thread(name="newsloom-poller", daemon=True, target=lambda: None))

    async def main() -> None:
        handle._loop, handle._stop = asyncio.get_running_loop(), asyncio.Event()
        ready.set()
        await Poller(store, settings, on_documents).run(handle._stop)

    def target() -> None:
        try:
            asyncio.run(main())
        except BaseException as exc:  # noqa: BLE001 - kept on the handle for the caller to report
            handle.error = exc
        finally:
            ready.set()

    handle.thread = threading.Thread(name="newsloom-poller", daemon=True, target=target)
    handle.thread.start()
    ready.wait(10)
    return handle
