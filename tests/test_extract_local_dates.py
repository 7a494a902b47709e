"""A publication time keeps the UTC offset the page declares: "22:30-04:00" on 1 May is published on 1 May,
as the publisher dates it (not on 2 May, as UTC would have it), while it compares, sorts and is stored for
queries as the same moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.extract import extract_article
from newsloom.model import FetchedDocument

STORY = "".join(f"<p>Paragraph {i} of the council story, with enough words to count as prose for any extractor.</p>"
                for i in range(8))
EDT = timezone(timedelta(hours=-4))


def _doc(head: str, url: str = "https://www.lakeside.example/council", body: str = STORY) -> FetchedDocument:
    html = (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Council votes on the budget</title>"
            f"{head}</head><body><article><h1>Council votes on the budget</h1>{body}</article></body></html>")
    return FetchedDocument(url=url, body=html.encode(), content_type="text/html")


def test_the_declared_offset_and_the_publishers_date_are_kept():
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council votes on the budget", '
            '"datePublished": "2020-05-01T22:30:00-04:00"}</script>')
    article = extract_article(_doc(head))
    assert article.published == datetime(2020, 5, 1, 22, 30, tzinfo=EDT) == datetime(2020, 5, 2, 2, 30, tzinfo=UTC)
    assert article.published.utcoffset() == timedelta(hours=-4) and article.published.date().isoformat() == "2020-05-01"


def test_a_utc_time_takes_the_offset_another_field_gives_the_same_moment():
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Council votes on the budget", '
            '"dateCreated": "2017-02-24T01:18:13Z"}</script>'
            '<meta property="article:published_time" content="2017-02-23T17:18:13-08:00">')
    article = extract_article(_doc(head))
    assert article.published.isoformat() == "2017-02-23T17:18:13-08:00"
    assert article.field_sources["published"] == "json-ld"
    other = head.replace("17:18:13-08:00", "16:00:00-08:00")  # another moment: the JSON-LD time stays as it is
    assert extract_article(_doc(other)).published.isoformat() == "2017-02-24T01:18:13+00:00"


def test_htmldate_does_not_replace_a_precise_local_time_with_its_day():
    head = '<meta property="article:published_time" content="2020-05-01T22:30:00-04:00">'
    body = "<p><time datetime='2020-05-01'>May 1, 2020</time></p>" + STORY
    article = extract_article(_doc(head, body=body))
    assert article.published == datetime(2020, 5, 1, 22, 30, tzinfo=EDT)  # was midnight of 1 May, UTC
    assert article.field_sources["published"] == "opengraph"


def test_stored_times_sort_as_moments_whatever_their_offsets(tmp_path):
    nl = open_newsloom(Settings(data_dir=tmp_path))
    try:
        early = '<meta property="article:published_time" content="2020-05-01T22:30:00-04:00">'  # 02:30 UTC
        late = '<meta property="article:published_time" content="2020-05-02T05:00:00+02:00">'  # 03:00 UTC
        (a,) = nl.ingest_documents([_doc(early, "https://www.lakeside.example/a")])
        (b,) = nl.ingest_documents([_doc(late, "https://www.lakeside.example/b",
                                         STORY.replace("council", "harbour"))])
        assert nl.store.get_article(a.article_id).published.isoformat() == "2020-05-01T22:30:00-04:00"
        stories = {a.story_id, b.story_id}
        newest = nl.store.latest_published(stories)
        assert max(newest.values()) == datetime(2020, 5, 2, 3, 0, tzinfo=UTC)  # the +02:00 one, though "05:00" < "22:30"
    finally:
        nl.close()


def test_the_article_page_gives_the_publishers_time_beside_utc(tmp_path):
    from fastapi.testclient import TestClient

    from newsloom.web import create_app

    nl = open_newsloom(Settings(data_dir=tmp_path))
    try:
        head = '<meta property="article:published_time" content="2020-05-01T22:30:00-04:00">'
        (done,) = nl.ingest_documents([_doc(head)])
        with TestClient(create_app(nl)) as client:
            page = client.get(f"/articles/{done.article_id}").text
        assert "2020-05-02 02:30 UTC (2020-05-01 22:30 UTC\u221204:00 as published)" in page
    finally:
        nl.close()


def test_calendar_days_are_utc_days_wherever_articles_are_ordered():
    """One rule for "the same day" in the provenance order and the coverage table: the UTC day (a day-only
    date is stored as that day at midnight UTC); a time kept at another offset is never taken for a day-only
    date, even at midnight UTC."""
    from newsloom.dates import day_only, machine_datetime, shown_datetime
    from newsloom.model import Article
    from newsloom.trace.order import time_order

    day = Article(id="a", title="t", text="x", published=datetime(2020, 5, 2, tzinfo=UTC))  # a bare date
    evening = Article(id="b", title="t", text="x", published=datetime(2020, 5, 1, 22, 30, tzinfo=EDT))  # 02:30 UTC
    # the same UTC day: the days do not tell, and the moments order them as the coverage table does (the
    # evening's local day, 1 May, put it first here while the table put it second)
    assert (time_order(day, evening), time_order(evening, day)) == (-1, 1)
    midnight_utc = datetime(2020, 5, 1, 20, 0, tzinfo=EDT)
    assert not day_only(midnight_utc)
    assert shown_datetime(midnight_utc) == "2020-05-02 00:00 UTC"
    assert machine_datetime(midnight_utc) == "2020-05-01T20:00:00-04:00"
