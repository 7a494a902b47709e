"""Dates known only to the day are shown as a day, not as midnight UTC (sources that give a bare date
are stored at 00:00 UTC); dates with a time keep it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.dates import day_only, machine_datetime, shown_datetime
from newsloom.model import FetchedDocument
from newsloom.web import create_app

BODY = ("<p>The harbour authority of Port Elsworth said that shipping traffic rose by a tenth in the first "
        "quarter, with container volumes at a record high for the season.</p><p>Officials expect growth to "
        "continue through the summer, the authority added in its statement.</p><p>Dock workers said the new "
        "cranes installed in January doubled the unloading speed at the quay.</p>")


def _page(title: str, published: str) -> bytes:
    return (f"<html><head><title>{title}</title><meta property='article:published_time' content='{published}'>"
            f"</head><body><article><h1>{title}</h1>{BODY}</article></body></html>").encode()


def test_day_only_dates_are_told_apart_from_dates_with_a_time():
    day, timed = datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 3, 1, 10, 30, tzinfo=UTC)
    assert day_only(day) and not day_only(timed)
    assert (shown_datetime(day), shown_datetime(timed)) == ("2026-03-01", "2026-03-01 10:30 UTC")
    assert shown_datetime(timed, with_time=False) == "2026-03-01" and shown_datetime(None) == ""
    assert (machine_datetime(day), machine_datetime(timed)) == ("2026-03-01", "2026-03-01T10:30:00+00:00")


@pytest.fixture
def site(tmp_path):
    nl = open_newsloom(Settings(data_dir=tmp_path / "home"))
    docs = [FetchedDocument(url="https://day.example/a", body=_page("Port Elsworth has a record quarter", "2026-03-01")),
            FetchedDocument(url="https://time.example/b",
                            body=_page("Record quarter at Port Elsworth", "2026-03-01T10:30:00Z"))]
    assert all(r.ok for r in nl.ingest_documents(docs))
    ids = {a.url: a.id for a in nl.articles(limit=0)}
    with TestClient(create_app(nl)) as client:
        yield client, ids
    nl.close()


def test_the_article_page_shows_a_bare_date_as_a_day_and_a_time_as_a_time(site):
    client, ids = site
    day = client.get(f"/articles/{ids['https://day.example/a']}").text
    assert '<time datetime="2026-03-01">2026-03-01</time>' in day and "00:00" not in day
    timed = client.get(f"/articles/{ids['https://time.example/b']}").text
    assert '<time datetime="2026-03-01T10:30:00+00:00">2026-03-01 10:30 UTC</time>' in timed
    front = client.get("/").text
    assert "2026-03-01 10:30 UTC" in front and "2026-03-01 00:00" not in front


def test_the_story_page_dates_a_day_only_publication_as_the_day(site):
    client, _ids = site
    story = client.get("/api/v1/stories").json()["stories"][0]
    page = client.get(f"/stories/{story['id']}").text
    assert '<time datetime="2026-03-01">2026-03-01</time>' in page and "2026-03-01T00:00" not in page
