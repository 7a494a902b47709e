"""Merge and split through the JSON API: admin only, persisted, respected after a restart and a re-cluster."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.model import FetchedDocument
from newsloom.web import create_app

TOKEN = "decide-token"
HARBOUR = ("<p>The harbour authority of Port Elsworth said on Monday that container traffic rose by a tenth in "
           "the first quarter, a record for the season.</p><p>Dock workers handled more ships than in any "
           "quarter before, the authority said in its statement.</p>")
ORCHARD = ("<p>Apple growers in the Varnholt valley began the harvest a week early after a warm spring, the "
           "growers' association said.</p><p>Pickers expect a large crop of late varieties, the association "
           "added.</p>")


def _page(title: str, body: str) -> bytes:
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>".encode()


def _open(home):
    return open_newsloom(Settings(data_dir=home, admin_token=TOKEN))


@pytest.fixture
def two_stories(tmp_path):
    nl = _open(tmp_path)
    docs = [FetchedDocument(url="https://port.example.org/a", body=_page("Port Elsworth traffic record", HARBOUR)),
            FetchedDocument(url="https://farm.example.net/b", body=_page("Early harvest in Varnholt", ORCHARD))]
    results = nl.ingest_documents(docs)
    assert all(r.ok for r in results) and results[0].story_id != results[1].story_id
    yield nl, tmp_path, results
    nl.close()


def _post(client, path, body, token=TOKEN):
    return client.post(path, json=body, headers={"X-Admin-Token": token} if token else {})


def test_merge_needs_the_admin_token_and_is_kept(two_stories):
    nl, home, (a, b) = two_stories
    with TestClient(create_app(nl), raise_server_exceptions=False) as c:
        assert _post(c, f"/api/v1/stories/{a.story_id}/merge", {"other": b.story_id}, token=None).status_code == 401
        assert _post(c, f"/api/v1/stories/{a.story_id}/merge", {"other": b.story_id}, token="wrong").status_code == 401
        got = _post(c, f"/api/v1/stories/{a.story_id}/merge", {"other": b.story_id})
        assert got.status_code == 200, got.text
        assert got.json()["id"] == a.story_id and sorted(got.json()["article_ids"]) == sorted([a.article_id, b.article_id])
        gone = c.get(f"/api/v1/stories/{b.story_id}", follow_redirects=False)  # merged away: its links lead on
        assert gone.status_code == 301 and gone.headers["location"] == f"/api/v1/stories/{a.story_id}"
        same = _post(c, f"/api/v1/stories/{a.story_id}/merge", {"other": a.story_id})
        assert same.status_code == 422 and same.json()["error"]
        assert _post(c, "/api/v1/stories/no-such/merge", {"other": a.story_id}).status_code == 404
    nl.close()
    again = _open(home)  # a restart, then a re-cluster: the decision holds
    try:
        again.recluster()
        assert again.store.story_of(a.article_id) == again.store.story_of(b.article_id)
        # why each is there: the merge, not a split
        assert {again.store.assignment_of(x).reason for x in (a.article_id, b.article_id)} == {"user-merge"}
    finally:
        again.close()


def test_split_moves_articles_out_for_good(two_stories):
    nl, home, (a, b) = two_stories
    nl.merge_stories(a.story_id, b.story_id)
    with TestClient(create_app(nl), raise_server_exceptions=False) as c:
        assert _post(c, f"/api/v1/stories/{a.story_id}/split", {"article_ids": [b.article_id]}, token=None).status_code == 401
        got = _post(c, f"/api/v1/stories/{a.story_id}/split", {"article_ids": [b.article_id]})
        assert got.status_code == 200, got.text
        new_id = got.json()["id"]
        assert new_id != a.story_id and got.json()["article_ids"] == [b.article_id]
        assert c.get(f"/api/v1/stories/{a.story_id}").json()["article_ids"] == [a.article_id]
        emptying = _post(c, f"/api/v1/stories/{a.story_id}/split", {"article_ids": [a.article_id]})
        assert emptying.status_code == 422
        assert _post(c, f"/api/v1/stories/{a.story_id}/split", {"article_ids": []}).status_code == 422
        assert _post(c, f"/api/v1/stories/{a.story_id}/split", {"article_ids": ["nope"]}).status_code == 404
    nl.close()
    again = _open(home)
    try:
        again.recluster()
        assert again.store.story_of(a.article_id) != again.store.story_of(b.article_id)
        assert again.store.assignment_of(b.article_id).reason == "user-split"
    finally:
        again.close()
