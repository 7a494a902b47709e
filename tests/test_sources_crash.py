"""SIGKILL a poller mid-poll, start it again: no stored article lost, none stored twice.

The poller runs in a subprocess writing into a temporary store; its ``on_documents`` stores one
minimal Article per document with ``store.put_article`` (the lead's pipeline is not involved)
and logs each hand-over. The feed answers 304 to a matching ETag, so a validator saved too
early would hide the unfinished entries from the second run and the test would fail.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from html import escape

import pytest

from servers import Reply, ScriptedServer

N_ENTRIES = 60
BATCH = 10

CHILD = textwrap.dedent("""
    import asyncio, sys
    from newsloom.model import Article, Source, content_hash
    from newsloom.sources import FetchSettings, Poller, PollSettings
    from newsloom.store.articles import ArticleStore
    from newsloom.store.sources import SourceStore
    from newsloom.urls import article_id

    class Store(SourceStore, ArticleStore):
        pass

    db, feed_url, host_port, log_path = sys.argv[1:5]
    store = Store(db)
    store.add_source(Source(url=feed_url))
    log = open(log_path, "a")

    def on_documents(docs):
        for doc in docs:
            text = doc.body.decode(doc.encoding or "utf-8", "replace")
            digest = content_hash(text)
            store.put_article(Article(id=article_id(doc.url, digest), title=doc.hints.get("title", doc.url),
                                      text=text, url=doc.url, fetched_at=doc.fetched_at, content_hash=digest))
            log.write(doc.url + "\\n")
            log.flush()

    settings = PollSettings(fetch=FetchSettings(allowed_hosts=frozenset({host_port}), min_host_interval_s=0),
                            batch_size=BATCH_SIZE)
    async def main():
        async with Poller(store, settings, on_documents) as poller:
            results = await poller.poll_once()
        print("DONE", [(r.status, r.documents, r.error) for r in results], flush=True)
    asyncio.run(main())
""".replace("BATCH_SIZE", str(BATCH)))


def _feed(server: ScriptedServer) -> bytes:
    items = "".join(f"<item><title>Story {n}</title><link>{server.url(f'/art/{n}')}</link><guid>g{n}</guid>"
                    "<description>teaser</description></item>" for n in range(N_ENTRIES))
    return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>{escape('Crash feed')}</title>"
            f"{items}</channel></rss>").encode()


def _stored(db) -> list[str]:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return [r[0] for r in conn.execute("SELECT url FROM articles")]
        finally:
            conn.close()
    except sqlite3.Error:
        return []


@pytest.mark.timeout(120)
def test_sigkill_mid_poll_loses_nothing_and_duplicates_nothing(tmp_path):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    db, log = tmp_path / "store.sqlite", tmp_path / "handed.log"
    with ScriptedServer() as server:
        feed = _feed(server)
        server.route("/feed", lambda req: Reply(status=304) if req.headers.get("If-None-Match") == '"v1"'
                     else Reply(body=feed, headers={"ETag": '"v1"'}, content_type="application/rss+xml"))
        for n in range(N_ENTRIES):
            server.route(f"/art/{n}", Reply(body=f"<html><p>Body of story {n}</p></html>".encode(), delay_s=0.05))
        args = [sys.executable, str(script), str(db), server.url("/feed"), server.host_port, str(log)]

        first = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while len(_stored(db)) < 15 and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
        stored_at_kill = len(_stored(db))
        assert first.returncode == -signal.SIGKILL
        assert 0 < stored_at_kill < N_ENTRIES, "the kill must land mid-poll"

        second = subprocess.run(args, capture_output=True, text=True, timeout=90, check=False)
        assert second.returncode == 0, second.stderr
        assert "DONE" in second.stdout

        urls = _stored(db)
        expected = {server.url(f"/art/{n}") for n in range(N_ENTRIES)}
        assert len(urls) == N_ENTRIES and set(urls) == expected  # nothing lost, nothing twice
        page_hits = sum(server.hits(f"/art/{n}") for n in range(N_ENTRIES))
        handed = log.read_text().split()
        # only the batch in flight at the kill may be fetched and handed over again
        assert page_hits - N_ENTRIES <= BATCH
        assert len(handed) - N_ENTRIES <= BATCH and set(handed) == expected
        assert server.hits("/feed") == 2
    print(f"\nkilled with {stored_at_kill}/{N_ENTRIES} stored; pages refetched after restart: "
          f"{page_hits - N_ENTRIES}; documents handed over twice: {len(handed) - N_ENTRIES}")
