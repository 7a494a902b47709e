"""Which character encoding a body really uses, when header, markup and bytes disagree; whether it
is text at all; and text made safe to encode (no lone surrogates).

The one implementation of these rules: the fetcher, the local-file reader and the extraction stage
(:mod:`newsloom.extract.decode`) all use it, so a body is judged the same way wherever it comes from.
"""

from __future__ import annotations

import codecs
import functools
import re
from typing import Any

from charset_normalizer import from_bytes

__all__ = ["canonical_charset", "declared_charset", "detect_encoding", "guess_encoding", "is_binary",
           "is_single_byte", "markup_charset", "scrub_surrogates", "utf16_encoding", "utf16_without_bom"]

_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.+-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:+-]+)["']""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def declared_charset(content_type: str | None) -> str | None:
    """The ``charset=`` parameter of a Content-Type header, normalised (None if absent/unknown)."""
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return canonical_charset(value.strip().strip("\"' "))
    return None


def markup_charset(body: bytes) -> str | None:
    """The encoding the document declares itself (BOM, XML declaration or ``<meta charset>``)."""
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name
    if found := utf16_without_bom(body):
        return found
    head = body[:4096]
    match = _XML_DECL.match(head) or _META.search(head)
    return canonical_charset(match.group(1).decode("ascii", "ignore")) if match else None


def detect_encoding(body: bytes, content_type: str | None = None) -> str:
    """Best encoding for ``body``: the declarations when they agree and decode cleanly; otherwise
    strict UTF-8 when it decodes, else the declared one that decodes, else (see :func:`guess_encoding`)
    cp1252 for Latin-script text behind a UTF-8 declaration, else charset-normalizer."""
    header, markup = declared_charset(content_type), markup_charset(body)
    sample = _sample(body)
    if markup and markup == utf16_without_bom(sample):  # ASCII with NULs between: it would pass for UTF-8
        return markup
    if header and header == markup and _decodes(sample, header):
        return header
    if sample.isascii() and not (markup or "").startswith("utf-16"):
        return header or markup or "utf-8"
    if _decodes(sample, "utf-8"):
        return "utf-8"
    for candidate in (markup, header):  # the document knows itself better than a server default
        if candidate and candidate != "utf-8" and _decodes(sample, candidate):
            return candidate
    return guess_encoding(sample, declared=header) or markup or header or "utf-8"


_PREFERRED = ("utf_8", "cp1252", "iso8859_15", "latin_1")  # the web's commonest, on a tie
# labels a page in cp1252 often wears: UTF-8 (a template's default over legacy bytes) and those that
# WHATWG decodes as windows-1252 anyway (ascii, latin1); Python's names
_CP1252_LABELS = frozenset({"utf-8", "ascii", "iso8859-1", "cp1252"})
_TOKEN = re.compile(r"[^\s\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]+")  # runs between spaces and ASCII punctuation
_IN_WORD = frozenset("\u2019\u00b4\u00b7\u00ad\u2018\u2013\u2014")  # apostrophes, middle dot, hyphens


def _sample(body: bytes, size: int = 65536) -> bytes:
    """The first ``size`` bytes of ``body``, without a UTF-8 sequence cut at the end (a cut there
    would make a UTF-8 body look like something else)."""
    sample = body[:size]
    if len(body) <= size:
        return sample
    for back in range(1, min(4, len(sample)) + 1):
        byte = sample[-back]
        if byte < 0x80:
            return sample
        if byte >= 0xC0:  # a lead byte: keep it only when its sequence is complete
            need = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return sample if back >= need else sample[:-back]
    return sample


@functools.lru_cache(maxsize=256)
def is_single_byte(encoding: str | None) -> bool:
    """Does ``encoding`` map every byte to one character (latin-1, cp1252, koi8-r...)? UTF-8 does not."""
    name = canonical_charset(encoding)
    if not name or name.startswith("utf"):
        return False
    try:
        return len(bytes(range(256)).decode(name, errors="replace")) == 256
    except LookupError:
        return False


_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf")
_TEXT_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)  # UTF-32 LE starts like UTF-16 LE
_HEAD = 8192
_CONTROL = bytes(b for b in range(32) if b < 9 or 13 < b)  # C0 controls other than tab, newlines, FF, CR
_CONTROL_CHARS = dict.fromkeys(_CONTROL)  # the same, as ``str.translate`` deletes them


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for a body in UTF-16 that has no byte-order mark (as Windows tools save
    HTML and text), told by its NUL bytes: markup and Latin text put a NUL in every other byte, on the same
    side (in at least 70% of the pairs of the first 4 KiB, never on the other side in more than 5%), and
    the bytes decode as UTF-16 to text (at most 5% control characters). UTF-32 (NULs on both sides) and binary bodies are not taken for it."""
    head = data[:4096]
    head = head[:len(head) // 2 * 2]
    pairs = len(head) // 2
    if pairs < 8:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    for nuls, other, name in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if nuls >= pairs * 0.7 and other <= pairs * 0.05:
            # a surrogate pair cut at the sample's end is no reason to doubt: its last two bytes may go
            text = _text(head, name) or _text(head[:-2], name)
            controls = len(text) - len(text.translate(_CONTROL_CHARS))
            return name if text and controls <= len(text) * 0.05 else None
    return None


def utf16_encoding(data: bytes) -> str | None:
    """The codec a UTF-16 body decodes with: 'utf-16' after a byte-order mark (which it consumes),
    :func:`utf16_without_bom`'s without one; None for any other body."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return utf16_without_bom(data)


