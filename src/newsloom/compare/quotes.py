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

from ..model import Article, Quote
from ..names import (
    HONORIFICS,
    JOINING,
    LEAD_WORDS,
    NOT_NAME,
    NOT_PERSON,
    OUTLETS,
    ROLE_GENDER,
    ROLE_KINDS,
    ROLES,
    TITLES,
)
from ..text import sentence_spans
from .speakers import (
    first_name_gender,
    full_names,
    is_place,
    people,
    same_speaker,
    strip_titles,
    surname_of,
    title_gender,
)

__all__ = ["REPORTING_VERBS", "extract_quotes", "quote_key"]

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
    "wondered", "signaled", "signalled", "shouted", "accused", "accuses",
)
#: Participles of reporting verbs: their subject is the clause's ('Lee spoke, saying "…"').
PARTICIPLES = ("saying", "telling", "writing", "adding", "noting", "arguing", "insisting", "warning",
               "tweeting", "asking", "calling", "explaining", "declaring", "responding", "replying",
               "claiming", "describing")
_VERB = r"(?:" + "|".join(REPORTING_VERBS + PARTICIPLES) + r")"
# A reporting verb before its subject ('"…," said Reid'): never "told", whose object is the listener
# ('"…," Ann Lee, of the parish, told HuffPost').
_VERB_FIRST = r"(?:(?!(?:told|tells|telling)\b)" + _VERB + r")"
_MARKS = re.compile(r"[“”\"]")
_MIN_QUOTE = 12  # characters
#: Most words of a quotation that may be a fragment: a phrase the writer quotes, not a statement.
FRAGMENT_WORDS = 4
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
# Who a speaker speaks for right after the name in an attribution after a quote, maybe closed by a
# comma: '"…," Ann Lee of Our Lady of Hope, told reporters'.
_AFTER_AFFILIATION = (r"(?:\s+(?:of|at|for|from|with)\s+(?:the\s+)?[A-Z][\w'’.&-]*"
                      r"(?:\s+(?:of\s+|the\s+|for\s+)?[A-Z][\w'’.&-]*){0,5},?)?")
# Attributions right after a quote, in the order they are tried: a pronoun; the verb first ("said
# Reid", "said the Democratic leader, Justin Alfond"); the name first, maybe after what the person
# is ("the Republican leader, Michael Thibodeau, said"); someone unnamed ("the letter said").
_AFTER_PRONOUN = re.compile(_AT_START + _PRONOUN + _ADVERB + r"?\s+" + _VERB + _OBJECT + _CLAUSE_END)
_AFTER_NAME = (
    re.compile(_AT_START + _VERB_FIRST + r"\s+" + _NAME),
    re.compile(_AT_START + _VERB_FIRST + r"\s+the\s+[^,“”\"]{1,60},\s+" + _NAME),
    re.compile(_AT_START + _FOR_WHOM + _NAME + _PARTY + _APPOSITION + _ADVERB + r"?\s+" + _VERB + _OBJECT
               + _CLAUSE_END),
    re.compile(_AT_START + r"the\s+[^,“”\"]{1,50}?,\s+" + _NAME + r"," + _ADVERB + r"?\s+" + _VERB),
)
# The verb first, then whom the speaker works for and what the speaker is: '"…," said Lee campaign manager
# Ann Dunn' is Ann Dunn's, not Lee's.
_FUNCTION_WORD = (r"(?:in|on|at|of|for|to|with|by|from|and|or|but|the|a|an|who|which|that|after|before|during|"
                  r"while|as|when|about|according|than|into|over|under|said|says|told|added)\b")
_AFTER_VERB_ROLE_NAME = re.compile(_AT_START + _VERB_FIRST + r"\s+[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}\s+"
                                   r"(?:(?!" + _FUNCTION_WORD + r")[a-z][\w-]*\s+){1,2}" + _NAME)
# A full name with whom the person speaks for: tried first, taken only when the name is a person's.
_AFTER_AFFILIATED = re.compile(_AT_START + _NAME + _PARTY + _AFTER_AFFILIATION + _APPOSITION + _ADVERB + r"?\s+"
                               + _VERB + _OBJECT + _CLAUSE_END)
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
# A surname after a title: 'Mr. Trump', 'President Trump', 'Justices Kennedy and …' (not 'President
# Donald Trump', where the title goes with the full name).
_TITLED = re.compile(r"\b(Mr|Mrs|Ms|Miss|Dr|Sen|Sens|Rep|Reps|Gov|Gen|Rev|Prof|President|Senator|Senators|"
                     r"Justice|Justices|Judge|Representative|Secretary|Chairman|Chairwoman|Agent|Speaker|"
                     r"Leader|Governor|Mayor|Ambassador|Minister|Chancellor|Director)\.?\s+([A-Z][\w'’-]+)"
                     r"(?![\w'’-])(?!\s+[A-Z][\w'’-])")
