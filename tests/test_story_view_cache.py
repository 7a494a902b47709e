"""Computed story views are kept (``Newsloom.story_views``): a repeat of the story page or its API answer is
served without comparing the coverage again; anything that can change what the view shows (an article joining,
a takedown or delete, a merge, a split, a member's provenance) computes it anew; concurrent requests for one
story compute it once. At scale one comparison took 11-35 s, and three parallel requests 111 s each."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

import newsloom.core
from newsloom.config import Settings
from newsloom.core import STORY_VIEW_CACHE_SIZE, StoryView, StoryViewCache, open_newsloom
from newsloom.model import Coverage, Story
from newsloom.web import create_app
from test_lazy_pipeline import OTHER, _fill, _ingest

TOKEN = "cache-token"


@pytest.fixture
def counted(monkeypatch):
    """How many times the coverage is compared, by story id."""
    calls: list[str] = []
    real = newsloom.core.compare_coverage

    def compare(story, *args, **kwargs):
        calls.append(story.id)
        return real(story, *args, **kwargs)

    monkeypatch.setattr(newsloom.core, "compare_coverage", compare)
    return calls


@pytest.fixture
def site(tmp_path):
    ids = _fill(tmp_path)
    nl = open_newsloom(Settings(data_dir=tmp_path, admin_token=TOKEN))
    with TestClient(create_app(nl)) as client:
        yield nl, client, ids
    nl.close()


def _members(client, story_id) -> set[str]:
    got = client.get(f"/api/v1/stories/{story_id}")
    assert got.status_code == 200, got.text
    return {a["id"] for a in got.json()["articles"]}


def test_a_repeat_is_served_from_the_cache_page_and_api_alike(site, counted):
    nl, client, ids = site
    page = client.get(f"/stories/{ids['harbour']}")
    assert page.status_code == 200 and counted == [ids["harbour"]]
    assert client.get(f"/stories/{ids['harbour']}").text == page.text
    assert _members(client, ids["harbour"]) == {ids["a"], ids["b"]}
    assert nl.story_view(ids["harbour"]) is nl.story_view(ids["harbour"])
    assert counted == [ids["harbour"]]  # computed once for the page, the API and the library
    client.get(f"/stories/{ids['orchard']}")
    assert counted == [ids["harbour"], ids["orchard"]]  # each story its own entry
    assert not nl.pipeline_built  # and reading it built nothing


def test_an_article_joining_the_story_computes_it_anew(site, counted):
    nl, client, ids = site
    _members(client, ids["harbour"])
    d = _ingest(nl, "https://three.example.com/d", "Port Elsworth quarter")
    assert d.story_id == ids["harbour"]
    assert _members(client, ids["harbour"]) == {ids["a"], ids["b"], d.article_id}
    assert counted == [ids["harbour"]] * 2
    _ingest(nl, "https://farm.example.org/o", "Varnholt harvest starts early", OTHER)  # another story only
    _members(client, ids["harbour"])
    assert counted == [ids["harbour"]] * 2


def test_a_takedown_of_one_of_its_articles_computes_it_anew(site, counted):
    _nl, client, ids = site
    _members(client, ids["harbour"])
    got = client.post("/api/v1/takedowns", json={"target": "https://two.example.net/b"},
                      headers={"X-Admin-Token": TOKEN})
    assert got.status_code in (200, 201), got.text
    assert _members(client, ids["harbour"]) == {ids["a"]}
    assert counted == [ids["harbour"]] * 2


def test_a_delete_elsewhere_computes_it_anew(site, counted):
    """A removal anywhere may remove an article its provenance chains name: the removal time is in its version."""
    nl, client, ids = site
    _members(client, ids["harbour"])
    assert nl.delete_articles([ids["c"]]) == [ids["c"]]
    _members(client, ids["harbour"])
    assert counted == [ids["harbour"]] * 2


def test_a_merge_and_a_split_compute_it_anew(site, counted):
    _nl, client, ids = site
    _members(client, ids["harbour"])
    got = client.post(f"/api/v1/stories/{ids['harbour']}/merge", json={"other": ids["orchard"]},
                      headers={"X-Admin-Token": TOKEN})
    assert got.status_code == 200, got.text
    assert _members(client, ids["harbour"]) == {ids["a"], ids["b"], ids["c"]}
    got = client.post(f"/api/v1/stories/{ids['harbour']}/split", json={"article_ids": [ids["c"]]},
                      headers={"X-Admin-Token": TOKEN})
    assert got.status_code == 200, got.text
    assert _members(client, ids["harbour"]) == {ids["a"], ids["b"]}
    assert counted == [ids["harbour"]] * 3


def test_a_changed_provenance_of_a_member_computes_it_anew(site, counted):
    """A later original may change a stored copy's provenance without changing its story."""
    nl, _client, ids = site
    first = nl.story_view(ids["harbour"])
    prov = nl.store.get_provenance(ids["b"])
    nl.store.save_provenance(replace(prov, primary=replace(prov.primary, name="Another Outlet")))
    again = nl.story_view(ids["harbour"])
    assert again is not first and again.provenance[ids["b"]].primary.name == "Another Outlet"
    assert counted == [ids["harbour"]] * 2


