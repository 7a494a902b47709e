"""The web app against hostile or careless requests and awkward stored data (FastAPI TestClient):
bounds on paging and search, error shapes, HEAD, the admin token, feeds (valid XML, stable ids,
conditional GET, no local paths), takedowns reaching a story's headline, and the front page's dates."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from xml.etree import ElementTree as ET

import feedparser
import pytest
from fastapi.testclient import TestClient

from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.model import FetchedDocument
from newsloom.store.articles import MAX_QUERY_TERMS, match_expression
from newsloom.web import create_app

TOKEN = "s3cret-token"
ATOM_NS = "{http://www.w3.org/2005/Atom}"
BODY = ("<p>The harbour authority of Port Elsworth said on Monday that shipping traffic rose by a tenth in the first "
        "quarter, with container volumes at a record high for the season.</p><p>Officials expect growth to "
        "continue through the summer, the authority added in its statement on Monday.</p><p>Dock workers at "
        "Port Elsworth said the new cranes installed in January doubled the unloading speed.</p>")
FIRST_TITLE = "Port Elsworth shipping traffic hits a record"
SECOND_TITLE = "Record quarter at Port Elsworth harbour"
FIRST_URL = "https://first.example.org/news/1"
SECOND_URL = "https://second.example.net/copy/1"


def _page(title: str) -> bytes:
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{BODY}</article>"
            f"</body></html>").encode()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, seeds_dir):
    """The shared seed pages (one story of two articles, published 2022-02-16, ingested as local files)."""
    nl = open_newsloom(Settings(data_dir=tmp_path_factory.mktemp("hardening"), admin_token=TOKEN))
    for path in sorted(seeds_dir.iterdir()):
        assert all(r.ok for r in nl.ingest_file(path))
    with TestClient(create_app(nl), raise_server_exceptions=False) as c:
        yield c
    nl.close()


class TickingClock:
    """A clock a minute further on at every reading: an HTTP date counts whole seconds, and what a test
    does happens within one."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture
def harbour(tmp_path):
    """A story of two web articles (the second a reprint of the first under another headline)."""
    nl = open_newsloom(Settings(data_dir=tmp_path / "home", admin_token=TOKEN), clock=TickingClock())
    for url, title in ((FIRST_URL, FIRST_TITLE), (SECOND_URL, SECOND_TITLE)):
        assert all(r.ok for r in nl.ingest_documents([FetchedDocument(url=url, body=_page(title))]))
    with TestClient(create_app(nl), raise_server_exceptions=False) as c:
        yield c
    nl.close()


# -- 1, 2: paging bounds ------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/api/v1/stories?offset=9223372036854775808",
                                  "/api/v1/articles?offset=99999999999999999999",
                                  "/api/v1/stories?offset=10000001", "/api/v1/articles?limit=1001"])
def test_huge_api_offsets_are_a_422_not_a_500(seeded, path):
    got = seeded.get(path)
    assert got.status_code == 422
    assert got.json()["error"] == "ValidationError" and "less than or equal" in got.json()["message"]


def test_a_huge_front_page_number_is_an_error_page_not_a_500(seeded):
    got = seeded.get("/?page=99999999999999999999")
    assert got.status_code == 422 and got.headers["content-type"].startswith("text/html")
    assert "Back to the stories" in got.text and "page" in got.text
    assert seeded.get("/?page=100000").status_code == 200  # the last page allowed is merely empty


@pytest.mark.parametrize("path", ["/api/v1/articles?limit=0", "/api/v1/stories?limit=0",
                                  "/api/v1/articles?limit=0&offset=1"])
def test_api_limit_zero_no_longer_means_everything(seeded, path):
    got = seeded.get(path)
    assert got.status_code == 422 and got.json()["error"] == "ValidationError"


def test_the_store_keeps_the_offset_when_there_is_no_limit(seeded):
    nl = seeded.app.state.nl
    everything = [a.id for a in nl.articles(limit=0)]  # the CLI's --limit 0
    assert len(everything) == nl.store.count_articles() >= 2
    assert [a.id for a in nl.store.list_articles(limit=0, offset=1)] == everything[1:]
    assert [a.id for a in nl.articles(limit=1, offset=1)] == everything[1:2]
    stories = [s.id for s in nl.stories(limit=0)]
    assert [s.id for s in nl.store.list_stories(limit=0, offset=1)] == stories[1:]