# Where a clause begins: after a sentence's end, a comma, a colon, a line or an opening quote.
_CLAUSE_BOUNDARY = re.compile(r".*(?:[.!?;:][\"”’]?\s|,\s|\n|[“\"])", re.DOTALL)
# Someone unnamed said it ('the letter said', 'they said'): attributed, but to no one.
_UNNAMED = ""
# A role a person was introduced with, and a phrase naming someone by it alone: 'the former vice
# president', 'the Republican governor', "the women's lawyer", 'the 45-year-old'. The words between
# "the" and the role qualify it; none may end the phrase or start another ('the statement by the
# president' names no one by a role).
_ROLE_HEAD = (r"(?i:(?:" + "|".join(re.escape(r).replace(r"\ ", r"\s+") for r in sorted(ROLES, key=len, reverse=True))
              + r"|\d{1,3}-year-old)(?![\w'’-]))")
_ROLE_MODIFIER = (r"(?:(?!(?:the|a|an|of|for|to|by|from|with|in|on|at|and|or|who|that|which|than|"
                  + "|".join(REPORTING_VERBS) + r")\b)[\w'’.-]+\s+)")
_ROLE_PHRASE = r"\b[Tt]he\s+" + _ROLE_MODIFIER + r"{0,3}?" + _ROLE_HEAD + r"(?!\s+[A-Z])"  # not 'the Justice Department'
_ROLE_USE = re.compile(_ROLE_PHRASE)
_ROLE_AT_END = re.compile(r"\b" + _ROLE_HEAD + r"\s*$")
_FORMER = re.compile(r"\bformer\b", re.IGNORECASE)
# Who the role is of, said after it: 'the president of Mexico' need not be the president introduced.
_QUALIFIED = re.compile(r"\s+(?:of|for|at|to)\s")
# Introductions: 'NAME, the lawyer for …,' / 'NAME, 45,' after a name; 'the ROLE (of …), NAME' before one.
# The apposition ends at the role or at whose it is ('Ann Lee, the senator said' introduces no one).
_ROLE_AFTER_NAME = re.compile(r"(?:\s+\([^()]{1,20}\))?,\s+(?:(?:the|a|an|his|her|their|its)\s+)?"
                              + _ROLE_MODIFIER + r"{0,3}?(" + _ROLE_HEAD + r")(?=\s*[,;.)]|\s+(?:of|for|at|in|from|"
                              r"on|to|with)\b)")
_AGE_AFTER_NAME = re.compile(r"(?:\s+\([^()]{1,20}\))?,\s+(\d{1,3}),")
# Before a name, only where the phrase opens its clause or follows the verb: 'said the Democratic leader
# of the Senate, Ann Lee' (not 'After meeting the president, Ann Lee said').
_ROLE_BEFORE_NAME = re.compile(r"(?:[.!?;:“”\"\n]\s*|\b" + _VERB + r"\s+)(" + _ROLE_PHRASE
                               + r")(?:\s+(?:of|for|at|in)\s+[^,“”\"]{1,50})?,\s*$")
# Two people reporting one statement: 'Jeff Lee (D) and Sara Dunn (D) said', 'said Lee and Dunn'.
_JOINT = _NAME + _PARTY + r"\s+and\s+" + _NAME + _PARTY
_AFTER_JOINT = (
    re.compile(_AT_START + _VERB + r"\s+" + _JOINT + r"(?=\s*(?:[.,;!?]|$))"),
    re.compile(_AT_START + _JOINT + _APPOSITION + _ADVERB + r"?\s+" + _VERB + r"\b"),
)
# A name and a comma before the first of two joined names: they end a list of more ('Ann Lee, Tom Berg and …').
_LIST_BEFORE = re.compile(r"[A-Z][\w'’.-]*" + _PARTY + r",\s*$")
# A list of names after a name: 'said Ann Lee, Tom Berg and Sara Glen' is none of them alone.
_LIST_AFTER = re.compile(_PARTY + r"(?:,\s+" + _NAME + _PARTY + r")+,?\s+and\s+[A-Z]")
_SUBJECT_JOINT = re.compile(_JOINT + r"(?:" + _APPOSITION_BODY + r")?" + _ADVERB + r"{0,3}\s+$")
# Someone named by a role reporting a quote: '"…," the former vice president said', '"…," said the
# senator', 'The attorney said it was "…"' (an apposition naming the person wins: 'the president's
# lawyer, Ann Lee, said').
_AFTER_ROLE = (
    re.compile(_AT_START + r"(" + _ROLE_PHRASE + r")" + _ADVERB + r"?\s+" + _VERB + r"\b"),
    re.compile(_AT_START + _VERB + r"\s+(" + _ROLE_PHRASE + r")"),
)
_SUBJECT_ROLE = re.compile(r"(" + _ROLE_PHRASE + r")(" + _APPOSITION_BODY + r"|,\s+who)?" + _ADVERB + r"{0,3}\s+$")
# A relative clause saying by whom something was done, before a name: the name is not the subject.
_BY_SOMEONE = re.compile(r",\s+(?:which|that)\b[^,“”\"]*\bby\b[^“”\"]*$")
# A reporting verb used as a passive participle: 'the talks described by the White House'.
_PASSIVE = re.compile(r"\s+by\b")
# A name in apposition to someone's role opening a clause, subject of the verb after it: "After the
# hearing, Mr. Lee's lawyer, Ann H. Dunn, said" (not 'The suit, brought by … and Ohio's lawyer, Ann Dunn, accused').
_POSSESSIVE_ROLE_NAME = re.compile(r"(?:^|[,:;]\s+)(?:[A-Z][\w.]*\s+){0,3}[A-Z][\w.]*['’]s\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*,\s+" + _NAME + r",\s+$")
_NAME_APPOSITION = re.compile(r",\s*" + _NAME + r"\s*,")


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


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    person: str  # the full name it stands for, or the surname when the article gives none
    gender: str | None  # "m" or "f" when this mention's title or first name tells
    quoted: bool  # inside a quotation: never the antecedent of a pronoun outside it
    subject: bool  # the subject of its clause, or of a reporting verb
    role: bool = False  # a role naming someone ('the governor'): its person, or "" for someone not known
    candidates: tuple[str, ...] = ()  # for a role: the people introduced with it, when there are several


