"""HTML pages: parse once, read metadata (JSON-LD, OpenGraph, meta), extract the body.

The body comes from trafilatura in fast precision mode on the already-parsed tree. A short
result (under ``UNSURE_CHARS``) gets a second opinion: precision mode with trafilatura's
readability/jusText comparison; a body still tiny (``TOO_SHORT_CHARS``) gets recall mode's,
whose text wins only when it is several times longer (precision pruned the story). The shared line cleaner removes leftover boilerplate.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement, document_fromstring
from trafilatura import bare_extraction
from trafilatura.utils import HTML_PARSER, load_html

from newsloom.extract.draft import Draft
from newsloom.extract.lines import clean_blocks
from newsloom.extract.metadata import page_metadata
from newsloom.model import Credit

__all__ = ["BodyResult", "extract_body", "html_draft", "parse_html"]

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


UNSURE_CHARS = 1000  # a body shorter than this gets the slower second opinion
TOO_SHORT_CHARS = 400  # a body still this short after that gets recall mode's opinion too
RECALL_FACTOR = 3  # a short body is replaced by recall mode's when that is this many times longer


@dataclass(frozen=True, slots=True)
class BodyResult:
    paragraphs: list[str]
    how: str  # which extractor produced the body
    automated: bool = False  # the body carried an automatic aggregator's disclaimer (removed from it)
    disclaimer: Credit | None = None  # that disclaimer's sentence, the evidence


# A fragment (no <html> near the start) counts as HTML when it holds one of the elements that carry
# a page's text or structure; a feed's or other XML's own tags (<rss>, <item>, <title> ...) do not count.
_DOCUMENT_START = re.compile(r"<(?:!doctype\s+html|html|\?xml)\b", re.IGNORECASE)
_CONTENT_TAG = re.compile(
    r"<(?:p|div|span|a|br|hr|img|figure|figcaption|section|article|main|aside|header|footer|nav|body|h[1-6]"
    r"|ul|ol|li|dl|dt|dd|table|thead|tbody|tr|td|th|blockquote|pre|code|em|strong|b|i|u|small|sup|sub"
    r"|time|picture|video|iframe|form)(?=[\s/>])", re.IGNORECASE)


def parse_html(markup: str) -> HtmlElement | None:
    """An lxml tree, or None for markup with nothing parseable in it.

    trafilatura's ``load_html`` expects a whole document and refuses a fragment whose top element has
    fewer than two children (``<div><section><p>…</section></div>``, ``<p>…</p>``); such a fragment
    holding HTML content elements is parsed as the body of a document instead. Text without any such
    element (plain text, XML) stays refused."""
    try:
        tree = load_html(markup)
    except (ValueError, TypeError):
        tree = None
    if tree is None and isinstance(markup, str):
        tree = _fragment_document(markup)
    return tree


def _fragment_document(markup: str) -> HtmlElement | None:
    """The fragment ``markup`` as ``<html><body>fragment</body></html>``, or None when it is no HTML
    fragment: it starts like a whole document (which ``load_html`` judged already) or holds no HTML
    content element."""
    start = markup.lstrip()[:200]
    if _DOCUMENT_START.match(start) or not _CONTENT_TAG.search(markup, 0, 200_000):
        return None
    try:
        tree = document_fromstring(f"<html><body>{markup}</body></html>", parser=HTML_PARSER)
    except (ValueError, TypeError, etree.ParserError):
        return None
    body = tree.find("body")
    return tree if body is not None and len(body) else None


def _trafilatura_text(tree: HtmlElement, url: str | None, **options: bool) -> str:
    result = bare_extraction(tree, url=url, include_comments=False, include_tables=True,
                             with_metadata=False, **options)
    text = (getattr(result, "text", None) or "") if result is not None else ""
    # bare_extraction leaves the page's decomposed letters as they are (extract() normalises them):
    # composed form, as the rest of newsloom compares text
    return unicodedata.normalize("NFC", text)


def extract_body(tree: HtmlElement, url: str | None, jsonld: Mapping | None = None) -> BodyResult:
    """The story paragraphs of a parsed page (boilerplate lines removed)."""
    text, how = _trafilatura_text(tree, url, favor_precision=True, fast=True), "trafilatura-precision-fast"
    if len(text) < UNSURE_CHARS:  # short: let trafilatura compare with its readability/jusText fallbacks
        text, how = _trafilatura_text(tree, url, favor_precision=True), "trafilatura-precision"
    if len(text) < TOO_SHORT_CHARS:  # a sentence or two: precision may have pruned the story; recall finds more?
        wider = _trafilatura_text(tree, url, favor_recall=True)
        if len(wider) > RECALL_FACTOR * len(text):
            text, how = wider, "trafilatura-recall"
    lines = [" ".join(line.split()) for line in text.splitlines()]
    cleaned = clean_blocks([[line] for line in lines if line], drop_credits=False)
    disclaimer = next((c for c in cleaned.credits if c.kind == "disclaimer"), None)
    return BodyResult(cleaned.lines, how, cleaned.automated, disclaimer)


def html_draft(tree: HtmlElement, url: str | None, headers: Mapping[str, str]) -> Draft:
    """Metadata and body of a parsed page as a Draft."""
    draft, article = page_metadata(tree, url, headers)
    body = extract_body(tree, url, article)
    draft.paragraphs = body.paragraphs
    draft.sources["text"] = body.how
    if body.automated:  # as on text pages: the disclaimer sentence is the evidence
        draft.automated = True
        draft.sources["automated"] = "disclaimer" if body.disclaimer else "text"
        if body.disclaimer is not None:
            draft.credits.append(body.disclaimer)
    return draft
