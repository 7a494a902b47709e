"""Which character encoding a body really uses, when header, markup and bytes disagree; whether it
is text at all; and text made safe to encode (no lone surrogates).

The one implementation of these rules: the fetcher, the local-file reader and the extraction stage
(:mod:`newsloom.extract.decode`) all use it, so a body is judged the same way wherever it comes from.
"""

from __future__ import annotations

import bisect
import codecs
import functools
import math
import re
from collections import Counter
from typing import Any

from charset_normalizer import from_bytes

__all__ = ["binary_beyond_nuls", "binary_text", "canonical_charset", "declared_charset", "detect_encoding",
           "guess_encoding", "is_binary", "is_single_byte", "markup_charset", "scrub_surrogates",
           "utf16_encoding", "utf16_without_bom"]

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
    HTML and text), judged on its first 4 KiB, which must decode as UTF-16 (a surrogate pair cut at the end
    aside) and never put a NUL on the low-byte side of more than 5% of the pairs. Then either

    * markup and Latin text: a NUL in at least 70% of the pairs, on the high-byte side; at most 5% control
      characters; and read like text, not like an array of small numbers (:func:`_reads_as_text`); or
    * text in another script (CJK, Hangul, Cyrillic, Greek, Arabic...), which puts no NUL between its letters
      (:func:`_reads_as_script`): the bytes must not read as UTF-8 or as single-byte text (mostly printable
      ASCII), and their UTF-16 reading must be text in one script: at least 95% of its characters in that
      script's blocks or ASCII/Latin-1/punctuation, with spaces, commas or full stops (ASCII or CJK) in at
      least 3% of its characters.

    UTF-32 (NULs on both sides), binary bodies (random, compressed, 16-bit numbers) and texts in single- or
    multi-byte legacy encodings (cp1252, koi8-r, GBK, Shift-JIS...) are not taken for it."""
    head = data[:4096]
    head = head[:len(head) // 2 * 2]
    pairs = len(head) // 2
    if pairs < 8:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    for nuls, other, name in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if other > pairs * 0.05:
            continue
        if nuls >= pairs * 0.7:
            # a surrogate pair cut at the sample's end is no reason to doubt: its last two bytes may go
            text = _text(head, name) or _text(head[:-2], name)
            controls = len(text) - len(text.translate(_CONTROL_CHARS))
            return name if text and controls <= len(text) * 0.05 and _reads_as_text(text) else None
        if _reads_as_script(head, name):
            return name
    return None


_WHITESPACE = frozenset(" \t\n\r")


def _reads_as_text(text: str) -> bool:
    """Does ``text`` (mostly ASCII/Latin-1, read from UTF-16 with NULs between) read as text or markup, not as
    an array of 16-bit numbers that happen to be printable? Text and markup have spaces between words (2% of
    the characters at least), or else (minified markup) repeat their letters: the entropy of their characters
    is under 6.2 bits, while values spread over the printable range reach 6.5 bits and more. Too short a
    sample (under 512 characters) is not judged."""
    if len(text) < 512 or sum(1 for ch in text if ch in _WHITESPACE) >= len(text) * 0.02:
        return True
    counts = Counter(text).values()
    total = len(text)
    return -sum(n / total * math.log2(n / total) for n in counts) <= 6.2


# the blocks of the scripts a BOM-less UTF-16 text without NULs is recognised in: (first, last, script);
# "" is what any script's text holds too (ASCII, Latin-1, general and CJK punctuation, full-width forms)
_BLOCKS = sorted([
    (0x0009, 0x000A, ""), (0x000D, 0x000D, ""), (0x0020, 0x007E, ""), (0x00A0, 0x00FF, ""),
    (0x0100, 0x024F, "latin"), (0x1E00, 0x1EFF, "latin"),
    (0x0370, 0x03FF, "greek"), (0x1F00, 0x1FFF, "greek"),
    (0x0400, 0x052F, "cyrillic"), (0x0530, 0x058F, "armenian"), (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"), (0x0750, 0x077F, "arabic"), (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"),
    *((start, start + 0x7F, f"indic-{start:x}") for start in range(0x0900, 0x0E00, 0x80)),
    (0x0E00, 0x0E7F, "thai"), (0x0E80, 0x0EFF, "lao"), (0x10A0, 0x10FF, "georgian"),
    (0x1200, 0x137F, "ethiopic"),
    (0x1100, 0x11FF, "hangul"), (0x3130, 0x318F, "hangul"), (0xAC00, 0xD7AF, "hangul"),
    (0x2000, 0x206F, ""), (0x20A0, 0x20CF, ""), (0x3000, 0x303F, ""), (0xFF00, 0xFFEF, ""),
    (0x3040, 0x30FF, "cjk"), (0x3100, 0x312F, "cjk"), (0x3400, 0x4DBF, "cjk"), (0x4E00, 0x9FFF, "cjk"),
    (0xF900, 0xFAFF, "cjk"),
])
_BLOCK_STARTS = [first for first, _, _ in _BLOCKS]
# what separates words and sentences: spaces (all but CJK and Thai text), ASCII and CJK commas and full stops
_SEPARATORS = frozenset(" \t\n\r,.;:!?\u3000\u3001\u3002\uff0c\uff0e\uff01\uff1f\uff1b\uff1a")
# the bytes of single-byte text, for the "mostly printable ASCII" gate: tab and CR are left out, for they are the
# high byte of every Devanagari (U+09xx) and Malayalam (U+0Dxx) letter in UTF-16 (text with tabs or CRLF line
# ends that is not UTF-16 still fails the checks that follow: it reads as UTF-8, or has no separators as UTF-16)
_PRINTABLE_ASCII = bytes(range(0x20, 0x7F)) + b"\n"


def _script(ch: str) -> str | None:
    code = ord(ch)
    at = bisect.bisect_right(_BLOCK_STARTS, code) - 1
    return _BLOCKS[at][2] if at >= 0 and code <= _BLOCKS[at][1] else None


def _reads_as_script(head: bytes, name: str) -> bool:
    """Is ``head`` (no NULs between letters) UTF-16 text in one script other than Latin? See
    :func:`utf16_without_bom`. ASCII text read as UTF-16 makes CJK ideographs of its letter pairs, and random
    or compressed bytes put lone surrogates in, which is why the bytes' own readings are ruled out first."""
    if len(head) < 64 or len(head.translate(None, _PRINTABLE_ASCII)) < len(head) * 0.25:
        return False  # too short to judge, or mostly printable ASCII (tab and CR not counted): single-byte text
    utf8 = next((text for cut in range(4) if (text := _text(head[:len(head) - cut], "utf-8"))), "")
    if utf8 and len(utf8) - len(utf8.translate(_CONTROL_CHARS)) <= len(utf8) * 0.05:
        return False  # UTF-8 text (Cyrillic in UTF-16 decodes as UTF-8 too: as control characters)
    text = _text(head, name) or _text(head[:-2], name)
    if not text:
        return False
    scripts = Counter(_script(ch) for ch in text)
    common = scripts.pop("", 0)
    scripts.pop(None, 0)
    most = scripts.most_common(1)[0][1] if scripts else 0  # the text's script (a symbol or emoji: None)
    if most < len(text) * 0.25 or common + most < len(text) * 0.95:
        return False
    return sum(1 for ch in text if ch in _SEPARATORS) >= len(text) * 0.03


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


