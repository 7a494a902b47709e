"""Quotes and who said them.

Finds direct quotations (“…” and "…", each closed by its own kind of mark, or by the other kind when
its own never comes: '“…," she wrote') and attributes each to a speaker, in this order:

1. an attribution right after the quote: ``"…," he said`` / ``"…," Stoltenberg said on Tuesday`` /
   ``"…," said Zelenskyy`` / ``"…," said the Democratic leader, Justin Alfond`` / ``"…," Ann Lee (D)
   said`` (not ``"…," Putin countered that …``, which starts a new report). One by someone unnamed
   (``"…," the letter said``, ``they said``) stays unattributed;
2. the nearest reporting verb before the quote in the same sentence, when its subject is a name
   or a pronoun: ``Stoltenberg said: "…"`` / ``Scholz reiterated that the plan was "…"`` /
   ``Wallace also said it was "…"``; a participle takes the subject of its clause (``Mr. Lee began
   his remarks, saying he was "…"``). When that nearest verb belongs to someone unnamed
   ("officials say") the quote stays unattributed rather than going to a person named earlier;
3. an attribution later in the sentence (``"…" billion, Mr. Lee said``);
4. a quote that continues the previous one (the next quote of the same paragraph, or a paragraph
   that opens with a quote after a paragraph with one) keeps its speaker, unless the rest of its
   sentence reports someone else's words.

"He" and "she" resolve to the last person named before them outside quotations whose gender (from
a title, "Mr."/"Ms.", or a common first name) does not contradict them, the subject of a clause
before a name in passing. Speaker names are canonicalised against the people the article names,
tolerating misspellings ("Soltenberg" -> "Jens Stoltenberg"); of two people sharing a surname
("Mrs. Clinton") the one whose gender fits and who was named last.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from ..model import Article, Quote
from ..text import sentence_spans
from .names import (
    FEMALE_NAMES,
    HONORIFICS,
    JOINING,
    LEAD_WORDS,
    MALE_NAMES,
    NICKNAMES,
    NOT_NAME,
    NOT_PERSON,
    TITLES,
    US_STATES,
)

__all__ = ["REPORTING_VERBS", "extract_quotes", "has_first_name", "quote_key", "same_speaker", "speaker_key"]

#: Verbs that report speech, in the forms news copy uses them.
REPORTING_VERBS = (
    "said", "says", "say", "added", "adds", "told", "tells", "asked", "asks", "warned", "warns", "stressed",
    "stresses", "noted", "notes", "quipped", "declared", "declares", "wrote", "writes", "insisted", "insists",
    "explained", "explains", "reiterated", "reiterates", "argued", "argues", "acknowledged", "acknowledges",
    "admitted", "admits", "claimed", "claims", "countered", "counters", "replied", "replies", "responded",
    "responds", "cautioned", "urged", "announced", "announces", "confirmed", "confirms", "conceded",
    "concedes", "recalled", "remarked", "observed", "suggested", "suggests", "predicted", "complained",
    "tweeted", "posted", "continued", "vowed", "pledged", "promised", "denied", "denies", "maintained",
    "maintains", "emphasized", "emphasised", "emphasizes", "emphasises", "underlined", "underscored",
    "stated", "states", "commented", "concluded", "joked", "reaffirmed", "repeated", "called", "described",
    "branded", "dismissed", "lamented", "laments", "testified", "contended", "boasted",
    "wondered", "signaled", "signalled", "shouted",
)
#: Participles of reporting verbs: their subject is the clause's ('Lee spoke, saying "…"').
PARTICIPLES = ("saying", "telling", "writing", "adding", "noting", "arguing", "insisting", "warning",
               "tweeting", "asking", "calling", "explaining", "declaring", "responding", "replying",
               "claiming", "describing")
_VERB = r"(?:" + "|".join(REPORTING_VERBS + PARTICIPLES) + r")"
_MARKS = re.compile(r"[“”\"]")
_MIN_QUOTE = 12  # characters
_NAME = r"((?:[A-Z][\w'’.-]+)(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|al|bin)){0,5})"
_PRONOUN = r"(he|she|they|He|She|They)"
# Words that may stand between a speaker and the verb: "Wallace also said", "Biden on Tuesday said".
_ADVERB = (r"(?:\s+(?:also|again|later|then|once|further|earlier|previously|separately|repeatedly|already|"
           r"had|has|have|[a-z]+ly|on\s+[A-Z][a-z]+day|in\s+a\s+statement))")
# An apposition after a name: "Lis Smith, a spokeswoman for the campaign, said"; "Reid, who ..., said".
_APPOSITION_BODY = r"(?:,[^,“”\"]{1,120}){1,3},"
_APPOSITION = r"(?:" + _APPOSITION_BODY + r")?"
# A party after a name: "Ann Lee (R) said", "Ann Lee (D-Maine) said".
_PARTY = r"(?:\s*\([A-Z][\w.]*(?:-[^()]{1,20})?\))?"
# Who someone speaks for, between the name and the verb: "Ronald Johnson of the State Highway Patrol said".
_AFFILIATION = r"(?:\s+(?:of|at|for|from|with)\s+(?:the\s+)?[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*){0,5})?"
# What may follow an attribution after a quote: an object, then the end of the clause or a phrase
# of time, place or manner ('he said on Tuesday', 'Anand said as she arrived').
_OBJECT = (r"(?:\s+(?:reporters|journalists|lawmakers|supporters|members|"
           r"(?:about\s+|some\s+|nearly\s+)?\d[\d,]*\s+[a-z]+|"
           r"(?:the|a|an|his|her|their)\s+[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*){0,2}|"
           r"(?:[a-z]+\s+)?[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3}))?")
_CLAUSE_END = (r"(?=\s*(?:[.,;!?)\]—–―-]|$)|\s+(?:on|in|at|during|before|after|as|when|while|from|to|with|"
               r"via|by|for|of|who|which|last|this|earlier|later|yesterday|today|tonight|recently|then|"
               r"according|adding|noting|referring|saying|calling|echoing|offering|comparing|claiming|"
               r"aligning|concluding|that\s+(?:morning|afternoon|evening|night|day|week))\b)")
# "Boehner spokesman Michael Steel said": who the speaker speaks for, before the name;
# "the commentator Ann Coulter": what the speaker is.
_FOR_WHOM = (r"(?:the\s+[a-z]+\s+(?=[A-Z])|[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}\s+(?:(?!" + _VERB
             + r"\b)[a-z]+\s+){1,2}(?=[A-Z]))?")
_AT_START = r"^[\s,]*"
# Attributions right after a quote, in the order they are tried: a pronoun; the verb first ("said
# Reid", "said the Democratic leader, Justin Alfond"); the name first, maybe after what the person
# is ("the Republican leader, Michael Thibodeau, said"); someone unnamed ("the letter said").
_AFTER_PRONOUN = re.compile(_AT_START + _PRONOUN + _ADVERB + r"?\s+" + _VERB + _OBJECT + _CLAUSE_END)
_AFTER_NAME = (
    re.compile(_AT_START + _VERB + r"\s+" + _NAME),
    re.compile(_AT_START + _VERB + r"\s+the\s+[^,“”\"]{1,60},\s+" + _NAME),
    re.compile(_AT_START + _FOR_WHOM + _NAME + _PARTY + _APPOSITION + _ADVERB + r"?\s+" + _VERB + _OBJECT
               + _CLAUSE_END),
    re.compile(_AT_START + r"the\s+[^,“”\"]{1,50}?,\s+" + _NAME + r"," + _ADVERB + r"?\s+" + _VERB),
)
_AFTER_UNNAMED = re.compile(_AT_START + r"(?:the|a|an|his|her|its|their)\s+(?:[\w'’.-]+\s+){1,4}?" + _VERB
                            + r"\b")
_VERB_AT = re.compile(r"\b" + _VERB + r"\b")
# The subject of a reporting verb that ends ``head``: a name or a pronoun, possibly with an
# affiliation, an apposition ("Serhii Demediuk, a senior official, said") and adverbs.
_SUBJECT = re.compile(r"(?:\b" + _PRONOUN + r"|" + _NAME + _PARTY + _AFFILIATION + r")(?:" + _APPOSITION_BODY
                      + r"|,\s+who)?" + _ADVERB + r"{0,3}\s+$")
# A verb before its subject: '"…," said Reid on the Senate floor, "…"'.
_INVERTED = re.compile(r"\s+" + _NAME)
_QUOTE_END_BEFORE = re.compile(r"[”\"][\s,]*$|,[”\"]\s*$")
# A verb form used as a noun: "those claims", "Russia's claims", "his remarks".
_NOUN_USE = re.compile(r"(?:\b(?:the|a|an|those|these|this|that|such|his|her|its|their|our|my|your|any|"
                       r"some|no)|['’]s)\s+$", re.IGNORECASE)
_PREPOSITION = re.compile(r"\b(?:in|of|at|from|for|with|by|to|near|on|inside|outside|across)\s+(?:the\s+)?$")
# What a verb without a subject of its own follows: 'Lee spoke, saying', 'Lee said, before adding',
# 'Lee called it "…" and said'.
_SHARES_SUBJECT = re.compile(r"(?:,|\b(?:by|before|after|while|when|and))(?:\s+(?:again|also|then|[a-z]+ly))?"
                             r"[\s”\"]*$")
_AND = re.compile(r"\band(?:\s+(?:again|also|then|[a-z]+ly))?[\s”\"]*$")
_QUOTED_WORDS = re.compile(r"“[^“”]*”?|\"[^\"]*\"?")
_SUBJECT_PRONOUN = re.compile(r"\b(?:he|she|they|we|it|I)\b", re.IGNORECASE)
# A pronoun opening a sentence: 'He made reference to …, calling it a "…"'.
_OPENING_PRONOUN = re.compile(r"\s*(?:(?:But|And|Then|Later|Still|So|Yet)\s+)?(He|She)\b")
_INITIAL = re.compile(r"[A-Z]\.$")  # a middle initial: 'Adam L. Braverman'
_PERSON = re.compile(r"\b((?:[A-Z][\w'’-]+|[A-Z]\.)(?: (?:[A-Z][\w'’-]+|[A-Z]\.)){1,5})(?![\w'’-])")
# A surname after a title: 'Mr. Trump', 'President Trump', 'Justices Kennedy and …' (not 'President
# Donald Trump', where the title goes with the full name).
_TITLED = re.compile(r"\b(Mr|Mrs|Ms|Miss|Dr|Sen|Sens|Rep|Reps|Gov|Gen|Rev|Prof|President|Senator|Senators|"
                     r"Justice|Justices|Judge|Representative|Secretary|Chairman|Chairwoman|Agent|Speaker|"
                     r"Leader|Governor|Mayor|Ambassador|Minister|Chancellor|Director)\.?\s+([A-Z][\w'’-]+)"
                     r"(?![\w'’-])(?!\s+[A-Z][\w'’-])")
_TITLES_BEFORE = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Rev|Prof)\.\s+)+$")
# Where a clause begins: after a sentence's end, a comma, a colon, a line or an opening quote.
_CLAUSE_BOUNDARY = re.compile(r".*(?:[.!?;:][\"”’]?\s|,\s|\n|[“\"])", re.DOTALL)
# Someone unnamed said it ('the letter said', 'they said'): attributed, but to no one.
_UNNAMED = ""


# --------------------------------------------------------------------------- quotations


@dataclass(frozen=True, slots=True)
class _Quoted:
    start: int  # the opening mark
    end: int  # after the closing mark, or where a quotation left open stops
    text: str


def _quotations(para: str) -> list[_Quoted]:
    """The quotations of a paragraph. “ pairs with ” and " with ", a mark of the other kind closing
    one only when its own never comes ('“…," she wrote'); a curly one left open runs to the next
    opening mark or to the end of the paragraph (it continues in the next), a straight one left
    open is no quotation."""
    marks = [(m.start(), m.group()) for m in _MARKS.finditer(para)]
    out: list[_Quoted] = []
    i = 0
    while i < len(marks):
        start, mark = marks[i]
        k = _closing(marks, i) if mark != "”" else None
        if mark == "”" or (k is None and mark == '"'):
            i += 1
            continue
        if k is None or marks[k][1] == "“":  # left open: to the next opening or the paragraph's end
            stop = marks[k][0] if k is not None else len(para)
            out.append(_Quoted(start, stop, para[start + 1:stop].strip()))
            i = k if k is not None else len(marks)
        else:
            out.append(_Quoted(start, marks[k][0] + 1, para[start + 1:marks[k][0]].strip()))
            i = k + 1
    return out


def _closing(marks: list[tuple[int, str]], i: int) -> int | None:
    """The index of the mark that ends the quotation opened at ``marks[i]`` (a “ that opens the next
    one for a curly quotation left open), None if none does."""
    own = "”" if marks[i][1] == "“" else '"'
    k = i + 1
    while k < len(marks):
        mark = marks[k][1]
        if mark == own:
            return k
        if own == "”" and mark == "“":
            return k
        if own == '"' and mark == "“":  # a curly quotation inside this one: skip it
            inner = _closing(marks, k)
            k = inner + 1 if inner is not None and marks[inner][1] == "”" else k + 1
            continue
        if not _comes_later(marks, k + 1, own):  # the other kind, and this kind never closes it
            return k
        k += 1
    return None


def _comes_later(marks: list[tuple[int, str]], k: int, mark: str) -> bool:
    """Whether ``mark`` comes at or after ``marks[k]`` (before the next “ for a ”)."""
    for _, m in marks[k:]:
        if m == mark:
            return True
        if mark == "”" and m == "“":
            return False
    return False


# --------------------------------------------------------------------------- people


def _people(text: str) -> list[str]:
    """Full person-like names in order of first appearance (two or three capitalised words)."""
    return list(dict.fromkeys(name for _, _, name in _full_names(text)))


def _full_names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of each full name of ``text``; start includes an abbreviated title before
    it ('Rep. Drew Gattine'), end is the end of the surname."""
    out = []
    for m in _PERSON.finditer(text):
        name = _strip_titles(m.group(1))
        if not name:
            continue
        surname = name.split()[-1]
        end = m.start() + m.group(1).rfind(surname) + len(surname)
        title = _TITLES_BEFORE.search(text, max(0, m.start() - 20), m.start())
        out.append((title.start() if title else m.start(), end, name))
    return out


