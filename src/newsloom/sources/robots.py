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

__all__ = ["RobotsCache", "RobotsRules", "parse_robots"]

ROBOTS_MAX_BYTES = 512 * 1024

# fetch_robots(url) -> (status, body); raises FetchError when the host cannot be reached
RobotsFetch = Callable[[str], Awaitable[tuple[int, bytes]]]


@dataclass(frozen=True, slots=True)
class RobotsRules:
    parser: Protego | None  # None: everything allowed
    disallow_all: bool = False
    unavailable_status: int | None = None  # robots.txt answered 5xx: nothing may be fetched for a while
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
    """Rules per origin (scheme://host:port), fetched once per TTL, one fetch at a time per origin.

    2xx: parsed; 4xx: everything allowed; 5xx: everything disallowed for a while (RFC 9309
    treats an unreachable robots.txt as a full disallow). Network errors propagate."""

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
            rules = await self._load(origin)
            self._rules[origin] = rules
            return rules

    async def _load(self, origin: str) -> RobotsRules:
        status, body = await self._fetch(origin + "/robots.txt")
        now = time.monotonic()
        if 200 <= status < 300:
            return parse_robots(body[:ROBOTS_MAX_BYTES].decode("utf-8", "replace"), self._agent,
                                expires=now + self._ttl)
        if status >= 500:
            return RobotsRules(parser=None, disallow_all=True, unavailable_status=status,
                               expires=now + self._error_ttl)
        return RobotsRules(parser=None, expires=now + self._ttl)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
