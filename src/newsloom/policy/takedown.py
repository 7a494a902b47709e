"""Removal requests from content owners, honoured at once (the stated goal is 24 hours; ours: seconds).

A request names a URL, a URL prefix or a whole domain. Applying it deletes every matching
article with its relations, story memberships and search entries in one transaction, and the
request is kept so that what it covers is refused if it is gathered again (a page whose URL, canonical link
or requested address it covers: addresses, not words; a copy of the text on another site is another address). Every request is kept as its
own (requester and reason); content stays refused while any unrevoked request covers it. How a URL, a
prefix (whole path segments; a query as text) and a domain match: ``store.articles._matches``.

A domain request covers the domain and every subdomain of it, so it must name a registrable domain
(``example.com``, ``example.co.uk``) or a subdomain of one (``news.example.com``): never a top-level
domain or another public suffix (``com``, ``co.uk``, ``github.io``), which would remove, and refuse for
good, every site under it. An internationalised domain may be written either way (``bücher.de`` or
``xn--bcher-kva.de``): hosts are compared in their ASCII form. Public suffixes come from the Public Suffix List that the ``tld`` package
ships (a dependency of trafilatura's ``courlan``, pinned in pyproject.toml), read offline.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from tld import is_tld

from ..errors import TakedownError
from ..model import TakedownRequest
from ..urls import host_forms, host_of, idna_ascii

__all__ = ["is_public_suffix", "parse_takedown", "take_down"]

SCOPES = ("url", "prefix", "domain")
MAX_TARGET = 2048  # characters: longer than any URL a browser or server takes
_LABEL = re.compile(r"^[\w-]+$")  # one label of a host name: letters (any script), digits, hyphen, underscore
_DOMAIN_HELP = ("a domain takedown needs a registrable domain such as example.com or example.co.uk, or a "
                "subdomain of one; not a top-level domain or other public suffix (com, co.uk, github.io)")


def is_public_suffix(host: str) -> bool:
    """Whether ``host`` is a public suffix: a name under which anyone may register domains, by the
    Public Suffix List's rules (wildcards and exceptions included; its ICANN and private sections), in
    either form of an internationalised name."""
    return any(is_tld(form, search_public=True, search_private=True) for form in host_forms(host))


def _domain_host(target: str) -> str:
    """The host a domain takedown matches, as the store reads it: the URL's host when ``target`` has a
    scheme, else ``target`` itself; lower case, without a leading ``www.``."""
    host = (host_of(target) or "") if "://" in target else target.lower()
    return host.removeprefix("www.")


def _check_domain(target: str) -> None:
    if "://" in target and "/" in target.split("://", 1)[1].strip("/"):
        raise TakedownError("a domain takedown takes a domain name such as example.org, not a page's URL (for a "
                            "page or a section use --scope url or --scope prefix)", subject=target)
    if not target or " " in target or "/" in target.split("://")[-1].strip("/"):
        raise TakedownError(_DOMAIN_HELP, subject=target)
    try:
        host = _domain_host(target)
    except ValueError:  # urlsplit refuses some hosts, e.g. an unclosed IPv6 bracket
        raise TakedownError(_DOMAIN_HELP, subject=target) from None
    labels = host.split(".")
    if len(labels) < 2 or not all(_LABEL.match(idna_ascii(label)) for label in labels):
        raise TakedownError(_DOMAIN_HELP, subject=target)
    if is_public_suffix(host):
        raise TakedownError(f"{host} is a public suffix: " + _DOMAIN_HELP, subject=target)


def parse_takedown(target: str, *, scope: str = "url", requester: str = "", reason: str = "",
                   now: datetime) -> TakedownRequest:
    target = target.strip()
    if len(target) > MAX_TARGET:
        raise TakedownError(f"the target is longer than {MAX_TARGET} characters", subject=target[:80] + "…")
    if scope not in SCOPES:
        raise TakedownError(f"scope must be one of {', '.join(SCOPES)}", subject=target)
    if scope in ("url", "prefix"):
        parts = urlsplit(target)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise TakedownError("a url or prefix takedown needs an absolute http(s) URL", subject=target)
    else:
        _check_domain(target)
    return TakedownRequest(target=target, scope=scope, requester=requester, reason=reason, received_at=now)


def take_down(store, request: TakedownRequest, *, now: datetime):
    """Apply ``request`` to ``store``: a ``TakedownDone`` (the ids of the removed articles, the request on
    record with its id, whether it was in force already)."""
    return store.apply_takedown_once(request, now=now)