def _strip_titles(phrase: str) -> str | None:
    """'NATO Secretary-General Jens Stoltenberg' -> 'Jens Stoltenberg'; None if no person is left."""
    words = _before_possessive(phrase.split())
    while words and (words[0] in TITLES or any(p in TITLES for p in words[0].split("-"))
                     or words[0].isupper() or words[0].endswith(("'s", "’s"))):
        words = words[1:]
    if any(w in JOINING for w in words[1:]):
        return None  # 'Hotline On Call', 'Bank Of America': a name, not a person's
    cut = [i for i, w in enumerate(words) if w in NOT_PERSON]
    if cut:  # 'European Union Vladimir Chizhov' -> 'Vladimir Chizhov'; 'Black Sea' -> None
        words = words[cut[-1] + 1:]
    words = [w for i, w in enumerate(words)
             if w not in TITLES and not (0 < i < len(words) - 1 and _INITIAL.match(w))]
    if len(words) < 2 or _is_place(words):
        return None
    if len(words) >= 3 and words[-3] in FEMALE_NAMES | MALE_NAMES:  # 'Ruth Bader Ginsburg'
        return " ".join(words[-3:])
    return " ".join(words[-2:])


def _before_possessive(words: list[str]) -> list[str]:
    """The words up to the first possessive after the first word, without its 's ('Liz Cheney’s
    sister' -> 'Liz Cheney'); a possessive first word is left for the caller ("Russia's")."""
    for i, w in enumerate(words[1:], 1):
        if w.endswith(("'s", "’s", "'", "’")):
            return words[:i] + [w.rstrip("'’").removesuffix("'s").removesuffix("’s").rstrip("'’")]
    return words


