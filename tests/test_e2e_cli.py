"""Acceptance of the foundation, through the real `newsloom` command line."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from helpers import cli

BOILERPLATE = ["ADVERTISEMENT", "Back to top button", "Related Articles", "automatic aggregator",
               "The content will be deleted within 24 hours", "We are part of The Trust Project",
               "What to read next", "Related Topics"]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, seeds_dir):
    home = tmp_path_factory.mktemp("seeded")
    first = cli("ingest", str(seeds_dir), "--json", home=home)
    assert first.returncode == 0, first.stderr
    return home, json.loads(first.stdout)


def test_seeds_ingest_stores_two_clean_articles(seeded):
    home, result = seeded
    assert result["counts"] == {"stored": 2, "duplicate": 0, "suppressed": 0, "error": 0}
    listing = json.loads(cli("articles", "--json", "--limit", "0", home=home).stdout)
    assert len(listing) == 2
    for item in listing:
        shown = json.loads(cli("show", item["id"], "--json", home=home).stdout)
        text = shown["article"]["text"]
        for line in BOILERPLATE:
            assert line not in text, (item["title"], line)
        assert "Stoltenberg" in text


def test_seeds_form_one_story(seeded):
    home, _ = seeded
    stories = json.loads(cli("stories", "--json", home=home).stdout)
    assert len(stories) == 1
    assert stories[0]["article_count"] == 2
    assert {a["title"] for a in stories[0]["articles"]} == {
        "NATO sees no sign of Russia withdrawing troops near Ukraine",
        "NATO says Russia still adding troops to Ukraine build-up"}


def test_show_prints_the_evidence_of_the_automated_link(seeded):
    home, _ = seeded
    listing = json.loads(cli("articles", "--json", "--limit", "0", home=home).stdout)
    shown = {i["id"]: json.loads(cli("show", i["id"], "--json", home=home).stdout) for i in listing}
    (copy_id,) = [aid for aid, s in shown.items() if s["article"]["automated"]]
    chain = shown[copy_id]["provenance"]["chain"]
    assert chain[0]["automated"] and "automated republication" in chain[0]["relation"]
    assert "is an automatic aggregator" in chain[0]["evidence"]
    text = cli("show", copy_id, home=home).stdout
    assert "evidence:" in text and "is an automatic aggregator" in text


def test_show_story_lines_up_what_stoltenberg_said_in_each_source(seeded):
    home, _ = seeded
    (story,) = json.loads(cli("stories", "--json", home=home).stdout)
    text = " ".join(cli("show", story["id"], home=home).stdout.split())  # the console wraps long lines
    block = text.split("Jens Stoltenberg", 1)[1]
    aligned = block.split("- one statement, as 2 sources quote it:", 1)[1].split(" - ", 1)[0]
    assert "AP (via USTimeToday, machine-rewritten):" in aligned and "Reuters:" in aligned
    assert "not seen" in aligned and "withdraw" in aligned


def test_ingesting_the_seeds_again_adds_nothing(seeded, seeds_dir):
    home, _ = seeded
    again = cli("ingest", str(seeds_dir), "--json", home=home)
    assert again.returncode == 0
    assert json.loads(again.stdout)["counts"] == {"stored": 0, "duplicate": 2, "suppressed": 0, "error": 0}
    assert len(json.loads(cli("stories", "--json", home=home).stdout)) == 1


def test_listing_limit_and_search(seeded):
    home, _ = seeded
    assert len(json.loads(cli("articles", "--json", "--limit", "1", home=home).stdout)) == 1
    hits = json.loads(cli("search", "Stoltenberg withdrawal", "--json", home=home).stdout)
    assert len(hits) == 2
    assert json.loads(cli("search", "earthquake", "--json", home=home).stdout) == []


def test_bad_inputs_are_named_exit_nonzero_and_keep_earlier_articles(tmp_path, seeds_dir):
    home = tmp_path / "home"
    assert cli("ingest", str(seeds_dir), home=home).returncode == 0
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "a-empty.html").write_bytes(b"")
    (bad / "b-binary.html").write_bytes(bytes(range(256)) * 50)
    (bad / "c-trunc.html.gz").write_bytes(gzip.compress(b"<p>x</p>" * 5000)[:60])
    (bad / "d-notext.html").write_bytes(b"<html><body><script>var a=1;</script><div></div></body></html>")
    (bad / "e-unknown.xyz").write_bytes(b"hello")
    good = bad / "f-good.txt"
    good.write_text("A headline about ports\n\nThe harbour authority said on Monday that shipping traffic "
                    "rose by a tenth in the first quarter, with container volumes at a record.\n\n"
                    "Officials expect growth to continue through the summer season.", encoding="utf-8")
    run = cli("ingest", str(bad / "a-empty.html"), str(bad / "b-binary.html"), str(bad / "c-trunc.html.gz"),
              str(bad / "d-notext.html"), str(bad / "e-unknown.xyz"), str(tmp_path / "missing.html"), str(good),
              home=home)
    assert run.returncode == 1
    for name in ["a-empty.html", "b-binary.html", "c-trunc.html.gz", "d-notext.html", "e-unknown.xyz",
                 "missing.html"]:
        line = next((ln for ln in run.stderr.splitlines() if name in ln), None)
        assert line is not None and "error" in line, (name, run.stderr)
    assert "stored 1" in run.stderr and "errors 6" in run.stderr
    titles = {a["title"] for a in json.loads(cli("articles", "--json", "--limit", "0", home=home).stdout)}
    assert "A headline about ports" in titles and len(titles) == 3
    errors = json.loads(cli("errors", "--json", home=home).stdout)
    assert len(errors) == 6


@pytest.mark.slow
def test_scrapinghub_pages_are_all_stored_or_explained(tmp_path, shared_dir):
    root = shared_dir / "data" / "article-extraction-scrapinghub"
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    home = tmp_path / "home"
    run = cli("ingest", str(root / "html"), "--json", home=home, timeout=1800)
    result = json.loads(run.stdout)
    pages = sorted((root / "html").glob("*.html.gz"))
    assert len(result["results"]) == len(pages)
    for res in result["results"]:
        assert res["status"] in ("stored", "duplicate") or res["message"], res
    stored = [r for r in result["results"] if r["status"] == "stored"]
    assert len(stored) >= 0.97 * len(pages)
    # spot-check the stored texts against the ground truth with the benchmark's own metric
    from newsloom.evaluate.metrics import aggregate_shingles, shingle_scores

    scores = []
    for res in stored[::6]:
        page_id = Path(res["subject"]).name.removesuffix(".html.gz")
        shown = json.loads(cli("show", res["article_id"], "--json", home=home).stdout)
        scores.append(shingle_scores(truth[page_id]["articleBody"], shown["article"]["text"]))
    assert aggregate_shingles(scores).f1 >= 0.9, scores


def test_unknown_id_is_a_clear_error(tmp_path):
    assert cli("init", home=tmp_path / "h").returncode == 0
    run = cli("show", "no-such-thing", home=tmp_path / "h")
    assert run.returncode == 1
    assert "no-such-thing" in run.stderr
    assert re.search(r"no article or story", run.stderr)


def test_merge_and_split_from_the_cli_survive_a_restart_and_recluster(tmp_path, seeds_dir):
    home = tmp_path / "home"
    other = tmp_path / "ports.txt"
    other.write_text("Port traffic hits a record\n\nThe harbour authority said on Monday that shipping traffic "
                     "rose by a tenth in the first quarter, with container volumes at a record for the season.\n\n"
                     "Officials expect growth to continue through the summer, the authority added.", encoding="utf-8")
    assert cli("ingest", str(seeds_dir), str(other), home=home).returncode == 0
    stories = json.loads(cli("stories", "--json", home=home).stdout)
    assert sorted(s["article_count"] for s in stories) == [1, 2]
    nato = next(s for s in stories if s["article_count"] == 2)
    ports = next(s for s in stories if s["article_count"] == 1)
    merged = cli("stories", "merge", nato["id"], ports["id"], "--json", home=home)
    assert merged.returncode == 0, merged.stderr
    assert json.loads(merged.stdout)["article_count"] == 3
    port_article = ports["articles"][0]["id"]
    split = cli("stories", "split", nato["id"], port_article, "--json", home=home)
    assert split.returncode == 0, split.stderr
    new = json.loads(split.stdout)
    assert [a["id"] for a in new["articles"]] == [port_article]
    assert cli("stories", "recluster", home=home).returncode == 0
    after = json.loads(cli("stories", "--json", home=home).stdout)
    groups = sorted(sorted(a["id"] for a in s["articles"]) for s in after)
    assert [port_article] in groups and len(groups) == 2
    why = cli("stories", "why", port_article, home=home)
    assert why.returncode == 0, why.stderr
    assert "user split" in why.stdout
