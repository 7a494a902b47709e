"""Local inputs for ``newsloom ingest``: files and folders turned into FetchedDocuments.

Supported: ``.html``/``.htm`` (also ``.gz``), ``.txt`` (also ``.gz``; a dump of several texts is split at
form feeds, lines of five or more ``=`` or ``-``, and ``<doc>`` tags: see :mod:`.text`), feeds ``.xml``/``.rss``/
``.atom``/``.json`` (JSON Feed), ``.jsonl`` (one article per line: ``text`` required; ``title``,
``url``, ``id``, ``published``, ``source`` optional) and WARC/ARC archives (``.warc``,
``.warc.gz``, ``.arc``, ``.arc.gz``).

``scan_input_files(paths)`` expands folders and says which of their files it left out (an unsupported
type); ``iter_inputs(paths)`` yields, in a stable order, either a FetchedDocument or the InputError
that explains why one input could not be read. It never raises for a single bad input, so one
bad file never stops a batch: even an unexpected exception while reading one file becomes that
file's InputError (with the exception's type and message; the traceback is logged).

Text from JSON inputs (``.jsonl`` lines, JSON Feed) has lone surrogates (``"\\ud800"``) replaced
by U+FFFD, since no UTF codec can encode them.
"""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..errors import FeedError, InputError, UnsupportedInputError
from ..model import FetchedDocument
from .charset import is_binary, scrub_surrogates
from .text import iter_text_dump

__all__ = ["MAX_INPUT_BYTES", "InputFiles", "InputItem", "SkippedFile", "iter_inputs", "list_input_files",
           "scan_input_files"]

MAX_INPUT_BYTES = 64 * 1024 * 1024
HTML_EXT = {".html", ".htm", ".xhtml"}
TEXT_EXT = {".txt", ".text"}
FEED_EXT = {".xml", ".rss", ".atom", ".rdf", ".json"}
WARC_EXT = {".warc", ".arc"}
ALL_EXT = HTML_EXT | TEXT_EXT | FEED_EXT | WARC_EXT | {".jsonl", ".ndjson"}

InputItem = FetchedDocument | InputError
_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Kind:
    ext: str
    gzipped: bool


def _kind(path: Path) -> _Kind:
    suffixes = [s.lower() for s in path.suffixes]
    gz = bool(suffixes) and suffixes[-1] in (".gz", ".gzip")
    if gz:
        suffixes = suffixes[:-1]
    return _Kind(suffixes[-1] if suffixes else "", gz)


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """A file inside a folder given to ingest that is left out, and why."""

    path: Path
    reason: str


@dataclass(frozen=True, slots=True)
class InputFiles:
    files: list[Path | InputError]  # to read, in order (or the error standing for a missing path)
    skipped: list[SkippedFile]  # files found in folders and left out (hidden files are not listed)


def list_input_files(paths: Iterable[str | Path]) -> list[Path | InputError]:
    """Expand folders (recursively, sorted, hidden files skipped) into files."""
    return scan_input_files(paths).files


def scan_input_files(paths: Iterable[str | Path]) -> InputFiles:
    """:func:`list_input_files`, also naming the files of the folders that were left out because their type
    is not supported. A file given by name is always kept: reading it says what is wrong with it."""
    out: list[Path | InputError] = []
    skipped: list[SkippedFile] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            try:
                found = sorted(p for p in path.rglob("*") if p.is_file()
                               and not any(part.startswith(".") for part in p.relative_to(path).parts))
            except OSError as exc:
                out.append(InputError(f"cannot list folder: {exc.strerror or exc}", subject=str(path)))
                continue
            for p in found:
                if _supported(p):
                    out.append(p)
                else:
                    skipped.append(SkippedFile(p, f"unsupported type {''.join(p.suffixes) or '(no extension)'}"))
        elif path.exists():
            out.append(path)
        else:
            out.append(InputError("no such file or folder", subject=str(path)))
    return InputFiles(out, skipped)


def _supported(path: Path) -> bool:
    kind = _kind(path)
    return kind.ext in ALL_EXT or kind.gzipped


def iter_inputs(files: Iterable[Path | str | InputError], *, now: datetime | None = None) -> Iterator[InputItem]:
    """Yield documents (or errors) for every input file (a path, as a Path or a string); multi-record
    files yield several."""
    now = now or datetime.now(UTC)
    for item in files:
        if isinstance(item, InputError):
            yield item
            continue
        try:
            yield from _read_one(Path(item), now)
        except InputError as exc:
            yield exc
        except Exception as exc:  # noqa: BLE001 - a reader bug must not stop the other files; it is logged
            _log.error("unexpected error reading %s", item, exc_info=True)
            yield InputError(f"unexpected {type(exc).__name__} while reading: {exc}", subject=str(item))


