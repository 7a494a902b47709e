"""Cheap text signals for story clustering: terms, capitalised-phrase entities, mentioned dates.

No model downloads: terms are lower-cased word tokens without English stop words (``stop_set()``:
``newsloom.text.stop_words(english=True, news=True)``); entities are runs of capitalised words (and
acronyms) that do not start a sentence with a common word; dates are years and month-year pairs
written in the text ("February 16, 2022", "May 2013", "in 2008").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from ..text import PLACE_ABBREVIATIONS, split_sentences, stop_words

__all__ = ["entities", "lead_sentences", "mentioned_dates", "mentioned_days", "numbers", "sentences", "terms"]


def stop_set() -> frozenset[str]:
    """The stop words of clustering: scikit-learn's English list and the words of news pages (read once, when
    first asked: importing this module imports no scikit-learn)."""
    return stop_words(english=True, news=True)

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
_MONTH_ABBR = {m[:3]: i for m, i in MONTHS.items()} | {"sept": 9}
_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})

_WORD = re.compile(r"[^\W_]+(?:[.,'’][^\W_]+)*", re.UNICODE)
_CAP = re.compile(r"[A-Z][\w'’.-]*|[A-Z]{2,}")
_Y = r"(19[5-9]\d|20[0-3]\d)"
_MON = (r"(January|February|March|April|May|June|July|August|September|October|November|December"
        r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?")
_YEAR = re.compile(r"(?<![\d.,:-])" + _Y + r"(?![\d:])(?! GMT| BST| UTC| hours| hrs)")
_MONTH_YEAR = re.compile(
    r"(?i:\b" + _MON + r"\s+(?:\d{1,2}(?:st|nd|rd|th)?,?\s+)?" + _Y + r"\b)"
    r"|(?i:\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r",?\s+" + _Y + r"\b)")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\d.,]\d)")
_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", re.IGNORECASE)
_MONTH_DAY = re.compile(r"(?i:\b" + _MON + r"\s+\d{1,2}(?:st|nd|rd|th)?\b(?!:)|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r")")
_CONNECT = frozenset({"of", "de", "del", "la", "al", "bin", "van", "von", "der", "da", "le", "du", "&"})
# "for" and "on" inside the name of a body: "Centers for Disease Control", "National Organization for Women",
# "Council on Foreign Relations" (a weekday or a month is no name: "the Court on Monday" stays "court")
_BODY_CONNECT = frozenset({"for", "on"})
_BODIES = frozenset({"center", "centers", "centre", "centres", "organization", "organisation", "institute",
                     "committee", "council", "association", "foundation", "fund", "campaign", "coalition",
                     "alliance", "society", "commission", "office", "bureau", "agency", "department", "ministry",
                     "secretary", "union", "league", "federation", "movement", "network", "court", "board",
                     "partnership", "initiative", "project", "academy", "school", "college", "museum", "trust",
                     "party", "front", "mission", "panel", "caucus", "group", "forum"})
# The stop of "St. Louis", "Mt. Everest", "Ft. Worth": inside a place's name. (Titles and initials end a
# sentence here as before: keeping "Sen. Ann Lee" and "George W. Bush" whole lowered ECB+ B-cubed F1 by 0.003.)
# "Main St." ends a street's name, so after a capitalised word it may end the sentence too.
_NAME_STOP = re.compile(r"(?:(?<=\s)|(?<=^)|(?<=[^\w\s.]))(?:" + "|".join(a.capitalize() for a in sorted(PLACE_ABBREVIATIONS))
                        + r")\.$")
_WORD_BEFORE_STOP = re.compile(r"([\w'’-]+)\W*\s+\S+$")


def sentences(text: str, *, abbreviation: Callable[[str], bool] | None = None) -> list[str]:
    """Sentences of ``text`` (paragraph breaks always split): :func:`newsloom.text.split_sentences` at
    every line break and every stop (no abbreviations but those ``abbreviation`` says, no regard to
    quotations), each without the closing quote after its final stop."""
    return split_sentences(text or "", min_words=1, line_breaks=True, quotes=False, abbreviation=abbreviation,
                           closing=False)


LEAD_CHARS = 400  # a lead sentence is cut to this many characters


def lead_sentences(text: str, n: int = 3, *, max_chars: int = LEAD_CHARS) -> tuple[str, ...]:
    """The first ``n`` sentences of real prose (at least five words each), each cut to ``max_chars``."""
    out: list[str] = []
    for sent in sentences(text):
        if len(sent.split()) >= 5:
            out.append(sent[:max_chars])
        if len(out) >= n:
            break
    return tuple(out)


def _norm_word(word: str) -> str:
    word = word.lower().replace("’", "'")
    word = word.removesuffix("'s")
    return word.replace(",", "") if word[:1].isdigit() else word


def terms(text: str) -> Counter:
    """Counts of content words (lower-cased, no stop words, numbers kept)."""
    counts: Counter = Counter()
    stop = stop_set()
    for raw in _WORD.findall(text or ""):
        word = _norm_word(raw)
        if len(word) < 2 or word in stop or word.strip(".,'").isdigit() and len(word) < 2:
            continue
        counts[word] += 1
    return counts


def _is_cap(word: str) -> bool:
    return bool(word) and word[0].isupper() and _norm_word(word) not in _WEEKDAYS \
        and _norm_word(word) not in MONTHS


def _connects(words: list[str], j: int, before: str) -> bool:
    """Does the lower-case ``words[j]`` join the capitalised words around it into one name ("Bank of
    England", "Centers for Disease Control")? Not "and" ("Committee on Ways" and "Means" stay apart:
    "the Council on Foreign Relations and Obama" is two names)."""
    word = words[j].lower()
    if j + 1 >= len(words) or not _is_cap(words[j + 1]):
        return False
    return word in _CONNECT or word in _BODY_CONNECT and _norm_word(before) in _BODIES


def _phrases_in(sentence: str) -> list[str]:
    words = _WORD.findall(sentence)
    found: list[str] = []
    i = 0
    while i < len(words):
        if not _is_cap(words[i]):
            i += 1
            continue
        j = i + 1
        while j < len(words) and (_is_cap(words[j]) or _connects(words, j, words[j - 1])):
            j += 1
        run = [_norm_word(w) for w in words[i:j]]
        if i == 0 and run[0] in stop_set():  # "The", "But" starting a sentence
            run = run[1:]
        if run:
            found.append(" ".join(run))
        i = j
    return found


def _name_stop(text_before: str) -> bool:
    """A full stop inside a place's name, not a sentence's end: after "St.", "Mt.", "Ft." that do not follow a
    capitalised word other than a stop word or a number ("in St. Louis", "In St. Louis", not "on Main St.",
    "on 42nd St.")."""
    if not _NAME_STOP.search(text_before):
        return False
    before = _WORD_BEFORE_STOP.search(text_before)
    word = before.group(1) if before else ""
    if word[:1].isdigit():  # '42nd St.', '125th St.': a street
        return False
    return not word[:1].isupper() or _norm_word(word) in stop_set()


def entities(text: str) -> Counter:
    """Counts of capitalised phrases ("jens stoltenberg", "nato", "betty ford center", "st louis",
    "centers for disease control"). The stop of "St." does not end the sentence here, so that "St. Louis"
    stays whole (not "st" and "louis")."""
    counts: Counter = Counter()
    stop = stop_set()
    for sent in sentences(text, abbreviation=_name_stop):
        for phrase in _phrases_in(sent):
            if phrase and phrase not in stop and len(phrase) > 1:
                counts[phrase] += 1
    return counts


def mentioned_dates(text: str) -> tuple[Counter, Counter]:
    """(years, months): counts of years and of ``YYYY-MM`` written in ``text``."""
    years = Counter(int(y) for y in _YEAR.findall(text or ""))
    months: Counter = Counter()
    for m in _MONTH_YEAR.finditer(text or ""):
        mon, year = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        month = _MONTH_ABBR.get(mon.lower()[:4]) or _MONTH_ABBR.get(mon.lower()[:3])
        if month:
            months[f"{year}-{month:02d}"] += 1
    return years, months


def numbers(text: str, limit: int = 40) -> tuple[str, ...]:
    """Distinct numbers written in ``text`` (not years, not single digits), first ``limit`` in order.

    Event-specific figures (a death toll, a magnitude, an age, a sum) tell look-alike events apart.
    """
    out: dict[str, None] = {}
    for raw in _NUMBER.findall(text or ""):
        num = raw.replace(",", "") if re.fullmatch(r"\d{1,3}(?:,\d{3})+", raw) else raw
        if len(num) < 2 or _YEAR.fullmatch(num):
            continue
        out.setdefault(num, None)
        if len(out) >= limit:
            break
    return tuple(out)


def mentioned_days(text: str) -> tuple[Counter, Counter]:
    """(weekdays, months): counts of weekday names and of the months of day dates ("Dec. 11",
    "17 September"), year or not. Reports name the day of the event: two look-alike events
    rarely share it."""
    weekdays = Counter(w.lower() for w in _WEEKDAY.findall(text or ""))
    months: Counter = Counter()
    for m in _MONTH_DAY.finditer(text or ""):
        mon = (m.group(1) or m.group(2)).lower()
        month = _MONTH_ABBR.get(mon[:4]) or _MONTH_ABBR.get(mon[:3])
        if month:
            months[month] += 1
    return weekdays, months
