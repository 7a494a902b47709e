"""Primary-source resolution: from an article back, step by step, to who first published the text.

Rules, applied at each step:

1. If the article is a copy (identical, reprint, excerpt, rewrite) of stored articles, the next
   step is the one it links to or credits, else the earliest one; resolution continues from there.
   The earliest copy still wins: if the chain ends at an outlet's article published after another
   stored original of this article, the chain is extended to that earlier one. "Earliest" is
   ``order.time_order``: stated publication times when both state a plausible one, else fetch times.
2. Otherwise the article's own credits lead on: a copyright line naming another outlet's owner or
   a link/canonical URL to another outlet (for automated aggregators, the link they carry) is the
   next step (followed into the store when that page is stored). An article's canonical URL that is
   its own address (its only web address, as for a file, or one on its own site: tracking
   parameters, AMP, mobile) names no other outlet;
3. a wire credit makes the agency the primary source, even when its own page is not stored;
4. an article with none of these is its own primary source.

An automatic aggregator's own link (the first of its chain) names how it republished and cites
why it is called automated: relation "automated republication[, machine-rewritten], of
<next outlet>['s copy of <primary>]" and the aggregator's disclaimer as evidence (its
``disclaimer`` credit). "machine-rewritten" is said only on evidence: a rewrite relation to the
stored original, or, when the original is not stored, sentences the rewriting broke apart
(a full stop followed by a lowercase word, "... the withdrawal. after the exercise ...").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cmp_to_key
from urllib.parse import urlsplit

from ..errors import NotFoundError
from ..model import Article, ChainLink, PrimarySource, Provenance, Relation, RelationKind
from ..text import ABBREVIATIONS, possessive
from ..urls import article_id as url_article_id
from ..urls import host_of, web_url
from .order import earliest, time_order
from .outlets import Outlet, OutletTable

__all__ = ["Lookup", "RelationsOf", "resolve_provenance"]

Lookup = Callable[[str], "Article | None"]
RelationsOf = Callable[[str], Sequence[Relation]]
_MAX_DEPTH = 8
# a sentence the rewriting broke apart: a full stop after a word, then a lowercase word (not "U.S. officials",
# "a.m. local", "et al. found": the word before the stop has three letters or more and is no abbreviation)
_BROKEN_SENTENCE = re.compile(
    r"(?:\S+ ){0,2}\b(?P<before>[A-Za-z][a-z]{2,})\. (?P<after>[a-z]{2,})\b(?![.@/])(?: \S+){0,2}")
# words before ". lowercase" that make it no broken sentence: newsloom.text's ABBREVIATIONS (months, titles),
# less six it never listed (left out so that no result changes; "art." also ends sentences: "the state of the
# art. the"), and abbreviations a lowercase word follows mid-sentence, German and US states too ("bzw.", "Calif.")
_ABBREVIATIONS = (ABBREVIATIONS - {"adm", "art", "cmdr", "maj", "pres", "sec"}) | frozenset((
    "etc", "incl", "est", "min", "max", "dept", "govt", "esp", "resp", "cca", "ibid", "viz", "misc", "bzw",
    "usw", "ggf", "inkl", "evtl", "vgl", "sog", "geb", "tel", "ref", "lieut", "hon", "blvd", "inc", "corp",
    "ltd", "bros", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "messrs", "pts",
    "mio", "mrd", "tsd", "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ill", "ind", "kan",
    "mass", "mich", "minn", "miss", "mont", "neb", "nev", "okla", "ore", "penn", "tenn", "wash", "wis", "wyo"))
_NOT_A_SENTENCE_START = frozenset(("pic", "com", "org", "net", "html", "www"))  # "… campaign. pic.twitter.com/…"
BROKEN_SENTENCES_MIN = 2  # broken sentences needed before an automated copy is called machine-rewritten
_MANNER = {"rewrite": "machine-rewritten", "reprint": "verbatim", "identical": "verbatim", "excerpt": "excerpted"}


def resolve_provenance(article: Article, relations: Sequence[Relation], lookup: Lookup, *,
                       relations_of: RelationsOf | None = None,
                       outlets: OutletTable | None = None) -> Provenance:
    """Primary source of ``article`` and the chain to it (the article first, the source last).

    ``relations`` are this article's relations (others are ignored); ``lookup`` fetches stored
    articles by id (None or NotFoundError when missing); ``relations_of`` supplies the relations
    of upstream articles so that multi-step chains through the store resolve.
    """
    prov = _resolve(article, relations, lookup, relations_of, outlets or OutletTable.default(), {article.id})
    return _automated_link(prov, article) if article.automated else prov


def _automated_link(prov: Provenance, article: Article) -> Provenance:
    """The aggregator's own link names its republication and cites its disclaimer."""
    upstream = prov.chain[1] if len(prov.chain) > 1 else None
    manner, manner_evidence = _manner(article, upstream)
    relation = "automated republication" + (f", {manner}" if manner else "")
    if upstream is not None:
        relation += f", of {upstream.name}" if upstream.name == prov.primary.name else (
            f", of {possessive(upstream.name)} copy of {prov.primary.name}")
    disclaimer = next((c.text for c in article.credits if c.kind == "disclaimer"), None)
    evidence = [f'disclaimer: "{disclaimer}"' if disclaimer
                else "marked automatic aggregator at extraction (its disclaimer text was not kept)"]
    if manner_evidence:
        evidence.append(manner_evidence)
    me = replace(prov.chain[0], relation=relation, evidence="; ".join(evidence), automated=True)
    return replace(prov, chain=(me, *prov.chain[1:]))


