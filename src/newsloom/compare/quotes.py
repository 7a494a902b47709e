"""Quotes and who said them.

Finds direct quotations (curly or straight double quotes) and attributes each to a speaker, in
this order:

1. an attribution right after the quote: ``"…," he said`` / ``"…," Stoltenberg said on Tuesday`` /
   ``"…," said Zelenskyy`` (not ``"…," Putin countered that …``, which starts a new report);
2. the nearest reporting verb before the quote in the same sentence, when its subject is a name
   or a pronoun: ``Stoltenberg said: "…"`` / ``Scholz reiterated that the plan was "…"`` /
   ``Wallace also said it was "…"``. When that nearest verb belongs to someone unnamed
   ("officials say") the quote stays unattributed rather than going to a person named earlier;
3. a quote that continues the previous one (the next quote of the same paragraph, or a paragraph
   that opens with a quote) keeps its speaker.

Pronouns resolve to the last person named before them. Speaker names are canonicalised against
the full names the article mentions, tolerating misspellings ("Soltenberg" -> "Jens Stoltenberg").
"""

from __future__ import annotations

import re
from dataclasses import replace
from difflib import SequenceMatcher

from ..model import Article, Quote
from ..text import sentence_spans

__all__ = ["REPORTING_VERBS", "extract_quotes", "quote_key", "same_speaker", "speaker_key"]

#: Verbs that report speech, in the forms news copy uses them.
REPORTING_VERBS = (
    "said", "says", "say", "added", "adds", "told", "tells", "asked", "asks", "warned", "warns", "stressed",
    "stresses", "noted", "notes", "quipped", "declared", "declares", "wrote", "writes", "insisted", "insists",
    "explained", "explains", "reiterated", "reiterates", "argued", "argues", "acknowledged", "acknowledges",
    "admitted", "admits", "claimed", "claims", "countered", "counters", "replied", "responded", "cautioned",
    "urged", "announced", "announces", "confirmed", "confirms", "conceded", "concedes", "recalled",
    "remarked", "observed", "suggested", "suggests", "predicted", "complained", "tweeted", "posted",
    "continued", "vowed", "pledged", "promised", "denied", "denies", "maintained", "maintains", "emphasized",
    "emphasised", "emphasizes", "emphasises", "underlined", "underscored", "stated", "states", "commented",
    "concluded", "joked", "reaffirmed", "repeated", "called", "described", "branded", "dismissed",
)
_VERB = r"(?:" + "|".join(REPORTING_VERBS) + r")"
# A quotation: a pair of straight quotes, or curly quotes up to the closing one, the next opening one
# (a quote running on) or the end of the paragraph (one that continues in the next paragraph).
# Short ones ('"pushback"') are matched too, so that their closing quote never opens another.
_QUOTE = re.compile(r"“([^“”]*)(?:”|(?=“)|$)|\"([^\"]*)\"")
_MIN_QUOTE = 12  # characters
_NAME = r"((?:[A-Z][\w'’.-]+)(?:\s+(?:[A-Z][\w'’.-]+|de|van|von|al|bin)){0,5})"
_PRONOUN = r"(he|she|they|He|She|They)"
# Words that may stand between a speaker and the verb: "Wallace also said", "Biden on Tuesday said".
_ADVERB = (r"(?:\s+(?:also|again|later|then|once|further|earlier|previously|separately|repeatedly|already|"
           r"had|has|have|[a-z]+ly|on\s+[A-Z][a-z]+day|in\s+a\s+statement))")
# An apposition after a name: "Lis Smith, a spokeswoman for the campaign, said"; "Reid, who ..., said".
_APPOSITION_BODY = r"(?:,[^,“”\"]{1,80}){1,3},"
_APPOSITION = r"(?:" + _APPOSITION_BODY + r")?"
# Who someone speaks for, between the name and the verb: "Ronald Johnson of the State Highway Patrol said".
_AFFILIATION = r"(?:\s+(?:of|at|for|from|with)\s+(?:the\s+)?[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*){0,5})?"
# What may follow an attribution after a quote: an object, then the end of the clause or a phrase
# of time, place or manner ('he said on Tuesday', 'Anand said as she arrived').
_OBJECT = (r"(?:\s+(?:reporters|journalists|lawmakers|(?:the|a|an)\s+[a-z]+(?:\s+[a-z]+)?|"
           r"[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3}))?")
_CLAUSE_END = (r"(?=\s*(?:[.,;:!?)\]—–―-]|$)|\s+(?:on|in|at|during|before|after|as|when|while|from|to|with|"
               r"via|by|for|last|this|earlier|later|yesterday|today|tonight|recently|then|according|adding|"
               r"noting|that\s+(?:morning|afternoon|evening|night|day|week))\b)")
