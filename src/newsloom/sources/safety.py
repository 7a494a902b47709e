"""Which URLs newsloom may fetch: http(s) only, and never internal addresses unless allowed.

Two checks: :func:`check_url` refuses bad schemes, host names that are not DNS names ("a..b",
"xn--a": the resolver would fail on them with a UnicodeError), credentials and literal internal
IPs before any request; :class:`GuardedBackend` re-checks every address a host name resolves to at
connect time (every redirect hop included) and connects to the checked address itself, so a
DNS answer cannot change between the check and the connection (no DNS rebinding).
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from urllib.parse import urlsplit

import httpcore
import idna

from ..errors import BlockedURLError

__all__ = ["GuardedBackend", "address_allowed", "check_url", "host_name_problem", "is_internal_ip"]

_HOST_CHARS = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)*")


_NAT64 = ipaddress.ip_network("64:ff9b::/96")  # the well-known prefix: the last 32 bits are an IPv4 address


def is_internal_ip(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Loopback, private, link-local, shared (CGNAT), reserved, multicast or unspecified; for IPv6 also
    site-local (fec0::/10) and an IPv4 address carried inside one (IPv4-mapped, 6to4 2002::/16, NAT64
    64:ff9b::/96, Teredo) that is internal."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.is_site_local:
            return True
        inner = [ip.ipv4_mapped, ip.sixtofour, *(ip.teredo or ())]
        if ip in _NAT64:
            inner.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if any(v is not None and is_internal_ip(v) for v in inner):
            return True
        if ip.ipv4_mapped is not None or ip in _NAT64:  # a public IPv4 address, reached over IPv6
            return False
    return not ip.is_global or ip.is_multicast or ip.is_unspecified or ip.is_reserved


def address_allowed(host: str, port: int, ip: str, *, allow_private: bool,
                    allowed_hosts: frozenset[str]) -> bool:
    if allow_private or f"{host}:{port}" in allowed_hosts or f"{ip}:{port}" in allowed_hosts:
        return True
    try:
        return not is_internal_ip(ipaddress.ip_address(ip.split("%", 1)[0]))
    except ValueError:
        return False


def check_url(url: str, *, allow_private: bool = False, allowed_hosts: frozenset[str] = frozenset()) -> str:
    """Return ``url`` if it may be requested; BlockedURLError (naming the URL) if not.

    Host names are resolved and checked later, at connect time (see GuardedBackend)."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise BlockedURLError(f"malformed URL: {exc}", subject=url) from exc
    if parts.scheme not in ("http", "https"):
        raise BlockedURLError(f"only http and https URLs are fetched, not {parts.scheme or 'a relative URL'!r}",
                              subject=url)
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise BlockedURLError("URL has no host", subject=url)
    problem = host_name_problem(host)
    if problem:
        raise BlockedURLError(f"malformed URL: invalid host name {host!r} ({problem})", subject=url)
    if parts.username or parts.password:
        raise BlockedURLError("URLs with credentials are not fetched", subject=url)
    internal_name = host == "localhost" or host.endswith((".localhost", ".local", ".internal"))
    literal = _literal_ip(host)
    if (internal_name or literal is not None) and not address_allowed(
            host, port, literal or "127.0.0.1", allow_private=allow_private, allowed_hosts=allowed_hosts):
        raise BlockedURLError(f"refused: {host} is an internal address (to permit it: NEWSLOOM_ALLOWED_HOSTS=host:port for this server only, or NEWSLOOM_ALLOW_PRIVATE=1, or --allow-private where the command has it)",
                              subject=url)
    return url


def host_name_problem(host: str) -> str | None:
    """Why ``host`` (lower case, without a trailing dot) cannot be a DNS name, or None if it can
    (literal IP addresses pass). The resolver and httpx would fail on these with UnicodeError or
    idna errors, e.g. "a..b" (empty label), a label over 63 characters or "xn--a" (bad punycode)."""
    host = host.rstrip(".").lower()
    if _literal_ip(host) is not None or (host.startswith("[") and host.endswith("]")):
        return None
    if len(host) > 253:
        return "longer than 253 characters"
    labels = host.split(".")
    if any(not label for label in labels):
        return "empty label"
    if any(len(label) > 63 for label in labels):
        return "a label longer than 63 characters"
    if not host.isascii():
        try:
            host = idna.encode(host, uts46=True).decode("ascii")
        except (idna.IDNAError, UnicodeError) as exc:
            return f"not a valid internationalised name: {exc}"
    if not _HOST_CHARS.fullmatch(host):
        return "only letters, digits, '-', '_' and '.' are allowed"
    for label in host.split("."):
        if label.startswith("xn--"):
            try:
                idna.decode(label)
            except (idna.IDNAError, UnicodeError) as exc:
                return f"invalid punycode label {label!r}: {exc}"
    return None


def _literal_ip(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        pass
    try:  # legacy forms such as 2130706433 or 0x7f.1 that resolvers still accept
        return socket.inet_ntoa(socket.inet_aton(host))
    except OSError:
        return None


class GuardedBackend:
    """An httpcore network backend that resolves, checks and pins the address of every connection."""

    def __init__(self, inner, *, allow_private: bool, allowed_hosts: frozenset[str]) -> None:
        self._inner = inner
        self._allow_private = allow_private
        self._allowed_hosts = allowed_hosts

    async def connect_tcp(self, host: str, port: int, timeout=None, local_address=None, socket_options=None):
        ip = await self._resolve_allowed(host, port)
        return await self._inner.connect_tcp(ip, port, timeout=timeout, local_address=local_address,
                                             socket_options=socket_options)

    async def _resolve_allowed(self, host: str, port: int) -> str:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc.strerror or exc}") from exc
        except UnicodeError as exc:  # the IDNA codec refuses the name ("a..b", a label over 63 characters)
            raise BlockedURLError(f"malformed URL: invalid host name {host!r} ({exc})",
                                  subject=f"{host}:{port}") from exc
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        for ip in addresses:
            if not address_allowed(host, port, ip, allow_private=self._allow_private,
                                   allowed_hosts=self._allowed_hosts):
                raise BlockedURLError(f"refused: {host} resolves to internal address {ip}",
                                      subject=f"{host}:{port}")
        if not addresses:
            raise httpcore.ConnectError(f"cannot resolve {host}: no addresses")
        return addresses[0]

    async def connect_unix_socket(self, *args, **kwargs):
        raise BlockedURLError("unix sockets are not fetched")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)
