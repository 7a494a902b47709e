"""Extraction stage: a FetchedDocument (HTML page or plain-text page) -> a clean Article.

Public API::

    extract_article(doc, *, options=None) -> Article      # raises ExtractError
    extract_batch(docs, *, options=None) -> list[Article | ExtractError]
    clean_page_text(text) -> list[str]                     # the text-page cleaner alone

HTML goes through :mod:`newsloom.extract.html` (metadata from JSON-LD/OpenGraph/meta, body
from trafilatura plus a second opinion and the line cleaner); ``text/plain`` pages through
:mod:`newsloom.extract.textpage`. Credits, dateline and the wire agency come from
:mod:`newsloom.extract.credits`, with the agency and boilerplate tables kept as data in
:mod:`newsloom.extract.agencies` and :mod:`newsloom.extract.rules`. What the page's metadata
leaves open is then read from the text itself, with its source recorded: the authors from a
byline or credit line (``byline`` / ``credit``), the language from the body (``text-stopwords``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from newsloom.errors import ExtractError
from newsloom.extract.credits import authors_from_credits
from newsloom.extract.decode import decode_body, is_binary, strip_heavy_markup
from newsloom.extract.draft import Draft, to_article
from newsloom.extract.html import html_draft, parse_html
from newsloom.extract.metadata import LANGUAGE_SOURCE, detect_language
from newsloom.extract.textpage import clean_page_text, text_draft
from newsloom.model import Article, FetchedDocument

__all__ = ["ExtractOptions", "clean_page_text", "extract_article", "extract_batch"]

HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml+html")
MIN_UNTITLED_WORDS = 8  # a page with no title and fewer words of text is no article (a stub, a placeholder)
_LOOKS_HTML = re.compile(r"^\s*(<!--.*?-->\s*)*<(!doctype html|html|head|body|meta|div|p|article)\b", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """Limits and switches. ``now`` bounds plausible dates (defaults to the clock)."""

    max_bytes: int = 20_000_000  # body bytes looked at at all
    max_markup_chars: int = 3_000_000  # markup parsed (after dropping scripts/styles when larger)
    htmldate: bool = True  # ask htmldate when no metadata or URL gives a date
    now: datetime | None = None


def _charset(content_type: str) -> str | None:
    found = re.search(r"charset\s*=\s*[\"']?([\w:.-]+)", content_type or "", re.IGNORECASE)
    return found.group(1) if found else None


def _declared_charset(doc: FetchedDocument) -> str | None:
    """The charset ``doc`` came with: the gatherer's (a fetcher's or WARC reader's ``encoding``), else its
    content type's, else its HTTP ``Content-Type`` header's. The fetcher strips the parameters off
    ``content_type``, so a document built from headers alone would otherwise lose the header's label,
    and with it the decoder's hint that a UTF-8 label over Latin text means cp1252."""
    header = next((value for name, value in (doc.headers or {}).items() if name.lower() == "content-type"), "")
    return doc.encoding or _charset(doc.content_type) or _charset(header)


def _kind(doc: FetchedDocument, text: str) -> str:
    media = (doc.content_type or "").split(";")[0].strip().lower()
    if media in HTML_TYPES:
        return "html"
    if media == "text/plain":
        return "html" if _LOOKS_HTML.match(text[:2000]) and "</" in text[:200_000] else "text"
    if media.startswith("text/") or not media or media in ("application/octet-stream",):
        return "html" if _LOOKS_HTML.match(text[:2000]) else "text"
    raise ExtractError(f"unsupported content type {media!r}", subject=doc.url)


def _html(doc: FetchedDocument, text: str, options: ExtractOptions) -> Draft:
    markup = strip_heavy_markup(text, options.max_markup_chars)
    tree = parse_html(markup)
    if tree is None:
        raise ExtractError("not parseable as HTML", subject=doc.url)
    try:
        draft = html_draft(tree, doc.url, doc.headers or {})
    except RecursionError as exc:
        raise ExtractError("markup nested too deeply to extract", subject=doc.url) from exc
    if options.htmldate and draft.sources.get("published") != "json-ld":
        _htmldate(draft, tree, doc.url)
    return draft


def _htmldate(draft: Draft, tree: object, url: str | None) -> None:
    """htmldate's original-date search checks or replaces a meta/URL date (a JSON-LD date is kept).

    The quick search reads the markup (meta tags, ``<time>`` and other dated elements, the URL): its
    date is recorded as ``htmldate``. Only when it finds nothing does the extensive one (about 4x
    slower) scan the text for any plausible date or year ("in 1999", "© 2018"): that is a guess,
    recorded as ``htmldate-text``, and a feed's explicit date outranks it (see ``draft._reconcile``)."""
    from htmldate import find_date

    from newsloom.dates import parse_datetime

    try:
        found, how = parse_datetime(find_date(tree, url=url, extensive_search=False, original_date=True)), "htmldate"
        if found is None:
            found, how = (parse_datetime(find_date(tree, url=url, extensive_search=True, original_date=True)),
                          "htmldate-text")
    except (ValueError, TypeError, RecursionError):
        return
    if found is None or (draft.published is not None and draft.published.date() == found.date()):
        return
    if draft.published is not None:
        draft.sources["published.overridden"] = f"{draft.sources.get('published', '?')}: {draft.published.isoformat()}"
    draft.published = found
    draft.sources["published"] = how


def extract_article(doc: FetchedDocument, *, options: ExtractOptions | None = None) -> Article:
    """The article in ``doc``; ExtractError (subject = doc.url) when there is none."""
    options = options or ExtractOptions()
    body = doc.body[: options.max_bytes] if doc.body else b""
    if not body.strip():
        raise ExtractError("empty document", subject=doc.url)
    if is_binary(body):
        raise ExtractError("binary content, not a text or HTML page", subject=doc.url)
    declared = _declared_charset(doc)
    text, _encoding = decode_body(body, declared=declared, html=True)
    kind = _kind(doc, text)
    draft = _html(doc, text, options) if kind == "html" else text_draft(text, doc.url)
    if not draft.paragraphs or not "".join(draft.paragraphs).strip():
        raise ExtractError("no article text found", subject=doc.url)
    if not (draft.title or "").strip() and (n := sum(len(p.split()) for p in draft.paragraphs)) < MIN_UNTITLED_WORDS:
        raise ExtractError(f"no title and {n} word(s) of text: too little for an article", subject=doc.url)
    draft.sources.setdefault("text", "text" if kind == "text" else "html")
    _from_text(draft)
    return to_article(doc, draft, now=options.now)


def _from_text(draft: Draft) -> None:
    """Authors and language the metadata did not give, read from the text (never invented: a
    byline's or credit line's names only; no language when the detector is unsure)."""
    if not draft.authors:
        names, how = authors_from_credits(draft.credits)
        if how:
            draft.set("authors", list(names), how)
    if not draft.authors and draft.organisation_authors:  # no person named anywhere: the newsroom, the site
        draft.set("authors", list(draft.organisation_authors), draft.sources.get("authors.organisation", "meta"))
    if not draft.lang:
        draft.set("lang", detect_language("\n".join([draft.title, *draft.paragraphs])), LANGUAGE_SOURCE)


def extract_batch(docs: Iterable[FetchedDocument], *,
                  options: ExtractOptions | None = None) -> list[Article | ExtractError]:
    """Extract every document; a failure becomes its ExtractError in the list, in order."""
    results: list[Article | ExtractError] = []
    for doc in docs:
        try:
            results.append(extract_article(doc, options=options))
        except ExtractError as exc:
            results.append(exc)
    return results