class _Cast:
    """The people an article names and where: full names, surnames after a title ('Mr. Trump',
    'President Trump') and surnames alone, each resolved to the person it stands for."""

    def __init__(self, text: str, quoted: list[tuple[int, int]], sentences: list[int]) -> None:
        self.text, self.sentences = text, sentences  # where each sentence starts
        self.people = people(text)
        self._full_counts: dict[str, int] = {}
        for _, _, name in full_names(text):
            self._full_counts[name] = self._full_counts.get(name, 0) + 1
        named = self._mentions(quoted)
        self.genders = _genders(named)
        self.roles = _introductions(text, [m for m in named if not m.quoted])
        # a role naming someone is a mention too: of the person it resolves to, or of someone unknown ("")
        self.mentions = sorted(named + self._role_mentions(named, quoted), key=lambda m: m.end)

    def _mentions(self, quoted: list[tuple[int, int]]) -> list[_Mention]:
        found = {end: (start, name, title_gender(self.text[start:end]) or first_name_gender(name))
                 for start, end, name in full_names(self.text)}
        for m in _TITLED.finditer(self.text):
            surname = surname_of(m.group(2))
            end = m.start(2) + len(surname)
            if end not in found and surname not in NOT_PERSON and surname not in NOT_NAME:
                found[end] = (m.start(), surname, HONORIFICS.get(m.group(1).casefold()))
        surnames = {name.split()[-1] for _, name, _ in found.values()}
        for surname in surnames:
            for m in re.finditer(r"\b" + re.escape(surname) + r"\b", self.text):
                if m.end() not in found:
                    found[m.end()] = (m.start(), surname, None)
        mentions, last = [], {}
        starts, ends = [s for s, _ in quoted], [e for _, e in quoted]  # in order, not overlapping
        for end in sorted(found):
            start, name, gender = found[end]
            person = name if " " in name else self._person_for(name, gender, last, _title_of(self.text[start:end]))
            last[name.split()[-1]] = person
            k = bisect_right(starts, start - 1)  # the last quotation opening before the mention
            inside = k > 0 and start < ends[k - 1]
            mentions.append(_Mention(start, end, person, gender, inside, _is_subject(self.text, start, end)))
        return mentions

    def _person_for(self, surname: str, gender: str | None, last: dict[str, str], title: str = "") -> str:
        """The full name a surname stands for where it is: alone, the article's principal person of
        that surname (:meth:`_principal`: news style names a spouse or a relative by first name or
        "Mrs."), also after a title when some of those it may name are of unknown gender (:func:`_unsure`);
        else the person of that surname named last whose gender fits, else the first one the article
        names, else the surname itself."""
        fits = [p for p in self.people if same_speaker(surname, p) and _fits(gender, first_name_gender(p))]
        if len(fits) > 1 and (gender is None or _unsure(gender, fits, first_name_gender)):
            return self._principal(fits, title)
        if last.get(surname) in fits or (last.get(surname) == surname and not fits):
            return last[surname]
        return fits[0] if fits else surname

    def _principal(self, fits: list[str], title: str = "") -> str:
        """Of people sharing a surname, the one a surname names: after a title ('President Trump', 'Sen.
        Cruz'), the one person the article names in full after that title ('President Donald Trump'); else
        the one named in full most often, the first named of those."""
        if title and title.casefold().rstrip(".") not in HONORIFICS:
            titled = [p for p in fits if re.search(r"(?<![\w.])" + re.escape(title) + r"\s+" + re.escape(p) + r"\b",
                                                   self.text)]
            if len(titled) == 1:
                return titled[0]
        counts = {p: self._full_counts.get(p, 0) for p in fits}
        return max(fits, key=lambda p: counts[p])  # max keeps the first of equals: the first named

    def resolve(self, name: str, pos: int) -> str:
        """The person ``name`` (as an attribution gives it) stands for at ``pos`` of the text."""
        full = strip_titles(name)
        three = " ".join(w.strip(".,") for w in name.split()[-3:])
        if full and three in self.people and three.endswith(full):  # 'Nanette Lee Miller'
            full = three
        gender = title_gender(name) or (first_name_gender(full) if full else None)
        fits = [p for p in self.people if same_speaker(full or name, p) and _fits(gender, self.genders.get(p))]
        if not fits:
            return full or surname_of(name)
        if full in fits:
            return full
        if not full and len(fits) > 1 and (gender is None or _unsure(gender, fits, self.genders.get)):
            return self._principal(fits, _title_of(name))  # 'Trump said', 'Mr. Cruz said': the story's, not his wife
        before = [m.person for m in self.mentions if m.end <= pos and m.person in fits]
        return before[-1] if before else fits[0]

    def _role_mentions(self, named: list[_Mention], quoted: list[tuple[int, int]]) -> list[_Mention]:
        """The phrases naming someone by a role alone ('the former vice president'), outside quotations
        and not introducing a name ('the senator, Ann Lee')."""
        starts = {m.start for m in named}
        out = []
        for m in _ROLE_USE.finditer(self.text):
            gap = re.match(r",?\s+", self.text[m.end():m.end() + 3])
            if any(s <= m.start() < e for s, e in quoted) or (gap and m.end() + gap.end() in starts):
                continue
            if not _is_subject(self.text, m.start(), m.end()):
                continue  # 'Burton said the president weighed in. He added': a pronoun goes to a subject
            people = self.role_people(m.group(), m.start(), self.text[m.end():m.end() + 6])
            out.append(_Mention(m.start(), m.end(), _one_person(people) or _UNNAMED, _role_gender(m.group()), False,
                                True, role=True, candidates=tuple(dict.fromkeys(people))))
        return out

    def role_people(self, phrase: str, pos: int, after: str = "") -> list[str]:
        """The people the article introduced before ``pos`` with the role a role phrase names ('the
        former vice president'); none when the words after it say whose role it is ('the president of
        Mexico' is not the president named)."""
        if _QUALIFIED.match(after):
            return []
        head = _ROLE_AT_END.search(phrase)
        kind = _role_kind(head.group())
        kinds = ROLE_KINDS.get(kind, {kind})
        modifiers = [_word(w) for w in phrase[:head.start()].split()[1:]]  # the words after 'the'
        former = "former" in modifiers  # 'the president' is none of the former presidents named, 'the former
        # president' none of the sitting ones
        checked = [w for w in modifiers if w not in _FREE_MODIFIERS and not _COUNTED.fullmatch(w)]
        return [r.person for r in self.roles if r.start < pos and r.kind in kinds and r.former == former
                and all(_in_introduction(w, r.words) for w in checked)]

    def by_role(self, phrase: str, pos: int, after: str = "") -> str | None:
        """The person a role phrase names (:meth:`role_people`) when it is one person, else None; of
        several, the only one the sentence before names, when it names them as its subject ('Lee said he
        disagreed. "…," the senator said')."""
        people = self.role_people(phrase, pos, after)
        one = _one_person(people)
        if one or not people:
            return one
        k = bisect_right(self.sentences, pos)
        if k < 2:
            return None
        before = [m for m in self.mentions if self.sentences[k - 2] <= m.start < self.sentences[k - 1]
                  and not m.quoted and not m.role]
        named = [p for p in dict.fromkeys(people) if any(same_speaker(p, m.person) for m in before)]
        # only one of them named there, and as its subject ('Lee met Berg. "…," the senator said': no one)
        subject = _one_person(named)
        return subject if subject and any(m.subject and same_speaker(subject, m.person) for m in before) else None

    def gender_of(self, m: _Mention) -> str | None:
        return self.genders.get(m.person) if m.person else m.gender

    def knows(self, name: str) -> bool:
        return any(same_speaker(name, m.person) for m in self.mentions)

    def antecedent(self, pronoun: str, pos: int) -> str | None:
        """The person a pronoun at ``pos`` stands for: the last one named before it outside
        quotations whose gender fits (in that sentence, one known to be of the pronoun's gender before one
        whose gender is unknown), the subject of a clause before a name in passing."""
        if pronoun.casefold() == "they":
            return _UNNAMED
        want = "f" if pronoun.casefold() == "she" else "m"
        fits = [m for m in self.mentions if m.end <= pos and not m.quoted and _fits(want, self.gender_of(m))]
        if not fits:
            return None
        sentence = bisect_right(self.sentences, fits[-1].start)  # the last sentence naming one
        last = [m for m in fits if bisect_right(self.sentences, m.start) == sentence]
        known = [m for m in last if self.gender_of(m) == want]
        subject = next((m for m in reversed(known or last) if m.subject), None)
        if subject is None:  # 'the governor cursed out Lee. "…," he said': the governor's, never Lee's
            subject = next((m for m in reversed(last) if m.subject and m.role), None)
        last = known or last  # 'Jacinda Ardern met Mr Key. He said': the one known to be a "he"
        start = self.sentences[sentence - 1] if sentence else 0
        opening = _OPENING_PRONOUN.match(self.text, start)
        if subject is None and opening and opening.group(1).casefold() == pronoun.casefold() and start < pos:
            return self.antecedent(pronoun, start)  # 'He also referred to Lee: "…," he said': the same "he"
        chosen = subject or last[-1]
        if chosen.role and not chosen.person:  # 'the candidate' of two: the one of the pronoun's gender
            return _one_person([p for p in chosen.candidates if self.genders.get(p) == want]) or _UNNAMED
        return chosen.person


