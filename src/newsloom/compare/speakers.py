"""Speakers' names: the people an article names, and whether two names may name one person.

What :mod:`.quotes` reads to find the people of an article and :mod:`.statements` to line up their words
across outlets: full names with titles stripped ('NATO Secretary-General Jens Stoltenberg' -> 'Jens
Stoltenberg'), a name's gender from its title or first name, and the comparison key of a speaker (surname
after the long form of the first name; both people of a joint statement).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import cache, lru_cache
from itertools import pairwise

from ..names import (
    CAPITAL_PARTICLES,
    FEMALE_NAMES,
    FIRST_NAMES,
    HONORIFICS,
    JOINING,
    MALE_NAMES,
    NICKNAMES,
    NOT_NAME,
    NOT_PERSON,
    OFFICE_WORDS,
    PARTICLES,
    PLACE_LEADS,
    ROLES,
    TITLE_WORDS,
    TITLES,
    US_STATES,
)
from .patterns import PARTICLE, PREFIXED, UPPER

__all__ = ["SpeakerIndex", "family_name", "first_name_gender", "full_names", "has_first_name", "is_office_word",
           "is_place", "join_particles", "name_parts", "people", "same_speaker", "shown_name", "speaker_key",
           "speakers_of", "strip_titles", "surname_of", "title_gender", "two_surnames_of", "word_spans"]

_INITIAL = re.compile(UPPER + r"\.$")  # a middle initial: 'Adam L. Braverman'
# Two to six words of a name: capitalised, an initial, or a surname with lower-case particles or a lower-case
# prefix ('Bill de Blasio', 'Ursula von der Leyen', 'Joe diGenova', 'Bashar al-Assad').
_PERSON = re.compile(r"\b((?:" + UPPER + r"[\w'’-]+|" + UPPER + r"\.)(?: (?:(?:" + PARTICLE + r" ){1,2}" + UPPER + r"[\w'’-]+|"
                     + PREFIXED + r"[\w'’-]+|" + UPPER + r"[\w'’-]+|" + UPPER + r"\.)){1,5})(?![\w'’-])")
# A lower-case prefix of a surname that the surname is also given without: 'al-Assad' is 'Assad'.
_PREFIX = re.compile(r"^(?:al|el)-(?=" + UPPER + r")")
_TITLES_BEFORE = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Rev|Prof)\.\s+)+$")


def people(text: str) -> list[str]:
    """Full person-like names in order of first appearance (two or three capitalised words)."""
    return list(dict.fromkeys(name for _, _, name in full_names(text)))


def full_names(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of each full name of ``text``; start includes an abbreviated title before
    it ('Rep. Drew Gattine'), end is the end of the surname."""
    out = []
    for m in _PERSON.finditer(text):
        phrase, start = m.group(1), m.start()
        if " Bill " in phrase:  # 'the (Senate) Farm Bill Smith opposed': a bill, then a surname
            bill = _A_BILL.match(phrase)
            if bill and _plain(bill.group(2)) \
                    and (bill.group(1) or _THE_BEFORE.search(text, max(0, start - 5), start)):
                phrase, start = phrase[bill.end():], start + bill.end()
        name = strip_titles(phrase)
        if not name or (phrase == name and name.split()[0] not in FIRST_NAMES and _placed(text, start)):
            continue  # 'Mayor of Paris Hidalgo': a place and a surname
        name = shown_name(name, phrase, text, start)
        surname = name.split()[-1]
        end = start + phrase.rfind(surname) + len(surname)
        title = _TITLES_BEFORE.search(text, max(0, start - 20), start)
        out.append((title.start() if title else start, end, name))
    return out


# A named bill opening the words of a name, after "the": 'the Farm Bill', 'The Farm Bill', 'the Senate Farm Bill'
# (the word before 'Bill' tells, :func:`_plain`). Only a legislative chamber may come before the bill's name: other
# words there make the phrase a team, a firm or a place before a first name ('the New York Yankees Bill Smith').
_A_BILL = re.compile(r"(The )?(?:(?:Senate|House|Assembly) )?(\S+) Bill ")
_THE_BEFORE = re.compile(r"\b[Tt]he $")