def _manner(article: Article, upstream: ChainLink | None) -> tuple[str | None, str | None]:
    """How the aggregator republished: from its relation to the stored original when there is one
    (that link carries the evidence), else machine-rewritten only if its text shows broken sentences."""
    kind = upstream.relation.removeprefix("earlier ") if upstream is not None else ""
    if kind in _MANNER:
        return _MANNER[kind], None
    broken = [m.group(0) for m in _BROKEN_SENTENCE.finditer(article.text)
              if m.group("before").casefold() not in _ABBREVIATIONS and m.group("after") not in _NOT_A_SENTENCE_START]
    if len(broken) >= BROKEN_SENTENCES_MIN:
        return "machine-rewritten", (f"{len(broken)} sentences broken mid-way by the rewriting, e.g. "
                                     + ", ".join(f'"… {b} …"' for b in broken[:2]))
    return None, None


def _resolve(article: Article, relations: Sequence[Relation], lookup: Lookup,
             relations_of: RelationsOf | None, outlets: OutletTable, seen: set[str]) -> Provenance:
    me = ChainLink(outlets.name_of(article), article.id, article.url or article.canonical_url,
                   automated=article.automated)
    if len(seen) <= _MAX_DEPTH:
        up = _upstream(article, relations, lookup, outlets, seen)
        if up is not None:
            rel, original = up
            prov = _follow(article, me, original, rel.kind.value, _relation_evidence(rel),
                           lookup, relations_of, outlets, seen)
            return _prefer_earliest(prov, article, relations, lookup, relations_of, outlets, seen)
        stored = _stored_credited(article, lookup, outlets, seen)
        if stored is not None:
            original, how = stored
            return _follow(article, me, original, "credits", how, lookup, relations_of, outlets, seen)
    return _from_credits(article, me, outlets)


def _follow(article: Article, me: ChainLink, original: Article, relation: str, evidence: str,
            lookup: Lookup, relations_of: RelationsOf | None, outlets: OutletTable,
            seen: set[str]) -> Provenance:
    seen.add(original.id)
    rest = _resolve(original, relations_of(original.id) if relations_of else (), lookup, relations_of,
                    outlets, seen)
    head = replace(rest.chain[0], relation=relation, evidence=evidence)
    return Provenance(article.id, rest.primary, (me, head, *rest.chain[1:]), is_copy=True,
                      automated=article.automated)


