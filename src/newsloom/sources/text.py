"""Plain text: text dumps (one text, or many separated by form feeds (``\\f``) or ``<doc>``-style
markers), and the plain text of short fields (titles, names) that arrive as or with HTML markup."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import datetime

from lxml import etree
from lxml.html import defs, fragment_fromstring

from ..errors import InputError
from ..model import FetchedDocument
from .charset import binary_beyond_nuls, binary_text, detect_encoding, is_binary

__all__ = ["collapse_spaces", "decode_references", "html_text", "iter_text_dump", "plain_text", "split_text_dump",
           "unescape_entities"]

# "\f" (a page break), or a line of 5+ "=" or "-" optionally naming the document, or <doc ...></doc> tags
_SEPARATOR = re.compile(r"\f|^(?:={5,}|-{5,})[^\n]*$|^</?doc\b[^>]*>\s*$", re.MULTILINE)


def split_text_dump(text: str) -> list[str]:
    """The non-empty documents of a dump, stripped, in order."""
    return [part.strip() for part in _SEPARATOR.split(text) if part and part.strip()]


def iter_text_dump(data: bytes, *, url: str, now: datetime | None = None,
                   content_type: str | None = None) -> Iterator[FetchedDocument | InputError]:
    """One ``text/plain`` FetchedDocument per document of the dump (UTF-8 re-encoded).

    ``url`` names the dump; when it holds several documents each gets ``url#doc=N`` (1-based).
    NUL bytes carry no text: they are dropped, however many (a block of a large dump zeroed on disk, a file
    padded with NULs to a block's size), and each document is judged on what remains
    (:func:`~.charset.binary_text`): one holding other control characters in more than 5% of it (a corrupt
    record), or nothing but NULs and whitespace (a record zeroed whole), is yielded as its InputError and
    the others are read. Raises InputError for an empty dump, and for a binary file as a whole: binary by
    :func:`~.charset.is_binary` and still so without its NULs (:func:`~.charset.binary_beyond_nuls`), or whose
    binary documents hold most of its characters other than NULs."""
    if is_binary(data) and binary_beyond_nuls(data):  # cheap: before any decoding
        raise InputError("binary content, not text or HTML", subject=url)
    encoding = detect_encoding(data, content_type)
    parts = split_text_dump(data.decode(encoding, errors="replace"))
    if not parts:
        raise InputError("empty text dump", subject=url)
    bad = [binary_text(part) for part in parts]
    # a binary file (random bytes split at the form feeds they hold by chance) is one error, not one per part:
    # so when the binary parts hold most of the dump, NULs not counted (a zeroed block is no text of its own)
    sizes = [len(part) - part.count("\x00") for part in parts]
    if any(bad) and sum(size for size, why in zip(sizes, bad, strict=True) if why) * 2 >= sum(sizes):
        raise InputError("binary content, not text or HTML", subject=url)
    for n, (part, why) in enumerate(zip(parts, bad, strict=True), start=1):
        doc_url = url if len(parts) == 1 else f"{url}#doc={n}"
        if why:
            yield InputError(f"binary content, not text ({why}): this document of the dump is left out",
                             subject=doc_url)
            continue
        yield FetchedDocument(url=doc_url, body=part.replace("\x00", "").encode("utf-8"),
                              content_type="text/plain", fetched_at=now, encoding="utf-8")


# --------------------------------------------------------------------------- short text fields

# a character reference with its semicolon: "&#8217;", "&#x2019;", "&raquo;" (not "AT&T")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# a start or end tag ("<b>", "</b>", "<br/>", "<a href='x'>") or a comment; the name is checked apart
# (an unclosed comment runs to the end, as in HTML: one scan, never one per "<!--")
_TAG = re.compile(r"<!--.*?(?:-->|\Z)|</?([A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>", re.DOTALL)
_HTML_ELEMENTS = frozenset(defs.tags)
# elements inside a line of text: their tags join the words around them ("<b>Sl</b>ack" is "Slack");
# any other element (br, p, div, li ...) separates them
_INLINE = frozenset(("a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em",
                     "font", "i", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub",
                     "sup", "time", "tt", "u", "var", "wbr"))
_ASCII_SPACES = re.compile(r"[ \t\n\r\f]+")
_DROPPED = ("script", "style", "noscript", "template")  # their text is code, not words of the field


def unescape_entities(text: str, passes: int = 3) -> str:
    """``text`` with its HTML character references decoded, at most ``passes`` times over (a
    double-escaped "&amp;#8217;" takes two; some templates escape three times: "&amp;amp;nbsp;"), and
    its whitespace runs made single spaces. Only references closed by a semicolon are read: "AT&T"
    or "&copy" without one stay as written."""
    return " ".join(decode_references(text, passes).split())


def decode_references(text: str, passes: int = 3) -> str:
    """:func:`unescape_entities` without the whitespace folding."""
    for _ in range(passes):
        if "&" not in text:
            break
        decoded = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
        if decoded == text:
            break
        text = decoded
    return text


def collapse_spaces(text: str) -> str:
    """``text`` with its runs of HTML (ASCII) whitespace made single spaces and trimmed; a no-break,
    thin or other Unicode space is a character of the text and stays."""
    return _ASCII_SPACES.sub(" ", text).strip(" ")


def plain_text(text: str, passes: int = 3) -> str:
    """A short field meant as plain text (a meta tag's content, a JSON-LD headline, a feed author's
    name) with the HTML a template leaked into it removed: character references closed by a semicolon
    decoded (up to ``passes`` times, see :func:`unescape_entities`), then the tags of known HTML
    elements and comments dropped ("<b>Jane</b> Doe" is "Jane Doe"), whitespace runs made single
    spaces. Nothing else is read as markup, so a "<" or "&" that opens no such tag or reference
    stays: "x < y", "AT&T", "<3", "<y>"."""
    text = unescape_entities(text, passes)
    if "<" in text:
        text = " ".join(_TAG.sub(_tag_gap, text).split())
    return text


def _tag_gap(match: re.Match[str]) -> str:
    name = (match.group(1) or "").lower()
    if match.group(0).startswith("<!--"):
        return " "
    if name not in _HTML_ELEMENTS:
        return match.group(0)
    return "" if name in _INLINE else " "


def html_text(markup: str) -> str:
    """The text of a short field its source declares to be HTML (an Atom ``type="html"`` or xhtml
    title; an RSS title feedparser found to be markup): parsed as HTML, so every tag goes and every
    reference is decoded ("Q&amp;A: <b>Slack</b>" is "Q&A: Slack"; "x &lt; y" is "x < y"); scripts
    and styles go with their content, a block element's boundary becomes a space. A reference left
    after that was escaped twice and is decoded too; runs of HTML whitespace become single spaces
    (a no-break space stays, as in HTML)."""
    if "<" not in markup and "&" not in markup:
        return collapse_spaces(markup)
    try:
        root = fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):  # nothing parseable (a NUL byte, a lone control character)
        return plain_text(markup)
    etree.strip_elements(root, *_DROPPED, with_tail=False)
    for element in root.iterdescendants():
        if isinstance(element.tag, str) and element.tag.lower() not in _INLINE:
            element.tail = " " + (element.tail or "")
            element.text = " " + (element.text or "")
    return collapse_spaces(decode_references(root.text_content()))
