"""A feed entry of a story reprinted by many outlets names at most ``FEED_SOURCES`` of them (the originals
first) and says how many more the story page lists: an entry of hundreds of links is no use in a reader."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from fastapi.testclient import TestClient

from helpers import HARBOUR, html_doc
from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.web import create_app
from newsloom.web.feeds import FEED_SOURCES

ATOM = "{http://www.w3.org/2005/Atom}"
N = FEED_SOURCES + 5


def test_an_entry_names_the_first_outlets_and_counts_the_rest(tmp_path):
    nl = open_newsloom(Settings(data_dir=tmp_path))
    try:
        results = nl.ingest_documents([
            html_doc(f"https://outlet{i}.example.org/harbour", "Port Elsworth container traffic at a record",
                     HARBOUR + f"<p>Outlet {i} adds a line of its own about the quay number {i}.</p>")
            for i in range(N)])
        (story,) = {r.story_id for r in results}
        assert len(nl.store.get_story(story).article_ids) == N
        with TestClient(create_app(nl)) as client:
            entry = ET.fromstring(client.get("/feeds/stories.atom").content).find(f"{ATOM}entry")
            related = [link.get("href") for link in entry.findall(f"{ATOM}link") if link.get("rel") == "related"]
            assert len(related) == FEED_SOURCES and related[0] == "https://outlet0.example.org/harbour"  # the original
            assert entry.find(f"{ATOM}summary").text.endswith(f"And {N - FEED_SOURCES} more on the story page.")
            item = client.get("/feeds/stories.json").json()["items"][0]
            assert len(item["_newsloom"]["sources"]) == FEED_SOURCES
            assert item["content_text"].endswith(f"And {N - FEED_SOURCES} more on the story page.")
    finally:
        nl.close()