# --------------------------------------------------------------------------- roles


@dataclass(frozen=True, slots=True)
class _Role:
    start: int  # where the person is introduced with it
    person: str
    kind: str  # what ``ROLES`` makes of the role's words ('Rep.' -> 'representative'), or 'N-year-old'
    former: bool  # 'former Vice President Dick Cheney'
    words: frozenset[str] = frozenset()  # the words of the introduction ('ukrainian', 'lawyer', 'for', 'city')


# Words between "the" and a role that say nothing of whose role it is: 'the former president' is the one
# introduced as 'former President …', 'the Republican senator' any senator. Any other word must be in the
# person's introduction ('the Ukrainian president' is not 'President Joe Biden'), a possessive too ('the
# governor's lawyer' is not 'Ann Lee, a lawyer for the city').
_FREE_MODIFIERS = frozenset({
    "former", "then", "current", "outgoing", "incoming", "acting", "embattled", "longtime", "veteran",
    "democratic", "democrat", "republican", "gop", "labour", "labor", "conservative", "liberal", "tory",
    "independent", "moderate", "progressive", "freshman", "beleaguered", "under-fire", "controversial",
    "outspoken",
})
# What a number says of someone: 'the four-term congressman', 'the two-time nominee', 'the 83-year-old justice'.
_COUNTED = re.compile(r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|first|second|"
                      r"third|fourth|fifth)-[a-z-]+")


