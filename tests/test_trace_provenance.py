"""Primary-source resolution: wire credits, earliest copy, links/credits, multi-step chains."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from newsloom.model import Article, Credit, Evidence, Relation, RelationKind, WireCredit
from newsloom.trace import CopyIndex, fingerprint, resolve_provenance, trace_article

T0 = datetime(2024, 5, 1, 8, tzinfo=UTC)
BODY = ("The regional council approved the new tram line on Tuesday after a two-year debate. "
        "Construction of the 12 kilometre line will begin in March and cost 310 million euros, "
        "the council said.\n\n"
        "Opponents said the money should go to buses, while shop owners on the route asked for "
        "compensation during the works. The mayor called the vote a historic day for the city.\n\n"
        "The first trams are expected to run in 2027, with a stop every 600 metres.")


def art(ident, *, host, hours=0.0, text=BODY, **kw):
    return Article(id=ident, title="Tram line approved", text=text, url=f"https://{host}/{ident}",
                   published=T0 + timedelta(hours=hours), **kw)


def rel(copy, original, kind=RelationKind.REPRINT, link=None):
    return Relation(copy, original, kind, 0.9, Evidence(canonical_link=link))


def test_wire_credit_is_primary_without_wire_page():
    local = art("local", host="dailyherald.example", wire=(WireCredit("AP", "(AP)", "dateline"),))
    prov = resolve_provenance(local, (), lambda _id: None)
    assert prov.primary.name == "AP" and [c.name for c in prov.chain] == ["dailyherald.example", "AP"]


def test_earliest_copy_wins_without_credits():
    first = art("first", host="one.example", hours=0)
    second = art("second", host="two.example", hours=1)
    third = art("third", host="three.example", hours=2)
    store = {a.id: a for a in (first, second, third)}
    rels = {"third": [rel("third", "second"), rel("third", "first")], "second": [rel("second", "first")]}
    prov = resolve_provenance(third, rels["third"], store.get, relations_of=lambda i: rels.get(i, []))
    assert prov.primary.name == "one.example" and prov.primary.article_id == "first"
    assert prov.is_copy and [c.article_id for c in prov.chain] == ["third", "first"]


def test_linked_original_beats_earlier_one():
    first = art("first", host="one.example", hours=0)
    linked = art("linked", host="two.example", hours=1)
    copy = art("copy", host="three.example", hours=2, links=(linked.url,))
    store = {a.id: a for a in (first, linked, copy)}
    rels = {"copy": [rel("copy", "first"), rel("copy", "linked", link=linked.url)],
            "linked": [rel("linked", "first")]}
    prov = resolve_provenance(copy, rels["copy"], store.get, relations_of=lambda i: rels.get(i, []))
    assert [c.article_id for c in prov.chain] == ["copy", "linked", "first"]


def test_three_step_chain_aggregator_local_outlet_wire():
    """wire -> local outlet crediting it -> automated aggregator that rewrote the local copy and links to it."""
    local = art("local", host="winknews.com", hours=1, wire=(WireCredit("AP", "Associated Press", "credit"),),
                credits=(Credit("copyright", "Copyright 2024 Fort Myers Broadcasting Company"),))
    aggregator = art("agg", host="aggregator.example", hours=3, automated=True, links=(local.url,),
                     credits=(Credit("copyright", "Copyright 2024 Fort Myers Broadcasting Company"),))
    store = {a.id: a for a in (local, aggregator)}
    rels = {"agg": [rel("agg", "local", RelationKind.REWRITE, link=local.url)]}
    prov = resolve_provenance(aggregator, rels["agg"], store.get, relations_of=lambda i: rels.get(i, []))
    assert [c.name for c in prov.chain] == ["aggregator.example", "WINK News", "AP"]
    assert prov.chain[1].relation == "rewrite" and prov.chain[2].relation == "wire credit"
    assert prov.primary.name == "AP" and prov.automated


def test_credited_page_in_store_is_followed_without_a_relation():
    local = art("local", host="winknews.com", hours=1, wire=(WireCredit("AP", "AP", "credit"),))
    agg = art("agg", host="aggregator.example", hours=3, automated=True, links=(local.url,))
    from newsloom.urls import article_id
    store = {article_id(local.url, ""): local}
    prov = resolve_provenance(agg, (), store.get)
    assert [c.name for c in prov.chain] == ["aggregator.example", "WINK News", "AP"]
    assert prov.chain[1].article_id == "local"


def test_unrelated_article_is_its_own_source():
    solo = art("solo", host="solo.example")
    prov = resolve_provenance(solo, [rel("solo", "x", RelationKind.INDEPENDENT)], lambda _i: None)
    assert prov.primary.article_id == "solo" and not prov.is_copy and len(prov.chain) == 1


def test_trace_article_orders_pairs_by_time_and_resolves():
    original = art("orig", host="one.example", hours=0, wire=(WireCredit("Reuters", "(Reuters)", "dateline"),))
    reprint = art("rep", host="two.example", hours=2, text="Advertisement\n\n" + BODY)
    index = CopyIndex()
    index.add(original.id, fingerprint(original))
    store = {a.id: a for a in (original, reprint)}
    result = trace_article(reprint, index=index, lookup=store.get)
    assert [(r.copy_id, r.original_id, r.kind) for r in result.relations] == [("rep", "orig", RelationKind.REPRINT)]
    assert result.provenance.primary.name == "Reuters"
    early = trace_article(art("early", host="three.example", hours=-1), index=index, lookup=store.get)
    assert early.relations[0].copy_id == "orig"  # the stored article came later: it is the copy


def test_earliest_copy_wins_even_past_a_linked_step():
    first = art("first", host="one.example", hours=0)
    linked = art("linked", host="two.example", hours=1)
    copy = art("copy", host="three.example", hours=2, links=(linked.url,))
    store = {a.id: a for a in (first, linked, copy)}
    rels = [rel("copy", "first"), rel("copy", "linked", link=linked.url)]  # linked -> first unknown
    prov = resolve_provenance(copy, rels, store.get, relations_of=lambda i: [])
    assert [c.article_id for c in prov.chain] == ["copy", "linked", "first"]
    assert prov.primary.article_id == "first" and prov.chain[2].relation == "earlier reprint"


DISCLAIMER = Credit("disclaimer", "Examplewire is an automatic aggregator of the world's media.", ("Examplewire",))
WINK_COPYRIGHT = Credit("copyright", "Copyright 2024 Fort Myers Broadcasting Company")
# the tram story as a spinner leaves it: sentences cut apart, the halves glued to their neighbours
SPUN = ("The regional council approved the new tram line on Tuesday. after a two-year debate. Construction of "
        "the line will begin in March, the council said.\n\n"
        "Opponents said the money should go to buses. while shop owners asked for compensation during the works.")


def test_automated_link_names_its_relation_and_cites_the_disclaimer():
    local = art("local", host="winknews.com", hours=1, wire=(WireCredit("AP", "Associated Press", "credit"),),
                credits=(WINK_COPYRIGHT,))
    agg = art("agg", host="aggregator.example", hours=3, automated=True, links=(local.url,),
              credits=(WINK_COPYRIGHT, DISCLAIMER))
    store = {a.id: a for a in (local, agg)}
    rels = {"agg": [rel("agg", "local", RelationKind.REWRITE, link=local.url)]}
    prov = resolve_provenance(agg, rels["agg"], store.get, relations_of=lambda i: rels.get(i, []))
    me = prov.chain[0]
    assert me.automated and me.relation == "automated republication, machine-rewritten, of WINK News' copy of AP"
    assert me.evidence == "disclaimer: \"Examplewire is an automatic aggregator of the world's media.\""
    assert prov.chain[1].relation == "rewrite"  # the next step keeps its own relation and evidence


def test_automated_copy_of_an_unstored_page_is_machine_rewritten_only_on_evidence():
    spun = art("spun", host="aggregator.example", automated=True, text=SPUN,
               links=("https://winknews.com/2024/05/01/tram",), credits=(WINK_COPYRIGHT, DISCLAIMER),
               wire=(WireCredit("AP", "Associated Press", "credit"),))
    me = resolve_provenance(spun, (), lambda _i: None).chain[0]
    assert me.relation == "automated republication, machine-rewritten, of WINK News' copy of AP"
    assert "Examplewire is an automatic aggregator" in me.evidence
    assert "2 sentences broken mid-way" in me.evidence and "on Tuesday. after a two-year" in me.evidence

    clean = replace(spun, text=BODY)  # same aggregator, text not visibly rewritten: no claim about rewriting
    me = resolve_provenance(clean, (), lambda _i: None).chain[0]
    assert me.relation == "automated republication, of WINK News' copy of AP"


def test_automated_reprint_of_the_primary_itself():
    original = art("orig", host="one.example", hours=0)
    agg = art("agg", host="aggregator.example", hours=1, automated=True, credits=(DISCLAIMER,))
    prov = resolve_provenance(agg, [rel("agg", "orig")], {"orig": original}.get)
    assert prov.chain[0].relation == "automated republication, verbatim, of one.example"


def test_automated_flag_without_a_kept_disclaimer_says_so():
    agg = art("agg", host="aggregator.example", automated=True)
    me = resolve_provenance(agg, (), lambda _i: None).chain[0]
    assert me.relation == "automated republication" and "disclaimer text was not kept" in me.evidence


def test_a_human_edited_article_link_is_unchanged():
    local = art("local", host="dailyherald.example", wire=(WireCredit("AP", "(AP)", "dateline"),), text=SPUN)
    me = resolve_provenance(local, (), lambda _i: None).chain[0]
    assert (me.relation, me.evidence, me.automated) == ("", "", False)
