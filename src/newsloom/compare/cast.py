"""The people of an article, for attribution: every mention of a person (full names, surnames after a title,
a role alone: 'the former vice president'), who each mention stands for (people sharing a surname told
apart, roles resolved to the one person introduced with them), their genders, and what "he" or "she"
refers to. Read by :mod:`.quotes`."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from ..names import (
    FIRST_NAMES,
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
from .patterns import (
    ADVERB,
    AGE_AFTER_NAME,
    APPOSITION,
    CLAUSE_BOUNDARY,
    FORMER,
    OPENING_PRONOUN,
    PARTY,
    QUALIFIED,
    ROLE_AFTER_NAME,
    ROLE_AT_END,
    ROLE_BEFORE_NAME,
    ROLE_USE,
    TITLED,
    UNNAMED,
    VERB,
)
from .speakers import (
    SpeakerIndex,
    family_name,
    first_name_gender,
    full_names,
    has_first_name,
    is_place,
    same_speaker,
    strip_titles,
    surname_of,
    title_gender,
    two_surnames_of,
    word_spans,
)

__all__ = ["Cast", "known_person"]


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


class Cast:
    """The people an article names and where: full names, surnames after a title ('Mr. Trump',
    'President Trump') and surnames alone, each resolved to the person it stands for."""

    def __init__(self, text: str, quoted: list[tuple[int, int]], sentences: list[int]) -> None:
        self.text, self.sentences = text, sentences  # where each sentence starts
        names = full_names(text)  # read once: the people, how often each is named in full, the mentions
        named_people = list(dict.fromkeys(name for _, _, name in names))
        self._surnamed = _two_word_surnames(named_people)
        if self._surnamed:  # 'López Obrador' is 'Andrés Manuel López Obrador', named by his two surnames
            names = [(start, end, self._surnamed.get(name, name)) for start, end, name in names]
            named_people = list(dict.fromkeys(name for _, _, name in names))
        # looked up by surname (a page of many names is not quadratic): one index of all the names, its matches
        # kept to the people's
        self._index, self._named = SpeakerIndex(named_people), set(named_people)
        # 'Mr. Van Hollen' gives no first name: the person is the one the article names in full ('Chris Van Hollen')
        self.people = [p for p in named_people if has_first_name(p)
                       or not any(has_first_name(q) for q in self._index.matches(p))]
        self._others = None if len(self.people) == len(named_people) else self._named - set(self.people)
        self._titled: dict[tuple[str, str], bool] = {}  # whether the text names a person after a title
        self._mentioned: tuple[set[str], list[str]] | None = None  # for :meth:`knows`
        self._full_counts = Counter(name for _, _, name in names)
        named = self._mentions(quoted, names)
        self.genders = _genders(named)
        self.roles = _introductions(text, [m for m in named if not m.quoted])
        # a role naming someone is a mention too: of the person it resolves to, or of someone unknown ("")
        self.mentions = sorted(named + self._role_mentions(named, quoted), key=lambda m: m.end)

    def _mentions(self, quoted: list[tuple[int, int]], names: list[tuple[int, int, str]]) -> list[_Mention]:
        found = {end: (start, name, title_gender(self.text[start:end]) or first_name_gender(name))
                 for start, end, name in names}
        for m in TITLED.finditer(self.text):
            surname = surname_of(m.group(2))
            end = m.start(2) + m.group(2).rfind(surname) + len(surname)  # 'Mr. de Léon': 'Léon'
            if end not in found and surname not in NOT_PERSON and surname not in NOT_NAME:
                found[end] = (m.start(), surname, HONORIFICS.get(m.group(1).casefold()))
        surnames = {surname_of(name) for _, name, _ in found.values()}
        for start, end, surname in _whole_words(self.text, surnames):
            if end not in found:
                found[end] = (start, surname, None)
        mentions, last = [], {}
        starts, ends = [s for s, _ in quoted], [e for _, e in quoted]  # in order, not overlapping
        for end in sorted(found):
            start, name, gender = found[end]
            person = name if has_first_name(name) else self._person_for(name, gender, last, _title_of(self.text[start:end]))
            last[surname_of(name)] = person
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
        fits = [p for p in self._matches(surname) if _fits(gender, first_name_gender(p))]
        if len(fits) > 1 and (gender is None or _unsure(gender, fits, first_name_gender)):
            return self._principal(fits, title)
        key = surname_of(surname)
        if last.get(key) in fits or (last.get(key) == surname and not fits):
            return last[key]
        return fits[0] if fits else surname

    def _matches(self, name: str) -> list[str]:
        """Of the people, in their order, those that may name the person ``name`` names."""
        found = self._index.matches(name)
        return found if self._others is None else [p for p in found if p not in self._others]

    def _principal(self, fits: list[str], title: str = "") -> str:
        """Of people sharing a surname, the one a surname names: after a title ('President Trump', 'Sen.
        Cruz'), the one person the article names in full after that title ('President Donald Trump'); else
        the one named in full most often, the first named of those."""
        if title and title.casefold().rstrip(".") not in HONORIFICS:
            titled = [p for p in fits if self._after_title(title, p)]
            if len(titled) == 1:
                return titled[0]
        counts = {p: self._full_counts.get(p, 0) for p in fits}
        return max(fits, key=lambda p: counts[p])  # max keeps the first of equals: the first named

    def _after_title(self, title: str, person: str) -> bool:
        """Whether the text names ``person`` in full after ``title`` ('President Donald Trump'), read once each."""
        key = (title, person)
        if key not in self._titled:
            self._titled[key] = re.search(r"(?<![\w.])" + re.escape(title) + r"\s+" + re.escape(person) + r"\b",
                                          self.text) is not None
        return self._titled[key]

    def resolve(self, name: str, pos: int) -> str:
        """The person ``name`` (as an attribution gives it) stands for at ``pos`` of the text."""
        full = strip_titles(name)
        if full and self._surnamed:
            full = self._surnamed.get(full.rstrip(".,"), full)  # 'said López Obrador.'
        three = " ".join(w.strip(".,") for w in name.split()[-3:])
        if full and three in self.people and three.endswith(full):  # 'Nanette Lee Miller'
            full = three
        gender = title_gender(name) or (first_name_gender(full) if full else None)
        fits = [p for p in self._matches(full or name) if _fits(gender, self.genders.get(p))]
        if not fits:
            return full or family_name(name)
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
        for m in ROLE_USE.finditer(self.text):
            gap = re.match(r",?\s+", self.text[m.end():m.end() + 3])
            if any(s <= m.start() < e for s, e in quoted) or (gap and m.end() + gap.end() in starts):
                continue
            if not _is_subject(self.text, m.start(), m.end()):
                continue  # 'Burton said the president weighed in. He added': a pronoun goes to a subject
            people = self.role_people(m.group(), m.start(), self.text[m.end():m.end() + 6])
            out.append(_Mention(m.start(), m.end(), _one_person(people) or UNNAMED, _role_gender(m.group()), False,
                                True, role=True, candidates=tuple(dict.fromkeys(people))))
        return out

    def role_people(self, phrase: str, pos: int, after: str = "") -> list[str]:
        """The people the article introduced before ``pos`` with the role a role phrase names ('the
        former vice president'); none when the words after it say whose role it is ('the president of
        Mexico' is not the president named)."""
        if QUALIFIED.match(after):
            return []
        head = ROLE_AT_END.search(phrase)
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
        """Whether a mention of the article may name the person ``name`` names: ``any(same_speaker(name,
        m.person) for m in self.mentions)``, the names of the article's people looked up in its index, the rest
        (surnames alone) compared one by one."""
        if self._mentioned is None:
            persons = {m.person for m in self.mentions if m.person}
            self._mentioned = persons, [p for p in persons if p not in self._named]
        persons, others = self._mentioned
        return any(p in persons for p in self._index.matches(name)) or any(same_speaker(name, p) for p in others)

    def antecedent(self, pronoun: str, pos: int) -> str | None:
        """The person a pronoun at ``pos`` stands for: the last one named before it outside
        quotations whose gender fits (in that sentence, one known to be of the pronoun's gender before one
        whose gender is unknown), the subject of a clause before a name in passing."""
        if pronoun.casefold() == "they":
            return UNNAMED
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
        opening = OPENING_PRONOUN.match(self.text, start)
        if subject is None and opening and opening.group(1).casefold() == pronoun.casefold() and start < pos:
            return self.antecedent(pronoun, start)  # 'He also referred to Lee: "…," he said': the same "he"
        chosen = subject or last[-1]
        if chosen.role and not chosen.person:  # 'the candidate' of two: the one of the pronoun's gender
            return _one_person([p for p in chosen.candidates if self.genders.get(p) == want]) or UNNAMED
        return chosen.person


def _two_word_surnames(people: list[str]) -> dict[str, str]:
    """Two-word names of the people that are another's two surnames after a first name (:func:`two_surnames_of`:
    'López Obrador' of 'Andrés Manuel López Obrador'), to that person; looked up by the word they share, not
    pair by pair."""
    two: dict[str, list[str]] = {}
    for p in people:
        if p.count(" ") == 1:
            two.setdefault(p.split()[0], []).append(p)
    if not two:
        return {}
    out: dict[str, str] = {}
    for p in people:
        words = p.split()
        if len(words) >= 3:
            for short in two.get(words[-2], ()):
                if short not in out and two_surnames_of(short, p):
                    out[short] = p
    return out


def _whole_words(text: str, words: set[str]) -> list[tuple[int, int, str]]:
    """(start, end, word) of each place ``text`` has one of ``words`` as a whole word (``\\bword\\b``), the
    text read once for the words of letters alone (a page of many surnames was read once per surname)."""
    plain = {w for w in words if re.fullmatch(r"\w+", w)}
    out = [span for span in word_spans(text) if span[2] in plain]
    for word in words - plain:
        out += [(m.start(), m.end(), word) for m in re.finditer(r"\b" + re.escape(word) + r"\b", text)]
    return out


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
    return ROLE_GENDER.get(ROLE_AT_END.search(phrase).group().casefold().strip())


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
    m = ROLE_AT_END.search(before)
    if m:
        lead = re.split(r"[.,;:!?()“”\"\n]", before[:m.start()])[-1].split()[-4:]
        return [(m.group().strip(), bool(re.search(r"\bformer\s+(?:\S+\s+){0,2}$", before[:m.start()],
                                                     re.IGNORECASE)), " ".join(lead) + " " + m.group())]
    m = ROLE_BEFORE_NAME.search(before)  # 'the Democratic leader of the Senate, Ann Lee'
    if m:
        return [(ROLE_AT_END.search(m.group(1)).group(), bool(FORMER.search(m.group(1))),
                 before[m.start(1):])]
    return []


def _roles_after(after: str) -> list[tuple[str, bool, str]]:
    """The role an apposition after a name gives it ('Ann Lee, a former lawyer for …,'; 'Ann Lee, 45,'), and
    the words of the apposition, whose role it is included ('a lawyer for the city')."""
    m = ROLE_AFTER_NAME.match(after)
    if m:
        whose = re.split(r"[,;.()“”\"]", after[m.end():])[0]
        return [(m.group(1), bool(FORMER.search(m.group())), m.group() + " " + whose)]
    age = AGE_AFTER_NAME.match(after)
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


_SPEAKS_AFTER = re.compile(PARTY + APPOSITION + r"(?:,?\s+who)?" + ADVERB + r"{0,3}\s+" + VERB + r"\b")
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
    boundary = CLAUSE_BOUNDARY.match(before)
    if boundary is None and start > 100:
        return False
    lead = before[boundary.end():] if boundary else before
    if not all(w[0].isupper() or w in LEAD_WORDS for w in lead.split()):
        return False
    # after a comma, a verb must follow: not 'her partner, Ann Lee, in …'
    return not (boundary and boundary.group().endswith(", ")) or bool(_VERB_AFTER.match(after))


def known_person(name: str, cast: Cast, pos: int, *, strict: bool = True) -> str | None:
    """The speaker a name stands for: the full name of a person the article mentions, else the name
    itself when it is a titled or full name ('Mr. Trump', 'Sen. Durbin', 'Ana Ruiz'), or any name
    unless ``strict`` (a name right after a quote). None for words that open a sentence without
    naming anyone ('Those claims', 'Diplomats said', 'Friday') and for places ('New Jersey')."""
    words = name.split()
    last = words[-1]
    if name.removeprefix("the ").removeprefix("The ") in OUTLETS:
        return None  # 'told HuffPost', 'Fox News said': an outlet, never a speaker
    if last in TITLES or last in NOT_PERSON or is_place(words) or any(w in JOINING for w in words[1:]):
        return None
    canonical = cast.resolve(name, pos)
    if last in NOT_NAME and not (" " in canonical and canonical.split()[0] in FIRST_NAMES
                                 and canonical.split()[-1] == last):
        return None  # 'Those said', 'May said': not 'Theresa May said', nor 'May said' of an article naming her
    if name[0].islower() and not cast.knows(canonical):
        return None  # 'al-Qaeda said': a surname with a particle or a prefix names someone the article names
    # several words name someone when they are a full name or a title and a surname ('Mr. Trump'), not
    # when a possessive leaves one word ("Freedom's Lighthouse")
    named = len(words) > 1 and (strip_titles(name) is not None or words[0] in TITLES)
    if not strict or cast.knows(canonical) or named or last.isupper():
        return canonical
    return None  # one capitalised word naming no one the article mentions
