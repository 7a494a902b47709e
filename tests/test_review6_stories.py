"""Review 6, story ids: a new story id (user split, automatic split, a re-cluster's story that continues
none) is never one that is open, stored or a merged-away alias (but for a user split that moves a merged-away
story's articles back out, which takes its id back), so no split overwrites a story that still exists and
orphans its articles; an id that comes back drops its stale alias. And a merged-away id is
followed where a user names it: ``newsloom show`` shows the story it went into, merge and split say where
it went."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.errors import NotFoundError
from newsloom.model import Article, Story, content_hash
from newsloom.store import open_store
from newsloom.stories import ClusterConfig, StoryClusterer, StoryService
from newsloom.stories.decisions import story_id_for
from newsloom.stories.features import ArticleFeatures
from test_stories_rejoin import _terms_model
from test_stories_split import _mixed

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
WORDS = {  # three unrelated events, well apart in every term: stories A, B and C
    "a1": ["harbour", "elsworth", "container", "record"], "b1": ["varnholt", "apple", "harvest", "growers"],
    "c1": ["calder", "ferry", "landing", "council"],
}


def _features(aid: str) -> ArticleFeatures:
    return ArticleFeatures(article_id=aid, title=aid, terms={w: 1.0 for w in WORDS[aid]}, entity_words={})


def _ingest(service: StoryService) -> dict[str, str]:
    """Each article stored and through the service as ingest runs it; article -> its story."""
    for aid, words in WORDS.items():
        article = Article(id=aid, title=f"Report {aid}", text=" ".join(words).capitalize() + ".",
                          content_hash=content_hash(aid), url=f"https://news.example.org/{aid}")
        service.store.put_article(article)
        service.process(article, now=NOW, features=_features(aid))
    return {aid: service.store.story_of(aid) for aid in WORDS}


def _consistent(store) -> None:
    """Every membership row names a stored story that lists the article, and every stored story lists
    exactly its members (no orphan, no story listing an article it does not hold)."""
    stories = {s.id: s for s in store.list_stories(limit=0)}
    members = store.memberships()
    for aid, sid in members.items():
        assert sid in stories and aid in stories[sid].article_ids, (aid, sid)
    for sid, story in stories.items():
        assert sorted(story.article_ids) == sorted(a for a, s in members.items() if s == sid), sid
        assert store.story_alias(sid) is None, sid  # a live id is nobody's merged-away alias


@pytest.fixture
def store(tmp_path):
    """An SQLite store in a file, closed after the test."""
    opened = open_store(tmp_path / "s.db")
    yield opened
    opened.close()


def test_a_split_never_reuses_the_id_of_a_story_that_still_exists(store):
    service = StoryService(store)
    ids = _ingest(service)
    a, b, c = ids["a1"], ids["b1"], ids["c1"]
    assert len({a, b, c}) == 3
    service.merge(a, b, now=NOW)  # A = a1 b1
    s = service.split(a, ["b1"], now=NOW).id  # S = b1: the merge undone, under B's id again
    assert s == b and store.story_alias(b) is None
    service.merge(s, c, now=NOW)  # S = b1 c1
    t = service.split(s, ["b1"], now=NOW).id  # T = b1, S = c1 (b1 is not C's: a new id)
    assert t == story_id_for("split:" + s + ":b1") and store.story_alias(c) == s
    service.merge(a, t, now=NOW)  # b1 back in A
    again = service.split(a, ["b1"], now=NOW).id  # T's articles leave A again: T's id back
    assert again == t and again not in (a, b, c, s)
    assert store.story_of("c1") == s and store.get_story(s).article_ids == ("c1",)
    assert store.get_story(again).article_ids == ("b1",)
    _consistent(store)

    service.recluster(now=NOW)
    _consistent(store)
    assert store.story_of("b1") == again  # the user's split story keeps its id
    assert store.story_of("c1") == s and store.story_of("a1") == a


# -- the same sequence through the command line ---------------------------------------------------------
def _home(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A store at ``tmp_path`` (``--data-dir``) holding stories A, B and C; article -> its story."""
    store = open_store(Settings(data_dir=tmp_path).db_path)
    try:
        return tmp_path, _ingest(StoryService(store))
    finally:
        store.close()


