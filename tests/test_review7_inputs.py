"""Hostile inputs, seventh review (regressions of the fifth review's rules; every text here is generated):

* NUL bytes carry no text: a text file with a NUL-padded tail, a dump record ending in a zeroed block, a short
  record with one stray NUL are read without their NULs (they were refused whole or left out); a record of
  nothing but NULs is its own error, and binary files named .txt stay one error;
* a text sitemap whose lines say more than their URL ('URL 2024-01-01 daily 0.5', 'URL # comment') is read
  whole, and so is an XML sitemap with an <xhtml:link> beside each <url>; junk still stops the reading early;
* UTF-16 without a byte-order mark in Devanagari (U+09xx) and Malayalam (U+0Dxx), whose high byte is a tab or
  a CR, is read as text; single-byte text with tabs and CRLF line ends is still not taken for UTF-16.
"""

from __future__ import annotations

import gzip
import io
import random
import struct
import zipfile

import pytest

from newsloom.errors import FeedError, InputError
from newsloom.extract.decode import decode_body
from newsloom.model import FetchedDocument
from newsloom.sources import sitemaps as sitemaps_module
from newsloom.sources.charset import binary_text, is_binary, utf16_without_bom
from newsloom.sources.files import iter_inputs
from newsloom.sources.sitemaps import parse_sitemap
from newsloom.sources.text import iter_text_dump

_WORDS = ("harbour", "council", "minister", "river", "market", "spring", "bridge", "school", "report", "village",
          "budget", "weather", "station", "library", "festival", "orchard", "ferry", "museum", "tunnel", "garden")


def _english(size: int, seed: int = 1) -> str:
    """Made-up English-looking text of about ``size`` characters, in sentences and paragraphs."""
    rnd = random.Random(seed)
    out: list[str] = []
    length = 0
    while length < size:
        sentence = " ".join(rnd.choice(_WORDS) for _ in range(rnd.randint(6, 14))).capitalize() + "."
        sentence += "\n\n" if rnd.random() < 0.2 else " "
        out.append(sentence)
        length += len(sentence)
    return "".join(out).strip()


def _split(items):
    items = list(items)
    return ([i for i in items if isinstance(i, FetchedDocument)], [i for i in items if isinstance(i, InputError)])


# -- A. NULs carry no text -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("nuls", [200, 20_000])
def test_a_text_file_with_a_nul_padded_tail_is_read_as_its_text(tmp_path, nuls):
    text = _english(9600)
    path = tmp_path / "padded.txt"
    path.write_bytes(text.encode() + bytes(nuls))
    docs, errors = _split(iter_inputs([path]))
    assert errors == []
    assert [d.body.decode() for d in docs] == [text]


def test_a_dump_whose_last_record_ends_in_a_block_of_nuls_keeps_that_record(tmp_path):
    records = [_english(3000, seed=n) for n in range(3)]
    path = tmp_path / "dump.txt"
    path.write_bytes("\f".join(records).encode() + bytes(4096))
    docs, errors = _split(iter_inputs([path]))
    assert errors == []
    assert [d.body.decode() for d in docs] == records


def test_a_record_zeroed_in_part_is_read_without_its_nuls():
    records = [_english(2000, seed=n) for n in range(3)]
    middle = records[1][:700] + "\x00" * 1500 + records[1][700:]
    docs = list(iter_text_dump("\f".join([records[0], middle, records[2]]).encode(), url="file:///d.txt"))
    assert all(isinstance(d, FetchedDocument) for d in docs)
    assert [d.body.decode() for d in docs] == records


def test_a_short_record_with_one_nul_is_read():
    short = "Brief: the ferry ran late.\x00"
    records = [_english(1500, seed=1), short, _english(1500, seed=2)]
    docs = list(iter_text_dump("\f".join(records).encode(), url="file:///d.txt"))
    assert all(isinstance(d, FetchedDocument) for d in docs)
    assert docs[1].body.decode() == "Brief: the ferry ran late."
    assert binary_text(short) is None


