"""An article or story that was removed (a content owner's takedown, an operator's delete) answers "removed",
and when, instead of "no such": 410 Gone on the web and in the API (an old link is told what happened, and
crawlers drop the address), GoneError in the library. Only ids and times are kept, nothing of the content."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from helpers import HARBOUR, ORCHARD, cli, html_doc
from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.errors import GoneError, NotFoundError
from newsloom.web import create_app

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)
REMOVED_AT = T0 + timedelta(days=3)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def stored(tmp_path):
    """A store with a two-article story (harbour) and a one-article story (orchard); the clock at the removal."""
    clock = Clock()
    nl = open_newsloom(Settings(data_dir=tmp_path), clock=clock)
    harbour = nl.ingest_documents([
        html_doc("https://one.example.org/a", "Port Elsworth container traffic at a record", HARBOUR),
        html_doc("https://two.example.net/b", "Record quarter for Port Elsworth dock workers",
                 HARBOUR + "<p>Unions said overtime had doubled since the quay opened.</p>")])
    (orchard,) = nl.ingest_documents([html_doc("https://three.example.com/c", "Early harvest in Varnholt", ORCHARD)])
    assert harbour[0].story_id == harbour[1].story_id != orchard.story_id
    clock.now = REMOVED_AT
    try:
        yield nl, harbour, orchard
    finally:
        nl.close()


def test_a_taken_down_article_and_its_emptied_story_are_gone(stored):
    nl, harbour, orchard = stored
    assert nl.takedown("https://three.example.com/c") == [orchard.article_id]
    for read, ident, kind in ((nl.store.get_article, orchard.article_id, "article"),
                              (nl.store.get_story, orchard.story_id, "story")):
        with pytest.raises(GoneError) as caught:
            read(ident)
        assert caught.value.cause == "takedown"
        assert caught.value.removed_at == REMOVED_AT
        assert str(caught.value) == f"{ident}: this {kind} was removed at its owner's request on 2026-03-05"
    with pytest.raises(GoneError):
        nl.article_view(orchard.article_id)
    # the other story is untouched; an id never stored is simply not found
    assert nl.store.get_story(harbour[0].story_id).article_ids == tuple(a.article_id for a in harbour)
    with pytest.raises(NotFoundError) as caught:
        nl.store.get_article("never-stored")
    assert not isinstance(caught.value, GoneError)
    assert str(caught.value) == "never-stored: no such article"


def test_the_cli_says_what_was_removed(stored, tmp_path):
    nl, _harbour, orchard = stored
    nl.takedown("https://three.example.com/c")
    nl.close()
    for ident, kind in ((orchard.article_id, "article"), (orchard.story_id, "story")):
        run = cli("show", ident, home=tmp_path)
        assert run.returncode == 1
        assert run.stderr.strip().endswith(f"this {kind} was removed at its owner's request on 2026-03-05"), run.stderr
    assert "no article or story" in cli("show", "never-stored", home=tmp_path).stderr


def test_an_operators_delete_is_said_so(stored):
    nl, harbour, _orchard = stored
    assert nl.delete_articles([harbour[0].article_id, harbour[1].article_id]) == [a.article_id for a in harbour]
    with pytest.raises(GoneError) as caught:
        nl.store.get_story(harbour[0].story_id)  # emptied by the delete: removed for the same cause
    assert caught.value.cause == "operator"
    assert str(caught.value).endswith("was removed by the operator of this site on 2026-03-05")


def test_an_article_stored_again_is_no_longer_gone(stored):
    nl, _harbour, orchard = stored
    nl.delete_articles([orchard.article_id])
    with pytest.raises(GoneError):
        nl.store.get_article(orchard.article_id)
    (again,) = nl.ingest_documents([html_doc("https://three.example.com/c", "Early harvest in Varnholt", ORCHARD)])
    assert again.article_id == orchard.article_id
    assert nl.store.get_article(orchard.article_id).title == "Early harvest in Varnholt"
    assert nl.store.get_story(again.story_id).article_ids == (orchard.article_id,)


def test_the_web_and_the_api_answer_410_for_what_was_removed(stored):
    nl, harbour, orchard = stored
    nl.takedown("https://three.example.com/c")
    with TestClient(create_app(nl), raise_server_exceptions=False) as client:
        for path in (f"/articles/{orchard.article_id}", f"/stories/{orchard.story_id}"):
            page = client.get(path)
            assert page.status_code == 410, path
            assert "<h1>Removed</h1>" in page.text
            assert "removed at its owner&#39;s request on 2026-03-05" in page.text
        for path in (f"/api/v1/articles/{orchard.article_id}", f"/api/v1/stories/{orchard.story_id}"):
            answer = client.get(path)
            assert answer.status_code == 410, path
            assert answer.json()["error"] == "GoneError"
            assert "removed at its owner's request on 2026-03-05" in answer.json()["message"]
        assert client.get("/api/v1/articles/never-stored").status_code == 404
        assert client.get("/stories/never-stored").status_code == 404
        assert client.get(f"/api/v1/stories/{harbour[0].story_id}").status_code == 200
        responses = client.get("/openapi.json").json()["paths"]["/api/v1/articles/{article_id}"]["get"]["responses"]
        assert "410" in responses


def test_a_copys_provenance_says_how_its_original_was_removed(stored):
    nl, harbour, _orchard = stored
    original, copy = harbour[0].article_id, harbour[1].article_id
    assert nl.store.get_provenance(copy).primary.article_id == original
    before = nl.store.get_provenance(copy).primary.evidence
    nl.delete_articles([original])
    after = nl.store.get_provenance(copy).primary.evidence
    # the removal first, then what was found of the original when it was traced (not the copy's evidence)
    assert after == (f"the original was removed by the operator (when traced: {before})" if before
                     else "the original was removed by the operator")
