"""Text helpers of the compare stage: sentences, content words with a light stemmer, and the cheap
similarities that line up statements and facts across sources.

Sentences never end inside a quotation (a quoted passage of two sentences stays one with its
attribution) nor after an abbreviation ("No. 2", "Gen.", "Feb. 16"). Similarities are token
overlaps of stemmed content words: cheap, deterministic and good enough to tell "we have not seen
any Russian forces withdraw" and "We have not seen any withdrawal of Russian forces" apart from
everything else a story says. Everything here is a pure function of its input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "ABBREVIATIONS",
    "FactTerms",
    "Terms",
    "fact_terms",
    "is_abbreviation",
    "numbers_in",
    "quote_spans",
    "same_fact",
    "sentence_spans",
    "split_sentences",
    "statement_similarity",
    "statement_terms",
    "stem",
    "terms",
]

#: Words that end with a full stop without ending a sentence (compared case-insensitively).
ABBREVIATIONS = frozenset([
    "no", "nos", "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "sgt", "capt", "cmdr", "adm", "maj", "gov",
    "sen", "rep", "rev", "prof", "pres", "jr", "sr", "vs", "approx", "fig", "vol", "art", "sec", "ch", "pp",
    "ft", "mt", "ave", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "u.s", "u.k", "u.n", "e.u", "e.g", "i.e", "a.m", "p.m",
])
_END = re.compile(r"[.!?]+[”\"’')\]]*(?=\s+[“\"‘(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")
_ABBREV_WINDOW = 24  # characters before a full stop that can hold an abbreviation (not the whole prefix)
_PAIRS = (re.compile(r"“[^“”]*”"), re.compile(r"\"[^\"\n]*\""))
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_YEAR = re.compile(r"(?:19|20)\d\d")
_SUFFIXES = ("ations", "ation", "ments", "ment", "ness", "ings", "ing", "ies", "ied", "als", "al", "ed", "es",
             "s", "ly")
_CLAUSE = re.compile(r"\s*[,;:()–—]\s*|\s+(?:but|while|though|although|whereas|even as)\s+")
_NEGATION = frozenset(["not", "no", "never", "nobody", "nothing", "none"])
_STOP = frozenset(["a", "about", "above", "according", "across", "after", "again", "against", "ago", "ahead",
                   "all", "almost", "along", "already", "also", "although", "always", "am", "among", "an",
                   "and", "another", "any", "anyone", "anything", "are", "around", "as", "at", "away", "back",
                   "be", "became", "because", "become", "been", "before", "being", "below", "besides",
                   "between", "both", "but", "by", "came", "can", "cannot", "come", "could", "did", "do",
                   "does", "doing", "done", "down", "during", "each", "either", "else", "even", "ever",
                   "every", "few", "for", "from", "further", "get", "gets", "getting", "given", "go", "goes",
                   "going", "got", "had", "has", "have", "having", "he", "her", "here", "hers", "herself",
                   "him", "himself", "his", "how", "however", "i", "if", "in", "including", "inside",
                   "instead", "into", "is", "it", "its", "itself", "just", "last", "least", "less", "like",
                   "made", "make", "makes", "many", "may", "me", "meanwhile", "might", "mine", "more", "most",
                   "much", "must", "my", "myself", "near", "nearly", "neither", "next", "nor", "now", "of",
                   "off", "often", "on", "once", "one", "only", "onto", "or", "other", "others", "otherwise",
                   "our", "ours", "ourselves", "out", "over", "own", "per", "perhaps", "put", "quite",
                   "rather", "really", "said", "same", "say", "saying", "says", "see", "seem", "seemed",
                   "seems", "several", "shall", "she", "should", "since", "so", "some", "somehow",
                   "something", "sometimes", "still", "such", "than", "that", "the", "their", "theirs",
                   "them", "themselves", "then", "there", "therefore", "these", "they", "this", "those",
                   "though", "through", "throughout", "thus", "to", "together", "told", "too", "toward",
                   "towards", "under", "unless", "until", "up", "upon", "us", "very", "via", "was", "we",
                   "well", "were", "what", "whatever", "when", "whenever", "where", "whether", "which",
                   "while", "who", "whoever", "whom", "whose", "why", "will", "with", "within", "without",
                   "would", "yet", "you", "your", "yours", "yourself", "ms", "mr", "mrs", "also", "just",
                   "like"])


def is_abbreviation(text_before: str) -> bool:
    """Whether ``text_before`` (ending in a full stop) ends with an abbreviation or an initial."""
    m = _WORD_BEFORE.search(text_before)
    if not m:
        return False
    word = m.group(1).lstrip(".")
    return word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isupper())


def quote_spans(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of every balanced quotation (curly or straight double quotes) in ``paragraph``.

    An opening quote that is never closed (a quotation running on into the next paragraph) opens
    no span."""
    spans = [(m.start(), m.end()) for pattern in _PAIRS for m in pattern.finditer(paragraph)]
    return sorted(spans)


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of one paragraph; never inside a quotation, never after an
    abbreviation ("No. 2"), an initial ("J. Smith") or a month ("Feb. 16")."""
    quotes = quote_spans(paragraph)
    spans, start = [], 0
    for m in _END.finditer(paragraph):
        end = m.end()
        if any(s < end < e for s, e in quotes):
            continue
        if m.group() == "." and is_abbreviation(paragraph[max(0, m.start() - _ABBREV_WINDOW):m.start() + 1]):
            continue
        spans.append((start, end))
        start = end
        while start < len(paragraph) and paragraph[start].isspace():
            start += 1
    if start < len(paragraph.rstrip()):
        spans.append((start, len(paragraph.rstrip())))
    return spans


def split_sentences(text: str, *, min_words: int = 4) -> list[str]:
    """The sentences of ``text`` (paragraphs separated by blank lines) with at least ``min_words``."""
    out = []
    for para in text.split("\n\n"):
        for s, e in sentence_spans(para):
            sent = para[s:e].strip()
            if len(sent.split()) >= min_words:
                out.append(sent)
    return out


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
    found = set()
    for m in _TOKEN.finditer(text):
        tok = m.group(0)
        if not tok[0].isdigit() or _YEAR.fullmatch(tok):
            continue
        if is_abbreviation(text[max(0, m.start() - _ABBREV_WINDOW):m.start()].rstrip()):
            continue
        found.add(tok.replace(",", ""))
    return found


@dataclass(frozen=True, slots=True)
class Terms:
    """The stemmed content words of a passage, the quantities it states and which of its words
    are names (capitalised: people, places, titles, days)."""

    words: frozenset[str]
    numbers: frozenset[str]
    names: frozenset[str] = frozenset()


def terms(text: str) -> Terms:
    """Stemmed content words of ``text`` (stop words out, negations kept), numbers and names."""
    words, names = set(), set()
    for tok in _TOKEN.findall(text):
        low = tok.lower()
        if low in _NEGATION or (low not in _STOP and (len(low) >= 3 or low[0].isdigit())):
            words.add(stem(low))
            if tok[0].isupper():
                names.add(stem(low))
    return Terms(frozenset(words), frozenset(numbers_in(text)), frozenset(names))


@dataclass(frozen=True, slots=True)
class FactTerms:
    """What ``same_fact`` compares: the terms of a whole sentence and of each of its clauses."""

    sentence: Terms
    clauses: tuple[Terms, ...]


def fact_terms(sentence: str) -> FactTerms:
    """The terms of ``sentence`` and of its clauses (split at commas, dashes, brackets, 'but'...)."""
    whole = terms(sentence)
    clauses = tuple(t for part in _CLAUSE.split(sentence) if part and len((t := terms(part)).words) >= 3)
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


def statement_terms(text: str) -> tuple[frozenset[str], ...]:
    """What ``statement_similarity`` compares: the content words of each sentence of a quotation."""
    return tuple(terms(part).words for part in _quote_sentences(text))


def statement_similarity(a: str | tuple[frozenset[str], ...], b: str | tuple[frozenset[str], ...]) -> float:
    """How likely two quotations are the same statement, 0..1: the best overlap of content words
    between a sentence of ``a`` and a sentence of ``b`` (a source may quote one sentence of a
    longer passage), counted only when at least three words are shared. Takes the quotations or
    their ``statement_terms``."""
    ta = statement_terms(a) if isinstance(a, str) else a
    tb = statement_terms(b) if isinstance(b, str) else b
    best = 0.0
    for wa in ta:
        for wb in tb:
            shared, score = _overlap(wa, wb)
            if shared >= 3:
                best = max(best, score)
    return best


def _quote_sentences(text: str) -> list[str]:
    parts = [p for p in re.split(r"(?<=[.!?])\s+", text) if p.strip()]
    return parts or [text]
