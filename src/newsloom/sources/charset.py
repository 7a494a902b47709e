"""Which character encoding a fetched body really uses, when header, markup and bytes disagree."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

__all__ = ["declared_charset", "detect_encoding", "markup_charset"]

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:+-]+)["']""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def declared_charset(content_type: str | None) -> str | None:
    """The ``charset=`` parameter of a Content-Type header, normalised (None if absent/unknown)."""
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return _canonical(value.strip().strip("\"' "))
    return None


def markup_charset(body: bytes) -> str | None:
    """The encoding the document declares itself (BOM, XML declaration or ``<meta charset>``)."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    head = body[:4096]
    match = _XML_DECL.match(head) or _META.search(head)
    return _canonical(match.group(1).decode("ascii", "ignore")) if match else None


def detect_encoding(body: bytes, content_type: str | None = None) -> str:
    """Best encoding for ``body``: the declarations when they agree and decode cleanly; otherwise
    strict UTF-8 when it decodes, else the declared one that decodes, else charset-normalizer."""
    header, markup = declared_charset(content_type), markup_charset(body)
    sample = body[:65536]
    if header and header == markup and _decodes(sample, header):
        return header
    if sample.isascii() and not (markup or "").startswith("utf-16"):
        return header or markup or "utf-8"
    if _decodes(sample, "utf-8"):
        return "utf-8"
    for candidate in (markup, header):  # the document knows itself better than a server default
        if candidate and candidate != "utf-8" and _decodes(sample, candidate):
            return candidate
    return _guess(sample) or markup or header or "utf-8"


_PREFERRED = ("utf_8", "cp1252", "iso8859_15", "latin_1")  # the web's commonest, on a tie


def _guess(sample: bytes) -> str | None:
    """charset-normalizer's best guess; among equally good guesses the web's commonest encoding."""
    results = from_bytes(sample)
    best = results.best()
    if best is None:
        return None
    tied = {m.encoding for m in results if m.chaos == best.chaos and m.coherence == best.coherence}
    for name in _PREFERRED:
        if name in tied:
            return _canonical(name)
    return _canonical(best.encoding)


def _canonical(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    if encoding.startswith("utf"):
        return True
    # single-byte codecs decode anything: reject text full of C1 control characters
    return sum(1 for ch in text if "\x80" <= ch <= "\x9f") <= len(text) // 200
