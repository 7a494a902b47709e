"""An operator deletes stored articles by id (CLI and API): e.g. a page ingested from a local file, whose
file:// address no URL takedown can name. The article leaves the store, the search index and its story;
the story's other articles stay; nothing is refused later."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from helpers import cli
from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.errors import NotFoundError
from newsloom.web import create_app

TOKEN = "delete-token"
NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
BODY = ("<p>The harbour authority of Port Elsworth said on Monday that container traffic rose by a tenth in the "
        "first quarter, a record for the season, after the new quay opened in January.</p><p>Dock workers "
        "handled more ships than in any quarter before, the authority said in a statement on Monday, and it "
        "expects the summer to be busier still.</p>")


def _page(folder, name: str, title: str, extra: str) -> str:
    path = folder / name
    path.write_text(f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{BODY}"
                    f"<p>{extra}</p></article></body></html>", encoding="utf-8")
    return str(path)


def _ingest_two(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    a = _page(pages, "a.html", "Port Elsworth container traffic at a record",
              "The mayor welcomed the figures at a press conference.")
    b = _page(pages, "b.html", "Record quarter for Port Elsworth dock workers",
              "Unions said overtime had doubled since the quay opened.")
    nl = open_newsloom(Settings(data_dir=tmp_path / "home", admin_token=TOKEN), clock=lambda: NOW)
    results = nl.ingest_files([a, b])
    assert [r.status for r in results] == ["stored", "stored"]
    return nl, results, a


def test_deleting_an_article_removes_it_everywhere_and_keeps_its_story(tmp_path):
    nl, (first, second), path_a = _ingest_two(tmp_path)
    try:
        assert first.story_id == second.story_id  # one story of two reports
        assert nl.store.last_removal_at() is None
        assert nl.delete_articles([first.article_id, "no-such-id"]) == [first.article_id]
        with pytest.raises(NotFoundError):
            nl.store.get_article(first.article_id)
        assert [a.id for a, _ in nl.search("Elsworth")] == [second.article_id]
        story = nl.store.get_story(first.story_id)
        assert list(story.article_ids) == [second.article_id]
        assert nl.pipeline.stories.clusterer.members.get(first.article_id) is None  # the clusterer forgot it
        assert nl.store.last_removal_at() == NOW  # the feeds' Last-Modified moves
        assert nl.delete_articles([first.article_id]) == []  # deleting twice changes nothing
        (again,) = nl.ingest_files([path_a])  # nothing is refused later: not a takedown
        assert again.status == "stored" and again.article_id == first.article_id
    finally:
        nl.close()


def test_the_api_deletes_with_the_admin_token_only(tmp_path):
    nl, (first, second), _ = _ingest_two(tmp_path)
    try:
        with TestClient(create_app(nl), raise_server_exceptions=False) as client:
            assert client.delete(f"/api/v1/articles/{first.article_id}").status_code == 401
            wrong = client.delete(f"/api/v1/articles/{first.article_id}", headers={"X-Admin-Token": "nope"})
            assert wrong.status_code == 401
            assert client.get(f"/api/v1/articles/{first.article_id}").status_code == 200
            done = client.delete(f"/api/v1/articles/{first.article_id}", headers={"X-Admin-Token": TOKEN})
            assert done.status_code == 200 and done.json() == {"deleted": [first.article_id]}
            assert client.get(f"/api/v1/articles/{first.article_id}").status_code == 410  # removed, not unknown
            again = client.delete(f"/api/v1/articles/{first.article_id}", headers={"X-Admin-Token": TOKEN})
            assert again.status_code == 410 and again.json()["error"] == "GoneError"
            missing = client.delete("/api/v1/articles/never-stored", headers={"X-Admin-Token": TOKEN})
            assert missing.status_code == 404 and missing.json()["error"] == "NotFoundError"
            story = client.get(f"/api/v1/stories/{second.story_id}").json()
            assert [a["id"] for a in story["articles"]] == [second.article_id]
            assert "delete" in client.get("/openapi.json").json()["paths"]["/api/v1/articles/{article_id}"]
    finally:
        nl.close()


def test_the_cli_deletes_by_id_and_fails_on_unknown_ids(tmp_path):
    nl, (first, second), _ = _ingest_two(tmp_path)
    nl.close()
    home = tmp_path / "home"
    out = cli("delete", first.article_id, "unknown-id", "--json", home=home)
    assert out.returncode == 1 and "not stored: unknown-id" in out.stderr
    assert json.loads(out.stdout) == {"deleted": [first.article_id], "not_found": ["unknown-id"]}
    shown = json.loads(cli("show", second.story_id, "--json", home=home).stdout)
    assert [a["id"] for a in shown["articles"]] == [second.article_id] and shown["article_count"] == 1
    assert list(shown["assignments"]) == [second.article_id]
    plain = cli("delete", second.article_id, home=home)
    assert plain.returncode == 0 and "deleted 1 article(s)" in plain.stdout
