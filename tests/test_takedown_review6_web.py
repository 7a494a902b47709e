"""Takedowns, sixth review, through the facade and the web: a page taken down at the address that now
redirects is refused, a feed changed twice in one second is not answered 304, a merged-away story's old
address answers 410 with its cause, pages and API answers are revalidated by caches, and `show URL` of a
removed article says it was removed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from helpers import HARBOUR, ORCHARD, Clock, cli, html_doc
from newsloom.cli.fetching import fetch_documents
from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.errors import GoneError
from newsloom.web import create_app
from servers import Reply, ScriptedServer

T0 = datetime(2026, 3, 2, 10, 0, 0, 200000, tzinfo=UTC)
TOKEN = "review6-token"
HARBOUR_URL, ORCHARD_URL = "https://one.example.org/a", "https://three.example.com/c"
HARBOUR_TITLE, ORCHARD_TITLE = "Port Elsworth container traffic at a record", "Early harvest in Varnholt"


@pytest.fixture
def two_stories(tmp_path):
    clock = Clock(T0)
    nl = open_newsloom(Settings(data_dir=tmp_path, admin_token=TOKEN), clock=clock)
    (harbour,) = nl.ingest_documents([html_doc(HARBOUR_URL, HARBOUR_TITLE, HARBOUR)])
    (orchard,) = nl.ingest_documents([html_doc(ORCHARD_URL, ORCHARD_TITLE, ORCHARD)])
    assert harbour.status == orchard.status == "stored" and harbour.story_id != orchard.story_id
    try:
        with TestClient(create_app(nl), raise_server_exceptions=False) as client:
            yield nl, clock, client, harbour, orchard
    finally:
        nl.close()


# -- 3: a page that redirects -----------------------------------------------------------------------------
def test_a_page_taken_down_at_an_address_that_now_redirects_is_refused(tmp_path):
    page = html_doc("https://x.example/new.html", "Tidal barrier closes early", HARBOUR).body
    with ScriptedServer() as server:
        server.route("/robots.txt", Reply(body=b"User-agent: *\nAllow: /\n", content_type="text/plain"))
        server.route("/old.html", Reply(status=301, headers={"Location": "/new.html"}, content_type=None))
        server.route("/new.html", Reply(body=page))
        old, new = server.url("/old.html"), server.url("/new.html")
        (doc,) = fetch_documents([old], allow_private=True)
    assert doc.url == new and doc.requested_url == old  # the redirect was followed
    nl = open_newsloom(Settings(data_dir=tmp_path), clock=lambda: T0)
    try:
        nl.takedown(old)
        (result,) = nl.ingest_documents([doc])
        assert result.status == "suppressed" and nl.articles() == []
        assert not nl.store.is_taken_down(new)  # the new address itself was not named
    finally:
        nl.close()


# -- 8: two changes within one second ----------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/feeds/stories.atom", "/feeds/stories.json"])
def test_a_feed_changed_again_within_the_same_second_is_not_answered_304(two_stories, path):
    nl, clock, client, _harbour, _orchard = two_stories
    first = client.get(path)
    assert first.status_code == 200 and HARBOUR_TITLE in first.text
    assert first.headers["last-modified"] == "Mon, 02 Mar 2026 10:00:00 GMT"  # T0 cut to its second
    clock.now = T0 + timedelta(milliseconds=500)  # a takedown within the same second
    assert nl.takedown(HARBOUR_URL)
    for headers in ({"If-Modified-Since": first.headers["last-modified"]}, {"If-None-Match": first.headers["etag"]}):
        again = client.get(path, headers=headers)
        assert again.status_code == 200 and HARBOUR_TITLE not in again.text, headers
    after = {"If-Modified-Since": "Mon, 02 Mar 2026 10:00:01 GMT"}  # a date after the last change: current
    assert client.get(path, headers=after).status_code == 304
    clock.now = T0 + timedelta(seconds=3)
    assert nl.takedown(ORCHARD_URL)  # a change after it: modified
    assert client.get(path, headers=after).status_code == 200


# -- 9: a story merged into one that was removed since --------------------------------------------------------
def test_a_merged_away_storys_address_answers_410_when_the_story_it_went_into_is_removed(two_stories):
    nl, _clock, client, harbour, orchard = two_stories
    kept, merged = harbour.story_id, orchard.story_id
    nl.merge_stories(kept, merged)
    assert client.get(f"/stories/{merged}", follow_redirects=False).status_code == 301
    nl.takedown(HARBOUR_URL)
    nl.takedown(ORCHARD_URL)
    for story in (kept, merged):
        for path in (f"/stories/{story}", f"/api/v1/stories/{story}"):
            got = client.get(path, follow_redirects=False)
            assert got.status_code == 410, (path, got.status_code, got.text[:200])
            assert "removed at its owner" in got.text and "request" in got.text, path
        with pytest.raises(GoneError, match="owner's request"):
            nl.resolve(story)


# -- 12: caches revalidate pages and API answers ------------------------------------------------------------
def test_pages_and_api_answers_are_revalidated_by_caches(two_stories):
    nl, _clock, client, harbour, _orchard = two_stories
    for path in ("/", f"/stories/{harbour.story_id}", f"/articles/{harbour.article_id}", "/search?q=Varnholt",
                 "/api/v1/stories", f"/api/v1/stories/{harbour.story_id}", f"/api/v1/articles/{harbour.article_id}",
                 "/api/v1/search?q=Varnholt", "/api/v1/no-such-thing"):
        assert client.get(path).headers.get("cache-control") == "no-cache", path
    nl.takedown(HARBOUR_URL)
    for path in (f"/articles/{harbour.article_id}", f"/api/v1/articles/{harbour.article_id}"):
        gone = client.get(path)
        assert gone.status_code == 410 and gone.headers.get("cache-control") == "no-cache", path
    feed = client.get("/feeds/stories.atom")  # the feeds keep theirs, with their validators
    assert feed.headers["cache-control"] == "no-cache" and feed.headers["etag"]
    assert client.get("/static/style.css").headers.get("cache-control") != "no-cache"  # assets stay cacheable
    assert client.get("/favicon.ico").headers["cache-control"] == "public, max-age=86400"


# -- 13: `show URL` of a removed article ----------------------------------------------------------------------
def test_show_names_a_removed_article_by_its_url_as_removed(two_stories, tmp_path):
    nl, _clock, _client, _harbour, _orchard = two_stories
    nl.takedown(ORCHARD_URL)
    with pytest.raises(GoneError, match="owner's request"):
        nl.resolve(ORCHARD_URL)
    nl.close()
    run = cli("show", ORCHARD_URL, home=tmp_path)
    assert run.returncode == 1
    assert "this article was removed at its owner's request on 2026-03-02" in run.stderr, run.stderr
    assert "no article or story" in cli("show", "https://never.example.org/x", home=tmp_path).stderr