def _plain(word: str) -> bool:
    """Whether a capitalised word before 'Bill' makes a bill's name of it ('Farm Bill'), not a title, a place or
    an owner before a first name ('Senator Bill Nelson', 'New York Bill Smith', 'Monday Bill Lee', 'the Times’
    Bill Keller', 'the Post's Bill Smith')."""
    return not (word.isupper() or word.endswith((".", "'s", "’s", "'", "’")) or word in TITLES or word in TITLE_WORDS or word in NOT_PERSON
                or word in NOT_NAME or word in FIRST_NAMES or word in US_STATES or word.casefold() in ROLES
                or any(state.endswith(" " + word) for state in US_STATES))


_OFFICE_OF = re.compile(r"\b(" + UPPER + r"[\w.-]*)\s+(?:of|for)\s+(?:the\s+)?$")


def _placed(text: str, start: int) -> bool:
    """Whether the words at ``start`` of ``text`` come right after a title and "of" ('Mayor of …')."""
    m = _OFFICE_OF.search(text, max(0, start - 40), start)
    return m is not None and (m.group(1) in TITLES or m.group(1).casefold() in ROLES or is_office_word(m.group(1)))


def shown_name(name: str, phrase: str, text: str, start: int = -1) -> str:
    """The form of a person's name the article is shown with: three words run together with no
    title between them, all the words of ``phrase`` (found at ``start`` of ``text``) and not after "of"
    ('Nanette Lee Miller', not 'Lee Miller'; not 'Secretary of State Ann Lee'), without a middle name
    the article also leaves out ('Donald John Trump' is 'Donald Trump' where the article says 'Donald
    Trump' too)."""
    words = [w.rstrip("'’").removesuffix("'s").removesuffix("’s") for w in phrase.split()]
    if start >= 0 and len(name.split()) == 2 and len(words) == 3 and words[-2:] == name.split() \
            and not re.search(r"\b(?:of|the|for|pro|to)\s+$", text[max(0, start - 6):start], re.IGNORECASE) \
            and not _has_word(text, words[0].lower()):  # 'journalist Ann Lee' too
        first = words[0]
        if first[0].isupper() and first.isalpha() and not first.isupper() and first not in TITLES \
                and first not in TITLE_WORDS and first.casefold() not in ROLES and first not in NOT_PERSON \
                and first not in US_STATES and first not in NOT_NAME \
                and not first.endswith(("ian", "ese", "ish", "ean", "ern", "ic", "ist")):  # 'Brazilian', 'Western'

            name = f"{first} {name}"
    parts = name.split()
    if len(parts) == 3 and _has_word(text, f"{parts[0]} {parts[2]}"):
        return f"{parts[0]} {parts[2]}"
    return name


@lru_cache(maxsize=1)
def word_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of each word of ``text`` (a run of word characters): the text read once for the words
    :func:`shown_name` looks up and the surnames :mod:`.cast` finds alone (the last text's kept; not to be
    changed by callers)."""
    return [(m.start(), m.end(), m.group()) for m in re.finditer(r"\w+", text)]


@lru_cache(maxsize=4)
def _words_of(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The words of ``text`` (runs of word characters) and its pairs of words one space apart: read once per
    text, not once per name (a page of many names made ``shown_name`` quadratic)."""
    spans = word_spans(text)
    words = frozenset([word for _, _, word in spans])
    pairs = frozenset([f"{a} {b}" for (_, end, a), (start, _, b) in pairwise(spans)
                       if start == end + 1 and text[end] == " "])
    return words, pairs


def _has_word(text: str, phrase: str) -> bool:
    """Whether ``phrase`` (a word, or two words one space apart) stands in ``text`` as whole words:
    ``re.search(r"\\b" + re.escape(phrase) + r"\\b", text)``."""
    parts = phrase.split(" ")
    if len(parts) <= 2 and all(re.fullmatch(r"\w+", w) for w in parts):
        words, pairs = _words_of(text)
        return phrase in (words if len(parts) == 1 else pairs)
    return re.search(r"\b" + re.escape(phrase) + r"\b", text) is not None


def is_office_word(word: str) -> bool:
    """Whether a word is one of an office's ('State' of 'Secretary of State Clinton'), not a first name."""
    return word in OFFICE_WORDS


