"""URL helpers shared by every stage: normalisation for keys, and the host as an outlet name."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["article_id", "ascii_host", "host_forms", "host_of", "idna_ascii", "normalise_url", "same_path", "same_site",
           "web_address", "web_url"]

_TRACKING_PREFIXES = ("utm_", "fbclid", "gclid", "mc_", "ocid", "cmpid", "ncid", "taid", "at_", "icid")


def normalise_url(url: str) -> str:
    """Lower-case scheme and host, drop the fragment, default ports and tracking parameters.

    >>> normalise_url("HTTPS://Example.com:443/a/b?utm_source=x&id=3#top")
    'https://example.com/a/b?id=3'
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port if parts.port not in (None, 80, 443) else None
    netloc = host if port is None else f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(_TRACKING_PREFIXES)]
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def same_path(path: str) -> str:
    """``path`` in the one form of all the ways of writing the same path (RFC 3986, 6.2.2): an escaped
    unreserved character written plainly (``/%6Bestrel`` is ``/kestrel``), other escapes in upper case
    (``%c3%bc`` is ``%C3%BC``), and the dot segments resolved (``/sport/../news/x`` is ``/news/x``; none
    climbs above the root). What a takedown compares paths in; keys and ids keep ``normalise_url``'s form.

    >>> same_path("/sport/../news/./%6Bestrel%c3%bc")
    '/news/kestrel%C3%BC'
    """
    def escape(m: re.Match) -> str:
        char = chr(int(m.group(1), 16))
        return char if char in _UNRESERVED else "%" + m.group(1).upper()

    segments = _ESCAPE.sub(escape, path or "/").split("/")
    out: list[str] = []
    for i, segment in enumerate(segments[1:] if segments[0] == "" else segments, start=1):
        last = i == len(segments) - (segments[0] == "")
        if segment == "..":
            if out:
                out.pop()
        elif segment != ".":
            out.append(segment)
            continue
        if last:
            out.append("")  # "/a/b/.." is the folder "/a/"
    return "/" + "/".join(out)


def host_of(url: str | None) -> str | None:
    """The host without a leading ``www.``, or None for a URL without one."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    host = host.removeprefix("www.")
    return host or None


def idna_ascii(name: str) -> str:
    """A host name or one label of it with its internationalised labels in their ASCII (IDNA, "xn--") form
    ("☃" -> "xn--n3h"); as written when it is ASCII already or IDNA refuses it."""
    if name.isascii():
        return name
    try:
        return name.encode("idna").decode("ascii")
    except UnicodeError:
        return name


def ascii_host(host: str) -> str:
    """``host`` in lower case, without a trailing dot or a leading ``www.``, its internationalised labels
    in their ASCII form (:func:`idna_ascii`), so that ``bücher.de`` and ``xn--bcher-kva.de`` compare equal."""
    return idna_ascii(host.strip().rstrip(".").lower().removeprefix("www."))


def host_forms(host: str) -> tuple[str, ...]:
    """``host`` (lower case) as written, in its ASCII form and in its Unicode form, once each: the ways an
    internationalised name may be written ("bücher.de", "xn--bcher-kva.de")."""
    host = host.strip().rstrip(".").lower()
    forms = [host, idna_ascii(host)]
    try:
        forms.append(forms[1].encode("ascii").decode("idna"))  # "xn--p1ai" -> "рф"
    except UnicodeError:
        pass
    return tuple(dict.fromkeys(f for f in forms if f))


def same_site(a: str | None, b: str | None) -> bool:
    """Whether two http(s) URLs are on one site: the same registrable domain by the Public Suffix List
    (``news.example.co.uk`` and ``www.example.co.uk``), else, for hosts without one (IP addresses,
    ``localhost``), the same host. False when either is not an http(s) URL."""
    if not (a and b and a[:8].lower().startswith(("http://", "https://"))
            and b[:8].lower().startswith(("http://", "https://"))):
        return False
    from tld import get_fld

    def site(url: str) -> str:
        try:
            host = ascii_host(urlsplit(url).hostname or "")
        except ValueError:
            return ""
        return get_fld(host, fix_protocol=True, fail_silently=True, search_private=True) or host

    first = site(a)
    return bool(first) and first == site(b)


def article_id(url: str | None, text_hash: str) -> str:
    """Stable article key: from the normalised http(s) URL when there is one, else the content hash."""
    if url and urlsplit(url).scheme in ("http", "https"):
        basis = "url:" + normalise_url(url)
    else:
        basis = "text:" + text_hash
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


def web_address(url: str | None, canonical_url: str | None) -> str | None:
    """The one web address of an article: its ``url`` when that is a web address, else its canonical URL
    when that is one (a page ingested from a local file has a ``file://`` url), else None."""
    return web_url(url) or web_url(canonical_url)


def web_url(url: str | None) -> str | None:
    """``url`` when it is a web address (http or https), else None: what may be fetched, listed or shown
    as a link (escaping does not neutralise a ``javascript:`` or ``data:`` scheme, and a ``file://`` path
    means nothing to a reader)."""
    return url if url and urlsplit(url).scheme in ("http", "https") else None
