"""Plain-text pages (archives, aggregators): whole pages as text with their boilerplate still in.

After the rule-based line cleaner, the story is the densest run of prose lines: each line
scores by its length when it reads as prose (ends like a sentence) and costs a fixed amount
when it does not (menus, teaser titles, labels); the best-scoring contiguous run is kept
(a maximum-subarray search), so headings and short lines inside the story survive.
"""

from __future__ import annotations

import re

from newsloom.extract.dates import text_date, url_date
from newsloom.extract.draft import Draft
from newsloom.extract.lines import clean_blocks, split_blocks

__all__ = ["clean_page_text", "story_span", "text_draft"]

MAX_TITLE = 200
PROSE_MIN = 40  # characters for a line ending like a sentence to count as prose
NON_PROSE_COST = 50  # what a non-prose line costs the run it sits in
_SENTENCE_END = (".", "!", "?", '"', "”", "’", "»", "…", ")", ":", "'", "。", "！", "？", "」", "』", "）")
_CALL_TO_ACTION = re.compile(r"^(click|tap|clique|klicken sie|haga clic|cliquez|download|subscribe|sign up|get)\b",
                             re.IGNORECASE)
_WIDE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef]")


def _size(line: str) -> int:
    """Length in Latin-letter terms: a CJK character carries about three letters' worth of text."""
    return len(line) + 2 * len(_WIDE.findall(line)) if line and not line.isascii() else len(line)


def _line_score(line: str) -> float:
    size = _size(line)
    if (size >= PROSE_MIN and line.endswith(_SENTENCE_END) and not line.endswith(("...", "…"))
            and not _CALL_TO_ACTION.match(line)):
        return float(size)
    return -max(NON_PROSE_COST, size / 4)


def story_span(lines: list[str]) -> tuple[int, int]:
    """[start, end) of the best-scoring contiguous run of lines (all lines if none scores)."""
    best, span, current, start = 0.0, (0, len(lines)), 0.0, 0
    for i, line in enumerate(lines):
        score = _line_score(line)
        if current <= 0:
            current, start = score, i
        else:
            current += score
        if current > best:
            best, span = current, (start, i + 1)
    return span


def clean_page_text(text: str) -> list[str]:
    """The story lines of a page's visible text (title first when there is one)."""
    draft = text_draft(text)
    return ([draft.title] if draft.title else []) + draft.paragraphs


def text_draft(text: str, url: str | None = None) -> Draft:
    """Title, story paragraphs, credits, links and dates of a text page."""
    cleaned = clean_blocks(split_blocks(text))
    lines = cleaned.lines
    draft = Draft(credits=cleaned.credits, links=cleaned.links, automated=cleaned.automated)
    if cleaned.automated:  # the evidence is the "disclaimer" credit among the credits
        draft.sources["automated"] = "disclaimer" if cleaned.disclaimer else "text"
    if cleaned.aggregator:
        draft.set("site_name", cleaned.aggregator, "text")
    start, end = story_span(lines)
    if lines and start == 0 and len(lines[0]) <= MAX_TITLE and len(lines) > 1 and _line_score(lines[0]) < 0:
        start = 1  # a first line that is not prose is the headline
    if start > 0 and len(lines[0]) <= MAX_TITLE:
        draft.set("title", lines[0], "text")
    draft.paragraphs = lines[start:end]
    for candidate in [url, *cleaned.links]:
        if (found := url_date(candidate)) is not None:
            draft.set("published", found, "url")
            break
    draft.set("published", text_date(cleaned.captions + lines[:3]), "text")
    return draft
