"""Quotes and who said them.

Finds direct quotations (“…” and "…", each closed by its own kind of mark, or by the other kind when
its own never comes: '“…," she wrote') and attributes each to a speaker, in this order:

1. an attribution right after the quote: ``"…," he said`` / ``"…," Stoltenberg said on Tuesday`` /
   ``"…," said Zelenskyy`` / ``"…," said the Democratic leader, Justin Alfond`` /
   ``"…," said Secretary of State Ann Lowry`` (the name after the office's words) / ``"…," Ann Lee (D)
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
tolerating misspellings ("Soltenberg" -> "Jens Stoltenberg"); of two people sharing a surname, the one
whose gender a title gives ("Mrs. Clinton"), the one named in full after the same title ("President Trump"),
else the one the article names in full most often. A role alone ("the former vice president said") is the
one person introduced with it; "X and Y said" is both.

Who the people of the article are, and what a surname, a role or a pronoun stands for, is :mod:`.cast`'s; the
verbs and patterns of attribution are :mod:`.patterns`'; a speaker's name is compared by :mod:`.speakers`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from ..model import Article, Quote
from ..names import (
    FIRST_NAMES,
    NOT_PERSON,
    ROLES,
    TITLES,
    US_STATES,
)
from ..text import sentence_spans
from .cast import Cast, known_person
from .patterns import (
    AFTER_AFFILIATED,
    AFTER_JOINT,
    AFTER_NAME,
    AFTER_PRONOUN,
    AFTER_ROLE,
    AFTER_UNNAMED,
    AFTER_VERB_OFFICE,
    AFTER_VERB_ROLE_NAME,
    AND,
    BY_SOMEONE,
    FRAGMENT_WORDS,
    INVERTED,
    LIST_AFTER,
    LIST_BEFORE,
    MARKS,
    MIN_QUOTE,
    NAME,
    NAME_APPOSITION,
    NOUN_USE,
    OPENING_PRONOUN,
    PARTICIPLES,
    PASSIVE,
    POSSESSIVE_ROLE_NAME,
    PREPOSITION,
    QUOTE_END_BEFORE,
    QUOTED_WORDS,
    REPORTING_VERBS,
    SHARES_SUBJECT,
    SUBJECT,
    SUBJECT_JOINT,
    SUBJECT_OFFICE,
    SUBJECT_PRONOUN,
    SUBJECT_ROLE,
    TOLD,
    UNNAMED,
    UPPER,
    VERB,
    VERB_AT,
)
from .speakers import (
    is_office_word,
    join_particles,
    same_speaker,
    strip_titles,
)

__all__ = ["REPORTING_VERBS", "extract_quotes", "quote_key"]

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
    marks = [(m.start(), m.group()) for m in MARKS.finditer(para)]
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


# --------------------------------------------------------------------------- extraction


def extract_quotes(article: Article) -> list[Quote]:
    """Every direct quotation of ``article`` with its speaker (None when unsure) and its sentence."""
    paras, offset = [], 0
    for para in article.text.split("\n\n"):
        paras.append((offset, para, _quotations(para)))
        offset += len(para) + 2
    quoted = [(start + q.start, start + q.end) for start, _, qs in paras for q in qs]
    sentences = [start + s for start, para, _ in paras for s, _ in sentence_spans(para)]
    cast = Cast(article.text, quoted, sentences)
    quotes: list[Quote] = []
    last: str | None = None  # the speaker of the last quote (of this paragraph or the one before)
    for start, para, found in paras:
        matches = [q for q in found if len(q.text) >= MIN_QUOTE]
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
                         + VERB + r"(?:\s+(?:reporters|journalists|lawmakers|supporters|the\s+(?:crowd|audience|"
                         r"committee|court|jury|press)|" + UPPER + r"[\w'’.-]+(?:\s+" + UPPER + r"[\w'’.-]+){0,2}))?,?$")


def _is_title(text: str) -> bool:
    """A short run of capitalised words: a name in quotes, not words someone said."""
    words = text.split()
    return len(words) <= 6 and all(w[0].isupper() or len(w) < 4 or not w[0].isalpha() for w in words)


#: Most characters of a quote's sentence looked at on either side of the quote: a sentence of news copy
#: is far shorter; a page of one endless "sentence" would make attribution quadratic in its length.
_WINDOW = 2000
# Characters before a reporting verb that its subject (a name or a role, with whom the person speaks for,
# an apposition of up to three parts of 120 characters, adverbs) may take: the subject patterns, anchored
# at the verb, start no further back (a page of endless sentences was scanned from each window's start for
# each verb).
_SUBJECT_REACH = 600


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

    def __init__(self, cast: Cast, para: str, start: int, sent_start: int, sent_end: int) -> None:
        self.cast, self.para, self.start = cast, para, start
        self.sent_start, self.sent_end = sent_start, sent_end

    def pronoun(self, word: str, pos: int) -> str | None:
        """The person a pronoun at ``pos`` of the paragraph stands for."""
        return self.cast.antecedent(word, self.start + pos)

    def known(self, name: str, pos: int, *, strict: bool = True) -> str | None:
        return known_person(name, self.cast, self.start + pos, strict=strict)

    def role(self, phrase: str, pos: int, after: str) -> str:
        """The person a role phrase at ``pos`` of the paragraph names, ``UNNAMED`` when it names no
        one the article introduced with that role, or several."""
        return self.cast.by_role(phrase, self.start + pos, after) or UNNAMED

    def joint(self, first: str, second: str, pos: int, before: str = "") -> str:
        """'Ann Lee and Tom Berg' when both names are people's (two different ones), else ``UNNAMED``:
        the words of two speakers are neither one's alone, nor are those of three the last two's ('Ann
        Lee, Tom Berg and Sara Glen said': a name and a comma ``before`` the first)."""
        if LIST_BEFORE.search(before):
            return UNNAMED
        a, b = self.known(first, pos), self.known(second, pos)
        return f"{a} and {b}" if a and b and not same_speaker(a, b) else UNNAMED


def _attribute(ctx: _Context, q: _Quoted, i: int, last: str | None) -> str | None:
    """The speaker of quote ``q`` (the ``i``-th of its paragraph): a name, ``UNNAMED`` when someone
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
    if VERB_AT.search(rest):
        return None  # someone the rest of the sentence reports, not the previous speaker
    if i > 0 or para.lstrip().startswith(("“", '"')):
        return last  # continuation of the previous quote
    return None


def _after(ctx: _Context, quote_start: int, after: str, lead: str = "") -> str | None:
    """The speaker an attribution right after a quote names (``UNNAMED`` for someone unnamed), or
    None when no attribution follows; ``lead`` is what comes between the quote and ``after``."""
    m = AFTER_PRONOUN.match(after)
    if m:
        return ctx.pronoun(m.group(1), quote_start)
    for form in AFTER_JOINT:  # before a single name: 'said Lee and Berg' is not Lee's alone
        m = form.match(after)
        if m:
            return ctx.joint(m.group(1), m.group(2), quote_start, lead + after[:m.start(1)])
    m = AFTER_VERB_OFFICE.match(after)
    if m:
        found = _office_holder(ctx, m.group(1), m.group(2), quote_start, after[m.end():])
        if found:
            return found
    m = AFTER_VERB_ROLE_NAME.match(after)
    if m and (strip_titles(m.group(1)) or "").count(" ") >= 1 and m.group(1).split()[-1] not in NOT_PERSON:
        found = ctx.known(m.group(1), quote_start)
        if found:
            return found
    m = AFTER_AFFILIATED.match(after)
    if m and strip_titles(m.group(1)) and m.group(1).split()[-1] not in NOT_PERSON:
        found = ctx.known(m.group(1), quote_start)
        if found:
            return found
    for form in AFTER_NAME:
        m = form.match(after)
        if m and form is AFTER_NAME[0] and LIST_AFTER.match(after, m.end()):
            return UNNAMED  # 'said Ann Lee, Tom Berg and Sara Glen': three speakers
        if m:
            return ctx.known(m.group(1), quote_start, strict=False) or UNNAMED
    for form in AFTER_ROLE:
        m = form.match(after)
        if m:
            return ctx.role(m.group(1), quote_start, after[m.end(1):])
    return UNNAMED if AFTER_UNNAMED.match(after) else None


def _office_holder(ctx: _Context, title: str, office: str, pos: int, after: str = "") -> str | None:
    """The person a title of an office names after a reporting verb ('said Secretary of State Ann Lowry':
    ``title`` 'Secretary', ``office`` 'State Ann Lowry'; ``after``, what follows): the name after the office's
    words, a surname alone ('Secretary of State Clinton') the person of that surname; two office holders
    ('Secretary of State Ann Lowry and Defense Secretary Tom Berg', 'Ann Lowry and her deputy Tom Berg') both
    (:meth:`_Context.joint`). None when the title is no role ('said Ann Lee of the State Highway Patrol'), no
    name follows, or a comma does ('said the Governor of New Jersey, Chris Christie': the name after it says
    who, not the place)."""
    if title.split()[-1].casefold().rstrip(".") not in ROLES and title.split()[-1] not in TITLES:
        return None
    if after.startswith(","):
        named = _APPOSED.match(after)  # 'said Secretary of State for Wales, Tom Berg'
        return ctx.known(named.group(1), pos) if named else None
    parts = re.split(r"\s+and\s+", office.strip())
    for k in range(1, len(parts)):  # 'State Ann Lowry and Defense Secretary Tom Berg', not 'Health and Human …'
        first = _holder(ctx, " and ".join(parts[:k]), pos)
        if first:
            return _both(first, _holder(ctx, " and ".join(parts[k:]), pos))
    found = _holder(ctx, office, pos)
    if found and re.match(r"\s+and\b", after):  # '… Ann Lowry and her deputy Tom Berg'; '… and others'
        other = _ANOTHER.match(after)
        return _both(found, ctx.known(other.group(1), pos, strict=False) if other else None)
    return found


def _both(first: str | None, second: str | None) -> str:
    """The speakers of words two people said: both when they are two ('Ann Lowry and Tom Berg'), else
    ``UNNAMED`` (neither one's alone)."""
    return f"{first} and {second}" if first and second and not same_speaker(first, second) else UNNAMED


# The person named after an office and a comma: '… for Wales, Tom Berg.'
_APPOSED = re.compile(r",\s+" + NAME + r"(?=\s*(?:[.,;!?]|$))")


# Another person after an office holder: '… Ann Lowry and her deputy Tom Berg'.
_ANOTHER = re.compile(r"\s+and\s+(?:(?:his|her|their|its|the)\s+)?(?:[a-z][\w-]*\s+){0,2}" + NAME
                      + r"(?=\s*(?:[.,;!?]|$))")


def _holder(ctx: _Context, office: str, pos: int) -> str | None:
    """The person the words of an office end with: the name after the office's words ('State Ann Lowry',
    'National Intelligence Dan Coats'), after a place only a full name ('New York Bill Smith') or a surname the
    article knows ('Paris Hidalgo': Hidalgo when the article names her), never the place ('New Jersey',
    'Northern Ireland')."""
    segments = re.split(r"\s+(?:of|for)\s+(?:the\s+)?", office.strip())
    words = " ".join(segments).split()
    end = next((i for i, w in enumerate(words) if w.endswith(".") and len(w) > 2 and w not in TITLES), None)
    if end is not None:  # the sentence ends there: 'Ann Lowry. Then …'
        words = words[:end] + [words[end].rstrip(".")]
    lead = 0  # the office's words: 'State', 'Joint Chiefs of Staff Gen.', 'FBI'
    while lead < len(words) and (is_office_word(words[lead]) or words[lead] in TITLES
                                 or words[lead] in NOT_PERSON or words[lead].isupper()):
        lead += 1
    placed = lead <= len(words) - len(segments[-1].split())  # the last words are a place's and a name
    words = words[lead:]
    if not words or words[-1] in NOT_PERSON or is_office_word(words[-1]):
        return None
    if placed:
        state = next((n for n in (2, 1) if " ".join(words[:n]) in US_STATES), 0)
        words = words[state:]
        if not words:
            return None  # 'the Governor of New Jersey'
        if not state and not (len(join_particles(words)) >= 3 or words[0] in FIRST_NAMES):
            return ctx.known(words[-1], pos)  # 'Mayor of Paris Hidalgo': Hidalgo only when the article names her
    name = strip_titles(" ".join(words)) if len(words) > 1 else None
    return ctx.known(name or words[-1], pos, strict=False)


# A quote given as someone's answer: 'His response: "…"', 'Her reply was blunt: "…"'.
_RESPONSE = re.compile(r"(?:^|[.!?]\s+)\s*(His|Her)\s+(?:[a-z]+\s+)?(?:response|reply|answer|retort)"
                       r"(?:\s+was(?:\s+[a-z]+)?)?\s*:\s*[“\"]?$")
_ASKED = re.compile(r"\b(?:asked|pressed|questioned)\s+" + NAME)


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
    return bool(VERB_AT.search(words) or SUBJECT_PRONOUN.search(words)) or any(
        start <= m.start < start + len(prefix) for m in ctx.cast.mentions)


def _unquoted(text: str) -> str:
    """``text`` with the words of the quotations in it blanked out (its length unchanged)."""
    return QUOTED_WORDS.sub(lambda m: " " * len(m.group()), text)


def _later(ctx: _Context, pos: int, rest: str) -> str | None:
    """An attribution later in the quote's sentence, after a comma: '"…" billion, Mr. Lee said'."""
    for m in re.finditer(r",", rest):
        found = _after(ctx, pos, rest[m.end():], rest[:m.end()])
        if found is not None:
            return found
    return None


def _before(ctx: _Context, prefix: str) -> str | None:
    """The speaker of the nearest reporting verb before the quote in its sentence, if named."""
    for verb in reversed(list(VERB_AT.finditer(_unquoted(prefix)))):
        head = prefix[:verb.start()]
        if NOUN_USE.search(head):
            continue  # 'those claims', "Russia's claims": a noun, not a report
        if PASSIVE.match(prefix, verb.end()) and verb.group().endswith("ed"):
            continue  # 'the talks described by the White House': what was reported, not who reports
        named = POSSESSIVE_ROLE_NAME.search(head)
        if named:  # "Lee's lawyer, Ann Dunn, said": the name says who
            return ctx.known(named.group(1), ctx.sent_start + named.start(1)) or UNNAMED
        inverted = INVERTED.match(prefix, verb.end())
        if inverted and QUOTE_END_BEFORE.search(head) and verb.group() not in TOLD:  # '"…," said Reid on the floor, "…"'
            return ctx.known(inverted.group(1), ctx.sent_start)
        if SHARES_SUBJECT.search(head) and (verb.group() in PARTICIPLES or AND.search(head)):
            return _clause_subject(ctx, head)  # 'Lee spoke, saying "…"', 'Lee sighed and said "…"'
        reach = _reach(head)
        office = SUBJECT_OFFICE.search(head, reach)
        if office and not PREPOSITION.search(head[:office.start()]):  # 'Secretary of State Ann Lowry said'
            found = _office_holder(ctx, office.group(1), office.group(2), ctx.sent_start + office.start(),
                                   head[office.end(2):])
            if found:
                return found
        subject = SUBJECT.search(head, reach)
        other = _other_subject(ctx, head, prefix, subject, reach)
        if other is not None:
            return other
        if subject is None:
            return None  # someone unnamed reports this ('officials say')
        if subject.group(1):
            return ctx.pronoun(subject.group(1), ctx.sent_start + subject.start())
        name = subject.group(2)
        if PREPOSITION.search(head[:subject.start()]) and not _titled(name):
            return None  # the name belongs to a phrase: 'officials close to Putin said'
        if BY_SOMEONE.search(head[:subject.start()]):
            return None  # 'The suit, which was brought by Ohio's lawyer, Ann Lee, accused': the suit's words
        return ctx.known(name, ctx.sent_start + subject.start())
    return None


def _reach(head: str) -> int:
    """Where the subject of a verb ending ``head`` may start at the earliest: ``_SUBJECT_REACH`` characters
    back, at the start of a word."""
    if len(head) <= _SUBJECT_REACH:
        return 0
    space = head.find(" ", len(head) - _SUBJECT_REACH)
    return len(head) if space < 0 else space + 1


def _other_subject(ctx: _Context, head: str, prefix: str, subject: re.Match | None, reach: int = 0) -> str | None:
    """The speaker of a reporting verb whose subject (ending ``head``) is two people ('Lee and Berg
    said') or a role ('the former vice president said'); None when it is neither."""
    joint = SUBJECT_JOINT.search(head, reach)
    if joint and (subject is None or joint.start() <= subject.start()):
        if PREPOSITION.search(head[:joint.start()]):
            return UNNAMED  # 'officials close to Lee and Berg said'
        return ctx.joint(joint.group(1), joint.group(2), ctx.sent_start + joint.start(), head[:joint.start()])
    role = SUBJECT_ROLE.search(head, reach)
    if role is None or (subject is not None and subject.start() < role.start()):
        return None
    if PREPOSITION.search(head[:role.start()]):
        return UNNAMED  # 'aides close to the president said'
    named = NAME_APPOSITION.fullmatch(role.group(2) or "")
    if named:  # 'the president's lawyer, Ann Lee, said': the name says who
        return ctx.known(named.group(1), ctx.sent_start + role.start()) or UNNAMED
    return ctx.role(role.group(1), ctx.sent_start + role.start(), prefix[role.end(1):])


def _clause_subject(ctx: _Context, head: str) -> str | None:
    """Who a participle ('saying', 'writing') reports: the subject of the reporting verb before it
    in the sentence, else the sentence's subject (a name or a pronoun opening it)."""
    first = VERB_AT.search(_unquoted(head))
    if first:
        return _before(ctx, head[:first.end()])
    opening = OPENING_PRONOUN.match(head)
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