# -- 3: search cost -------------------------------------------------------------------------------------
def test_search_terms_are_deduplicated_and_capped():
    assert match_expression("the The THE cat") == '"the" "cat"'
    assert match_expression("NATO, Stoltenberg!") == '"NATO" "Stoltenberg"'
    assert match_expression("!!! ...") == ""
    many = match_expression(" ".join(f"w{i}" for i in range(3000)))
    assert many.count('"') == 2 * MAX_QUERY_TERMS and many.startswith('"w0" "w1"')


def test_a_query_of_thousands_of_words_is_answered_quickly(seeded):
    nl = seeded.app.state.nl
    started = time.monotonic()
    page = seeded.get("/search", params={"q": " ".join(["the"] * 10_000)})  # about 15 s before the cap
    distinct = nl.search(" ".join(f"word{i}" for i in range(10_000)))
    assert page.status_code == 200 and distinct == []
    assert time.monotonic() - started < 3
    too_long = seeded.get("/api/v1/search", params={"q": "the " * 3000})
    assert too_long.status_code == 422 and too_long.json()["error"] == "ValidationError"


def test_normal_searches_keep_their_meaning(seeded):
    one = seeded.get("/api/v1/search", params={"q": "Stoltenberg"}).json()["results"]
    assert len(one) == 2
    again = seeded.get("/api/v1/search", params={"q": "stoltenberg Stoltenberg STOLTENBERG"}).json()["results"]
    assert {h["id"] for h in again} == {h["id"] for h in one}
    assert seeded.get("/api/v1/search", params={"q": "Stoltenberg zzzunheardofword"}).json()["results"] == []


# -- 4: admin token ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("raw", ["é".encode(), "é".encode("latin-1"), b"s3cret-token\xff", b"\xe2\x9c\x93"])
def test_a_non_ascii_admin_token_is_refused_with_401(seeded, raw):
    body = {"target": "nothing-here.example.org", "scope": "domain"}
    got = seeded.post("/api/v1/takedowns", json=body, headers=[(b"X-Admin-Token", raw)])
    assert got.status_code == 401 and got.json()["error"] == "UnauthorizedError"


def test_a_non_ascii_configured_token_works_when_sent_as_utf8(tmp_path):
    nl = open_newsloom(Settings(data_dir=tmp_path / "home", admin_token="sécret-✓"))
    try:
        with TestClient(create_app(nl), raise_server_exceptions=False) as c:
            body = {"target": "nothing-here.example.org", "scope": "domain"}
            ok = c.post("/api/v1/takedowns", json=body, headers=[(b"X-Admin-Token", "sécret-✓".encode())])
            assert ok.status_code == 200 and ok.json()["removed"] == []
            wrong = c.post("/api/v1/takedowns", json=body, headers=[(b"X-Admin-Token", "sécret-✓".encode("utf-16"))])
            assert wrong.status_code == 401
    finally:
        nl.close()


# -- 5, 11: feed contents ---------------------------------------------------------------------------------
def test_control_characters_in_stored_text_do_not_break_the_atom_feed(harbour):
    nl = harbour.app.state.nl
    (story,) = nl.stories()
    # what a JSON Feed (where U+0001 is legal) or a text page can leave in a stored title and summary
    nl.store.save_stories([replace(story, title="Harbour\u0001 traffic\ufffe rises\u000b again",
                                    summary="Shipping\u0008 rose by a tenth.\u001f")])
    atom = harbour.get("/feeds/stories.atom")
    root = ET.fromstring(atom.content)  # a strict parser: raises on any character XML forbids
    (entry,) = root.findall(f"{ATOM_NS}entry")
    assert entry.find(f"{ATOM_NS}title").text == "Harbour traffic rises again"
    assert entry.find(f"{ATOM_NS}summary").text.startswith("Shipping rose by a tenth.\n")
    assert not feedparser.parse(atom.content).bozo
    js = json.loads(harbour.get("/feeds/stories.json").content)  # JSON escapes them: still valid
    assert js["items"][0]["title"] == "Harbour\u0001 traffic\ufffe rises\u000b again"


