"""A story that loses articles to a removal (a takedown, an operator's delete) has changed: its title, summary
and members may differ, so it is dated by the removal (RFC 4287: an entry's ``updated`` changes when it changes
significantly), in the store and in the running clusterer, and lists among the most recently updated."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from helpers import HARBOUR, ORCHARD, html_doc
from newsloom.config import Settings
from newsloom.core import open_newsloom

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


_doc = html_doc


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def _two_stories(tmp_path, clock):
    nl = open_newsloom(Settings(data_dir=tmp_path), clock=clock)
    harbour = nl.ingest_documents([
        _doc("https://one.example.org/a", "Port Elsworth container traffic at a record",
             HARBOUR + "<p>The mayor welcomed the figures at a press conference.</p>"),
        _doc("https://two.example.net/b", "Record quarter for Port Elsworth dock workers",
             HARBOUR + "<p>Unions said overtime had doubled since the quay opened.</p>")])
    clock.now = T0 + timedelta(hours=1)
    (orchard,) = nl.ingest_documents([_doc("https://three.example.com/c", "Early harvest in Varnholt", ORCHARD)])
    assert harbour[0].story_id == harbour[1].story_id != orchard.story_id
    assert [s.id for s in nl.stories()] == [orchard.story_id, harbour[0].story_id]  # the orchard is newer
    return nl, harbour, orchard


@pytest.mark.parametrize("how", ["takedown", "delete"])
def test_a_story_that_lost_an_article_is_dated_by_the_removal(tmp_path, how):
    clock = Clock()
    nl, (first, second), orchard = _two_stories(tmp_path, clock)
    removed_at = T0 + timedelta(hours=2)
    clock.now = removed_at
    try:
        if how == "takedown":
            assert nl.takedown("https://one.example.org/a") == [first.article_id]
        else:
            assert nl.delete_articles([first.article_id]) == [first.article_id]
        story = nl.store.get_story(first.story_id)
        assert story.article_ids == (second.article_id,)
        assert story.last_updated == removed_at  # the Atom <updated>, the JSON Feed date_modified
        assert story.first_seen == T0  # when it was first seen does not change
        assert [s.id for s in nl.stories()] == [first.story_id, orchard.story_id]  # most recently updated first
        assert nl.store.get_story(orchard.story_id).last_updated == T0 + timedelta(hours=1)  # untouched
        assert nl.pipeline.stories.clusterer.stories[first.story_id].last_update == removed_at
        clock.now = removed_at + timedelta(minutes=5)
        (more,) = nl.ingest_documents([_doc("https://four.example.org/d", "Port Elsworth quay busier than ever",
                                            HARBOUR + "<p>A second crane is to arrive before the summer.</p>")])
        assert more.story_id == first.story_id
        assert nl.store.get_story(first.story_id).last_updated == removed_at + timedelta(minutes=5)
    finally:
        nl.close()
    again = open_newsloom(Settings(data_dir=tmp_path), clock=clock)
    try:
        assert again.pipeline.stories.clusterer.stories[first.story_id].last_update == removed_at + timedelta(minutes=5)
    finally:
        again.close()


def test_a_closed_story_that_lost_an_article_keeps_its_date(tmp_path):
    clock = Clock()
    nl, (first, second), _ = _two_stories(tmp_path, clock)
    try:
        clock.now = T0 + timedelta(days=30)
        nl.pipeline.stories.close_stale(clock.now)  # as the pipeline does now and then
        assert nl.store.get_story(first.story_id).closed
        before = nl.store.get_story(first.story_id).last_updated
        assert nl.delete_articles([second.article_id]) == [second.article_id]
        story = nl.store.get_story(first.story_id)
        assert story.closed and story.article_ids == (first.article_id,)
        assert story.last_updated == before < T0 + timedelta(days=30)  # not back at the top of the front page
        assert nl.store.last_removal_at() == T0 + timedelta(days=30)  # the feeds' Last-Modified moves
    finally:
        nl.close()


def test_a_removal_dated_before_the_story_does_not_date_it_back(tmp_path):
    clock = Clock()
    nl, (first, _), _ = _two_stories(tmp_path, clock)
    try:
        clock.now = T0 - timedelta(days=1)  # a clock set back
        nl.delete_articles([first.article_id])
        assert nl.store.get_story(first.story_id).last_updated == T0
    finally:
        nl.close()
