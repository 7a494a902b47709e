"""The line cleaner: drop boilerplate lines from a page's text, keep every story paragraph.

Shared by plain-text pages (whole pages with their boilerplate) and by the HTML extractor
(leftover boilerplate in the extracted body). Input is a list of *blocks* (runs of lines
without a blank line between them); output is the kept lines and what was set aside:
credits, links, caption lines, and whether an aggregator disclaimer was present (with the
disclaimer's sentence kept as a ``disclaimer`` credit: the evidence that the page is automated).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from newsloom.extract.credits import classify_credit, find_dateline
from newsloom.extract.rules import COMPILED
from newsloom.model import Credit

__all__ = ["Cleaned", "clean_blocks", "disclaimer_sentence", "split_blocks"]

_URL_LINE = re.compile(r"^(?P<url>https?://\S+)(?:\s+.{0,300})?$")
_LONE_NAME = re.compile(r"^[A-ZÀ-Ý][a-zà-ÿ'’-]+(?: [A-ZÀ-Ý][a-zà-ÿ.'’-]+){1,2}$")
_INLINE_TEASER = re.compile(r"^[^:]{2,40}:\s*\S+(?:\s+\S+){2,}")  # "Related: <teaser title>" stands alone
_NOT_LETTER = re.compile(r"[^\w\s]|[\d_]")
_SELF_NAMED = re.compile(r"^([A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,3}) is an? (?:\w+ ){0,3}aggregator\b")
_SENTENCE_BREAK = re.compile(r"(?<=[\w)][.!?])\s+(?=[\"“(]?[A-ZÀ-Ý])")
DISCLAIMER_CHARS = 240  # a disclaimer sentence longer than this is cut (at a word) when kept as evidence
PROSE_MIN = 40  # shorter lines after a closing notice are labels or names, not story
TAIL_SHARE = 0.5  # a related/comments opener after this share of the prose ends the story
STORY_GOES_ON_CHARS = 200  # unless the line after it is a paragraph this long (the heading alone goes)


@dataclass
class Cleaned:
    lines: list[str] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    automated: bool = False
    aggregator: str | None = None  # the name an automatic aggregator gives itself in its disclaimer
    disclaimer: str | None = None  # the disclaimer sentence that shows it (also kept as a "disclaimer" credit)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (rule, line)


def split_blocks(text: str) -> list[list[str]]:
    """Blank-line separated blocks of whitespace-normalised, non-empty lines."""
    blocks, current = [], []
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if line:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def clean_blocks(blocks: list[list[str]], *, drop_credits: bool = True) -> Cleaned:
    """Classify every line and keep the story; ``drop_credits`` also moves credit lines out."""
    entries = [(b, line) for b, block in enumerate(blocks) for line in block]
    kinds = [_kind(line, drop_credits) for _, line in entries]
    _mark_captions(entries, kinds, blocks)
    _mark_tail(entries, kinds)
    _mark_duplicates(entries, kinds, anywhere=drop_credits)
    out = Cleaned()
    for (_, line), kind in zip(entries, kinds):
        _route(out, line, kind)
    return out


def _kind(line: str, drop_credits: bool) -> str | None:
    if COMPILED.is_comments(line):
        return "comments"
    if COMPILED.is_comment_header(line):
        return "comment-header"
    kind = COMPILED.kind_of(line)
    if kind:
        return kind
    if _URL_LINE.match(line) and drop_credits:
        return "url"
    if COMPILED.is_related(line):
        return "teaser" if _INLINE_TEASER.match(line) else "related"
    if drop_credits and classify_credit(line) and len(line) < 400:
        return "credit"
    return None


def _mark_captions(entries: list, kinds: list, blocks: list[list[str]]) -> None:
    """Lines just before a photo credit in the same short block are its caption."""
    for i, kind in enumerate(kinds):
        if kind != "photo":
            continue
        block = entries[i][0]
        if len(blocks[block]) > 4:
            continue
        for j in (i - 1, i - 2):
            if j >= 0 and entries[j][0] == block and kinds[j] is None:
                kinds[j] = "caption"


def _prose_share(entries: list, kinds: list) -> list[float]:
    """For each line, the share of the page's prose characters that come before it."""
    sizes = [len(line) if kind is None and len(line) >= PROSE_MIN else 0 for (_, line), kind in zip(entries, kinds)]
    total, seen, shares = sum(sizes) or 1, 0, []
    for size in sizes:
        shares.append(seen / total)
        seen += size
    return shares


