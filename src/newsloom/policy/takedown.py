"""Removal requests from content owners, honoured at once (the stated goal is 24 hours; ours: seconds).

A request names a URL, a URL prefix or a whole domain. Applying it deletes every matching
article with its relations, story memberships and search entries in one transaction, and the
request is kept so that the same content is refused if it is gathered again.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from ..errors import TakedownError
from ..model import TakedownRequest

__all__ = ["parse_takedown", "take_down"]

SCOPES = ("url", "prefix", "domain")


def parse_takedown(target: str, *, scope: str = "url", requester: str = "", reason: str = "",
                   now: datetime) -> TakedownRequest:
    target = target.strip()
    if scope not in SCOPES:
        raise TakedownError(f"scope must be one of {', '.join(SCOPES)}", subject=target)
    if scope in ("url", "prefix"):
        parts = urlsplit(target)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise TakedownError("a url or prefix takedown needs an absolute http(s) URL", subject=target)
    elif not target or " " in target or "/" in target.split("://")[-1].strip("/"):
        raise TakedownError("a domain takedown needs a bare domain such as example.com", subject=target)
    return TakedownRequest(target=target, scope=scope, requester=requester, reason=reason, received_at=now)


def take_down(store, request: TakedownRequest, *, now: datetime) -> list[str]:
    """Apply ``request`` to ``store``; returns the ids of the removed articles."""
    return store.apply_takedown(request, now=now)
