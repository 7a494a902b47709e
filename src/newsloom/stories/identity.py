"""What a story looks like to a reader: headline, extractive summary, dates, sources, entities; and
which id a story keeps when clustering is run again."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from ..dates import as_utc
from ..model import Story
from ..text import PLACE_ABBREVIATIONS, TITLE_ABBREVIATIONS
from .decisions import story_id_for
from .state import StoryState, Vocabulary
from .tags import shown_entities
from .text import LEAD_CHARS, terms

__all__ = ["carry_ids", "changed_at", "describe", "headline", "summary"]


def changed_at(last_updated: datetime | None, when: datetime) -> datetime:
    """When a story that changed at ``when`` (lost articles to a removal) was last updated: then, unless it
    is dated later already (a clock set back must not date a story back)."""
    if last_updated is not None and as_utc(last_updated) > as_utc(when):
        return last_updated
    return when


def _centrality(text: str, story: StoryState, vocab: Vocabulary) -> float:
    words = terms(text)
    if not words:
        return 0.0
    total = sum(story.terms.get(w, 0.0) * vocab.idf(w) for w in words)
    return total / math.sqrt(len(words) + 3)


def _shown(story: StoryState) -> list[str]:
    """The members whose title and lead speak for the story: those that are not machine republications
    when there are any (a rewritten text is nobody's headline and nobody's summary), else all."""
    own = [aid for aid in story.titles if aid not in story.automated]
    return own or list(story.titles)


_NOT_WORD = re.compile(r"[\W_]+")
_LAST_WORD = re.compile(r"\s\S*$")


def _same_text(text: str) -> str:
    """``text`` for comparison: case, spacing and punctuation left out."""
    return _NOT_WORD.sub(" ", text or "").strip().casefold()


def _shorten(text: str, max_chars: int) -> str:
    """``text`` cut at a word boundary to at most ``max_chars`` characters, the cut marked " …"
    (unchanged if it fits)."""
    text = text.strip()
    if len(text) <= max_chars:
        return text
    room = max(1, max_chars - 2)
    head = text[:room + 1]  # the character after the room tells whether the last word fits whole
    last = _LAST_WORD.search(head)
    cut = head[:last.start()] if last else ""
    if len(cut) < room // 2:  # no space near the end (a script without spaces, one long word): cut there
        cut = head[:room]
    cut = cut.rstrip(" \t\n,;:–—-(\"'“‘")
    return (cut or text[:room]).rstrip() + " …"


_ENDS = (".", "!", "?", "…", '"', "”", "’", "'", ")")


def _marked(sentence: str) -> str:
    """A lead sentence as shown: one that ``lead_sentences`` cut at its length limit, maybe inside a
    word, ends at the last whole word instead, marked " …"."""
    if len(sentence) < LEAD_CHARS or sentence.rstrip().endswith(_ENDS):
        return sentence.strip()
    sentence = sentence.strip()
    return _shorten(sentence + "…", len(sentence))  # the last word, maybe cut, is dropped


def _title_headline(story: StoryState, vocab: Vocabulary) -> str:
    shown = _shown(story)
    titles = [t.strip() for aid in shown if (t := story.titles.get(aid, "")) and t.strip()] or \
        [t.strip() for t in story.titles.values() if t and t.strip()]
    best, best_score = "", -1.0
    for title in titles:
        s = _centrality(title, story, vocab)
        if s > best_score + 1e-9:
            best, best_score = title, s
    return best


# Words that stand before a name and never end a sentence ('… through the St.' + 'Louis suburb …'): where
# ``text.sentences`` (which splits at every stop, for clustering) cut a sentence in two. Not 'U.S.', 'No.',
# 'Jr.' or a month: a sentence may end with those.
_BEFORE_NAME = TITLE_ABBREVIATIONS | PLACE_ABBREVIATIONS
_LAST_WORD_STOP = re.compile(r"(?:^|[\s(“\"])([A-Za-z]+)\.$")


def _cut_before_name(piece: str) -> bool:
    """Whether a lead piece ends at a title or an initial ('… through the St.', '… said Eric H.')."""
    m = _LAST_WORD_STOP.search(piece.rstrip())
    return bool(m) and (m.group(1).lower() in _BEFORE_NAME or (len(m.group(1)) == 1 and m.group(1).isupper()))


def _whole(leads: Sequence[str]) -> list[str]:
    """An article's lead sentences that are whole, for the summary: a piece cut at a title or an initial
    (``_cut_before_name``) is left out, and so is the piece after it (the rest of that sentence, 'Louis
    suburb of Ferguson …', when nothing was dropped between them: the stored leads keep pieces of five words
    or more only, so the two are never joined). Each marked as :func:`_marked` marks a cut one. Display only:
    the stored leads and what clustering reads of them are unchanged."""
    out: list[str] = []
    after_cut = False
    for piece in leads:
        if not after_cut and not _cut_before_name(piece):
            out.append(_marked(piece))
        after_cut = _cut_before_name(piece)
    return out


def _ranked_sentences(story: StoryState, vocab: Vocabulary, *, n: int | None = None, skip: str = "") -> list[str]:
    """The ``n`` (else all) lead sentences for the summary, most central first, without near-repeats
    and without any sentence that only repeats a member's title or ``skip``; from the members of
    :func:`_shown` when they have any."""
    titles = {_same_text(t) for t in story.titles.values() if t} | {_same_text(skip)}

    def pool(ids: Iterable[str]) -> list[str]:
        out, seen = [], set()
        for aid in ids:
            for sent in _whole(story.leads.get(aid, ())):
                key = _same_text(sent)
                if key and key not in titles and key not in seen:
                    seen.add(key)
                    out.append(sent)
        return out

    candidates = pool(_shown(story)) or pool(story.titles)
    ranked = sorted(candidates, key=lambda s: -_centrality(s, story, vocab))  # stable: earliest wins ties
    chosen: list[str] = []
    seen: list[set] = []
    for sent in ranked:
        words = set(terms(sent))
        if any(len(words & other) > 0.6 * max(1, min(len(words), len(other))) for other in seen):
            continue
        chosen.append(sent)
        seen.append(words)
        if n is not None and len(chosen) >= n:
            break
    return chosen


HEADLINE_CHARS = 120  # a headline made from a summary sentence (no member has a title)
UNTITLED = "Untitled story"


def headline(story: StoryState, vocab: Vocabulary) -> str:
    """The member title most central to the story (earliest wins ties), among the members that are not
    machine republications when there are any: a rewritten title is nobody's headline. With no title
    at all, the first summary sentence cut short; never empty."""
    best = _title_headline(story, vocab)
    if best:
        return best
    ranked = _ranked_sentences(story, vocab, n=1)
    return _shorten(ranked[0], HEADLINE_CHARS) if ranked else UNTITLED


MIN_TAIL = 80  # a sentence that does not fit is shown cut only if this much of it fits


def summary(story: StoryState, vocab: Vocabulary, *, n: int = 2, max_chars: int = 500,
            title: str | None = None) -> str:
    """The ``n`` most central lead sentences of the members, without near-repeats, without a sentence
    that repeats a member's title or the headline (``title``, else :func:`headline`), and from the
    members that are not machine republications when they have any. At most ``max_chars``
    characters: a sentence that does not fit is dropped, or cut at a word and marked " …"."""
    ranked = _ranked_sentences(story, vocab, n=n, skip=headline(story, vocab) if title is None else title)
    out = ""
    for sent in ranked:
        joined = f"{out} {sent}" if out else sent
        if len(joined) <= max_chars:
            out = joined
            continue
        room = max_chars - len(out) - (1 if out else 0)
        if not out or room >= MIN_TAIL:
            out = f"{out} {_shorten(sent, room)}" if out else _shorten(sent, room)
        break
    return out


def describe(story: StoryState, vocab: Vocabulary, *, closed: bool = False,
             last_updated: datetime | None = None) -> Story:
    """The ``model.Story`` of an in-memory story."""
    first = story.first_time or story.created
    last = last_updated or story.last_update or story.last_time
    title = headline(story, vocab)
    return Story(id=story.id, title=title, article_ids=tuple(story.article_ids),
                 summary=summary(story, vocab, title=title), first_seen=first, last_updated=last,
                 n_sources=len(story.sources), entities=shown_entities(story.entities),
                 closed=closed or story.closed)


def carry_ids(new_of: Mapping[str, str], old_of: Mapping[str, str], order: Sequence[str],
              reserved: Iterable[str] = ()) -> dict[str, str]:
    """The id each new story keeps after clustering is run again, so that links to a story stay good.

    ``new_of`` / ``old_of``: article id -> the story holding it now / before; ``order``: every new story id
    (the order breaks ties). Each new story takes the id of the old story it shares the most articles
    with, largest overlaps first and each old id once; a tie goes to the new story already named like the
    old one (its first article's or a user decision's id), then to the earlier new story, then to the
    smaller old id. A new story that continues none keeps its own id unless an old story had it (then
    one derived from it): an id never comes back for other articles. One pass over the articles plus a
    sort of the (new, old) pairs that share any.
    """
    overlap: Counter = Counter()
    for aid, new in new_of.items():
        old = old_of.get(aid)
        if old is not None:
            overlap[new, old] += 1
    rank = {sid: i for i, sid in enumerate(order)}
    pairs = sorted(overlap.items(), key=lambda kv: (-kv[1], kv[0][0] != kv[0][1], rank[kv[0][0]], kv[0][1]))
    out: dict[str, str] = {}
    used: set[str] = set()
    for (new, old), _n in pairs:
        if new not in out and old not in used:
            out[new] = old
            used.add(old)
    taken = used | set(old_of.values()) | set(reserved)
    for new in order:
        if new not in out:
            sid = new
            while sid in taken:
                sid = story_id_for(sid)
            out[new] = sid
            taken.add(sid)
    return out