def _word(word: str) -> str:
    return word.casefold().replace("’", "'").strip(".,;:()\"“”")


def _words(text: str) -> frozenset[str]:
    return frozenset(_word(w) for w in text.split())


def _in_introduction(word: str, words: frozenset[str]) -> bool:
    """Whether a modifier of a role phrase is in an introduction: the word itself, or for a possessive
    ("the governor's", "the plaintiffs'") the word or its owner ('a lawyer for the governor')."""
    if word in words:
        return True
    owner = word[:-2] if word.endswith("'s") else word[:-1] if word.endswith("s'") else None
    return owner is not None and owner in words


def _role_kind(role: str) -> str:
    words = " ".join(role.casefold().split())
    return ROLES.get(words, words)


def _role_gender(phrase: str) -> str | None:
    return ROLE_GENDER.get(_ROLE_AT_END.search(phrase).group().casefold().strip())


def _introductions(text: str, mentions: list[_Mention]) -> list[_Role]:
    """Each person the article introduces with a role, in order: a role before the name ('former Vice
    President Dick Cheney', 'Boehner spokesman Michael Steel', 'the Democratic leader, Ann Lee') or
    after it ('Ann Lee, the port's lawyer,'; 'Ann Lee, 45,')."""
    out = []
    for m in mentions:
        at = _name_start(text, m.start, m.end)
        # a surname alone ('President Obama') is introduced as such: which of the article's Obamas is not told
        person = m.person if " " in text[at:m.end].strip() else surname_of(m.person)
        out.extend(_Role(m.start, person, _role_kind(role), former, _words(words))
                   for role, former, words in _roles_before(text[max(0, at - 100):at])
                   + _roles_after(text[m.end:m.end + 120]))
    return out


def _name_start(text: str, start: int, end: int) -> int:
    """Where the name of a mention starts, after the titles and roles in its words ('House Speaker
    Nancy Pelosi')."""
    pos = start
    for word in re.finditer(r"\S+", text[start:end]):
        if word.group() in TITLES or word.group().casefold() in ROLES:
            pos = start + word.end()
    return pos + len(text[pos:end]) - len(text[pos:end].lstrip())


