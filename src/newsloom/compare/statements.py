"""A speaker's statements lined up across sources: the quotes of one statement share a row, with a
column per source; the same words first (a source quoting in parts what another quotes whole), then
statements in other words. Unattributed quotes take the speaker the other sources agree on."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from difflib import SequenceMatcher

from ..model import AlignedStatement, Quote, SpeakerStatements
from .speakers import has_first_name, same_speaker, speakers_of
from .text import Linked, statement_similarity, statement_terms

__all__ = ["STATEMENT_MATCH", "align_statements", "lend_speakers", "line_up", "quote_words"]

#: Least ``statement_similarity`` at which two quotes of one speaker count as the same statement.
STATEMENT_MATCH = 0.6
#: Least words in a row two quotes share to be the same words (``_same_words``).
SAME_RUN = 6
#: What ``_same_words`` adds for one quote wholly within another: more than any run of words merely shared.
WHOLE = 100_000
#: Least share of a quote's words, in order, a quote of another source must have for it to be a part of that one.
PART_SHARE = 0.8
_WORD = re.compile(r"\w+(?:['’]\w+)*")


def quote_words(text: str) -> tuple[str, ...]:
    """The words of ``text``, lower case, one apostrophe style: punctuation and quote marks left out."""
    return tuple(w.replace("’", "'") for w in _WORD.findall(text.casefold()))


def _full_name(names: Sequence[str]) -> str:
    """The name a group of one speaker's names goes by: the longest form of the commonest, a middle
    name counted as the name without it where other names leave it out ('Donald John Trump' in one
    source, 'Donald Trump' in others: 'Donald Trump')."""
    given = set(names)
    short = {n: f"{n.split()[0]} {n.split()[-1]}" for n in given if len(n.split()) == 3 and " and " not in n}
    names = [short[n] if n in short and short[n] in given else n for n in names]
    name = Counter(names).most_common(1)[0][0]
    return max((n for n in dict.fromkeys(names) if same_speaker(n, name)), key=len, default=name)


def _group_by_speaker(quotes: Sequence[Quote]) -> dict[str, tuple[Quote, ...]]:
    """The attributed quotes by speaker (``same_speaker``), the speakers most sources quote first. Speakers
    named with a first name are grouped first; one named by a surname alone ('Cheney', where an article gives
    no first name) joins the one group it may be, and stays a group of its own when it may be several
    ('Mary Cheney', 'Liz Cheney'): which of them it is cannot be told. A joint statement ('Ann Lee and Tom
    Berg') is among the quotes of each of its speakers."""
    groups: list[list[Quote]] = []
    names: list[dict[str, None]] = []  # the names each group's quotes give, once each
    held: list[set[int]] = []  # the quotes (their ids) of each group
    same: dict[tuple[str, str], bool] = {}
    fitting: dict[str, tuple[int, list[int]]] = {}  # name -> (len(changes) then, the groups it fitted)
    changes: list[int] = []  # a group created or given a new name

    def same_name(a: str, b: str) -> bool:
        found = same.get((a, b))
        if found is None:
            found = same[(a, b)] = same_speaker(a, b)
        return found

    attributed = [q for q in quotes if q.speaker]
    by_person = [(q, name) for q in attributed for name in speakers_of(q.speaker or "")]
    for q, name in sorted(by_person, key=lambda e: not has_first_name(e[1])):  # stable: text order kept
        known = fitting.get(name)
        if known is not None and known[0] == len(changes):
            fits = known[1]
        else:
            fits = [k for k, group_names in enumerate(names) if all(same_name(m, name) for m in group_names)]
            fitting[name] = (len(changes), fits)
        if len(fits) == 1:
            if id(q) not in held[fits[0]]:  # a joint statement of two speakers the group may both be
                groups[fits[0]].append(q)
                held[fits[0]].add(id(q))
            if name not in names[fits[0]]:
                names[fits[0]][name] = None
                changes.append(fits[0])
        else:
            groups.append([q])
            held.append({id(q)})
            names.append({name: None})
            changes.append(len(groups) - 1)
    order = {id(q): i for i, q in enumerate(attributed)}
    out = {_full_name([n for q in g for n in speakers_of(q.speaker or "") if n in group_names]):
           tuple(sorted(g, key=lambda q: order[id(q)])) for g, group_names in zip(groups, names, strict=True)}
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
    row in common. One quote wholly within the other scores ``WHOLE`` more than any run merely shared:
    a source's full quote of a statement lines up with another's whole one before a longer run it
    shares with another quote ('… let you down. … We will bring back our jobs' with '… let you down',
    not with 'We will bring back our jobs', leaving the first to the source's fragment 'with every breath')."""
    if a == b:
        return WHOLE + len(a) + 0.5
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if _within(short, long):
        return WHOLE + len(short)
    run = _run(a, b)
    return run if run >= SAME_RUN else 0


class _Classes:
    """Items (quotes) in classes of equal keys (their words, or their statement terms): what is
    compared once per class. ``of`` gives each item's class, ``members`` each class's items in
    order, ``keys`` each class's key; classes by first item."""

    def __init__(self, keys: Sequence) -> None:
        index: dict = {}
        self.of: list[int] = []
        self.members: list[list[int]] = []
        self.keys: list = []
        for i, key in enumerate(keys):
            c = index.get(key)
            if c is None:
                c = index[key] = len(self.keys)
                self.keys.append(key)
                self.members.append([])
            self.of.append(c)
            self.members[c].append(i)


def _same_words_scores(words: Sequence[tuple[str, ...]]) -> dict[tuple[int, int], float]:
    """``_same_words`` of each pair (a, b), a <= b, of distinct quotes (their words) when it is not 0,
    among the candidates that sharing three words in a row (or, under three words, the same words)
    gives: two distinct quotes score only when one is within the other (sharing its first three
    words) or they share ``SAME_RUN`` words in a row, so these are looked up instead of every pair
    sharing a common run of three words."""
    scores = {(c, c): WHOLE + len(w) + 0.5 for c, w in enumerate(words)}
    starts: dict[tuple[str, ...], list[int]] = defaultdict(list)  # runs of three words -> quotes with them
    runs: dict[tuple[str, ...], list[int]] = defaultdict(list)  # runs of SAME_RUN words -> quotes with them
    for c, w in enumerate(words):
        for k in range(len(w) - 2):
            starts[w[k:k + 3]].append(c)
        for k in range(len(w) - SAME_RUN + 1):
            runs[w[k:k + SAME_RUN]].append(c)
    candidates = {(a, b) for cs in runs.values() for a in dict.fromkeys(cs) for b in dict.fromkeys(cs) if a < b}
    for c, w in enumerate(words):
        if 3 <= len(w) < SAME_RUN:
            candidates.update((min(c, o), max(c, o)) for o in dict.fromkeys(starts[w[:3]]) if o != c)
    for a, b in candidates:
        if score := _same_words(words[a], words[b]):
            scores[(a, b)] = score
    return scores


def lend_speakers(quotes: Sequence[Quote]) -> list[Quote]:
    """``quotes``, each unattributed one with the speaker the other sources give the same words
    (``_same_words``), when they agree on one."""
    classes = _Classes([quote_words(q.text) for q in quotes])
    articles = [q.article_id for q in quotes]
    linked = Linked(len(quotes))
    for (a, b) in _same_words_scores(classes.keys):
        linked.join_across(classes.members[a], classes.members[b], articles)
    out = list(quotes)
    for group in linked.groups():
        if len(group) < 2:
            continue
        named = [quotes[k].speaker for k in group if quotes[k].speaker]
        if named and all(same_speaker(named[0], n) for n in dict.fromkeys(named)):
            name = _full_name(named)
            for k in group:
                if not quotes[k].speaker:
                    out[k] = replace(quotes[k], speaker=name)
    return out


class _Rows:
    """The rows of a speaker's statements being built: which row each quote is in (a row is known
    by its first quote), the quotes of each row, the sources they come from and the weakest match
    holding each together."""

    def __init__(self, articles: Sequence[str]) -> None:
        self.articles = articles
        self.row_of = list(range(len(articles)))
        self.members = {i: [i] for i in range(len(articles))}
        self.sources = {i: {a} for i, a in enumerate(articles)}
        self.weakest = {i: 1.0 for i in range(len(articles))}

    def merged(self, i: int, j: int) -> list[int] | None:
        """The quotes of the rows of ``i`` and ``j`` together; None when they are one row."""
        ri, rj = self.row_of[i], self.row_of[j]
        return None if ri == rj else self.members[ri] + self.members[rj]

    def one_each(self, i: int, j: int) -> bool:
        """Whether the rows of ``i`` and ``j`` together hold at most one quote of each source."""
        ri, rj = self.row_of[i], self.row_of[j]
        si, sj = self.sources[ri], self.sources[rj]
        return len(si) == len(self.members[ri]) and len(sj) == len(self.members[rj]) and si.isdisjoint(sj)

    def shares_source(self, i: int, j: int) -> bool:
        return not self.sources[self.row_of[i]].isdisjoint(self.sources[self.row_of[j]])

    def join(self, i: int, j: int, similarity: float) -> None:
        keep, gone = sorted((self.row_of[i], self.row_of[j]))
        for k in self.members.pop(gone):
            self.row_of[k] = keep
            self.members[keep].append(k)
        self.sources[keep] |= self.sources.pop(gone)
        self.weakest[keep] = min(self.weakest[keep], self.weakest.pop(gone), similarity)

    def holds(self, i: int, items: Sequence[int], settled: set[int]) -> bool:
        """Whether the row of ``i`` holds all of ``items`` (the quotes of a class: once they are in
        one row they stay together, which ``settled`` remembers by their first quote)."""
        first = items[0]
        if first not in settled:
            row = self.row_of[first]
            if any(self.row_of[k] != row for k in items):
                return False
            settled.add(first)
        return self.row_of[first] == self.row_of[i]


def _walk(scores: Mapping[tuple[int, int], float], classes: _Classes, articles: Sequence[str], rows: _Rows,
          visit: Callable[[int, int, float], None], least: float | None = None) -> None:
    """Visit the pairs (i, j), i < j, of quotes of different articles whose classes (a, b) have a
    score in ``scores`` (a <= b), best score first, then by i, then by j: the order of sorting every
    such pair, stopping below ``least``. A pair whose quotes are already in one row changes nothing
    and may be passed over: a class all in the row of i is, at once."""
    levels: dict[float, list[tuple[int, int]]] = defaultdict(list)
    for pair, score in scores.items():
        if least is None or score >= least:
            levels[score].append(pair)
    settled: set[int] = set()
    for score in sorted(levels, reverse=True):
        partners: dict[int, list[int]] = defaultdict(list)
        for a, b in levels[score]:
            partners[a].append(b)
            if a != b:
                partners[b].append(a)
        for i in sorted(i for a in partners for i in classes.members[a]):
            ms = [classes.members[b] for b in partners[classes.of[i]]]
            later = [j for m in ms if not rows.holds(i, m, settled) for j in m[bisect_right(m, i):]
                     if articles[j] != articles[i]]
            for j in sorted(later) if len(ms) > 1 else later:
                visit(i, j, score)


def _statement_scores(terms: Sequence[tuple[frozenset[str], ...]]) -> dict[tuple[int, int], float]:
    """``statement_similarity`` of each pair (a, b), a <= b, of distinct statement terms."""
    return {(a, b): statement_similarity(terms[a], terms[b]) for a in range(len(terms)) for b in range(a, len(terms))}


def _part_of(part: Sequence[str], whole: Sequence[str]) -> bool:
    """Whether the words ``part`` are a part of the quote ``whole``: within it, or ``SAME_RUN`` words
    in a row and ``PART_SHARE`` of them in order in it (a word or two quoted otherwise)."""
    if _within(part, whole):
        return True
    m = SequenceMatcher(None, part, whole, autojunk=False)
    blocks = m.get_matching_blocks()
    return max(b.size for b in blocks) >= SAME_RUN and sum(b.size for b in blocks) >= PART_SHARE * len(part)


def _parts_fit(members: Sequence[int], words: Sequence[tuple[str, ...]], articles: Sequence[str],
               known: dict[tuple[int, int], bool] | None = None, classes: Sequence[int] | None = None) -> bool:
    """Whether a row may hold ``members``: a source with more than one quote in it quotes in parts
    what another quotes whole: each of its quotes a part of a quote of another source of the row
    (``_part_of``), none of them ``SAME_RUN`` words in a row of another. ``classes`` numbers the
    quotes' words (the same words, the same number), each compared once; ``known`` keeps what
    ``_part_of`` said of two of them for the next rows."""
    known = {} if known is None else known
    classes = classes if classes is not None else _Classes(words).of
    by_article: dict[str, list[int]] = defaultdict(list)
    for k in members:
        by_article[articles[k]].append(k)
    several = [p for p in by_article.values() if len(p) > 1]
    if not several:
        return True
    quoted_by: dict[int, set[str]] = defaultdict(set)  # the words of the row, by class: who quotes them
    first: dict[int, int] = {}
    for o in members:
        quoted_by[classes[o]].add(articles[o])
        first.setdefault(classes[o], o)

    def part_of(k: int, c: int) -> bool:
        found = known.get((classes[k], c))
        if found is None:
            found = known[(classes[k], c)] = _part_of(words[k], words[first[c]])
        return found

    for parts in several:
        if any(_run(words[i], words[j]) >= SAME_RUN for i in parts for j in parts if i < j):
            return False
        if not all(any(part_of(k, c) for c, by in quoted_by.items() if len(by) > 1 or articles[k] not in by)
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
    matches of ``statement_similarity`` (at most one quote per article in a row; never for a fragment,
    a few words quoted inside the writer's sentence, which joins a row only by being its words).

    ``order`` lists article ids in order of publication (the columns); rows follow the order in
    which their first quote appears."""
    rank = {aid: i for i, aid in enumerate(order)}
    quotes = sorted(quotes, key=lambda q: rank.get(q.article_id, len(rank)))  # stable: keeps text order
    columns = tuple(dict.fromkeys(q.article_id for q in quotes))
    articles = [q.article_id for q in quotes]
    words = [quote_words(q.text) for q in quotes]
    rows = _Rows(articles)
    parts: dict[tuple[int, int], bool] = {}
    by_words = _Classes(words)
    unfit: set[tuple[int, int, int, int]] = set()  # two rows (first quote, size) that may not be one

    def same_words(i: int, j: int, _score: float) -> None:
        ri, rj = rows.row_of[i], rows.row_of[j]
        if ri == rj:
            return
        state = (ri, len(rows.members[ri]), rj, len(rows.members[rj]))  # rows only grow: this says who is in them
        if state in unfit:
            return
        if rows.one_each(i, j) or _parts_fit(rows.merged(i, j) or [], words, articles, parts, by_words.of):
            rows.join(i, j, 1.0)
        else:
            unfit.add(state)

    _walk(_same_words_scores(by_words.keys), by_words, articles, rows, same_words)

    def same_statement(i: int, j: int, score: float) -> None:
        if quotes[i].fragment or quotes[j].fragment:
            return  # a few words quoted line up with a statement only where they are its words
        if rows.row_of[i] != rows.row_of[j] and not rows.shares_source(i, j):  # one quote per source
            rows.join(i, j, score)

    read: dict[str, tuple[frozenset[str], ...]] = {}
    by_terms = _Classes([read[q.text] if q.text in read else read.setdefault(q.text, statement_terms(q.text))
                         for q in quotes])
    _walk(_statement_scores(by_terms.keys), by_terms, articles, rows, same_statement, threshold)
    return SpeakerStatements(speaker, columns, tuple(_statement_row(quotes, rows.members[r], columns, rows.weakest[r])
                                                     for r in sorted(rows.members)))


def line_up(quotes: Sequence[Quote], order: Sequence[str]) -> tuple[
        dict[str, tuple[Quote, ...]], tuple[SpeakerStatements, ...], SpeakerStatements | None]:
    """The quotes by speaker, each speaker's lined up, and the unattributed ones lined up (speaker '')."""
    by_speaker = _group_by_speaker(quotes)
    aligned = tuple(align_statements(speaker, qs, order) for speaker, qs in by_speaker.items())
    nobody = [q for q in quotes if not q.speaker]
    return by_speaker, aligned, align_statements("", nobody, order) if nobody else None