def test_feed_summaries_name_the_outlet_and_never_a_local_path(seeded):
    atom = seeded.get("/feeds/stories.atom")
    assert "None:" not in atom.text and "file://" not in atom.text
    (entry,) = feedparser.parse(atom.content).entries
    assert "USTimeToday" in entry.summary and "Primary sources: AP, Reuters." in entry.summary
    js = seeded.get("/feeds/stories.json").json()
    assert "file://" not in json.dumps(js)
    sources = js["items"][0]["_newsloom"]["sources"]
    assert all(s["source"] and s["url"] is None for s in sources)


# -- 6: HEAD ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/", "/sources", "/feeds/stories.atom", "/feeds/stories.json",
                                  "/api/v1/stories", "/api/v1/articles?limit=1", "/static/style.css"])
def test_head_answers_like_get_without_a_body(seeded, path):
    get, head = seeded.get(path), seeded.head(path)
    assert get.status_code == head.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers.get("etag") == get.headers.get("etag")


def test_head_of_a_missing_page_is_still_a_404(seeded):
    assert seeded.head("/stories/nope").status_code == 404
    assert seeded.head("/api/v1/stories/nope/merge").status_code == 405  # a POST-only route


# -- 7: error shapes ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("path,status", [("/nope", 404), ("/stories/", 404), ("/stories/nope", 404),
                                         ("/?page=abc", 422), ("/?page=0", 422), ("/static/nope.css", 404)])
def test_the_ui_answers_errors_with_the_error_page(seeded, path, status):
    got = seeded.get(path)
    assert got.status_code == status and got.headers["content-type"].startswith("text/html")
    assert "Back to the stories" in got.text and '"detail"' not in got.text


@pytest.mark.parametrize("method,path,status,error", [
    ("GET", "/api/v1/nope", 404, "NotFoundError"),
    ("GET", "/api/v1/articles/does-not-exist", 404, "NotFoundError"),
    ("GET", "/api/v1/stories?limit=abc", 422, "ValidationError"),
    ("GET", "/api/v1/search", 422, "ValidationError"),
    ("GET", "/feeds/nope.rss", 404, "NotFoundError"),
    ("GET", "/feeds/stories.atom?limit=0", 422, "ValidationError"),
    ("DELETE", "/api/v1/stories", 405, "MethodNotAllowedError"),
    ("POST", "/api/v1/takedowns", 401, "UnauthorizedError"),  # the token is asked before the body
])
def test_the_api_and_feeds_answer_errors_in_one_json_shape(seeded, method, path, status, error):
    got = seeded.request(method, path)
    assert got.status_code == status and got.headers["content-type"] == "application/json"
    body = got.json()
    assert body["error"] == error and isinstance(body["message"], str) and body["message"]
    assert "detail" not in body
    if status == 405:
        assert "GET" in got.headers["allow"]


def test_validation_errors_say_what_is_wrong_without_echoing_the_input(seeded):
    body = seeded.get("/api/v1/stories", params={"limit": "x" * 5000}).json()
    assert body["message"].startswith("limit: ") and "xxxx" not in json.dumps(body)
    assert body["details"][0]["loc"] == ["query", "limit"]


def test_takedown_refusals_use_the_same_shape(seeded):
    body = {"target": "x.example.org", "scope": "domain"}
    got = seeded.post("/api/v1/takedowns", json=body)
    assert got.status_code == 401
    assert got.json() == {"error": "UnauthorizedError", "message": "missing or wrong X-Admin-Token"}
    bad = seeded.post("/api/v1/takedowns", json={"target": "not a url", "scope": "url"},
                      headers={"X-Admin-Token": TOKEN})
    assert bad.status_code == 422 and bad.json()["error"] == "TakedownError"


