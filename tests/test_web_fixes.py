"""Web fixes, in-process (FastAPI TestClient) on real HTML pages ingested through the pipeline:
public-suffix takedowns refused, robots-protected text kept out of relation and provenance evidence,
the sources page's health as the CLI says it, /docs without a CDN and the real error model in
/openapi.json, stories without a headline, feed links that ignore a made-up Host header, a favicon."""

from __future__ import annotations

import html
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from helpers import cli
from newsloom.cli.sources import health_rows
from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.model import FetchedDocument, Source, SourceState, Story
from newsloom.web import create_app
from newsloom.web.views import story_title

TOKEN = "s3cret-token"

# a story whose copy (a rewrite) asks for nosnippet: its sentences must show nowhere
HARBOUR = [
    ("The harbour authority of Northport said on Monday that shipping traffic rose by a tenth in the first "
     "quarter of the year."),
    ("Container volumes reached 412,000 units, a record high for the season, according to figures the "
     "authority published."),
    ("\u201cWe expect the growth to continue through the summer months,\u201d said Maria Jensen, the "
     "authority's director."),
    "The port has invested 80 million euros in new cranes and a deeper channel since 2023, the statement said.",
    "Local unions welcomed the figures but warned that staffing had not kept pace with the rising volumes of cargo.",
]
HARBOUR_NOSNIPPET = [
    ("Shipping traffic through Northport harbour climbed by ten percent in the first quarter, the port "
     "authority announced on Monday."),
    "According to the authority's published figures, container volumes hit a seasonal record of 412,000 units.",
    "\u201cWe expect the growth to continue through the summer months,\u201d authority director Maria Jensen said.",
    ("Since 2023 the port has spent 80 million euros on new cranes and on deepening its channel, according to "
     "the statement."),
    ("Unions in the area praised the numbers, yet cautioned that hiring of staff has lagged behind the growing "
     "cargo volumes."),
]
# a story whose original asks for max-snippet:30 and whose copy (a rewrite) asks for nothing
BUDGET_MAX_SNIPPET = [
    "The city council of Westbrook approved a budget of 312 million dollars for next year on Thursday evening.",
    "Mayor Linda Okafor said the plan raises spending on public transport by 14 percent over this year.",
    ("\u201cThis budget puts buses and trams first for the people of Westbrook,\u201d Okafor told reporters "
     "after the vote."),
    "Opposition councillors argued that the property tax increase of 3 percent would hurt small businesses.",
    "The budget also sets aside 22 million dollars to repair roads damaged by the winter floods.",
]
BUDGET_COPY = [
    "Westbrook's city council on Thursday evening passed a 312 million dollar budget for the coming year.",
    ("The plan lifts public transport spending by 14 percent compared with this year, according to Mayor "
     "Linda Okafor."),
    ("\u201cThis budget puts buses and trams first for the people of Westbrook,\u201d the mayor said to reporters "
     "following the vote."),
    "Councillors from the opposition said small businesses would suffer from the 3 percent rise in property tax.",
    "A further 22 million dollars is reserved in the budget for fixing roads hit by the winter floods.",
]
URLS = {"harbour": "https://northport-news.example.com/harbour",
        "harbour_copy": "https://protected.example.net/harbour-copy",
        "budget": "https://westbrook-herald.example.com/budget",
        "budget_copy": "https://open-copy.example.net/westbrook-budget"}
PROTECTED = {"harbour_copy": HARBOUR_NOSNIPPET, "budget": BUDGET_MAX_SNIPPET}


def _page(title: str, paras: list[str], *, robots: str | None = None, date: str) -> bytes:
    meta = f'<meta name="robots" content="{robots}">' if robots else ""
    body = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paras)
    return (f'<html><head><title>{title}</title>{meta}<meta name="description" content="{html.escape(paras[0])}">'
            f'<meta property="article:published_time" content="{date}T08:00:00Z"></head>'
            f"<body><article><h1>{title}</h1>{body}</article></body></html>").encode()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    home = tmp_path_factory.mktemp("webfixes")
    nl = open_newsloom(Settings(data_dir=home, admin_token=TOKEN))
    pages = [("harbour", "Harbour traffic rises by a tenth", HARBOUR, None, "2026-03-01"),
             ("harbour_copy", "Northport shipping up ten percent", HARBOUR_NOSNIPPET, "nosnippet, noarchive",
              "2026-03-02"),
             ("budget", "Westbrook council approves 312 million dollar budget", BUDGET_MAX_SNIPPET,
              "max-snippet:30", "2026-03-01"),
             ("budget_copy", "Westbrook passes budget with more money for transport", BUDGET_COPY, None,
              "2026-03-02")]
    for key, title, paras, robots, date in pages:  # one at a time: the copies come after their originals
        results = nl.ingest_documents([FetchedDocument(url=URLS[key], body=_page(title, paras, robots=robots,
                                                                                  date=date))])
        assert all(r.ok for r in results)
    with TestClient(create_app(nl), raise_server_exceptions=False) as client:
        yield SimpleNamespace(client=client, nl=nl, home=home)
    nl.close()


