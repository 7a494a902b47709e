"""Plain-text dumps: one text, or many separated by form feeds (``\\f``) or ``<doc>``-style markers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

from ..errors import InputError
from ..model import FetchedDocument
from .charset import detect_encoding

__all__ = ["iter_text_dump", "split_text_dump"]

# "\f" (a page break), or a line of 5+ "=" or "-" optionally naming the document, or <doc ...></doc> tags
_SEPARATOR = re.compile(r"\f|^(?:={5,}|-{5,})[^\n]*$|^</?doc\b[^>]*>\s*$", re.MULTILINE)


def split_text_dump(text: str) -> list[str]:
    """The non-empty documents of a dump, stripped, in order."""
    return [part.strip() for part in _SEPARATOR.split(text) if part and part.strip()]


def iter_text_dump(data: bytes, *, url: str, now: datetime | None = None,
                   content_type: str | None = None) -> Iterator[FetchedDocument]:
    """One ``text/plain`` FetchedDocument per document of the dump (UTF-8 re-encoded).

    ``url`` names the dump; when it holds several documents each gets ``url#doc=N`` (1-based).
    Raises InputError for an empty dump."""
    encoding = detect_encoding(data, content_type)
    parts = split_text_dump(data.decode(encoding, errors="replace"))
    if not parts:
        raise InputError("empty text dump", subject=url)
    for n, part in enumerate(parts, start=1):
        doc_url = url if len(parts) == 1 else f"{url}#doc={n}"
        yield FetchedDocument(url=doc_url, body=part.encode("utf-8"), content_type="text/plain",
                              fetched_at=now, encoding="utf-8")
