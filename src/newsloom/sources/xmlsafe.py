"""A hardened lxml parser for untrusted XML (OPML, sitemaps): no entities, no network, no huge trees."""

from __future__ import annotations

from lxml import etree

from ..errors import FeedError

__all__ = ["local_name", "parse_xml"]


def _parser() -> etree.XMLParser:
    # a new parser per call: lxml parsers are not thread-safe, and there is no import-time state
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                           dtd_validation=False, remove_comments=True, remove_pis=True, recover=True)


def parse_xml(data: bytes, *, subject: str | None, what: str) -> etree._Element:
    """The root element of ``data``; FeedError when nothing XML-like can be recovered."""
    if not data or not data.strip():
        raise FeedError(f"empty {what} document", subject=subject)
    try:
        root = etree.fromstring(data, parser=_parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise FeedError(f"not a readable {what}: {exc}", subject=subject) from exc
    if root is None:
        raise FeedError(f"not a readable {what}: no XML element found", subject=subject)
    return root


def local_name(element: etree._Element) -> str:
    """Tag name without its namespace ("" for comments and other non-elements)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()
