"""Acceptance on the two seed pages: line up what Stoltenberg is quoted saying in each source.

The seed pages are read through the ``seeds_dir`` fixture (never copied into the repo); the
assertions name speakers, outlets, numbers and single words, not the articles' sentences.

"What each source adds" counts a sentence as shared when another source states the same fact in
enough of the same (stemmed) words. A paraphrase in other words is not recognised: AP's sentence
that NATO saw no sign of Moscow reducing its troops still counts as AP's own (the packaged MiniLM
did not separate it either: 0.55 cosine, below several pairs of different facts in this story).
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from helpers import extract_seeds
from newsloom.compare import compare_coverage, split_sentences
from newsloom.core import Newsloom
from newsloom.model import Story
from newsloom.policy import display_text
from newsloom.serialize import to_jsonable
from newsloom.trace import resolve_provenance


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    return extract_seeds(seeds_dir)


def _no_lookup(_article_id):
    return None


@pytest.fixture(scope="module")
def provenance(seeds):
    return {a.id: resolve_provenance(a, (), _no_lookup) for a in seeds.values()}


@pytest.fixture(scope="module")
def coverage(seeds, provenance):
    story = Story("seed", "NATO", article_ids=tuple(a.id for a in seeds.values()))
    return compare_coverage(story, list(seeds.values()), provenance)


def test_every_quote_of_a_named_speaker_is_attributed(seeds, coverage):
    speakers = set(coverage.quotes_by_speaker)
    assert {"Jens Stoltenberg", "Olaf Scholz", "Ben Wallace", "Vladimir Putin", "Volodymyr Zelenskyy",
            "Vladimir Chizhov", "Anita Anand"} <= speakers
    ap = seeds["000"].id
    assert len([q for q in coverage.quotes_by_speaker["Ben Wallace"] if q.article_id == ap]) == 3
    assert len([q for q in coverage.quotes_by_speaker["Vladimir Putin"] if q.article_id == ap]) == 3
    (scholz,) = coverage.quotes_by_speaker["Olaf Scholz"]
    assert "Putin" not in scholz.text and "Scholz" in scholz.sentence
    # a quote is never given to the person whose own report follows it in the sentence
    assert not any("agenda" in q.text for q in coverage.quotes_by_speaker["Vladimir Putin"])


def test_quotes_are_labelled_by_outlet_and_primary_source(seeds, coverage):
    labels = coverage.source_labels
    ap, reuters = labels[seeds["000"].id], labels[seeds["004"].id]
    assert ap.label == "AP (via USTimeToday, machine-rewritten)" and ap.machine_rewritten
    assert reuters.label == "Reuters" and not reuters.machine_rewritten
    sources = {c.article_id: c.source for c in coverage.sources}
    assert sources[seeds["004"].id] == "unknown publisher (Reuters)"
    assert seeds["004"].title not in json.dumps(to_jsonable(coverage.sources))  # never the headline


def test_stoltenberg_is_lined_up_across_ap_and_reuters(seeds, coverage):
    stolt = next(s for s in coverage.aligned_quotes if s.speaker == "Jens Stoltenberg")
    assert set(stolt.sources) == {seeds["000"].id, seeds["004"].id}
    both = [row for row in stolt.rows if all(row.quotes)]
    assert len(both) == 1, [[q and q.text for q in row.quotes] for row in stolt.rows]
    texts = [q.text.lower() for q in both[0].quotes]
    assert all("not seen any" in t and "russian forces" in t for t in texts)
    # the other statements each have a row of their own, one cell filled
    filled = [sum(q is not None for q in row.quotes) for row in stolt.rows]
    assert sorted(filled) == [1, 1, 1, 2]


def test_what_each_source_adds_leaves_out_facts_both_carry(seeds, coverage):
    adds = {c.article_id: c.unique_sentences for c in coverage.sources}
    ap, reuters = adds[seeds["000"].id], adds[seeds["004"].id]
    for sents in (ap, reuters):
        assert not any("150,000" in s for s in sents)  # the troop numbers
        assert not any("Crimea" in s for s in sents)  # the withdrawal video
        # Stoltenberg quoted saying no withdrawal is seen (AP's paraphrase of it before the quote shares
        # too few words with Reuters' to be recognised by word overlap: see the module docstring)
        assert not any("not seen any" in s and ("“" in s or '"' in s) for s in sents)
        for s in sents:  # whole sentences: quotes are not cut into fragments
            assert s.count('"') % 2 == 0 and s.count("“") <= s.count("”") + 1, s
    assert any("4,000" in s for s in reuters) and any("Scholz" in s for s in ap)
    # the lead (more troops sent, despite Moscow's word), the troop numbers, the video and the
    # quoted statement: at least four sentences of each source are shared with the other
    for art, sents in ((seeds["000"], ap), (seeds["004"], reuters)):
        assert len(set(split_sentences(art.text))) - len(sents) >= 4


def test_numbers_read_nouns_skip_ranks_and_merge_across_sources(seeds, coverage):
    numbers = {c.article_id: c.numbers for c in coverage.sources}
    ap, reuters = numbers[seeds["000"].id], numbers[seeds["004"].id]
    assert "150,000 troops" in ap and "150,000 troops" in reuters
    assert "4,000 troops" in reuters and "150,000" not in reuters
    assert not any(n.startswith("2 ") or n == "2" for n in ap)  # "No. 2 official" is a rank
    (shared,) = [n for n in coverage.numbers_shared if n.value == "150,000"]
    assert shared.label == "150,000 troops" and len(shared.article_ids) == 2


class _Store:
    """Just what ``Newsloom.story_view`` reads, holding the seeds."""

    def __init__(self, articles, provenance) -> None:
        self.articles, self.provenance = {a.id: a for a in articles}, provenance
        self.story = Story("seed", "NATO", article_ids=tuple(self.articles))

    def get_story(self, story_id):
        return self.story

    def get_articles(self, ids):
        return [self.articles[i] for i in ids]

    def get_provenance(self, article_id):
        return self.provenance.get(article_id)

    def assignment_of(self, article_id):
        return None

    def get_provenances(self, ids):  # the batched reads of Newsloom.story_view
        return {i: p for i in ids if (p := self.get_provenance(i)) is not None}

    def assignments_of(self, ids):
        return {}


def test_a_noarchive_directive_keeps_the_rest_of_the_page_out_of_the_comparison(seeds, provenance):
    reuters = replace(seeds["004"], robots=("noarchive",))
    shown, cut = display_text(reuters)
    assert cut
    view = Newsloom(_Store([seeds["000"], reuters], provenance), pipeline=None).story_view("seed")
    dumped = json.dumps(to_jsonable(view.coverage))
    for word in ("Anand", "Slovakia", "Afghanistan", "Romania"):  # past the excerpt the publisher allows
        assert word not in shown and word not in dumped, word
    mine = next(c for c in view.coverage.sources if c.article_id == reuters.id)
    for text in [*mine.unique_sentences, *(q.sentence for q in mine.quotes)]:
        assert text.rstrip(" …") in shown
