"""End to end through the store: the wire text exists unaltered among other articles; a spun copy
of it is found by the LSH index alone and classified as a rewrite, with aligned sentences."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta

import pytest

from newsloom.embed import Embedder
from newsloom.extract import extract_article
from newsloom.model import Article, FetchedDocument, RelationKind, content_hash
from newsloom.store.articles import ArticleStore
from newsloom.store.trace import TraceStore
from newsloom.trace import CopyIndex, SentenceCache, fingerprint, trace_article
from newsloom.trace.spin import SynonymTable, spin_text

T0 = datetime(2022, 2, 16, 12, tzinfo=UTC)


class _Store(TraceStore, ArticleStore):
    pass


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, shared_dir, seeds_dir):
    store = _Store(tmp_path_factory.mktemp("trace") / "db.sqlite")
    path = shared_dir / "data/event-clustering-basil/articles.jsonl"
    others = [json.loads(line) for line in path.open(encoding="utf-8")][:40]
    seed = next(seeds_dir.glob("004_*.txt"))
    wire = extract_article(FetchedDocument(url="https://publisher.example/nato-russia-troops",
                                           body=seed.read_bytes(), content_type="text/plain", fetched_at=T0))
    index = CopyIndex()
    encoder = SentenceCache(Embedder.for_sentences())
    for i, other in enumerate(others):
        art = Article(id=f"basil{i}", title=other["title"], text=other["text"], url=f"https://b.example/{i}",
                      published=T0 - timedelta(days=30), content_hash=content_hash(other["text"]))
        store.put_article(art)
    for article in [wire, *store.iter_articles()]:
        _ingest(store, index, encoder, article)
    yield store, encoder, wire
    store.close()


def _ingest(store, index, encoder, article):
    store.put_article(article)
    result = trace_article(article, index=index, lookup=_lookup(store), embedder=encoder,
                           relations_of=lambda i: store.relations_of(i, role="copy"))
    store.save_trace(relations=result.relations, provenance=result.provenance,
                     fingerprint=result.fingerprint, article_id=article.id)
    index.add(article.id, result.fingerprint)
    return result


def _lookup(store):
    return lambda article_id: store.get_articles([article_id])[0] if store.has_article(article_id) else None


def test_spun_copy_of_wire_text_is_a_rewrite_found_by_lsh(corpus):
    store, encoder, wire = corpus
    spun_text = spin_text(wire.text, random.Random(7), table=SynonymTable.default(), rate=1.0)
    spun = Article(id="spun", title="NATO: Russia still adding soldiers", text=spun_text,
                   url="https://spinner.example/nato", published=T0 + timedelta(hours=6),
                   content_hash=content_hash(spun_text))
    index = CopyIndex.load(store)  # rebuilt from stored fingerprints, as after a restart
    assert wire.id in index.candidates(fingerprint(spun))
    result = _ingest(store, index, encoder, spun)  # no extra candidates: LSH alone
    rewrite = [r for r in result.relations if r.original_id == wire.id]
    assert rewrite and rewrite[0].kind is RelationKind.REWRITE and rewrite[0].copy_id == "spun"
    assert len(rewrite[0].evidence.aligned) >= 5
    assert all(p.similarity >= 0.8 for p in rewrite[0].evidence.aligned)
    prov = store.get_provenance("spun")
    assert prov.primary.name == "Reuters" and [c.article_id for c in prov.chain][:2] == ["spun", wire.id]
    assert [r.copy_id for r in store.copies_of(wire.id)] == ["spun"]


def test_unrelated_stored_articles_are_not_copies(corpus):
    store, _, wire = corpus
    assert not [r for r in store.relations_of(wire.id) if r.kind is not RelationKind.INDEPENDENT
                and r.copy_id != "spun"]