def test_concurrent_requests_for_one_story_compute_it_once(site, monkeypatch):
    nl, client, ids = site
    calls = []
    real = newsloom.core.compare_coverage

    def slow(story, *args, **kwargs):
        calls.append(story.id)
        time.sleep(0.5)  # long enough for every thread to ask meanwhile
        return real(story, *args, **kwargs)

    monkeypatch.setattr(newsloom.core, "compare_coverage", slow)
    start, views, pages = threading.Barrier(5), [], []

    def view():
        start.wait()
        views.append(nl.story_view(ids["harbour"]))

    def page():
        start.wait()
        pages.append(client.get(f"/api/v1/stories/{ids['harbour']}").status_code)

    threads = [threading.Thread(target=view) for _ in range(3)] + [threading.Thread(target=page) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert calls == [ids["harbour"]]
    assert len(views) == 3 and all(v is views[0] for v in views) and pages == [200, 200]
    assert nl.story_views.misses == 1 and nl.story_views.hits == 4


def test_a_failed_computation_is_not_kept_and_the_next_request_tries_again(site, monkeypatch):
    nl, _client, ids = site
    real = newsloom.core.compare_coverage
    monkeypatch.setattr(newsloom.core, "compare_coverage", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        nl.story_view(ids["harbour"])
    monkeypatch.setattr(newsloom.core, "compare_coverage", real)
    assert {a.id for a in nl.story_view(ids["harbour"]).articles} == {ids["a"], ids["b"]}


def _view(story_id: str, n_articles: int = 1) -> StoryView:
    from newsloom.model import Article

    arts = tuple(Article(id=f"{story_id}-{i}", url=None, title="t", text="x") for i in range(n_articles))
    return StoryView(Story(story_id, "t"), arts, Coverage(story_id, ()), (), {}, {})


def test_the_cache_is_bounded_least_recently_used_out_first():
    cache = StoryViewCache(size=3, max_articles=100)
    for sid in "abc":
        cache.get(sid, 1, lambda sid=sid: _view(sid))
    cache.get("a", 1, lambda: pytest.fail("kept"))  # a is now the most recently used
    cache.get("d", 1, lambda: _view("d"))
    assert len(cache) == 3
    cache.get("a", 1, lambda: pytest.fail("kept"))
    fresh = []
    cache.get("b", 1, lambda: fresh.append(1) or _view("b"))  # b was the least recently used: gone
    assert fresh == [1]
    cache.get("a", 2, lambda: fresh.append(2) or _view("a"))  # another version: computed again
    assert fresh == [1, 2]
    assert STORY_VIEW_CACHE_SIZE == 32


def test_the_cache_holds_a_bounded_number_of_articles_the_latest_view_always():
    cache = StoryViewCache(size=10, max_articles=5)
    cache.get("a", 1, lambda: _view("a", 3))
    cache.get("b", 1, lambda: _view("b", 2))
    assert len(cache) == 2
    cache.get("c", 1, lambda: _view("c", 4))  # 9 articles: a and b leave
    assert len(cache) == 1
    cache.get("huge", 1, lambda: _view("huge", 50))  # more than the bound alone: kept all the same
    assert len(cache) == 1
    cache.get("huge", 1, lambda: pytest.fail("kept"))
