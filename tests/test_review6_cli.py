"""Review 6, `newsloom sources add`: a source that fails only for now (HTTP 429, 5xx, robots.txt 5xx) is added
unverified with the reason, as an unreachable one is; a URL already stored is said to be present and takes
no new id. Run as a user would, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json

import pytest

from helpers import cli
from servers import Reply, ScriptedServer

PRIVATE = {"NEWSLOOM_ALLOW_PRIVATE": "1"}
OPML = ('<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
        '<outline text="A" type="rss" xmlUrl="https://a.example.org/feed.xml"/>'
        '<outline text="B" type="rss" xmlUrl="https://b.example.org/feed.xml"/></body></opml>')


def _listed(home) -> dict[str, tuple[int, str]]:
    run = cli("sources", "list", "--json", home=home)
    assert run.returncode == 0, run.stderr
    return {s["source"]["url"]: (s["source"]["id"], s["source"]["kind"]) for s in json.loads(run.stdout)}


@pytest.mark.parametrize(("robots", "feed", "said"), [
    (Reply(status=404), Reply(status=429, body=b"slow down", headers={"Retry-After": "120"}),
     "HTTP 429 (temporary, Retry-After 120 s)"),
    (Reply(status=404), Reply(status=503, body=b"busy"), "HTTP 503 (temporary)"),
    (Reply(status=500), Reply(body=b"<rss version='2.0'><channel/></rss>", content_type="application/rss+xml"),
     "robots.txt unavailable (HTTP 500)"),
])
def test_a_temporarily_failing_source_is_added_unverified_with_the_reason(tmp_path, robots, feed, said):
    home = tmp_path / "home"
    with ScriptedServer() as site:
        site.route("/robots.txt", robots)
        site.route("/feed.xml", feed)
        run = cli("sources", "add", site.url("/feed.xml"), home=home, env=PRIVATE)
        url = site.url("/feed.xml")
    assert run.returncode == 0, run.stderr
    assert "note:" in run.stderr and said in run.stderr and "without checking" in run.stderr
    assert run.stdout.strip() == f"source 1: {url} (feed)"
    assert _listed(home) == {url: (1, "feed")}


@pytest.mark.parametrize(("reply", "said"), [(Reply(status=404), "HTTP 404"), (Reply(status=410), "HTTP 410")])
def test_a_permanently_failing_source_is_still_refused(tmp_path, reply, said):
    home = tmp_path / "home"
    with ScriptedServer() as site:
        site.route("/feed.xml", reply)
        run = cli("sources", "add", site.url("/feed.xml"), home=home, env=PRIVATE)
    assert run.returncode == 1 and said in run.stderr
    assert not (home / "newsloom.db").exists()  # nothing added (not even a store created)


def test_adding_a_stored_url_again_says_it_is_present_and_takes_no_id(tmp_path):
    home = tmp_path / "home"
    url, other = "https://feeds.example.org/rss", "https://feeds.example.org/other"
    assert cli("sources", "add", url, "--kind", "feed", home=home).stdout.strip() == f"source 1: {url} (feed)"

    again = cli("sources", "add", url, "--kind", "feed", home=home)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == f"source 1: {url} (feed) is already present"
    as_json = cli("sources", "add", url, "--kind", "feed", "--json", home=home)
    assert as_json.returncode == 0 and [(s["id"], s["already_present"]) for s in json.loads(as_json.stdout)] == [
        (1, True)]
    assert "already present" in as_json.stderr
    fresh = json.loads(cli("sources", "add", "https://feeds.example.org/third", "--kind", "feed", "--json",
                           home=home).stdout)
    assert [(s["id"], s["already_present"]) for s in fresh] == [(2, False)]

    assert cli("sources", "add", other, "--kind", "feed", home=home).stdout.strip() == f"source 3: {other} (feed)"
    assert _listed(home) == {url: (1, "feed"), "https://feeds.example.org/third": (2, "feed"), other: (3, "feed")}


def test_importing_stored_urls_again_takes_no_ids(tmp_path):
    home, path = tmp_path / "home", tmp_path / "list.opml"
    path.write_text(OPML, encoding="utf-8")
    assert cli("sources", "import", str(path), home=home).returncode == 0
    again = cli("sources", "import", str(path), home=home)
    assert again.stdout.strip() == f"2 sources in {path}: 0 added, 2 already present"
    new = "https://c.example.org/feed.xml"
    assert cli("sources", "add", new, "--kind", "feed", home=home).stdout.strip() == f"source 3: {new} (feed)"
