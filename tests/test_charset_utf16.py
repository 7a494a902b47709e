"""UTF-16 without a byte-order mark (as Windows tools save HTML and text) is read as text, not refused as
binary or decoded as UTF-8 with a NUL between every two letters; UTF-32 and binary bodies stay what they were."""

from __future__ import annotations

import os

import pytest

from newsloom.extract.decode import decode_body
from newsloom.sources.charset import detect_encoding, is_binary, markup_charset, utf16_without_bom
from newsloom.sources.text import iter_text_dump

PAGE = ("<!DOCTYPE html><html><head><meta charset=\"utf-16\"><title>Café owners protest new rules</title></head>"
        "<body><article><h1>Café owners protest new rules</h1>"
        + "".join(f"<p>Paragraph {n}: the owners of the Zürich café said the rules would cost them dearly, "
                  f"and the city council promised to look at them again next week.</p>" for n in range(8))
        + "</article></body></html>")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_bomless_utf16_is_recognised_and_decoded(codec):
    body = PAGE.encode(codec)
    assert not body.startswith((b"\xff\xfe", b"\xfe\xff"))
    assert utf16_without_bom(body) == codec
    assert markup_charset(body) == codec
    assert is_binary(body) is False
    assert detect_encoding(body, "text/html; charset=utf-8") == codec  # a wrong header does not win
    assert decode_body(body, declared="utf-8") == (PAGE, codec)


def test_astral_character_cut_at_the_sample_end_still_counts():
    text = "a" * 2047 + "\U0001F600" + "b" * 100  # the emoji's surrogate pair straddles byte 4096
    assert utf16_without_bom(text.encode("utf-16-le")) == "utf-16-le"


@pytest.mark.parametrize("body", [
    PAGE.encode("utf-32-le"),  # NULs on both sides of each pair
    PAGE.encode("utf-32-be"),
    bytes(range(256)) * 16,  # binary: NULs scattered
    b"\x00" * 4096,  # all NULs: no text at all
    b"%PDF-1.4\n" + b"\x00\x01" * 2000,
], ids=["utf32le", "utf32be", "bytes", "nuls", "pdf"])
def test_not_taken_for_utf16(body):
    assert utf16_without_bom(body) is None
    assert is_binary(body) is True


def test_plain_texts_are_not_utf16():
    for body in (PAGE.encode("utf-8"), PAGE.encode("cp1252"), os.urandom(0) + b"short"):
        assert utf16_without_bom(body) is None
    assert decode_body(PAGE.encode("utf-8")) == (PAGE, "utf-8")


def test_text_dump_in_bomless_utf16():
    dump = "First report: the café closed.\f\nSecond report: it opened again in Zürich."
    docs = list(iter_text_dump(dump.encode("utf-16-le"), url="file:///dump.txt"))
    assert [d.body.decode("utf-8") for d in docs] == ["First report: the café closed.",
                                                      "Second report: it opened again in Zürich."]


def test_bomless_utf16_html_file_is_ingested(tmp_path):
    from newsloom.config import Settings
    from newsloom.core import open_newsloom

    page = tmp_path / "page.html"
    page.write_bytes(PAGE.encode("utf-16-le"))
    nl = open_newsloom(Settings(data_dir=tmp_path / "home"))
    try:
        (result,) = nl.ingest_files([str(page)])
        assert (result.status, result.message) == ("stored", "")
        stored = nl.store.get_article(result.article_id)
    finally:
        nl.close()
    assert stored.title == "Café owners protest new rules"
    assert "Zürich café said the rules" in stored.text
    assert "\x00" not in stored.text


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-16"])
def test_the_canonical_link_of_a_utf16_page(codec):
    from newsloom.sources.discover import canonical_link

    page = PAGE.replace("<title>", '<link rel="canonical" href="/news/cafe-rules"><title>').encode(codec)
    assert canonical_link(page, "https://paper.example/amp/cafe") == "https://paper.example/news/cafe-rules"
