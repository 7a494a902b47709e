"""The extractor's working record, and its reconciliation with feed hints into an Article."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from newsloom.dates import parse_datetime
from newsloom.extract.credits import detect_wire, find_dateline, reported_from_place
from newsloom.extract.dates import sane
from newsloom.model import Article, Credit, FetchedDocument, WireCredit, content_hash
from newsloom.urls import article_id, host_of

__all__ = ["Draft", "to_article"]


@dataclass
class Draft:
    title: str = ""
    paragraphs: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
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
    """Page values win when present and sane; hints fill the gaps; disagreements are recorded."""
    hint_date = parse_datetime(hints.get("published"))
    if draft.published is not None and not sane(draft.published, now):
        draft.sources["published.rejected"] = f"{draft.sources.pop('published', '?')}: {draft.published.isoformat()}"
        draft.published = None
    pairs = (("title", hints.get("title")), ("published", hint_date if sane(hint_date, now) else None),
             ("authors", _split_authors(hints.get("author") or "")), ("description", hints.get("summary")))
    for name, hint in pairs:
        if not hint:
            continue
        current = getattr(draft, name)
        if current in (None, "", []):
            setattr(draft, name, hint)
            draft.sources[name] = "feed"
        elif _differs(current, hint):
            draft.sources[f"{name}.feed"] = "differs"


def _differs(page: object, hint: object) -> bool:
    if isinstance(page, datetime) and isinstance(hint, datetime):
        return abs((page - hint).total_seconds()) > 86400
    return " ".join(str(page).casefold().split()) != " ".join(str(hint).casefold().split())


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
    host = host_of(draft.canonical_url or doc.url) if (draft.canonical_url or doc.url or "").startswith(
        ("http://", "https://")) else None
    source = draft.site_name or hints.get("source") or host or doc.source
    if not (draft.site_name or hints.get("source")) and host:
        draft.sources.setdefault("source", "url")
    digest = content_hash(text)
    return Article(
        id=article_id(draft.canonical_url or doc.url, digest), title=draft.title or "", text=text,
        url=doc.url, canonical_url=draft.canonical_url, external_id=hints.get("external_id"), source=source,
        site_name=draft.site_name, authors=tuple(dict.fromkeys(draft.authors)), published=draft.published,
        modified=draft.modified, fetched_at=doc.fetched_at, lang=draft.lang, description=draft.description,
        image=draft.image, paywalled=draft.paywalled, robots=tuple(dict.fromkeys(draft.robots)),
        dateline=place, credits=tuple(dict.fromkeys(draft.credits)), wire=wire,
        links=tuple(dict.fromkeys(draft.links)), automated=draft.automated, field_sources=dict(draft.sources),
        content_hash=digest)
