"""Hostile local inputs and parsers: every damaged input gets a clear error naming it, nothing cut
off is passed on as if whole, and one bad input never stops the others.

Dates outside datetime's UTC range, lone surrogates from JSON, feed entries in plain text,
truncated WARC archives, truncated or too deep XML, wrong declared charsets and stray NUL bytes."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsloom.dates import parse_datetime
from newsloom.errors import ExtractError, FeedError, InputError
from newsloom.extract import extract_article
from newsloom.extract.decode import decode_body, is_binary
from newsloom.model import FetchedDocument
from newsloom.sources import files as files_module
from newsloom.sources.dates import parse_feed_date
from newsloom.sources.feeds import parse_feed
from newsloom.sources.files import iter_inputs, list_input_files
from newsloom.sources.opml import parse_opml
from newsloom.sources.sitemaps import parse_sitemap
from newsloom.sources.warc import iter_warc

PARAS = (("The harbour authority said on Monday that shipping traffic rose by a tenth in the first quarter, "
          "with container volumes at a record level for the small port."),
         "Officials expect the growth to continue through the summer season as two new cranes arrive.")


def read(*paths):
    return list(iter_inputs(list_input_files(paths)))


def docs_and_errors(items):
    return ([i for i in items if isinstance(i, FetchedDocument)], [i for i in items if isinstance(i, InputError)])


# --------------------------------------------------------------------------- dates out of range


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_dates_that_overflow_in_utc_are_unknown(value):
    assert parse_datetime(value) is None
    assert parse_feed_date(value) is None


def test_a_page_with_an_overflowing_date_extracts_without_a_date():
    page = ("<html><head><title>Harbour traffic</title>"
            "<meta property='article:published_time' content='9999-12-31T23:59:59-01:00'>"
            "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", "
            "\"datePublished\": \"0001-01-01T00:00:00+01:00\"}</script></head><body><article>"
            + "".join(f"<p>{p}</p>" for p in PARAS) + "</article></body></html>")
    article = extract_article(FetchedDocument(url="https://port.example/a", body=page.encode(),
                                              content_type="text/html"))
    assert article.published is None and "shipping traffic" in article.text


def test_feed_entries_with_overflowing_dates_are_kept_undated():
    feed = (b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>"
            b"<item><title>A</title><link>https://e.example/a</link>"
            b"<pubDate>9999-12-31T23:59:59-01:00</pubDate><description>x</description></item>"
            b"</channel></rss>")
    (item,) = parse_feed(feed).items
    assert item.url == "https://e.example/a" and item.published is None


# --------------------------------------------------------------------------- lone surrogates


def test_lone_surrogates_in_jsonl_are_replaced_not_fatal(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"text": "Bad \\ud800 text about the budget.", "title": "T \\udfff"}\n'
                    '{"text": "Fine text about the library."}\n', encoding="utf-8")
    docs, errors = docs_and_errors(read(path))
    assert errors == [] and len(docs) == 2
    assert docs[0].body.decode("utf-8") == "Bad \ufffd text about the budget."
    assert docs[0].hints["title"] == "T \ufffd"


def test_lone_surrogates_in_a_json_feed_are_replaced(tmp_path):
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "F \ud800",
            "items": [{"id": "1", "url": "https://e.example/1", "title": "Bridge \udc00",
                       "content_html": "<p>Bad \ud800 html about a new bridge opening this week.</p>"}]}
    path = tmp_path / "f.json"
    path.write_text(json.dumps(feed), encoding="ascii")  # json.dumps writes them as \\ud800 escapes
    docs, errors = docs_and_errors(read(path))
    assert errors == [] and len(docs) == 1
    assert "Bad \ufffd html" in docs[0].body.decode("utf-8")
    assert docs[0].hints["title"] == "Bridge \ufffd" and docs[0].hints["source"] == "F \ufffd"


# --------------------------------------------------------------------------- feeds as local files


def test_local_feed_entries_in_plain_text_or_one_paragraph_are_extracted(tmp_path):
    path = tmp_path / "f.rss"
    path.write_text(f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>
        <item><title>Plain text entry</title><link>https://e.example/1</link><description>{PARAS[0]}</description></item>
        <item><title>One paragraph</title><link>https://e.example/2</link>
        <description>&lt;p&gt;{PARAS[1]}&lt;/p&gt;</description></item></channel></rss>""", encoding="utf-8")
    docs, errors = docs_and_errors(read(path))
    assert errors == [] and [d.url for d in docs] == ["https://e.example/1", "https://e.example/2"]
    articles = [extract_article(d) for d in docs]
    assert [a.title for a in articles] == ["Plain text entry", "One paragraph"]
    assert "shipping traffic rose" in articles[0].text and "two new cranes" in articles[1].text
    assert all(d.hints["source"] == "Local" for d in docs)


