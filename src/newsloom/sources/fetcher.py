"""The fetcher: newsloom's only network code. Polite (robots.txt, per-host limits, conditional
GET, Retry-After) and defensive (http/https only, no internal addresses, capped bodies,
redirects and time).

    async with Fetcher(FetchSettings()) as fetcher:
        result = await fetcher.fetch(url, etag=state.etag, last_modified=state.last_modified)

``fetch`` returns a :class:`FetchResult` (``not_modified`` for a 304) or raises a FetchError:
BlockedURLError, RobotsDisallowedError, TooLargeError, :class:`HTTPStatusError` (with
``status``, ``retry_after_s`` and ``permanent``) or :class:`NetworkError` (DNS, connect).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Self
from urllib.parse import urljoin, urlsplit

import httpx

from ..errors import FetchError, RobotsDisallowedError, TooLargeError
from ..model import FetchedDocument
from .charset import detect_encoding
from .robots import RobotsCache
from .safety import GuardedBackend, check_url

__all__ = [
    "FEED_ACCEPT",
    "USER_AGENT",
    "FetchResult",
    "FetchSettings",
    "FetchTimeoutError",
    "Fetcher",
    "HTTPStatusError",
    "NetworkError",
    "parse_retry_after",
]

USER_AGENT = "newsloom/0.1 (+https://github.com/newsloom/newsloom)"
ROBOTS_AGENT = "newsloom"
_REDIRECTS = {301, 302, 303, 307, 308}
_PERMANENT = {401, 403, 404, 410, 451}
FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
               "text/xml;q=0.9, */*;q=0.5")


@dataclass(frozen=True, slots=True)
class FetchSettings:
    timeout_s: float = 30.0  # whole request (one hop: connect, headers and body)
    connect_timeout_s: float = 10.0
    max_body_bytes: int = 10 * 2**20  # decompressed
    max_redirects: int = 5
    per_host_concurrency: int = 2
    min_host_interval_s: float = 1.0  # between two request starts on one host
    user_agent: str = USER_AGENT
    allow_private: bool = False
    allowed_hosts: frozenset[str] = frozenset()  # "host:port" exempt from the internal-address rule
    obey_robots: bool = True
    robots_ttl_s: float = 3600.0
    max_crawl_delay_s: float = 60.0
    max_wait_s: float = 15.0  # longest we wait for a host's Retry-After instead of failing fast
    max_retry_after_s: float = 6 * 3600.0
    max_connections: int = 100


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str  # after redirects
    requested_url: str
    status: int
    headers: Mapping[str, str]
    body: bytes
    fetched_at: datetime
    content_type: str = ""
    encoding: str | None = None
    redirects: tuple[str, ...] = ()  # the URLs that redirected, in order
    moved_permanently: bool = False  # every redirect was a 301/308: the new URL should replace the old

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def document(self, *, source: str | None = None, hints: Mapping[str, str] | None = None) -> FetchedDocument:
        return FetchedDocument(url=self.url, body=self.body, content_type=self.content_type or "text/html",
                               fetched_at=self.fetched_at, requested_url=self.requested_url, status=self.status,
                               headers=dict(self.headers), encoding=self.encoding, source=source,
                               hints=dict(hints or {}))


class HTTPStatusError(FetchError):
    """The server answered with an error status."""

    def __init__(self, message: str, *, subject: str | None = None, status: int = 0,
                 retry_after_s: float | None = None) -> None:
        super().__init__(message, subject=subject)
        self.status = status
        self.retry_after_s = retry_after_s

    @property
    def permanent(self) -> bool:
        return self.status in _PERMANENT


class NetworkError(FetchError):
    """The host could not be reached (DNS, refused connection, no network, broken connection)."""


class RobotsUnavailableError(FetchError):
    """robots.txt answered a server error: per RFC 9309 nothing is fetched from the site for now."""


class FetchTimeoutError(FetchError):
    """The request took longer than ``FetchSettings.timeout_s``."""


@dataclass(slots=True)
class _Host:
    slots: asyncio.Semaphore
    next_start: float = 0.0
    interval: float = 0.0
    blocked_until: datetime | None = None  # by the fetcher's clock (Retry-After)
    blocked_status: int = 429


@dataclass(slots=True)
class _Hop:
    status: int
    headers: httpx.Headers
    body: bytes
    location: str | None = None


class Fetcher:
    """One shared async HTTP client with robots, per-host limits and the safety guard."""

    def __init__(self, settings: FetchSettings | None = None, *,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.settings = settings or FetchSettings()
        self._clock = clock or (lambda: datetime.now(UTC))
        self._client = _make_client(self.settings)
        self._hosts: dict[str, _Host] = {}
        self._robots = RobotsCache(self._fetch_robots, agent=ROBOTS_AGENT, ttl_s=self.settings.robots_ttl_s)
        self.requests = 0  # HTTP requests sent (robots.txt included)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    def check(self, url: str) -> str:
        """Raise BlockedURLError if ``url`` may not be fetched under these settings."""
        return check_url(url, allow_private=self.settings.allow_private,
                         allowed_hosts=self.settings.allowed_hosts)

    async def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
                    accept: str | None = None) -> FetchResult:
        headers = {"Accept": accept or "text/html,application/xhtml+xml,*/*;q=0.8"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        hop, final, chain = await self._follow(url, headers, robots=self.settings.obey_robots,
                                               max_bytes=self.settings.max_body_bytes)
        if hop.status >= 400:
            error = _status_error(hop, final, self.settings)
            if error.retry_after_s:
                self.note_retry_after(final, error.retry_after_s, error.status)
            raise error
        content_type = hop.headers.get("content-type", "")
        encoding = await asyncio.to_thread(detect_encoding, hop.body, content_type) if hop.body else None
        return FetchResult(url=final, requested_url=url, status=hop.status, headers=dict(hop.headers),
                           body=hop.body, fetched_at=self._clock(), content_type=content_type.split(";")[0].strip(),
                           encoding=encoding, redirects=tuple(u for u, _ in chain),
                           moved_permanently=bool(chain) and all(code in (301, 308) for _, code in chain))

    # -- redirects ---------------------------------------------------------------------------------
    async def _follow(self, url: str, headers: dict, *, robots: bool, max_bytes: int):
        current, chain, seen = url, [], {url}
        for _ in range(self.settings.max_redirects + 1):
            self.check(current)
            if robots:
                await self._check_robots(current)
            hop = await self._request(current, headers, max_bytes)
            if hop.status not in _REDIRECTS or not hop.location:
                return hop, current, chain
            target = urljoin(current, hop.location)
            if target in seen:
                raise FetchError(f"redirect loop: {current} -> {target}", subject=url)
            seen.add(target)
            chain.append((current, hop.status))
            current = target
        raise FetchError(f"too many redirects (more than {self.settings.max_redirects})", subject=url)

    async def _check_robots(self, url: str) -> None:
        rules = await self._robots.rules_for(url)
        if rules.unavailable_status is not None:
            raise RobotsUnavailableError(f"robots.txt unavailable (HTTP {rules.unavailable_status}): the site is "
                                         "not fetched until it answers", subject=url)
        if not rules.allows(ROBOTS_AGENT, url):
            raise RobotsDisallowedError("disallowed by robots.txt", subject=url)
        if rules.crawl_delay is not None:
            host = self._host(url)
            host.interval = max(self.settings.min_host_interval_s,
                                min(rules.crawl_delay, self.settings.max_crawl_delay_s))

    async def _fetch_robots(self, url: str) -> tuple[int, bytes]:
        try:
            hop, _, _ = await self._follow(url, {"Accept": "text/plain"}, robots=False, max_bytes=512 * 1024)
        except TooLargeError:
            return 404, b""  # an absurd robots.txt is treated as none
        except HTTPStatusError as exc:
            return exc.status, b""
        return hop.status, hop.body

    # -- one request -------------------------------------------------------------------------------
    async def _request(self, url: str, headers: dict, max_bytes: int) -> _Hop:
        async with self._host_slot(url):
            self.requests += 1
            try:
                async with asyncio.timeout(self.settings.timeout_s):
                    return await self._send(url, headers, max_bytes)
            except (TimeoutError, httpx.TimeoutException) as exc:
                raise FetchTimeoutError(f"timed out after {self.settings.timeout_s:g} s ({type(exc).__name__})",
                                        subject=url) from exc
            except (httpx.ConnectError, OSError) as exc:
                raise NetworkError(f"network unreachable or host down: {exc}", subject=url) from exc
            except httpx.HTTPError as exc:
                raise NetworkError(f"HTTP failure: {type(exc).__name__}: {exc}", subject=url) from exc

    async def _send(self, url: str, headers: dict, max_bytes: int) -> _Hop:
        async with self._client.stream("GET", url, headers=headers) as resp:
            if resp.status_code in _REDIRECTS or resp.status_code == 304:
                return _Hop(resp.status_code, resp.headers, b"", resp.headers.get("location"))
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise TooLargeError(f"body of {int(declared)} bytes exceeds the {max_bytes} byte limit "
                                    "(declared Content-Length; not downloaded)", subject=url)
            body = await _read_capped(resp, max_bytes, url)
            return _Hop(resp.status_code, resp.headers, body)

    # -- per-host politeness -----------------------------------------------------------------------
    def _host(self, url: str) -> _Host:
        key = urlsplit(url).netloc.lower()
        host = self._hosts.get(key)
        if host is None:
            host = self._hosts[key] = _Host(asyncio.Semaphore(self.settings.per_host_concurrency),
                                            interval=self.settings.min_host_interval_s)
        return host

    @asynccontextmanager
    async def _host_slot(self, url: str) -> AsyncIterator[None]:
        host = self._host(url)
        wait_blocked = (host.blocked_until - self._clock()).total_seconds() if host.blocked_until else 0.0
        if wait_blocked > self.settings.max_wait_s:  # fail fast, without touching the host
            raise HTTPStatusError(f"host asked us to wait (HTTP {host.blocked_status}); "
                                  f"{wait_blocked:.0f} s left", subject=url, status=host.blocked_status,
                                  retry_after_s=wait_blocked)
        async with host.slots:
            now = time.monotonic()
            start = max(now, host.next_start, now + max(0.0, wait_blocked))
            host.next_start = start + host.interval
            if start > now:
                await asyncio.sleep(start - now)
            yield

    def note_retry_after(self, url: str, seconds: float, status: int) -> None:
        host = self._host(url)
        until = self._clock() + timedelta(seconds=seconds)
        host.blocked_until = until if host.blocked_until is None else max(host.blocked_until, until)
        host.blocked_status = status


async def _read_capped(resp: httpx.Response, max_bytes: int, url: str) -> bytes:
    buf = bytearray()
    async for chunk in resp.aiter_bytes():
        buf += chunk
        if len(buf) > max_bytes:
            raise TooLargeError(f"body exceeds the {max_bytes} byte limit; cut off after {len(buf)} bytes",
                                subject=url)
    return bytes(buf)


def _status_error(hop: _Hop, url: str, settings: FetchSettings) -> HTTPStatusError:
    retry = None
    if hop.status in (429, 503):
        retry = parse_retry_after(hop.headers.get("retry-after"), now=datetime.now(UTC))
        retry = min(retry, settings.max_retry_after_s) if retry is not None else None
    kind = "permanent" if hop.status in _PERMANENT else "temporary"
    extra = f", Retry-After {retry:.0f} s" if retry is not None else ""
    return HTTPStatusError(f"HTTP {hop.status} ({kind}{extra})", subject=url, status=hop.status,
                           retry_after_s=retry)


def parse_retry_after(value: str | None, *, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def _make_client(settings: FetchSettings) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=settings.max_connections, max_keepalive_connections=20)
    transport = httpx.AsyncHTTPTransport(retries=0, limits=limits)
    pool = getattr(transport, "_pool", None)
    if pool is None or not hasattr(pool, "_network_backend"):  # httpx internals changed: fail closed
        raise FetchError("cannot install the connect-time address guard on this httpx version")
    pool._network_backend = GuardedBackend(pool._network_backend, allow_private=settings.allow_private,
                                           allowed_hosts=settings.allowed_hosts)
    return httpx.AsyncClient(
        transport=transport, follow_redirects=False, trust_env=False,
        timeout=httpx.Timeout(settings.timeout_s, connect=settings.connect_timeout_s),
        headers={"User-Agent": settings.user_agent})
