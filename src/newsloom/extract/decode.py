"""Bytes to text, safely: size caps, binary detection and charset detection."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

__all__ = ["decode_body", "is_binary", "strip_heavy_markup"]

_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w:.-]{2,40})""", re.IGNORECASE)
_HEAVY_OPEN = re.compile(r"<(script|style|svg|noscript|template)\b|<!--", re.IGNORECASE)
_SAMPLE = 65536


def is_binary(body: bytes) -> bool:
    """True for bodies that are clearly not text (NUL bytes or magic numbers of common formats)."""
    head = body[:4096]
    if head.startswith((b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"BZh")):
        return True
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 BOM: text, despite the NULs
        return False
    return head.count(b"\x00") > len(head) // 100


def _known(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def decode_body(body: bytes, *, declared: str | None = None, html: bool = True) -> tuple[str, str]:
    """(text, encoding used). Order: BOM, declared charset, meta charset, strict UTF-8, detection."""
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", errors="replace"), "utf-8"
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body.decode("utf-16", errors="replace"), "utf-16"
    meta = _META_CHARSET.search(body[:_SAMPLE]) if html else None
    for candidate in (declared, meta.group(1).decode("ascii", "ignore") if meta else None):
        encoding = _known(candidate)
        if encoding and encoding not in ("utf-16-le", "utf-16-be", "utf-16", "utf-32"):
            try:
                return body.decode(encoding), encoding
            except UnicodeDecodeError:
                continue
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    sample = body[:_SAMPLE // 2] + body[-_SAMPLE // 2:] if len(body) > _SAMPLE else body
    best = from_bytes(sample).best()
    encoding = _known(best.encoding if best else None) or "cp1252"
    return body.decode(encoding, errors="replace"), encoding


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