def test_a_record_of_nothing_but_nuls_is_its_own_error(tmp_path):
    path = tmp_path / "dump.txt"
    path.write_bytes(b"\f".join([_english(2000, seed=1).encode(), bytes(4096) + b"\n" + bytes(100),
                                 _english(2000, seed=2).encode()]))
    docs, errors = _split(iter_inputs([path]))
    assert len(docs) == 2
    [error] = errors
    assert error.subject.endswith("#doc=2") and "NUL bytes, no text" in error.message


def test_a_file_of_nothing_but_nuls_is_refused(tmp_path):
    path = tmp_path / "zero.txt"
    path.write_bytes(bytes(20_000))
    [error] = list(iter_inputs([path]))
    assert isinstance(error, InputError) and "binary" in error.message


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", _english(20_000))
    return out.getvalue()


@pytest.mark.parametrize("body", [
    random.Random(11).randbytes(200_000),
    random.Random(12).randbytes(9000) + bytes(20_000),  # random bytes, NUL-padded
    bytes(20_000) + random.Random(13).randbytes(9000),
    b"\x89PNG\r\n\x1a\n" + random.Random(14).randbytes(9000) + bytes(4000),
    _zip(),
    gzip.compress(_english(20_000).encode()),
    struct.pack("<8000H", *random.Random(15).choices(range(0x20, 0x7F), k=8000)),
    struct.pack(">8000I", *random.Random(16).choices(range(0x20, 0x7F), k=8000)),
], ids=["random", "random-nul-tail", "nul-head-random", "png", "zip", "gzip", "16bit", "32bit"])
def test_binary_files_named_txt_are_still_one_error(tmp_path, body):
    path = tmp_path / "b.txt"
    path.write_bytes(body)
    [error] = list(iter_inputs([path]))
    assert isinstance(error, InputError) and "binary" in error.message and error.subject == str(path)


def test_a_record_of_16bit_values_in_a_dump_is_left_out():
    values = struct.pack("<3000H", *random.Random(17).choices(range(0x41, 0x5B), k=3000)).decode("latin-1")
    records = [_english(4000, seed=1), values, _english(4000, seed=2), _english(4000, seed=3)]
    docs = list(iter_text_dump("\f".join(records).encode(), url="file:///d.txt"))
    assert [type(d).__name__ for d in docs] == ["FetchedDocument", "InputError", "FetchedDocument", "FetchedDocument"]
    assert "NUL bytes between its characters" in docs[1].message


# -- B. sitemaps with more than a URL a line, or a link beside each entry -------------------------------------------

@pytest.mark.parametrize("line", [b"https://n.example/a/%d  # article %d about things\n",
                                  b"https://n.example/a/%d 2024-01-01 daily 0.5\n",
                                  b"https://n.example/a/%d\t2024-01-01\tweekly\t0.8\tsection %d\n"])
def test_a_text_sitemap_with_several_words_beside_each_url_is_read_whole(line):
    body = b"# generated by a sitemap tool\n" + b"".join(line % ((i,) * line.count(b"%d")) for i in range(20_000))
    sitemap = parse_sitemap(body, "https://n.example/s.txt")
    assert len(sitemap.urls) == 20_000 and sitemap.warning is None


def test_a_text_sitemap_stops_at_junk_after_its_urls():
    body = b"".join(b"https://n.example/t/%d\n" % i for i in range(2000)) + b"junk words here " * 1_000_000
    sitemap = parse_sitemap(body, "https://n.example/s.txt")
    assert len(sitemap.urls) == 2000
    assert sitemap.warning.startswith("text sitemap: reading stopped after 32000 words that are no web address")