def test_json_feed_item_with_only_content_text_is_treated_as_text(tmp_path):
    text = "Tolls <b>rise</b> & ferries run late.\n\nThe council meets on Friday to discuss the timetable."
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "J",
            "items": [{"id": "7", "url": "https://e.example/7", "title": "Ferries", "content_text": text}]}
    path = tmp_path / "j.json"
    path.write_text(json.dumps(feed), encoding="utf-8")
    (doc,) = read(path)
    article = extract_article(doc)
    assert "Tolls <b>rise</b> & ferries run late." in article.text  # markup in text is text, not HTML
    assert "The council meets on Friday" in article.text and doc.hints["external_id"] == "7"


# --------------------------------------------------------------------------- WARC archives


def _warc(records: list[tuple[str, bytes]], *, gzip: bool) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    for url, body in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                              ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                                      warc_headers_dict={"WARC-Date": "2024-03-05T10:00:00Z"}))
    return buf.getvalue()


def _pages(n: int) -> list[tuple[str, bytes]]:
    rng = random.Random(7)  # words in random order: compresses like prose, so a cut lands mid-record
    words = ["harbour", "council", "ferry", "bridge", "budget", "library", "crane", "season", "tide", "market"]
    return [(f"https://n.example/{i}", f"<html><p>Story {i}: {' '.join(rng.choices(words, k=1500))}</p></html>".encode())
            for i in range(n)]


@pytest.mark.parametrize("gzip", [True, False])
def test_truncated_warc_stores_no_cut_record_and_says_so(tmp_path, gzip):
    pages = _pages(3)
    data = _warc(pages, gzip=gzip)
    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    path.write_bytes(data[: int(len(data) * 0.6)])
    docs, errors = docs_and_errors(read(path))
    whole = dict(pages)
    assert all(d.body == whole[d.url] for d in docs), "a cut-off record was passed on"
    assert len(docs) < 3 and len(errors) == 1
    assert "truncated archive" in errors[0].message and errors[0].subject == str(path)


@pytest.mark.parametrize("size", [20, 40, 120, 300])
def test_a_few_bytes_of_a_warc_are_an_error_not_silence(tmp_path, size):
    for gzip in (True, False):
        path = tmp_path / f"tiny{size}.warc{'.gz' if gzip else ''}"
        path.write_bytes(_warc(_pages(1), gzip=gzip)[:size])
        docs, errors = docs_and_errors(read(path))
        assert docs == [] and len(errors) == 1, (size, gzip)
        assert "truncated archive" in errors[0].message or "not a readable" in errors[0].message


def test_every_cut_of_a_gzipped_warc_is_reported(tmp_path):
    pages = _pages(3)
    data = _warc(pages, gzip=True)
    member_ends = set()  # a cut exactly between two gzip members leaves a shorter, valid archive
    for cut in range(len(data)):
        if data[cut:cut + 2] == b"\x1f\x8b":
            member_ends.add(cut)
    path = tmp_path / "c.warc.gz"
    silent = []
    for cut in range(1, len(data), 7):
        path.write_bytes(data[:cut])
        docs, errors = docs_and_errors(read(path))
        assert all(d.body == dict(pages)[d.url] for d in docs)
        if not errors and cut not in member_ends:
            silent.append(cut)
    assert silent == []


