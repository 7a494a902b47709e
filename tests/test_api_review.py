"""What an API and a documentation review found, mended: the admin token is a declared security scheme,
asked before the body is read and answered with WWW-Authenticate; a trailing slash is not redirected to
an address built from the client's Host header; search reads a decomposed accent as the composed one;
one domain takedown written in two forms is recorded once; a page's URL given as a domain says so; the
packaged feed list is not added to a store that has sources of its own; a quick benchmark run leaves the
published figures alone."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from newsloom.cli.serve import seed_sources
from newsloom.config import Settings, packaged_feeds
from newsloom.core import open_newsloom
from newsloom.errors import TakedownError
from newsloom.model import FetchedDocument, Source
from newsloom.web import create_app

TOKEN = "review-token"
NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
BODY = ("<p>Pokémon trainers from twelve countries met in Elsworth on Saturday for the regional championship, "
        "the organisers said, and the final drew a record crowd of four thousand people to the town hall.</p>"
        "<p>The winner, a fourteen-year-old from Port Talbot, will travel to the world finals in August.</p>")


@pytest.fixture
def nl(tmp_path):
    nl = open_newsloom(Settings(data_dir=tmp_path, admin_token=TOKEN), clock=lambda: NOW)
    yield nl
    nl.close()


def test_the_admin_token_is_a_security_scheme_asked_before_the_body(nl):
    with TestClient(create_app(nl), raise_server_exceptions=False) as client:
        spec = client.get("/openapi.json").json()
        assert spec["components"]["securitySchemes"]["AdminToken"] == {
            "type": "apiKey", "in": "header", "name": "X-Admin-Token",
            "description": "the server's NEWSLOOM_ADMIN_TOKEN"}
        takedowns = spec["paths"]["/api/v1/takedowns"]
        assert takedowns["post"]["security"] == [{"AdminToken": []}]
        assert not any(p["name"].lower() == "x-admin-token" for p in takedowns["post"].get("parameters", []))
        assert "security" not in spec["paths"]["/api/v1/stories"]["get"]
        bare = client.post("/api/v1/takedowns")  # no token, no body: the token is what is missing
        assert bare.status_code == 401 and bare.json()["error"] == "UnauthorizedError"
        assert bare.headers["www-authenticate"] == 'ApiKey header="X-Admin-Token"'
        assert "details" not in bare.json()  # nothing of the body's schema
        ok = client.post("/api/v1/takedowns", headers={"X-Admin-Token": TOKEN}, json={"target": "example.org",
                                                                                      "scope": "domain"})
        assert ok.status_code == 200
        invalid = client.post("/api/v1/takedowns", headers={"X-Admin-Token": TOKEN}, json={})
        assert invalid.status_code == 422  # with the token, the body is checked


def test_a_trailing_slash_is_not_redirected_to_the_clients_host(nl):
    with TestClient(create_app(nl), raise_server_exceptions=False) as client:
        got = client.get("/api/v1/stories/", headers={"Host": "evil.example"}, follow_redirects=False)
        assert got.status_code == 404 and "location" not in got.headers
        assert client.get("/api/v1/stories").status_code == 200


def test_search_reads_a_decomposed_accent_as_the_composed_one(nl):
    doc = FetchedDocument(url="https://news.example.org/pokemon", body=(
        f"<html><head><title>Pokémon championship in Elsworth</title></head><body><article>"
        f"<h1>Pokémon championship in Elsworth</h1>{BODY}</article></body></html>").encode())
    (stored,) = nl.ingest_documents([doc])
    assert stored.status == "stored"
    composed, decomposed = "Pokémon", "Poke\u0301mon"
    assert composed != decomposed
    assert [a.id for a, _ in nl.search(decomposed)] == [a.id for a, _ in nl.search(composed)] == [stored.article_id]


def test_one_domain_takedown_in_two_forms_is_recorded_once(nl):
    nl.takedown("bücher.de", scope="domain")
    nl.takedown("XN--BCHER-KVA.de", scope="domain")
    nl.takedown("https://www.Bücher.de/", scope="domain")
    assert [t.target for t in nl.takedowns()] == ["bücher.de"]
    nl.takedown("https://news.example.org/a", scope="url")
    nl.takedown("http://www.news.example.org/a", scope="url")  # http/https and www. name the same page
    assert len(nl.takedowns()) == 2
    with pytest.raises(TakedownError, match="not a page's URL"):
        nl.takedown("https://www.example.org/news/a", scope="domain")


def test_the_packaged_feeds_go_only_to_a_store_without_sources(nl, tmp_path):
    nl.store.add_sources([Source(url="https://mine.example.org/feed.xml", kind="feed")])
    assert seed_sources(nl, packaged_feeds()) == 0
    assert nl.store.count_sources() == 1
    mine = tmp_path / "mine.opml"
    mine.write_text('<?xml version="1.0"?><opml version="2.0"><head/><body><outline type="rss" text="x" '
                    'xmlUrl="https://other.example.org/rss"/></body></opml>', encoding="utf-8")
    assert seed_sources(nl, mine) == 1  # a list the user names is added once, whatever the store holds
    fresh = open_newsloom(Settings(data_dir=tmp_path / "fresh"), clock=lambda: NOW)
    try:
        assert seed_sources(fresh, packaged_feeds()) > 10 and seed_sources(fresh, packaged_feeds()) == 0
    finally:
        fresh.close()


def test_a_quick_benchmark_run_leaves_the_published_figures_alone(tmp_path, monkeypatch, capsys):
    from bench import report

    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n", encoding="utf-8")
    monkeypatch.setattr(report, "DOC", doc)
    monkeypatch.setattr(sys, "argv", ["bench.stories", "--quick"])
    report.write_section("x", "X", "figures")
    assert doc.read_text(encoding="utf-8") == "# Benchmarks\n" and "figures" in capsys.readouterr().out
    monkeypatch.setattr(sys, "argv", ["bench.stories"])
    report.write_section("x", "X", "figures")
    assert "<!-- bench:x -->" in doc.read_text(encoding="utf-8")


def test_the_cli_json_gives_the_web_address_beside_the_local_path(tmp_path):
    import json

    from helpers import cli

    page = tmp_path / "pokemon.html"
    page.write_text('<html><head><title>Pokémon championship in Elsworth</title><link rel="canonical" '
                    'href="https://news.example.org/pokemon"></head><body><article><h1>Pokémon championship in '
                    f"Elsworth</h1>{BODY}</article></body></html>", encoding="utf-8")
    home = tmp_path / "home"
    assert cli("ingest", str(page), home=home).returncode == 0
    (story,) = json.loads(cli("stories", "--json", home=home).stdout)
    (article,) = story["articles"]
    assert article["url"].startswith("file://") and article["web_url"] == "https://news.example.org/pokemon"


def test_feeds_say_when_a_story_was_first_gathered_and_ask_caches_to_revalidate(nl):
    import feedparser

    doc = FetchedDocument(url="https://news.example.org/pokemon", body=(
        f"<html><head><title>Pokémon championship in Elsworth</title></head><body><article>"
        f"<h1>Pokémon championship in Elsworth</h1>{BODY}</article></body></html>").encode())
    nl.ingest_documents([doc])
    with TestClient(create_app(nl), raise_server_exceptions=False) as client:
        atom = client.get("/feeds/stories.atom")
        assert atom.headers["cache-control"] == "no-cache"
        (entry,) = feedparser.parse(atom.content).entries
        assert entry.published_parsed is not None and entry.updated_parsed is not None
        assert [a["name"] for a in entry.authors] == ["news.example.org"]
        again = client.get("/feeds/stories.atom", headers={"If-None-Match": atom.headers["etag"]})
        assert again.status_code == 304 and again.headers["cache-control"] == "no-cache"
        (item,) = client.get("/feeds/stories.json").json()["items"]
        assert item["date_published"] == NOW.isoformat() and item["date_modified"]


def test_a_405_lists_every_method_the_path_answers(nl):
    with TestClient(create_app(nl), raise_server_exceptions=False) as client:
        for path, allowed in (("/api/v1/takedowns", "GET, HEAD, POST"), ("/api/v1/articles/x", "DELETE, GET, HEAD"),
                              ("/api/v1/takedowns/1", "DELETE")):
            got = client.put(path)
            assert got.status_code == 405 and got.headers["allow"] == allowed, path
            assert got.json()["error"] == "MethodNotAllowedError"


def test_a_takedown_answers_with_the_request_on_record_to_revoke_it_by(nl):
    with TestClient(create_app(nl), raise_server_exceptions=False) as client:
        admin = {"X-Admin-Token": TOKEN}
        first = client.post("/api/v1/takedowns", headers=admin, json={"target": "bücher.de", "scope": "domain"}).json()
        assert first["already_in_force"] is False and first["takedown"]["target"] == "bücher.de"
        again = client.post("/api/v1/takedowns", headers=admin,
                            json={"target": "xn--bcher-kva.de", "scope": "domain"}).json()
        assert again["already_in_force"] is True and again["takedown"]["id"] == first["takedown"]["id"]
        gone = client.delete(f"/api/v1/takedowns/{first['takedown']['id']}", headers=admin)
        assert gone.status_code == 200 and nl.takedowns() == []


def test_security_headers_hold_behind_a_proxy_prefix_on_errors_and_static_files(nl, monkeypatch):
    app = create_app(nl)
    with TestClient(app, root_path="/nl", raise_server_exceptions=False) as client:
        docs = client.get("/nl/docs")
        assert docs.status_code == 200 and "'unsafe-inline'" in docs.headers["content-security-policy"]
        assert "'unsafe-inline'" not in client.get("/nl/").headers["content-security-policy"]
    with TestClient(app, raise_server_exceptions=False) as client:
        static = client.post("/static/style.css")
        assert static.status_code == 405 and static.headers["allow"] == "GET, HEAD"
        monkeypatch.setattr(nl, "stories", lambda **kw: 1 / 0)  # a bug: the 500 still carries the headers
        broken = client.get("/api/v1/stories")
        assert broken.status_code == 500 and broken.headers["x-frame-options"] == "DENY"
        assert "content-security-policy" in broken.headers


def test_a_body_that_is_not_json_is_said_so(nl):
    with TestClient(create_app(nl), raise_server_exceptions=False) as client:
        got = client.post("/api/v1/takedowns", headers={"X-Admin-Token": TOKEN, "Content-Type": "application/json"},
                          content=b'{"target": ')
        assert got.status_code == 422
        assert got.json()["message"] == "the body is not valid JSON (JSON decode error at character 11)"


def test_a_body_of_another_media_type_is_415(nl):
    with TestClient(create_app(nl), raise_server_exceptions=False) as client:
        headers = {"X-Admin-Token": TOKEN}
        # curl -d sends application/x-www-form-urlencoded: the body was read as no JSON at all (a 422 before)
        for kind, extra in (("text/plain", {"Content-Type": "text/plain"}),
                            ("application/x-www-form-urlencoded", {"Content-Type": "application/x-www-form-urlencoded"}),
                            ("none", {})):
            got = client.post("/api/v1/takedowns", headers={**headers, **extra},
                              content=b'{"target": "https://a.example.org/x"}')
            assert got.status_code == 415, kind
            assert got.json() == {"error": "UnsupportedMediaTypeError",
                                  "message": "the body must be JSON, sent with Content-Type: application/json "
                                             f"(this request's Content-Type: {kind})"}
        got = client.post("/api/v1/takedowns", headers={**headers, "Content-Type": "application/merge-patch+json"},
                          content=b'{"target": "https://a.example.org/x"}')
        assert got.status_code == 200, got.text  # any +json type is JSON
        responses = client.get("/openapi.json").json()["paths"]["/api/v1/takedowns"]["post"]["responses"]
        assert "415" in responses