def _cli(home: Path, *args: str) -> tuple[int, str]:
    """``newsloom ARGS --data-dir HOME`` in process (the real commands; exit code, stdout + stderr)."""
    from newsloom.cli import app, eval_app
    from newsloom.cli.commands import register

    if not any(group.name == "stories" for group in app.registered_groups):
        register(app, eval_app)
    run = CliRunner().invoke(app, [*args, "--data-dir", str(home)])
    return run.exit_code, run.output


def _new_id(home: Path, *args: str) -> str:
    code, out = _cli(home, "stories", *args)
    assert code == 0, out
    return out.split(":", 1)[0]


def _listing_is_whole(home: Path, n_articles: int) -> dict[str, list[str]]:
    """``stories --json``: every article counted once, in the story ``stories why`` names; story -> articles."""
    code, out = _cli(home, "stories", "--json", "--limit", "0")
    assert code == 0, out
    listed = {s["id"]: sorted(a["id"] for a in s["articles"]) for s in json.loads(out)}
    assert sum(len(ids) for ids in listed.values()) == n_articles
    for sid, ids in listed.items():
        for aid in ids:
            code, out = _cli(home, "stories", "why", aid, "--json")
            assert code == 0 and json.loads(out)["story_id"] == sid, out
    return listed


def test_the_reported_sequence_from_the_cli_orphans_nothing_and_keeps_the_split_id(tmp_path):
    home, ids = _home(tmp_path)
    a, b, c = ids["a1"], ids["b1"], ids["c1"]
    assert _new_id(home, "merge", a, b) == a
    s = _new_id(home, "split", a, "b1")
    assert _new_id(home, "merge", s, c) == s
    t = _new_id(home, "split", s, "b1")
    assert _new_id(home, "merge", a, t) == a
    again = _new_id(home, "split", a, "b1")
    assert s == b and again == t and len({a, s, t}) == 3  # each split undid a merge: the id merged away back
    assert _listing_is_whole(home, 3) == {a: ["a1"], s: ["c1"], again: ["b1"]}
    code, out = _cli(home, "stories", "recluster")
    assert code == 0, out
    assert _listing_is_whole(home, 3) == {a: ["a1"], s: ["c1"], again: ["b1"]}


# -- merged-away ids ----------------------------------------------------------------------------------
def test_a_split_never_takes_a_merged_away_id_but_that_of_the_story_it_moves_out_again(store):
    service = StoryService(store)
    ids = _ingest(service)
    a, b, c = ids["a1"], ids["b1"], ids["c1"]
    service.merge(a, b, now=NOW)
    service.merge(a, c, now=NOW)  # A = a1 b1 c1
    first = story_id_for("split:" + a + ":a1")  # the id a split of a1 takes first: merged away (elsewhere)
    store.save_stories([], drop=[first], aliases={first: a})
    s = service.split(a, ["a1"], now=NOW).id  # neither B's nor C's articles: a new id
    assert s == story_id_for(first) and store.story_alias(first) == a and store.story_alias(s) is None
    assert store.story_alias(b) == store.story_alias(c) == a  # their articles are still in A
    again = service.split(a, ["b1"], now=NOW).id  # B's articles leave A: the merge of B undone
    assert again == b and store.story_alias(b) is None and store.story_alias(c) == a
    _consistent(store)


def test_an_id_stored_again_drops_its_stale_alias(store):
    store.save_stories([Story("a", "A")], drop=["b"], aliases={"b": "a"})
    assert store.story_alias("b") == "a"
    store.save_stories([Story("b", "B is back")])
    assert store.story_alias("b") is None and store.get_story("b").title == "B is back"
    store.save_stories([], drop=["b"], aliases={"b": "a"})
    assert store.story_id_taken("b") and store.story_id_taken("a") and not store.story_id_taken("never-was")