def strip_titles(phrase: str) -> str | None:
    """'NATO Secretary-General Jens Stoltenberg' -> 'Jens Stoltenberg'; None if no person is left."""
    words = _before_possessive(phrase.split())
    while words and (words[0] in TITLES or any(p in TITLES for p in words[0].split("-"))
                     or words[0].isupper() or words[0].endswith(("'s", "’s"))
                     or is_office_word(words[0])):  # 'State Clinton'
        words = words[1:]
    words = join_particles(words)
    if any(" " in w for w in words[1:]) and words[0] in PLACE_LEADS:
        # 'Rio de Janeiro', 'Tour de France': a place or an event, whose title names the person after it
        # ('Rio de Janeiro Mayor Eduardo Paes')
        k = next(i for i, w in enumerate(words) if i and " " in w)
        if k + 1 < len(words) and (words[k + 1] in TITLES or words[k + 1].casefold() in ROLES):
            return strip_titles(" ".join(words[k + 1:]))
        return None
    if any(w in JOINING for w in words[1:]):
        return None  # 'Hotline On Call', 'Bank Of America': a name, not a person's
    # a first name ends no name of an organisation before a surname: 'Bill de Blasio', 'Senator Bill Nelson'
    cut = [i for i, w in enumerate(words) if w in NOT_PERSON
           and not (w in FIRST_NAMES and (i == 0 or i == len(words) - 2))]
    if cut:  # 'European Union Vladimir Chizhov' -> 'Vladimir Chizhov'; 'Black Sea' -> None
        words = words[cut[-1] + 1:]
    words = [w for i, w in enumerate(words)
             if w not in TITLES and not (0 < i < len(words) - 1 and _INITIAL.match(w))]
    if len(words) < 2 or is_place(words):
        return None
    if len(words) >= 4 and words[-4] in FIRST_NAMES and words[-3] in FIRST_NAMES and words[-2] not in FIRST_NAMES:
        return " ".join(words[-4:])  # two first names and two surnames: 'Andrés Manuel López Obrador'
    if len(words) >= 3 and words[-3] in FIRST_NAMES:  # 'Ruth Bader Ginsburg'
        return " ".join(words[-3:])
    return " ".join(words[-2:])


def join_particles(words: list[str]) -> list[str]:
    """The words of a name with each surname's particles joined to it: ['Ursula', 'von der Leyen'],
    ['de Blasio'], ['Chris', 'Van Hollen'] (a capitalised particle only after a first word: 'Van Hollen'
    alone is two words, as 'Van Jones' is)."""
    out: list[str] = []
    lead: list[str] = []
    for i, w in enumerate(words):
        if i < len(words) - 1 and (w in PARTICLES or (w in CAPITAL_PARTICLES and (out or lead))):
            lead.append(w)
            continue
        out.append(" ".join(lead + [w]))
        lead = []
    return out


def _before_possessive(words: list[str]) -> list[str]:
    """The words up to the first possessive after the first word, without its 's ('Liz Cheney’s
    sister' -> 'Liz Cheney'); a possessive first word is left for the caller ("Russia's")."""
    for i, w in enumerate(words[1:], 1):
        if w.endswith(("'s", "’s", "'", "’")):
            return words[:i] + [w.rstrip("'’").removesuffix("'s").removesuffix("’s").rstrip("'’")]
    return words


def is_place(words: list[str]) -> bool:
    """Whether the name is a US state ('New Jersey') or ends with one ('Democrat of West Virginia')."""
    return " ".join(words[-2:]) in US_STATES or (len(words) == 1 and words[0] in US_STATES)


def surname_of(name: str) -> str:
    """The last word of a name without its possessive and a lower-case prefix ('al-Assad' -> 'Assad')."""
    return _PREFIX.sub("", name.split()[-1].removesuffix("'s").removesuffix("’s").strip(".,'’"))


def family_name(name: str) -> str:
    """The surname of a name with its particles, for a name the article gives no more of: 'Mr. de Léon' ->
    'de Léon', 'Lee's' -> 'Lee'."""
    words = join_particles([w for w in name.split() if w not in TITLES]) or [name]
    return words[-1].removesuffix("'s").removesuffix("’s").strip(".,'’")


