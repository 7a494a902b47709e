"""Plain-text pages (archives, aggregators): whole pages as text with their boilerplate still in."""

from __future__ import annotations

from newsloom.extract.dates import text_date, url_date
from newsloom.extract.draft import Draft
from newsloom.extract.lines import clean_blocks, split_blocks

__all__ = ["clean_page_text", "text_draft"]

MAX_TITLE = 200


def clean_page_text(text: str) -> list[str]:
    """The story lines of a page's visible text (title included), boilerplate removed."""
    return clean_blocks(split_blocks(text)).lines


def text_draft(text: str, url: str | None = None) -> Draft:
    """Title, story paragraphs, credits, links and dates of a text page."""
    cleaned = clean_blocks(split_blocks(text))
    lines = cleaned.lines
    draft = Draft(credits=cleaned.credits, links=cleaned.links, automated=cleaned.automated)
    if lines and len(lines[0]) <= MAX_TITLE and len(lines) > 1:
        draft.set("title", lines[0], "text")
        lines = lines[1:]
    draft.paragraphs = lines
    for candidate in [url, *cleaned.links]:
        if (found := url_date(candidate)) is not None:
            draft.set("published", found, "url")
            break
    draft.set("published", text_date(cleaned.captions + lines[:3]), "text")
    return draft
