"""Acceptance: the two seed pages form one story; another NATO event with the same actors does not."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsloom.embed import Embedder
from newsloom.model import Article
from newsloom.stories import StoryClusterer, featurize

BOILERPLATE = ("ADVERTISEMENT", "Related Topics", "What to read next", "Related Articles", "Back to top",
               "USTimeToday is an automatic", "We are part of The Trust Project", "Copyright ")

# Our own text (not from any outlet): same actors (NATO, Stoltenberg, Russia, Ukraine), another event.
OTHER_EVENT = """NATO leaders agree to invite Finland and Sweden at Madrid summit

MADRID, June 29, 2022 - NATO leaders meeting in Madrid on Wednesday formally invited Finland and Sweden
to join the alliance after Turkey lifted its objections in a memorandum signed late on Tuesday.

Secretary General Jens Stoltenberg said the summit would also agree a new Strategic Concept naming Russia
as the most significant and direct threat to allied security, and raise the number of high-readiness
forces to more than 300,000.

"This is a historic summit," Stoltenberg told reporters at the IFEMA conference centre, adding that the
accession protocols for Helsinki and Stockholm would be signed in Brussels next week.

Turkish President Tayyip Erdogan said Ankara had obtained what it wanted on extraditions and arms exports.
Ukraine's President Volodymyr Zelenskiy addressed the leaders by video link and asked for more artillery.
"""


def _clean(text: str) -> tuple[str, str]:
    """Title and body of a seed page with its obvious boilerplate lines removed."""
    paras = [p.strip() for p in text.split("\n\n") if p.strip()]
    keep = [p for p in paras if not p.startswith(BOILERPLATE) and not p.startswith("http")]
    cut = next((i for i, p in enumerate(keep) if p.startswith(("(Reporting by", "Karmanau reported"))),
               len(keep))
    return keep[0], "\n\n".join(keep[1:cut])


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder.for_stories()


@pytest.fixture(scope="module")
def seed_articles(seeds_dir: Path) -> list[Article]:
    when = datetime(2022, 2, 16, 15, tzinfo=UTC)
    out = []
    for i, path in enumerate(sorted(seeds_dir.glob("*.txt"))):
        title, body = _clean(path.read_text(encoding="utf-8"))
        out.append(Article(id=f"seed-{i}", title=title, text=body, source=f"outlet-{i}", published=when))
    assert len(out) == 2
    return out


def _other(published: datetime | None) -> Article:
    title, body = OTHER_EVENT.split("\n\n", 1)
    return Article(id="other", title=title, text=body, source="fixture", published=published)


def test_seed_pages_form_one_story(seed_articles, embedder):
    clusterer = StoryClusterer()
    first = clusterer.assign(featurize(seed_articles[0], embedder=embedder))
    second = clusterer.assign(featurize(seed_articles[1], embedder=embedder))
    assert first.new_story
    assert second.story_id == first.story_id and second.reason == "similarity"
    assert {"nato", "stoltenberg"} & set(second.shared_terms)
    assert second.shared_entities


@pytest.mark.parametrize("same_day", [True, False], ids=["same-publish-time", "real-publish-time"])
def test_same_actors_other_event_stays_apart(seed_articles, embedder, same_day):
    clusterer = StoryClusterer()
    story = None
    for art in seed_articles:
        story = clusterer.assign(featurize(art, embedder=embedder)).story_id
    when = seed_articles[0].published if same_day else datetime(2022, 6, 29, 12, tzinfo=UTC)
    other = clusterer.assign(featurize(_other(when), embedder=embedder))
    assert other.story_id != story and other.new_story
