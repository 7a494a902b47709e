"""Text helpers of the compare stage: content words with a light stemmer, and the cheap
similarities that line up statements and facts across sources.

Similarities are token overlaps of stemmed content words: cheap, deterministic and good enough to
tell "we have not seen any Russian forces withdraw" and "We have not seen any withdrawal of Russian
forces" apart from everything else a story says. Content words are those not in
``stop_words(filler=True, negations=False)`` (:mod:`newsloom.text`): the filler of reported speech
is left out, negations are kept. Sentences and abbreviations come from :mod:`newsloom.text` too.
Everything here is a pure function of its input.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..text import ABBREVIATION_WINDOW, NEGATIONS, is_abbreviation, stop_words

__all__ = [
    "FactTerms",
    "Linked",
    "Terms",
    "carries_fact",
    "components",
    "fact_terms",
    "numbers_in",
    "same_fact",
    "statement_similarity",
    "statement_terms",
    "stem",
    "terms",
]

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_YEAR = re.compile(r"(?:19|20)\d\d")
_SUFFIXES = ("ations", "ation", "ments", "ment", "ness", "ings", "ing", "ies", "ied", "als", "al", "ed", "es",
             "s", "ly")
_CLAUSE = re.compile(r"\s*[,;:()–—]\s*|\s+(?:but|while|though|although|whereas|even as)\s+")
_STOP = stop_words(filler=True, negations=False)  # negations are content: "not withdraw" is not "withdraw"


def stem(word: str) -> str:
    """A light suffix-stripping stemmer: 'withdrawal', 'withdrawing', 'withdraws' -> 'withdraw';
    'forces', 'force' -> 'forc'. Numbers lose their thousands separators."""
    w = word.lower().replace("’", "'")
    if w[:1].isdigit():
        return w.replace(",", "")
    w = w.removesuffix("'s")
    if len(w) <= 4:
        return w
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)] + ("y" if suffix in ("ies", "ied") else "")
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


def numbers_in(text: str) -> set[str]:
    """Quantities in ``text`` as plain digits ('150,000' -> '150000'), years and 'No. 2' left out."""
    return {n for m in _TOKEN.finditer(text) if (n := _number(text, m)) is not None}


def _number(text: str, m: re.Match) -> str | None:
    """The quantity the token ``m`` of ``text`` is, as ``numbers_in`` gives it; None for a word, a
    year or a number after an abbreviation."""
    tok = m.group(0)
    if not tok[0].isdigit() or _YEAR.fullmatch(tok):
        return None
    if is_abbreviation(text[max(0, m.start() - ABBREVIATION_WINDOW):m.start()].rstrip()):
        return None
    return tok.replace(",", "")


@dataclass(frozen=True, slots=True)
class Terms:
    """The stemmed content words of a passage, the quantities it states and which of its words
    are names (capitalised: people, places, titles, days)."""

    words: frozenset[str]
    numbers: frozenset[str]
    names: frozenset[str] = frozenset()


def terms(text: str, stems: dict[str, str] | None = None) -> Terms:
    """Stemmed content words of ``text`` (stop words out, negations kept), numbers and names.
    ``stems`` keeps the stem of each word for the next passage (one comparison's words)."""
    stems = {} if stems is None else stems
    words, names, numbers = set(), set(), set()
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        low = tok.lower()
        if low in NEGATIONS or (low not in _STOP and (len(low) >= 3 or low[0].isdigit())):
            stemmed = stems.get(low)
            if stemmed is None:
                stemmed = stems[low] = stem(low)
            words.add(stemmed)
            if tok[0].isupper():
                names.add(stemmed)
        if tok[0].isdigit() and (n := _number(text, m)) is not None:
            numbers.add(n)
    return Terms(frozenset(words), frozenset(numbers), frozenset(names))


@dataclass(frozen=True, slots=True)
class FactTerms:
    """What ``same_fact`` compares: the terms of a whole sentence and of each of its clauses."""

    sentence: Terms
    clauses: tuple[Terms, ...]


def fact_terms(sentence: str, stems: dict[str, str] | None = None) -> FactTerms:
    """The terms of ``sentence`` and of its clauses (split at commas, dashes, brackets, 'but'...);
    ``stems`` as ``terms`` keeps them."""
    stems = {} if stems is None else stems
    whole = terms(sentence, stems)
    clauses = tuple(t for part in _CLAUSE.split(sentence) if part and len((t := terms(part, stems)).words) >= 3)
    return FactTerms(whole, clauses)


def _overlap(a: frozenset[str], b: frozenset[str]) -> tuple[int, float]:
    shared = len(a & b)
    return shared, (shared / min(len(a), len(b)) if a and b else 0.0)


def _same(a: Terms, b: Terms, *, min_shared: int, min_overlap: float) -> bool:
    shared = a.words & b.words
    if len(shared) < min_shared or len(shared - a.names - b.names) < 2:  # not just the same names
        return False
    return len(shared) / min(len(a.words), len(b.words)) >= min_overlap


def same_fact(a: FactTerms, b: FactTerms) -> bool:
    """Whether two sentences state the same fact: they share a quantity and a word besides it
    ('150,000 troops'), or most content words of the shorter sentence, or of a clause of each
    ("Moscow said it was withdrawing forces"), beyond the names they mention."""
    shared = a.sentence.words & b.sentence.words
    numbers = a.sentence.numbers & b.sentence.numbers
    if numbers and len(shared - numbers) >= (1 if any(len(n) >= 3 for n in numbers) else 2):
        return True
    if _same(a.sentence, b.sentence, min_shared=4, min_overlap=0.4):
        return True
    return any(_same(x, y, min_shared=3, min_overlap=0.6) for x in a.clauses for y in b.clauses)


def carries_fact(a: FactTerms, b: FactTerms) -> bool:
    """Whether sentence ``b`` carries the fact sentence ``a`` states, for what a source adds: the same
    fact (``same_fact``) and not other figures ('Police arrested 14 protesters' is not carried by 'Police
    arrested 41 protesters': both state quantities and share none). A sentence without figures may carry
    one with them, or the reverse (the figures themselves are compared in :mod:`.numbers`)."""
    na, nb = a.sentence.numbers, b.sentence.numbers
    if na and nb and not na & nb:
        return False
    return same_fact(a, b)


def statement_terms(text: str) -> tuple[frozenset[str], ...]:
    """What ``statement_similarity`` compares: the content words of each sentence of a quotation."""
    return tuple(terms(part).words for part in _quote_sentences(text))


def statement_similarity(a: str | tuple[frozenset[str], ...], b: str | tuple[frozenset[str], ...]) -> float:
    """How likely two quotations are the same statement, 0..1: the best overlap of content words
    between a sentence of ``a`` and a sentence of ``b`` (a source may quote one sentence of a
    longer passage), counted only when at least three words are shared, or when two short sentences
    have the same content words ('I will not resign': 'not', 'resign'). Takes the quotations or their
    ``statement_terms``."""
    ta = statement_terms(a) if isinstance(a, str) else a
    tb = statement_terms(b) if isinstance(b, str) else b
    best = 0.0
    for wa in ta:
        for wb in tb:
            shared, score = _overlap(wa, wb)
            if shared >= 3 or (shared >= 2 and wa == wb):
                best = max(best, score)
    return best


def _quote_sentences(text: str) -> list[str]:
    """A quotation cut at every stop followed by a space, even after an abbreviation or before a
    lower-case word: finer than ``split_sentences``, and the statements lined up depend on it."""
    parts = [p for p in re.split(r"(?<=[.!?])\s+", text) if p.strip()]
    return parts or [text]


class Linked:
    """Items joined into groups, pair by pair (``join``) or class by class (``join_across``): the
    groups ``components`` gives for the same links."""

    def __init__(self, n: int) -> None:
        self.root = list(range(n))

    def find(self, i: int) -> int:
        root = self.root
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    def join(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.root[max(ri, rj)] = min(ri, rj)

    def together(self, items: Sequence[int]) -> bool:
        """Whether ``items`` are all in one group."""
        first = self.find(items[0])
        return all(self.find(k) == first for k in items)

    def join_across(self, xs: Sequence[int], ys: Sequence[int], owners: Sequence[str]) -> None:
        """Join as linking every pair (x of ``xs``, y of ``ys``) of different ``owners`` would (``xs`` may
        be ``ys``), with at most two links per item: each item to each of the first two items of
        different owners on the other side whose owner is not its own. Those hubs are linked whenever
        the full set of pairs connects them, so the groups are the same."""
        for side, other in ((xs, ys), (ys, xs)):
            hubs = _two_owners(other, owners)
            for k in side:
                for h in hubs:
                    if owners[h] != owners[k]:
                        self.join(k, h)

    def groups(self) -> list[list[int]]:
        """The groups, each in item order, by first item."""
        groups: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.root)):
            groups[self.find(i)].append(i)
        return list(groups.values())


def _two_owners(items: Sequence[int], owners: Sequence[str]) -> tuple[int, ...]:
    """The first of ``items`` and the first whose owner differs from its owner, when there is one."""
    first = items[0]
    second = next((k for k in items if owners[k] != owners[first]), None)
    return (first,) if second is None else (first, second)


def components(n: int, pairs: Iterable[tuple[int, int]]) -> list[list[int]]:
    """The connected groups of ``n`` items linked by ``pairs``, each in item order, by first item."""
    linked = Linked(n)
    for i, j in pairs:
        linked.join(i, j)
    return linked.groups()