# "Boehner spokesman Michael Steel said": who the speaker speaks for, before the name.
_FOR_WHOM = r"(?:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}\s+(?:(?!" + _VERB + r"\b)[a-z]+\s+){1,2}(?=[A-Z]))?"
_AFTER = re.compile(r"^[\s,]*(?:" + _PRONOUN + _ADVERB + r"?\s+" + _VERB + _OBJECT + _CLAUSE_END
                    + r"|" + _VERB + r"\s+" + _NAME
                    + r"|" + _FOR_WHOM + _NAME + _APPOSITION + _ADVERB + r"?\s+" + _VERB + _OBJECT + _CLAUSE_END
                    + r")")
_VERB_AT = re.compile(r"\b" + _VERB + r"\b")
# The subject of a reporting verb that ends ``head``: a name or a pronoun, possibly with an
# affiliation, an apposition ("Serhii Demediuk, a senior official, said") and adverbs.
_SUBJECT = re.compile(r"(?:\b" + _PRONOUN + r"|" + _NAME + _AFFILIATION + r")(?:" + _APPOSITION_BODY
                      + r"|,\s+who)?" + _ADVERB + r"{0,3}\s+$")
# A verb before its subject: '"…," said Reid on the Senate floor, "…"'.
_INVERTED = re.compile(r"\s+" + _NAME)
_QUOTE_END_BEFORE = re.compile(r"[”\"][\s,]*$|,[”\"]\s*$")
# A verb form used as a noun: "those claims", "Russia's claims", "his remarks".
_NOUN_USE = re.compile(r"(?:\b(?:the|a|an|those|these|this|that|such|his|her|its|their|our|my|your|any|"
                       r"some|no)|['’]s)\s+$", re.IGNORECASE)
_PREPOSITION = re.compile(r"\b(?:in|of|at|from|for|with|by|to|near|on|inside|outside|across)\s+(?:the\s+)?$")
_INITIAL = re.compile(r"[A-Z]\.$")  # a middle initial: 'Adam L. Braverman'
_PERSON = re.compile(r"\b([A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,5})\b")
_NOT_PERSON = {"Sea", "Union", "Ministry", "Council", "House", "Department", "Street", "Square", "Hall",
               "Party", "Force", "Forces", "Army", "Office", "Bank", "Agency", "News", "Times", "Post",
               "Press", "Company", "University", "Republic", "States", "Kingdom", "Nations", "Europe",
               "Peninsula", "Island", "Security", "Committee", "Court", "Group", "Club", "Day", "Monday",
               "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Project", "Topics",
               "Patrol", "Police", "Service", "Institute", "Foundation", "Association", "Corporation",
               "Administration", "Commission", "Board", "Center", "Centre", "Bureau", "Authority",
               "Organization", "Organisation", "Campaign", "Senate", "Congress", "Parliament", "Government",
               "Assembly", "Federation", "Network", "Journal", "Tribune", "Herald", "Guard", "Navy",
               "Command", "Station", "Airport", "Hospital", "School", "College", "Church", "Museum", "Fund",
               "Trust", "Industry", "Conference", "Address", "Garden", "Tower", "Doctrine", "Daughters"}
_TITLES = {"Secretary", "General", "President", "Minister", "Defense", "Defence", "Foreign", "Prime",
           "Chancellor", "Spokesman", "Spokeswoman", "Ambassador", "Senator", "Governor", "Mayor",
           "The", "A", "In", "On", "At", "But", "And", "However", "While", "Asked", "Speaking", "Kremlin",
           "Russian", "Ukrainian", "British", "German", "American", "French", "Canada's", "Russia's",
           "Ukraine's", "Western", "Belarusian", "Deputy", "Chief", "Vice", "Sky", "News", "NATO",
           "Mr.", "Mrs.", "Ms.", "Dr.", "Mr", "Mrs", "Ms", "Dr", "Rep.", "Sen.", "Gov.", "Capt.", "Gen.", "Lt.",
           "Col.", "Sgt.", "Rev.", "Prof.", "Justice", "Judge", "Jr", "Jr.", "Sr", "Sr.", "II", "III",
           "Before", "After", "When", "If", "As", "Since", "Although", "Though", "Because", "Until", "Then",
           "Now", "Earlier", "Later", "Last", "This", "That", "Democrat", "Republican", "Democratic", "Of",
           "Despite", "Former", "Representative", "Congressman", "Congresswoman", "Attorney"}
# Capitalised words that open a sentence without naming anyone.
_NOT_NAME = {"Those", "These", "This", "That", "It", "Its", "There", "Here", "What", "When", "Where", "Why",
             "How", "Who", "We", "I", "You", "If", "As", "So", "Then", "Now", "Some", "Many", "Most", "Others",
             "Officials", "Diplomats", "Analysts", "Experts", "Critics", "Sources", "Witnesses", "Residents",
             "Police", "Authorities", "Both", "All", "One", "Each", "Neither", "Nobody", "Everyone",
             "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
             "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December", "Today", "Yesterday", "Tonight"}


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
    words = [w for i, w in enumerate(words)
             if w not in _TITLES and not (0 < i < len(words) - 1 and _INITIAL.match(w))]
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


