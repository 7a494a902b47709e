"""Local inputs for ``newsloom ingest``: files and folders turned into FetchedDocuments.

Supported: ``.html``/``.htm`` (also ``.gz``), ``.txt`` (also ``.gz``), feeds ``.xml``/``.rss``/
``.atom``/``.json`` (JSON Feed), ``.jsonl`` (one article per line: ``text`` required; ``title``,
``url``, ``id``, ``published``, ``source`` optional) and WARC/ARC archives (``.warc``,
``.warc.gz``, ``.arc``, ``.arc.gz``).

``iter_inputs(paths)`` yields, in a stable order, either a FetchedDocument or the InputError
that explains why one input could not be read. It never raises for a single bad input, so one
bad file never stops a batch.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..errors import FeedError, InputError, UnsupportedInputError
from ..model import FetchedDocument

__all__ = ["MAX_INPUT_BYTES", "InputItem", "iter_inputs", "list_input_files"]

MAX_INPUT_BYTES = 64 * 1024 * 1024
HTML_EXT = {".html", ".htm", ".xhtml"}
TEXT_EXT = {".txt", ".text"}
FEED_EXT = {".xml", ".rss", ".atom", ".rdf", ".json"}
WARC_EXT = {".warc", ".arc"}
ALL_EXT = HTML_EXT | TEXT_EXT | FEED_EXT | WARC_EXT | {".jsonl", ".ndjson"}

InputItem = FetchedDocument | InputError


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


def list_input_files(paths: Iterable[str | Path]) -> list[Path | InputError]:
    """Expand folders (recursively, sorted, hidden files skipped) into files."""
    out: list[Path | InputError] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            try:
                found = sorted(p for p in path.rglob("*") if p.is_file()
                               and not any(part.startswith(".") for part in p.relative_to(path).parts))
            except OSError as exc:
                out.append(InputError(f"cannot list folder: {exc.strerror or exc}", subject=str(path)))
                continue
            out.extend(p for p in found if _kind(p).ext in ALL_EXT or _kind(p).gzipped)
        elif path.exists():
            out.append(path)
        else:
            out.append(InputError("no such file or folder", subject=str(path)))
    return out


def iter_inputs(files: Iterable[Path | InputError], *, now: datetime | None = None) -> Iterator[InputItem]:
    """Yield documents (or errors) for every input file; multi-record files yield several."""
    now = now or datetime.now(UTC)
    for item in files:
        if isinstance(item, InputError):
            yield item
            continue
        try:
            yield from _read_one(item, now)
        except InputError as exc:
            yield exc


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
    if _looks_binary(data):
        raise InputError("binary content, not text or HTML", subject=str(path))
    uri = path.resolve().as_uri()
    if kind.ext in HTML_EXT:
        yield FetchedDocument(url=uri, body=data, content_type="text/html", fetched_at=now)
    elif kind.ext in TEXT_EXT:
        yield FetchedDocument(url=uri, body=data, content_type="text/plain", fetched_at=now)
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


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):  # BOMs: UTF-16/8 text
        return False
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control > len(head) * 0.05


def _read_jsonl(path: Path, data: bytes, now: datetime) -> Iterator[InputItem]:
    for lineno, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), start=1):
        if not line.strip():
            continue
        subject = f"{path}:{lineno}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(f"invalid JSON: {exc.msg}", subject=subject)
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
    from .feeds import parse_feed

    try:
        feed = parse_feed(data, url=path.resolve().as_uri())
    except FeedError as exc:
        raise InputError(f"not a readable feed: {exc.message}", subject=str(path)) from exc
    if not feed.items:
        raise InputError("feed has no entries", subject=str(path))
    for n, item in enumerate(feed.items, start=1):
        body = item.content_html or item.summary
        if not body:
            yield InputError("feed entry has no content or summary to ingest", subject=f"{path}#{n}")
            continue
        hints = {"source": feed.title or "", "title": item.title or ""}
        if item.published:
            hints["published"] = item.published.isoformat()
        if item.guid:
            hints["external_id"] = item.guid
        if item.authors:
            hints["author"] = "; ".join(item.authors)
        yield FetchedDocument(url=item.url or f"{path.resolve().as_uri()}#{n}", body=body.encode("utf-8"),
                              content_type="text/html", fetched_at=now, encoding="utf-8",
                              hints={k: v for k, v in hints.items() if v})


def _read_warc(path: Path) -> Iterator[InputItem]:
    from .warc import iter_warc

    try:
        yield from iter_warc(path)
    except InputError:
        raise
    except Exception as exc:  # warcio raises plain exceptions on corrupt archives
        raise InputError(f"unreadable WARC/ARC archive: {exc}", subject=str(path)) from exc
