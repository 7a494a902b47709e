"""`newsloom sources [list] | add | import | export | remove`, run as a user would."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from helpers import cli
from newsloom.model import SourceState
from newsloom.sources import default_feeds_path, parse_opml
from newsloom.store.articles import ArticleStore
from newsloom.store.sources import SourceStore
from servers import Reply, ScriptedServer


class Store(SourceStore, ArticleStore):
    pass


def test_import_list_export_remove(tmp_path):
    home = tmp_path / "home"
    opml = default_feeds_path()
    run = cli("sources", "import", str(opml), home=home)
    assert run.returncode == 0, run.stderr
    expected = parse_opml(opml.read_bytes())
    assert f"{len(expected)} added" in run.stdout
    again = cli("sources", "import", str(opml), "--json", home=home)
    assert json.loads(again.stdout)["added"] == 0

    listed = json.loads(cli("sources", "list", "--json", home=home).stdout)
    assert [s["source"]["url"] for s in listed] == [s.url for s in expected]
    assert len(json.loads(cli("sources", "list", "--json", "--limit", "3", home=home).stdout)) == 3

    exported = cli("sources", "export", home=home).stdout
    assert [s.url for s in parse_opml(exported.encode())] == [s.url for s in expected]

    first_id = listed[0]["source"]["id"]
    assert cli("sources", "remove", str(first_id), home=home).returncode == 0
    assert len(json.loads(cli("sources", "--json", home=home).stdout)) == len(expected) - 1
    missing = cli("sources", "remove", "99999", home=home)
    assert missing.returncode == 1 and "99999" in missing.stderr


def test_health_table_shows_last_error_and_failures(tmp_path):
    home = tmp_path / "home"
    assert cli("sources", "add", "https://feeds.example.org/rss", "--kind", "feed", home=home).returncode == 0
    store = Store(home / "newsloom.db")
    [source] = store.list_sources()
    store.save_state(SourceState(source_id=source.id, last_error="HTTP 410 (permanent)", consecutive_failures=3,
                                 healthy=False, last_success=datetime(2026, 1, 1, tzinfo=UTC)))
    store.close()
    table = cli("sources", home=home).stdout
    assert "unhealthy" in table and "HTTP 410" in table and "feeds.example.org" in table


def test_add_discovers_feeds_from_a_homepage_only_when_private_urls_are_allowed(tmp_path):
    home = tmp_path / "home"
    with ScriptedServer() as site:
        site.route("/", Reply(body=b'<html><head><link rel="alternate" type="application/rss+xml" '
                                   b'href="/world.rss"></head><body>home</body></html>'))
        refused = cli("sources", "add", site.url("/"), home=home, env={"NEWSLOOM_ALLOW_PRIVATE": ""})
        assert refused.returncode == 1 and "internal address" in refused.stderr
        assert "--allow-private" in refused.stderr and "NEWSLOOM_ALLOW_PRIVATE=1" in refused.stderr  # the real switches
        added = cli("sources", "add", site.url("/"), "--json", home=home, env={"NEWSLOOM_ALLOW_PRIVATE": "1"})
        assert added.returncode == 0, added.stderr
        assert [s["url"] for s in json.loads(added.stdout)] == [site.url("/world.rss")]


def test_add_refuses_a_page_that_is_no_feed_and_adds_unreachable_urls_unchecked(tmp_path):
    home = tmp_path / "home"
    with ScriptedServer() as site:
        site.route("/plain", Reply(body=b"<html><body><p>no feeds here</p></body></html>"))
        env = {"NEWSLOOM_ALLOW_PRIVATE": "1"}
        plain = cli("sources", "add", site.url("/plain"), home=home, env=env)
        assert plain.returncode == 1 and "advertises no feed" in plain.stderr
        gone = cli("sources", "add", site.url("/missing"), home=home, env=env)
        assert gone.returncode == 1 and "HTTP 404" in gone.stderr
    offline = cli("sources", "add", "https://feeds.example.invalid/rss", "--json", home=home)
    assert offline.returncode == 0 and "without checking" in offline.stderr
    assert [s["url"] for s in json.loads(offline.stdout)] == ["https://feeds.example.invalid/rss"]


def test_export_then_import_keeps_page_and_sitemap_sources(tmp_path):
    home, other = tmp_path / "home", tmp_path / "other"
    kinds = {"https://a.example.org/rss": "feed", "https://a.example.org/sitemap.xml": "sitemap",
             "https://a.example.org/live": "page"}
    for url, kind in kinds.items():
        assert cli("sources", "add", url, "--kind", kind, home=home).returncode == 0
    opml = tmp_path / "out" / "sources.opml"
    opml.parent.mkdir()
    assert cli("sources", "export", "-o", str(opml), home=home).returncode == 0
    assert cli("sources", "import", str(opml), home=other).returncode == 0
    listed = json.loads(cli("sources", "list", "--json", home=other).stdout)
    assert {s["source"]["url"]: s["source"]["kind"] for s in listed} == kinds
