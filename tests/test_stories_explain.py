"""Why an article is in its story, in words shared by `newsloom stories why` and the story page."""

from __future__ import annotations

import pytest

from newsloom.cli.stories import explain
from newsloom.model import StoryAssignment
from newsloom.stories.explain import reason_of, score_note


def _asg(reason: str, score: float = 0.0, probability: float | None = None, new: bool = False) -> StoryAssignment:
    return StoryAssignment("a1", "s1", score, new, ("quay",), ("Port Elsworth",), reason, probability)


@pytest.mark.parametrize(("reason", "said", "article", "story"), [
    ("similarity", "similar to the story", None, None),
    ("", "similar to the story", None, None),  # records from before reasons were written
    ("new", "started this story", None, None),
    ("copy-of:d0a2", "a copy of", "d0a2", None),
    ("auto-split:s77", "split off automatically from", None, "s77"),
    ("auto-merge:s12", "moved here when its story was merged into this one automatically", None, None),
    ("user-merge", "placed here by a user merge", None, None),
    ("user-split", "placed here by a user split", None, None),
])
def test_each_reason_is_said_in_words_with_what_it_refers_to(reason, said, article, story):
    why = reason_of(_asg(reason))
    assert (why.said, why.article, why.story) == (said, article, story)


def test_the_score_is_what_decided_on_its_own_scale():
    assert score_note(_asg("similarity", 1.12, 0.87), 0.3) == (
        "0.87 likely to report this story's event, where joining takes 0.30; similarity score 1.12")
    assert score_note(_asg("similarity", 0.72), 0.3) == "similarity score 0.72"  # no model decided
    assert score_note(_asg("new", 0.2, 0.12, new=True), 0.3) == (
        "the closest open story was 0.12 likely, short of the 0.30 joining takes")
    assert score_note(_asg("new", 0.2, 0.2996, new=True), 0.3) == (  # rounded down, never "0.30, short of 0.30"
        "the closest open story was 0.29 likely, short of the 0.30 joining takes")
    assert score_note(_asg("new", new=True), 0.3) is None  # no open story to compare with
    for reason in ("copy-of:d0a2", "user-merge", "auto-merge:s12", "auto-split:s77"):
        assert score_note(_asg(reason, 1.31, 0.9), 0.3) is None  # not decided by a score


def test_the_cli_line_names_ids_and_the_deciding_score():
    assert explain(_asg("similarity", 1.12, 0.87), 0.3) == (
        "a1 -> s1: similar to the story (0.87 likely to report this story's event, where joining takes 0.30; "
        "similarity score 1.12); shared terms: quay; shared entities: Port Elsworth")
    assert explain(_asg("copy-of:d0a2", 1.31), 0.3).startswith("a1 -> s1: a copy of d0a2; shared terms")