def first_name_gender(name: str) -> str | None:
    first = name.split()[0]
    return "f" if first in FEMALE_NAMES else "m" if first in MALE_NAMES else None


def title_gender(name: str) -> str | None:
    return HONORIFICS.get(name.split()[0].rstrip(".").casefold()) if name else None


def name_parts(name: str) -> tuple[str, str]:
    """(first name, surname) of a speaker's name, casefolded, the first name in its long form
    ('Liz' -> 'elizabeth'); no first name for a surname alone or after a title ('Mrs. Clinton')."""
    words = join_particles([w for w in name.split() if w not in TITLES])
    while len(words) > 1 and is_office_word(words[0]):
        words = words[1:]  # 'State Clinton' of 'Secretary of State Clinton'
    if not words:
        return "", ""
    surname = surname_of(words[-1]).casefold()
    if len(words) < 2 or (len(words) == 2 and words[0] in CAPITAL_PARTICLES):  # 'Van Hollen'
        return "", surname
    first = words[0].casefold().strip(".")
    return NICKNAMES.get(first, first), surname


def speakers_of(name: str) -> tuple[str, ...]:
    """The people a speaker's name names: both of a joint statement's ('Ann Lee and Tom Berg'), else one."""
    return tuple(name.split(" and ")) if " and " in name else (name,)


def speaker_key(name: str) -> str:
    """The comparison key of a speaker: the lower-cased surname, after the first name (in its long
    form: 'Liz Cheney' and 'Elizabeth Cheney' share one) when the name has one. A key without a
    first name may stand for any person of that surname: :func:`same_speaker` tells. Two speakers
    of one statement: their keys joined by 'and'."""
    keys = []
    for person in speakers_of(name):
        first, surname = name_parts(person)
        keys.append(f"{first} {surname}" if first else surname)
    return " and ".join(keys)


def has_first_name(name: str) -> bool:
    """Whether a speaker's name gives a first name ('Liz Cheney'), not a surname alone ('Cheney', 'Mrs. Clinton')."""
    return all(name_parts(person)[0] for person in speakers_of(name))


def same_speaker(a: str, b: str) -> bool:
    """Whether two speaker names may name one person: the same surname (or one misspelt: 'Soltenberg')
    and no two different first names ('Mary Cheney' is not 'Liz Cheney'; 'Cheney' may be either). A
    joint statement's speakers ('Ann Lee and Tom Berg') are the same as another's only when each of
    either may be one of the other's: never one of them alone."""
    if " and " in a or " and " in b:
        pa, pb = speakers_of(a), speakers_of(b)
        return len(pa) == len(pb) and all(any(_same_person(x, y) for y in pb) for x in pa) \
            and all(any(_same_person(x, y) for x in pa) for y in pb)
    return _same_person(a, b)



def _similar_surnames(a: str, b: str) -> bool:
    """Whether two surnames (casefolded) are one, maybe misspelt ('soltenberg', 'stoltenberg')."""
    return a == b or (min(len(a), len(b)) >= 5 and SequenceMatcher(None, a, b).ratio() >= 0.85)


def _same_person(a: str, b: str) -> bool:
    (fa, sa), (fb, sb) = name_parts(a), name_parts(b)
    if not sa or not sb:
        return False
    return _similar_surnames(sa, sb) and (not fa or not fb or fa == fb or _surnames_of_other(a, b))


def two_surnames_of(short: str, full: str) -> bool:
    """Whether ``short`` (two words, titles left out) is the two surnames ``full`` ends with after a first name,
    not a first name and a surname: 'López Obrador' of 'Andrés Manuel López Obrador', 'Bader Ginsburg' of
    'Ruth Bader Ginsburg' (not 'Paul Jones' of 'John Paul Jones': 'Paul' is a first name; not 'Lee Miller' of
    'Nanette Lee Miller': no first name known before them). What a source naming the person by the two
    surnames alone shares with one naming him in full, as :mod:`.cast` reads them within one article."""
    words = [w for w in short.split() if w not in TITLES]
    whole = [w for w in full.split() if w not in TITLES]
    return len(words) == 2 and words[0] not in FIRST_NAMES and words[0] not in CAPITAL_PARTICLES \
        and len(whole) >= 3 and whole[-3] in FIRST_NAMES and whole[-2] == words[0] \
        and surname_of(whole[-1]) == surname_of(words[1])


