"""What the pages and the API show of the library's views.

Each article is shown only as far as its publisher allows (robots ``nosnippet``, ``max-snippet``,
``noarchive``: :mod:`newsloom.policy.robots`), and not only in its own text: the evidence of a copy
relation (aligned sentences, shared quotes), of a provenance chain and of a copy tree quotes articles too.
The library's views (``Newsloom.story_view``, ``Newsloom.article_view``) come so already, for every edge
(pages, API, feeds, CLI).

An article is shown and linked by one address, its web address (:func:`article_url`): never the ``file://``
path of a page ingested from a local file, which means nothing to a reader and tells how the server's disks
are laid out. The copy tree's and provenance's addresses are made so here, for every page, API answer and feed.

A story whose headline came out empty is shown under a visible stand-in (:func:`story_title`).
Search results are excerpts of the same shown text, with the query's words marked (:func:`search_page`);
an article without a known publisher is named as the story page's coverage names it (:func:`publisher`);
why an article is in its story is said in words (:func:`story_reasons`).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import quote

from markupsafe import Markup, escape

from ..compare import source_label
from ..compare.tree import CopyNode
from ..core import ArticleView, StoryView
from ..errors import NotFoundError
from ..model import Article, Provenance, Story, StoryAssignment
from ..policy import display_text
from ..store.articles import MAX_QUERY_CHARS, MAX_QUERY_TERMS
from ..stories.explain import reason_of, score_note
from ..urls import web_address, web_url

MAX_QUERY = 1000  # characters of a search query, on the search page and in the API (the store caps its words)

__all__ = ["SEARCH_COUNTED", "Reason", "SearchHit", "SearchPage", "article_title", "article_url", "article_view", "by_value",
           "counted_search", "excerpt", "moved_to", "publisher", "publishers", "search_page", "search_terms",
           "story_reasons", "story_title", "story_titles", "story_view", "untitled"]


def untitled(story_id: str) -> str:
    return f"Untitled story ({story_id})"


def story_title(story: Story, articles: Sequence[Article] = ()) -> str:
    """The story's headline; when it is empty, the first of its articles' titles, else a stand-in
    naming the story id (never an empty link or page title)."""
    if story.title and story.title.strip():
        return story.title
    by_id = {a.id: a for a in articles}
    ordered = [by_id[aid] for aid in story.article_ids if aid in by_id] + [a for a in articles
                                                                           if a.id not in story.article_ids]
    return next((a.title for a in ordered if a.title and a.title.strip()), untitled(story.id))


def story_titles(nl, stories: Sequence[Story]) -> dict[str, str]:
    """:func:`story_title` of each story by id; articles are read only for the stories without one."""
    bare = [s for s in stories if not (s.title and s.title.strip())]
    found = dict(zip((s.id for s in bare), nl.stories_articles(bare), strict=True)) if bare else {}
    return {s.id: story_title(s, found.get(s.id, ())) for s in stories}


# -- addresses -------------------------------------------------------------------------------------------
def article_url(article: Article | None, recorded: str | None = None) -> str | None:
    """The one address the web layer shows and links for an article: its ``url`` when that is a web
    address (http or https), else its ``canonical_url`` when that is one, else None (no address, no link).

    A page ingested from a local file has a ``file://`` url: its canonical URL is where readers find it, and
    the path would only publish the server's directory layout. ``recorded`` is the address a provenance link
    or copy-tree node carries, used only when the article itself is not at hand (an outlet or wire agency a
    credit names, an article no longer stored), under the same rule."""
    if article is not None:
        return web_address(article.url, article.canonical_url)
    return web_url(recorded)


def _address(arts: Mapping[str, Article], article_id: str | None, recorded: str | None) -> str | None:
    """:func:`article_url` of the article ``article_id`` names, when it is among ``arts``."""
    return article_url(arts.get(article_id) if article_id else None, recorded)


def _provenance(prov: Provenance | None, arts: Mapping[str, Article]) -> Provenance | None:
    """``prov`` with each address as :func:`article_url` gives it (``arts``: the articles it names, by id)."""
    if prov is None:
        return None
    primary = replace(prov.primary, url=_address(arts, prov.primary.article_id, prov.primary.url))
    chain = tuple(replace(link, url=_address(arts, link.article_id, link.url)) for link in prov.chain)
    return replace(prov, primary=primary, chain=chain)


def _node(node: CopyNode, arts: Mapping[str, Article]) -> CopyNode:
    return replace(node, url=_address(arts, node.article_id, node.url), children=[_node(c, arts) for c in node.children])


def article_view(nl, article_id: str) -> tuple[ArticleView, tuple[int, ...], Mapping[str, Article]]:
    """``nl.article_view`` (evidence and description as the publishers allow) with web addresses; for each
    relation the number of passages withheld; and the articles its relations and provenance name, by id."""
    view = nl.article_view(article_id)
    return replace(view, provenance=_provenance(view.provenance, view.named)), view.withheld, view.named


def story_view(nl, story_id: str) -> StoryView:
    """``nl.story_view`` (evidence as the publishers allow) with the addresses of its copy tree and
    provenance as :func:`article_url` gives them."""
    view = nl.story_view(story_id)
    return replace(view, tree=tuple(_node(n, view.named) for n in view.tree),
                   provenance={aid: _provenance(p, view.named) for aid, p in view.provenance.items()})


def by_value(number) -> list[tuple[str, list[str]]]:
    """A number sources give differently (``Coverage.numbers_differing``) as (value, the articles giving it),
    each value once, in the order first given: '1.5 million women' (Fox News; The New York Times) vs
    '1.6 million women' (HuffPost)."""
    groups: dict[str, list[str]] = {}
    for aid, label in zip(number.article_ids, number.labels, strict=False):
        groups.setdefault(label, []).append(aid)
    return list(groups.items())


def moved_to(nl, story_id: str, path: str) -> str | None:
    """Where the links of a story that is no longer stored now lead (``path`` with the id of the stored story
    it went into, merged or renamed by a re-cluster: ``Newsloom.story_moved_to``), or None when it simply
    does not exist. When the story it went into was removed since (a takedown or a delete emptied it), raises
    that story's GoneError: the old address answers 410 with the cause, as the new one does, not 404."""
    target = nl.story_moved_to(story_id)
    if target is None:
        alias = nl.store.story_alias(story_id)
        gone = nl.store.removal(alias) if alias else None
        if gone is not None:
            raise gone
        return None
    return path.format(quote(target, safe=""))