def test_a_text_sitemap_of_printable_junk_is_still_refused_early(monkeypatch):
    checked: list[str] = []
    real = sitemaps_module._web_url
    monkeypatch.setattr(sitemaps_module, "_web_url", lambda url, base=None: checked.append(url) or real(url, base))
    with pytest.raises(FeedError, match="not a sitemap"):
        parse_sitemap(b"alpha beta, gamma: delta/epsilon. " * 1_500_000, "https://n.example/s.txt")
    assert len(checked) <= 10_001


URLSET = (b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
          b'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')


def test_an_xhtml_link_beside_each_entry_is_no_junk():
    body = URLSET + b"".join(b'<url><loc>https://n.example/a/%d</loc></url><xhtml:link rel="alternate" hreflang="de" '
                             b'href="https://n.example/de/%d"/>\n' % (i, i) for i in range(5000)) + b"</urlset>"
    sitemap = parse_sitemap(body, "https://n.example/s.xml")
    assert len(sitemap.urls) == 5000 and sitemap.warning is None


def test_junk_after_many_entries_still_stops_early():
    entries = b"".join(b"<url><loc>https://n.example/a/%d</loc></url>\n" % i for i in range(2000))
    body = URLSET + entries + b"<x/>" * 2_000_000 + b"</urlset>"
    sitemap = parse_sitemap(body, "https://n.example/s.xml")
    assert len(sitemap.urls) == 2000
    assert "reading stopped: more than 8000 elements of <urlset> that are no <url> entry" in sitemap.warning


# -- C. UTF-16 without a BOM in scripts whose high byte is a tab or a CR ---------------------------------------------

def _script_text(first: int, size: int = 3000, seed: int = 3) -> str:
    """Made-up words of one Indic script's consonants and vowel signs (block at ``first``), with spaces,
    commas and the danda, in lines."""
    rnd = random.Random(seed)
    consonants = [chr(c) for c in range(first + 0x15, first + 0x39)]
    signs = [chr(c) for c in range(first + 0x3E, first + 0x4D)]
    out: list[str] = []
    length = 0
    while length < size:
        word = "".join(rnd.choice(consonants) + (rnd.choice(signs) if rnd.random() < 0.5 else "")
                       for _ in range(rnd.randint(1, 4)))
        word += rnd.choice([" "] * 8 + [", ", "\u0964 ", "\u0964\n", "\r\n"])
        out.append(word)
        length += len(word)
    return "".join(out).strip()


@pytest.mark.parametrize("first", [0x0900, 0x0D00], ids=["devanagari", "malayalam"])
@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_whose_high_byte_is_a_tab_or_cr_is_text(first, codec):
    text = _script_text(first)
    body = text.encode(codec)
    assert utf16_without_bom(body) == codec
    assert is_binary(body) is False
    assert decode_body(body, html=False) == (text, codec)
    docs = list(iter_text_dump(body, url="file:///t.txt"))
    assert [d.body.decode("utf-8") for d in docs] == [text]


def _table(accented: bool) -> str:
    rnd = random.Random(5)
    cells = ["café", "Zürich", "naïve", "12", "x", "", ""] if accented else ["a", "12", "x", "", "", "3.5"]
    return "".join("\t".join(rnd.choice(cells) for _ in range(8)) + "\r\n" for _ in range(600))


@pytest.mark.parametrize("accented", [False, True])
@pytest.mark.parametrize("codec", ["ascii", "cp1252", "latin-1", "utf-8"])
def test_single_byte_text_with_tabs_and_crlf_is_not_utf16(accented, codec):
    text = _table(accented)
    body = text.encode(codec, errors="replace")
    assert utf16_without_bom(body) is None
    assert not decode_body(body, html=False)[1].startswith("utf-16")


def test_indic_text_in_utf8_with_tabs_is_not_utf16():
    text = "\t".join(_script_text(0x0900, 400, seed=n) for n in range(8)).replace("\n", "\r\n")
    assert utf16_without_bom(text.encode("utf-8")) is None
