"""The extractor's working record, and its reconciliation with feed hints into an Article."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from newsloom.dates import parse_datetime
from newsloom.extract.credits import detect_wire, find_dateline, reported_from_place
from newsloom.extract.dates import sane
from newsloom.model import Article, Credit, FetchedDocument, WireCredit, content_hash
from newsloom.urls import article_id, host_of, same_site

__all__ = ["FEED_ORIGINS", "GUESSED_DATE_SOURCES", "Draft", "to_article"]

# ``hints["origin"]`` of a document whose HTML was built from a feed entry (its title and content or
# summary fragment: :func:`newsloom.sources.entries.feed_document`), not fetched from the publisher
FEED_ORIGINS = ("feed-content", "feed-summary")
# ``Draft.sources["published"]`` values that are a guess read from the prose rather than a date the page
# declares: htmldate's extensive text search (after its quick search of the markup found nothing) and
# a text page's first full date in its opening lines
GUESSED_DATE_SOURCES = frozenset({"htmldate-text", "text"})


@dataclass
class Draft:
    title: str = ""
    paragraphs: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    organisation_authors: list[str] = field(default_factory=list)  # the authors when no person is named
    published: datetime | None = None
    modified: datetime | None = None
    lang: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    image: str | None = None
    paywalled: bool | None = None
    robots: list[str] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    automated: bool = False
    sources: dict[str, str] = field(default_factory=dict)

    def set(self, name: str, value: object, source: str) -> None:
        """Fill ``name`` from ``source`` unless it already has a value (first source wins)."""
        if value in (None, "", [], ()) or getattr(self, name) not in (None, "", []):
            return
        setattr(self, name, value)
        self.sources[name] = source


def _split_authors(value: str) -> list[str]:
    return [a.strip() for a in re.split(r",|;|\s+and\s+|\s+&\s+", value) if a.strip()]


def _reconcile(draft: Draft, hints: dict, now: datetime | None) -> None:
    """Page values win when present and sane; hints fill the gaps; disagreements are recorded.

    A feed's value wins instead where the page's is no statement of the page's own:

    - the document was built from the feed entry (``hints["origin"]`` in :data:`FEED_ORIGINS`): its
      "page" is the entry's title and content fragment, so the feed's title, date and authors win over
      what was read from it (a ``<title>`` cut at a separator, htmldate's guess from a year in the story's
      text), and without a feed date such a guess is dropped (``published.rejected``);
    - the page's date is a guess from its prose (:data:`GUESSED_DATE_SOURCES`): the feed's date wins.

    A date the page declares (JSON-LD, OpenGraph or meta tags, a ``<time>`` element or other markup
    htmldate's quick search reads, the URL path) still wins over a differing feed date. The losing
    value is recorded: ``"<name>.feed": "differs"`` when the page's stayed, ``"<name>.page":
    "<source>: <value>"`` when the feed's replaced it."""
    hint_date = parse_datetime(hints.get("published"))
    if draft.published is not None and not sane(draft.published, now):
        draft.sources["published.rejected"] = f"{draft.sources.pop('published', '?')}: {draft.published.isoformat()}"
        draft.published = None
    feed_built = hints.get("origin") in FEED_ORIGINS
    feed_date = hint_date if sane(hint_date, now) else None
    if feed_built and feed_date is None and draft.sources.get("published") in GUESSED_DATE_SOURCES:
        # an undated entry's fragment: a year in its prose is no publication date
        draft.sources["published.rejected"] = f"{draft.sources.pop('published')}: {draft.published.isoformat()}"
        draft.published = None
    pairs = (("title", hints.get("title"), feed_built),
             ("published", feed_date, feed_built or draft.sources.get("published") in GUESSED_DATE_SOURCES),
             ("authors", _split_authors(hints.get("author") or ""), feed_built),
             ("description", hints.get("summary"), False))
    for name, hint, feed_wins in pairs:
        if not hint:
            continue
        current = getattr(draft, name)
        if current in (None, "", []):
            setattr(draft, name, hint)
            draft.sources[name] = "feed"
        elif feed_wins:
            if _differs(current, hint):
                shown = current.isoformat() if isinstance(current, datetime) else current
                draft.sources[f"{name}.page"] = f"{draft.sources.get(name, '?')}: {shown}"
            setattr(draft, name, hint)
            draft.sources[name] = "feed"
        elif _differs(current, hint):
            draft.sources[f"{name}.feed"] = "differs"


def _differs(page: object, hint: object) -> bool:
    if isinstance(page, datetime) and isinstance(hint, datetime):
        return abs((page - hint).total_seconds()) > 86400
    return " ".join(str(page).casefold().split()) != " ".join(str(hint).casefold().split())


MAX_TITLE = 1000  # characters of a title kept (a page may declare a megabyte of one)


def _bounded(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip() + " …"


def _address(url: str | None, canonical: str | None) -> str | None:
    """The web address that names the article (its id, its outlet's host): the address it was fetched from,
    or its canonical URL when that is on the same site (a tidier form of it), or when the article has no web
    address of its own (a saved file). A canonical URL on another site is a claim that the article
    republishes that page (kept as ``canonical_url``, evidence for the trace stage), never its identity: else
    any page could take another site's article id, and the article itself would be dropped as a duplicate."""
    web = url if (url or "")[:8].lower().startswith(("http://", "https://")) else None
    if canonical and (web is None or same_site(web, canonical)):
        return canonical
    return web


def to_article(doc: FetchedDocument, draft: Draft, *, now: datetime | None = None) -> Article:
    """Reconcile with ``doc.hints``, find dateline and wire, and build the frozen Article."""
    hints = dict(doc.hints or {})
    _reconcile(draft, hints, now)
    text = "\n\n".join(draft.paragraphs)
    dateline = find_dateline(draft.paragraphs)
    place = dateline[0] if dateline else reported_from_place(draft.credits)
    if dateline:
        draft.credits.insert(0, Credit("dateline", dateline[2], ()))
        draft.sources["dateline"] = "text"
    elif place:
        draft.sources["dateline"] = "credit"
    wire: tuple[WireCredit, ...] = detect_wire(dateline=dateline, credits=draft.credits,
                                              paragraphs=draft.paragraphs, authors=draft.authors)
    address = _address(doc.url, draft.canonical_url)
    host = host_of(address) if address else None
    source = draft.site_name or hints.get("source") or host or doc.source
    if not (draft.site_name or hints.get("source")) and host:
        draft.sources.setdefault("source", "url")
    digest = content_hash(text)
    return Article(
        id=article_id(address or doc.url, digest), title=_bounded(draft.title or "", MAX_TITLE), text=text,
        url=doc.url, canonical_url=draft.canonical_url, external_id=hints.get("external_id"), source=source,
        site_name=draft.site_name, authors=tuple(dict.fromkeys(draft.authors)), published=draft.published,
        modified=draft.modified, fetched_at=doc.fetched_at, lang=draft.lang, description=draft.description,
        image=draft.image, paywalled=draft.paywalled, robots=tuple(dict.fromkeys(draft.robots)),
        dateline=place, credits=tuple(dict.fromkeys(draft.credits)), wire=wire,
        links=tuple(dict.fromkeys(draft.links)), automated=draft.automated, field_sources=dict(draft.sources),
        content_hash=digest)