# -- naming articles -------------------------------------------------------------------------------------
def article_title(article: Article) -> str:
    return article.title or f"Untitled article ({article.id})"


def publisher(article: Article, provenance: Provenance | None = None) -> str:
    """Who published ``article``, as the story page's coverage names it (``compare.outlet_name`` with the
    primary source its provenance gives): its outlet, site name or host, else e.g. 'unknown publisher
    (Reuters)'. Never empty, so a page never shows a separator with no name before it."""
    return source_label(article, provenance).outlet


def publishers(nl, articles: Iterable[Article],
               known: Mapping[str, Provenance | None] | None = None) -> dict[str, str]:
    """:func:`publisher` of each article by id; provenances not in ``known`` are read (one query)."""
    arts = list(articles)
    provs = dict(known or {})
    missing = [a.id for a in arts if a.id not in provs]
    if missing:
        provs.update(nl.provenance_of(missing))
    return {a.id: publisher(a, provs.get(a.id)) for a in arts}


# -- search ----------------------------------------------------------------------------------------------
SEARCH_COUNTED = 500  # results a search reads and counts (web pages and API): past this, "more than 500"
EXCERPT_CHARS = 240  # characters of shown text around the query's words in a search result
EXCERPT_SCAN = 20_000  # characters of shown text searched for them (the opening of a very long text)
_CJK = ("\u1100-\u11ff\u2e80-\u2fdf\u3040-\u30ff\u3100-\u31bf\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
        "\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f")
# a word as the full-text index takes it: a run of letters and digits; each CJK character a word of its own
_TOKEN = re.compile(f"[{_CJK}]|[^\\W_{_CJK}]+")
_MARK = Markup("<mark>{}</mark>")


