"""Opening a store builds no pipeline: reads (the CLI's listings and `show`, the web pages and API, a read-only
`newsloom serve`) go to the store only, and answer as a facade whose pipeline is built does; the first write
(ingest, merge, split, re-cluster, takedown, delete) builds it, and takes in what other processes wrote
before it was built. At 100,000 articles the build reads every fingerprint and the open stories for 13-20 s:
a read-only command must not pay that."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from newsloom.config import Settings
from newsloom.core import Newsloom, build_pipeline, open_newsloom
from newsloom.web import create_app
from test_store_processes import OTHER, _ingest


def _fill(home) -> dict[str, str]:
    """A small store: a harbour story of two articles and an orchard story; their ids."""
    nl = open_newsloom(Settings(data_dir=home))
    try:
        a = _ingest(nl, "https://one.example.org/a", "Port Elsworth traffic at a record")
        b = _ingest(nl, "https://two.example.net/b", "Record quarter at Port Elsworth")
        c = _ingest(nl, "https://farm.example.net/c", "Early harvest in Varnholt", OTHER)
        assert a.story_id == b.story_id != c.story_id
        return {"a": a.article_id, "b": b.article_id, "c": c.article_id, "harbour": a.story_id,
                "orchard": c.story_id}
    finally:
        nl.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    home = tmp_path_factory.mktemp("lazy")
    return home, _fill(home)


def no_build(monkeypatch) -> None:
    """Building the pipeline fails the test: neither the copy index nor the stories stage may be loaded."""
    from newsloom.stories import StoryService
    from newsloom.trace import CopyIndex

    def boom(*_args, **_kwargs):
        raise AssertionError("the pipeline was built by a read")

    monkeypatch.setattr(CopyIndex, "load", boom)
    monkeypatch.setattr(StoryService, "__init__", boom)


def _reads(nl: Newsloom, ids: dict[str, str]) -> dict:
    return {"stories": nl.stories(), "articles": nl.articles(), "story": nl.story_view(ids["harbour"]),
            "orchard": nl.story_view(ids["orchard"]), "article": nl.article_view(ids["a"]),
            "resolve": [nl.resolve(ids["b"]), nl.resolve("https://one.example.org/a"), nl.resolve(ids["orchard"])],
            "search": nl.search("harbour"), "sources": nl.source_health(), "takedowns": nl.takedowns(revoked=True),
            "join": nl.join_probability, "moved": nl.story_moved_to(ids["harbour"]),
            "provenance": nl.provenance_of([ids["a"], ids["b"], ids["c"]])}


def test_opening_and_reading_build_no_pipeline_and_answer_as_a_built_one(store, monkeypatch):
    home, ids = store
    settings = Settings(data_dir=home)
    built = open_newsloom(settings)
    try:
        assert built.pipeline is not None and built.pipeline_built  # asked for: built
        expected = _reads(built, ids)
    finally:
        built.close()
    no_build(monkeypatch)
    nl = open_newsloom(settings)
    try:
        assert _reads(nl, ids) == expected
        assert not nl.pipeline_built
    finally:
        nl.close()


def _cli(home, *args: str) -> tuple[int, str]:
    from typer.testing import CliRunner

    from newsloom.cli import app, eval_app
    from newsloom.cli.commands import register

    if not any(group.name == "stories" for group in app.registered_groups):
        register(app, eval_app)
    run = CliRunner().invoke(app, [*args, "--data-dir", str(home)])
    return run.exit_code, run.output


def test_read_only_commands_build_no_pipeline(store, monkeypatch):
    home, ids = store
    expected = {}
    for args in (["stories", "--json"], ["articles", "--json"], ["show", ids["harbour"], "--json"]):
        code, expected[args[0]] = _cli(home, *args)
        assert code == 0
    no_build(monkeypatch)
    for args in (["stories"], ["articles"], ["search", "harbour"], ["errors"], ["sources"], ["takedowns"],
                 ["show", ids["a"]], ["show", ids["harbour"]], ["stories", "why", ids["b"]]):
        code, out = _cli(home, *args)
        assert code == 0, (args, out)
    for args in (["stories", "--json"], ["articles", "--json"], ["show", ids["harbour"], "--json"]):
        assert _cli(home, *args) == (0, expected[args[0]])
    shown = json.loads(expected["show"])
    assert shown["type"] == "story" and {a["id"] for a in shown["articles"]} == {ids["a"], ids["b"]}


def test_a_read_only_server_builds_no_pipeline(store, monkeypatch):
    home, ids = store
    no_build(monkeypatch)
    nl = open_newsloom(Settings(data_dir=home))
    try:
        with TestClient(create_app(nl)) as client:
            for path in ("/", f"/stories/{ids['harbour']}", f"/api/v1/stories/{ids['harbour']}",
                         f"/articles/{ids['a']}", f"/api/v1/articles/{ids['a']}", "/search?q=harbour",
                         "/api/v1/search?q=harbour", "/sources", "/feeds/stories.atom", "/feeds/stories.json"):
                assert client.get(path).status_code == 200, path
        assert not nl.pipeline_built
    finally:
        nl.close()


def test_newsloom_serve_opens_the_store_only(store, monkeypatch):
    """``newsloom serve`` as the CLI starts it (uvicorn's serving replaced by requests to the app)."""
    import httpx
    import uvicorn

    import newsloom.web
    from helpers import free_port
    from newsloom.cli.serve import serve_forever

    home, ids = store
    no_build(monkeypatch)
    opened, answers = [], []
    real_create_app = newsloom.web.create_app
    monkeypatch.setattr(newsloom.web, "create_app", lambda nl, **kw: opened.append(nl) or real_create_app(nl, **kw))

    async def serve(self, sockets=None):
        transport = httpx.ASGITransport(app=self.config.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            for path in ("/", f"/stories/{ids['harbour']}", f"/api/v1/articles/{ids['a']}"):
                answers.append((await client.get(path)).status_code)

    monkeypatch.setattr(uvicorn.Server, "serve", serve)
    serve_forever(Settings(data_dir=home, port=free_port()), poll=False)
    assert answers == [200, 200, 200]
    assert len(opened) == 1 and not opened[0].pipeline_built


def test_the_first_write_builds_the_pipeline_and_works(tmp_path):
    ids = _fill(tmp_path)
    nl = open_newsloom(Settings(data_dir=tmp_path))
    try:
        before = nl.story_view(ids["harbour"])
        assert not nl.pipeline_built
        d = _ingest(nl, "https://three.example.com/d", "Port Elsworth quarter")
        assert nl.pipeline_built and d.story_id == ids["harbour"]
        assert d.article_id in nl.pipeline.copy_index
        after = nl.story_view(ids["harbour"])
        assert {a.id for a in after.articles} == {a.id for a in before.articles} | {d.article_id}
        merged = nl.merge_stories(ids["harbour"], ids["orchard"])
        assert ids["c"] in merged.article_ids
    finally:
        nl.close()


@pytest.mark.parametrize("write", ["merge", "takedown", "recluster", "delete"])
def test_each_write_builds_the_pipeline(tmp_path, write):
    ids = _fill(tmp_path)
    nl = open_newsloom(Settings(data_dir=tmp_path))
    try:
        nl.stories()
        assert not nl.pipeline_built
        if write == "merge":
            nl.merge_stories(ids["harbour"], ids["orchard"])
        elif write == "takedown":
            assert nl.takedown("https://one.example.org/a") == [ids["a"]]
            assert ids["a"] not in nl.pipeline.stories.clusterer.members
        elif write == "recluster":
            nl.recluster()
        else:
            assert nl.delete_articles([ids["c"]]) == [ids["c"]]
            assert ids["c"] not in nl.pipeline.stories.clusterer.members
        assert nl.pipeline_built
    finally:
        nl.close()


def test_a_pipeline_built_late_holds_what_another_process_wrote_after_the_open(tmp_path):
    from test_store_processes import _clusterer_state, _fresh

    ids = _fill(tmp_path)
    settings = Settings(data_dir=tmp_path)
    server, cli = open_newsloom(settings), open_newsloom(settings)  # both opened, neither built
    try:
        server.story_view(ids["harbour"])
        b = _ingest(cli, "https://four.example.net/e", "Record Port Elsworth quarter again")
        cli.merge_stories(ids["harbour"], ids["orchard"])
        assert not server.pipeline_built
        d = _ingest(server, "https://three.example.com/d", "Port Elsworth quarter")
        assert b.article_id in server.pipeline.copy_index
        assert _clusterer_state(server.pipeline.stories.clusterer) == _fresh(server.store)
        assert server.store.story_of(d.article_id) == server.store.story_of(ids["c"])  # the merge holds
        _ingest(cli, "https://five.example.net/f", "Varnholt harvest early", OTHER)  # and back the other way
        _ingest(server, "https://six.example.com/g", "Port Elsworth ships")
        assert _clusterer_state(server.pipeline.stories.clusterer) == _fresh(server.store)
    finally:
        server.close()
        cli.close()


def test_a_facade_without_a_pipeline_still_reads_and_says_the_default_join_probability(store):
    from newsloom.store import open_store
    from newsloom.stories.scoring import ClusterConfig

    home, ids = store
    st = open_store(home / "newsloom.db")
    try:
        nl = Newsloom(st, None)
        assert nl.pipeline is None and not nl.pipeline_built
        assert nl.join_probability == ClusterConfig().join_probability
        assert {a.id for a in nl.story_view(ids["harbour"]).articles} == {ids["a"], ids["b"]}
        eager = Newsloom(st, build_pipeline(st))
        assert eager.pipeline_built and eager.join_probability == nl.join_probability
    finally:
        st.close()


def test_the_command_line_starts_without_scikit_learn():
    """A read-only command is quick to start: the stop words of clustering (scikit-learn's list) are read when
    first needed, not when the store or the CLI is imported."""
    import subprocess
    import sys

    code = "import sys, newsloom.cli, newsloom.store, newsloom.web; print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", out.stderr
