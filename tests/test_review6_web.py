"""Review 6, web layer (FastAPI TestClient): an article gathered from a local file is shown and linked by its
web address (its canonical URL), never by its ``file://`` path; /openapi.json documents the JSON API's real
response bodies (validated here against real answers) and the feeds' real media types and 304; search answers
are counted and paged like the web's search page; the sources list is paged like the CLI's."""

from __future__ import annotations

import dataclasses
import html
import re
from datetime import UTC, datetime
from types import SimpleNamespace
from xml.etree import ElementTree as ET

import feedparser
import pytest
from fastapi.testclient import TestClient

from newsloom import model
from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.model import Article, FetchedDocument, Source, SourceState
from newsloom.serialize import to_jsonable
from newsloom.web import create_app, views
from newsloom.web.pages import SEARCH_COUNTED  # the web search page's cap

TOKEN = "s3cret-token"
ATOM_NS = "{http://www.w3.org/2005/Atom}"
REPRINT = ("<p>The harbour authority of Port Elsworth said on Monday that shipping traffic rose by a tenth in the "
           "first quarter, with container volumes at a record high for the season.</p><p>Officials expect growth "
           "to continue through the summer, the authority added in its statement on Monday.</p><p>Dock workers at "
           "Port Elsworth said the new cranes installed in January doubled the unloading speed.</p>")
ORIGINAL_URL = "https://first.example.org/elsworth"
COPY_CANONICAL = "https://mirror.example.net/elsworth-copy"  # the saved copy's own web address
SOLO_CANONICAL = "https://solo.example.com/lighthouse"  # a saved page no one copies: its own primary source
SOLO = ("<p>The old lighthouse at Cape Varden will reopen to visitors in June after a restoration that took three "
        "years, the county museum said on Tuesday.</p><p>Volunteers repainted the tower and rebuilt the keeper's "
        "cottage, museum director Ingrid Moe told reporters at the quay.</p>")
WIRE_TXT = """Harbour cranes idle as dock workers walk out

ROTTERDAM — Dock workers at the harbour walked out on Tuesday over pay, leaving cranes idle and ships waiting at \
anchor, union officials said.

The strike is the first at the port in twelve years and could last until Friday, the union said in a statement.

(Reporting by Anna Visser; editing by Mark Potter)
"""
QUAY_TOPICS = ["bakery", "ferry", "museum", "festival", "market", "regatta", "library"]  # 7 + SOLO: 8 "quay" hits


def _html(title: str, body: str, canonical: str | None = None) -> str:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return (f"<html><head><title>{html.escape(title)}</title>{link}</head><body><article>"
            f"<h1>{html.escape(title)}</h1>{body}</article></body></html>")


def _quay(i: int, topic: str) -> FetchedDocument:
    body = (f"<p>The {topic} on the quay of town {i} opened on Saturday, and {i * 100 + 40} people came on the "
            f"first day, organisers said.</p><p>The {topic} will stay open until the end of the month, the mayor "
            f"of town {i} said in a statement about the {topic}.</p>")
    return FetchedDocument(url=f"https://town{i}.example.org/{topic}", body=_html(f"A {topic} for town {i}", body)
                           .encode())


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    home = tmp_path_factory.mktemp("review6web")
    nl = open_newsloom(Settings(data_dir=home, admin_token=TOKEN))
    page = _html("Port Elsworth shipping traffic hits a record", REPRINT)
    assert all(r.ok for r in nl.ingest_documents([FetchedDocument(url=ORIGINAL_URL, body=page.encode())]))
    saved = home / "saved"
    saved.mkdir()
    (saved / "copy.html").write_text(_html("Record quarter at Port Elsworth", REPRINT, COPY_CANONICAL))
    (saved / "solo.html").write_text(_html("Cape Varden lighthouse reopens", SOLO, SOLO_CANONICAL))
    (saved / "wire.txt").write_text(WIRE_TXT, encoding="utf-8")
    for name in ("copy.html", "solo.html", "wire.txt"):
        assert all(r.ok for r in nl.ingest_file(saved / name))
    assert all(r.ok for r in nl.ingest_documents([_quay(i, t) for i, t in enumerate(QUAY_TOPICS)]))
    added = nl.store.add_sources([Source(url=f"https://feeds{i}.example.org/rss", title=f"Feed {i}")
                                  for i in range(3)])
    nl.store.save_state(SourceState(source_id=added[0].id, last_attempt=datetime(2026, 3, 1, 8, tzinfo=UTC),
                                    last_success=datetime(2026, 3, 1, 8, tzinfo=UTC), items_per_day=2.5,
                                    next_poll=datetime(2026, 3, 1, 9, tzinfo=UTC), etag='"abc"'))
    by_name = {}
    for a in nl.articles(limit=100):
        if a.url and a.url.startswith("file://"):
            by_name[a.url.rsplit("/", 1)[1]] = a
    assert set(by_name) == {"copy.html", "solo.html", "wire.txt"}
    assert by_name["copy.html"].canonical_url == COPY_CANONICAL and by_name["wire.txt"].canonical_url is None
    with TestClient(create_app(nl), raise_server_exceptions=False) as client:
        yield SimpleNamespace(client=client, nl=nl, home=home, copy=by_name["copy.html"], solo=by_name["solo.html"],
                              wire=by_name["wire.txt"])
    nl.close()