def _ids(client) -> dict[str, str]:
    arts = client.get("/api/v1/articles?limit=100").json()["articles"]
    by_url = {a["url"]: a["id"] for a in arts}
    return {key: by_url[url] for key, url in URLS.items()}


def _text(resp) -> str:
    """What a reader or client gets, unescaped (HTML entities, JSON \\u escapes)."""
    if resp.headers["content-type"].startswith("application/json"):
        return json.dumps(resp.json(), ensure_ascii=False)
    return html.unescape(resp.text)


# -- 1: takedowns of a public suffix ------------------------------------------------------------------------
@pytest.mark.parametrize("target", ["com", "co.uk", "www.com", "github.io", "https://com/"])
def test_takedown_of_a_public_suffix_is_refused_with_the_error_shape(site, target):
    before = len(site.client.get("/api/v1/articles?limit=100").json()["articles"])
    resp = site.client.post("/api/v1/takedowns", json={"target": target, "scope": "domain"},
                            headers={"X-Admin-Token": TOKEN})
    assert resp.status_code == 422
    body = resp.json()
    assert set(body) == {"error", "message"} and body["error"] == "TakedownError"
    assert "registrable domain" in body["message"]
    assert len(site.client.get("/api/v1/articles?limit=100").json()["articles"]) == before
    assert all(t.target != target for t in site.nl.takedowns())  # nothing recorded: nothing refused later


def test_cli_takedown_of_a_top_level_domain_is_refused(site):
    done = cli("takedown", "com", "--scope", "domain", home=site.home)
    assert done.returncode != 0 and "registrable domain" in (done.stdout + done.stderr)
    assert len(site.nl.articles(limit=100)) == 4 and site.nl.takedowns() == []


# -- 2: robots-protected text in relation evidence ------------------------------------------------------------
def _leaks(text: str, key: str) -> list[str]:
    return [s for s in PROTECTED[key] if s in text]


@pytest.mark.parametrize("key", ["harbour", "harbour_copy", "budget", "budget_copy"])
def test_article_api_and_page_never_print_protected_sentences(site, key):
    ids = _ids(site.client)
    api = site.client.get(f"/api/v1/articles/{ids[key]}")
    page = site.client.get(f"/articles/{ids[key]}")
    assert api.status_code == page.status_code == 200
    relations = api.json()["relations"]
    assert relations, "the fixture's copies are traced to their originals"
    for protected in PROTECTED:
        assert _leaks(_text(api), protected) == [], (key, protected)
        assert _leaks(_text(page), protected) == [], (key, protected)
    assert all(r["evidence_withheld_by_publisher_policy"] for r in relations)
    assert "withheld at the publisher's request" in _text(page)


def test_evidence_still_shows_what_the_unprotected_side_allows(site):
    ids = _ids(site.client)
    harbour = site.client.get(f"/api/v1/articles/{ids['harbour']}").json()["relations"]
    rel = next(r for r in harbour if r["copy_id"] == ids["harbour_copy"])
    assert rel["kind"] == "rewrite" and rel["evidence"]["aligned"]
    assert all(p["copy_sentence"] == "" for p in rel["evidence"]["aligned"])  # nosnippet copy
    assert {p["original_sentence"] for p in rel["evidence"]["aligned"]} <= set(HARBOUR)  # the open original
    assert rel["evidence"]["shared_quotes"] == []  # a quote the protected copy carries too
    budget = site.client.get(f"/api/v1/articles/{ids['budget_copy']}").json()["relations"]
    rel = next(r for r in budget if r["original_id"] == ids["budget"])
    assert all(p["original_sentence"] == "" for p in rel["evidence"]["aligned"])  # max-snippet:30 original
    assert {p["copy_sentence"] for p in rel["evidence"]["aligned"]} <= set(BUDGET_COPY)
    assert any("withheld" in note for note in rel["evidence"]["notes"])


def test_protected_article_text_and_description_are_cut(site):
    ids = _ids(site.client)
    copy = site.client.get(f"/api/v1/articles/{ids['harbour_copy']}").json()["article"]
    assert copy["text"] == "" and copy["text_shortened_by_publisher_policy"] is True
    assert not copy["description"]  # the page's meta description is a snippet too
    budget = site.client.get(f"/api/v1/articles/{ids['budget']}").json()["article"]
    assert len(budget["text"]) <= 32 and len(budget["description"] or "") <= 32


