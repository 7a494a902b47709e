"""WARC/ARC archives (e.g. Common Crawl CC-NEWS), gzipped or not: the HTML responses they hold."""

from __future__ import annotations

import io
import os
import zlib
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import InputError
from ..model import FetchedDocument
from .dates import parse_iso_datetime

__all__ = ["HTML_TYPES", "MAX_RECORD_BYTES", "iter_warc"]

HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_RECORD_BYTES = 20 * 1024 * 1024


def iter_warc(source: str | os.PathLike | BinaryIO, *, max_record_bytes: int = MAX_RECORD_BYTES,
              ) -> Iterator[FetchedDocument]:
    """Yield one FetchedDocument per HTML ``response`` record (ARC records count as responses).

    ``url`` is the record's target URI and ``fetched_at`` its WARC-Date; ``status`` and headers
    come from the archived HTTP response (bodies are de-chunked and decompressed). Request,
    revisit, metadata, warcinfo, non-2xx and non-HTML records are skipped, and so are records larger
    than ``max_record_bytes``. Raises InputError for an archive that cannot be read."""
    subject = str(source) if isinstance(source, (str, os.PathLike)) else getattr(source, "name", "WARC stream")
    with ExitStack() as stack:
        stream = source
        if isinstance(source, (str, os.PathLike)):
            try:
                stream = stack.enter_context(Path(source).open("rb"))
            except OSError as exc:
                raise InputError(f"cannot open archive: {exc.strerror or exc}", subject=subject) from exc
        stream = _checked(stream, subject)
        try:
            for record in ArchiveIterator(stream, arc2warc=True):
                doc = _document(record, max_record_bytes)
                if doc is not None:
                    yield doc
        except ArchiveLoadFailed as exc:
            raise InputError(f"not a readable WARC/ARC archive: {exc}", subject=subject) from exc


def _checked(stream: BinaryIO, subject: str) -> BinaryIO:
    """The stream, rewound, if it starts like a WARC or ARC file (gzipped or not); else InputError
    (warcio would read any text as ARC records)."""
    if not hasattr(stream, "peek"):
        stream = io.BufferedReader(stream) if isinstance(stream, io.RawIOBase) else stream
    head = stream.peek(1024)[:1024] if hasattr(stream, "peek") else _peek_seek(stream)
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error as exc:
            raise InputError(f"corrupt gzip data: {exc}", subject=subject) from exc
    if not head.lstrip().startswith((b"WARC/", b"filedesc://")):
        raise InputError("not a readable WARC/ARC archive (it starts with neither 'WARC/' nor 'filedesc://')",
                         subject=subject)
    return stream


def _peek_seek(stream: BinaryIO) -> bytes:
    pos = stream.tell()
    head = stream.read(1024)
    stream.seek(pos)
    return head


def _document(record, max_bytes: int) -> FetchedDocument | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    mime = content_type.split(";")[0].strip().lower()
    url = record.rec_headers.get_header("WARC-Target-URI")
    if mime not in HTML_TYPES or not url:
        return None
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes or not body.strip():
        return None
    status = _status(record.http_headers.get_statuscode())
    if not 200 <= status < 300:  # archived redirects and error pages are not articles
        return None
    return FetchedDocument(
        url=url.strip("<> "), body=body, content_type=mime, fetched_at=_warc_date(record), status=status,
        headers={k: v for k, v in record.http_headers.headers}, encoding=_charset(content_type))


def _status(code: str | None) -> int:
    try:
        return int(code or 200)
    except ValueError:
        return 200


def _warc_date(record) -> datetime | None:
    return parse_iso_datetime(record.rec_headers.get_header("WARC-Date") or "")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'").lower()
    return None
