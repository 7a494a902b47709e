"""The command line's answers to bad input: one line "error: ..." and exit 1 (or typer's usage error,
exit 2, for an option value out of range), never a traceback; and options that reach the command."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time

import pytest

from helpers import ROOT, cli, free_port
from newsloom.model import Source
from newsloom.sources.opml import parse_opml, write_opml

TWO_STORIES = {
    "ports.txt": "Port traffic hits a record\n\nThe harbour authority said on Monday that shipping traffic rose by "
                 "a tenth in the first quarter, with container volumes at a record for the season.\n\nOfficials "
                 "expect growth to continue through the summer, the authority added.",
    "rail.txt": "Rail strike halts northern trains\n\nTrain drivers walked out on Tuesday over pay, leaving most "
                "northern lines without service, the operator said.\n\nThe union said further strikes were "
                "planned for next month unless talks resumed.",
}


def _one_line_error(run, code: int = 1) -> str:
    assert run.returncode == code, (run.returncode, run.stdout, run.stderr)
    assert "Traceback" not in run.stderr, run.stderr
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), run.stderr
    return lines[0]


# -- 1. --data-dir, --json and --limit given to a group reach its sub-commands ------------------
def test_sources_group_options_reach_the_subcommands(tmp_path):
    home, other = tmp_path / "home", tmp_path / "other"
    for url in ("https://a.example.org/rss", "https://b.example.org/rss"):
        added = cli("sources", "--data-dir", str(other), "add", url, "--kind", "feed", home=home)
        assert added.returncode == 0, added.stderr
    assert (other / "newsloom.db").exists() and not (home / "newsloom.db").exists()
    listed = cli("sources", "--data-dir", str(other), "--json", "list", home=home)
    assert [s["source"]["url"] for s in json.loads(listed.stdout)] == ["https://a.example.org/rss",
                                                                       "https://b.example.org/rss"]
    limited = cli("sources", "--json", "--limit", "1", "list", home=other)
    assert len(json.loads(limited.stdout)) == 1
    assert "a.example.org" in cli("sources", "--data-dir", str(other), "export", home=home).stdout


def test_stories_subcommands_take_data_dir_and_refuse_impossible_merges_and_splits(tmp_path):
    home, data = tmp_path / "home", tmp_path / "data"
    for name, text in TWO_STORIES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    ingested = cli("ingest", *(str(tmp_path / n) for n in TWO_STORIES), "--data-dir", str(data), home=home)
    assert ingested.returncode == 0, ingested.stderr
    stories = json.loads(cli("stories", "--json", "--data-dir", str(data), home=home).stdout)
    assert len(stories) == 2
    assert json.loads(cli("stories", "list", "--json", "--data-dir", str(data), home=home).stdout) == stories
    assert json.loads(cli("stories", "--data-dir", str(data), "list", "--limit", "1", "--json", home=home).stdout) == \
        stories[:1]  # the group's options reach the sub-command, as with sources list
    one, two = stories[0], stories[1]
    article = one["articles"][0]["id"]

    assert "user" not in _one_line_error(cli("stories", "merge", one["id"], one["id"], "--data-dir", str(data),
                                             home=home))
    _one_line_error(cli("stories", "split", one["id"], *(a["id"] for a in one["articles"]),
                        "--data-dir", str(data), home=home))
    why = cli("stories", "why", article, "--data-dir", str(data), "--json", home=home)
    assert why.returncode == 0, why.stderr
    assert json.loads(why.stdout)["story_id"] == one["id"]
    merged = cli("stories", "--data-dir", str(data), "--json", "merge", one["id"], two["id"], home=home)
    assert merged.returncode == 0, merged.stderr
    assert json.loads(merged.stdout)["article_count"] == 2
    assert cli("stories", "recluster", "--data-dir", str(data), home=home).returncode == 0
    assert not (home / "newsloom.db").exists()


# -- 2. one line instead of a traceback ----------------------------------------------------------
@pytest.mark.parametrize("query", ["[/]", "[bold]trump", "[red"])
def test_search_shows_the_query_as_typed(tmp_path, query):
    home = tmp_path / "home"
    assert cli("init", home=home).returncode == 0
    run = cli("search", query, home=home)
    assert run.returncode == 0, run.stderr
    assert query in run.stdout


def test_serve_checks_the_port_and_says_when_it_is_in_use(tmp_path):
    home = tmp_path / "home"
    for port in ("99999", "0", "-1"):
        run = cli("serve", "--port", port, home=home, timeout=60)
        assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr
    assert cli("serve", home=home, env={"NEWSLOOM_PORT": "70000"}, timeout=60).returncode == 2
    port = free_port()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", port))
        busy.listen()
        line = _one_line_error(cli("serve", "--host", "127.0.0.1", "--port", str(port), home=home, timeout=60))
        assert f"127.0.0.1:{port}" in line and "in use" in line


def test_export_to_a_missing_folder_is_a_clear_error(tmp_path):
    home = tmp_path / "home"
    assert cli("sources", "add", "https://a.example.org/rss", "--kind", "feed", home=home).returncode == 0
    line = _one_line_error(cli("sources", "export", "-o", str(tmp_path / "no" / "dir" / "x.opml"), home=home))
    assert "x.opml" in line


def test_eval_on_the_wrong_kind_of_dataset_is_one_line(tmp_path, shared_dir):
    home = tmp_path / "home"
    data = shared_dir / "data"
    _one_line_error(cli("eval", "extraction", "--dataset", str(data / "event-clustering-basil"), "--limit", "2",
                        home=home))
    _one_line_error(cli("eval", "clustering", "--dataset", str(data / "article-extraction-scrapinghub"),
                        "--orders", "1", home=home))
    run = cli("eval", "extraction", "--mode", "bogus", home=home)
    assert run.returncode == 2 and "Traceback" not in run.stderr and "page-text" in run.stderr


# -- 3. option values out of range are usage errors ----------------------------------------------
@pytest.mark.parametrize("args", [
    ["sources", "add", "https://a.example.org/rss", "--kind", "bogus"],
    ["eval", "extraction", "--limit", "-1"],
    ["eval", "clustering", "--orders", "-1"],
    ["eval", "copies", "--limit", "-3"],
    ["takedown", "example.org", "--scope", "site"],  # url | prefix | domain, offered as a choice
])
def test_bad_option_values_are_refused(tmp_path, args):
    home = tmp_path / "home"
    run = cli(*args, home=home)
    assert run.returncode == 2, (run.stdout, run.stderr)
    assert "Traceback" not in run.stderr
    assert not (home / "newsloom.db").exists()


# -- 4. the copies evaluation reports its progress as the progress bar reads it -------------------
def test_eval_copies_progress_is_label_done_total(shared_dir):
    from newsloom.cli.render import progress_bar
    from newsloom.evaluate.copies import build_pairs, evaluate_copies

    calls = []
    with progress_bar("pairs") as advance:
        def progress(*args):
            calls.append(args)
            advance(*args)

        evaluate_copies(shared_dir, limit=2, progress=progress)
    total = len(build_pairs(shared_dir, limit=2))
    assert calls and all(len(c) == 3 and isinstance(c[0], str) and c[2] == total for c in calls)
    assert [c[1] for c in calls] == list(range(1, total + 1))


# -- 5. ingest --json counts always has every outcome -----------------------------------------------
def test_ingest_json_counts_have_every_outcome(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    run = cli("ingest", str(empty), "--json", home=tmp_path / "home")
    assert run.returncode == 1
    assert json.loads(run.stdout)["counts"] == {"stored": 0, "duplicate": 0, "suppressed": 0, "error": 1}


# -- 6. read commands do not create a store --------------------------------------------------------
@pytest.mark.parametrize("args", [
    ["stories"], ["stories", "--json"], ["articles"], ["search", "x"], ["show", "x"], ["errors"],
    ["sources"], ["sources", "list"], ["sources", "export"], ["sources", "remove", "1"],
    ["stories", "why", "x"], ["stories", "recluster"], ["stories", "merge", "a", "b"],
])
def test_read_commands_need_a_store(tmp_path, args):
    home = tmp_path / "fresh"
    line = _one_line_error(cli(*args, home=home))
    assert f"no newsloom store at {home / 'newsloom.db'}" in line and "newsloom init" in line
    assert not (home / "newsloom.db").exists()
    assert cli("init", home=home).returncode == 0
    assert (home / "newsloom.db").exists()


# -- 7. Ctrl-C during ingest says how far it got -------------------------------------------------
def test_interrupted_ingest_says_what_is_stored(tmp_path, shared_dir):
    home = tmp_path / "home"
    home.mkdir()
    pages = shared_dir / "data" / "article-extraction-scrapinghub" / "html"
    proc = subprocess.Popen([sys.executable, "-m", "newsloom", "ingest", str(pages)], cwd=ROOT, text=True,
                            env={**os.environ, "NEWSLOOM_HOME": str(home), "COLUMNS": "200"},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 180
        stored = 0
        while not stored and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
            try:
                with sqlite3.connect(f"file:{home / 'newsloom.db'}?mode=ro", uri=True) as db:
                    stored = db.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.Error:
                pass
        assert stored and proc.poll() is None, "ingest did not get going (or finished too soon)"
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    [line] = [line for line in err.splitlines() if line.startswith("interrupted: ")]
    n = int(line.split()[1])
    assert n >= stored
    assert line == (f"interrupted: {n} stored so far; run the same ingest again to finish "
                    "(what is stored is kept)")
    assert len(json.loads(cli("articles", "--json", "--limit", "0", home=home).stdout)) == n


# -- 8. OPML keeps each source's kind ------------------------------------------------------------
def test_opml_round_trip_keeps_every_kind():
    sources = [Source(url=f"https://a.example.org/{kind}", kind=kind, title=kind)
               for kind in ("feed", "sitemap", "page")]
    back = parse_opml(write_opml(sources).encode())
    assert [(s.url, s.kind) for s in back] == [(s.url, s.kind) for s in sources]
    other = b'<opml version="2.0"><body><outline type="atom" xmlUrl="https://b.example.org/x"/></body></opml>'
    assert [s.kind for s in parse_opml(other)] == ["feed"]


def test_piped_errors_keep_a_long_path_on_one_line_and_name_a_missing_article(tmp_path):
    missing = tmp_path / ("d" * 70) / ("e" * 70) / "missing.html"
    run = cli("ingest", str(missing), home=tmp_path, env={"COLUMNS": "80"})
    assert [line for line in (run.stdout + run.stderr).splitlines() if str(missing) in line], run.stderr
    assert not any(line.strip() and str(missing) not in line and "missing.html" in line
                   for line in (run.stdout + run.stderr).splitlines())  # not folded at 80 columns
    cli("ingest", str(tmp_path / "none"), home=tmp_path)  # creates the store
    assert _one_line_error(cli("stories", "why", "nope", home=tmp_path)) == "error: nope: no such article"