@pytest.mark.parametrize("key", ["harbour", "budget"])
def test_story_page_and_api_never_print_protected_sentences(site, key):
    ids = _ids(site.client)
    story_id = site.client.get(f"/api/v1/articles/{ids[key]}").json()["story"]["id"]
    api = site.client.get(f"/api/v1/stories/{story_id}")
    page = site.client.get(f"/stories/{story_id}")
    assert api.status_code == page.status_code == 200
    for protected in PROTECTED:
        assert _leaks(_text(api), protected) == [], protected
        assert _leaks(_text(page), protected) == [], protected
    covered = {c["article_id"]: c for c in api.json()["coverage"]["sources"]}
    if ids["harbour_copy"] in covered:  # a nosnippet source: nothing of its text compared or quoted
        assert covered[ids["harbour_copy"]]["quotes"] == [] and covered[ids["harbour_copy"]]["unique_sentences"] == []


# -- 3: the sources page says what the CLI says -------------------------------------------------------------
def test_sources_page_and_api_use_the_cli_health_rule(site):
    store, now = site.nl.store, datetime.now(UTC)
    ok, failing, bad, new = store.add_sources([Source(url=f"https://feeds{i}.example.org/rss", title=f"Feed {i}")
                                               for i in range(4)])
    store.save_state(SourceState(ok.id, last_success=now - timedelta(hours=1), next_poll=now))
    store.save_state(SourceState(failing.id, last_success=now - timedelta(days=1), consecutive_failures=3,
                                 last_error="connect timeout", healthy=True, next_poll=now))
    store.save_state(SourceState(bad.id, consecutive_failures=6, last_error="404 Not Found", healthy=False))
    expected = {row[0]: row[3] for row in health_rows(site.nl.source_health(), now)}
    assert [expected[s.id] for s in (ok, failing, bad, new)] == ["ok", "failing", "unhealthy", "new"]
    page = site.client.get("/sources").text
    for src in (ok, failing, bad, new):
        cell = f'<td><span dir="auto">{src.title}</span><div'
        row = page.split(cell)[0].rsplit("<tr", 1)[1]
        cells = page.split(cell, 1)[1].split("</tr>", 1)[0]
        assert f'<td class="health">{expected[src.id]}</td>' in cells, src.title
        assert ("bad" in row) is (expected[src.id] in ("failing", "unhealthy")), src.title
    assert "healthy" not in page.replace("unhealthy", "")
    api = {s["source"]["id"]: s["health"] for s in site.client.get("/api/v1/sources").json()["sources"]}
    assert api == expected


# -- 4: /docs without a CDN, the real error model in /openapi.json ------------------------------------------
def test_docs_load_swagger_ui_from_this_server(site):
    docs = site.client.get("/docs")
    assert docs.status_code == 200 and "cdn.jsdelivr.net" not in docs.text and "https://" not in docs.text
    for asset, kind in (("/docs-assets/swagger-ui-bundle.js", "javascript"), ("/docs-assets/swagger-ui.css", "css")):
        assert asset in docs.text
        got = site.client.get(asset)
        assert got.status_code == 200 and kind in got.headers["content-type"] and len(got.content) > 100_000
    assert site.client.head("/docs").status_code == 200


def test_openapi_documents_the_real_error_shape_and_statuses(site):
    spec = site.client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    assert {"error", "message", "details"} <= set(schemas["ErrorOut"]["properties"])
    assert set(schemas["ErrorOut"]["required"]) == {"error", "message"}
    ref = {"$ref": "#/components/schemas/ErrorOut"}

    def statuses(path: str, method: str) -> dict:
        responses = spec["paths"][path][method]["responses"]
        for status, answer in responses.items():
            if int(status) >= 400:  # errors (a 301 has no body)
                assert answer["content"]["application/json"]["schema"] == ref, (path, status)
        return responses

    assert {"401", "403", "422"} <= set(statuses("/api/v1/takedowns", "post"))
    assert {"401", "403", "404", "422"} <= set(statuses("/api/v1/stories/{story_id}/merge", "post"))
    assert {"404", "422"} <= set(statuses("/api/v1/articles/{article_id}", "get"))
    assert {"404"} <= set(statuses("/api/v1/stories/{story_id}", "get"))
    assert {"422"} <= set(statuses("/api/v1/search", "get")) and {"422"} <= set(statuses("/feeds/stories.atom", "get"))
    # what the server really answers matches the declared shape
    assert set(site.client.post("/api/v1/takedowns", json={"target": "x"}).json()) == {"error", "message"}
    invalid = site.client.get("/api/v1/search", params={"q": ""}).json()
    assert invalid["error"] == "ValidationError" and {"loc", "msg", "type"} <= set(invalid["details"][0])