def _prefer_earliest(prov: Provenance, article: Article, relations: Sequence[Relation], lookup: Lookup,
                     relations_of: RelationsOf | None, outlets: OutletTable, seen: set[str]) -> Provenance:
    """The earliest copy wins: if the article also copies a stored article published before the
    primary the chain reached (and that primary is not a credited wire), extend the chain to it.
    "Before" is ``order.time_order``: publication times when both state one, else fetch times."""
    if prov.primary.kind == "wire" or prov.primary.article_id is None:
        return prov
    primary = _get(lookup, prov.primary.article_id)
    if primary is None:
        return prov
    earlier = []
    for rel in relations:
        if rel.copy_id == article.id and rel.kind is not RelationKind.INDEPENDENT and rel.original_id not in seen:
            other = _get(lookup, rel.original_id)
            if other is not None and time_order(other, primary) < 0:
                earlier.append((rel, other))
    found = earliest(earlier, lambda e: e[1])
    if found is None:
        return prov
    rel, other = found
    seen.add(other.id)
    rest = _resolve(other, relations_of(other.id) if relations_of else (), lookup, relations_of, outlets, seen)
    head = replace(rest.chain[0], relation=f"earlier {rel.kind.value}", evidence=_relation_evidence(rel))
    return replace(prov, primary=rest.primary, chain=(*prov.chain, head, *rest.chain[1:]))


def _get(lookup: Lookup, article_id: str) -> Article | None:
    try:
        return lookup(article_id)
    except (NotFoundError, KeyError):
        return None


def _upstream(article: Article, relations: Sequence[Relation], lookup: Lookup, outlets: OutletTable,
              seen: set[str]) -> tuple[Relation, Article] | None:
    options = []
    credited = _credited_outlet(article, outlets)
    for rel in relations:
        if rel.copy_id != article.id or rel.kind is RelationKind.INDEPENDENT or rel.original_id in seen:
            continue
        original = _get(lookup, rel.original_id)
        if original is None:
            continue
        pointed = bool(rel.evidence.canonical_link) or (
            credited is not None and outlets.name_of(original) == credited[0].name)
        options.append((pointed, rel, original))
    if not options:
        return None
    # linked or credited first, then the earliest (order.time_order), then the strongest, then by id
    options.sort(key=lambda o: o[2].id)
    _, rel, original = min(options, key=cmp_to_key(_better_upstream))
    return rel, original


def _better_upstream(x: tuple[bool, Relation, Article], y: tuple[bool, Relation, Article]) -> int:
    if x[0] != y[0]:
        return -1 if x[0] else 1
    found = time_order(x[2], y[2])
    if found:
        return found
    if x[1].score != y[1].score:
        return -1 if x[1].score > y[1].score else 1
    return -1 if x[2].id < y[2].id else (1 if x[2].id > y[2].id else 0)


def _relation_evidence(rel: Relation) -> str:
    ev = rel.evidence
    parts = [f"{rel.kind.value} score {rel.score:.2f}"]
    if ev.aligned:
        parts.append(f"{len(ev.aligned)} aligned sentences")
    if ev.canonical_link:
        parts.append(f"links to {ev.canonical_link}")
    if ev.jaccard is not None:
        parts.append(f"jaccard {ev.jaccard:.2f}")
    return "; ".join(parts)


def _credited_outlet(article: Article, outlets: OutletTable) -> tuple[Outlet | None, str, str | None] | None:
    """(outlet, evidence, url) of another outlet this article credits, if any.

    A copyright line naming a known owner identifies the outlet (its URL is the article's link to
    one of its domains, if any). An automated aggregator's link, or a canonical URL on another
    host, identifies the outlet by that URL's host.
    """
    own_canonical = _own_canonical(article, outlets)
    own_hosts = _own_hosts(article, own_canonical)
    own = outlets.name_of(article)
    for credit in article.credits:
        if credit.kind != "copyright":
            continue
        outlet = outlets.by_owner_text(credit.text)
        if outlet is not None and outlet.name != own and not outlet.wire:
            url = next((u for u in article.links if outlets.by_host(host_of(u)) is outlet), None)
            return outlet, f'copyright line "{credit.text}"' + (f" and link {url}" if url else ""), url
    foreign = [] if own_canonical else [article.canonical_url]
    if article.automated:
        foreign += article.links
    foreign = [u for u in foreign if u and host_of(u) and not any(outlets.same_site(host_of(u), h)
                                                                   for h in own_hosts)]
    if foreign:
        url = foreign[0]
        outlet = outlets.by_host(host_of(url))
        if outlet is None or not outlet.wire:
            name = outlet or Outlet(host_of(url) or url)
            return name, f"links to {url}", url
    return None