def _read_one(path: Path, now: datetime) -> Iterator[InputItem]:
    kind = _kind(path)
    if kind.ext not in ALL_EXT:
        raise UnsupportedInputError(
            f"unsupported file type {''.join(path.suffixes) or '(no extension)'}; expected one of "
            + ", ".join(sorted(ALL_EXT)), subject=str(path))
    if kind.ext in WARC_EXT:
        yield from _read_warc(path)
        return
    data = _read_bytes(path, kind.gzipped)
    if not data.strip():
        raise InputError("empty file", subject=str(path))
    if kind.ext == ".jsonl" or kind.ext == ".ndjson":
        yield from _read_jsonl(path, data, now)
        return
    uri = path.resolve().as_uri()
    if kind.ext in TEXT_EXT:  # one text, or a dump of several (form feeds, ===== lines, <doc> tags), each
        try:  # judged on its own: one corrupt record costs only itself (a binary file is refused whole)
            yield from iter_text_dump(data, url=uri, now=now)
        except InputError as exc:
            raise InputError(exc.message, subject=str(path)) from exc
        return
    if is_binary(data):
        raise InputError("binary content, not text or HTML", subject=str(path))
    if kind.ext in HTML_EXT:
        yield FetchedDocument(url=uri, body=data, content_type="text/html", fetched_at=now)
    else:
        yield from _read_feed(path, data, now)


def _read_bytes(path: Path, gzipped: bool) -> bytes:
    try:
        if path.stat().st_size > MAX_INPUT_BYTES:
            raise InputError(f"file larger than {MAX_INPUT_BYTES // 2**20} MiB", subject=str(path))
        raw = path.read_bytes()
    except PermissionError as exc:
        raise InputError("permission denied (unreadable file)", subject=str(path)) from exc
    except IsADirectoryError as exc:
        raise InputError("is a directory", subject=str(path)) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", subject=str(path)) from exc
    if not gzipped:
        return raw
    try:
        out = zlib.decompressobj(16 + zlib.MAX_WBITS)
        data = out.decompress(raw, MAX_INPUT_BYTES)
        if out.unconsumed_tail:
            raise InputError(f"decompressed size over {MAX_INPUT_BYTES // 2**20} MiB", subject=str(path))
        if not out.eof:
            raise InputError("truncated gzip file (compressed stream ends early)", subject=str(path))
        return data
    except zlib.error as exc:
        raise InputError(f"corrupt gzip file: {exc}", subject=str(path)) from exc


def _read_jsonl(path: Path, data: bytes, now: datetime) -> Iterator[InputItem]:
    for lineno, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), start=1):
        if not line.strip():
            continue
        subject = f"{path}:{lineno}"
        try:
            record = scrub_surrogates(json.loads(line))
        except (json.JSONDecodeError, RecursionError) as exc:
            yield InputError(f"invalid JSON: {getattr(exc, 'msg', 'nested too deeply')}", subject=subject)
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not record["text"].strip():
            yield InputError("a .jsonl line needs a non-empty string field 'text'", subject=subject)
            continue
        hints = {k: str(record[k]) for k in ("title", "published", "source") if record.get(k)}
        if record.get("id") is not None:
            hints["external_id"] = str(record["id"])
        url = record.get("url") if isinstance(record.get("url"), str) and record.get("url") else None
        yield FetchedDocument(url=url or f"{path.resolve().as_uri()}#line={lineno}",
                              body=record["text"].encode("utf-8"), content_type="text/plain",
                              fetched_at=now, encoding="utf-8", hints=hints)


def _read_feed(path: Path, data: bytes, now: datetime) -> Iterator[InputItem]:
    """One document per entry, built exactly as the poller builds one from a feed entry that
    carries its article (:func:`~newsloom.sources.entries.feed_document`): the entry's content or
    summary (plain text, one paragraph or a whole page of HTML) inside a small HTML page."""
    from .entries import feed_document
    from .feeds import parse_feed

    try:
        feed = parse_feed(data, url=path.resolve().as_uri())
    except FeedError as exc:
        raise InputError(f"not a readable feed: {exc.message}", subject=str(path)) from exc
    if not feed.items:
        raise InputError("feed has no entries", subject=str(path))
    for n, item in enumerate(feed.items, start=1):
        if not (item.content_html or item.summary):
            yield InputError("feed entry has no content or summary to ingest", subject=f"{path}#{n}")
            continue
        try:
            yield feed_document(item, url=item.url or f"{path.resolve().as_uri()}#{n}", feed_title=feed.title,
                                source=None, now=now)
        except FeedError as exc:
            yield InputError(f"feed entry: {exc.message}", subject=f"{path}#{n}")


def _read_warc(path: Path) -> Iterator[InputItem]:
    """The archive's documents; a malformed record that can be skipped is yielded as its InputError
    and the rest of the archive goes on; a truncated or unreadable archive ends with one."""
    from .warc import iter_warc

    skipped: list[InputError] = []
    try:
        for doc in iter_warc(path, on_error=skipped.append):
            yield from skipped
            skipped.clear()
            yield doc
        yield from skipped
    except InputError:
        yield from skipped
        raise
    except Exception as exc:  # warcio raises plain exceptions on corrupt archives
        yield from skipped
        raise InputError(f"unreadable WARC/ARC archive ({type(exc).__name__}: {exc})", subject=str(path)) from exc
