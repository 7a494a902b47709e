"""Pairwise classification: identical, reprint, excerpt, rewrite (with aligned sentences), independent."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

import pytest

from newsloom.embed import Embedder
from newsloom.model import Article, RelationKind, content_hash
from newsloom.trace import SentenceCache, compare_articles, lexical_overlap
from newsloom.trace.spin import SynonymTable, spin_text

T0 = datetime(2024, 3, 1, tzinfo=UTC)


def make(ident: str, text: str, *, hours: float = 0, host: str = "example.org", **kw) -> Article:
    return Article(id=ident, title=kw.pop("title", ident), text=text, url=f"https://{host}/{ident}",
                   published=T0 + timedelta(hours=hours), content_hash=content_hash(text), **kw)


@pytest.fixture(scope="module")
def basil(shared_dir):
    path = shared_dir / "data/event-clustering-basil/articles.jsonl"
    arts = [json.loads(line) for line in path.open(encoding="utf-8")]
    return sorted(arts, key=lambda a: (a["triplet_uuid"], a["source"]))


@pytest.fixture(scope="module")
def encoder():
    return SentenceCache(Embedder.for_sentences())


@pytest.fixture(scope="module")
def wire(basil):
    return make("wire", basil[0]["text"], host="wire.example")


def test_identical_copy(wire):
    copy = make("copy", wire.text.replace("\n\n", "\n\n  "), hours=2)
    assert compare_articles(copy, wire).kind is RelationKind.IDENTICAL


def test_reprint_with_boilerplate_and_new_title(wire):
    text = "Advertisement\n\nShare this story\n\n" + wire.text + "\n\nAll rights reserved by the reprinter."
    rel = compare_articles(make("reprint", text, hours=2, title="A new headline"), wire)
    assert rel.kind is RelationKind.REPRINT and rel.score >= 0.95


def test_excerpt_of_first_paragraphs(wire):
    paras = wire.paragraphs
    rel = compare_articles(make("excerpt", "\n\n".join(paras[:4]), hours=2), wire)
    assert rel.kind is RelationKind.EXCERPT
    assert rel.evidence.containment == pytest.approx(1.0, abs=0.01)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_spun_copy_is_rewrite_with_aligned_sentences(wire, encoder, seed):
    spun = spin_text(wire.text, random.Random(seed), table=SynonymTable.default(), rate=1.0)
    lex = lexical_overlap(spun, wire.text)
    assert lex.original_share < 0.8  # not a verbatim reprint: the words were substituted
    rel = compare_articles(make("spun", spun, hours=4), wire, embedder=encoder)
    assert rel.kind is RelationKind.REWRITE
    assert len(rel.evidence.aligned) >= 10
    pair = rel.evidence.aligned[0]
    assert pair.copy_sentence != pair.original_sentence and pair.similarity >= 0.8
    assert pair.copy_sentence in spun and pair.original_sentence in wire.text


def test_spin_without_embedder_is_not_called_rewrite(wire):
    spun = spin_text(wire.text, random.Random(5), table=SynonymTable.default(), rate=1.0)
    assert compare_articles(make("spun", spun), wire).kind is not RelationKind.REWRITE


@pytest.mark.parametrize("event", range(4))
def test_same_event_reports_are_independent(basil, encoder, event):
    a, b = basil[3 * event], basil[3 * event + 1]
    assert a["triplet_uuid"] == b["triplet_uuid"]
    rel = compare_articles(make("a", a["text"], hours=1), make("b", b["text"]), embedder=encoder)
    assert rel.kind is RelationKind.INDEPENDENT, rel.evidence.notes


def test_evidence_reports_shared_quotes_and_first_seen(wire):
    text = "\n\n".join(wire.paragraphs[:6])
    rel = compare_articles(make("excerpt", text, hours=2), wire)
    assert rel.evidence.copy_first_seen > rel.evidence.original_first_seen
    assert rel.evidence.shared_quotes
    for quote in rel.evidence.shared_quotes:
        assert quote in " ".join(text.casefold().split()) and quote in " ".join(wire.text.casefold().split())


def test_canonical_link_is_evidence(wire):
    copy = make("linked", wire.text, hours=1, canonical_url=wire.url)
    assert compare_articles(copy, wire).evidence.canonical_link == wire.url


def test_same_template_with_other_facts_is_independent(encoder):
    original = make("o", "Mayor Anna Berg opened the Riverside bridge on Monday. It cost 12 million euros. "
                         "Officials said traffic would ease. Residents of Northfield welcomed the opening.")
    same_facts = make("c1", "Mayor Anna Berg inaugurated the Riverside bridge on Monday. It cost 12 million "
                            "euros. Authorities stated traffic would ease. People of Northfield welcomed the opening.")
    other_facts = make("c2", "Mayor Jon Vik opened the Eastgate tunnel on Friday. It cost 40 million kroner. "
                             "Officials said traffic would ease. Residents of Southby welcomed the opening.")
    assert compare_articles(same_facts, original, embedder=encoder).kind is not RelationKind.INDEPENDENT
    assert compare_articles(other_facts, original, embedder=encoder).kind is RelationKind.INDEPENDENT


@pytest.mark.parametrize("text", ["", "   \n\n ", "Too short."])
def test_empty_or_tiny_texts_are_never_copies(text):
    rel = compare_articles(make("a", text), make("b", text))
    assert rel.kind is RelationKind.INDEPENDENT and "too short" in rel.evidence.notes[0]
