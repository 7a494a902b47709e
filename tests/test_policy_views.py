"""Publisher limits on evidence hold per article, and on every edge alike.

A page that restricts its text (robots ``noarchive, max-snippet``) mirrors the seed's automated republication
word for word. The evidence that relates the mirror withholds its passages; the evidence of the seed's own
chain (the sentences the machine rewrite broke, quoted from the seed, which is shown whole) does not, though
the mirror carries the same words. The API, the web page and ``newsloom show --json`` say the same, and
``show --json`` of a restricted article prints no more of its text than its page shows.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from fastapi.testclient import TestClient

from helpers import cli
from newsloom.config import load_settings
from newsloom.core import open_newsloom
from newsloom.policy import WITHHELD
from newsloom.web import create_app

SEED = "000_d126d7ba95daedb8.txt"  # the AP story as WINK News carried it, machine-rewritten by an aggregator
MIRROR_URL = "https://mirror.example.net/copy.html"


def _mirror(seed: Path, robots: str) -> bytes:
    lines = [line for line in seed.read_text(encoding="utf-8").splitlines() if line.strip()]
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in lines[1:])
    return (f'<html><head><meta name="robots" content="{robots}"><link rel="canonical" href="{MIRROR_URL}">'
            f'<meta name="description" content="{html.escape(lines[1])}">'
            f"<title>{html.escape(lines[0])}</title></head><body><article><h1>{html.escape(lines[0])}</h1>"
            f"{paragraphs}</article></body></html>").encode()


def _ingested(tmp_path: Path, seeds_dir: Path, robots: str) -> tuple[Path, str, str]:
    home, folder = tmp_path / "home", tmp_path / "in"
    folder.mkdir()
    (folder / "mirror.html").write_bytes(_mirror(seeds_dir / SEED, robots))
    out = cli("ingest", str(seeds_dir / SEED), str(folder / "mirror.html"), "--json", home=home)
    assert out.returncode == 0, out.stderr
    seed_id, mirror_id = (r["article_id"] for r in json.loads(out.stdout)["results"])
    return home, seed_id, mirror_id


def _broken_sentence_examples(provenance: dict) -> str:
    return " ".join(link["evidence"] for link in provenance["chain"] if "broken mid-way" in link["evidence"])


def test_a_restricted_mirror_withholds_its_own_evidence_not_the_seed_s(tmp_path, seeds_dir):
    home, seed_id, mirror_id = _ingested(tmp_path, seeds_dir, "noarchive, max-snippet:20")
    nl = open_newsloom(load_settings(env={"NEWSLOOM_HOME": str(home)}))
    try:
        with TestClient(create_app(nl)) as client:
            seed = client.get(f"/api/v1/articles/{seed_id}").json()
            examples = _broken_sentence_examples(seed["provenance"])
            assert "e.g." in examples and WITHHELD not in examples  # the seed's own words, shown whole
            assert "of the withdrawal. after the exercise" in examples
            relation = next(r for r in seed["relations"] if mirror_id in (r["copy_id"], r["original_id"]))
            assert relation["evidence_withheld_by_publisher_policy"]  # the mirror's side of the pair is not shown
            page = client.get(f"/articles/{seed_id}").text
            assert "of the withdrawal. after the exercise" in html.unescape(page)
            story = client.get(f"/api/v1/stories/{seed['story']['id']}").json()
            assert WITHHELD not in _broken_sentence_examples(story["provenance"][seed_id])
            mirror = client.get(f"/api/v1/articles/{mirror_id}").json()
            assert len(mirror["article"]["text"]) <= 25 and mirror["article"]["text_shortened_by_publisher_policy"]
        shown = json.loads(cli("show", seed_id, "--json", home=home).stdout)
        assert _broken_sentence_examples(shown["provenance"]) == examples  # the CLI says what the API says
        as_cli = json.loads(cli("show", mirror_id, "--json", home=home).stdout)
        assert as_cli["article"]["text"] == mirror["article"]["text"]
        assert as_cli["article"]["description"] == mirror["article"]["description"]
        assert as_cli["article"]["text_shortened_by_publisher_policy"] is True
    finally:
        nl.close()


def test_show_json_of_a_nosnippet_page_prints_none_of_its_text(tmp_path, seeds_dir):
    home, _seed_id, mirror_id = _ingested(tmp_path, seeds_dir, "nosnippet")
    shown = json.loads(cli("show", mirror_id, "--json", home=home).stdout)
    assert shown["article"]["text"] == "" and shown["article"]["description"] is None
    assert shown["article"]["text_shortened_by_publisher_policy"] is True
    full = (seeds_dir / SEED).read_text(encoding="utf-8").splitlines()[3][:60]
    assert full and full not in cli("show", mirror_id, home=home).stdout  # nor in text mode
    assert full not in json.dumps(shown)