def test_an_unexpected_exception_is_logged_and_answered_cleanly(seeded, monkeypatch, caplog):
    def boom(**_):
        raise RuntimeError("database on fire at /secret/path")

    monkeypatch.setattr(seeded.app.state.nl, "stories", boom)
    with caplog.at_level(logging.ERROR, logger="newsloom.web"):
        api = seeded.get("/api/v1/stories")
        page = seeded.get("/")
    assert api.status_code == 500 and api.json()["error"] == "InternalServerError"
    assert "/secret/path" not in api.text
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
    assert "Something went wrong" in page.text and "/secret/path" not in page.text
    assert any("database on fire" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)


# -- 8: takedowns and a story's headline --------------------------------------------------------------------
def test_a_takedown_of_the_headline_article_replaces_the_headline(harbour):
    (story,) = harbour.get("/api/v1/stories").json()["stories"]
    assert story["title"] == FIRST_TITLE and story["n_sources"] == 2
    done = harbour.post("/api/v1/takedowns", json={"target": FIRST_URL, "scope": "url"},
                        headers={"X-Admin-Token": TOKEN})
    assert done.status_code == 200 and len(done.json()["removed"]) == 1
    detail = harbour.get(f"/api/v1/stories/{story['id']}").json()
    assert detail["title"] == SECOND_TITLE and detail["article_count"] == 1 and detail["n_sources"] == 1
    assert [a["url"] for a in detail["articles"]] == [SECOND_URL]
    for path in ("/", f"/stories/{story['id']}", "/feeds/stories.atom", "/feeds/stories.json", "/api/v1/stories"):
        got = harbour.get(path)
        assert got.status_code == 200 and FIRST_TITLE not in got.text, path
    harbour.post("/api/v1/takedowns", json={"target": "second.example.net", "scope": "domain"},
                 headers={"X-Admin-Token": TOKEN})
    assert harbour.get(f"/api/v1/stories/{story['id']}").status_code == 410  # emptied by takedowns: removed
    assert harbour.get("/api/v1/stories").json()["stories"] == []


def test_a_taken_down_article_does_not_come_back_when_the_story_grows(tmp_path):
    """The running clusterer forgets the removed article too: the next article to join the story must not
    write the removed id or headline back into it."""
    nl = open_newsloom(Settings(data_dir=tmp_path / "home", admin_token=TOKEN), clock=TickingClock())
    try:
        for url, title in ((FIRST_URL, FIRST_TITLE), (SECOND_URL, SECOND_TITLE)):
            assert all(r.ok for r in nl.ingest_documents([FetchedDocument(url=url, body=_page(title))]))
        (removed,) = nl.takedown(FIRST_URL)
        third = "Port Elsworth harbour quarter"
        (res,) = nl.ingest_documents([FetchedDocument(url="https://third.example.com/n/1", body=_page(third))])
        assert res.ok
        story = nl.store.get_story(res.story_id)
        assert removed not in story.article_ids and len(story.article_ids) == 2
        assert story.title != FIRST_TITLE
        assert removed not in nl.pipeline.stories.clusterer.members
    finally:
        nl.close()


def test_copies_of_a_taken_down_original_credit_it_without_linking_it(harbour):
    arts = {a["url"]: a for a in harbour.get("/api/v1/articles").json()["articles"]}
    copy_id, first_id = arts[SECOND_URL]["id"], arts[FIRST_URL]["id"]
    before = harbour.get(f"/api/v1/articles/{copy_id}").json()["provenance"]
    assert before["primary"]["article_id"] == first_id  # the reprint's primary source is the first article
    harbour.post("/api/v1/takedowns", json={"target": FIRST_URL, "scope": "url"}, headers={"X-Admin-Token": TOKEN})
    after = harbour.get(f"/api/v1/articles/{copy_id}").json()["provenance"]
    assert after["primary"]["name"] == before["primary"]["name"]
    assert after["primary"]["article_id"] is None and after["primary"]["url"] is None
    assert "removed at its owner's request" in after["primary"]["evidence"]
    assert first_id not in json.dumps(after) and FIRST_URL not in json.dumps(after)
    page = harbour.get(f"/articles/{copy_id}").text
    assert FIRST_URL not in page and f"/articles/{first_id}" not in page


