"""XML sitemaps, sitemap indexes and Google News sitemaps (also gzipped, also plain-text lists).

A sitemap is read as a stream: it is unpacked and parsed a chunk at a time, each entry is turned into
its item as soon as it is closed and then dropped from the tree, and reading stops after
``MAX_SITEMAP_ENTRIES`` entries (the sitemaps.org limit), so that memory follows that limit and not
the size of the file (a 2 MB gzipped file can unpack to 50 MB holding close to a million entries).
Reading also stops when the parser closes no element in ``_STALL_BYTES`` (libxml2 would hold all that
follows back and then parse it at once), and at junk: more than ``_MAX_STRAY`` children of the root that are
not entries (and ``_STRAYS_PER_ENTRY`` times the entries read), more than ``_MAX_ELEMENTS`` elements in all,
more than ``_MAX_JUNK_WORDS`` words of a text sitemap that are no web address (and ``_JUNK_WORDS_PER_URL``
times the URLs read); the entries read before are kept and the warning says why. A gzipped sitemap over ``MAX_SITEMAP_BYTES`` unpacked is refused before any of it is parsed. The
XML parser is :mod:`.xmlsafe`'s (no entities, no network, no huge trees), and its errors are reported as
there.
"""

from __future__ import annotations

import codecs
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from urllib.parse import urljoin

from lxml import etree

from ..dates import parse_datetime as _date
from ..errors import FeedError
from ..model import FeedItem
from ..urls import web_url
from .xmlsafe import _COSMETIC, XMLDocument, _ends_with_end_tag, _parser, local_name

__all__ = ["MAX_SITEMAP_BYTES", "MAX_SITEMAP_ENTRIES", "Sitemap", "parse_sitemap"]

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps.org limit for one uncompressed file
MAX_SITEMAP_ENTRIES = 50_000  # the sitemaps.org limit of URLs in a sitemap (and of sitemaps in an index)

_CHUNK = 1 << 16  # unpacked and parsed at a time: the tree never holds much more than one chunk's elements
_TAIL_BYTES = 8192  # the end of the document kept to tell a cut-short document from a complete one
# reading stops when this much was fed without the parser closing an element: libxml2 holds back what follows
# a construct until it sees its end (a ';' after an '&', the end of a comment, CDATA section or tag), and then
# parses all it held back at once, at some 20 times its size (a hostile 2 MB gzip: a gigabyte and more)
_STALL_BYTES = 2 << 20
# junk stops the reading early (the parser's work on it is what a 50 MB junk file costs, some 20 s of CPU):
# children of the root that are not entries (sitemaps.org allows other namespaces'): more than _MAX_STRAY and than
# _STRAYS_PER_ENTRY for each entry read (an <xhtml:link> beside each <url>, a comment before each are no junk)
_MAX_STRAY = 1000
_STRAYS_PER_ENTRY = 4
# elements in all: 50,000 news entries are some 750,000 elements, 50,000 entries of a dozen images each
# (47 MB) 1.3 million; a 50 MB file of tiny elements ("<x/>") is 13 million
_MAX_ELEMENTS = 2_000_000
# words of a text sitemap that are no web address: more than _MAX_JUNK_WORDS and than _JUNK_WORDS_PER_URL for each
# URL read (a line may say more than its URL: 'URL 2024-01-01 daily 0.5', 'URL # article N about things')
_MAX_JUNK_WORDS = 10_000
_JUNK_WORDS_PER_URL = 16
_MAX_WORD = 1 << 16  # a longer "word" of a text sitemap is no URL (sitemaps.org: under 2,048 characters)
_ENTRY_PARTS = frozenset({"loc", "lastmod", "news"})  # the children of an entry that are read (the first of each)
_NEWS_PARTS = frozenset({"publication_date", "title"})  # the children of its first <news> that are read


@dataclass(frozen=True, slots=True)
class Sitemap:
    """Article URLs of a sitemap (``urls``) and, for a sitemap index, the sitemaps it lists
    (``children``, most recently modified first)."""

    urls: tuple[FeedItem, ...] = ()
    children: tuple[str, ...] = ()
    kind: str = "urlset"  # urlset | sitemapindex | text
    # the document was damaged, or lists more than MAX_SITEMAP_ENTRIES entries: what was wrong and what was kept
    warning: str | None = None


