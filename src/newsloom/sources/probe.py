"""What kind of source a URL is: a feed, a sitemap, or a homepage that advertises feeds."""

from __future__ import annotations

from ..errors import FeedError
from .discover import discover_feeds
from .feeds import parse_feed
from .fetcher import FEED_ACCEPT, Fetcher, FetchSettings
from .sitemaps import parse_sitemap

__all__ = ["classify_document", "probe_source"]

MAX_DISCOVERED = 5


def classify_document(body: bytes, url: str, headers: dict[str, str] | None = None
                      ) -> list[tuple[str, str, str | None]]:
    """``[(url, kind, title)]`` for a fetched document: itself when it is a feed or sitemap, else
    the feeds it advertises. Raises FeedError when it is none of these."""
    head = body[:4096].lower()
    if b"<urlset" in head or b"<sitemapindex" in head:
        parse_sitemap(body, url)
        return [(url, "sitemap", None)]
    try:
        feed = parse_feed(body, url=url, headers=headers)
        return [(url, "feed", feed.title)]
    except FeedError:
        pass
    found = discover_feeds(body, url)[:MAX_DISCOVERED]
    if not found:
        raise FeedError("neither a feed nor a sitemap, and the page advertises no feed "
                        "(add it with --kind page to fetch it as one article)", subject=url)
    return [(u, "feed", None) for u in found]


async def probe_source(url: str, settings: FetchSettings | None = None) -> list[tuple[str, str, str | None]]:
    """Fetch ``url`` once and classify it (see :func:`classify_document`)."""
    async with Fetcher(settings or FetchSettings()) as fetcher:
        result = await fetcher.fetch(url, accept=FEED_ACCEPT)
    return classify_document(result.body, result.url, dict(result.headers))
