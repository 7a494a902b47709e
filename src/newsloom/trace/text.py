"""Text features the trace stage compares: words, shingles, sentences, quotes, numbers, names.

Everything here is a pure function of its input text.
"""

from __future__ import annotations

import re

from ..model import normalise_text

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
# A sentence ends at . ! ? (optionally followed by a closing quote/bracket) before a space and
# an upper-case letter, digit or opening quote. Common abbreviations do not end sentences.
_SENT_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_ABBREV = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|St|No|Jr|Sr|U\.S|U\.N|Inc|Co|Corp|vs|[A-Z])\.$")
_STOP = frozenset(
    ["the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "for", "from", "by", "with", "as", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "he", "she", "they", "we", "you", "i", "his", "her", "their", "our", "your", "him", "them", "us", "not", "no", "have", "has", "had", "do", "does", "did", "will", "would", "can", "could", "should", "may", "might", "also", "said", "says", "say", "than", "then", "there", "here", "who", "whom", "which", "what", "when", "where", "why", "how", "all", "any", "some", "more", "most", "other", "such", "only", "own", "same", "so", "too", "very", "just", "into", "over", "after", "before", "about", "against", "between", "through", "during", "out", "up", "down", "off", "again", "further", "once", "if", "because", "while", "until", "each", "few", "both"])


def words(text: str) -> list[str]:
    """Case-folded ``\\w+`` tokens."""
    return _WORD.findall(text.casefold())


def content_words(tokens: list[str]) -> set[str]:
    """Tokens that carry meaning: not stop words, at least three characters or a number."""
    return {t for t in tokens if t not in _STOP and (len(t) >= 3 or t.isdigit())}


def shingles(tokens: list[str], n: int = 3) -> set[tuple[str, ...]]:
    """The set of ``n``-word shingles (the whole token list for shorter texts)."""
    if len(tokens) < n:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def sentences(text: str, *, cap: int | None = None, min_words: int = 4) -> list[str]:
    """Sentences of ``text`` (paragraph breaks always end one); at most ``cap`` of them."""
    out: list[str] = []
    for para in re.split(r"\n\s*\n|\n", text):
        for sent in _split_paragraph(para.strip()):
            if len(sent.split()) >= min_words:
                out.append(sent)
                if cap is not None and len(out) >= cap:
                    return out
    return out


def _split_paragraph(para: str) -> list[str]:
    if not para:
        return []
    parts, start = [], 0
    for match in _SENT_END.finditer(para):
        head = para[start:match.start()].rstrip("\"'”’)]")
        if _ABBREV.search(head):
            continue
        parts.append(para[start:match.start()].strip())
        start = match.end()
    parts.append(para[start:].strip())
    return [p for p in parts if p]


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
            if name.casefold() not in _STOP:
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
