"""Review 5, command line: huge numbers are usage errors (not tracebacks), revoking a revoked takedown says
so, and inputs left out (OPML outlines, files of unsupported types in a folder) are named with the reason."""

from __future__ import annotations

import json

import pytest

from helpers import cli

HUGE = "9223372036854775808"  # 2**63: one past SQLite's largest integer
HUGER = "99999999999999999999999"
OPML = ('<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
        '<outline text="Local" type="rss" xmlUrl="https://a.example.org/feed.xml"/>'
        '<outline text="Bad" type="rss" xmlUrl="ftp://example.com/x"/>'
        '<outline text="Nested"><outline text="Inner" type="rss" xmlUrl="https://a.example.org/feed.xml?x=1"/>'
        '<outline text="Again" xmlUrl="https://a.example.org/feed.xml"/></outline></body></opml>')


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    assert cli("takedown", "https://x.example.org/a", home=home).returncode == 0
    return home


def _usage_error(run) -> str:
    assert run.returncode == 2, (run.returncode, run.stdout, run.stderr)
    assert "Traceback" not in run.stderr and "OverflowError" not in run.stderr, run.stderr
    return run.stderr


@pytest.mark.parametrize("args", [
    ["takedowns", "--revoke", HUGE],
    ["articles", "--limit", HUGE],
    ["stories", "--limit", HUGER],
    ["errors", "--limit", HUGER],
    ["search", "foo", "--limit", HUGER],
    ["sources", "--limit", HUGE],
    ["sources", "list", "--limit", HUGE],
    ["sources", "remove", HUGE],
])
def test_numbers_beyond_what_the_store_takes_are_usage_errors_not_tracebacks(home, args):
    assert "Invalid value" in _usage_error(cli(*args, home=home))


def test_the_largest_id_is_still_asked_for_and_simply_not_found(home):
    run = cli("takedowns", "--revoke", str(2**63 - 1), home=home)
    assert run.returncode == 1 and "no such takedown" in run.stderr and "Traceback" not in run.stderr


def test_revoking_a_revoked_takedown_says_when_it_was_revoked(home):
    first = cli("takedowns", "--revoke", "1", "--json", home=home)
    assert first.returncode == 0 and "already revoked" not in first.stderr, first.stderr
    revoked_at = json.loads(first.stdout)[0]["revoked_at"]
    again = cli("takedowns", "--revoke", "1", "--json", home=home)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)[0]["revoked_at"] == revoked_at  # nothing changed
    assert f"takedown 1 was already revoked at {revoked_at}" in again.stderr


def test_opml_import_names_the_outlines_it_leaves_out(tmp_path):
    path = tmp_path / "list.opml"
    path.write_text(OPML, encoding="utf-8")
    run = cli("sources", "import", str(path), home=tmp_path / "home")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"2 sources in {path}: 2 added, 0 already present; skipped 2 outline(s)"
    assert "skipped ftp://example.com/x: not an http(s) URL (ftp scheme)" in run.stderr
    assert "skipped https://a.example.org/feed.xml: listed twice" in run.stderr
    as_json = json.loads(cli("sources", "import", str(path), "--json", home=tmp_path / "home").stdout)
    assert (as_json["listed"], as_json["added"]) == (2, 0)
    assert as_json["skipped"] == [{"outline": "ftp://example.com/x", "reason": "not an http(s) URL (ftp scheme)"},
                                  {"outline": "https://a.example.org/feed.xml", "reason": "listed twice"}]


def test_ingest_of_a_folder_names_the_files_of_unsupported_types_and_still_succeeds(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "x.pdf").write_bytes(b"%PDF-1.4")
    (folder / "y.docx").write_bytes(b"PK\x03\x04")
    (folder / ".hidden.pdf").write_bytes(b"%PDF-1.4")  # hidden files are left out without a word
    run = cli("ingest", str(folder), home=tmp_path / "home")
    assert run.returncode == 0, run.stderr
    assert (f"0 input(s), 0 item(s): stored 0, duplicates 0, suppressed 0, errors 0; skipped 2 file(s) "
            f"(unsupported type: {folder / 'x.pdf'}, {folder / 'y.docx'})") in run.stderr
    as_json = json.loads(cli("ingest", str(folder), "--json", home=tmp_path / "home").stdout)
    assert as_json["skipped"] == [{"path": str(folder / "x.pdf"), "reason": "unsupported type .pdf"},
                                  {"path": str(folder / "y.docx"), "reason": "unsupported type .docx"}]


def test_ingest_of_a_file_of_an_unsupported_type_named_on_its_own_is_an_error(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF-1.4")
    run = cli("ingest", str(path), home=tmp_path / "home")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert f"error {path}" in run.stderr and "unsupported file type .pdf" in run.stderr