def _known(name: str, people: list[str], *, strict: bool = True) -> str | None:
    """The speaker a name stands for: the full name of a person ``people`` mentions, else the name
    itself when it is a titled or full name ('Mr. Trump', 'Sen. Durbin', 'Ana Ruiz'), or any name
    unless ``strict`` (a name right after a quote). None for words that open a sentence without
    naming anyone ('Those claims', 'Diplomats said', 'Friday')."""
    words = name.split()
    last = words[-1]
    if last in _TITLES or last in _NOT_NAME or last in _NOT_PERSON:
        return None
    canonical = _canonical(name, people)
    if not strict or any(same_speaker(canonical, p) for p in people) or len(words) > 1 or last.isupper():
        return canonical
    return None  # one capitalised word naming no one the article mentions


def extract_quotes(article: Article) -> list[Quote]:
    """Every direct quotation of ``article`` with its speaker (None when unsure) and its sentence."""
    people = _people(article.text)
    quotes: list[Quote] = []
    last_speaker: str | None = None
    offset = 0
    for para in article.text.split("\n\n"):
        start = offset
        offset += len(para) + 2
        matches = [m for m in _QUOTE.finditer(para) if len(_quoted(m)) >= _MIN_QUOTE]
        spans = sentence_spans(para) if matches else []
        for i, m in enumerate(matches):
            sent_start, sent_end = _sentence_around(spans, m.start(), m.end())
            text = _quoted(m).rstrip(",").strip()
            if _is_title(text):  # a programme or a slogan named in quotes: "Face the Nation"
                continue
            context = _Context(para, article.text[:start], sent_start, people)
            speaker = _attribute(context, m, i, last_speaker)
            if speaker:
                last_speaker = speaker
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


def _quoted(m: re.Match) -> str:
    return (m.group(1) if m.group(1) is not None else m.group(2) or "").strip()


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
    """What attribution looks at around one quote: its paragraph, the text before the paragraph,
    where the quote's sentence starts, and the people the article names."""

    __slots__ = ("before_para", "para", "people", "sent_start")

    def __init__(self, para: str, before_para: str, sent_start: int, people: list[str]) -> None:
        self.para, self.before_para, self.sent_start, self.people = para, before_para, sent_start, people

    def pronoun(self, pos: int) -> str | None:
        """The person a pronoun at ``pos`` of the paragraph stands for: the last one named before it."""
        return _last_mentioned(self.before_para + self.para[:pos], self.people)


def _last_mentioned(text: str, people: list[str]) -> str | None:
    """The person mentioned last in ``text``, by full name or by surname alone ('Stoltenberg said')."""
    best, best_pos = None, -1
    for full in dict.fromkeys(people):
        for form in (full, full.split()[-1]):
            pos = max((m.start() for m in re.finditer(r"\b" + re.escape(form) + r"\b", text)), default=-1)
            if pos > best_pos:
                best, best_pos = full, pos
    return best


def _attribute(ctx: _Context, m: re.Match, i: int, last_speaker: str | None) -> str | None:
    para = ctx.para
    after = _AFTER.match(para[m.end():m.end() + 100])
    if after:
        if after.group(1):  # pronoun: the last person named before this quote
            return ctx.pronoun(m.start()) or last_speaker
        return _known(after.group(2) or after.group(3), ctx.people, strict=False)
    prefix = para[ctx.sent_start:m.start()]
    if prefix.strip(" “\"‘"):
        return _before(ctx, prefix)
    if i > 0 or para.lstrip().startswith(("“", '"')):
        return last_speaker  # continuation of the previous quote
    return None


def _before(ctx: _Context, prefix: str) -> str | None:
    """The speaker of the nearest reporting verb before the quote in its sentence, if named."""
    for verb in reversed(list(_VERB_AT.finditer(prefix))):
        head = prefix[:verb.start()]
        if _NOUN_USE.search(head):
            continue  # 'those claims', "Russia's claims": a noun, not a report
        inverted = _INVERTED.match(prefix, verb.end())
        if inverted and _QUOTE_END_BEFORE.search(head):  # '"…," said Reid on the floor, "…"'
            return _known(inverted.group(1), ctx.people)
        subject = _SUBJECT.search(head)
        if subject is None:
            return None  # someone unnamed reports this ('officials say')
        if subject.group(1):
            return ctx.pronoun(ctx.sent_start + subject.start())
        name = subject.group(2)
        if _PREPOSITION.search(head[:subject.start()]) and not _titled(name):
            return None  # the name belongs to a phrase: 'officials close to Putin said'
        return _known(name, ctx.people)
    return None


def _titled(name: str) -> bool:
    """Whether ``name`` names a person after a title or an institution ('European Union Vladimir
    Chizhov'), which makes it the subject even after a preposition ('ambassador to the …')."""
    person = _strip_titles(name)
    return bool(person) and not name.startswith(person.split()[0])
