"""Quotes and who said them.

Finds direct quotations (curly or straight double quotes) and attributes each to a speaker:
``"…," he said`` / ``"…," Stoltenberg said`` / ``Stoltenberg said: "…"`` / ``said Zelenskyy``.
Pronouns resolve to the last person named before the quote; a paragraph that is only a quote
continues the previous quote's speaker. Speaker names are canonicalised against the full names
the article mentions, tolerating misspellings ("Soltenberg" -> "Jens Stoltenberg").
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from ..model import Article, Quote

__all__ = ["extract_quotes", "same_speaker", "speaker_key"]

_QUOTE = re.compile(r"[“\"]([^“”\"]{12,}?)(?:[”\"]|(?=“))")
_NAME = r"((?:[A-Z][\w'’.-]+)(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|al|bin)){0,5})"
_VERB = r"(?:said|says|added|told|asked|warned|stressed|noted|quipped|declared|wrote|insisted|explained)"
_AFTER = re.compile(r"^[\s,.]*(?:(he|she|they)\s+" + _VERB + r"|" + _VERB + r"\s+" + _NAME + r"|" + _NAME
                    + r"\s+" + _VERB + r")")
_BEFORE = re.compile(_NAME + r"\s+" + _VERB + r"(?:\s+[\w\s'’-]{0,40})?[:,]\s*$")
_PERSON = re.compile(r"\b([A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,5})\b")
_NOT_PERSON = {"Sea", "Union", "Ministry", "Council", "House", "Department", "Street", "Square", "Hall",
               "Party", "Force", "Forces", "Army", "Office", "Bank", "Agency", "News", "Times", "Post",
               "Press", "Company", "University", "Republic", "States", "Kingdom", "Nations", "Europe",
               "Peninsula", "Island", "Security", "Committee", "Court", "Group", "Club", "Day", "Monday",
               "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Project", "Topics"}
_TITLES = {"Secretary", "General", "President", "Minister", "Defense", "Defence", "Foreign", "Prime",
           "Chancellor", "Spokesman", "Spokeswoman", "Ambassador", "Senator", "Governor", "Mayor",
           "The", "A", "In", "On", "At", "But", "And", "However", "While", "Asked", "Speaking", "Kremlin",
           "Russian", "Ukrainian", "British", "German", "American", "French", "Canada's", "Russia's",
           "Ukraine's", "Western", "Belarusian", "Deputy", "Chief", "Vice", "Sky", "News", "NATO"}


def _people(text: str) -> list[str]:
    """Full person-like names in order of appearance (two or three capitalised words)."""
    names = []
    for m in _PERSON.finditer(text):
        name = _strip_titles(m.group(1))
        if name:
            names.append(name)
    return names


def _strip_titles(phrase: str) -> str | None:
    """'NATO Secretary-General Jens Stoltenberg' -> 'Jens Stoltenberg'; None if no person is left."""
    words = phrase.split()
    while words and (words[0] in _TITLES or any(p in _TITLES for p in words[0].split("-"))
                     or words[0].isupper() or words[0].endswith(("'s", "’s"))):
        words = words[1:]
    cut = [i for i, w in enumerate(words) if w in _NOT_PERSON]
    if cut:  # 'European Union Vladimir Chizhov' -> 'Vladimir Chizhov'; 'Black Sea' -> None
        words = words[cut[-1] + 1:]
    words = [w for w in words if w not in _TITLES]
    return " ".join(words[-2:]) if len(words) >= 2 else None


def speaker_key(name: str) -> str:
    """The comparison key of a speaker: the lower-cased surname."""
    return name.split()[-1].casefold().strip(".,'’")


def same_speaker(a: str, b: str) -> bool:
    ka, kb = speaker_key(a), speaker_key(b)
    return ka == kb or (min(len(ka), len(kb)) >= 5 and SequenceMatcher(None, ka, kb).ratio() >= 0.85)


def _canonical(name: str, people: list[str]) -> str:
    name = _strip_titles(name) or name.split()[-1]
    for full in reversed(people):
        if same_speaker(name, full):
            return full
    return name


def extract_quotes(article: Article) -> list[Quote]:
    people = _people(article.text)
    quotes: list[Quote] = []
    last_speaker: str | None = None
    for para in article.paragraphs:
        matches = list(_QUOTE.finditer(para))
        for i, m in enumerate(matches):
            speaker = _attribute(para, m, matches, i, last_speaker, article.text, people)
            if speaker:
                last_speaker = speaker
            text = m.group(1).strip().rstrip(",")
            if len(text.split()) >= 3:
                quotes.append(Quote(text=text, speaker=speaker, article_id=article.id, sentence=para))
    return quotes


def _last_mentioned(text: str, people: list[str]) -> str | None:
    """The person mentioned last in ``text``, by full name or by surname alone ('Stoltenberg said')."""
    best, best_pos = None, -1
    for full in dict.fromkeys(people):
        for form in (full, full.split()[-1]):
            pos = max((m.start() for m in re.finditer(r"\b" + re.escape(form) + r"\b", text)), default=-1)
            if pos > best_pos:
                best, best_pos = full, pos
    return best


def _attribute(para, m, matches, i, last_speaker, full_text, people) -> str | None:
    tail = para[m.end():m.end() + 80]
    after = _AFTER.match(tail)
    if after:
        if after.group(1):  # pronoun: the last person named before this quote
            before = full_text[: full_text.find(para)] + para[: m.start()]
            return _last_mentioned(before, people) or last_speaker
        return _canonical(after.group(2) or after.group(3), people)
    before = _BEFORE.search(para[: m.start()])
    if before:
        return _canonical(before.group(1), people)
    if i > 0 or para.strip().startswith(("“", '"')):
        return last_speaker  # continuation of the previous quote
    return None
