"""Helpers shared by the end-to-end tests: run the CLI, start the real server on a free port."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def cli(*args: str, home: Path, env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """Run ``newsloom ARGS`` as a user would (a subprocess), with NEWSLOOM_HOME=home."""
    full_env = {**os.environ, "NEWSLOOM_HOME": str(home), "COLUMNS": "200", **(env or {})}
    return subprocess.run([sys.executable, "-m", "newsloom", *args], capture_output=True, text=True, check=False,
                          env=full_env, timeout=timeout, cwd=ROOT)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(*args: str, home: Path, env: dict | None = None, timeout: float = 90) -> Iterator[str]:
    """Start ``newsloom ARGS --port P`` and yield its base URL once it answers; stop it afterwards."""
    port = free_port()
    full_env = {**os.environ, "NEWSLOOM_HOME": str(home), **(env or {})}
    log = open(home / f"server-{port}.log", "wb") if home.exists() else subprocess.DEVNULL  # noqa: SIM115 - closed below
    proc = subprocess.Popen([sys.executable, "-m", "newsloom", *args, "--host", "127.0.0.1", "--port", str(port)],
                            env=full_env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"server exited with {proc.returncode}: {_log(home, port)}")
            try:
                if httpx.get(base + "/api/v1/stories?limit=1", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server did not answer within {timeout}s: {_log(home, port)}")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        if hasattr(log, "close"):
            log.close()


def _log(home: Path, port: int) -> str:
    path = home / f"server-{port}.log"
    return path.read_text(errors="replace")[-3000:] if path.exists() else ""


SEEDS_SEEN = datetime(2022, 2, 17, tzinfo=UTC)  # when the seed pages count as fetched


def extract_seeds(seeds_dir: Path) -> dict:
    """The seed pages extracted by the real extractor, by file prefix ("000", "004"). The files are
    plain text without their page URL; seed 000's outlet name comes as a feed would give it (a hint)."""
    from newsloom.extract import extract_article
    from newsloom.model import FetchedDocument

    hints = {"000": {"source": "USTimeToday"}, "004": {}}
    out = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        key = path.name[:3]
        doc = FetchedDocument(url=f"file://{path}", body=path.read_bytes(), content_type="text/plain",
                              fetched_at=SEEDS_SEEN, hints=hints.get(key, {}))
        out[key] = extract_article(doc)
    return out


def daily_polls(poller, clock, rounds: int) -> list[list]:
    """``rounds`` rounds of ``poller.poll_once`` at ``clock()``, the clock a day later each time, then the
    poller closed: each round's results."""
    async def go():
        out = []
        for _ in range(rounds):
            out.append(await poller.poll_once(clock()))
            clock.now += timedelta(days=1)
        await poller.aclose()
        return out
    return asyncio.run(go())


class Clock:
    """A settable clock for pollers: ``clock()`` is ``clock.now``."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def poll_store(path: str = ":memory:"):
    """A store with what the poller reads and writes (sources, seen entries, articles, errors)."""
    from newsloom.store.articles import ArticleStore
    from newsloom.store.sources import SourceStore

    class PollStore(SourceStore, ArticleStore):
        pass

    return PollStore(path)


# Two unrelated local events, as stories tests use them (made up: no third-party text)
HARBOUR = ("<p>The harbour authority of Port Elsworth said on Monday that container traffic rose by a tenth in the "
           "first quarter, a record for the season, after the new quay opened in January.</p><p>Dock workers "
           "handled more ships than in any quarter before, the authority said in a statement on Monday, and it "
           "expects the summer to be busier still.</p>")
ORCHARD = ("<p>Apple growers in the Varnholt valley began the harvest a week early after a warm spring, the "
           "growers' association said.</p><p>Pickers expect a large crop of late varieties, the association "
           "added.</p>")


def html_doc(url: str, title: str, body: str, extra: str = ""):
    """A FetchedDocument of an article page: ``title`` as title and headline, ``body`` (HTML paragraphs), and
    ``extra`` as one more paragraph when given."""
    from newsloom.model import FetchedDocument

    more = f"<p>{extra}</p>" if extra else ""
    return FetchedDocument(url=url, body=f"<html><head><title>{title}</title></head><body><article><h1>{title}"
                                         f"</h1>{body}{more}</article></body></html>".encode())
