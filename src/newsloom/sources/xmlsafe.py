"""A hardened lxml parser for untrusted XML (OPML, sitemaps): no entities, no network, no huge trees.

libxml2 recovers what it can from an ill-formed document, and says what it could not read: the
errors it reports are kept here (:class:`XMLDocument`), never ignored. :func:`parse_xml` refuses a
damaged document outright; :func:`read_xml` returns what was recovered with the damage spelt out,
including how many of the root's children were complete before a truncated document ended, so that
a caller can keep the intact part and report the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from ..errors import FeedError

__all__ = ["XMLDocument", "local_name", "parse_xml", "read_xml"]

_FEED_CHUNK = 1 << 20
# errors that cost nothing: comments are dropped anyway ("--" inside a comment is not well-formed XML)
_COSMETIC = frozenset({"ERR_HYPHEN_IN_COMMENT", "ERR_COMMENT_ABRUPTLY_ENDED"})


def _parser() -> etree.XMLPullParser:
    # a new parser per call: lxml parsers are not thread-safe, and there is no import-time state
    return etree.XMLPullParser(events=("start", "end"), resolve_entities=False, no_network=True, huge_tree=False,
                               load_dtd=False, dtd_validation=False, remove_comments=True, remove_pis=True,
                               recover=True)


@dataclass(frozen=True, slots=True)
class XMLDocument:
    """A parsed document: ``root``, the parser's ``errors`` ("line L, column C: message", in order;
    warnings and errors inside comments are left out, they cost nothing),
    whether the document ended before its root element did (``truncated``: cut short, or nested
    deeper than the parser allows), and how many of the root's children were closed before it ended
    (``complete_children``: the first that many children of ``root`` are whole)."""

    root: etree._Element
    errors: tuple[str, ...] = ()
    truncated: bool = False
    complete_children: int = 0

    @property
    def damaged(self) -> bool:
        return bool(self.errors) or self.truncated

    def damage(self, limit: int = 3) -> str:
        """The damage in one line ("" if none)."""
        if not self.damaged:
            return ""
        parts = list(self.errors[:limit])
        if len(self.errors) > limit:
            parts.append(f"and {len(self.errors) - limit} more error(s)")
        text = "; ".join(parts) or "the document ends before its root element is closed"
        return ("truncated: " if self.truncated else "") + text


def read_xml(data: bytes, *, subject: str | None, what: str) -> XMLDocument:
    """Parse ``data``, recovering what libxml2 can and reporting the rest; FeedError when nothing
    XML-like can be recovered."""
    if not data or not data.strip():
        raise FeedError(f"empty {what} document", subject=subject)
    parser = _parser()
    depth = complete = 0
    root_closed = False

    def drain() -> None:  # events are counted and dropped as they come (memory stays flat)
        nonlocal depth, complete, root_closed
        for event, _element in parser.read_events():
            if event == "start":
                depth += 1
                continue
            depth -= 1
            if depth == 1:
                complete += 1
            elif depth == 0:
                root_closed = True

    try:
        for start in range(0, len(data), _FEED_CHUNK):
            parser.feed(data[start:start + _FEED_CHUNK])
            drain()
        # elements still open now are closed by close() without events of their own: a child of the
        # root counted above was whole (libxml2 may hold back the last events, so this can undercount)
        root = parser.close()
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise FeedError(f"not a readable {what}: {exc}", subject=subject) from exc
    if root is None:
        raise FeedError(f"not a readable {what}: no XML element found", subject=subject)
    log = [e for e in parser.feed_error_log if e.level_name != "WARNING" and e.type_name not in _COSMETIC]
    errors = tuple(f"line {e.line}, column {e.column}: {' '.join(e.message.split())}" for e in log)
    halted = any(e.type_name == "ERR_RESOURCE_LIMIT" or "amplification" in e.message for e in log)
    truncated = bool(errors) and (halted or not (root_closed or _ends_with_end_tag(data, root)))
    return XMLDocument(root=root, errors=errors, truncated=truncated, complete_children=complete)


_TAIL = re.compile(r"</\s*([^\s>]+)\s*>\s*(?:<!--.*?-->\s*|<\?.*?\?>\s*)*\Z", re.DOTALL)


def _ends_with_end_tag(data: bytes, root: etree._Element) -> bool:
    """Does the document end with the root element's end tag (then only comments and PIs)? When
    not, the document was cut short: the push parser alone cannot tell a cut from events it
    holds back."""
    encoding = (root.getroottree().docinfo.encoding or "utf-8").lower()
    wide = encoding.startswith(("utf-16", "utf16", "utf-32", "ucs"))
    tail = data.decode(encoding, "replace") if wide else data[-8192:].decode("latin-1")
    found = _TAIL.search(tail)
    if not found:
        return False
    name = root.tag.rsplit("}", 1)[-1] if isinstance(root.tag, str) else ""
    qname = f"{root.prefix}:{name}" if root.prefix else name
    return found.group(1) == qname


def parse_xml(data: bytes, *, subject: str | None, what: str) -> etree._Element:
    """The root element of ``data``; FeedError when it is not well-formed (naming the first errors)
    or nothing XML-like can be recovered."""
    document = read_xml(data, subject=subject, what=what)
    if document.damaged:
        raise FeedError(f"damaged {what} document ({document.damage()}); nothing of it was used", subject=subject)
    return document.root


def local_name(element: etree._Element) -> str:
    """Tag name without its namespace ("" for comments and other non-elements)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()
