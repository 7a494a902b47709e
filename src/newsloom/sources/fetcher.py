"""The fetcher: newsloom's only network code. Polite (robots.txt, per-host limits, conditional
GET, Retry-After) and defensive (http/https only, well-formed host names, no internal addresses,
capped bodies, redirects and time). Compressed bodies (gzip, deflate, br; one coding, never
stacked) are decoded incrementally and never past the body limit, so a compression bomb costs
no more than an honest body at the limit.

    async with Fetcher(FetchSettings()) as fetcher:
        result = await fetcher.fetch(url, etag=state.etag, last_modified=state.last_modified)

``fetch`` returns a :class:`FetchResult` (``not_modified`` for a 304) or raises a FetchError:
BlockedURLError, RobotsDisallowedError, :class:`RobotsUnavailableError`, TooLargeError,
:class:`RedirectError`, :class:`HTTPStatusError` (with ``status``, ``retry_after_s`` and
``permanent``), :class:`NetworkError` (DNS, connect) or :class:`FetchTimeoutError` (and its
:class:`HostCooldownError`).

A slow host costs little: a robots.txt that times out (or cannot be reached) is remembered as a full
disallow for ``robots_error_ttl_s`` (RFC 9309), so the host's other URLs fail at once with
RobotsUnavailableError instead of each asking robots.txt again; and a host whose requests time out
``host_cooldown_after`` times in a row is not asked anything for ``host_cooldown_s``
(HostCooldownError, at once, queued requests included), so that one slow host cannot hold the
poller's source slots for a timeout per URL.
"""

from __future__ import annotations

import asyncio
import time
import zlib
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Self
from urllib.parse import urljoin, urlsplit

import brotli
import httpx

from ..errors import BlockedURLError, FetchError, NewsloomError, RobotsDisallowedError, TooLargeError
from ..model import FetchedDocument
from .charset import detect_encoding
from .robots import ROBOTS_MAX_BYTES, RobotsCache, RobotsUnreachable
from .safety import GuardedBackend, check_url

__all__ = [
    "ACCEPT_ENCODING",
    "FEED_ACCEPT",
    "USER_AGENT",
    "FetchResult",
    "FetchSettings",
    "FetchTimeoutError",
    "Fetcher",
    "HTTPStatusError",
    "HostCooldownError",
    "NetworkError",
    "RedirectError",
    "RobotsUnavailableError",
    "parse_retry_after",
]

USER_AGENT = "newsloom/0.1 (+https://github.com/newsloom/newsloom)"
ROBOTS_AGENT = "newsloom"
_REDIRECTS = {301, 302, 303, 307, 308}
_PERMANENT = {401, 403, 404, 410, 451}
#: the content codings newsloom decodes (one at a time, incrementally and capped: see _BodyDecoder)
ACCEPT_ENCODING = "gzip, deflate, br"
FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
               "text/xml;q=0.9, */*;q=0.5")


@dataclass(frozen=True, slots=True)
class FetchSettings:
    timeout_s: float = 30.0  # whole request (one hop: connect, headers and body)
    connect_timeout_s: float = 10.0
    max_body_bytes: int = 10 * 2**20  # decompressed (and never decompressed further than this)
    max_redirects: int = 5
    per_host_concurrency: int = 2
    min_host_interval_s: float = 1.0  # between two request starts on one host
    user_agent: str = USER_AGENT
    allow_private: bool = False
    allowed_hosts: frozenset[str] = frozenset()  # "host:port" exempt from the internal-address rule
    obey_robots: bool = True
    robots_ttl_s: float = 3600.0
    # a robots.txt that cannot be reached (5xx, timeout, network error) means "disallow everything" for
    # this long (RFC 9309 2.3.1.4), then it is asked again; the host's URLs meanwhile fail at once
    # (RobotsUnavailableError, retryable). Redirects that cannot be followed to a robots.txt (a loop, more
    # than max_redirects, a target that may not be fetched) mean "no robots.txt" for this long (2.3.1.2).
    robots_error_ttl_s: float = 600.0
    # after host_cooldown_after requests in a row to one host timed out (no answer in between), every
    # request to that host fails at once (HostCooldownError, retryable), queued ones included, for
    # host_cooldown_s: one slow host costs a timeout or two per cool-down, not one per URL (0: never)
    host_cooldown_s: float = 120.0
    host_cooldown_after: int = 2
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


