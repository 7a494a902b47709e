"""A story merged away (by a user, automatically, or renamed by a re-cluster) keeps working links: its page and
its API answer with a 301 to the story it went into."""

from __future__ import annotations

from fastapi.testclient import TestClient

from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.model import FetchedDocument, Story
from newsloom.store import open_store
from newsloom.web import create_app

HARBOUR = ("<p>The harbour authority of Port Elsworth said on Monday that container traffic rose by a tenth in "
           "the first quarter, a record for the season.</p><p>Dock workers handled more ships than in any "
           "quarter before, the authority said in a statement on Monday.</p>")
ORCHARD = ("<p>Apple growers in the Varnholt valley began the harvest a week early after a warm spring, the "
           "growers' association said.</p><p>Pickers expect a large crop of late varieties, the association "
           "added.</p>")
FERRY = ("<p>The Calder river ferry will stop running for two months while its landing stage is rebuilt, the "
         "county council said.</p><p>Passengers are asked to use the bridge at Morrow instead, the council "
         "added.</p>")


def _doc(url: str, title: str, body: str) -> FetchedDocument:
    return FetchedDocument(url=url, body=f"<html><head><title>{title}</title></head><body><article><h1>{title}"
                                         f"</h1>{body}</article></body></html>".encode())


def test_links_to_a_merged_story_lead_to_the_story_it_went_into(tmp_path):
    nl = open_newsloom(Settings(data_dir=tmp_path))
    try:
        a, b, c = (nl.ingest_documents([_doc(u, t, body)])[0] for u, t, body in (
            ("https://one.example.org/a", "Port Elsworth traffic at a record", HARBOUR),
            ("https://two.example.net/b", "Early harvest in Varnholt", ORCHARD),
            ("https://three.example.com/c", "Calder ferry to stop for two months", FERRY)))
        assert len({a.story_id, b.story_id, c.story_id}) == 3
        nl.merge_stories(b.story_id, c.story_id)  # c -> b
        nl.merge_stories(a.story_id, b.story_id)  # b -> a: c's links lead straight to a
        with TestClient(create_app(nl), raise_server_exceptions=False) as client:
            for old in (b.story_id, c.story_id):
                page = client.get(f"/stories/{old}", follow_redirects=False)
                assert page.status_code == 301 and page.headers["location"] == f"/stories/{a.story_id}"
                api = client.get(f"/api/v1/stories/{old}", follow_redirects=False)
                assert api.status_code == 301 and api.headers["location"] == f"/api/v1/stories/{a.story_id}"
                assert client.get(f"/stories/{old}").status_code == 200  # followed, the merged story
            assert client.get("/stories/never-was", follow_redirects=False).status_code == 404
            assert client.get("/api/v1/stories/never-was", follow_redirects=False).status_code == 404
            assert "301" in client.get("/openapi.json").text
    finally:
        nl.close()


def test_aliases_follow_later_merges_and_never_point_at_themselves(tmp_path):
    store = open_store(tmp_path / "s.db")
    try:
        store.save_stories([Story("a", "A"), Story("b", "B")], drop=["c"], aliases={"c": "b"})
        store.save_stories([], drop=["b"], aliases={"b": "a"})
        assert store.story_alias("c") == store.story_alias("b") == "a"
        store.save_stories([], drop=["a"], aliases={"a": "c"})  # merged back under an old id
        assert store.story_alias("a") == "c" and store.story_alias("b") == "c" and store.story_alias("c") is None
    finally:
        store.close()


def test_a_recluster_that_drops_an_id_leaves_a_link_to_where_its_articles_went(tmp_path):
    from newsloom.stories.service import _lost_ids

    old_of = {"x1": "old", "x2": "old", "x3": "old", "y1": "kept"}
    new_of = {"x1": "kept", "x2": "new", "x3": "new", "y1": "kept"}
    assert _lost_ids(old_of, new_of) == {"old": "new"}


def test_an_automatic_merge_leaves_a_link_too(tmp_path):
    from datetime import UTC, datetime

    from newsloom.model import Article, content_hash
    from newsloom.stories import ClusterConfig, StoryClusterer, StoryService
    from test_stories_rejoin import _art, _terms_model

    store = open_store(tmp_path / "s.db")
    try:
        service = StoryService(store)
        service.clusterer = StoryClusterer(ClusterConfig(), model=_terms_model())
        now = datetime(2026, 3, 2, tzinfo=UTC)

        def put(aid, words):
            article = Article(id=aid, title=aid, text=" ".join(words), content_hash=content_hash(aid))
            return service.process(article, now=now, features=_art(aid, words))

        for i in range(20):
            put(f"f{i}", [f"w{i}", f"v{i}", "common"])
        left, right = ["teixeira", "angels", "offer", "eight"], ["sabathia", "yankees", "deal", "seven"]
        ids = {aid: put(aid, words).story_id for aid, words in (("l1", left), ("r1", right), ("l2", left),
                                                                 ("r2", right))}
        both = put("both", left + right)  # likely in both stories: they merge
        gone = ids["r1"] if both.story_id == ids["l1"] else ids["l1"]
        assert store.story_of("r1") == store.story_of("l1") == both.story_id
        assert store.story_alias(gone) == both.story_id
    finally:
        store.close()