def _fold(word: str) -> str:
    """``word`` as the index compares it (unicode61, remove_diacritics): case and accents dropped."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


def search_terms(query: str) -> frozenset[str]:
    """The words of ``query`` the store searches for (the same cut: ``store.articles.match_expression``),
    folded."""
    seen: set[str] = set()
    for word in re.findall(r"\w+", unicodedata.normalize("NFC", query[:MAX_QUERY_CHARS]), flags=re.UNICODE):
        seen.add(word.casefold())
        if len(seen) >= MAX_QUERY_TERMS:
            break
    return frozenset(_fold(t) for word in seen for t in _TOKEN.findall(word))


def _spans(text: str, terms: frozenset[str]) -> list[tuple[int, int, str]]:
    """(start, end, folded word) of each of ``terms`` in ``text``, neighbours joined (CJK characters)."""
    spans: list[tuple[int, int, str]] = []
    for m in _TOKEN.finditer(text):
        folded = _fold(m.group())
        if folded not in terms:
            continue
        if spans and spans[-1][1] == m.start():
            spans[-1] = (spans[-1][0], m.end(), spans[-1][2] + folded)
        else:
            spans.append((m.start(), m.end(), folded))
    return spans


def _marked(text: str, spans: Sequence[tuple[int, int, str]], start: int = 0, end: int | None = None) -> Markup:
    """``text[start:end]`` escaped, with the spans that lie wholly inside it in ``<mark>``. The text is
    escaped piece by piece and only the mark tags are markup: nothing of the text is ever read as HTML."""
    end = len(text) if end is None else end
    out, pos = [], start
    for s, e, _ in spans:
        if s < pos or e > end:
            continue
        out += [escape(text[pos:s]), _MARK.format(text[s:e])]
        pos = e
    out.append(escape(text[pos:end]))
    return Markup("").join(out)


def _window(text: str, spans: Sequence[tuple[int, int, str]], size: int) -> tuple[int, int]:
    """The part of ``text`` (about ``size`` characters, cut at spaces) with the most distinct query words,
    the earliest of equals; the start of the text when it has none."""
    if len(text) <= size:
        return 0, len(text)
    start, starts, best = 0, [s for s, _, _ in spans], -1
    for at in (0, *(max(0, s - size // 4) for s in starts[:100])):  # the opening first, when as good
        inside = spans[bisect_left(starts, at):bisect_left(starts, at + size)]
        n = len({w for _, e, w in inside if e <= at + size})
        if n > best:
            best, start = n, at
    first = next((s for s, _, _ in spans if s >= start), start)
    if start > 0:
        space = text.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + size)
    if end < len(text):
        space = text.rfind(" ", start + size // 2, end)
        end = space if space >= 0 else end
    return start, end


def excerpt(article: Article, terms: frozenset[str], size: int = EXCERPT_CHARS) -> Markup:
    """A passage of the text the publisher lets newsloom show (``policy.display_text``, as the article
    page shows it: nothing for nosnippet, at most max-snippet characters) with ``terms`` marked; empty
    when nothing may be shown."""
    shown = " ".join(display_text(article)[0].split())
    title = " ".join((article.title or "").split())
    if title and shown.startswith(title) and shown[len(title):].strip():  # the result shows the headline already
        shown = shown[len(title):].lstrip()
    if not shown:
        return Markup("")
    scanned = shown[:EXCERPT_SCAN]  # a long text's excerpt comes from its opening: no page folds megabytes
    spans = _spans(scanned, terms)
    start, end = _window(scanned, spans, size)
    passage = _marked(scanned, spans, start, end)
    return Markup("{}{}{}").format("… " if start > 0 else "", passage, " …" if end < len(shown) else "")


@dataclass(frozen=True, slots=True)
class SearchHit:
    article: Article
    score: float
    title: Markup  # the headline with the query's words marked
    publisher: str  # :func:`publisher`
    excerpt: Markup  # :func:`excerpt`: "" when the article has no text or its publisher lets none be shown
    withheld: bool  # the publisher lets no text of it be shown (robots nosnippet)


@dataclass(frozen=True, slots=True)
class SearchPage:
    """One page of search results. ``total`` results were counted, all of them unless ``more`` (counting
    stops at the cap a caller sets: the store has no cheap count)."""

    query: str
    page: int
    per_page: int
    hits: tuple[SearchHit, ...]
    total: int
    more: bool

    @property
    def first(self) -> int:
        return (self.page - 1) * self.per_page + 1

    @property
    def last(self) -> int:
        return self.first + len(self.hits) - 1

    @property
    def pages(self) -> int:
        """Pages of counted results (at least 1)."""
        return max(1, -(-self.total // self.per_page))


def counted_search(nl, query: str, *, offset: int, limit: int,
                   counted: int) -> tuple[list[tuple[Article, float]], int, bool]:
    """Results ``offset`` to ``offset + limit`` of ``nl.search(query)``, how many there are, and whether
    there are more than were counted. The store has no cheap count, so the first ``counted`` results are read
    (one more tells whether there are others) and only those are ever served: the web's search pages and
    the API's search count and page by this one rule."""
    if not query.strip():
        return [], 0, False
    found = nl.search(query, limit=counted + 1)
    more = len(found) > counted
    found = found[:counted]
    return found[offset:offset + limit], len(found), more