def parse_sitemap(data: bytes, url: str | None = None) -> Sitemap:
    """Parse one sitemap document (``<urlset>``, ``<sitemapindex>`` or a text list of URLs).

    A damaged XML sitemap (cut short, ill-formed) keeps only its complete ``<url>``/``<sitemap>``
    entries, never one cut off at the end, and says so in ``warning``; FeedError when none is
    complete. Only the first ``MAX_SITEMAP_ENTRIES`` entries are read; when there are more, ``warning``
    says so. FeedError when the document is larger than ``MAX_SITEMAP_BYTES`` unpacked."""
    chunks = _unpacked(data, url)
    head: list[bytes] = []
    for chunk in chunks:  # up to the first chunk that is not all whitespace
        head.append(chunk)
        if chunk.lstrip():
            break
    stream = chain(head, chunks)
    if not (head and head[-1].lstrip().startswith(b"<")):
        return _text_sitemap(stream, url)
    return _xml_sitemap(stream, url)


def _unpacked(data: bytes, url: str | None) -> Iterator[bytes]:
    """``data`` a chunk at a time, gunzipped when it is gzipped; FeedError (when that chunk is reached)
    for a corrupt gzip stream or more than ``MAX_SITEMAP_BYTES``."""
    too_large = FeedError(f"sitemap larger than {MAX_SITEMAP_BYTES // 2**20} MiB uncompressed", subject=url)
    if not data.startswith(b"\x1f\x8b"):
        if len(data) > MAX_SITEMAP_BYTES:
            raise too_large
        for start in range(0, len(data), _CHUNK):
            yield data[start:start + _CHUNK]
        return
    if _gunzipped_size(data, url) > MAX_SITEMAP_BYTES:  # refused before any of it is parsed
        raise too_large
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    pending, total = data, 0
    while not inflater.eof:  # what follows the gzip member is ignored
        try:
            out = inflater.decompress(pending, _CHUNK)
        except zlib.error as exc:
            raise FeedError(f"corrupt gzipped sitemap: {exc}", subject=url) from exc
        pending = inflater.unconsumed_tail
        if not out and not pending:  # cut short: what was unpacked is all there is (the parser says so)
            return
        total += len(out)
        if total > MAX_SITEMAP_BYTES:
            raise too_large
        if out:
            yield out


def _gunzipped_size(data: bytes, url: str | None) -> int:
    """How many bytes gzipped ``data`` unpacks to, counted a chunk at a time and dropped (unpacking costs a
    small part of parsing), up to just over ``MAX_SITEMAP_BYTES``; FeedError for a corrupt stream."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    pending, total = data, 0
    while not inflater.eof and total <= MAX_SITEMAP_BYTES:
        try:
            out = inflater.decompress(pending, 1 << 20)
        except zlib.error as exc:
            raise FeedError(f"corrupt gzipped sitemap: {exc}", subject=url) from exc
        pending = inflater.unconsumed_tail
        if not out and not pending:
            break
        total += len(out)
    return total


def _text_sitemap(chunks: Iterator[bytes], url: str | None) -> Sitemap:
    urls: dict[str, None] = {}
    read = junk = 0
    for word in _words(chunks):
        if not _web_url(word):
            junk += 1
            if junk > max(_MAX_JUNK_WORDS, read * _JUNK_WORDS_PER_URL):  # a text sitemap lists URLs, a line each
                _finish(chunks)
                if not urls:
                    break
                warning = (f"text sitemap: reading stopped after {junk - 1} words that are no web address "
                           f"(a text sitemap lists one URL a line, with at most a few words beside it): the "
                           f"{read} URLs before them were read")
                return Sitemap(urls=tuple(FeedItem(url=u, source_url=url) for u in urls), kind="text",
                               warning=warning)
            continue
        if read == MAX_SITEMAP_ENTRIES:
            _finish(chunks)
            warning = (f"text sitemap lists more than {MAX_SITEMAP_ENTRIES} URLs, the sitemaps.org limit: "
                       f"the first {MAX_SITEMAP_ENTRIES} were read, the rest ignored")
            return Sitemap(urls=tuple(FeedItem(url=u, source_url=url) for u in urls), kind="text", warning=warning)
        read += 1
        urls[word] = None
    if not urls:
        raise FeedError("not a sitemap: neither XML nor a list of URLs", subject=url)
    return Sitemap(urls=tuple(FeedItem(url=u, source_url=url) for u in urls), kind="text")


def _words(chunks: Iterator[bytes]) -> Iterator[str]:
    """The whitespace-separated words of UTF-8 text given in chunks (as ``text.split()`` of the whole
    would give them), but none longer than ``_MAX_WORD``."""
    parts: list[str] = []  # a word the previous chunks ended inside
    size, skipping = 0, False
    for text in _decoded(chunks):
        if not text:
            continue
        words = text.split()
        if (parts or skipping) and text[0].isspace():  # the word ended with the previous chunk
            if parts:
                yield "".join(parts)
            parts, size, skipping = [], 0, False
        if not words:
            continue
        last = words.pop() if not text[-1].isspace() else None  # goes on in the next chunk (perhaps)
        if words and (parts or skipping):  # the first word completes the one carried over
            first = words.pop(0)
            if parts and size + len(first) <= _MAX_WORD:
                yield "".join(parts) + first
            parts, size, skipping = [], 0, False
        yield from (w for w in words if len(w) <= _MAX_WORD)
        if last is not None and not skipping:
            size += len(last)
            parts.append(last)
            if size > _MAX_WORD:
                parts, skipping = [], True
    if parts:
        yield "".join(parts)


def _decoded(chunks: Iterator[bytes]) -> Iterator[str]:
    """UTF-8 text given in chunks, decoded a chunk at a time (as ``data.decode("utf-8", "replace")``)."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    for chunk in chunks:
        yield decoder.decode(chunk)
    yield decoder.decode(b"", final=True)