def test_response_record_without_target_uri_is_named_and_the_rest_is_read(tmp_path):
    payload = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><p>%s</p></html>"

    def record(uri: bytes | None, text: bytes) -> bytes:
        body = payload % text
        head = (b"WARC/1.0\r\nWARC-Type: response\r\n" + (b"WARC-Target-URI: " + uri + b"\r\n" if uri else b"")
                + b"WARC-Date: 2024-03-05T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
                b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n" % len(body))
        return head + body + b"\r\n\r\n"

    path = tmp_path / "nouri.warc"
    path.write_bytes(record(None, b"no address") + record(b"https://e.example/ok", b"fine page"))
    items = read(path)
    assert [type(i).__name__ for i in items] == ["InputError", "FetchedDocument"]
    assert "record #1" in items[0].message and "without WARC-Target-URI" in items[0].message
    assert "NoneType" not in items[0].message and items[1].url == "https://e.example/ok"
    with pytest.raises(InputError, match="without WARC-Target-URI"):  # without on_error: raised
        list(iter_warc(path))


# --------------------------------------------------------------------------- XML: OPML and sitemaps


OPML = (b'<?xml version="1.0"?><opml version="2.0"><body><outline text="A" xmlUrl="https://a.example/feed"/>'
        b'<outline text="B" xmlUrl="https://b.example/feed"/></body></opml>')


@pytest.mark.parametrize("cut", [len(OPML) - 8, len(OPML) - 30, 120, 100])
def test_truncated_opml_is_refused_not_imported_in_part(cut):
    with pytest.raises(FeedError, match="damaged OPML document") as refused:
        parse_opml(OPML[:cut], subject="list.opml")
    assert "truncated" in refused.value.message or "line" in refused.value.message


def test_too_deep_opml_is_refused_not_silently_dropped():
    deep = (b"<opml><body>" + b'<outline text="x">' * 5000 + b'<outline xmlUrl="https://e.example/deep"/>'
            + b"</outline>" * 5000 + b'<outline xmlUrl="https://e.example/after"/></body></opml>')
    with pytest.raises(FeedError, match="damaged OPML document.*depth"):
        parse_opml(deep)


def test_a_comment_with_double_hyphens_costs_nothing():
    doc = b"<?xml version='1.0'?><!-- see --feeds --><opml version='2.0'><body>" \
          b"<outline xmlUrl='https://a.example/feed'/></body></opml>"
    assert [s.url for s in parse_opml(doc)] == ["https://a.example/feed"]


SITEMAP = (b'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
           + b"".join(b"<url><loc>https://n.example/story-%02d-with-a-long-address</loc></url>\n" % n for n in range(5))
           + b"</urlset>\n")


def test_truncated_sitemap_never_yields_a_cut_off_url():
    good = {i.url for i in parse_sitemap(SITEMAP, "https://n.example/s.xml").urls}
    assert len(good) == 5
    for cut in range(120, len(SITEMAP) - 1):
        try:
            sitemap = parse_sitemap(SITEMAP[:cut], "https://n.example/s.xml")
        except FeedError as exc:
            assert "damaged sitemap" in exc.message
            continue
        assert {i.url for i in sitemap.urls} <= good, cut
        assert sitemap.warning and "damaged sitemap" in sitemap.warning, cut


def test_truncated_sitemap_keeps_complete_entries_and_reports_the_damage():
    cut = SITEMAP.index(b"story-03") + 5
    sitemap = parse_sitemap(SITEMAP[:cut], "https://n.example/s.xml")
    assert [i.url for i in sitemap.urls] == [f"https://n.example/story-{n:02d}-with-a-long-address" for n in range(3)]
    assert "truncated" in sitemap.warning and "3 complete <url> entries kept, 1 cut off" in sitemap.warning


# --------------------------------------------------------------------------- charsets and binary sniffing


def test_utf8_file_with_a_wrong_single_byte_meta_charset_reads_as_utf8(tmp_path):
    page = ("<html><head><meta charset='iso-8859-1'><title>Café owners</title></head><body><article>"
            "<p>Café owners in Zürich say the new rules cost them dearly. " + PARAS[0] + "</p>"
            f"<p>{PARAS[1]}</p></article></body></html>")
    path = tmp_path / "cafe.html"
    path.write_bytes(page.encode("utf-8"))
    (doc,) = read(path)
    article = extract_article(doc)
    assert article.title == "Café owners" and "Zürich" in article.text and "Ã" not in article.text


@pytest.mark.parametrize("declared", ["iso-8859-1", "windows-1252", "koi8-r", "ascii"])
def test_declared_single_byte_charsets_give_way_to_valid_utf8(declared):
    assert decode_body("Ünïcödé “quotes” — café".encode(), declared=declared) == ("Ünïcödé “quotes” — café", "utf-8")


def test_real_single_byte_texts_keep_their_declared_charset():
    body = "<meta charset='windows-1252'><p>Grüße aus Köln, café crème</p>".encode("cp1252")
    assert decode_body(body) == (body.decode("cp1252"), "cp1252")


def test_one_stray_nul_byte_is_not_binary_anywhere(tmp_path):
    page = ("<html><head><title>Harbour</title></head><body><article>" + "".join(f"<p>{p}</p>" for p in PARAS)
            + "</article></body></html>").encode()
    body = page.replace(b"<article>", b"<article>\x00")
    path = tmp_path / "nul.html"
    path.write_bytes(body)
    (doc,) = read(path)
    assert isinstance(doc, FetchedDocument)
    assert "shipping traffic" in extract_article(doc).text


@pytest.mark.parametrize("body", [
    bytes(range(256)) * 20, b"%PDF-1.7\n" + b"\x00\x01" * 1000, b"\x89PNG\r\n\x1a\n" + bytes(64),
    b"<p>text</p>" + b"\x00" * 200, b"<p>" + b"\x01\x02\x03" * 100 + b"</p>",
])
def test_binary_bodies_are_judged_alike_by_the_file_reader_and_extraction(tmp_path, body):
    assert is_binary(body)
    path = tmp_path / "b.html"
    path.write_bytes(body)
    (err,) = read(path)
    assert isinstance(err, InputError) and "binary" in err.message
    with pytest.raises(ExtractError, match="binary"):
        extract_article(FetchedDocument(url="https://e.example/b", body=body, content_type="text/html"))


# --------------------------------------------------------------------------- one bad file, the rest goes on


def test_an_unexpected_error_reading_one_file_is_that_files_error(tmp_path, monkeypatch, caplog):
    for name in ("a.html", "b.html", "c.html"):
        (tmp_path / name).write_bytes(f"<html><body><p>{name} {PARAS[0]}</p></body></html>".encode())
    real = files_module._read_bytes

    def flaky(path: Path, gzipped: bool) -> bytes:
        if path.name == "b.html":
            raise RuntimeError("simulated reader bug")
        return real(path, gzipped)

    monkeypatch.setattr(files_module, "_read_bytes", flaky)
    items = read(tmp_path)
    assert [type(i).__name__ for i in items] == ["FetchedDocument", "InputError", "FetchedDocument"]
    assert items[1].message == "unexpected RuntimeError while reading: simulated reader bug"
    assert items[1].subject.endswith("b.html")
    assert "simulated reader bug" in caplog.text  # the traceback is logged, not hidden


def test_keyboard_interrupt_is_not_swallowed(tmp_path, monkeypatch):
    (tmp_path / "a.html").write_bytes(b"<p>x</p>")

    def interrupted(path: Path, gzipped: bool) -> bytes:
        raise KeyboardInterrupt

    monkeypatch.setattr(files_module, "_read_bytes", interrupted)
    with pytest.raises(KeyboardInterrupt):
        read(tmp_path)


class _CountingBody(bytes):
    """A body that counts how often it is decoded."""

    decodes: list[str]

    def decode(self, encoding="utf-8", errors="strict"):
        self.decodes.append(encoding)
        return super().decode(encoding, errors)


def _counting(data: bytes) -> _CountingBody:
    body = _CountingBody(data)
    body.decodes = []
    return body


@pytest.mark.parametrize(("data", "declared", "expected"), [
    ("<p>Café Zürich</p>".encode(), "iso-8859-1", "utf-8"),  # stale single-byte declaration
    ("<p>Café Zürich</p>".encode("cp1252"), "windows-1252", "cp1252"),
    ('<meta charset="utf-8"><p>Café</p>'.encode(), "utf-8", "utf-8"),  # header and meta agree
    ("<p>Le café est fermé; les élèves ont été déçus.</p>".encode("cp1252") * 20, "utf-8",
     "cp1252"),  # a wrong UTF-8 header: detection
])
def test_a_body_is_decoded_once_per_codec(data, declared, expected):
    body = _counting(data)
    text, encoding = decode_body(body, declared=declared)
    assert encoding == expected and "café" in text.lower() and "\ufffd" not in text
    assert len(body.decodes) == len(set(body.decodes))