def _mark_tail(entries: list, kinds: list) -> None:
    """After the story's end (a late related opener, comments, closing notice) only tail remains."""
    n, shares = len(entries), _prose_share(entries, kinds)
    for i, kind in enumerate(kinds):
        late = shares[i] >= TAIL_SHARE
        if kind in ("copyright", "aggregator") and late:  # names and labels after a closing notice
            for j in range(i + 1, n):
                if kinds[j] is None and len(entries[j][1]) < PROSE_MIN:
                    kinds[j] = "poster" if _LONE_NAME.match(entries[j][1]) else "tail"
        elif kind == "related" and late and not _after_end(kinds, i) and _story_goes_on(entries, kinds, i):
            continue  # a lone heading inside the story ("Read also" over its next paragraph): it alone goes
        elif kind in ("related", "comments") and (late or _after_end(kinds, i)) or (
                kind == "comment-header" and shares[i] > 0):
            for j in range(i + 1, n):
                if kinds[j] is None:
                    kinds[j] = "tail"
            return
        elif kind == "related":  # mid-page teaser block: the rest of its block goes
            for j in range(i + 1, n):
                if entries[j][0] != entries[i][0]:
                    break
                if kinds[j] is None:
                    kinds[j] = "teaser"


def _story_goes_on(entries: list, kinds: list, i: int) -> bool:
    """The line after related opener ``i`` is a long paragraph of sentences (ending one, or holding
    three: the story's, not a teaser's title), and ``i`` is no appendix heading (an about-box or a
    contact is prose too)."""
    if i + 1 >= len(entries) or kinds[i + 1] is not None or COMPILED.is_appendix(entries[i][1]):
        return False
    following = entries[i + 1][1]
    return len(following) >= STORY_GOES_ON_CHARS and (
        following.rstrip("\"'”’»)").endswith((".", "!", "?", "…")) or len(_SENTENCE_BREAK.findall(following)) >= 2)


def _after_end(kinds: list, i: int) -> bool:
    return any(k in ("credit", "copyright") for k in kinds[max(0, i - 3):i])


def _mark_duplicates(entries: list, kinds: list, *, anywhere: bool) -> None:
    """A paragraph printed twice is kept once, inside the story. Whole pages repeat teasers
    ``anywhere``; in an extracted body only a standfirst (first 3 lines) printed exactly twice."""
    kept = [i for i, k in enumerate(kinds) if k is None]
    story = [entries[i][1] for i in kept]
    counts = Counter(" ".join(line.casefold().split()) for line in story)
    dateline = find_dateline(story[1:]) if len(story) > 1 else None
    start = story.index(next(p for p in story[1:] if p.startswith(dateline[2]))) if dateline else 0
    seen: dict[str, int] = {}
    for pos, i in enumerate(kept):
        key = " ".join(entries[i][1].casefold().split())
        if not _is_prose(key):
            continue
        if key in seen and (anywhere or (counts[key] == 2 and (seen[key] < 3 or seen[key] < start))):
            first = seen[key]
            kinds[kept[first] if first < start else i] = "duplicate"
        else:
            seen[key] = pos


def _is_prose(line: str) -> bool:
    """A sentence-like paragraph (not code, table rows or a short label) worth de-duplicating."""
    if len(line) < 40 or len(line.split()) < 8:
        return False
    return len(_NOT_LETTER.findall(line)) <= len(line) / 10


def disclaimer_sentence(line: str) -> str:
    """The sentence of an aggregator disclaimer line that says the page is automated, trimmed:
    the one where the aggregator names itself ("X is an automatic aggregator of ...") if any,
    else the first sentence an aggregator rule matches, else the line's start.
    Not ``newsloom.text.split_sentences``: it starts no sentence at an accented capital, and cuts after
    a closing quote and before a digit ("Truex Jr. 5035"): 1 in 20 shared article lines split otherwise."""
    sentences = [s for s in _SENTENCE_BREAK.split(line) if s.strip()] or [line]
    chosen = next((s for s in sentences if _SELF_NAMED.match(s)), None) or next(
        (s for s in sentences if COMPILED.kind_of(s) == "aggregator"), sentences[0])
    chosen = chosen.strip()
    if len(chosen) > DISCLAIMER_CHARS:
        chosen = chosen[:DISCLAIMER_CHARS].rsplit(" ", 1)[0] + " …"
    return chosen


def _route(out: Cleaned, line: str, kind: str | None) -> None:
    if kind is None:
        out.lines.append(line)
        return
    out.removed.append((kind, line))
    if kind == "aggregator":
        out.automated = True
        sentence = disclaimer_sentence(line)
        named = _SELF_NAMED.match(sentence)
        if named and out.aggregator is None:
            out.aggregator = named.group(1)
        if out.disclaimer is None or (named and not _SELF_NAMED.match(out.disclaimer)):
            out.credits = [c for c in out.credits if c.kind != "disclaimer"]
            out.disclaimer = sentence
            out.credits.append(Credit("disclaimer", sentence, (named.group(1),) if named else ()))
    elif kind == "copyright":
        out.credits.append(Credit("copyright", line))
    elif kind == "photo":
        out.credits.append(Credit("photo", line))
    elif kind == "poster":
        out.credits.append(Credit("poster", line, (line,)))
    elif kind == "caption":
        out.captions.append(line)
    elif kind in ("credit", "tail"):
        out.credits.extend(classify_credit(line))
    if kind in ("url", "tail") and (found := _URL_LINE.match(line)):
        out.links.append(found.group("url").rstrip(".,;)"))
