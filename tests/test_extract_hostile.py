"""Hostile input: every case returns an article or a clear ExtractError naming the input, quickly."""

from __future__ import annotations

import time

import pytest

from newsloom.errors import ExtractError
from newsloom.extract import extract_article, extract_batch
from newsloom.model import FetchedDocument

PROSE_TEXT = "<p>" + "The committee met again on Tuesday and agreed on a new budget for the town. " * 3 + "</p>"
PROSE = PROSE_TEXT.encode()


def run(body: bytes, content_type: str = "text/html", url: str = "https://bad.example/page"):
    start = time.perf_counter()
    try:
        result = extract_article(FetchedDocument(url=url, body=body, content_type=content_type))
    except ExtractError as exc:
        result = exc
    return result, time.perf_counter() - start


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("name", "body", "content_type"), [
    ("empty", b"", "text/html"),
    ("whitespace", b"   \n\t ", "text/plain"),
    ("binary", bytes(range(256)) * 200, "text/html"),
    ("pdf", b"%PDF-1.7\n" + b"\x00\x01" * 1000, "application/octet-stream"),
    ("script-only", b"<html><head><script>" + b"var a=1;" * 5000 + b"</script></head><body></body></html>", "text/html"),
    ("no-text", b"<html><body><div><img src=a.png></div></body></html>", "text/html"),
    ("unsupported", b"\x89PNG\r\n", "image/png"),
])
def test_no_article_gives_clear_error(name, body, content_type):
    result, _ = run(body, content_type)
    assert isinstance(result, ExtractError), name
    assert result.subject == "https://bad.example/page" and "bad.example" in str(result)


@pytest.mark.timeout(120)
def test_twenty_megabytes_of_markup_is_bounded():
    junk = b"<div class='x'><span>menu item</span></div>\n" * 480_000  # ~20 MB
    result, seconds = run(b"<html><body>" + PROSE * 20 + junk + b"</body></html>")
    assert len(junk) > 19_000_000
    assert seconds < 60
    assert not isinstance(result, ExtractError) and "committee met again" in result.text


@pytest.mark.timeout(120)
def test_deep_nesting_is_bounded():
    depth = 100_000
    body = b"<html><body>" + b"<div>" * depth + PROSE * 5 + b"</div>" * depth + b"</body></html>"
    result, seconds = run(body)
    assert seconds < 60
    assert isinstance(result, ExtractError) or "committee" in result.text


@pytest.mark.timeout(60)
def test_unclosed_scripts_in_huge_page_are_bounded():
    body = b"<html><body>" + PROSE * 10 + b"<script>var x = '<script>" * 200_000
    result, seconds = run(body)
    assert seconds < 30
    assert isinstance(result, ExtractError) or "committee" in result.text


@pytest.mark.parametrize("body", [
    "<html><head><meta charset='windows-1252'></head><body>{}</body></html>".format(PROSE_TEXT.replace("town", "café"))
    .encode("cp1252"),
    ("<html><body>" + PROSE_TEXT.replace("town", "Grüße") + "</body></html>").encode("latin-1"),
    b"<html><body>" + PROSE + b"\xff\xfe\xc3\x28 broken \x80\x81 bytes" + PROSE + b"</body></html>",
])
def test_wrong_or_invalid_encodings_decode(body):
    result, _ = run(body)
    assert not isinstance(result, ExtractError)
    assert "committee met again" in result.text


def test_declared_charset_is_used():
    text = "Die Kommission tagte am Dienstag erneut und beschloss ein neues Budget für Äpfel und Öl. " * 3
    result, _ = run(text.encode("cp1252"), content_type="text/plain; charset=windows-1252")
    assert "für Äpfel" in result.text


def test_batch_keeps_going_after_a_bad_document():
    docs = [FetchedDocument(url="u1", body=b"", content_type="text/html"),
            FetchedDocument(url="u2", body=PROSE * 3, content_type="text/html")]
    results = extract_batch(docs)
    assert isinstance(results[0], ExtractError) and results[0].subject == "u1"
    assert not isinstance(results[1], ExtractError)