def search_page(nl, query: str, *, page: int, per_page: int, counted: int) -> SearchPage:
    """Page ``page`` of ``nl.search(query)``: up to ``counted`` results are read (and so counted), the
    page's hits get their publisher, marked headline and excerpt."""
    on_page, total, more = counted_search(nl, query, offset=(page - 1) * per_page, limit=per_page, counted=counted)
    if not total:
        return SearchPage(query, page, per_page, (), 0, more)
    terms = search_terms(query)
    names = publishers(nl, (a for a, _ in on_page))
    hits = tuple(SearchHit(a, score, _marked(article_title(a), _spans(article_title(a), terms)), names[a.id],
                           excerpt(a, terms), display_text(a) == ("", True)) for a, score in on_page)
    return SearchPage(query, page, per_page, hits, total, more)


# -- why an article is in its story ----------------------------------------------------------------------
# In the words ``newsloom stories why`` uses (``stories.explain``); a page links the article or story a
# reason names instead of printing its id.


@dataclass(frozen=True, slots=True)
class Reason:
    """Why one article is in its story, for a page: ``said`` in words, then a link (``href``, ``link``,
    ``link_note``: the article it copies, the story it was split from) when there is one, then ``score_note``
    (what decided, on its own scale: ``explain.score_note``; None for copies and user decisions), and the
    shared terms and entities. ``similarity`` and ``probability`` say which scales the page explains."""

    article_id: str
    title: str
    said: str
    href: str | None = None
    link: str | None = None
    link_note: str | None = None  # after the link: the publisher of the article copied
    score_note: str | None = None
    similarity: float | None = None
    probability: float | None = None
    shared_terms: tuple[str, ...] = ()
    shared_entities: tuple[str, ...] = ()


def _reason(asg: StoryAssignment, arts: Mapping[str, Article], names: Mapping[str, str],
            story_names: Mapping[str, str], join_at: float) -> Reason:
    why = reason_of(asg)
    art = arts.get(asg.article_id)
    base = {"article_id": asg.article_id, "title": article_title(art) if art else asg.article_id,
            "score_note": score_note(asg, join_at), "shared_terms": tuple(asg.shared_terms[:8]),
            "shared_entities": tuple(asg.shared_entities[:8])}
    if why.kind == "similarity":
        return Reason(said=why.said, similarity=asg.score, probability=asg.probability, **base)
    if why.kind == "new":
        return Reason(said=why.said, probability=asg.probability, **base)
    if why.article is not None:
        other = arts.get(why.article)
        if other is None:
            return Reason(said=f"{why.said} an article no longer stored", **base)
        return Reason(said=why.said, href=f"/articles/{quote(why.article, safe='')}", link=article_title(other),
                      link_note=names[why.article], **base)
    if why.story is not None:
        return Reason(said=why.said, href=f"/stories/{quote(why.story, safe='')}",
                      link=story_names.get(why.story, "another story"), **base)
    return Reason(said=why.said, **base)


def story_reasons(nl, view: StoryView) -> list[Reason]:
    """Why each article of ``view`` is in the story, in words (``StoryAssignment.reason`` holds codes:
    ``copy-of:<article id>``, ``auto-split:<story id>``...), with the articles copied read by title."""
    refs = [asg.reason.partition(":") for asg in view.assignments.values()]
    arts = nl.articles_with(view.articles, [ref for kind, _, ref in refs if kind == "copy-of" and ref])
    copied = [arts[ref] for kind, _, ref in refs if kind == "copy-of" and ref in arts]
    names = publishers(nl, copied, view.provenance)
    story_names: dict[str, str] = {}
    for kind, _, ref in refs:
        if kind == "auto-split" and ref and ref not in story_names:
            try:
                story = nl.store.get_story(ref)
            except NotFoundError:
                continue
            story_names[ref] = story_titles(nl, [story])[ref]
    join_at = nl.join_probability
    return [_reason(asg, arts, names, story_names, join_at) for asg in view.assignments.values()]