def _text(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return ""


def is_binary(data: bytes) -> bool:
    """True for bodies that are clearly not text: the magic number of a common binary format, NUL
    bytes in more than 1% of the first 8 KiB (a stray NUL in a text is tolerated), or more than 5%
    of other control characters. A UTF-8/16 byte-order mark means text, so does UTF-16 without one
    (:func:`utf16_without_bom`)."""
    head = data[:_HEAD]
    if head.startswith(_MAGIC):
        return True
    if head.startswith(_TEXT_BOMS) or utf16_without_bom(head):
        return False
    if head.count(b"\x00") > len(head) // 100:
        return True
    control = len(head) - len(head.translate(None, _CONTROL))
    return control > len(head) * 0.05


_SURROGATES = re.compile("[\ud800-\udfff]")


def scrub_surrogates(value: Any) -> Any:
    """``value`` with every lone surrogate (U+D800..U+DFFF, which JSON's ``\\ud800`` escapes can
    produce and no UTF codec can encode) replaced by U+FFFD; strings inside lists, tuples and dict
    keys/values are scrubbed too. Other values are returned as they are."""
    if isinstance(value, str):
        return _SURROGATES.sub("\ufffd", value) if _SURROGATES.search(value) else value
    if isinstance(value, dict):
        return {scrub_surrogates(k): scrub_surrogates(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(scrub_surrogates(v) for v in value)
    return value


def guess_encoding(sample: bytes, *, declared: str | None = None) -> str | None:
    """The encoding of a ``sample`` its declarations failed to decode: cp1252 when UTF-8, ASCII or
    Latin-1 was declared (``declared``, e.g. the HTTP header, or the sample's own ``<meta charset>``)
    and the sample reads as Latin-script text in cp1252 (see :func:`reads_as_cp1252`); else
    charset-normalizer's best guess, among equally good guesses the web's commonest.

    cp1252 mislabelled UTF-8 is the web's commonest mislabelling, and charset-normalizer, which
    judges by character statistics, takes a short French or German text for cp1257 or cp1250 as
    readily ("naïve" becomes "naļve"); a text in another script read as cp1252 looks nothing like
    Latin-script text, so it still goes to the statistics."""
    labels = {canonical_charset(declared), markup_charset(sample)}
    if labels & _CP1252_LABELS and reads_as_cp1252(sample):
        return "cp1252"
    results = from_bytes(sample)
    best = results.best()
    if best is None:
        return None
    tied = {m.encoding for m in results if m.chaos == best.chaos and m.coherence == best.coherence}
    for name in _PREFERRED:
        if name in tied:
            return canonical_charset(name)
    return canonical_charset(best.encoding)


def reads_as_cp1252(sample: bytes) -> bool:
    """Does ``sample``, which is not UTF-8, read as Latin-script text in cp1252? It must decode (cp1252
    leaves five bytes undefined) and its words must look like those of a language written in Latin
    letters: accented letters inside mostly-ASCII words ("café", "Zürich"). Cyrillic, Greek, Hebrew or
    Arabic single-byte text read as cp1252 makes words of accented letters only ("Ïðèâåò"), and a
    Central European one puts symbols inside words ("wi¹zaæ", "mo¿e")."""
    if _decodes(sample, "utf-8"):
        return False
    try:
        text = sample.decode("cp1252")
    except UnicodeDecodeError:
        return False
    words = [word for word in _TOKEN.findall(text) if not word.isascii()]
    if not words:
        return True
    foreign = sum(1 for word in words if _all_accented(word) or _symbol_inside(word))
    return foreign <= len(words) // 5


def _all_accented(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) > 1 and not any(ch.isascii() for ch in letters)


def _symbol_inside(word: str) -> bool:
    """A non-letter, non-ASCII character between two letters, other than an apostrophe or hyphen."""
    return any(not ch.isascii() and not ch.isalpha() and ch not in _IN_WORD
               and word[i - 1].isalpha() and word[i + 1].isalpha()
               for i, ch in enumerate(word[1:-1], start=1))


def canonical_charset(name: str | None) -> str | None:
    """Python's name for a charset label (``"ISO-8859-1"`` -> ``"iso8859-1"``), None if unknown."""
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
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
