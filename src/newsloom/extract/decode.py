"""Bytes to text, safely: size caps, binary detection and charset detection.

The rules themselves (what counts as binary, which charset names are known, when a declared
single-byte charset gives way to UTF-8, charset-normalizer's guess) live in
:mod:`newsloom.sources.charset`, shared with the fetcher and the local-file reader; this module
only orders them for extraction.
"""

from __future__ import annotations

import codecs
import re

from newsloom.sources.charset import (
    canonical_charset,
    guess_encoding,
    is_binary,
    is_single_byte,
    utf16_encoding,
)

__all__ = ["decode_body", "is_binary", "strip_heavy_markup"]

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w:.-]{2,40})""", re.IGNORECASE)
_HEAVY_OPEN = re.compile(r"<(script|style|svg|noscript|template)\b|<!--", re.IGNORECASE)
_SAMPLE = 65536


def decode_body(body: bytes, *, declared: str | None = None, html: bool = True) -> tuple[str, str]:
    """(text, encoding used). Order: BOM, UTF-16 without one, declared charset, meta charset, strict UTF-8, detection.
    ``declared`` is the charset the document came with (an HTTP Content-Type header's, a WARC record's).

    A declared single-byte charset (header or meta) that a non-ASCII body contradicts by decoding
    as strict UTF-8 gives way to UTF-8: a legacy text practically never decodes as UTF-8, while UTF-8
    pages behind a stale ``iso-8859-1`` declaration are common ("CafÃ©" otherwise). Each codec decodes
    the body at most once; detection, when it is reached, also decodes a copy of at most 64 KiB of it
    (the whole body when it is smaller) with the codecs it tests. When no declaration decodes, detection is told what was declared: cp1252
    behind a UTF-8 label (header or meta) is the web's commonest mislabelling, and statistics alone take
    a short French or German text for a Baltic or DOS code page."""
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", errors="replace"), "utf-8"
    if utf16 := utf16_encoding(body):  # before any declaration: ASCII with NULs between passes for UTF-8
        return body.decode(utf16, errors="replace"), utf16
    meta = _META_CHARSET.search(body[:_SAMPLE]) if html else None
    tried: set[str] = set()  # each codec runs over the body at most once
    for candidate in (declared, meta.group(1).decode("ascii", "ignore") if meta else None):
        encoding = canonical_charset(candidate)
        if not encoding or encoding in tried or encoding in ("utf-16-le", "utf-16-be", "utf-16", "utf-32"):
            continue
        if "utf-8" not in tried and is_single_byte(encoding) and not body.isascii():
            tried.add("utf-8")  # a stale single-byte declaration over a UTF-8 body
            if (text := _decoded(body, "utf-8")) is not None:
                return text, "utf-8"
        tried.add(encoding)
        if (text := _decoded(body, encoding)) is not None:
            return text, encoding
    if "utf-8" not in tried and (text := _decoded(body, "utf-8")) is not None:
        return text, "utf-8"
    # detection works on its own copy of at most _SAMPLE bytes, which it decodes as it tests codecs (a cost
    # bounded by _SAMPLE, whatever the body's size); the body itself is decoded once, below, by the one it names
    sample = body[:_SAMPLE // 2] + body[-_SAMPLE // 2:] if len(body) > _SAMPLE else bytes(body)
    # the declaration that failed still tells: a UTF-8 label over Latin text means cp1252 (the <meta> one
    # guess_encoding reads from the sample itself; the header's, e.g. a WARC record's, only from here)
    encoding = guess_encoding(sample, declared=declared) or "cp1252"
    return body.decode(encoding, errors="replace"), encoding


def _decoded(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except UnicodeDecodeError:
        return None


def strip_heavy_markup(markup: str, limit: int) -> str:
    """Shrink oversized markup: drop scripts, styles and comments, then cut at ``limit`` characters."""
    if len(markup) <= limit:
        return markup
    return _drop_heavy(markup[:limit * 4])[:limit]


def _drop_heavy(markup: str) -> str:
    """Remove script/style/svg/comment sections in one linear pass (an unclosed one ends the text)."""
    out, pos, lower = [], 0, markup.lower()
    while (found := _HEAVY_OPEN.search(markup, pos)) is not None:
        out.append(markup[pos:found.start()])
        closer = "-->" if found.group(0) == "<!--" else f"</{found.group(1).lower()}"
        end = lower.find(closer, found.end())
        if end < 0:
            return "".join(out)
        pos = end + len(closer)
    out.append(markup[pos:])
    return "".join(out)
