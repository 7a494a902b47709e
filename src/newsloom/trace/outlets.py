"""Known outlets: names by domain and by the owner names that appear in copyright lines.

The table (``data/outlets.json``) is deliberately small: it names wire agencies and outlets
whose owner name identifies exactly one outlet (a station's licensee, say). For everything
else the host of a linked or canonical URL names the outlet.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources

from ..model import Article
from ..urls import host_of

__all__ = ["Outlet", "OutletTable"]


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    wire: bool = False
    domains: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()


class OutletTable:
    def __init__(self, outlets: tuple[Outlet, ...]) -> None:
        self.outlets = outlets
        self._by_domain = {d: o for o in outlets for d in o.domains}
        self._by_name = {o.name.casefold(): o for o in outlets}

    @classmethod
    def default(cls) -> OutletTable:
        """The packaged table (read from the package on each call: create it once and pass it on)."""
        raw = json.loads(resources.files("newsloom.trace").joinpath("data/outlets.json").read_text("utf-8"))
        return cls(tuple(Outlet(o["name"], bool(o.get("wire")), tuple(o.get("domains", ())),
                                tuple(o.get("owners", ()))) for o in raw["outlets"]))

    def by_host(self, host: str | None) -> Outlet | None:
        """The outlet owning ``host`` or one of its parent domains."""
        while host:
            if host in self._by_domain:
                return self._by_domain[host]
            _, _, host = host.partition(".")
            if "." not in host:
                return None
        return None

    def by_name(self, name: str | None) -> Outlet | None:
        return self._by_name.get(name.casefold()) if name else None

    def by_owner_text(self, text: str) -> Outlet | None:
        """The outlet whose owner name occurs in ``text`` (e.g. a copyright line)."""
        folded = " ".join(text.casefold().split())
        best = None
        for outlet in self.outlets:
            for owner in outlet.owners:
                found = re.search(r"\b" + re.escape(owner.casefold()) + r"\b", folded)
                if found and (best is None or len(owner) > len(best[1])):
                    best = (outlet, owner)
        return best[0] if best else None

    def same_site(self, host_a: str | None, host_b: str | None) -> bool:
        """Do two hosts belong to one publisher? The same host once a ``www.``, ``m.``, ``mobile.`` or
        ``amp.`` prefix is dropped, one a subdomain of the other (``amp.example.org``,
        ``news.example.org`` and ``example.org``), or two domains of one outlet in the table."""
        if not host_a or not host_b:
            return False
        a, b = _bare(host_a), _bare(host_b)
        if a == b or a.endswith("." + b) or b.endswith("." + a):
            return True
        outlet = self.by_host(host_a)
        return outlet is not None and outlet is self.by_host(host_b)

    def name_of(self, article: Article) -> str:
        """Display name of the outlet that published ``article``."""
        host = host_of(article.url) or host_of(article.canonical_url)
        outlet = self.by_host(host) or self.by_name(article.site_name) or self.by_name(article.source)
        if outlet:
            return outlet.name
        return article.site_name or article.source or host or "unknown"


_SITE_PREFIXES = ("www.", "m.", "mobile.", "amp.")


def _bare(host: str) -> str:
    host = host.casefold().rstrip(".")
    for prefix in _SITE_PREFIXES:
        if host.startswith(prefix) and "." in host[len(prefix):]:
            return host[len(prefix):]
    return host
