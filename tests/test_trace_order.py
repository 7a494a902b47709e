"""Who is the original of two copies: publication time decides (not which was ingested first), an
implausible publication time is ignored, and an article's canonical URL to itself names no other outlet."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.model import Article, Credit, FetchedDocument, RelationKind, content_hash
from newsloom.trace import CopyIndex, precedes, resolve_provenance, time_order, trace_article

EARLY, LATE = datetime(2023, 11, 10, 8, tzinfo=UTC), datetime(2023, 11, 10, 11, tzinfo=UTC)
FETCHED = datetime(2023, 11, 11, 9, tzinfo=UTC)  # both pages fetched the next day, an hour apart
SHARED = (
    "A volcano erupted on the Reykjanes peninsula in Iceland on Friday night, sending lava fountains 100 metres "
    "into the air and forcing the closure of Keflavik airport, officials said.\n\n"
    "\"We are monitoring the situation very closely and all residents of Grindavik have been evacuated,\" said "
    "civil protection chief Vidir Reynisson in a televised briefing.\n\n"
    "About 3,700 people live in Grindavik, which lies 4 kilometres from the fissure. Scientists had recorded "
    "20,000 earthquakes in the area over the past month.")
ORIG_END = ("\"The eruption is larger than the previous ones and could last for weeks,\" Reynisson added. Airlines "
            "cancelled 80 flights on Saturday morning.")
COPY_END = ("\"This will be a long night for everyone in the south,\" said Icelandic Prime Minister Katrin "
            "Jakobsdottir on Saturday.")


def art(ident, *, published=None, fetched=None, host="one.example", text=SHARED, **kw):
    return Article(id=ident, title="Volcano", text=text, url=f"https://{host}/{ident}", published=published,
                   fetched_at=fetched, content_hash=content_hash(text), **kw)


# --------------------------------------------------------------------------- which came first


def test_publication_time_decides_over_fetch_time():
    early = art("b", published=EARLY, fetched=FETCHED + timedelta(hours=1))
    late = art("a", published=LATE, fetched=FETCHED)
    assert time_order(early, late) < 0 and precedes(early, late) and not precedes(late, early)


def test_fetch_time_decides_when_either_states_no_publication_time():
    stated = art("a", published=EARLY, fetched=FETCHED + timedelta(hours=1))
    unstated = art("b", fetched=FETCHED)
    assert precedes(unstated, stated) and not precedes(stated, unstated)


def test_a_publication_time_after_the_pages_own_fetch_is_not_believed():
    # claims 08:00 but was fetched at 05:00 the same day: a wrong clock or time zone, so its stated time
    # cannot be set against the other's 07:00; by fetch time it was online first
    future = art("a", published=datetime(2023, 11, 10, 8, tzinfo=UTC), fetched=datetime(2023, 11, 10, 5, tzinfo=UTC))
    honest = art("b", published=datetime(2023, 11, 10, 7, tzinfo=UTC), fetched=datetime(2023, 11, 10, 7, 30, tzinfo=UTC))
    assert future.stated_published is None
    assert precedes(future, honest) and not precedes(honest, future)
    lying = replace(future, published=datetime(2023, 11, 9, 23, tzinfo=UTC) + timedelta(days=3))
    assert lying.stated_published is None and not precedes(replace(lying, fetched_at=FETCHED), honest)
    # a little clock skew is tolerated (an hour)
    assert replace(future, published=datetime(2023, 11, 10, 5, 40, tzinfo=UTC)).stated_published is not None


def test_an_absurd_publication_time_is_not_believed():
    epoch = art("a", published=datetime(1970, 1, 1, tzinfo=UTC), fetched=FETCHED + timedelta(hours=2))
    real = art("b", published=LATE, fetched=FETCHED)
    assert epoch.stated_published is None and precedes(real, epoch)


def test_a_day_only_date_decides_nothing_against_the_same_day():
    day = art("a", published=datetime(2023, 11, 10, tzinfo=UTC), fetched=FETCHED + timedelta(hours=1))
    timed = art("b", published=LATE, fetched=FETCHED)
    assert precedes(timed, day)  # same day: the fetch times decide, not midnight against 11:00
    before = replace(day, published=datetime(2023, 11, 9, tzinfo=UTC))
    assert precedes(before, timed)  # the day before: the date decides


def test_ties_are_broken_by_id_whatever_the_order():
    x, y = art("x", published=EARLY, fetched=FETCHED), art("y", published=EARLY, fetched=FETCHED)
    assert time_order(x, y) == 0 and precedes(x, y) and not precedes(y, x)
    bare_x, bare_y = art("x"), art("y")
    assert precedes(bare_x, bare_y) and not precedes(bare_y, bare_x)


def test_first_seen_is_the_plausible_publication_time():
    assert art("a", published=EARLY, fetched=FETCHED).first_seen == EARLY
    assert art("a", fetched=FETCHED).first_seen == FETCHED
    assert art("a", published=FETCHED + timedelta(days=1), fetched=FETCHED).first_seen == FETCHED


# --------------------------------------------------------------------------- trace, both ingest orders


def _trace_in_order(first, second):
    """Trace ``first`` then ``second`` as the pipeline does (the second sees the first in the index)."""
    index, store = CopyIndex(), {}
    r1 = trace_article(first, index=index, lookup=store.get)
    store[first.id] = first
    index.add(first.id, r1.fingerprint)
    r2 = trace_article(second, index=index, lookup=store.get)
    return r1, r2


def test_the_earlier_publication_is_the_original_in_both_ingest_orders():
    orig = art("orig", published=EARLY, host="orig.example.org", text=SHARED + "\n\n" + ORIG_END)
    copy = art("copy", published=LATE, host="maxsnip.example.net", text=SHARED + "\n\n" + COPY_END)
    for first, second in ((replace(orig, fetched_at=FETCHED), replace(copy, fetched_at=FETCHED + timedelta(hours=1))),
                          (replace(copy, fetched_at=FETCHED), replace(orig, fetched_at=FETCHED + timedelta(hours=1)))):
        _, r2 = _trace_in_order(first, second)
        (rel,) = [r for r in r2.relations if r.kind is not RelationKind.INDEPENDENT]
        assert (rel.copy_id, rel.original_id) == ("copy", "orig"), first.id
        if second.id == "orig":
            # the new article is the original of the stored one: the stored copy's provenance is redone
            assert r2.provenance.primary.article_id == "orig" and not r2.provenance.is_copy
            (updated,) = r2.updated
            assert updated.article_id == "copy" and updated.primary.article_id == "orig"
            assert [c.article_id for c in updated.chain] == ["copy", "orig"] and updated.is_copy
        else:
            assert r2.provenance.primary.article_id == "orig" and r2.updated == ()


def test_when_no_time_tells_them_apart_the_stored_article_is_the_original():
    for published in (None, EARLY):  # no times at all, or the same ones
        x = art("x", published=published, fetched=published)
        y = art("y", published=published, fetched=published, host="two.example")
        for first, second in ((x, y), (y, x)):
            _, r2 = _trace_in_order(first, second)
            assert [(r.copy_id, r.original_id) for r in r2.relations] == [(second.id, first.id)]
            assert r2.updated == ()


def test_a_new_original_reaches_the_copies_of_its_copies():
    orig = art("orig", published=EARLY, fetched=FETCHED + timedelta(hours=2))
    mid = art("mid", published=EARLY + timedelta(hours=1), fetched=FETCHED, host="two.example")
    last = art("last", published=LATE, fetched=FETCHED + timedelta(hours=1), host="three.example")
    index, store, rels, fps = CopyIndex(), {}, [], {}
    for a in (mid, last):
        r = trace_article(a, index=index, lookup=store.get)
        store[a.id] = a
        index.add(a.id, r.fingerprint)
        rels += r.relations
        fps[a.id] = r.fingerprint
    assert [(r.copy_id, r.original_id) for r in rels if r.kind is not RelationKind.INDEPENDENT] == [("last", "mid")]
    copies_of = lambda i: [r for r in rels if r.original_id == i]
    relations_of = lambda i: [r for r in rels if r.copy_id == i]
    only_mid = CopyIndex()  # the new article is compared with "mid" only: "last" is reached through its copies
    only_mid.add(mid.id, fps[mid.id])
    result = trace_article(orig, index=only_mid, lookup=store.get, relations_of=relations_of, copies_of=copies_of)
    assert [(r.copy_id, r.original_id) for r in result.relations] == [("mid", "orig")]
    updated = {p.article_id: p for p in result.updated}
    assert {i: p.primary.article_id for i, p in updated.items()} == {"mid": "orig", "last": "orig"}
    assert [c.article_id for c in updated["last"].chain] == ["last", "mid", "orig"]
    # without copies_of only the direct copy is redone
    alone = trace_article(orig, index=only_mid, lookup=store.get, relations_of=relations_of)
    assert [p.article_id for p in alone.updated] == ["mid"]


# --------------------------------------------------------------------------- canonical URL to itself


def test_a_file_ingest_canonical_is_the_article_itself():
    page = art("a", published=EARLY, fetched=FETCHED, site_name="Orig Daily",
               canonical_url="https://orig.example.org/volcano")
    page = replace(page, url="file:///tmp/a_earlier.html")
    prov = resolve_provenance(page, (), lambda _i: None)
    assert prov.primary.name == "Orig Daily" and prov.primary.article_id == "a"
    assert not prov.is_copy and len(prov.chain) == 1 and "links to" not in prov.primary.evidence


@pytest.mark.parametrize("url", [
    "https://orig.example.org/volcano?utm_source=feed&utm_medium=rss",
    "https://amp.orig.example.org/volcano",
    "https://m.orig.example.org/volcano",
    "https://www.orig.example.org/amp/volcano",
    "https://orig-example-org.cdn.ampproject.org/c/s/orig.example.org/volcano",
    "https://www.google.com/amp/s/orig.example.org/volcano",
])
def test_a_canonical_on_the_articles_own_site_credits_nobody(url):
    page = replace(art("a", published=EARLY), url=url, canonical_url="https://orig.example.org/volcano",
                   site_name="Orig Daily")
    prov = resolve_provenance(page, (), lambda _i: None)
    assert (prov.primary.name, prov.is_copy, len(prov.chain)) == ("Orig Daily", False, 1)


def test_a_canonical_on_another_outlets_site_still_names_it():
    syndicated = replace(art("a", published=LATE), url="https://aggregator.example.net/iceland",
                         canonical_url="https://orig.example.org/volcano", site_name="Aggregator")
    prov = resolve_provenance(syndicated, (), lambda _i: None)
    assert prov.is_copy and prov.primary.name == "orig.example.org"
    assert prov.primary.evidence == "links to https://orig.example.org/volcano"


def test_an_automated_aggregators_links_to_its_own_site_are_no_credit():
    agg = replace(art("agg", published=LATE), url="file:///tmp/agg.html", automated=True,
                  canonical_url="https://agg.example.net/iceland", site_name="AggWire",
                  links=("https://agg.example.net/", "https://www.agg.example.net/world", "https://orig.example.org/volcano"),
                  credits=(Credit("disclaimer", "AggWire is an automatic aggregator."),))
    prov = resolve_provenance(agg, (), lambda _i: None)
    assert [c.name for c in prov.chain] == ["AggWire", "orig.example.org"]
    assert prov.chain[1].url == "https://orig.example.org/volcano"


# --------------------------------------------------------------------------- end to end, both ingest orders


def _page(canonical, site, published, title, ending):
    body = "".join(f"<p>{p}</p>" for p in (*SHARED.split("\n\n"), ending))
    return (f'<!doctype html><html><head><title>{title}</title><link rel="canonical" href="{canonical}">'
            f'<meta property="og:site_name" content="{site}">'
            f'<meta property="article:published_time" content="{published.isoformat()}">'
            f"</head><body><article><h1>{title}</h1>{body}</article></body></html>").encode()


A_EARLIER = ("file:///review/a_earlier.html",
             _page("https://orig.example.org/volcano", "Orig Daily", EARLY, "Volcano erupts in Iceland", ORIG_END))
B_LATER = ("file:///review/b_later.html",
           _page("https://maxsnip.example.net/iceland", "MaxSnip News", LATE, "Iceland volcano erupts", COPY_END))


def _ingest_in_order(tmp_path, pages):
    nl = open_newsloom(Settings(data_dir=tmp_path))
    try:
        results = []
        for i, (url, body) in enumerate(pages):  # each fetched an hour after the one before
            (res,) = nl.ingest_documents([FetchedDocument(url=url, body=body, fetched_at=FETCHED + timedelta(hours=i))])
            assert res.status == "stored", res.message
            results.append(res)
        ids = {url: res.article_id for (url, _), res in zip(pages, results)}
        a, b = ids[A_EARLIER[0]], ids[B_LATER[0]]
        relations = [(r.copy_id, r.original_id) for r in nl.store.relations_of(a) if r.kind is not RelationKind.INDEPENDENT]
        provenance = nl.provenance_of([a, b])
        story = nl.store.story_of(a)
        view = nl.story_view(story) if story == nl.store.story_of(b) else None
        return a, b, relations, provenance, view
    finally:
        nl.close()


@pytest.fixture(scope="module")
def both_orders(tmp_path_factory):
    return (_ingest_in_order(tmp_path_factory.mktemp("a_first"), [A_EARLIER, B_LATER]),
            _ingest_in_order(tmp_path_factory.mktemp("b_first"), [B_LATER, A_EARLIER]))


def test_ingest_order_does_not_change_which_is_the_original(both_orders):
    for a, b, relations, provenance, _ in both_orders:
        assert relations == [(b, a)]  # the 11:00 page is the copy of the 08:00 one, whichever came in first
        assert provenance[a].primary.name == "Orig Daily" and provenance[a].primary.article_id == a
        assert not provenance[a].is_copy and len(provenance[a].chain) == 1  # no "orig.example.org" above it


def test_the_canonical_url_is_no_primary_source_in_the_story(both_orders):
    a_first, _ = both_orders
    a, b, _, provenance, view = a_first
    assert view is not None
    assert [(n.name, n.article_id) for n in view.tree] == [("Orig Daily", a)]
    assert [(n.name, n.article_id) for n in view.tree[0].children] == [("MaxSnip News", b)]
    assert [c.name for c in provenance[b].chain] == ["MaxSnip News", "Orig Daily"]
    assert not any("orig.example.org" in label.label for label in view.coverage.source_labels.values())


def test_ingest_order_does_not_change_the_copy_tree_or_primary_source(both_orders):
    (a1, b1, _, prov1, view1), (a2, b2, _, prov2, view2) = both_orders
    assert (a1, b1) == (a2, b2)
    for a, b, provenance, view in ((a1, b1, prov1, view1), (a2, b2, prov2, view2)):
        assert provenance[b].primary.article_id == a and provenance[b].is_copy
        assert [c.article_id for c in provenance[b].chain] == [b, a]
        assert view is not None and [(n.name, n.article_id) for n in view.tree] == [("Orig Daily", a)]
        assert [(n.name, n.article_id) for n in view.tree[0].children] == [("MaxSnip News", b)]
        labels = {i: lab.label for i, lab in view.coverage.source_labels.items()}
        assert labels[a] == "Orig Daily" and labels[b] == "Orig Daily (via MaxSnip News)"