def _own_canonical(article: Article, outlets: OutletTable) -> bool:
    """Is the article's canonical URL its own address rather than a pointer to someone else's page?
    It is when the article has no web address of its own (a file, a text: the canonical is the only
    one, and the article's id comes from it), and when it is on the site of the article's own URL
    (the same page without tracking parameters, its AMP or mobile version, another host of the same
    outlet). A canonical URL on another outlet's site (syndication) is not."""
    canonical = article.canonical_url
    if not canonical or not host_of(canonical):
        return True
    url = web_url(article.url)
    return url is None or outlets.same_site(_page_host(url), _page_host(canonical))


def _own_hosts(article: Article, own_canonical: bool) -> tuple[str, ...]:
    """The hosts the article itself is published under: its URL's, and its canonical URL's when that is
    its own (``own_canonical``: see ``_own_canonical``); links to these are no credit of another outlet."""
    hosts = [_page_host(article.url)]
    if article.canonical_url and own_canonical:
        hosts.append(_page_host(article.canonical_url))
    return tuple(dict.fromkeys(h for h in hosts if h))


def _page_host(url: str | None) -> str | None:
    """The host of the page ``url`` shows: the publisher's host for an AMP cache address
    (``https://www-example-com.cdn.ampproject.org/c/s/www.example.com/story``,
    ``https://www.google.com/amp/s/www.example.com/story``), else the URL's own host (``host_of``)."""
    host = host_of(url)
    if not host or not url:
        return host
    parts = [p for p in urlsplit(url).path.split("/") if p]
    if host.endswith(".cdn.ampproject.org") and len(parts) >= 2:
        parts = parts[1:]  # the content type: c (page), v (viewer), i (image)...
    elif host.startswith("google.") and parts[:1] == ["amp"] and len(parts) >= 2:
        parts = parts[1:]
    else:
        return host
    if parts[0] == "s" and len(parts) >= 2:  # served over https
        parts = parts[1:]
    return host_of("https://" + parts[0]) or host


def _stored_credited(article: Article, lookup: Lookup, outlets: OutletTable,
                     seen: set[str]) -> tuple[Article, str] | None:
    credited = _credited_outlet(article, outlets)
    if credited is None or credited[2] is None:
        return None
    url = credited[2]
    original = _get(lookup, url_article_id(url, ""))
    if original is None or original.id in seen:
        return None
    return original, credited[1]


def _from_credits(article: Article, me: ChainLink, outlets: OutletTable) -> Provenance:
    chain = [me]
    credited = _credited_outlet(article, outlets)
    if credited is not None:
        outlet, how, url = credited
        chain.append(ChainLink(outlet.name, None, url, relation="credits", evidence=how))
    own = outlets.by_host(host_of(article.url))
    if article.wire and not (own is not None and own.wire and own.name == article.wire[0].agency):
        wire = article.wire[0]
        agency = outlets.by_name(wire.agency)
        url = next((u for u in article.links if agency and outlets.by_host(host_of(u)) is agency), None)
        how = f"{wire.how}: {wire.evidence}"
        chain.append(ChainLink(wire.agency, None, url, relation="wire credit", evidence=how))
        primary = PrimarySource(wire.agency, "wire", None, url, evidence=how)
    elif credited is not None:
        primary = PrimarySource(chain[-1].name, "outlet", None, chain[-1].url, evidence=chain[-1].evidence)
    else:
        kind = "wire" if own is not None and own.wire else "outlet"
        primary = PrimarySource(me.name, kind, article.id, me.url, evidence="no copy or credit found")
    return Provenance(article.id, primary, tuple(chain), is_copy=len(chain) > 1, automated=article.automated)