def _roles_before(before: str) -> list[tuple[str, bool, str]]:
    """The role the words right before a name give it, whether it is a former one, and the words of the
    introduction (those of its clause before the role: 'Ukrainian President …')."""
    m = _ROLE_AT_END.search(before)
    if m:
        lead = re.split(r"[.,;:!?()“”\"\n]", before[:m.start()])[-1].split()[-4:]
        return [(m.group().strip(), bool(re.search(r"\bformer\s+(?:\S+\s+){0,2}$", before[:m.start()],
                                                     re.IGNORECASE)), " ".join(lead) + " " + m.group())]
    m = _ROLE_BEFORE_NAME.search(before)  # 'the Democratic leader of the Senate, Ann Lee'
    if m:
        return [(_ROLE_AT_END.search(m.group(1)).group(), bool(_FORMER.search(m.group(1))),
                 before[m.start(1):])]
    return []


def _roles_after(after: str) -> list[tuple[str, bool, str]]:
    """The role an apposition after a name gives it ('Ann Lee, a former lawyer for …,'; 'Ann Lee, 45,'), and
    the words of the apposition, whose role it is included ('a lawyer for the city')."""
    m = _ROLE_AFTER_NAME.match(after)
    if m:
        whose = re.split(r"[,;.()“”\"]", after[m.end():])[0]
        return [(m.group(1), bool(_FORMER.search(m.group())), m.group() + " " + whose)]
    age = _AGE_AFTER_NAME.match(after)
    return [(f"{age.group(1)}-year-old", False, "")] if age else []


def _one_person(people: list[str]) -> str | None:
    """The person all of ``people`` may be ('Cheney', 'Dick Cheney': the full name), None if several or none."""
    if not people:
        return None
    longest = max(people, key=len)
    return longest if all(same_speaker(p, longest) for p in people) else None


def _unsure(wanted: str, people: list[str], gender_of) -> bool:
    """Whether a title or pronoun of gender ``wanted`` leaves it unsure which of ``people`` (none of
    them known to be of the other gender) it names: some of them are of unknown gender. A
    "Mr." may be a man of a first name not listed or a woman of one ('Mr. Cruz' of Ted Cruz and
    Heidrun Cruz): then the article's principal person of the surname, not the one named last."""
    return any(gender_of(p) != wanted for p in people)


def _title_of(name: str) -> str:
    """The title a name is given ('President' of 'President Trump', 'Sen.' of 'Sen. Cruz'), else ''."""
    words = name.split()
    return words[0] if len(words) > 1 and words[0] in TITLES else ""


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
        for g in (m.gender, first_name_gender(m.person) if " " in m.person else None):
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
    if name.removeprefix("the ").removeprefix("The ") in OUTLETS:
        return None  # 'told HuffPost', 'Fox News said': an outlet, never a speaker
    if last in TITLES or last in NOT_NAME or last in NOT_PERSON or is_place(words) \
            or any(w in JOINING for w in words[1:]):
        return None
    canonical = cast.resolve(name, pos)
    # several words name someone when they are a full name or a title and a surname ('Mr. Trump'), not
    # when a possessive leaves one word ("Freedom's Lighthouse")
    named = len(words) > 1 and (strip_titles(name) is not None or words[0] in TITLES)
    if not strict or cast.knows(canonical) or named or last.isupper():
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
            sent_start, sent_end = _window(para, *_sentence_around(spans, q.start, q.end), q)
            text = q.text.rstrip(",").strip()
            if _is_title(text):  # a programme or a slogan named in quotes: "Face the Nation"
                continue
            context = _Context(cast, para, start, sent_start, sent_end)
            found_speaker = _attribute(context, q, i, last)
            speaker = found_speaker or None
            last = speaker if found_speaker is not None else last
            if len(text.split()) >= 3:
                quotes.append(Quote(text=text, speaker=speaker, article_id=article.id,
                                    sentence=para[sent_start:sent_end].strip(),
                                    fragment=_is_fragment(para[sent_start:q.start], text)))
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


def _is_fragment(prefix: str, text: str) -> bool:
    """Whether a quotation is a few words quoted inside the writer's own sentence (called it “a clear
    violation”), not words said whole: at most ``FRAGMENT_WORDS`` words, run into from the words
    before it in its sentence, and not a sentence of its own ('He said “We will not resign.”')."""
    if len(text.split()) > FRAGMENT_WORDS:
        return False
    before = _unquoted(prefix).rstrip(" “\"‘")
    if not before or before.endswith(":"):
        return False  # the quotation opens its sentence, or a colon introduces it: said whole
    if text[0].isupper() and _SAYS_WHOLE.search(before):
        return False  # 'Ruiz said “We will not resign”.': a sentence said, whatever punctuation follows
    if text[0].islower():
        return True
    return not (before.endswith(",") or text.rstrip("”\"’'")[-1:] in ".!?")


