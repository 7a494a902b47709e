"""Undoing a merge: when a split moves out the articles a merged-away story had, the story they form takes that
story's id back (its old links lead to its articles again, not to the story it had been merged into), across a
restart and a re-cluster. A split that moves out most, but not just, a merged-away story's articles leads that
story's links to where they went."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi.testclient import TestClient

from helpers import HARBOUR, html_doc
from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.web import create_app

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
ORCHARD = ("<p>Apple growers in the Varnholt valley began the harvest a week early after a warm spring, the "
           "growers' association said.</p><p>Pickers expect a large crop of late varieties, the association "
           "added, and the cider presses will open in the first week of September.</p>")


_doc = html_doc


HARBOUR_DOCS = (
    _doc("https://one.example.org/a", "Port Elsworth container traffic at a record", HARBOUR,
         "The mayor welcomed the figures at a press conference."),
    _doc("https://two.example.net/b", "Record quarter for Port Elsworth dock workers", HARBOUR,
         "Unions said overtime had doubled since the quay opened."),
    _doc("https://six.example.com/f", "Port Elsworth quay busier than ever", HARBOUR,
         "A second crane is to arrive before the summer."))


def _merged(tmp_path, n_harbour: int = 2):
    """A harbour story (``n_harbour`` articles) and an orchard story (two), the orchard one merged into the
    harbour one: (nl, harbour article ids, orchard article ids)."""
    nl = open_newsloom(Settings(data_dir=tmp_path), clock=lambda: NOW)
    harbour = nl.ingest_documents(HARBOUR_DOCS[:n_harbour])
    orchard = nl.ingest_documents([
        _doc("https://three.example.com/c", "Early harvest in Varnholt", ORCHARD,
             "Growers hired extra pickers from neighbouring towns."),
        _doc("https://four.example.org/d", "Varnholt apple harvest starts a week early", ORCHARD,
             "The first lorries left for the markets on Tuesday.")])
    a, b = harbour[0].story_id, orchard[0].story_id
    assert {r.story_id for r in harbour} == {a} and orchard[1].story_id == b and a != b
    nl.merge_stories(a, b)
    assert nl.story_moved_to(b) == a
    return nl, [r.article_id for r in harbour], [r.article_id for r in orchard]


def _where(nl, story_id: str) -> tuple[str, set[str]]:
    """The story a link to ``story_id`` leads to, and its articles."""
    kind, target = nl.resolve(story_id)
    assert kind == "story"
    return target, set(nl.store.get_story(target).article_ids)


def test_splitting_a_merged_story_back_out_gives_it_its_id_back(tmp_path):
    nl, harbour, orchard = _merged(tmp_path)
    a, b = nl.store.story_of(harbour[0]), None
    try:
        b = nl.store.decisions()[0].other_id
        new = nl.split_story(a, orchard)
        assert new.id == b and set(new.article_ids) == set(orchard)
        assert nl.story_moved_to(b) is None and nl.store.story_alias(b) is None
        assert _where(nl, b) == (b, set(orchard))
        assert _where(nl, a) == (a, set(harbour))
        with TestClient(create_app(nl), raise_server_exceptions=False) as client:
            assert client.get(f"/stories/{b}", follow_redirects=False).status_code == 200
        nl.ingest_documents([_doc("https://five.example.net/e", "Varnholt pickers at work", ORCHARD,
                                  "Schools closed for a day so that families could help.")])
    finally:
        nl.close()
    again = open_newsloom(Settings(data_dir=tmp_path), clock=lambda: NOW)  # a restart
    try:
        assert _where(again, b)[0] == b and set(orchard) <= _where(again, b)[1]
        assert _where(again, a) == (a, set(harbour))
        again.recluster()  # the decisions replayed: the same stories under the same ids
        assert _where(again, b)[0] == b and set(orchard) <= _where(again, b)[1]
        assert _where(again, a) == (a, set(harbour))
    finally:
        again.close()


def test_a_split_taking_a_merged_story_with_as_many_others_leads_its_links_there(tmp_path):
    nl, harbour, orchard = _merged(tmp_path, 3)
    a = nl.store.story_of(harbour[0])
    b = nl.store.decisions()[0].other_id
    try:
        # the orchard articles and as many harbour ones: not the orchard story (it gets a new id), but the
        # orchard story's links lead there (the harbour story kept none of its articles)
        moving = {*orchard, *harbour[1:]}
        new = nl.split_story(a, sorted(moving))
        assert new.id not in (a, b)
        assert nl.story_moved_to(b) == new.id
        assert _where(nl, b) == (new.id, moving)
        with TestClient(create_app(nl), raise_server_exceptions=False) as client:
            page = client.get(f"/stories/{b}", follow_redirects=False)
            assert page.status_code == 301 and page.headers["location"] == f"/stories/{new.id}"
    finally:
        nl.close()
    again = open_newsloom(Settings(data_dir=tmp_path), clock=lambda: NOW)
    try:
        assert again.story_moved_to(b) == new.id
        again.recluster()
        assert _where(again, b)[1] >= set(orchard)
    finally:
        again.close()


def test_a_split_taking_most_of_a_merged_story_with_a_few_others_gives_it_its_id_back(tmp_path):
    nl, harbour, orchard = _merged(tmp_path, 3)
    a = nl.store.story_of(harbour[0])
    b = nl.store.decisions()[0].other_id
    try:
        new = nl.split_story(a, [*orchard, harbour[2]])  # two of its two, and one more: mostly the orchard story
        assert new.id == b and nl.story_moved_to(b) is None
        assert _where(nl, b) == (b, {*orchard, harbour[2]})
    finally:
        nl.close()


def test_a_split_of_the_story_s_own_articles_leaves_the_merged_story_s_links_alone(tmp_path):
    nl, harbour, orchard = _merged(tmp_path)
    a = nl.store.story_of(harbour[0])
    b = nl.store.decisions()[0].other_id
    try:
        new = nl.split_story(a, [harbour[1]])
        assert new.id not in (a, b)
        assert nl.story_moved_to(b) == a  # its articles are still there
        assert _where(nl, b)[1] >= set(orchard)
    finally:
        nl.close()


def test_an_alias_keeps_the_articles_of_its_story_through_later_merges(tmp_path):
    from newsloom.model import Story
    from newsloom.store import open_store

    store = open_store(tmp_path / "s.db")
    try:
        store.save_stories([Story("b", "B")], drop=["c"], aliases={"c": "b"}, alias_articles={"c": ["c1", "c2"]})
        store.save_stories([Story("a", "A")], drop=["b"], aliases={"b": "a"}, alias_articles={"b": ["b1", "c1", "c2"]})
        store.save_stories([], drop=["x"], aliases={"x": "a"})  # recorded before articles were: unknown
        assert store.aliases_to("a") == {"b": ["b1", "c1", "c2"], "c": ["c1", "c2"], "x": None}
        store.save_stories([], aliases={"c": "b"})  # led elsewhere: its articles stay as recorded
        assert store.aliases_to("b") == {"c": ["c1", "c2"]}
    finally:
        store.close()