def _story_of(site, article_id: str) -> str:
    return site.client.get(f"/api/v1/articles/{article_id}").json()["story"]["id"]


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node["children"])


# -- 1: an article's address is its web address, never a local path ---------------------------------------------
def test_the_one_address_rule():
    def art(url, canonical=None):
        return Article(id="a", title="t", text="x", url=url, canonical_url=canonical)

    assert views.article_url(art("https://a.example/x", "https://b.example/y")) == "https://a.example/x"
    assert views.article_url(art("file:///srv/news/page.html", "https://b.example/y")) == "https://b.example/y"
    assert views.article_url(art("file:///srv/news/page.html")) is None
    assert views.article_url(art(None, "javascript:alert(1)")) is None
    assert views.article_url(art("data:text/html,x", "ftp://b.example/y")) is None
    assert views.article_url(None, "https://c.example/z") == "https://c.example/z"  # a credited outlet's page
    assert views.article_url(None, "file:///etc/passwd") is None


def test_the_api_publishes_web_addresses_and_no_local_path(site):
    copy_story, solo_story = _story_of(site, site.copy.id), _story_of(site, site.solo.id)
    answers = [site.client.get(path) for path in (
        "/api/v1/stories", "/api/v1/articles?limit=100", f"/api/v1/stories/{copy_story}",
        f"/api/v1/stories/{solo_story}", f"/api/v1/stories/{_story_of(site, site.wire.id)}",
        f"/api/v1/articles/{site.copy.id}", f"/api/v1/articles/{site.solo.id}", f"/api/v1/articles/{site.wire.id}",
        "/api/v1/search?q=Elsworth", "/api/v1/search?q=lighthouse", "/api/v1/search?q=cranes")]
    for got in answers:
        assert got.status_code == 200 and "file:" not in got.text and str(site.home) not in got.text, got.url
    listed = {a["id"]: a for a in site.client.get("/api/v1/articles?limit=100").json()["articles"]}
    assert listed[site.copy.id]["url"] == COPY_CANONICAL and listed[site.wire.id]["url"] is None
    assert listed[site.solo.id]["url"] == SOLO_CANONICAL
    story = site.client.get(f"/api/v1/stories/{copy_story}").json()
    assert {a["id"]: a["url"] for a in story["articles"]} == {site.copy.id: COPY_CANONICAL,
                                                             next(i for i in listed if listed[i]["url"] == ORIGINAL_URL):
                                                             ORIGINAL_URL}
    nodes = {n["article_id"]: n["url"] for n in _walk(story["copy_tree"])}
    assert nodes[site.copy.id] == COPY_CANONICAL and ORIGINAL_URL in nodes.values()
    chain = story["provenance"][site.copy.id]["chain"]
    assert [link["url"] for link in chain] == [COPY_CANONICAL, ORIGINAL_URL]
    solo = site.client.get(f"/api/v1/stories/{solo_story}").json()
    assert solo["provenance"][site.solo.id]["primary"]["url"] == SOLO_CANONICAL  # its own primary source
    assert [n["url"] for n in _walk(solo["copy_tree"])] == [SOLO_CANONICAL]
    detail = site.client.get(f"/api/v1/articles/{site.copy.id}").json()
    assert detail["article"]["url"] == COPY_CANONICAL and detail["article"]["canonical_url"] == COPY_CANONICAL
    assert [link["url"] for link in detail["provenance"]["chain"]] == [COPY_CANONICAL, ORIGINAL_URL]
    wire = site.client.get(f"/api/v1/articles/{site.wire.id}").json()
    assert wire["article"]["url"] is None and wire["article"]["canonical_url"] is None
    assert all(link["url"] is None for link in wire["provenance"]["chain"] if link["article_id"] == site.wire.id)
    found = site.client.get("/api/v1/search", params={"q": "Elsworth"}).json()["results"]
    assert {r["url"] for r in found} == {ORIGINAL_URL, COPY_CANONICAL}


