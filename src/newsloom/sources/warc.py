"""WARC/ARC archives (e.g. Common Crawl CC-NEWS), gzipped or not: the HTML responses they hold."""

from __future__ import annotations

import io
import os
import zlib
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader
from warcio.recordloader import ArcWarcRecordLoader

from ..dates import parse_datetime
from ..errors import InputError
from ..model import FetchedDocument

__all__ = ["HTML_TYPES", "MAX_RECORD_BYTES", "iter_warc"]

HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_RECORD_BYTES = 20 * 1024 * 1024


def iter_warc(source: str | os.PathLike | BinaryIO, *, max_record_bytes: int = MAX_RECORD_BYTES,
              on_error: Callable[[InputError], None] | None = None) -> Iterator[FetchedDocument]:
    """Yield one FetchedDocument per HTML ``response`` record (ARC records count as responses).

    ``url`` is the record's target URI and ``fetched_at`` its WARC-Date; ``status`` and headers
    come from the archived HTTP response (bodies are de-chunked and decompressed). Request,
    revisit, metadata, warcinfo, non-2xx and non-HTML records are skipped, and so are records larger
    than ``max_record_bytes``.

    Raises InputError for an archive that cannot be read, and for a truncated or damaged one: a
    record whose block is shorter than its Content-Length, an archive that ends inside a record's
    headers or its first line, or a record that is no WARC/ARC record after complete ones. The
    documents before it are yielded; the cut record is not. A malformed record that can be
    skipped (a response without WARC-Target-URI) is passed to ``on_error`` and the archive goes
    on; without ``on_error`` it raises."""
    subject = str(source) if isinstance(source, (str, os.PathLike)) else getattr(source, "name", "WARC stream")
    with ExitStack() as stack:
        stream = source
        if isinstance(source, (str, os.PathLike)):
            try:
                stream = stack.enter_context(Path(source).open("rb"))
            except OSError as exc:
                raise InputError(f"cannot open archive: {exc.strerror or exc}", subject=subject) from exc
        counted = _Counted(_checked(stream, subject))
        iterator = _Iterator(counted, arc2warc=True)
        number = 0
        try:
            for record in iterator:
                number += 1
                problem, iterator.loader.problem = iterator.loader.problem, None
                doc = None if problem else _document(record, max_record_bytes)
                _check_complete(record, number, subject)
                if problem:
                    error = InputError(f"malformed record #{number}: {problem}; skipped", subject=subject)
                    if on_error is None:
                        raise error
                    on_error(error)
                if doc is not None:
                    yield doc
        except ArchiveLoadFailed as exc:
            raise _load_failed(exc, iterator, counted, number, subject) from exc
        end = iterator.offset - counted.start  # where the last complete record ended
        if end < counted.count:  # warcio stops quietly at a record header cut short
            raise InputError(f"truncated archive: it ends inside the header of record #{number + 1} "
                             f"(byte {end} of {counted.count}); that record is lost", subject=subject)
        if iterator.gzip_cut:
            raise InputError(f"truncated archive: the gzip member holding record #{number} ends early; what "
                             "followed it is lost", subject=subject)


def _load_failed(exc: ArchiveLoadFailed, iterator: _Iterator, counted: _Counted, number: int,
                 subject: str) -> InputError:
    """The error for a record warcio cannot load. Before any record, the file is no WARC/ARC archive;
    after ``number`` complete ones it is one, cut short or damaged, and warcio's words ("Unknown archive
    format, first line: ['W']") would wrongly say otherwise."""
    detail = " ".join(str(exc).split())
    if number == 0:
        return InputError(f"not a readable WARC/ARC archive: {detail}", subject=subject)
    kept = "the record before it was read" if number == 1 else f"the {number} records before it were read"
    if _ended(iterator, counted):
        return InputError(f"truncated archive: it ends inside the first line of record #{number + 1}; "
                          f"{kept}, that record is lost", subject=subject)
    return InputError(f"damaged archive: record #{number + 1} is not a WARC/ARC record ({detail}); {kept}, "
                      "it and everything after it are skipped", subject=subject)


def _ended(iterator: _Iterator, counted: _Counted) -> bool:
    """Had the archive run out when warcio gave up: nothing left in its buffer, in the current gzip
    member or in the file (the stream is read on, but only the error follows)?"""
    reader = iterator.reader
    if reader is None or reader.rem_length() > 0:
        return False
    decompressor = reader.decompressor
    if decompressor is not None and decompressor.eof:  # a complete gzip member holding no record
        return False
    return not counted.read(1)


class _Iterator(ArchiveIterator):
    """warcio's iterator with :class:`_Loader`, noting whether the last gzip member was complete
    (``gzip_cut``): warcio reads a member cut inside its trailer without a word."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.loader = _Loader(verify_http=False, arc2warc=True)
        self.gzip_cut = False

    def close(self) -> None:
        decompressor = self.reader.decompressor if self.reader is not None else None
        if decompressor is not None and getattr(decompressor, "eof", True) is False:
            self.gzip_cut = True
        super().close()


class _Loader(ArcWarcRecordLoader):
    """warcio's record loader, which names an HTTP record without a target URI in ``problem`` and
    leaves its payload unparsed (warcio itself fails on one with "'NoneType' object has no
    attribute 'startswith'" and gives up the rest of the archive)."""

    problem: str | None = None

    def load_http_headers(self, rec_type, uri, stream, length):
        if uri is None and rec_type in self.HTTP_RECORDS and length != 0:
            self.problem = f"{rec_type} record without WARC-Target-URI"
            return None
        return super().load_http_headers(rec_type, uri, stream, length)


class _Counted:
    """A read-only stream that counts the bytes read (warcio reads archives to their end)."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self.start = _tell(stream)
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self.count += len(data)
        return data

    def tell(self) -> int:
        return self.start + self.count


def _tell(stream: BinaryIO) -> int:
    try:
        return stream.tell()
    except (OSError, AttributeError, ValueError):
        return 0


def _check_complete(record, number: int, subject: str) -> None:
    """InputError if the archive ended before ``record``'s block did (its Content-Length)."""
    raw = record.raw_stream
    length = (record.rec_headers.get_header("Content-Length") or "").strip()
    # warcio reads a Content-Length cut to "" as 0: an empty record, and the archive's end unnoticed
    if record.format == "warc" and (not isinstance(raw, LimitReader) or not length.isdigit()):
        raise InputError(f"truncated archive: record #{number} has no Content-Length (its header is cut "
                         "short or malformed); nothing after it is read", subject=subject)
    while raw.read(65536):  # what the record did not read itself (warcio would do the same)
        pass
    missing = getattr(raw, "limit", 0)
    if missing > 0:
        url = (record.rec_headers.get_header("WARC-Target-URI") or record.rec_headers.get_header("uri") or "")
        named = f" ({url.strip('<> ')})" if url.strip("<> ") else ""
        read = raw.tell()
        raise InputError(f"truncated archive: record #{number}{named} ends after {read} of its {read + missing} "
                         "bytes; it was not stored", subject=subject)


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
    return parse_datetime(record.rec_headers.get_header("WARC-Date") or "")


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'").lower()
    return None