def _finish(chunks: Iterator[bytes]) -> None:
    """Unpack the rest without reading it: a document over ``MAX_SITEMAP_BYTES`` is refused whether or
    not its entries were all read (the chunks are dropped as they come)."""
    for _ in chunks:
        pass


class _Entries:
    """Reads the entries of a ``<urlset>``/``<sitemapindex>`` from the events of a pull parser as they
    come: each entry (a child of the root) becomes its item once it is closed, and is then cleared and
    dropped; below an entry, an element is cleared and dropped once it is closed unless the entry is
    read from it (see :meth:`_read_later`). So the tree holds little more than the entry being read,
    however long the document or one of its entries.

    An element's place is taken from the tree, not from counting events: when libxml2 recovers from an
    ill-formed document it may close elements without an event of their own."""

    def __init__(self, url: str | None) -> None:
        self.url = url
        self.root: etree._Element | None = None
        self.entry = ""  # url | sitemap
        self.found: list = []  # FeedItems (urlset) or (loc, lastmod) pairs (sitemapindex), in document order
        self.read = 0  # whole entries read (those whose <loc> is no web address included)
        self.more = False  # there are more than MAX_SITEMAP_ENTRIES entries: reading stopped
        self.root_closed = False
        self._last: etree._Element | None = None  # the last child of the root read (cleared, still in the tree)
        self._cleared: dict[etree._Element, etree._Element] = {}  # parent -> its child cleared last
        self.closed = 0  # elements closed so far (end events)
        self.strays = 0  # children of the root that are not entries
        self.stopped: str | None = None  # why reading stopped early (junk), if it did

    def handle(self, events) -> bool:
        """Take the parser's events; False once MAX_SITEMAP_ENTRIES entries were read and there are more, or
        more children of the root than ``_MAX_STRAY`` and ``_STRAYS_PER_ENTRY`` per entry read were not entries
        (``stopped`` says so)."""
        for event, element in events:
            if event == "start":
                if self.root is None:
                    self.start_root(element)
                continue
            self.closed += 1
            parent = element.getparent()
            if parent is None:
                self.root_closed = self.root_closed or element is self.root
            elif parent is self.root:
                if not self._end_entry(element):
                    return False
            elif not self._read_later(element, parent):
                self._drop(element, parent)
        return True

    def start_root(self, root: etree._Element) -> None:
        name = local_name(root)
        if name not in ("sitemapindex", "urlset"):
            raise FeedError(f"not a sitemap: root element is <{name or '?'}>", subject=self.url)
        self.root, self.entry = root, "sitemap" if name == "sitemapindex" else "url"

    def _end_entry(self, element: etree._Element) -> bool:
        """Read the children of the root up to this one, which was just closed (those before it that are
        not read yet were closed by libxml2 without an event), then drop them."""
        root = self.root
        while True:  # ends at ``element``, a child of the root (no len(): lxml counts the children one by one)
            node = root[0]
            if node is not self._last and local_name(node) == self.entry:
                if self.read == MAX_SITEMAP_ENTRIES:
                    self.more = True
                    return False
                self.take(node)
            elif node is not self._last:
                self.strays += 1
                if self.strays > (limit := max(_MAX_STRAY, self.read * _STRAYS_PER_ENTRY)):
                    self.stopped = (f"reading stopped: more than {limit} elements of "
                                    f"<{local_name(root)}> that are no <{self.entry}> entry")
                    return False
            if node is element:
                break
            del root[0]
        element.clear()
        self._last = element
        self._cleared.clear()  # all below the root's children is gone
        return True

    def take(self, node: etree._Element) -> None:
        """Read one whole entry."""
        self.read += 1
        if self.entry == "sitemap":
            self.found.append((_loc(node, self.url), _date(_text(node, "lastmod"))))
        elif (item := _url_item(node, self.url)) is not None:
            self.found.append(item)

    def _read_later(self, element: etree._Element, parent: etree._Element) -> bool:
        """Is this closed element (below an entry) one its entry is read from when it closes: the entry's
        first <loc>, <lastmod> and <news> (see :func:`_url_item`), or that <news>'s first
        <publication_date> and <title>?"""
        name = local_name(element)
        above = parent.getparent()
        if above is self.root:
            return name in _ENTRY_PARTS and _child(parent, name) is element
        return (name in _NEWS_PARTS and above is not None and above.getparent() is self.root
                and local_name(parent) == "news" and _child(above, "news") is parent
                and _child(parent, name) is element)

    def _drop(self, element: etree._Element, parent: etree._Element) -> None:
        """Clear a closed element that is not read, and remove the one cleared before it under the same
        parent (whose tail is complete by now; this one's may not be yet)."""
        element.clear()
        self._cleared.pop(element, None)
        previous = self._cleared.get(parent)
        if previous is not None and previous.getparent() is parent:
            parent.remove(previous)
        self._cleared[parent] = element

    def rest(self) -> list[etree._Element]:
        """The root's entries not read before the document ended (closed by ``close()``, if at all)."""
        children = list(self.root) if self.root is not None else []
        if self._last is not None and children and children[0] is self._last:
            children = children[1:]
        return [node for node in children if local_name(node) == self.entry]