# -- 9, 10: feed ids and conditional GET ------------------------------------------------------------------
def test_feed_ids_do_not_follow_the_query_or_the_host_header(seeded):
    plain = ET.fromstring(seeded.get("/feeds/stories.atom").content)
    odd = ET.fromstring(seeded.get("/feeds/stories.atom?limit=5", headers={"Host": "evil.example"}).content)
    assert plain.find(f"{ATOM_NS}id").text == odd.find(f"{ATOM_NS}id").text == "tag:newsloom,2026:feeds/stories"
    assert [e.find(f"{ATOM_NS}id").text for e in plain.findall(f"{ATOM_NS}entry")] == \
           [e.find(f"{ATOM_NS}id").text for e in odd.findall(f"{ATOM_NS}entry")]
    self_link = next(link for link in odd.findall(f"{ATOM_NS}link") if link.get("rel") == "self").get("href")
    assert self_link.endswith("/feeds/stories.atom") and "?" not in self_link
    js = seeded.get("/feeds/stories.json?limit=5").json()
    assert js["feed_url"].endswith("/feeds/stories.json")
    assert js["items"][0]["id"] == plain.find(f"{ATOM_NS}entry").find(f"{ATOM_NS}id").text


@pytest.mark.parametrize("path", ["/feeds/stories.atom", "/feeds/stories.json"])
def test_feeds_answer_conditional_requests(seeded, path):
    first = seeded.get(path)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    story = seeded.get("/api/v1/stories").json()["stories"][0]
    assert parsedate_to_datetime(modified).isoformat()[:19] == story["last_updated"][:19]
    assert seeded.get(path).headers["etag"] == etag  # the same body, the same tag
    strong = etag.removeprefix("W/")  # the tag is weak (the feed may go out gzip-compressed): compared weakly
    later = format_datetime(parsedate_to_datetime(modified) + timedelta(seconds=1), usegmt=True)
    # (If-Modified-Since is compared with the exact time of the last change, which lies within the second
    # Last-Modified names: the next second is a date after it)
    for headers in ({"If-None-Match": etag}, {"If-None-Match": strong}, {"If-None-Match": f'"other", {etag}'},
                    {"If-Modified-Since": later}):
        again = seeded.get(path, headers=headers)
        assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag, headers
    older = format_datetime(parsedate_to_datetime(modified).replace(year=2001), usegmt=True)
    for headers in ({"If-None-Match": '"stale"'}, {"If-Modified-Since": older},
                    {"If-None-Match": '"stale"', "If-Modified-Since": modified}, {"If-Modified-Since": "garbage"}):
        assert seeded.get(path, headers=headers).status_code == 200, headers


def test_a_takedown_makes_cached_feeds_stale(harbour):
    before = harbour.get("/feeds/stories.atom")
    harbour.post("/api/v1/takedowns", json={"target": FIRST_URL, "scope": "url"}, headers={"X-Admin-Token": TOKEN})
    for headers in ({"If-None-Match": before.headers["etag"]}, {"If-Modified-Since": before.headers["last-modified"]}):
        after = harbour.get("/feeds/stories.atom", headers=headers)
        assert after.status_code == 200 and FIRST_TITLE not in after.text, headers


# -- 12: the front page ---------------------------------------------------------------------------------------
def test_the_front_page_dates_stories_by_publication_not_ingest(seeded):
    story = seeded.get("/api/v1/stories").json()["stories"][0]
    page = seeded.get("/").text
    assert "newest article published" in page and '<time datetime="2022-02-16">2022-02-16</time>' in page
    assert "2022-02-16 00:00" not in page  # the sources give the day only: no made-up midnight
    assert story["last_updated"][:10] not in page  # the day newsloom took it in is not the news's date


def test_the_front_page_counts_in_the_singular_too(seeded, harbour):
    assert "1 story on this page" in seeded.get("/").text and "1 stories" not in seeded.get("/").text
    harbour.post("/api/v1/takedowns", json={"target": FIRST_URL, "scope": "url"}, headers={"X-Admin-Token": TOKEN})
    page = harbour.get("/").text
    assert "1 article stored" in page and "1 story on this page" in page and "1 source<" in page
