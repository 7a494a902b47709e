"""A speaker's statements lined up across sources: the quotes of one statement share a row, with a
column per source; the same words first (a source quoting in parts what another quotes whole), then
statements in other words. Unattributed quotes take the speaker the other sources agree on."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from difflib import SequenceMatcher

from ..model import AlignedStatement, Quote, SpeakerStatements
from .quotes import has_first_name, same_speaker
from .text import components, statement_similarity, statement_terms

__all__ = ["STATEMENT_MATCH", "align_statements", "lend_speakers", "line_up", "quote_words"]

#: Least ``statement_similarity`` at which two quotes of one speaker count as the same statement.
STATEMENT_MATCH = 0.6
#: Least words in a row two quotes share to be the same words (``_same_words``).
SAME_RUN = 6
#: Least share of a quote's words, in order, a quote of another source must have for it to be a part of that one.
PART_SHARE = 0.8
_WORD = re.compile(r"\w+(?:['’]\w+)*")


def quote_words(text: str) -> tuple[str, ...]:
    """The words of ``text``, lower case, one apostrophe style: punctuation and quote marks left out."""
    return tuple(w.replace("’", "'") for w in _WORD.findall(text.casefold()))


def _full_name(names: Sequence[str]) -> str:
    """The name a group of one speaker's names goes by: the longest form of the commonest."""
    name = Counter(names).most_common(1)[0][0]
    return max((n for n in names if same_speaker(n, name)), key=len)


def _group_by_speaker(quotes: Sequence[Quote]) -> dict[str, tuple[Quote, ...]]:
    """The attributed quotes by speaker (``same_speaker``), the speakers most sources quote first. Speakers
    named with a first name are grouped first; one named by a surname alone ('Cheney', where an article gives
    no first name) joins the one group it may be, and stays a group of its own when it may be several
    ('Mary Cheney', 'Liz Cheney'): which of them it is cannot be told."""
    groups: list[list[Quote]] = []
    attributed = [q for q in quotes if q.speaker]
    for q in sorted(attributed, key=lambda q: not has_first_name(q.speaker or "")):  # stable: text order kept
        fits = [g for g in groups if all(same_speaker(m.speaker or "", q.speaker or "") for m in g)]
        if len(fits) == 1:
            fits[0].append(q)
        else:
            groups.append([q])
    order = {id(q): i for i, q in enumerate(attributed)}
    out = {_full_name([q.speaker or "" for q in g]): tuple(sorted(g, key=lambda q: order[id(q)])) for g in groups}
    return dict(sorted(out.items(), key=lambda kv: -len({q.article_id for q in kv[1]})))


def _within(short: Sequence[str], long: Sequence[str]) -> bool:
    """Whether the words ``short`` come in a row in ``long``."""
    return f" {' '.join(short)} " in f" {' '.join(long)} "


def _run(a: Sequence[str], b: Sequence[str]) -> int:
    """The most words ``a`` and ``b`` have in common in a row."""
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b)).size


def _same_words(a: Sequence[str], b: Sequence[str]) -> float:
    """How many words in a row two quotes (their ``quote_words``) have in common when they are the same
    words, 0 when they are not: the same words (whatever the case, punctuation and quote marks, as
    ``quote_key`` compares them; a half point more), one within the other, or ``SAME_RUN`` words in a
    row in common."""
    if a == b:
        return len(a) + 0.5
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if _within(short, long):
        return len(short)
    run = _run(a, b)
    return run if run >= SAME_RUN else 0


def _same_words_pairs(words: Sequence[tuple[str, ...]], articles: Sequence[str]) -> list[tuple[int, int]]:
    """The pairs (i, j), i < j, of quotes of different articles that are the same words (``_same_words``),
    the closest first; candidates are the pairs sharing three words in a row."""
    index: dict[tuple[str, ...], set[int]] = defaultdict(set)
    for i, w in enumerate(words):
        for k in range(max(1, len(w) - 2)):
            index[w[k:k + 3]].add(i)
    candidates = {(i, j) for ids in index.values() for i in ids for j in ids
                  if i < j and articles[i] != articles[j]}
    scored = [(-score, i, j) for i, j in candidates if (score := _same_words(words[i], words[j]))]
    return [(i, j) for _, i, j in sorted(scored)]


def lend_speakers(quotes: Sequence[Quote]) -> list[Quote]:
    """``quotes``, each unattributed one with the speaker the other sources give the same words
    (``_same_words``), when they agree on one."""
    words = [quote_words(q.text) for q in quotes]
    out = list(quotes)
    for group in components(len(quotes), _same_words_pairs(words, [q.article_id for q in quotes])):
        named = [quotes[k].speaker for k in group if quotes[k].speaker]
        if named and all(same_speaker(named[0], n) for n in named):
            name = _full_name(named)
            for k in group:
                if not quotes[k].speaker:
                    out[k] = replace(quotes[k], speaker=name)
    return out


