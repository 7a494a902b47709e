"""`newsloom extract` prints articles without storing them; `newsloom eval ...` prints its figures."""

from __future__ import annotations

import json

import pytest

from helpers import cli


def test_extract_prints_all_fields_as_json_and_stores_nothing(tmp_path, seeds_dir):
    home = tmp_path / "home"
    run = cli("extract", str(seeds_dir / "004_347ec015c21cd0d3.txt"), "--json", home=home)
    assert run.returncode == 0, run.stderr
    (article,) = json.loads(run.stdout)
    assert article["title"] == "NATO says Russia still adding troops to Ukraine build-up"
    assert [w["agency"] for w in article["wire"]] == ["Reuters"]
    assert article["dateline"] and article["published"].startswith("2022-02-16")
    assert {"field_sources", "credits", "robots", "links", "lang"} <= set(article)
    assert not (home / "newsloom.db").exists()


def test_extract_reports_a_bad_input_and_exits_nonzero(tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    run = cli("extract", str(empty), home=tmp_path / "home")
    assert run.returncode == 1 and "empty.html" in run.stderr


def test_extract_refuses_internal_urls_by_default(tmp_path):
    run = cli("extract", "http://127.0.0.1:9/page.html", home=tmp_path / "home",
              env={"NEWSLOOM_ALLOW_PRIVATE": ""})
    assert run.returncode == 1
    assert "127.0.0.1" in run.stderr


@pytest.mark.parametrize("args,needle", [
    (["eval", "extraction", "--limit", "5"], "trafilatura"),
])
def test_eval_commands_print_figures_beside_anchors(tmp_path, shared_dir, args, needle):
    run = cli(*args, home=tmp_path / "home")
    assert run.returncode == 0, run.stderr
    assert needle in run.stdout and "F1" in run.stdout