def test_the_feeds_link_a_saved_page_by_its_canonical_address(site):
    atom = site.client.get("/feeds/stories.atom")
    assert "file:" not in atom.text and str(site.home) not in atom.text
    entries = ET.fromstring(atom.content).findall(f"{ATOM_NS}entry")
    related = {link.get("href") for e in entries for link in e.findall(f"{ATOM_NS}link") if link.get("rel") == "related"}
    assert {COPY_CANONICAL, SOLO_CANONICAL, ORIGINAL_URL} <= related
    summaries = " ".join(e.summary for e in feedparser.parse(atom.content).entries)
    assert f"mirror.example.net: {COPY_CANONICAL}" in summaries and f"solo.example.com: {SOLO_CANONICAL}" in summaries
    js = site.client.get("/feeds/stories.json")
    assert "file:" not in js.text
    sources = {s["article_id"]: s["url"] for item in js.json()["items"] for s in item["_newsloom"]["sources"]}
    assert sources[site.copy.id] == COPY_CANONICAL and sources[site.solo.id] == SOLO_CANONICAL
    assert sources[site.wire.id] is None
    assert any(f"{COPY_CANONICAL}" in item["content_text"] for item in js.json()["items"])


def test_the_pages_link_a_saved_page_by_its_canonical_address(site):
    page = site.client.get(f"/articles/{site.copy.id}").text
    assert "file:" not in page and str(site.home) not in page
    meta = re.search(r'<div class="meta">(.*?)</div>', page, re.DOTALL).group(1)
    assert f'<a class="orig" href="{COPY_CANONICAL}"' in meta  # "read the original"
    canonical_row = re.search(r"<tr><th>canonical</th><td>(.*?)</td>", page).group(1)
    assert canonical_row.startswith(f'<a href="{COPY_CANONICAL}"') and COPY_CANONICAL in canonical_row
    chain = page[page.index('<ol class="chain">'):page.index("</ol>", page.index('<ol class="chain">'))]
    assert f'href="{COPY_CANONICAL}"' in chain and f'href="{ORIGINAL_URL}"' in chain
    story = site.client.get(f"/stories/{_story_of(site, site.copy.id)}").text
    assert "file:" not in story
    assert story.count(f'<a class="orig" href="{COPY_CANONICAL}"') == 2  # the copy tree and the coverage table
    solo = site.client.get(f"/stories/{_story_of(site, site.solo.id)}").text
    assert f'<a class="orig" href="{SOLO_CANONICAL}"' in solo
    wire = site.client.get(f"/articles/{site.wire.id}").text
    assert "file:" not in wire and 'class="orig"' not in wire and "<th>canonical</th>" not in wire


# -- 2: /openapi.json documents the real bodies -----------------------------------------------------------------
def _resolve(spec: dict, ref: str) -> dict:
    return spec["components"]["schemas"][ref.rsplit("/", 1)[1]]


_TYPES = {"null": lambda v: v is None, "boolean": lambda v: isinstance(v, bool),
          "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
          "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
          "string": lambda v: isinstance(v, str), "array": lambda v: isinstance(v, list),
          "object": lambda v: isinstance(v, dict)}