def _surnames_of_other(a: str, b: str) -> bool:
    """Whether one of two names with different first names is the other's two surnames (:func:`two_surnames_of`)."""
    return two_surnames_of(a, b) or two_surnames_of(b, a)


class SpeakerIndex:
    """Names (an article's people) looked up by surname: those :func:`same_speaker` finds may name the
    person a name names, without comparing the name to each of them (a page of many names made that
    quadratic). Each name's parts are read once. A surname that may be another misspelt is found by the
    letters both keep when a few are dropped (:func:`_near_surname_keys`): two surnames SequenceMatcher
    finds alike have the letters it matches in common, and drop few others."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        self._parts = [name_parts(n) if " and " not in n else ("", "") for n in names]
        self._joint = [i for i, n in enumerate(names) if " and " in n]  # compared one by one
        self._by_surname: dict[str, list[int]] = {}
        for i, (_, surname) in enumerate(self._parts):
            if surname:
                self._by_surname.setdefault(surname, []).append(i)
        self._by_key: dict[str, list[str]] = {}  # surnames of up to _KEYED letters by what dropping a few leaves
        self._by_length: dict[int, list[str]] = {}  # and all by length, for longer ones
        for surname in self._by_surname:
            if len(surname) >= _FUZZY:
                self._by_length.setdefault(len(surname), []).append(surname)
            if _FUZZY <= len(surname) <= _KEYED:
                for key in _near_surname_keys(surname):
                    self._by_key.setdefault(key, []).append(surname)
        self._similar: dict[str, list[str]] = {}

    def matches(self, name: str) -> list[str]:
        """Of the names, in their order, those that may name the person ``name`` names: ``[n for n in
        names if same_speaker(name, n)]``."""
        if " and " in name:
            return [n for n in self.names if same_speaker(name, n)]
        first, surname = name_parts(name)
        if not surname:
            return []
        found = [i for s in self._surnames_like(surname) for i in self._by_surname[s]
                 if not first or not self._parts[i][0] or self._parts[i][0] == first
                 or _surnames_of_other(name, self.names[i])]
        found += [i for i in self._joint if same_speaker(name, self.names[i])]
        return [self.names[i] for i in sorted(found)]

    def _surnames_like(self, surname: str) -> list[str]:
        """The surnames of the names that are ``surname`` or, maybe, it misspelt."""
        if surname in self._similar:
            return self._similar[surname]
        out = [surname] if surname in self._by_surname else []
        if len(surname) >= _FUZZY:
            near: set[str] = set()
            if len(surname) <= _KEYED:
                for key in _near_surname_keys(surname):
                    near.update(self._by_key.get(key, ()))
            for length, others in self._by_length.items():  # a longer one, or one of a longer surname
                if (len(surname) > _KEYED or length > _KEYED) \
                        and 2.0 * min(length, len(surname)) / (length + len(surname)) >= 0.85:
                    near.update(others)
            out += [other for other in near if other != surname and _similar_surnames(surname, other)]
        self._similar[surname] = out
        return out


_FUZZY = 5  # the fewest letters of a surname that may be misspelt
_KEYED = 15  # the most letters of a surname found by its keys, longer ones by length


@cache
def _drops(length: int) -> int:
    """The most letters of a surname of ``length`` letters that SequenceMatcher leaves unmatched when it
    finds it alike another (a ratio of 0.85 or more: 2 M / (la + lb) of M letters matched)."""
    most = 0
    for other in range(_FUZZY, 2 * length + 1):
        total = length + other
        matched = next(m for m in range(total + 1) if 2.0 * m / total >= 0.85)
        if matched <= min(length, other):
            most = max(most, length - matched)
    return most


def _near_surname_keys(surname: str) -> frozenset[str]:
    """``surname`` with up to :func:`_drops` of its letters dropped, each way: two surnames alike share one
    (the letters matched of both)."""
    keys = {surname}
    for _ in range(_drops(len(surname))):
        keys |= {k[:i] + k[i + 1:] for k in keys for i in range(len(k))}
    return frozenset(keys)