class _Rows:
    """The rows of a speaker's statements being built: which row each quote is in (a row is known
    by its first quote), the quotes of each row and the weakest match holding each together."""

    def __init__(self, articles: Sequence[str]) -> None:
        self.articles = articles
        self.row_of = list(range(len(articles)))
        self.members = {i: [i] for i in range(len(articles))}
        self.weakest = {i: 1.0 for i in range(len(articles))}

    def merged(self, i: int, j: int) -> list[int] | None:
        """The quotes of the rows of ``i`` and ``j`` together; None when they are one row."""
        ri, rj = self.row_of[i], self.row_of[j]
        return None if ri == rj else self.members[ri] + self.members[rj]

    def shares_source(self, i: int, j: int) -> bool:
        ri, rj = self.row_of[i], self.row_of[j]
        return bool({self.articles[k] for k in self.members[ri]} & {self.articles[k] for k in self.members[rj]})

    def join(self, i: int, j: int, similarity: float) -> None:
        keep, gone = sorted((self.row_of[i], self.row_of[j]))
        for k in self.members.pop(gone):
            self.row_of[k] = keep
            self.members[keep].append(k)
        self.weakest[keep] = min(self.weakest[keep], self.weakest.pop(gone), similarity)


def _part_of(part: Sequence[str], whole: Sequence[str]) -> bool:
    """Whether the words ``part`` are a part of the quote ``whole``: within it, or ``SAME_RUN`` words
    in a row and ``PART_SHARE`` of them in order in it (a word or two quoted otherwise)."""
    if _within(part, whole):
        return True
    m = SequenceMatcher(None, part, whole, autojunk=False)
    blocks = m.get_matching_blocks()
    return max(b.size for b in blocks) >= SAME_RUN and sum(b.size for b in blocks) >= PART_SHARE * len(part)


def _parts_fit(members: Sequence[int], words: Sequence[tuple[str, ...]], articles: Sequence[str]) -> bool:
    """Whether a row may hold ``members``: a source with more than one quote in it quotes in parts
    what another quotes whole: each of its quotes a part of a quote of another source of the row
    (``_part_of``), none of them ``SAME_RUN`` words in a row of another."""
    by_article: dict[str, list[int]] = defaultdict(list)
    for k in members:
        by_article[articles[k]].append(k)
    for parts in (p for p in by_article.values() if len(p) > 1):
        if any(_run(words[i], words[j]) >= SAME_RUN for i in parts for j in parts if i < j):
            return False
        if not all(any(articles[o] != articles[k] and _part_of(words[k], words[o]) for o in members)
                   for k in parts):
            return False
    return True


def _statement_row(quotes: Sequence[Quote], members: Sequence[int], columns: Sequence[str],
                   similarity: float) -> AlignedStatement:
    """A row: the first quote of each column in its cell, a column's further parts in ``also``."""
    cells: dict[str, Quote] = {}
    also = []
    for k in sorted(members):
        if quotes[k].article_id in cells:
            also.append(quotes[k])
        else:
            cells[quotes[k].article_id] = quotes[k]
    return AlignedStatement(tuple(cells.get(aid) for aid in columns), round(similarity, 3), tuple(also))


def align_statements(speaker: str, quotes: Sequence[Quote], order: Sequence[str], *,
                     threshold: float = STATEMENT_MATCH) -> SpeakerStatements:
    """Line up one speaker's ``quotes`` across sources: quotes of one statement in different
    articles share a row. The same words come first (``_same_words``: a source quoting in two parts
    what another quotes whole puts both parts in the row, the second in ``also``), then the best
    matches of ``statement_similarity`` (at most one quote per article in a row).

    ``order`` lists article ids in order of publication (the columns); rows follow the order in
    which their first quote appears."""
    rank = {aid: i for i, aid in enumerate(order)}
    quotes = sorted(quotes, key=lambda q: rank.get(q.article_id, len(rank)))  # stable: keeps text order
    columns = tuple(dict.fromkeys(q.article_id for q in quotes))
    articles = [q.article_id for q in quotes]
    words = [quote_words(q.text) for q in quotes]
    rows = _Rows(articles)
    for i, j in _same_words_pairs(words, articles):
        merged = rows.merged(i, j)
        if merged is not None and _parts_fit(merged, words, articles):
            rows.join(i, j, 1.0)
    terms = [statement_terms(q.text) for q in quotes]
    pairs = sorted((-statement_similarity(terms[i], terms[j]), i, j)  # best first; ties: earliest quotes
                   for i in range(len(quotes)) for j in range(i + 1, len(quotes)) if articles[i] != articles[j])
    for neg, i, j in pairs:
        if -neg < threshold:
            break
        if rows.merged(i, j) is not None and not rows.shares_source(i, j):  # one quote per source
            rows.join(i, j, -neg)
    return SpeakerStatements(speaker, columns, tuple(_statement_row(quotes, rows.members[r], columns, rows.weakest[r])
                                                     for r in sorted(rows.members)))


def line_up(quotes: Sequence[Quote], order: Sequence[str]) -> tuple[
        dict[str, tuple[Quote, ...]], tuple[SpeakerStatements, ...], SpeakerStatements | None]:
    """The quotes by speaker, each speaker's lined up, and the unattributed ones lined up (speaker '')."""
    by_speaker = _group_by_speaker(quotes)
    aligned = tuple(align_statements(speaker, qs, order) for speaker, qs in by_speaker.items())
    nobody = [q for q in quotes if not q.speaker]
    return by_speaker, aligned, align_statements("", nobody, order) if nobody else None
