"""Local inputs for `newsloom ingest`: every bad file gets a clear error naming it; good ones pass."""

from __future__ import annotations

import gzip
import json
import os

import pytest

from newsloom.errors import InputError, UnsupportedInputError
from newsloom.model import FetchedDocument
from newsloom.sources.files import iter_inputs, list_input_files

PAGE = b"<html><head><title>T</title></head><body><article><p>Hello world.</p></article></body></html>"


def _read(*paths):
    return list(iter_inputs(list_input_files(paths)))


def test_html_text_and_gzip_become_documents(tmp_path):
    (tmp_path / "a.html").write_bytes(PAGE)
    (tmp_path / "b.htm.gz").write_bytes(gzip.compress(PAGE))
    (tmp_path / "c.txt").write_text("Headline\n\nA paragraph of text.", encoding="utf-8")
    docs = _read(tmp_path)
    assert [type(d) for d in docs] == [FetchedDocument] * 3
    assert [d.content_type for d in docs] == ["text/html", "text/html", "text/plain"]
    assert docs[1].body == PAGE
    assert docs[0].url.startswith("file://") and docs[0].url.endswith("a.html")


def test_jsonl_lines_keep_external_ids_and_hints(tmp_path):
    lines = [{"id": 7, "text": "Body one.", "title": "One", "url": "https://e.com/1", "published": "2022-02-16"},
             {"text": "Body two."}, {"title": "no text"}, "not an object"]
    path = tmp_path / "x.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n{broken", encoding="utf-8")
    out = _read(path)
    assert isinstance(out[0], FetchedDocument) and out[0].hints["external_id"] == "7"
    assert out[0].url == "https://e.com/1" and out[0].hints["title"] == "One"
    assert isinstance(out[1], FetchedDocument) and out[1].url.endswith("#line=2")
    errors = [o for o in out if isinstance(o, InputError)]
    assert [e.subject.rsplit(":", 1)[1] for e in errors] == ["3", "4", "5"]
    assert "text" in errors[0].message and "invalid JSON" in errors[2].message


@pytest.mark.parametrize("name,content,expected", [
    ("empty.html", b"", "empty file"),
    ("blank.txt", b"  \n\t\n", "empty file"),
    ("binary.html", bytes(range(256)) * 20, "binary"),
    ("trunc.html.gz", gzip.compress(PAGE * 50)[:40], "truncated gzip"),
    ("corrupt.txt.gz", b"\x1f\x8bnot really gzip data", "corrupt gzip"),
    ("notes.docx", b"PK\x03\x04", "unsupported file type"),
])
def test_bad_inputs_get_a_clear_error_naming_the_file(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    (err,) = _read(path)
    assert isinstance(err, InputError)
    assert expected in err.message
    assert err.subject == str(path)
    assert str(path) in str(err)


def test_unknown_extension_is_an_unsupported_input(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF-1.4")
    (err,) = _read(path)
    assert isinstance(err, UnsupportedInputError)


def test_missing_and_dangling_paths_are_errors_not_crashes(tmp_path):
    link = tmp_path / "dangling.html"
    link.symlink_to(tmp_path / "gone.html")
    out = _read(tmp_path / "missing.html", link)
    assert [type(o) for o in out] == [InputError, InputError]
    assert "no such file" in out[0].message


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_an_error(tmp_path):
    path = tmp_path / "secret.html"
    path.write_bytes(PAGE)
    path.chmod(0)
    (err,) = _read(path)
    assert "permission denied" in err.message


def test_bad_file_does_not_stop_the_rest(tmp_path):
    (tmp_path / "1.html").write_bytes(PAGE)
    (tmp_path / "2.html").write_bytes(b"")
    (tmp_path / "3.html").write_bytes(PAGE.replace(b"Hello", b"Bye"))
    out = _read(tmp_path)
    assert [type(o).__name__ for o in out] == ["FetchedDocument", "InputError", "FetchedDocument"]


def test_a_text_dump_is_split_into_its_documents_and_a_single_text_is_one(tmp_path):
    dump = tmp_path / "dump.txt.gz"
    dump.write_bytes(gzip.compress(b"Harbour record\n\nTraffic rose by a tenth.\fCouncil budget\n\nThe council "
                                   b"agreed.\n=====\n<doc id='3'>\nThird text\n</doc>\n"))
    single = tmp_path / "one.txt"
    single.write_text("Harbour record\n\nTraffic rose by a tenth.\n", encoding="utf-8")
    docs = _read(dump, single)
    assert all(isinstance(d, FetchedDocument) and d.content_type == "text/plain" for d in docs)
    assert [d.url.rsplit("/", 1)[-1] for d in docs] == ["dump.txt.gz#doc=1", "dump.txt.gz#doc=2",
                                                        "dump.txt.gz#doc=3", "one.txt"]
    assert [d.body.decode().splitlines()[0] for d in docs] == ["Harbour record", "Council budget", "Third text",
                                                                "Harbour record"]
