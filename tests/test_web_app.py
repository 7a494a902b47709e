"""The web app in-process (FastAPI TestClient): pages, API, feeds, escaping, takedowns."""

from __future__ import annotations

import json

import feedparser
import pytest
from fastapi.testclient import TestClient

from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.model import FetchedDocument
from newsloom.web import create_app

TOKEN = "s3cret-token"
XSS_PAGE = (b"<html><head><title>&lt;script&gt;alert('t')&lt;/script&gt; &lt;y onclick=alert(2)&gt; Harbour news"
            b"</title></head><body>"
            b"<article><h1>&lt;script&gt;alert('t')&lt;/script&gt; Harbour news</h1><p>The harbour authority said "
            b"on Monday that shipping traffic rose by a tenth in the first quarter, with container volumes at a "
            b"record high &lt;img src=x onerror=alert(1)&gt; for the season.</p><p>Officials expect growth to "
            b"continue through the summer, the authority added in its statement.</p></article></body></html>")


@pytest.fixture(scope="module")
def client(tmp_path_factory, seeds_dir):
    home = tmp_path_factory.mktemp("web")
    nl = open_newsloom(Settings(data_dir=home, admin_token=TOKEN))
    for path in sorted(seeds_dir.iterdir()):
        assert all(r.ok for r in nl.ingest_file(path))
    nl.ingest_documents([FetchedDocument(url="https://harbour.example.org/news/1", body=XSS_PAGE)])
    with TestClient(create_app(nl)) as c:
        yield c
    nl.close()


def _seed_story(client) -> dict:
    stories = client.get("/api/v1/stories").json()["stories"]
    return next(s for s in stories if s["article_count"] == 2)


def test_front_page_lists_stories_with_source_counts(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "NATO" in page.text and "2 sources" in page.text


def test_story_page_shows_primary_sources_copy_tree_and_quotes(client):
    story = _seed_story(client)
    page = client.get(f"/stories/{story['id']}")
    assert page.status_code == 200
    html = page.text
    for needle in ("AP", "Reuters", "WINK News", "automated republication", "Jens Stoltenberg",
                   "we have not seen any Russian forces withdraw", "We have not seen any withdrawal"):
        assert needle in html, needle


def test_article_page_links_the_original(client):
    arts = client.get("/api/v1/articles?limit=1000").json()["articles"]
    harbour = next(a for a in arts if a["url"] and "harbour" in a["url"])
    page = client.get(f"/articles/{harbour['id']}")
    assert page.status_code == 200
    assert 'href="https://harbour.example.org/news/1"' in page.text


def test_everything_from_the_web_is_escaped(client):
    front = client.get("/").text
    # tags of HTML elements are taken out of a title (plain text), what is left is escaped as text
    assert "<script>alert" not in front and "<y onclick" not in front and "&lt;y onclick=alert(2)&gt;" in front
    arts = client.get("/api/v1/articles?limit=1000").json()["articles"]
    harbour = next(a for a in arts if a["url"] and "harbour" in a["url"])
    page = client.get(f"/articles/{harbour['id']}").text
    assert "<img src=x" not in page and "<script>alert" not in page


def test_api_story_detail_has_tree_provenance_and_coverage(client):
    story = _seed_story(client)
    detail = client.get(f"/api/v1/stories/{story['id']}").json()
    assert {root["name"] for root in detail["copy_tree"]} >= {"AP", "Reuters"}
    speakers = detail["coverage"]["quotes_by_speaker"]
    stolt = next(v for k, v in speakers.items() if k.endswith("Stoltenberg"))
    assert len({q["article_id"] for q in stolt}) == 2


def test_api_search_and_not_found(client):
    hits = client.get("/api/v1/search", params={"q": "Stoltenberg"}).json()["results"]
    assert len(hits) == 2
    missing = client.get("/api/v1/articles/does-not-exist")
    assert missing.status_code == 404 and missing.json()["error"] == "NotFoundError"
    assert client.get("/stories/nope").status_code == 404


def test_openapi_docs_are_served(client):
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/v1/stories", "/api/v1/stories/{story_id}", "/api/v1/articles/{article_id}",
            "/api/v1/search", "/api/v1/takedowns"} <= set(paths)


def test_atom_and_json_feeds_out(client):
    atom = client.get("/feeds/stories.atom")
    assert atom.status_code == 200 and atom.headers["content-type"].startswith("application/atom+xml")
    parsed = feedparser.parse(atom.content)
    assert not parsed.bozo and len(parsed.entries) >= 2
    assert any("Reuters" in e.summary for e in parsed.entries)
    js = client.get("/feeds/stories.json").json()
    assert js["version"] == "https://jsonfeed.org/version/1.1" and len(js["items"]) >= 2


def test_takedown_needs_the_token_then_removes_at_once(client):
    body = {"target": "harbour.example.org", "scope": "domain", "requester": "owner@example.org"}
    assert client.post("/api/v1/takedowns", json=body).status_code == 401
    assert client.post("/api/v1/takedowns", json=body, headers={"X-Admin-Token": "wrong"}).status_code == 401
    done = client.post("/api/v1/takedowns", json=body, headers={"X-Admin-Token": TOKEN})
    assert done.status_code == 200 and len(done.json()["removed"]) == 1
    arts = client.get("/api/v1/articles?limit=1000").json()["articles"]
    assert not any(a["url"] and "harbour" in a["url"] for a in arts)
    assert client.get("/api/v1/search", params={"q": "harbour"}).json()["results"] == []


@pytest.mark.parametrize("url,shown", [("https://a.example/x", "https://a.example/x"), ("HTTP://a.example", "HTTP://a.example"),
                                       ("javascript:alert(1)//", None), (" JavaScript:alert(1)", None),
                                       ("data:text/html,<b>x</b>", None), ("file:///etc/passwd", None),
                                       ("/relative", None), ("", None), (None, None)])
def test_only_http_urls_become_links(url, shown):
    from newsloom.web import web_url

    assert web_url(url) == shown


def test_a_javascript_url_from_a_feed_is_not_linked(tmp_path):
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [{
        "id": "1", "url": "javascript:alert(document.domain)//", "title": "Harbour traffic rises again",
        "content_html": "<p>The harbour authority said on Monday that shipping traffic rose by a tenth in the first "
                        "quarter, with container volumes at a record high for the season.</p><p>Officials expect "
                        "growth to continue through the summer, the authority added in its statement.</p>"}]}),
        encoding="utf-8")
    nl = open_newsloom(Settings(data_dir=tmp_path / "home"))
    try:
        assert any(r.ok for r in nl.ingest_file(feed))
        with TestClient(create_app(nl)) as c:
            (art,) = c.get("/api/v1/articles").json()["articles"]
            for path in (f"/articles/{art['id']}", f"/stories/{c.get('/api/v1/stories').json()['stories'][0]['id']}"):
                page = c.get(path)
                assert page.status_code == 200 and "Harbour traffic" in page.text
                assert "javascript:" not in page.text, path
    finally:
        nl.close()
