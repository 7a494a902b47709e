"""robots.txt per origin, cached with a TTL (RFC 9309 semantics, parsed by protego).

protego (Scrapy's parser) applies RFC 9309 matching: the most specific (longest) rule wins, an
Allow wins a tie, and ``*``/``$`` wildcards work; urllib.robotparser applies the first matching rule
in file order and knows no wildcards, so it would both fetch what a site forbids and skip what it
allows.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from protego import Protego

__all__ = ["RobotsCache", "RobotsRules", "RobotsUnreachable", "parse_robots"]

ROBOTS_MAX_BYTES = 512 * 1024

# fetch_robots(url) -> (status, body). A 3xx status means the redirects could not be followed to a
# robots.txt (a loop, too many, or a target that may not be fetched). It raises RobotsUnreachable
# when the robots.txt could not be reached (timeout, network error, unreadable body); any other
# exception propagates and is not cached.
RobotsFetch = Callable[[str], Awaitable[tuple[int, bytes]]]


class RobotsUnreachable(Exception):
    """Raised by a :data:`RobotsFetch`: the robots.txt could not be reached (``cause``: the error, such as
    a timeout). The cache remembers it as a full disallow for ``error_ttl_s`` (RFC 9309 2.3.1.4) and
    raises ``cause`` to the caller whose request tried; the others get the cached answer at once."""

    def __init__(self, cause: Exception, reason: str) -> None:
        super().__init__(reason)
        self.cause = cause
        self.reason = reason


@dataclass(frozen=True, slots=True)
class RobotsRules:
    parser: Protego | None  # None: everything allowed
    disallow_all: bool = False
    unavailable_status: int | None = None  # robots.txt answered 5xx: nothing may be fetched for a while
    unreachable: str | None = None  # robots.txt could not be reached (why): nothing may be fetched for a while
    crawl_delay: float | None = None
    expires: float = 0.0  # time.monotonic() deadline

    def allows(self, agent: str, url: str) -> bool:
        if self.disallow_all:
            return False
        return self.parser is None or self.parser.can_fetch(url, agent)


def parse_robots(text: str, agent: str, *, expires: float = 0.0) -> RobotsRules:
    parser = Protego.parse(text)
    delay = parser.crawl_delay(agent)
    return RobotsRules(parser=parser, crawl_delay=float(delay) if delay is not None else None, expires=expires)


class RobotsCache:
    """Rules per origin (scheme://host:port), fetched once per TTL, one fetch at a time per origin
    (concurrent requests for one origin wait for that fetch and share its answer).

    2xx: parsed, for ``ttl_s``; 4xx: everything allowed, for ``ttl_s`` (RFC 9309 2.3.1.3
    "unavailable"); 3xx (redirects that could not be followed to the end): everything allowed, for
    ``error_ttl_s`` (2.3.1.2: more than five redirects MAY be taken as unavailable); 5xx, and a fetch
    that raised :class:`RobotsUnreachable` (timeout, network error): everything disallowed for
    ``error_ttl_s`` (2.3.1.4 "unreachable": assume complete disallow), then asked again. So a host
    whose robots.txt hangs costs one timeout per ``error_ttl_s``, not one per URL. Other exceptions
    propagate and are not cached."""

    def __init__(self, fetch: RobotsFetch, *, agent: str, ttl_s: float = 3600.0, error_ttl_s: float = 600.0):
        self._fetch = fetch
        self._agent = agent
        self._ttl = ttl_s
        self._error_ttl = error_ttl_s
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def rules_for(self, url: str) -> RobotsRules:
        origin = _origin(url)
        cached = self._rules.get(origin)
        if cached is not None and cached.expires > time.monotonic():
            return cached
        lock = self._locks.setdefault(origin, asyncio.Lock())
        async with lock:
            cached = self._rules.get(origin)
            if cached is not None and cached.expires > time.monotonic():
                return cached
            try:
                rules = await self._load(origin)
            except RobotsUnreachable as exc:
                unreachable = exc
            else:
                self._rules[origin] = rules
                return rules
            self._rules[origin] = RobotsRules(parser=None, disallow_all=True, unreachable=unreachable.reason,
                                              expires=time.monotonic() + self._error_ttl)
            raise unreachable.cause  # outside the except block: the cause keeps its own chain

    async def _load(self, origin: str) -> RobotsRules:
        status, body = await self._fetch(origin + "/robots.txt")
        now = time.monotonic()
        if 200 <= status < 300:
            return parse_robots(body[:ROBOTS_MAX_BYTES].decode("utf-8", "replace"), self._agent,
                                expires=now + self._ttl)
        if status >= 500:
            return RobotsRules(parser=None, disallow_all=True, unavailable_status=status,
                               expires=now + self._error_ttl)
        if 300 <= status < 400:  # redirected, but not to a robots.txt we could read: asked again sooner
            return RobotsRules(parser=None, expires=now + self._error_ttl)
        return RobotsRules(parser=None, expires=now + self._ttl)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
