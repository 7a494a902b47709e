"""Gathering throughput: feed polls per second, pages fetched (and extracted) per second, peak memory.

    .venv/bin/python -m bench.sources [--quick]

A separate server process serves the site from 127.0.0.1 on several ports (each port is one
"host" to the fetcher, whose politeness limits are per host): RSS feeds of 20 summary-only
entries, and article pages (the Scrapinghub benchmark pages from ../shared when present, else
generated HTML). The poller under test runs in this process with a fresh SQLite store:

1. first poll of N feeds (entries deduplicated, documents built from the feed, pages not fetched);
2. second poll of the same feeds, answered 304 (conditional GET);
3. a poll whose new entries make the poller fetch each article page;
4. the same with newsloom's extractor (``extract_article``) run on each fetched page.

Peak memory while polling the N feeds: tracemalloc peak (Python allocations) and the growth of
the process's peak RSS (ru_maxrss).
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import multiprocessing as mp
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, timedelta
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT.parent / "shared" / "data" / "article-extraction-scrapinghub" / "html"
ENTRIES = 20


def _feed(base: str, feed_no: int, page_count: int, now) -> bytes:
    items = []
    for e in range(ENTRIES):
        page = (feed_no * ENTRIES + e) % page_count
        items.append(f"<item><title>Feed {feed_no} story {e}</title><link>{base}/p/{feed_no}/{e}/{page}</link>"
                     f"<guid>f{feed_no}-e{e}</guid><description>Teaser {e}.</description>"
                     f"<pubDate>{format_datetime(now - timedelta(hours=e))}</pubDate></item>")
    return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Feed {feed_no}</title>"
            f"<link>{base}/</link>{''.join(items)}</channel></rss>").encode()


def _page_bodies(limit: int) -> list[bytes]:
    if PAGES.is_dir():
        files = sorted(PAGES.glob("*.html.gz"))[:limit]
        if files:
            return [gzip.decompress(p.read_bytes()) for p in files]
    para = "<p>" + "The committee met on Tuesday to discuss the proposal in detail. " * 8 + "</p>"
    return [f"<html><head><title>Page {n}</title></head><body><article><h1>Page {n}</h1>{para * 6}"
            f"</article></body></html>".encode() for n in range(limit)]


def _serve(ports_out, n_ports: int, n_feeds: int, n_pages: int, stop) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from datetime import datetime

    from servers import Reply, ScriptedServer

    now = datetime.now(UTC)
    pages = _page_bodies(n_pages)
    servers = [ScriptedServer().start() for _ in range(n_ports)]

    def page(req):
        return Reply(body=pages[int(req.path.rsplit("/", 1)[1]) % len(pages)])

    for port_no, server in enumerate(servers):
        server.route("/robots.txt", Reply(body=b"User-agent: *\nAllow: /\n", content_type="text/plain"))
        for feed_no in range(port_no, n_feeds, n_ports):
            body = _feed(server.base, feed_no, len(pages), now)
            server.route(f"/f/{feed_no}", _conditional(Reply, body, f'"f{feed_no}"'))
        server.route_prefix("/p/", page)
    ports_out.put([s.host_port for s in servers])
    stop.wait()
    for server in servers:
        server.stop()


def _conditional(reply_cls, body: bytes, etag: str):
    def handler(req):
        if req.headers.get("If-None-Match") == etag:
            return reply_cls(status=304, headers={"ETag": etag})
        return reply_cls(body=body, headers={"ETag": etag}, content_type="application/rss+xml")
    return handler


def _store(path: Path):
    from newsloom.store.articles import ArticleStore
    from newsloom.store.sources import SourceStore

    class Store(SourceStore, ArticleStore):
        pass
    return Store(path)


async def _poll(store, hosts, on_documents, *, fetch_pages: bool, now):
    from newsloom.sources import FetchSettings, Poller, PollSettings

    settings = PollSettings(fetch=FetchSettings(allowed_hosts=frozenset(hosts), min_host_interval_s=0.0,
                                                per_host_concurrency=2),
                            source_concurrency=32, fetch_pages=fetch_pages, batch_size=20)
    async with Poller(store, settings, on_documents) as poller:
        started = time.perf_counter()
        results = await poller.poll_once(now)
        return results, time.perf_counter() - started


def _feeds_phase(tmp: Path, hosts: list[str], n_feeds: int) -> dict:
    from datetime import datetime

    handed = []
    now = datetime.now(UTC)
    memory = _memory_pass(tmp, hosts, n_feeds, now)  # first, on its own: tracemalloc slows everything down
    store = _sources_store(tmp / "feeds.sqlite", hosts, n_feeds)
    results, elapsed = asyncio.run(_poll(store, hosts, lambda docs: handed.append(len(docs)), fetch_pages=False,
                                         now=now))
    again, elapsed_304 = asyncio.run(_poll(store, hosts, lambda docs: None, fetch_pages=False,
                                           now=now + timedelta(days=1)))
    store.close()
    return {"feeds": n_feeds, "ok": sum(r.ok for r in results), "entries": sum(handed), "seconds": elapsed,
            "not_modified": sum(r.status == "not-modified" for r in again), "seconds_304": elapsed_304, **memory}


def _memory_pass(tmp: Path, hosts: list[str], n_feeds: int, now) -> dict:
    store = _sources_store(tmp / "memory.sqlite", hosts, n_feeds)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    asyncio.run(_poll(store, hosts, lambda docs: None, fetch_pages=False, now=now))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    store.close()
    return {"tracemalloc_peak_mb": peak / 2**20, "rss_growth_mb": (rss1 - rss0) / 1024, "rss_peak_mb": rss1 / 1024}


def _sources_store(path: Path, hosts: list[str], n_feeds: int):
    from newsloom.model import Source

    store = _store(path)
    store.add_sources([Source(url=f"http://{hosts[n % len(hosts)]}/f/{n}") for n in range(n_feeds)])
    return store


def _pages_phase(tmp: Path, hosts: list[str], n_feeds: int, *, extract: bool) -> dict:
    from datetime import datetime

    store = _sources_store(tmp / f"pages-{extract}.sqlite", hosts, n_feeds)
    counts = {"docs": 0, "articles": 0, "failed": 0}

    def on_documents(docs):
        counts["docs"] += len(docs)
        if not extract:
            return
        from newsloom.extract import extract_article
        for doc in docs:
            try:
                extract_article(doc)
                counts["articles"] += 1
            except Exception:  # noqa: BLE001 - a page the extractor rejects is counted, not fatal
                counts["failed"] += 1
    results, elapsed = asyncio.run(_poll(store, hosts, on_documents, fetch_pages=True,
                                         now=datetime.now(UTC)))
    store.close()
    return {"feeds": n_feeds, "pages": sum(r.pages_fetched for r in results), "seconds": elapsed, **counts}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 feeds and 5 page feeds instead of 1,000 and 50")
    args = parser.parse_args(argv)
    n_feeds, n_ports, page_feeds = (100, 10, 5) if args.quick else (1000, 50, 50)
    ctx = mp.get_context("spawn")
    ports, stop = ctx.Queue(), ctx.Event()
    server = ctx.Process(target=_serve, args=(ports, n_ports, n_feeds, 200, stop), daemon=True)
    server.start()
    try:
        hosts = ports.get(timeout=120)
        with tempfile.TemporaryDirectory() as tmp:
            feeds = _feeds_phase(Path(tmp), hosts, n_feeds)
            pages = _pages_phase(Path(tmp), hosts, page_feeds, extract=False)
            extracted = _pages_phase(Path(tmp), hosts, page_feeds, extract=True)
    finally:
        stop.set()
        server.join(10)
    _report(feeds, pages, extracted, n_ports, args.quick)


def _report(feeds: dict, pages: dict, extracted: dict, n_ports: int, quick: bool) -> None:
    from bench.report import write_section

    source = "Scrapinghub benchmark pages from ../shared" if PAGES.is_dir() else "generated HTML pages"
    intro = (f"Local site: {n_ports} ports on 127.0.0.1 (one \"host\" each, 2 connections per host), served by a "
             f"separate process; feeds of {ENTRIES} summary-only entries; article pages: {source}. Poller: 32 "
             "sources at once, fresh SQLite store (WAL) on disk.")
    n = feeds["feeds"]
    rows = [
        (f"feed polls per second (first poll, {n} feeds, {feeds['entries']} entries handed over)",
         f"{n / feeds['seconds']:.0f} ({feeds['ok']} ok in {feeds['seconds']:.1f} s)"),
        (f"feed polls per second (re-poll, conditional GET: {feeds['not_modified']} answered 304)",
         f"{n / feeds['seconds_304']:.0f}"),
        (f"pages fetched per second ({pages['pages']} pages from {pages['feeds']} feeds)",
         f"{pages['pages'] / pages['seconds']:.1f}"),
        ((f"pages fetched and extracted per second ({extracted['articles']} extracted, {extracted['failed']} "
          "rejected by the extractor)"), f"{extracted['pages'] / extracted['seconds']:.1f}"),
        (f"peak Python memory while polling {n} feeds (tracemalloc)", f"{feeds['tracemalloc_peak_mb']:.1f} MiB"),
        (f"growth of peak RSS while polling {n} feeds",
         f"{feeds['rss_growth_mb']:.1f} MiB (process peak {feeds['rss_peak_mb']:.0f} MiB)"),
    ]
    body = "\n".join([intro, "", "| measure | value |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows)])
    print(body)
    cmd = ".venv/bin/python -m bench.sources" + (" --quick" if quick else "")
    write_section("sources", "Gathering: feed polls, page fetches, memory", body, command=cmd)


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    main()