def _xml_sitemap(chunks: Iterator[bytes], url: str | None) -> Sitemap:
    parser = _parser()
    entries = _Entries(url)
    tail, tail_at = b"", 0  # the end of the document, from an offset that is a multiple of 4 (UTF-16/32)
    root, held = None, 0  # held: bytes fed since the parser last closed an element
    stopped = None  # why reading stopped before the end (junk), if it did
    for chunk in chunks:
        closed = entries.closed
        _feed(parser, chunk, url)
        if not entries.handle(parser.read_events()):
            stopped = entries.stopped
            break
        held = held + len(chunk) if entries.closed == closed else 0
        if held > _STALL_BYTES:
            stopped = (f"reading stopped: no element closed in {_STALL_BYTES >> 20} MiB (an '&' without ';', "
                       "or a comment, CDATA section or tag not closed)")
            break
        if entries.closed > _MAX_ELEMENTS:
            stopped = (f"reading stopped: more than {_MAX_ELEMENTS} elements (a sitemap at the "
                       "sitemaps.org limits holds fewer)")
            break
        tail += chunk
        if len(tail) > 2 * _TAIL_BYTES:
            cut = len(tail) - _TAIL_BYTES
            cut -= (tail_at + cut) % 4
            tail, tail_at = tail[cut:], tail_at + cut
    else:
        # elements still open now are closed by close() without events of their own (and the events it
        # gives are not read): only an entry closed before is known to be whole
        root = _feed(parser, None, url)
    log = [e for e in parser.feed_error_log if e.level_name != "WARNING" and e.type_name not in _COSMETIC]
    errors = tuple(f"line {e.line}, column {e.column}: {' '.join(e.message.split())}" for e in log)
    if entries.more:  # reading stopped there
        _finish(chunks)
        return _sitemap(entries, url, _cap_warning(entries, errors))
    if stopped:  # reading stopped there too: what was not closed before is cut off
        _finish(chunks)
        if entries.root is None:
            raise FeedError("not a readable sitemap: no XML element found", subject=url)
        rest = entries.rest()
        damage = f"{stopped}; {XMLDocument(root=entries.root, errors=errors).damage()}" if errors else stopped
        return _damaged(entries, url, damage, rest, [])
    if root is None:
        raise FeedError("not a readable sitemap: no XML element found", subject=url)
    if entries.root is None:  # the root's start was among the events close() gave
        entries.start_root(root)
    halted = any(e.type_name == "ERR_RESOURCE_LIMIT" or "amplification" in e.message for e in log)
    truncated = bool(errors) and (halted or not (entries.root_closed or _ends_with_end_tag(tail, root)))
    document = XMLDocument(root=root, errors=errors, truncated=truncated)
    rest = entries.rest()
    if not truncated:  # ill-formed but whole (or well-formed): what libxml2 recovered is kept too
        room = MAX_SITEMAP_ENTRIES - entries.read
        for node in rest[:room]:
            entries.take(node)
        entries.more, rest = len(rest) > room, []
    notes = [_cap_warning(entries, ())] if entries.more else []
    if not document.damaged:
        return _sitemap(entries, url, "; ".join(notes) or None)
    return _damaged(entries, url, document.damage(), rest, notes)


