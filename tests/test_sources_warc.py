"""WARC/ARC archives written with warcio: HTML responses come out with their original URLs and dates."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsloom.errors import InputError
from newsloom.sources import iter_warc


def _response(writer, url, body, content_type="text/html; charset=utf-8", date="2024-03-05T10:00:00Z", status="200 OK"):
    headers = StatusAndHeaders(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))],
                               protocol="HTTP/1.1")
    record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                       warc_headers_dict={"WARC-Date": date})
    writer.write_record(record)
    return record


def write_archive(path, *, gzip: bool):
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        req = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "news.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record("https://news.example/a", "request", http_headers=req))
        first = _response(writer, "https://news.example/a", b"<html><title>A</title><p>Story A</p></html>",
                          date="2024-03-05T10:00:00Z")
        _response(writer, "https://news.example/b", "<html><p>Geschäft B</p></html>".encode("latin-1"),
                  content_type="text/html; charset=ISO-8859-1", date="2024-03-05T11:30:00Z")
        _response(writer, "https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(100), content_type="image/png")
        _response(writer, "https://news.example/moved", b"", status="301 Moved Permanently")
        revisit = writer.create_revisit_record("https://news.example/a", digest=first.rec_headers.get_header(
            "WARC-Payload-Digest"), refers_to_uri="https://news.example/a", refers_to_date="2024-03-05T10:00:00Z")
        writer.write_record(revisit)
        writer.write_record(writer.create_warc_record("https://news.example/a", "metadata",
                                                      payload=io.BytesIO(b"outlinks: x"),
                                                      warc_content_type="application/warc-fields"))
        _response(writer, "https://news.example/c", b"<html><p>Story C</p></html>", content_type="application/xhtml+xml",
                  date="2024-03-06T00:00:00Z")


@pytest.mark.parametrize("gzip", [True, False])
def test_warc_yields_html_responses_with_urls_and_dates(tmp_path, gzip):
    path = tmp_path / ("a.warc.gz" if gzip else "a.warc")
    write_archive(path, gzip=gzip)
    docs = list(iter_warc(path))
    assert [d.url for d in docs] == ["https://news.example/a", "https://news.example/b", "https://news.example/c"]
    assert [d.fetched_at for d in docs] == [datetime(2024, 3, 5, 10, tzinfo=UTC),
                                            datetime(2024, 3, 5, 11, 30, tzinfo=UTC),
                                            datetime(2024, 3, 6, tzinfo=UTC)]
    assert docs[0].body == b"<html><title>A</title><p>Story A</p></html>"
    assert docs[1].encoding == "iso-8859-1" and "Geschäft" in docs[1].body.decode(docs[1].encoding)
    assert docs[2].content_type == "application/xhtml+xml"


def test_warc_from_an_open_stream(tmp_path):
    path = tmp_path / "a.warc.gz"
    write_archive(path, gzip=True)
    with path.open("rb") as fh:
        assert len(list(iter_warc(fh))) == 3


def test_arc_records_are_read_as_responses(tmp_path):
    body = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<html><p>arc page</p></html>"
    version = b"1 0 test\nURL IP-address Archive-date Content-type Archive-length\n\n"
    arc = (b"filedesc://t.arc 0.0.0.0 20240305100000 text/plain %d\n" % len(version)) + version + b"\n"
    arc += b"http://news.example/arc 1.2.3.4 20240305100000 text/html %d\n" % len(body) + body + b"\n"
    path = tmp_path / "t.arc"
    path.write_bytes(arc)
    docs = list(iter_warc(path))
    assert [(d.url, d.fetched_at) for d in docs] == [("http://news.example/arc",
                                                      datetime(2024, 3, 5, 10, tzinfo=UTC))]


def test_unreadable_archive_is_an_input_error(tmp_path):
    path = tmp_path / "bad.warc"
    path.write_bytes(b"this is not a warc file at all\n" * 10)
    with pytest.raises(InputError, match="not a readable WARC"):
        list(iter_warc(path))
    with pytest.raises(InputError, match="cannot open"):
        list(iter_warc(tmp_path / "missing.warc"))