# -- 5: stories without a headline ---------------------------------------------------------------------------
def test_a_story_without_a_headline_shows_a_stand_in(site):
    ids = _ids(site.client)
    story = site.nl.store.get_story(site.client.get(f"/api/v1/articles/{ids['harbour']}").json()["story"]["id"])
    first_title = site.nl.store.get_articles(story.article_ids)[0].title
    site.nl.store.save_stories([replace(story, title="")])
    try:
        front = site.client.get("/").text
        link = front.split(f'href="/stories/{story.id}">', 1)[1].split("</a>", 1)[0]
        assert link.strip() == html.escape(first_title, quote=True)
        page = site.client.get(f"/stories/{story.id}").text
        assert f"<title>{html.escape(first_title, quote=True)} · newsloom</title>" in page
        assert '<h1 dir="auto"></h1>' not in page and '<h1 dir="auto">' in page
        article = site.client.get(f"/articles/{ids['harbour']}").text
        assert f'<a dir="auto" href="/stories/{story.id}"></a>' not in article
        assert f'<a dir="auto" href="/stories/{story.id}">' in article
        feed = site.client.get("/feeds/stories.json").json()
        assert all(item["title"] for item in feed["items"])
    finally:
        site.nl.store.save_stories([story])


def test_story_title_stand_in_without_articles():
    assert story_title(Story(id="s1", title="  ")) == "Untitled story (s1)"
    assert story_title(Story(id="s1", title="Harbour")) == "Harbour"


# -- 6: absolute links do not follow a made-up Host header -----------------------------------------------------
@pytest.mark.parametrize("path", ["/feeds/stories.atom", "/feeds/stories.json", "/", "/docs"])
def test_a_made_up_host_header_goes_nowhere(site, path):
    resp = site.client.get(path, headers={"Host": "evil.example"})
    assert resp.status_code == 200 and "evil.example" not in resp.text


def test_feeds_keep_a_loopback_host_and_follow_a_configured_base_url(site):
    local = site.client.get("/feeds/stories.json", headers={"Host": "127.0.0.1:8123"}).json()
    assert local["feed_url"] == "http://127.0.0.1:8123/feeds/stories.json"
    assert site.client.get("/feeds/stories.json", headers={"Host": "[::1]:8123"}).json()["home_page_url"] == \
        "http://[::1]:8123/"
    settings = site.nl.settings
    site.nl.settings = SimpleNamespace(base_url="https://news.example.org/", admin_token=TOKEN, host="127.0.0.1")
    try:
        feed = site.client.get("/feeds/stories.json", headers={"Host": "evil.example"}).json()
        assert feed["feed_url"] == "https://news.example.org/feeds/stories.json"
        assert all(item["url"].startswith("https://news.example.org/stories/") for item in feed["items"])
    finally:
        site.nl.settings = settings


# -- 7: a favicon --------------------------------------------------------------------------------------------
def test_favicon_is_served_and_linked(site):
    ico = site.client.get("/favicon.ico")
    assert ico.status_code == 200 and ico.headers["content-type"] == "image/x-icon"
    assert ico.content[:4] == b"\x00\x00\x01\x00"
    assert site.client.head("/favicon.ico").status_code == 200
    front = site.client.get("/").text
    assert 'rel="icon"' in front
    assert site.client.get("/static/favicon.svg").status_code == 200


def test_the_base_url_setting_starts_every_feed_link_and_is_checked():
    import pytest

    from newsloom.config import load_settings
    from newsloom.errors import ConfigError

    settings = load_settings({"NEWSLOOM_HOME": "/tmp/x", "NEWSLOOM_BASE_URL": "https://news.example.org/"})
    assert settings.base_url == "https://news.example.org"
    with pytest.raises(ConfigError):
        load_settings({"NEWSLOOM_HOME": "/tmp/x", "NEWSLOOM_BASE_URL": "news.example.org"})
    with pytest.raises(ConfigError):
        load_settings({"NEWSLOOM_HOME": "/tmp/x", "NEWSLOOM_BASE_URL": "https:///no-host"})


def test_relations_name_the_other_article_by_title_not_by_bare_id(site):
    ids = _ids(site.client)
    page = site.client.get(f"/articles/{ids['budget_copy']}")
    assert page.status_code == 200
    section = page.text.split('id="relations"', 1)[1].split("</section>", 1)[0]
    assert "this article" in section and "Westbrook council approves 312 million dollar budget" in section
    assert f">{ids['budget']}<" not in section  # the id is only in the link's address