def _damaged(entries: _Entries, url: str | None, damage: str, cut: list, notes: list[str]) -> Sitemap:
    """The entries read from a damaged document, the damage said in the warning (and the ``cut`` entries,
    those not closed when the document ended or reading stopped); FeedError when no entry is whole."""
    entry = entries.entry
    if not entries.read:
        raise FeedError(f"damaged sitemap ({damage}): no complete <{entry}> entry", subject=url)
    kept = f"{entries.read} complete <{entry}> entr{'y' if entries.read == 1 else 'ies'} kept"
    dropped = f", {len(cut)} cut off at the end dropped" if cut else ""
    return _sitemap(entries, url, "; ".join([f"damaged sitemap ({damage}): {kept}{dropped}", *notes]))


def _feed(parser: etree.XMLPullParser, chunk: bytes | None, url: str | None) -> etree._Element | None:
    """Feed ``chunk`` to the parser, or close it (``chunk`` None: the root is returned)."""
    try:
        return parser.close() if chunk is None else parser.feed(chunk)
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise FeedError(f"not a readable sitemap: {exc}", subject=url) from exc


def _cap_warning(entries: _Entries, errors: tuple[str, ...]) -> str:
    note = (f"sitemap lists more than {MAX_SITEMAP_ENTRIES} <{entries.entry}> entries, the sitemaps.org limit: "
            f"the first {MAX_SITEMAP_ENTRIES} were read, the rest ignored")
    if not errors:
        return note
    damage = XMLDocument(root=entries.root, errors=errors).damage()
    return f"damaged sitemap ({damage}); {note}"


def _sitemap(entries: _Entries, url: str | None, warning: str | None) -> Sitemap:
    if entries.entry == "sitemap":
        return Sitemap(children=_newest_first(entries.found), kind="sitemapindex", warning=warning)
    return Sitemap(urls=tuple(entries.found), kind="urlset", warning=warning)


def _newest_first(found: list[tuple[str | None, object]]) -> tuple[str, ...]:
    """Child sitemaps, most recently modified first (those without ``lastmod`` last, in document order)."""
    dated = sorted(((loc, when) for loc, when in found if loc and when), key=lambda p: p[1], reverse=True)
    undated = [loc for loc, when in found if loc and not when]
    return tuple(dict.fromkeys([loc for loc, _ in dated] + undated))


def _child(node, name: str):
    for child in node:
        if local_name(child) == name:
            return child
    return None


def _text(node, name: str) -> str | None:
    child = _child(node, name) if node is not None else None
    text = (child.text or "").strip() if child is not None else ""
    return text or None


def _loc(node, base: str | None) -> str | None:
    loc = _text(node, "loc")
    if not loc:
        return None
    return _web_url(loc, base)


def _web_url(url: str, base: str | None = None) -> str | None:
    """``url`` (resolved against ``base``) when it is a web address; None also for what is no address
    at all (e.g. "http://[x": one such entry must not cost the others)."""
    try:
        return web_url(urljoin(base or "", url) if base is not None else url)
    except ValueError:
        return None


def _url_item(node, base: str | None) -> FeedItem | None:
    loc = _loc(node, base)
    if loc is None:
        return None
    news = _child(node, "news")
    published = _date(_text(news, "publication_date")) if news is not None else None
    title = _text(news, "title") if news is not None else None
    return FeedItem(url=loc, guid=loc, title=title, published=published,
                    updated=_date(_text(node, "lastmod")), source_url=base)