class HostCooldownError(FetchTimeoutError):
    """Not sent: the host's last requests timed out, and it is left alone for ``FetchSettings.host_cooldown_s``."""


class RedirectError(FetchError):
    """A redirect chain that cannot be followed: a loop, or more than ``FetchSettings.max_redirects``."""


@dataclass(slots=True)
class _Host:
    slots: asyncio.Semaphore
    next_start: float = 0.0
    interval: float = 0.0
    blocked_until: datetime | None = None  # by the fetcher's clock (Retry-After)
    blocked_status: int = 429
    timeouts: int = 0  # requests in a row that timed out (an answer resets it)
    cool_until: float = 0.0  # time.monotonic() until which nothing is sent (see FetchSettings.host_cooldown_s)
    cool_reason: str = ""


@dataclass(slots=True)
class _Hop:
    status: int
    headers: httpx.Headers
    body: bytes
    location: str | None = None
    truncated: bool = False  # the body was cut at the limit (only when the caller asked for a prefix)


class Fetcher:
    """One shared async HTTP client with robots, per-host limits and the safety guard."""

    def __init__(self, settings: FetchSettings | None = None, *,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.settings = settings or FetchSettings()
        self._clock = clock or (lambda: datetime.now(UTC))
        self._client = _make_client(self.settings)
        self._hosts: dict[str, _Host] = {}
        self._robots = RobotsCache(self._fetch_robots, agent=ROBOTS_AGENT, ttl_s=self.settings.robots_ttl_s,
                                   error_ttl_s=self.settings.robots_error_ttl_s)
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
    async def _follow(self, url: str, headers: dict, *, robots: bool, max_bytes: int, prefix: bool = False,
                      chain: list[tuple[str, int]] | None = None):
        """(last hop, its URL, the redirects as (url, status)). ``chain``, when given, is filled as the
        redirects come, so that a caller sees after an error whether it came after a redirect."""
        current, seen = url, {url}
        chain = [] if chain is None else chain
        for _ in range(self.settings.max_redirects + 1):
            self.check(current)
            if robots:
                await self._check_robots(current)
            hop = await self._request(current, headers, max_bytes, prefix=prefix)
            if hop.status not in _REDIRECTS or not hop.location:
                return hop, current, chain
            chain.append((current, hop.status))
            try:
                target = urljoin(current, hop.location)
            except ValueError as exc:  # e.g. "http://[bad/": urljoin refuses it
                raise BlockedURLError(f"malformed redirect target {hop.location!r}: {exc}", subject=url) from exc
            if target in seen:
                raise RedirectError(f"redirect loop: {current} -> {target}", subject=url)
            seen.add(target)
            current = target
        raise RedirectError(f"too many redirects (more than {self.settings.max_redirects})", subject=url)

    async def _check_robots(self, url: str) -> None:
        rules = await self._robots.rules_for(url)
        if rules.unavailable_status is not None or rules.unreachable is not None:
            why = f"HTTP {rules.unavailable_status}" if rules.unavailable_status is not None else rules.unreachable
            left = max(0.0, rules.expires - time.monotonic())
            raise RobotsUnavailableError(f"robots.txt unavailable ({why}): the site is not fetched until it "
                                         f"answers (robots.txt asked again in {left:.0f} s)", subject=url)
        if not rules.allows(ROBOTS_AGENT, url):
            raise RobotsDisallowedError("disallowed by robots.txt", subject=url)
        if rules.crawl_delay is not None:
            host = self._host(url)
            host.interval = max(self.settings.min_host_interval_s,
                                min(rules.crawl_delay, self.settings.max_crawl_delay_s))

    async def _fetch_robots(self, url: str) -> tuple[int, bytes]:
        """(status, body) of a robots.txt. A longer one than ROBOTS_MAX_BYTES is cut there (RFC 9309:
        parse at least the first 500 KiB), at the last complete line so that no rule is half read.

        What RobotsCache makes of failures (RFC 9309): a timeout, a network error or an unreadable body
        raises RobotsUnreachable (a full disallow for ``robots_error_ttl_s``: 2.3.1.4); redirects that
        cannot be followed to the end (a loop, too many, a target that may not be fetched, such as an
        internal address) answer the last redirect's status (no robots.txt, asked again after
        ``robots_error_ttl_s``: 2.3.1.2 lets more than five redirects count as "unavailable", and a
        target we refuse to follow is reached no more than the sixth one). Refusals that sent nothing
        (the host itself refused, cooling down or under Retry-After) propagate and are not cached: the
        same refusal meets every request to that host anyway, at once."""
        chain: list[tuple[str, int]] = []
        try:
            hop, _, _ = await self._follow(url, {"Accept": "text/plain"}, robots=False,
                                           max_bytes=ROBOTS_MAX_BYTES, prefix=True, chain=chain)
        except (HostCooldownError, HTTPStatusError):  # nothing was asked (Retry-After or cool-down)
            raise
        except (BlockedURLError, RedirectError):
            if not chain:  # robots.txt's own address is refused (the site's other URLs are too)
                raise
            return chain[-1][1], b""
        except FetchError as exc:  # timeout, network, unreadable body
            raise RobotsUnreachable(exc, exc.message) from exc
        body = hop.body
        if hop.truncated:
            body = body[: body.rfind(b"\n") + 1]
        return hop.status, body

    # -- one request -------------------------------------------------------------------------------
    async def _request(self, url: str, headers: dict, max_bytes: int, *, prefix: bool = False) -> _Hop:
        async with self._host_slot(url) as host:
            self.requests += 1
            try:
                async with asyncio.timeout(self.settings.timeout_s):
                    hop = await self._send(url, headers, max_bytes, prefix=prefix)
                _note_answer(host)
                return hop
            except NewsloomError:
                _note_answer(host)  # it answered (with something refused here, such as a body too large)
                raise
            except (TimeoutError, httpx.TimeoutException) as exc:
                message = f"timed out after {self.settings.timeout_s:g} s ({type(exc).__name__})"
                self._note_timeout(host, message)
                raise FetchTimeoutError(message, subject=url) from exc
            except (httpx.ConnectError, OSError) as exc:
                raise NetworkError(f"network unreachable or host down: {exc}", subject=url) from exc
            except httpx.HTTPError as exc:
                raise NetworkError(f"HTTP failure: {type(exc).__name__}: {exc}", subject=url) from exc
            except (UnicodeError, httpx.InvalidURL) as exc:  # a host name IDNA refuses ("a..b", "xn--a")
                raise BlockedURLError(f"malformed URL or redirect target: {type(exc).__name__}: {exc}",
                                      subject=url) from exc

    async def _send(self, url: str, headers: dict, max_bytes: int, *, prefix: bool = False) -> _Hop:
        headers = {**headers, "Accept-Encoding": ACCEPT_ENCODING}
        async with self._client.stream("GET", url, headers=headers) as resp:
            if resp.status_code in _REDIRECTS or resp.status_code == 304:
                return _Hop(resp.status_code, resp.headers, b"", resp.headers.get("location"))
            if resp.status_code >= 400:  # only the status and headers are used: the body is not even read
                return _Hop(resp.status_code, resp.headers, b"")
            declared = resp.headers.get("content-length", "")
            if not prefix and declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
                raise TooLargeError(f"body of {int(declared)} bytes exceeds the {max_bytes} byte limit "
                                    "(declared Content-Length; not downloaded)", subject=url)
            body, truncated = await _read_capped(resp, max_bytes, url, prefix=prefix)
            return _Hop(resp.status_code, resp.headers, body, truncated=truncated)

    # -- per-host politeness -----------------------------------------------------------------------
    def _host(self, url: str) -> _Host:
        key = urlsplit(url).netloc.lower()
        host = self._hosts.get(key)
        if host is None:
            host = self._hosts[key] = _Host(asyncio.Semaphore(self.settings.per_host_concurrency),
                                            interval=self.settings.min_host_interval_s)
        return host

    @asynccontextmanager
    async def _host_slot(self, url: str) -> AsyncIterator[_Host]:
        host = self._host(url)
        self._check_cooldown(host, url)
        wait_blocked = (host.blocked_until - self._clock()).total_seconds() if host.blocked_until else 0.0
        if wait_blocked > self.settings.max_wait_s:  # fail fast, without touching the host
            raise HTTPStatusError(f"host asked us to wait (HTTP {host.blocked_status}); "
                                  f"{wait_blocked:.0f} s left", subject=url, status=host.blocked_status,
                                  retry_after_s=wait_blocked)
        async with host.slots:
            self._check_cooldown(host, url)  # the host may have timed out while this request queued
            now = time.monotonic()
            start = max(now, host.next_start, now + max(0.0, wait_blocked))
            host.next_start = start + host.interval
            if start > now:
                await asyncio.sleep(start - now)
                self._check_cooldown(host, url)  # ...or while it waited for its turn
            yield host

    def _note_timeout(self, host: _Host, message: str) -> None:
        host.timeouts += 1
        if self.settings.host_cooldown_s > 0 and host.timeouts >= max(1, self.settings.host_cooldown_after):
            host.cool_until = max(host.cool_until, time.monotonic() + self.settings.host_cooldown_s)
            host.cool_reason = f"its last {host.timeouts} requests timed out, the last {message}"

    @staticmethod
    def _check_cooldown(host: _Host, url: str) -> None:
        left = host.cool_until - time.monotonic()
        if left > 0:
            raise HostCooldownError(f"not sent: host cooling down ({host.cool_reason}); asked again in "
                                    f"{left:.0f} s", subject=url)

    def note_retry_after(self, url: str, seconds: float, status: int) -> None:
        host = self._host(url)
        until = self._clock() + timedelta(seconds=seconds)
        host.blocked_until = until if host.blocked_until is None else max(host.blocked_until, until)
        host.blocked_status = status


def _note_answer(host: _Host) -> None:
    """The host answered: it is not slow (any cool-down ends)."""
    host.timeouts = 0
    host.cool_until = 0.0


async def _read_capped(resp: httpx.Response, max_bytes: int, url: str, *,
                       prefix: bool = False) -> tuple[bytes, bool]:
    """The body, decoded (Content-Encoding) chunk by chunk as it arrives and never past ``max_bytes``:
    (body, False), or TooLargeError, or with ``prefix`` (body cut at max_bytes, True)."""
    decoder = _BodyDecoder(resp.headers.get("content-encoding", ""), max_bytes, url)
    buf = bytearray()
    try:
        async for raw in resp.aiter_raw():  # raw: httpx would inflate each chunk whole, without a limit
            buf += decoder.feed(raw)
        buf += decoder.finish()
    except TooLargeError:
        if not prefix:
            raise
        buf += decoder.pending
        return bytes(buf[:max_bytes]), True
    return bytes(buf), False


class _BodyDecoder:
    """Decodes one response body's Content-Encoding (identity, gzip, deflate or br) incrementally.

    Every call produces at most what is left of ``limit`` plus one step (64 KiB), and raises
    TooLargeError as soon as the decoded size passes ``limit``, so a compression bomb costs no more
    memory than an honest body at the limit. ``produced`` counts the decoded bytes. Stacked codings
    ("gzip, gzip") and unknown ones are refused with a FetchError before anything is decoded."""

    STEP = 64 * 1024  # most bytes one decompression call may produce

    def __init__(self, header: str, limit: int, url: str) -> None:
        codings = [c.strip().lower() for c in header.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1:
            raise FetchError(f"stacked Content-Encoding {header!r} refused (one of {ACCEPT_ENCODING} is "
                             "decoded, not several in a row)", subject=url)
        coding = {"x-gzip": "gzip"}.get(codings[0], codings[0]) if codings else "identity"
        if coding not in ("identity", "gzip", "deflate", "br"):
            raise FetchError(f"unsupported Content-Encoding {header.strip()!r} (newsloom decodes "
                             f"{ACCEPT_ENCODING})", subject=url)
        self.coding = coding
        self.limit = limit
        self.url = url
        self.produced = 0
        self.pending = b""  # output of the step that crossed the limit (kept for prefix reads)
        self._seen_input = False
        self._done = False  # the compressed stream ended (later bytes are ignored, as browsers do)
        self._head = b""  # deflate: the first bytes, until we know whether a zlib header leads
        self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if coding == "gzip" else None
        self._brotli = brotli.Decompressor() if coding == "br" else None

    def feed(self, data: bytes) -> bytes:
        if not data:
            return b""
        self._seen_input = True
        if self.coding == "identity":
            return self._count(data)
        if self._done:
            return b""
        try:
            if self.coding == "br":
                return self._feed_brotli(data)
            if self.coding == "deflate" and self._inflater is None:
                self._head += data
                if len(self._head) < 2:
                    return b""
                data, self._head = self._head, b""
                zlib_wrapped = (data[0] & 0x0F) == 8 and ((data[0] << 8) | data[1]) % 31 == 0
                self._inflater = zlib.decompressobj(zlib.MAX_WBITS if zlib_wrapped else -zlib.MAX_WBITS)
            return self._feed_zlib(data)
        except (zlib.error, brotli.error) as exc:
            raise FetchError(f"corrupt {self.coding}-encoded body: {exc}", subject=self.url) from exc

    def finish(self) -> bytes:
        """Whatever is left; FetchError when the compressed stream stopped before its end."""
        if self.coding == "identity" or not self._seen_input or self._done:
            return b""
        if self.coding == "deflate" and self._inflater is None:
            raise FetchError("truncated deflate-encoded body", subject=self.url)
        raise FetchError(f"truncated {self.coding}-encoded body (the compressed stream ends early)",
                         subject=self.url)

    def _count(self, out: bytes) -> bytes:
        self.produced += len(out)
        if self.produced > self.limit:
            self.pending = out
            raise TooLargeError(f"body exceeds the {self.limit} byte limit (after decoding "
                                f"Content-Encoding {self.coding}); cut off there", subject=self.url)
        return out

    def _step(self) -> int:
        return min(self.STEP, self.limit - self.produced + 1)

    def _feed_zlib(self, data: bytes) -> bytes:
        out = []
        while data and not self._done:
            inflater = self._inflater
            out.append(self._count(inflater.decompress(data, self._step())))
            data = inflater.unconsumed_tail
            if inflater.eof:
                rest = inflater.unused_data
                if self.coding == "gzip" and rest[:2] == b"\x1f\x8b":  # another gzip member follows
                    self._inflater, data = zlib.decompressobj(16 + zlib.MAX_WBITS), rest
                else:
                    self._done = True
        return b"".join(out)

    def _feed_brotli(self, data: bytes) -> bytes:
        decoder = self._brotli
        out = [self._count(decoder.process(data, output_buffer_limit=self._step()))]
        while not decoder.can_accept_more_data():
            out.append(self._count(decoder.process(b"", output_buffer_limit=self._step())))
        self._done = decoder.is_finished()
        return b"".join(out)


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
    if value.isascii() and value.isdigit():  # str.isdigit() is also true for "²" or "٣"
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
