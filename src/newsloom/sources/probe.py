"""What kind of source a URL is: a feed, a sitemap, or a homepage that advertises feeds."""

from __future__ import annotations

from ..errors import BlockedURLError, FeedError
from .discover import FeedLink, discover_feed_links, prefer_same_site
from .feeds import parse_feed
from .fetcher import FEED_ACCEPT, Fetcher, FetchSettings
from .safety import check_url
from .sitemaps import parse_sitemap

__all__ = ["classify_document", "probe_source"]

MAX_DISCOVERED = 5


def classify_document(body: bytes, url: str, headers: dict[str, str] | None = None, *,
                      allow_private: bool = False, allowed_hosts: frozenset[str] = frozenset()
                      ) -> list[tuple[str, str, str | None]]:
    """``[(url, kind, title)]`` for a fetched document: itself when it is a feed or sitemap, else
    the feeds it advertises, with the titles they are advertised with. Raises FeedError when it is
    none of these.

    A page's feeds are kept only when they may be fetched under ``allow_private``/``allowed_hosts``
    (the settings the page itself was fetched with): a page can name any address, and a source
    added from it would be polled unattended. Comments feeds are left out and the page's own site's
    feeds are preferred (see :mod:`.discover`)."""
    head = body[:4096].lower()
    if b"<urlset" in head or b"<sitemapindex" in head:
        parse_sitemap(body, url)
        return [(url, "sitemap", None)]
    try:
        feed = parse_feed(body, url=url, headers=headers)
        return [(url, "feed", feed.title)]
    except FeedError:
        pass
    links = discover_feed_links(body, url)
    fetchable, refused = _fetchable(links, allow_private=allow_private, allowed_hosts=allowed_hosts)
    if not fetchable:
        raise _no_feed(url, refused)
    return [(link.url, "feed", link.title) for link in prefer_same_site(fetchable, url)[:MAX_DISCOVERED]]


async def probe_source(url: str, settings: FetchSettings | None = None) -> list[tuple[str, str, str | None]]:
    """Fetch ``url`` once and classify it (see :func:`classify_document`) under the same settings."""
    settings = settings or FetchSettings()
    async with Fetcher(settings) as fetcher:
        result = await fetcher.fetch(url, accept=FEED_ACCEPT)
    return classify_document(result.body, result.url, dict(result.headers), allow_private=settings.allow_private,
                             allowed_hosts=settings.allowed_hosts)


def _fetchable(links: list[FeedLink], *, allow_private: bool, allowed_hosts: frozenset[str]
               ) -> tuple[list[FeedLink], list[BlockedURLError]]:
    """The links :func:`~.safety.check_url` lets through, and the refusals of the others."""
    kept, refused = [], []
    for link in links:
        try:
            check_url(link.url, allow_private=allow_private, allowed_hosts=allowed_hosts)
        except BlockedURLError as exc:
            refused.append(exc)
            continue
        kept.append(link)
    return kept, refused


def _no_feed(url: str, refused: list[BlockedURLError]) -> FeedError:
    if refused:
        return FeedError("neither a feed nor a sitemap, and every feed the page advertises is refused: "
                         + "; ".join(str(exc) for exc in refused[:3]), subject=url)
    return FeedError("neither a feed nor a sitemap, and the page advertises no feed "
                     "(add it with --kind page to fetch it as one article)", subject=url)