# A reporting verb right before a quotation, maybe with the listener: 'said', 'told reporters', 'asked Ann Lee'
# (not a verb taking what it reports as its object: 'called', 'described', 'dismissed').
_SAYS_WHOLE = re.compile(r"\b(?!(?:called|described|branded|dismissed|accused|accuses|denied|denies)\b)"
                         + _VERB + r"(?:\s+(?:reporters|journalists|lawmakers|supporters|the\s+(?:crowd|audience|"
                         r"committee|court|jury|press)|[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,2}))?,?$")


def _is_title(text: str) -> bool:
    """A short run of capitalised words: a name in quotes, not words someone said."""
    words = text.split()
    return len(words) <= 6 and all(w[0].isupper() or len(w) < 4 or not w[0].isalpha() for w in words)


#: Most characters of a quote's sentence looked at on either side of the quote: a sentence of news copy
#: is far shorter; a page of one endless "sentence" would make attribution quadratic in its length.
_WINDOW = 2000


def _window(para: str, sent_start: int, sent_end: int, q: _Quoted) -> tuple[int, int]:
    """The quote's sentence, cut at whitespace to at most ``_WINDOW`` characters either side of the quote."""
    if q.start - sent_start > _WINDOW:
        cut = para.find(" ", q.start - _WINDOW, q.start)
        sent_start = cut + 1 if cut >= 0 else q.start
    if sent_end - q.end > _WINDOW:
        cut = para.rfind(" ", q.end, q.end + _WINDOW)
        sent_end = cut if cut >= 0 else q.end
    return sent_start, sent_end


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

    def role(self, phrase: str, pos: int, after: str) -> str:
        """The person a role phrase at ``pos`` of the paragraph names, ``_UNNAMED`` when it names no
        one the article introduced with that role, or several."""
        return self.cast.by_role(phrase, self.start + pos, after) or _UNNAMED

    def joint(self, first: str, second: str, pos: int, before: str = "") -> str:
        """'Ann Lee and Tom Berg' when both names are people's (two different ones), else ``_UNNAMED``:
        the words of two speakers are neither one's alone, nor are those of three the last two's ('Ann
        Lee, Tom Berg and Sara Glen said': a name and a comma ``before`` the first)."""
        if _LIST_BEFORE.search(before):
            return _UNNAMED
        a, b = self.known(first, pos), self.known(second, pos)
        return f"{a} and {b}" if a and b and not same_speaker(a, b) else _UNNAMED


def _attribute(ctx: _Context, q: _Quoted, i: int, last: str | None) -> str | None:
    """The speaker of quote ``q`` (the ``i``-th of its paragraph): a name, ``_UNNAMED`` when someone
    unnamed is reported saying it, or None when nothing says who."""
    para = ctx.para
    after = _after(ctx, q.start, para[q.end:q.end + 240])
    if after is not None:
        return after
    prefix = para[ctx.sent_start:q.start]
    response = _RESPONSE.search(prefix)
    if response:  # 'Lee asked Berg, "…?" His response: "…"': the one asked
        return _asked(ctx, response.group(1))
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


def _after(ctx: _Context, quote_start: int, after: str, lead: str = "") -> str | None:
    """The speaker an attribution right after a quote names (``_UNNAMED`` for someone unnamed), or
    None when no attribution follows; ``lead`` is what comes between the quote and ``after``."""
    m = _AFTER_PRONOUN.match(after)
    if m:
        return ctx.pronoun(m.group(1), quote_start)
    for form in _AFTER_JOINT:  # before a single name: 'said Lee and Berg' is not Lee's alone
        m = form.match(after)
        if m:
            return ctx.joint(m.group(1), m.group(2), quote_start, lead + after[:m.start(1)])
    m = _AFTER_VERB_ROLE_NAME.match(after)
    if m and (strip_titles(m.group(1)) or "").count(" ") >= 1 and m.group(1).split()[-1] not in NOT_PERSON:
        found = ctx.known(m.group(1), quote_start)
        if found:
            return found
    m = _AFTER_AFFILIATED.match(after)
    if m and strip_titles(m.group(1)) and m.group(1).split()[-1] not in NOT_PERSON:
        found = ctx.known(m.group(1), quote_start)
        if found:
            return found
    for form in _AFTER_NAME:
        m = form.match(after)
        if m and form is _AFTER_NAME[0] and _LIST_AFTER.match(after, m.end()):
            return _UNNAMED  # 'said Ann Lee, Tom Berg and Sara Glen': three speakers
        if m:
            return ctx.known(m.group(1), quote_start, strict=False) or _UNNAMED
    for form in _AFTER_ROLE:
        m = form.match(after)
        if m:
            return ctx.role(m.group(1), quote_start, after[m.end(1):])
    return _UNNAMED if _AFTER_UNNAMED.match(after) else None


