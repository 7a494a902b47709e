"""Text features the trace stage compares: words, shingles, sentences, quotes, numbers, names.

Stop words and sentences come from :mod:`newsloom.text`. Everything here is a pure function of
its input text.
"""

from __future__ import annotations

import re

from ..model import normalise_text
from ..text import STOP_WORDS, is_name_abbreviation, split_sentences

__all__ = [
    "content_words",
    "names",
    "numbers",
    "paragraph_keys",
    "quotes",
    "sentences",
    "shingles",
    "words",
]

_WORD = re.compile(r"\w+", re.UNICODE)
_NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")
_QUOTE = re.compile(r"“([^“”]{12,600}?)”|\"([^\"\n]{12,600}?)\"")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*\b")


def words(text: str) -> list[str]:
    """Case-folded ``\\w+`` tokens."""
    return _WORD.findall(text.casefold())


def content_words(tokens: list[str]) -> set[str]:
    """Tokens that carry meaning: not stop words, at least three characters or a number."""
    return {t for t in tokens if t not in STOP_WORDS and (len(t) >= 3 or t.isdigit())}


def shingles(tokens: list[str], n: int = 3) -> set[tuple[str, ...]]:
    """The set of ``n``-word shingles (the whole token list for shorter texts)."""
    if len(tokens) < n:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def sentences(text: str, *, cap: int | None = None, min_words: int = 4) -> list[str]:
    """Sentences of ``text`` (paragraph breaks always end one); at most ``cap`` of them.

    :func:`newsloom.text.split_sentences` at every line break, without regard to quotations, not
    after a title or an initial (:func:`~newsloom.text.is_name_abbreviation`), each without the
    closing quote after its final stop."""
    return split_sentences(text, min_words=min_words, cap=cap, line_breaks=True, quotes=False,
                           abbreviation=is_name_abbreviation, closing=False)


def quotes(text: str) -> set[str]:
    """Quoted passages of at least three words, normalised (case, whitespace, edge punctuation)."""
    out = set()
    for match in _QUOTE.finditer(text):
        q = normalise_text(match.group(1) or match.group(2)).strip(" ,.;:!?")
        if len(q.split()) >= 3:
            out.add(q)
    return out


def numbers(text: str) -> set[str]:
    """Numbers as written, without thousands separators (``150,000`` -> ``150000``)."""
    return {m.group(0).replace(",", "").rstrip(".") for m in _NUMBER.finditer(text)}


def names(text: str) -> set[str]:
    """Capitalised word runs that are not sentence-initial single words: a cheap proper-name set."""
    out = set()
    for sent in sentences(text, min_words=1):
        for match in _NAME.finditer(sent):
            name = match.group(0)
            if match.start() == 0 and " " not in name:
                continue
            if name.casefold() not in STOP_WORDS:
                out.add(name)
    return out


def paragraph_keys(text: str, *, min_words: int = 8, cap: int = 32) -> list[str]:
    """Normalised paragraphs long enough to identify an article (the basis of excerpt keys)."""
    out = []
    for para in text.split("\n\n"):
        norm = " ".join(words(para))
        if norm.count(" ") + 1 >= min_words:
            out.append(norm)
            if len(out) >= cap:
                break
    return out