def _is_place(words: list[str]) -> bool:
    """Whether the name is a US state ('New Jersey') or ends with one ('Democrat of West Virginia')."""
    return " ".join(words[-2:]) in US_STATES or (len(words) == 1 and words[0] in US_STATES)


def _surname(name: str) -> str:
    return name.split()[-1].removesuffix("'s").removesuffix("’s").strip(".,'’")


def _first_name_gender(name: str) -> str | None:
    first = name.split()[0]
    return "f" if first in FEMALE_NAMES else "m" if first in MALE_NAMES else None


def _title_gender(name: str) -> str | None:
    return HONORIFICS.get(name.split()[0].rstrip(".").casefold()) if name else None


def _name_parts(name: str) -> tuple[str, str]:
    """(first name, surname) of a speaker's name, casefolded, the first name in its long form
    ('Liz' -> 'elizabeth'); no first name for a surname alone or after a title ('Mrs. Clinton')."""
    words = [w for w in name.split() if w not in TITLES]
    if not words:
        return "", ""
    surname = _surname(words[-1]).casefold()
    if len(words) < 2:
        return "", surname
    first = words[0].casefold().strip(".")
    return NICKNAMES.get(first, first), surname


def speaker_key(name: str) -> str:
    """The comparison key of a speaker: the lower-cased surname, after the first name (in its long
    form: 'Liz Cheney' and 'Elizabeth Cheney' share one) when the name has one. A key without a
    first name may stand for any person of that surname: :func:`same_speaker` tells."""
    first, surname = _name_parts(name)
    return f"{first} {surname}" if first else surname