# NULs scattered between the characters, not in blocks: a run of NULs every few characters (an array of 16- or
# 32-bit numbers, text in UTF-16/32 not recognised as such) makes a document binary, however printable the rest
_MIN_NUL_RUNS = 16  # a few stray NULs in a short text are no reason to doubt
_NUL_RUNS_SHARE = 0.1  # of the characters other than NUL


def _nul_runs(text: str) -> int:
    """How many runs of NULs ``text`` holds, at C speed (each pass halves the runs' lengths)."""
    while "\x00\x00" in text:
        text = text.replace("\x00\x00", "\x00")
    return text.count("\x00")


def binary_beyond_nuls(data: bytes) -> bool:
    """Is ``data`` binary whatever its NUL bytes are (a corrupt record's zeroed block, say)? True for a
    binary format's magic number, for nothing but NULs, and for control characters other than NUL in more
    than 5% of the other bytes of all of it (random and compressed bytes hold some 10%). At C speed, over
    the whole body."""
    if data.startswith(_MAGIC):
        return True
    nuls = data.count(0)
    if nuls == len(data):
        return True
    controls = len(data) - len(data.translate(None, _CONTROL)) - nuls
    return controls > (len(data) - nuls) * 0.05


def binary_text(text: str) -> str | None:
    """Why decoded ``text`` (a document of a text dump) is binary, None when it is text. Its NULs carry no text
    and do not count when they come in blocks (a block zeroed on disk, a NUL-padded tail: the text around
    them is read without them): it is binary by what remains, other control characters in more than 5% of it
    ("N control characters"), or nothing but whitespace ("N NUL bytes, no text"); or by NULs scattered
    between its characters, more than 16 runs of NULs and more than one for every 10 other characters (an array
    of 16-bit numbers: "N NUL bytes between its characters")."""
    nuls = text.count("\x00")
    rest = text.replace("\x00", "") if nuls else text
    if not rest.strip():
        return f"{nuls} NUL bytes, no text" if nuls else "no text"
    scattered = max(_MIN_NUL_RUNS, len(rest) * _NUL_RUNS_SHARE)
    if nuls > scattered and _nul_runs(text) > scattered:
        return f"{nuls} NUL bytes between its characters"
    controls = len(rest) - len(rest.translate(_CONTROL_CHARS))
    return f"{controls} control characters" if controls > len(rest) * 0.05 else None


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