def test_an_automatic_split_takes_no_merged_away_or_stored_id(store):
    service = StoryService(store)
    service.clusterer.model = _terms_model()
    quake = story_id_for("q0")
    derived = story_id_for("auto-split:" + quake + ":b0")  # the id the split would take first
    store.save_stories([Story("selsewhere", "elsewhere")], drop=[derived], aliases={derived: "selsewhere"})
    store.save_stories([Story(story_id_for(derived), "a stored story")])  # and the next one is stored
    for f in _mixed():  # copies forced into q0's story: two events in one story, split at 9 members
        art = Article(id=f.article_id, title=f.title, text=" ".join(f.terms), content_hash=content_hash(f.article_id))
        store.put_article(art)
        service.process(art, now=NOW, features=f, copy_of=None if f.article_id == "q0" else "q0")
    budget = store.story_of("b0")
    assert store.story_of("q0") == quake and budget == story_id_for(story_id_for(derived))
    assert store.story_alias(derived) == "selsewhere" and store.get_story(story_id_for(derived)).title == \
        "a stored story"
    assert store.get_story(budget).article_ids == ("b0", "b1", "b2", "b3")


def test_a_recluster_gives_no_story_that_continues_none_a_merged_away_id(store):
    service = StoryService(store)
    _ingest(service)
    store.replace_stories([], [])  # the features stay; no story holds the articles any more
    lost = story_id_for("c1")  # c1's own id, once merged away into another story
    store.save_stories([Story("selsewhere", "elsewhere")], drop=[lost], aliases={lost: "selsewhere"})
    service.recluster(now=NOW)
    assert store.story_of("c1") == story_id_for(lost) and store.story_alias(lost) == "selsewhere"
    assert store.story_of("a1") == story_id_for("a1")


def test_restore_drops_the_members_a_story_no_longer_holds():
    clusterer = StoryClusterer(ClusterConfig(), model=_terms_model())
    clusterer.restore("s1", [_features("a1"), _features("b1")])
    assert clusterer.story_ids() == {"a1": "s1", "b1": "s1"}
    clusterer.restore("s1", [_features("a1")])
    assert clusterer.story_ids() == {"a1": "s1"}


# -- a merged-away id named by a user ------------------------------------------------------------------
def test_show_follows_a_merged_away_id_and_merge_and_split_say_where_it_went(tmp_path):
    home, ids = _home(tmp_path)
    a, b, c = ids["a1"], ids["b1"], ids["c1"]
    assert _new_id(home, "merge", a, b) == a
    code, out = _cli(home, "show", b)
    assert code == 0, out
    assert out.splitlines()[0] == f"{b} was merged into {a}" and "2 articles" in out
    code, out = _cli(home, "show", b, "--json")
    assert code == 0, out
    shown = json.loads(out)
    assert shown["id"] == a and shown["merged_from"] == b and shown["article_count"] == 2
    code, out = _cli(home, "show", a, "--json")
    assert code == 0 and "merged_from" not in json.loads(out)
    for args in (("merge", c, b), ("merge", b, c), ("split", b, "b1")):
        code, out = _cli(home, "stories", *args)
        assert code == 1 and f"{b}: no such open story: it was merged into {a}" in " ".join(out.split()), out
    code, out = _cli(home, "stories", "merge", c, "never-was")
    assert code == 1 and "never-was: no such story" in out and "merged" not in out
    code, out = _cli(home, "show", "never-was")
    assert code == 1 and "no article or story" in out


def test_resolve_follows_an_alias_only_to_a_stored_story(tmp_path):
    nl = open_newsloom(Settings(data_dir=tmp_path))
    try:
        nl.store.save_stories([Story("skept", "kept")], drop=["sgone"], aliases={"sgone": "skept", "sold": "smissing"})
        assert nl.resolve("skept") == ("story", "skept") and nl.story_moved_to("skept") is None
        assert nl.resolve("sgone") == ("story", "skept") and nl.story_moved_to("sgone") == "skept"
        assert nl.story_moved_to("sold") is None
        with pytest.raises(NotFoundError):
            nl.resolve("sold")
    finally:
        nl.close()