def schema_errors(value, schema: dict, spec: dict, at: str = "$") -> list[str]:
    """Where ``value`` breaks ``schema`` (the JSON Schema subset OpenAPI 3.1 documents from pydantic models:
    $ref, anyOf/oneOf/allOf, type, enum, const, properties, required, additionalProperties, items, date-time).
    Stricter than JSON Schema in one way: an object may carry no property its schema does not declare, so a
    field the server sends and the documentation leaves out is an error too."""
    if "$ref" in schema:
        return schema_errors(value, _resolve(spec, schema["$ref"]), spec, at)
    errors: list[str] = []
    for sub in schema.get("allOf", ()):
        errors += schema_errors(value, sub, spec, at)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            fits = sum(not schema_errors(value, sub, spec, at) for sub in schema[key])
            if fits == 0 or (key == "oneOf" and fits > 1):
                errors.append(f"{at}: {value!r:.80} fits {fits} of {key} {schema[key]}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{at}: {value!r} not in {schema['enum']}")
    if "const" in schema and value != schema["const"]:
        errors.append(f"{at}: {value!r} is not {schema['const']!r}")
    kinds = schema.get("type")
    if kinds is not None:
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if not any(_TYPES[k](value) for k in kinds):
            return [*errors, f"{at}: {value!r:.80} is not {kinds}"]
    if schema.get("format") == "date-time" and isinstance(value, str):
        try:
            datetime.fromisoformat(value)
        except ValueError:
            errors.append(f"{at}: {value!r} is not a date-time")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        errors += [f"{at}: missing {name}" for name in schema.get("required", ()) if name not in value]
        extra = schema.get("additionalProperties", not props)  # undeclared fields: an error
        for name, item in value.items():
            if name in props:
                errors += schema_errors(item, props[name], spec, f"{at}.{name}")
            elif extra is False:
                errors.append(f"{at}: {name} is not documented")
            elif isinstance(extra, dict):
                errors += schema_errors(item, extra, spec, f"{at}.{name}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            errors += schema_errors(item, schema["items"], spec, f"{at}[{i}]")
    return errors


def _documented(spec: dict, route: str, method: str, status: int, media: str = "application/json") -> dict:
    return spec["paths"][route][method]["responses"][str(status)]["content"][media]["schema"]


def _check_against_spec(spec: dict, route: str, method: str, got, media: str = "application/json") -> None:
    assert got.status_code == 200, (route, got.text[:300])
    schema = _documented(spec, route, method, 200, media)
    assert schema.get("$ref"), (route, schema)  # a model, not FastAPI's empty {}
    assert schema_errors(got.json(), schema, spec) == [], route


def test_the_validator_refuses_what_the_schema_does_not_say():
    spec = {"components": {"schemas": {"A": {"type": "object", "properties": {"x": {"type": "integer"}},
                                             "required": ["x"]}}}}
    ref = {"$ref": "#/components/schemas/A"}
    assert schema_errors({"x": 1}, ref, spec) == []
    assert schema_errors({"x": "1"}, ref, spec) and schema_errors({}, ref, spec)
    assert schema_errors({"x": 1, "y": 2}, ref, spec) == ["$: y is not documented"]
    assert schema_errors([{"x": None}], {"type": "array", "items": ref}, spec)
    assert schema_errors("yesterday", {"type": "string", "format": "date-time"}, spec)


def test_the_read_endpoints_answer_what_openapi_documents(site):
    spec = site.client.get("/openapi.json").json()
    story = _story_of(site, site.copy.id)
    for route, path in (("/api/v1/stories", "/api/v1/stories"),
                        ("/api/v1/stories/{story_id}", f"/api/v1/stories/{story}"),
                        ("/api/v1/stories/{story_id}", f"/api/v1/stories/{_story_of(site, site.wire.id)}"),
                        ("/api/v1/articles", "/api/v1/articles?limit=100"),
                        ("/api/v1/articles/{article_id}", f"/api/v1/articles/{site.copy.id}"),
                        ("/api/v1/articles/{article_id}", f"/api/v1/articles/{site.wire.id}"),
                        ("/api/v1/search", "/api/v1/search?q=Elsworth"),
                        ("/api/v1/search", "/api/v1/search?q=zzzunheardof"),
                        ("/api/v1/sources", "/api/v1/sources")):
        _check_against_spec(spec, route, "get", site.client.get(path))


def test_the_models_pass_every_field_of_the_library_through(site):
    """response_model filters the body: each documented object has every field of the dataclass it shows,
    and the bodies are what the library's serialisation gives (nothing dropped or reformatted on the way)."""
    from newsloom.web import schemas
    pairs = [(schemas.ArticleOut, model.Article), (schemas.ProvenanceOut, model.Provenance),
             (schemas.PrimarySourceOut, model.PrimarySource), (schemas.ChainLinkOut, model.ChainLink),
             (schemas.RelationOut, model.Relation), (schemas.EvidenceOut, model.Evidence),
             (schemas.AlignedPairOut, model.AlignedPair), (schemas.CreditOut, model.Credit),
             (schemas.WireCreditOut, model.WireCredit), (schemas.AssignmentOut, model.StoryAssignment),
             (schemas.CoverageOut, model.Coverage), (schemas.SourceCoverageOut, model.SourceCoverage),
             (schemas.QuoteOut, model.Quote), (schemas.SourceLabelOut, model.SourceLabel),
             (schemas.SpeakerStatementsOut, model.SpeakerStatements),
             (schemas.AlignedStatementOut, model.AlignedStatement), (schemas.SharedNumberOut, model.SharedNumber),
             (schemas.SourceOut, model.Source), (schemas.SourceStateOut, model.SourceState),
             (schemas.TakedownOut, model.TakedownRequest)]
    for out, dc in pairs:
        assert {f.name for f in dataclasses.fields(dc)} <= set(out.model_fields), out.__name__
    story_id = _story_of(site, site.copy.id)
    view = views.story_view(site.nl, story_id)
    got = site.client.get(f"/api/v1/stories/{story_id}").json()
    assert got["coverage"] == to_jsonable(view.coverage) and got["assignments"] == to_jsonable(view.assignments)
    assert got["coverage"]["sources"] and got["assignments"]
    detail = site.client.get(f"/api/v1/articles/{site.copy.id}").json()
    article = to_jsonable(site.nl.store.get_article(site.copy.id))
    shown = {k: v for k, v in detail["article"].items() if k not in ("url", "text_shortened_by_publisher_policy")}
    assert shown == {k: v for k, v in article.items() if k != "url"}
    sources = site.client.get("/api/v1/sources").json()["sources"]
    assert sources[0]["state"] == to_jsonable(site.nl.store.get_state(sources[0]["source"]["id"]))
    assert sources[0]["state"]["last_success"] == "2026-03-01T08:00:00+00:00"  # isoformat, as before


def test_the_feeds_declare_their_media_types_and_the_304(site):
    spec = site.client.get("/openapi.json").json()
    for route, media in (("/feeds/stories.atom", "application/atom+xml"), ("/feeds/stories.json", "application/feed+json")):
        responses = spec["paths"][route]["get"]["responses"]
        assert set(responses["200"]["content"]) == {media}, route
        assert "304" in responses and "content" not in responses["304"], route
        got = site.client.get(route)
        assert got.headers["content-type"].startswith(media)
        again = site.client.get(route, headers={"If-None-Match": got.headers["etag"]})
        assert again.status_code == 304 and again.content == b""
        for status, answer in responses.items():
            if int(status) >= 400:  # errors under /feeds/ are JSON
                assert set(answer["content"]) == {"application/json"}, (route, status)
                assert answer["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}
    assert _documented(spec, "/feeds/stories.atom", "get", 200, "application/atom+xml") == {"type": "string"}
    _check_against_spec(spec, "/feeds/stories.json", "get", site.client.get("/feeds/stories.json"),
                        "application/feed+json")


# -- 4: search counted and paged, sources paged -----------------------------------------------------------------
def test_search_pages_by_offset_and_counts_like_the_web_page(site):
    everything = site.client.get("/api/v1/search", params={"q": "quay", "limit": 200}).json()
    ids = [r["id"] for r in everything["results"]]
    assert len(ids) == 8 and everything["total"] == 8 and everything["more"] is False and everything["offset"] == 0
    assert everything["query"] == "quay"
    pages = [site.client.get("/api/v1/search", params={"q": "quay", "limit": 3, "offset": o}).json() for o in (0, 3, 6)]
    assert [r["id"] for p in pages for r in p["results"]] == ids
    assert [(p["total"], p["more"], p["offset"]) for p in pages] == [(8, False, 0), (8, False, 3), (8, False, 6)]
    past = site.client.get("/api/v1/search", params={"q": "quay", "offset": 8}).json()
    assert past["results"] == [] and past["total"] == 8
    web = site.client.get("/search", params={"q": "quay"}).text
    assert "8 results for" in html.unescape(web)


def test_search_counts_up_to_the_web_pages_cap_then_says_more(site, monkeypatch):
    monkeypatch.setattr(views, "SEARCH_COUNTED", 5)
    capped = site.client.get("/api/v1/search", params={"q": "quay", "limit": 200}).json()
    assert capped["total"] == 5 and capped["more"] is True and len(capped["results"]) == 5
    tail = site.client.get("/api/v1/search", params={"q": "quay", "limit": 3, "offset": 3}).json()
    assert len(tail["results"]) == 2 and tail["more"] is True  # only counted results are served, as on the web
    web = html.unescape(site.client.get("/search", params={"q": "quay"}).text)
    assert "Results 1–5 of more than 5 for “quay”." in web  # the web page: the same cap, the same words


@pytest.mark.parametrize("offset", ["-1", str(SEARCH_COUNTED), "9223372036854775808", "x"])
def test_search_offsets_are_bounded_like_the_web_pages(site, offset):
    got = site.client.get("/api/v1/search", params={"q": "quay", "offset": offset})
    assert got.status_code == 422 and got.json()["details"][0]["loc"] == ["query", "offset"]
    assert site.client.get("/api/v1/search", params={"q": "quay", "offset": SEARCH_COUNTED - 1}).status_code == 200


def test_sources_are_paged_like_the_cli(site):
    everything = [s["source"]["url"] for s in site.client.get("/api/v1/sources").json()["sources"]]
    assert everything == [f"https://feeds{i}.example.org/rss" for i in range(3)]
    assert [s["source"]["url"] for s in site.client.get("/api/v1/sources?limit=0").json()["sources"]] == everything
    first = site.client.get("/api/v1/sources", params={"limit": 2}).json()["sources"]
    rest = site.client.get("/api/v1/sources", params={"limit": 2, "offset": 2}).json()["sources"]
    assert [s["source"]["url"] for s in first + rest] == everything
    assert [s["source"]["url"] for s in site.client.get("/api/v1/sources?offset=1").json()["sources"]] == everything[1:]
    assert first[0]["health"] == "ok" and first[1]["health"] == "new"
    for bad in ({"limit": -1}, {"limit": 100_000}, {"offset": -1}, {"offset": "x"}):
        assert site.client.get("/api/v1/sources", params=bad).status_code == 422, bad


# -- 2 (writes, last: they change the stories) -------------------------------------------------------------------
def test_the_write_endpoints_answer_what_openapi_documents(site):
    spec = site.client.get("/openapi.json").json()
    admin = {"X-Admin-Token": TOKEN}
    made = site.client.post("/api/v1/takedowns", json={"target": "nothing-here.example.org", "scope": "domain",
                                                       "reason": "test"}, headers=admin)
    _check_against_spec(spec, "/api/v1/takedowns", "post", made)
    assert {k: made.json()[k] for k in ("target", "scope", "removed", "already_in_force")} == {
        "target": "nothing-here.example.org", "scope": "domain", "removed": [], "already_in_force": False}
    listed = site.client.get("/api/v1/takedowns", headers=admin)
    _check_against_spec(spec, "/api/v1/takedowns", "get", listed)
    (record,) = listed.json()["takedowns"]
    assert record["target"] == "nothing-here.example.org" and record["reason"] == "test" and record["id"] >= 1
    assert datetime.fromisoformat(record["received_at"]).tzinfo is not None
    revoked = site.client.delete(f"/api/v1/takedowns/{record['id']}", headers=admin)
    _check_against_spec(spec, "/api/v1/takedowns/{takedown_id}", "delete", revoked)
    assert revoked.json()["already_revoked"] is False and revoked.json()["takedown"]["revoked_at"]
    again = site.client.delete(f"/api/v1/takedowns/{record['id']}", headers=admin)
    assert again.json()["already_revoked"] is True
    _check_against_spec(spec, "/api/v1/takedowns", "get", site.client.get("/api/v1/takedowns?revoked=true",
                                                                            headers=admin))
    into, other = _story_of(site, site.copy.id), _story_of(site, site.solo.id)
    assert into != other
    merged = site.client.post(f"/api/v1/stories/{into}/merge", json={"other": other}, headers=admin)
    _check_against_spec(spec, "/api/v1/stories/{story_id}/merge", "post", merged)
    assert merged.json()["id"] == into and site.solo.id in merged.json()["article_ids"]
    split = site.client.post(f"/api/v1/stories/{into}/split", json={"article_ids": [site.solo.id]}, headers=admin)
    _check_against_spec(spec, "/api/v1/stories/{story_id}/split", "post", split)
    assert split.json()["article_ids"] == [site.solo.id]