# A quote given as someone's answer: 'His response: "…"', 'Her reply was blunt: "…"'.
_RESPONSE = re.compile(r"(?:^|[.!?]\s+)\s*(His|Her)\s+(?:[a-z]+\s+)?(?:response|reply|answer|retort)"
                       r"(?:\s+was(?:\s+[a-z]+)?)?\s*:\s*[“\"]?$")
_ASKED = re.compile(r"\b(?:asked|pressed|questioned)\s+" + _NAME)


def _asked(ctx: _Context, pronoun: str) -> str | None:
    """Who 'his'/'her' response is of: the person the sentence before the quote asked, else the
    person the pronoun stands for; None when the one asked is not of the pronoun's gender."""
    start = ctx.start + ctx.sent_start
    k = bisect_right(ctx.cast.sentences, start - 1)
    begin = ctx.cast.sentences[k - 1] if k else 0
    asked = list(_ASKED.finditer(_unquoted(ctx.cast.text[begin:start])))
    if not asked:
        return ctx.pronoun("he" if pronoun == "His" else "she", ctx.sent_start)
    person = ctx.known(asked[-1].group(1), ctx.sent_start)
    want = "m" if pronoun == "His" else "f"
    return person if person and ctx.cast.genders.get(person) in (None, want) else None


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
        found = _after(ctx, pos, rest[m.end():], rest[:m.end()])
        if found is not None:
            return found
    return None


def _before(ctx: _Context, prefix: str) -> str | None:
    """The speaker of the nearest reporting verb before the quote in its sentence, if named."""
    for verb in reversed(list(_VERB_AT.finditer(_unquoted(prefix)))):
        head = prefix[:verb.start()]
        if _NOUN_USE.search(head):
            continue  # 'those claims', "Russia's claims": a noun, not a report
        if _PASSIVE.match(prefix, verb.end()) and verb.group().endswith("ed"):
            continue  # 'the talks described by the White House': what was reported, not who reports
        named = _POSSESSIVE_ROLE_NAME.search(head)
        if named:  # "Lee's lawyer, Ann Dunn, said": the name says who
            return ctx.known(named.group(1), ctx.sent_start + named.start(1)) or _UNNAMED
        inverted = _INVERTED.match(prefix, verb.end())
        if inverted and _QUOTE_END_BEFORE.search(head) and verb.group() not in ("told", "tells", "telling"):  # '"…," said Reid on the floor, "…"'
            return ctx.known(inverted.group(1), ctx.sent_start)
        if _SHARES_SUBJECT.search(head) and (verb.group() in PARTICIPLES or _AND.search(head)):
            return _clause_subject(ctx, head)  # 'Lee spoke, saying "…"', 'Lee sighed and said "…"'
        subject = _SUBJECT.search(head)
        other = _other_subject(ctx, head, prefix, subject)
        if other is not None:
            return other
        if subject is None:
            return None  # someone unnamed reports this ('officials say')
        if subject.group(1):
            return ctx.pronoun(subject.group(1), ctx.sent_start + subject.start())
        name = subject.group(2)
        if _PREPOSITION.search(head[:subject.start()]) and not _titled(name):
            return None  # the name belongs to a phrase: 'officials close to Putin said'
        if _BY_SOMEONE.search(head[:subject.start()]):
            return None  # 'The suit, which was brought by Ohio's lawyer, Ann Lee, accused': the suit's words
        return ctx.known(name, ctx.sent_start + subject.start())
    return None


def _other_subject(ctx: _Context, head: str, prefix: str, subject: re.Match | None) -> str | None:
    """The speaker of a reporting verb whose subject (ending ``head``) is two people ('Lee and Berg
    said') or a role ('the former vice president said'); None when it is neither."""
    joint = _SUBJECT_JOINT.search(head)
    if joint and (subject is None or joint.start() <= subject.start()):
        if _PREPOSITION.search(head[:joint.start()]):
            return _UNNAMED  # 'officials close to Lee and Berg said'
        return ctx.joint(joint.group(1), joint.group(2), ctx.sent_start + joint.start(), head[:joint.start()])
    role = _SUBJECT_ROLE.search(head)
    if role is None or (subject is not None and subject.start() < role.start()):
        return None
    if _PREPOSITION.search(head[:role.start()]):
        return _UNNAMED  # 'aides close to the president said'
    named = _NAME_APPOSITION.fullmatch(role.group(2) or "")
    if named:  # 'the president's lawyer, Ann Lee, said': the name says who
        return ctx.known(named.group(1), ctx.sent_start + role.start()) or _UNNAMED
    return ctx.role(role.group(1), ctx.sent_start + role.start(), prefix[role.end(1):])


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
    person = strip_titles(name)
    return bool(person) and not name.startswith(person.split()[0])