def has_first_name(name: str) -> bool:
    """Whether a speaker's name gives a first name ('Liz Cheney'), not a surname alone ('Cheney', 'Mrs. Clinton')."""
    return bool(_name_parts(name)[0])


def same_speaker(a: str, b: str) -> bool:
    """Whether two speaker names may name one person: the same surname (or one misspelt: 'Soltenberg')
    and no two different first names ('Mary Cheney' is not 'Liz Cheney'; 'Cheney' may be either)."""
    (fa, sa), (fb, sb) = _name_parts(a), _name_parts(b)
    if not sa or not sb:
        return False
    similar = sa == sb or (min(len(sa), len(sb)) >= 5 and SequenceMatcher(None, sa, sb).ratio() >= 0.85)
    return similar and (not fa or not fb or fa == fb)


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    person: str  # the full name it stands for, or the surname when the article gives none
    gender: str | None  # "m" or "f" when this mention's title or first name tells
    quoted: bool  # inside a quotation: never the antecedent of a pronoun outside it
    subject: bool  # the subject of its clause, or of a reporting verb


class _Cast:
    """The people an article names and where: full names, surnames after a title ('Mr. Trump',
    'President Trump') and surnames alone, each resolved to the person it stands for."""

    def __init__(self, text: str, quoted: list[tuple[int, int]], sentences: list[int]) -> None:
        self.text, self.sentences = text, sentences  # where each sentence starts
        self.people = _people(text)
        self.mentions = self._mentions(quoted)
        self.genders = _genders(self.mentions)

    def _mentions(self, quoted: list[tuple[int, int]]) -> list[_Mention]:
        found = {end: (start, name, _title_gender(self.text[start:end]) or _first_name_gender(name))
                 for start, end, name in _full_names(self.text)}
        for m in _TITLED.finditer(self.text):
            surname = _surname(m.group(2))
            end = m.start(2) + len(surname)
            if end not in found and surname not in NOT_PERSON and surname not in NOT_NAME:
                found[end] = (m.start(), surname, HONORIFICS.get(m.group(1).casefold()))
        surnames = {name.split()[-1] for _, name, _ in found.values()}
        for surname in surnames:
            for m in re.finditer(r"\b" + re.escape(surname) + r"\b", self.text):
                if m.end() not in found:
                    found[m.end()] = (m.start(), surname, None)
        mentions, last = [], {}
        for end in sorted(found):
            start, name, gender = found[end]
            person = name if " " in name else self._person_for(name, gender, last)
            last[name.split()[-1]] = person
            inside = any(s < start < e for s, e in quoted)
            mentions.append(_Mention(start, end, person, gender, inside, _is_subject(self.text, start, end)))
        return mentions

    def _person_for(self, surname: str, gender: str | None, last: dict[str, str]) -> str:
        """The full name a surname stands for where it is: the person of that surname named last
        whose gender fits, else the first one the article names, else the surname itself."""
        fits = [p for p in self.people if same_speaker(surname, p) and _fits(gender, _first_name_gender(p))]
        if last.get(surname) in fits or (last.get(surname) == surname and not fits):
            return last[surname]
        return fits[0] if fits else surname

    def resolve(self, name: str, pos: int) -> str:
        """The person ``name`` (as an attribution gives it) stands for at ``pos`` of the text."""
        full = _strip_titles(name)
        gender = _title_gender(name) or (_first_name_gender(full) if full else None)
        fits = [p for p in self.people
                if same_speaker(full or name, p) and _fits(gender, self.genders.get(p))]
        if not fits:
            return full or _surname(name)
        if full in fits:
            return full
        before = [m.person for m in self.mentions if m.end <= pos and m.person in fits]
        return before[-1] if before else fits[0]

    def knows(self, name: str) -> bool:
        return any(same_speaker(name, m.person) for m in self.mentions)

    def antecedent(self, pronoun: str, pos: int) -> str | None:
        """The person a pronoun at ``pos`` stands for: the last one named before it outside
        quotations whose gender fits (in that sentence, one known to be of the pronoun's gender before one
        whose gender is unknown), the subject of a clause before a name in passing."""
        if pronoun.casefold() == "they":
            return _UNNAMED
        want = "f" if pronoun.casefold() == "she" else "m"
        fits = [m for m in self.mentions
                if m.end <= pos and not m.quoted and _fits(want, self.genders.get(m.person))]
        if not fits:
            return None
        sentence = bisect_right(self.sentences, fits[-1].start)  # the last sentence naming one
        last = [m for m in fits if bisect_right(self.sentences, m.start) == sentence]
        known = [m for m in last if self.genders.get(m.person) == want]
        last = known or last  # 'Jacinda Ardern met Mr Key. He said': the one known to be a "he"
        subject = next((m for m in reversed(last) if m.subject), None)
        start = self.sentences[sentence - 1] if sentence else 0
        opening = _OPENING_PRONOUN.match(self.text, start)
        if subject is None and opening and opening.group(1).casefold() == pronoun.casefold() and start < pos:
            return self.antecedent(pronoun, start)  # 'He also referred to Lee: "…," he said': the same "he"
        return (subject or last[-1]).person


