"""TraceStore: relations both ways, provenance, fingerprints, index rebuild, takedown cleanup."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsloom.model import (
    AlignedPair,
    Article,
    ChainLink,
    Evidence,
    PrimarySource,
    Provenance,
    Relation,
    RelationKind,
    TakedownRequest,
    content_hash,
)
from newsloom.store.articles import ArticleStore
from newsloom.store.trace import TraceStore
from newsloom.trace import CopyIndex, fingerprint

TEXT = ("The harbour authority closed the northern pier on Monday after storm damage was found. "
        "Engineers said repairs would take at least three weeks and cost 40,000 euros.\n\n"
        "Fishing boats were moved to the southern basin, where space is limited, the authority said. "
        "Local traders asked for compensation for the lost business during the closure.")


class _Store(TraceStore, ArticleStore):
    pass


@pytest.fixture
def store(tmp_path):
    s = _Store(tmp_path / "db.sqlite")
    yield s
    s.close()


def _article(ident: str, text: str = TEXT) -> Article:
    return Article(id=ident, title=ident, text=text, url=f"https://example.org/{ident}",
                   content_hash=content_hash(text))


def _relation(copy: str, original: str, kind=RelationKind.REWRITE) -> Relation:
    ev = Evidence(aligned=(AlignedPair("a copy sentence", "an original sentence", 0.91),),
                  jaccard=0.2, copy_first_seen=datetime(2024, 1, 2, tzinfo=UTC))
    return Relation(copy, original, kind, 0.8, ev)


def test_relations_round_trip_both_directions(store):
    rel = _relation("c", "o")
    store.save_relations([rel, _relation("d", "o", RelationKind.INDEPENDENT)])
    assert store.relations_of("c", role="copy") == [rel]
    assert {r.copy_id for r in store.relations_of("o", role="original")} == {"c", "d"}
    assert [r.copy_id for r in store.copies_of("o")] == ["c"]
    assert store.relations_of("o", role="copy") == []


def test_provenance_round_trip(store):
    prov = Provenance("c", PrimarySource("AP", "wire", evidence="credit"),
                      (ChainLink("Site", "c", automated=True), ChainLink("AP", relation="wire credit")),
                      is_copy=True, automated=True)
    store.save_trace(relations=[_relation("c", "o")], provenance=prov)
    assert store.get_provenance("c") == prov
    assert store.articles_from_primary("AP") == ["c"]
    assert store.get_provenance("missing") is None


def test_fingerprints_rebuild_the_index(store):
    fp = fingerprint(_article("a"))
    store.save_fingerprint("a", fp)
    store.save_fingerprint("b", fingerprint(_article("b", "Unrelated words about a village fete and its cakes "
                                                          "baked by volunteers for the summer fair.")))
    index = CopyIndex.load(store)
    assert len(index) == 2 and store.count_fingerprints() == 2
    assert index.candidates(fingerprint(_article("a2")))[0] == "a"


def test_deleting_an_article_drops_its_trace_rows(store):
    store.put_article(_article("c"))
    store.save_trace(relations=[_relation("c", "o"), _relation("x", "c")],
                     provenance=Provenance("c", PrimarySource("c", "outlet", "c")),
                     fingerprint=fingerprint(_article("c")), article_id="c")
    store.apply_takedown(TakedownRequest("https://example.org/c"), now=datetime.now(UTC))
    assert store.relations_of("c") == [] and store.get_provenance("c") is None
    assert store.count_fingerprints() == 0
