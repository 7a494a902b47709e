"""`newsloom serve` and `newsloom run` as real processes, fetched over HTTP on a free port."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from helpers import cli, running_server


@pytest.fixture(scope="module")
def home(tmp_path_factory, seeds_dir):
    home = tmp_path_factory.mktemp("served")
    assert cli("ingest", str(seeds_dir), home=home).returncode == 0
    return home


def test_serve_answers_pages_and_api(home):
    with running_server("serve", home=home) as base:
        front = httpx.get(base + "/")
        assert front.status_code == 200 and "NATO" in front.text
        stories = httpx.get(base + "/api/v1/stories").json()["stories"]
        assert len(stories) == 1 and stories[0]["article_count"] == 2
        story = httpx.get(f"{base}/stories/{stories[0]['id']}")
        assert story.status_code == 200 and "Reuters" in story.text
        assert httpx.get(base + "/docs").status_code == 200
        assert httpx.get(base + "/sources").status_code == 200


def test_run_polls_a_local_feed_and_serves_what_it_found(tmp_path):
    from servers import Reply, ScriptedServer  # the sources stage's scripted test server

    # one entry of the last hour, one from 2022: the run's poller gathers only entries of the last 7 days
    feed = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Local Wire</title><link>http://x/</link>'
            b"<item><title>Port traffic hits a record</title><link>{base}/a1</link><guid>a1</guid>"
            b"<pubDate>{now}</pubDate><description>The harbour authority said shipping "
            b"traffic rose by a tenth in the first quarter, with container volumes at a record.</description>"
            b"</item><item><title>Harbour opens a new quay</title><link>{base}/a0</link><guid>a0</guid>"
            b"<pubDate>Wed, 16 Feb 2022 10:00:00 GMT</pubDate><description>An old story.</description></item>"
            b"</channel></rss>")
    now = format_datetime(datetime.now(UTC) - timedelta(hours=1), usegmt=True).encode()
    page = (b"<html><head><title>Port traffic hits a record</title></head><body><article><h1>Port traffic hits a "
            b"record</h1><p>The harbour authority said on Monday that shipping traffic rose by a tenth in the first "
            b"quarter, with container volumes at a record for the season.</p><p>Officials expect growth to "
            b"continue through the summer, the authority added in a statement.</p></article></body></html>")
    with ScriptedServer() as server:
        server.route("/feed.xml", Reply(body=feed.replace(b"{base}", server.base.encode()).replace(b"{now}", now),
                                        content_type="application/rss+xml"))
        server.route("/a1", Reply(body=page))
        server.route("/a0", Reply(body=page.replace(b"Port traffic hits a record", b"Harbour opens a new quay")))
        server.route("/robots.txt", Reply(body=b"User-agent: *\nAllow: /\n", content_type="text/plain"))
        opml = tmp_path / "feeds.opml"
        opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
                        f'<outline type="rss" text="Local Wire" xmlUrl="{server.base}/feed.xml"/></body></opml>')
        home = tmp_path / "home"
        home.mkdir()
        env = {"NEWSLOOM_ALLOW_PRIVATE": "1"}
        with running_server("run", "--feeds", str(opml), home=home, env=env) as base:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                arts = httpx.get(base + "/api/v1/articles").json()["articles"]
                if arts:
                    break
                time.sleep(0.5)
            assert [a["title"] for a in arts] == ["Port traffic hits a record"]
            assert server.hits("/a0") == 0  # the 2022 entry was not fetched
            sources = httpx.get(base + "/api/v1/sources").json()["sources"]
            assert len(sources) == 1
            assert "Local Wire" in httpx.get(base + "/sources").text


def test_run_without_network_keeps_serving_and_reports_it(tmp_path):
    opml = tmp_path / "feeds.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
                    '<outline type="rss" text="Unreachable" xmlUrl="http://newsloom-test.invalid/feed.xml"/>'
                    '</body></opml>')
    home = tmp_path / "home"
    home.mkdir()
    with running_server("run", "--feeds", str(opml), home=home) as base:
        deadline = time.monotonic() + 45
        error = None
        while time.monotonic() < deadline and not error:
            sources = httpx.get(base + "/api/v1/sources").json()["sources"]
            error = sources[0]["state"]["last_error"] if sources and sources[0]["state"] else None
            time.sleep(0.5)
        assert error, sources
        assert httpx.get(base + "/").status_code == 200