def _fits(wanted: str | None, gender: str | None) -> bool:
    """Whether a person of ``gender`` (None: unknown) may be the one a title or pronoun of
    ``wanted`` (None: either) names."""
    return wanted is None or gender in (None, wanted)


def _genders(mentions: list[_Mention]) -> dict[str, str | None]:
    """Each person's gender, from the titles and first names of the mentions of them (None when
    none tells or they disagree)."""
    seen: dict[str, set[str]] = {}
    for m in mentions:
        genders = seen.setdefault(m.person, set())
        for g in (m.gender, _first_name_gender(m.person) if " " in m.person else None):
            if g:
                genders.add(g)
    return {person: next(iter(g)) if len(g) == 1 else None for person, g in seen.items()}


_SPEAKS_AFTER = re.compile(_PARTY + _APPOSITION + r"(?:,?\s+who)?" + _ADVERB + r"{0,3}\s+" + _VERB + r"\b")
# After a name opening a clause after a comma: a verb, not a preposition ('her partner, Ann Lee, in …').
_VERB_AFTER = re.compile(r"\s+(?!(?:in|on|at|of|for|to|and|or|from|with|by|who)\b)[a-z]"
                         r"|,\s+(?:who|a|an|the)\b")


def _is_subject(text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` is the subject of its clause: followed by a reporting
    verb, or opening a clause (after a sentence's end, a comma or a colon, maybe after titles)."""
    after = text[end:end + 200]
    if after.startswith(("'", "’")):
        return False  # 'Strzok’s attorney'
    if _SPEAKS_AFTER.match(after):
        return True
    before = text[max(0, start - 100):start]
    boundary = _CLAUSE_BOUNDARY.match(before)
    if boundary is None and start > 100:
        return False
    lead = before[boundary.end():] if boundary else before
    if not all(w[0].isupper() or w in LEAD_WORDS for w in lead.split()):
        return False
    # after a comma, a verb must follow: not 'her partner, Ann Lee, in …'
    return not (boundary and boundary.group().endswith(", ")) or bool(_VERB_AFTER.match(after))


def _known(name: str, cast: _Cast, pos: int, *, strict: bool = True) -> str | None:
    """The speaker a name stands for: the full name of a person the article mentions, else the name
    itself when it is a titled or full name ('Mr. Trump', 'Sen. Durbin', 'Ana Ruiz'), or any name
    unless ``strict`` (a name right after a quote). None for words that open a sentence without
    naming anyone ('Those claims', 'Diplomats said', 'Friday') and for places ('New Jersey')."""
    words = name.split()
    last = words[-1]
    if last in TITLES or last in NOT_NAME or last in NOT_PERSON or _is_place(words) \
            or any(w in JOINING for w in words[1:]):
        return None
    canonical = cast.resolve(name, pos)
    if not strict or cast.knows(canonical) or len(words) > 1 or last.isupper():
        return canonical
    return None  # one capitalised word naming no one the article mentions


# --------------------------------------------------------------------------- extraction


def extract_quotes(article: Article) -> list[Quote]:
    """Every direct quotation of ``article`` with its speaker (None when unsure) and its sentence."""
    paras, offset = [], 0
    for para in article.text.split("\n\n"):
        paras.append((offset, para, _quotations(para)))
        offset += len(para) + 2
    quoted = [(start + q.start, start + q.end) for start, _, qs in paras for q in qs]
    sentences = [start + s for start, para, _ in paras for s, _ in sentence_spans(para)]
    cast = _Cast(article.text, quoted, sentences)
    quotes: list[Quote] = []
    last: str | None = None  # the speaker of the last quote (of this paragraph or the one before)
    for start, para, found in paras:
        matches = [q for q in found if len(q.text) >= _MIN_QUOTE]
        if not matches:
            last = None  # a paragraph opening with a quote continues only a paragraph with one
            continue
        spans = sentence_spans(para)
        for i, q in enumerate(matches):
            sent_start, sent_end = _sentence_around(spans, q.start, q.end)
            text = q.text.rstrip(",").strip()
            if _is_title(text):  # a programme or a slogan named in quotes: "Face the Nation"
                continue
            context = _Context(cast, para, start, sent_start, sent_end)
            found_speaker = _attribute(context, q, i, last)
            speaker = found_speaker or None
            last = speaker if found_speaker is not None else last
            if len(text.split()) >= 3:
                quotes.append(Quote(text=text, speaker=speaker, article_id=article.id,
                                    sentence=para[sent_start:sent_end].strip()))
    return _once_each(quotes)


_QUOTE_EDGES = " \t\n.,;:!?…\"'“”‘’«»()[]-–—"


def quote_key(text: str) -> str:
    """What two quotations of the same words share: case, spacing, apostrophe style and the
    punctuation and quote marks at either end left out ('… platforms' = '… platforms.')."""
    return " ".join(text.replace("’", "'").replace("‘", "'").casefold().split()).strip(_QUOTE_EDGES)


def _once_each(quotes: list[Quote]) -> list[Quote]:
    """Each quotation once (a page repeats one in a pull quote or a caption, with or without its
    final stop): the first, with the speaker of a repeat when the first has none."""
    first: dict[str, int] = {}
    out: list[Quote] = []
    for q in quotes:
        key = quote_key(q.text)
        if key not in first:
            first[key] = len(out)
            out.append(q)
        elif out[first[key]].speaker is None and q.speaker:
            out[first[key]] = replace(out[first[key]], speaker=q.speaker)
    return out


def _is_title(text: str) -> bool:
    """A short run of capitalised words: a name in quotes, not words someone said."""
    words = text.split()
    return len(words) <= 6 and all(w[0].isupper() or len(w) < 4 or not w[0].isalpha() for w in words)


def _sentence_around(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """From the start of the sentence the quote opens in to the end of the one it closes in."""
    first = next((s for s, e in spans if s <= start < e), start)
    last = next((e for s, e in spans if s < end <= e), end)
    return first, max(last, end)


class _Context:
    """What attribution looks at around one quote: the article's people, the quote's paragraph and
    where it starts in the text, and where the quote's sentence starts and ends in the paragraph."""

    __slots__ = ("cast", "para", "sent_end", "sent_start", "start")

    def __init__(self, cast: _Cast, para: str, start: int, sent_start: int, sent_end: int) -> None:
        self.cast, self.para, self.start = cast, para, start
        self.sent_start, self.sent_end = sent_start, sent_end

    def pronoun(self, word: str, pos: int) -> str | None:
        """The person a pronoun at ``pos`` of the paragraph stands for."""
        return self.cast.antecedent(word, self.start + pos)

    def known(self, name: str, pos: int, *, strict: bool = True) -> str | None:
        return _known(name, self.cast, self.start + pos, strict=strict)


def _attribute(ctx: _Context, q: _Quoted, i: int, last: str | None) -> str | None:
    """The speaker of quote ``q`` (the ``i``-th of its paragraph): a name, ``_UNNAMED`` when someone
    unnamed is reported saying it, or None when nothing says who."""
    para = ctx.para
    after = _after(ctx, q.start, para[q.end:q.end + 240])
    if after is not None:
        return after
    prefix = para[ctx.sent_start:q.start]
    if prefix.strip(" “\"‘"):
        found = _before(ctx, prefix)
        if found is None and i > 0 and not _names_anyone(ctx, prefix):
            return last  # 'Either they act alone, "or …"': more of the same speaker's words
        return found
    rest = _unquoted(para[q.end:ctx.sent_end])
    later = _later(ctx, q.end, rest)
    if later is not None:
        return later
    if _VERB_AT.search(rest):
        return None  # someone the rest of the sentence reports, not the previous speaker
    if i > 0 or para.lstrip().startswith(("“", '"')):
        return last  # continuation of the previous quote
    return None


def _after(ctx: _Context, quote_start: int, after: str) -> str | None:
    """The speaker an attribution right after a quote names (``_UNNAMED`` for someone unnamed), or
    None when no attribution follows."""
    m = _AFTER_PRONOUN.match(after)
    if m:
        return ctx.pronoun(m.group(1), quote_start)
    for form in _AFTER_NAME:
        m = form.match(after)
        if m:
            return ctx.known(m.group(1), quote_start, strict=False) or _UNNAMED
    return _UNNAMED if _AFTER_UNNAMED.match(after) else None


def _names_anyone(ctx: _Context, prefix: str) -> bool:
    """Whether ``prefix`` (the start of a quote's sentence) has a reporting verb, a pronoun or a
    person's name outside quotations."""
    start = ctx.start + ctx.sent_start
    words = _unquoted(prefix)
    return bool(_VERB_AT.search(words) or _SUBJECT_PRONOUN.search(words)) or any(
        start <= m.start < start + len(prefix) for m in ctx.cast.mentions)


def _unquoted(text: str) -> str:
    """``text`` with the words of the quotations in it blanked out (its length unchanged)."""
    return _QUOTED_WORDS.sub(lambda m: " " * len(m.group()), text)


def _later(ctx: _Context, pos: int, rest: str) -> str | None:
    """An attribution later in the quote's sentence, after a comma: '"…" billion, Mr. Lee said'."""
    for m in re.finditer(r",", rest):
        found = _after(ctx, pos, rest[m.end():])
        if found is not None:
            return found
    return None


def _before(ctx: _Context, prefix: str) -> str | None:
    """The speaker of the nearest reporting verb before the quote in its sentence, if named."""
    for verb in reversed(list(_VERB_AT.finditer(_unquoted(prefix)))):
        head = prefix[:verb.start()]
        if _NOUN_USE.search(head):
            continue  # 'those claims', "Russia's claims": a noun, not a report
        inverted = _INVERTED.match(prefix, verb.end())
        if inverted and _QUOTE_END_BEFORE.search(head):  # '"…," said Reid on the floor, "…"'
            return ctx.known(inverted.group(1), ctx.sent_start)
        if _SHARES_SUBJECT.search(head) and (verb.group() in PARTICIPLES or _AND.search(head)):
            return _clause_subject(ctx, head)  # 'Lee spoke, saying "…"', 'Lee sighed and said "…"'
        subject = _SUBJECT.search(head)
        if subject is None:
            return None  # someone unnamed reports this ('officials say')
        if subject.group(1):
            return ctx.pronoun(subject.group(1), ctx.sent_start + subject.start())
        name = subject.group(2)
        if _PREPOSITION.search(head[:subject.start()]) and not _titled(name):
            return None  # the name belongs to a phrase: 'officials close to Putin said'
        return ctx.known(name, ctx.sent_start + subject.start())
    return None


def _clause_subject(ctx: _Context, head: str) -> str | None:
    """Who a participle ('saying', 'writing') reports: the subject of the reporting verb before it
    in the sentence, else the sentence's subject (a name or a pronoun opening it)."""
    first = _VERB_AT.search(_unquoted(head))
    if first:
        return _before(ctx, head[:first.end()])
    opening = _OPENING_PRONOUN.match(head)
    if opening:
        return ctx.pronoun(opening.group(1), ctx.sent_start + opening.start(1))
    start, end = ctx.start + ctx.sent_start, ctx.start + ctx.sent_start + len(head)
    subject = next((m for m in ctx.cast.mentions if start <= m.start < end and not m.quoted), None)
    return subject.person if subject is not None and subject.subject else None


def _titled(name: str) -> bool:
    """Whether ``name`` names a person after a title or an institution ('European Union Vladimir
    Chizhov'), which makes it the subject even after a preposition ('ambassador to the …')."""
    person = _strip_titles(name)
    return bool(person) and not name.startswith(person.split()[0])
