"""The tags a story shows: the names its members mention most, as a reader should see them.

Display only: clustering reads the entity counts as they are (``StoryState.entities``); here a name's
variants are shown once ('trump', 'president trump', 'donald trump'), in its fullest form, and what is no
name is left out (a title alone, a name cut at an initial, a headline in capitals). Word lists (first
names, organisation words) come from :mod:`newsloom.names`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from ..names import FEMALE_NAMES, MALE_NAMES, NICKNAMES, NOT_PERSON, US_STATES
from ..text import ABBREVIATIONS

__all__ = ["DOMINANT", "shown_entities"]


_CONTRACTION = re.compile(r"['’](m|re|ve|ll|d|t)$")  # "i'm", "we're", "don't": a capitalised word, no name
# Words before a name that say who the person is, not who: 'president trump', 'sen grassley'. A tag's own
# words, lower case without dots, as ``text.entities`` gives them.
_TITLE_WORDS = frozenset(["president", "vice", "sen", "sens", "senator", "rep", "reps", "representative", "gov",
                          "governor", "mr", "mrs", "ms", "dr", "judge", "justice", "secretary", "speaker", "leader",
                          "majority", "minority", "chief", "mayor", "former", "congressman", "congresswoman",
                          "chairman", "chairwoman", "attorney", "general", "prime", "minister", "first", "lady",
                          "gen", "lt", "col", "capt", "sgt", "rev"])
# Places one word names that are people's surnames too ('washington', 'george washington'): the place
# mentioned alone is not the person.
_PLACES = frozenset([*(w.casefold() for w in US_STATES if " " not in w), "jordan", "chad", "israel"])
_PARTY = frozenset(["r", "d", "i"])  # 'chuck grassley r iowa': party and state after a name
# First names, long and short ('mike'); not the short forms that are words a headline capitalises, which
# names.py leaves out of its lists ('Will', 'Pat', 'Don': NICKNAMES keeps them for a speaker's long form)
_FIRST_NAMES = frozenset(n.casefold() for n in (*FEMALE_NAMES, *MALE_NAMES, *NICKNAMES)) - {
    "will", "pat", "sue", "don", "art", "rich", "gene", "max", "jan", "al", "sandy", "rusty", "chip", "stan"}
_NOT_PERSON = frozenset(w.casefold() for w in NOT_PERSON)


def _name_words(entity: str) -> tuple[list[str], int]:
    """The words of a tag but a party and state after a name ('duncan hunter r calif' -> 'duncan hunter'; a
    'jr' stays: the son is not the father), and where its name starts: at the last first name before its
    last word ('house speaker nancy pelosi' -> 'nancy pelosi'), else after the titles before it ('president
    trump' -> 'trump'). An organisation's name keeps its words ('justice department', 'george washington
    university'), and so does an office named by titles alone ('vice president', 'attorney general')."""
    words = entity.split()
    while len(words) > 2 and words[-2] in _PARTY:
        words = words[:-2]
    if words[-1] in _NOT_PERSON or all(w in _TITLE_WORDS for w in words):
        return words, 0
    firsts = [i for i, w in enumerate(words[:-1]) if w in _FIRST_NAMES]
    if firsts:
        return words, firsts[-1]
    lead = 0
    while lead < len(words) - 1 and words[lead] in _TITLE_WORDS:
        lead += 1
    return words, lead


def _name_key(entity: str) -> tuple[str, ...]:
    """The words a tag names its person, place or group by (``_name_words``), the last one singular:
    'president trump' -> ('trump',); 'republicans' -> ('republican',)."""
    words, start = _name_words(entity)
    *head, last = words[start:]
    if len(last) > 3 and last.endswith("s") and not last.endswith("ss"):
        last = last[:-3] + "y" if last.endswith("ies") else last[:-1]
    return (*head, last)


def _plain(entity: str) -> bool:
    """Whether a tag is its name with titles at most: 'president barack obama', not 'washington president
    barack obama' (a dateline run into it) nor 'house speaker nancy pelosi'."""
    words, start = _name_words(entity)
    return all(w in _TITLE_WORDS for w in words[:start])


def _as_shown(entity: str) -> str:
    """A tag as shown: its name alone when words that are no title precede it ('washington peter strzok'
    -> 'peter strzok'), else as it is."""
    if _plain(entity):
        return entity
    words, start = _name_words(entity)
    return " ".join(words[start:])


_SUFFIXES = frozenset(["jr", "sr", "ii", "iii"])


def _may_name(longer: tuple[str, ...], name: tuple[str, ...]) -> bool:
    """Whether the name key ``longer`` may be a fuller name of whom ``name`` names: one or two words, a
    first name maybe, and then ``name`` ('barack obama', 'jesse jackson' for 'jackson'), a 'jr' maybe after
    it ('jesse jackson jr': one more person 'jackson' may be, never the one it is: ``_fuller``)."""
    if longer[-1] in _SUFFIXES:
        longer = longer[:-1]
    return 0 < len(longer) - len(name) <= 2 and longer[-len(name):] == name


def _fuller(longer: tuple[str, ...], name: tuple[str, ...], keys: Iterable[tuple[str, ...]] = ()) -> bool:
    """Whether ``longer`` names the person ``name`` names, more fully: a known first name, maybe an initial
    or a middle name, and then ``name`` ('barack obama' for 'obama', 'ruth bader ginsburg' for 'ginsburg';
    not 'senate democrats' for 'democrats'). A middle word that is no initial and no first name is a
    middle name only if neither it nor the name up to it is a tag of its own (``keys``, the other tags'
    name keys): 'john rother aarp' is not 'aarp' where 'john rother' is a tag."""
    if not (_may_name(longer, name) and longer[0] in _FIRST_NAMES) or longer[-1] in _SUFFIXES \
            or name in ((p,) for p in _PLACES):
        return False  # not the son's name for the father's ('trump' is not 'donald trump jr'), nor a place's
    middle = longer[1:-len(name)]
    if all(len(w) == 1 or w in _FIRST_NAMES for w in middle):
        return True
    keys = set(keys)
    return all((w,) not in keys for w in middle) and longer[:-len(name)] not in keys


_OFFICE = frozenset(["department", "ministry"])  # 'treasury' is the 'treasury department'
DOMINANT = 2.0  # a fuller name mentioned this many times as often as all others together names the surname


def _variants(entities: Sequence[str], counts: Sequence[int] = ()) -> list[list[int]]:
    """``entities`` (tags, most mentioned first; ``counts``, their mentions) in groups that name one thing:
    the same name key (``_name_key``: 'trump', 'president trump'; 'republican', 'republicans'), a name and
    the one fuller name that may stand for it (``_fuller``: 'obama', 'barack obama'), or a one-word name and
    the one department or ministry named by it ('treasury', 'treasury department'). A name two may stand
    for ('clinton': 'hillary clinton', 'bill clinton'; 'jackson': 'sandra jackson', 'jesse jackson') stays
    on its own, unless one of them is a fuller name and is mentioned ``DOMINANT`` times as often as the
    others together and the name is only ever written alone (never 'president trump'): the story is about
    that one ('cruz' is 'ted cruz' where 'heidi cruz' is mentioned
    once to his four). Longest names first: a name is judged by the groups the longer names have made.
    Groups by first member."""
    keys = [_name_key(e) for e in entities]
    root = list(range(len(entities)))

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    first: dict[tuple[str, ...], int] = {}
    for i, key in enumerate(keys):
        root[i] = find(first.setdefault(key, i))

    def mentions(group: int) -> int:
        return sum(counts[i] for i in range(len(counts)) if find(i) == group)

    def bare(key: tuple[str, ...]) -> bool:
        """Whether the tags of ``key``'s group are the name alone: a titled one ('president trump', 'mr
        trump') says which of two people it is, and a mention count cannot overrule that."""
        group = find(first[key])
        return all(tuple(entities[i].split()) == key for i in range(len(entities)) if find(i) == group)

    for key in sorted(first, key=len, reverse=True):
        names = [other for other in first if _may_name(other, key)]
        groups = {find(first[other]) for other in names}
        fuller = [other for other in names if _fuller(other, key, first)]
        if len(groups) == 1 and fuller:
            a, b = sorted((find(first[key]), find(first[names[0]])))
            root[b] = a
        elif len(groups) > 1 and fuller and len(counts) == len(entities) and bare(key):
            top = max((find(first[other]) for other in fuller), key=lambda g: (mentions(g), -g))
            if mentions(top) >= DOMINANT * sum(mentions(g) for g in groups if g != top):
                a, b = sorted((find(first[key]), top))
                root[b] = a
        if len(key) == 1:
            offices = {find(first[other]) for other in first if len(other) == 2 and other[0] == key[0]
                       and other[1] in _OFFICE}
            if len(offices) == 1:
                a, b = sorted((find(first[key]), offices.pop()))
                root[b] = a
    groups_of: dict[int, list[int]] = {}
    for i in range(len(entities)):
        groups_of.setdefault(find(i), []).append(i)
    return list(groups_of.values())


# Words that join a headline's words ('Dunmore Cover Prompts Reply From Ledger'), never a name's (unlike
# 'of', 'and', 'de': 'bank of america'): a run of four or more capitalised words holding one is a headline.
_HEADLINE_WORDS = frozenset(["from", "to", "with", "for", "by", "about", "into", "over", "after", "against",
                             "between", "out", "up", "on", "in", "at", "as", "how", "what", "why", "who",
                             "is", "are", "was", "were", "be", "his", "her", "their", "its", "your", "you", "can",
                             "will", "would", "not", "but", "than", "that", "this"])
_COMPASS = frozenset(["north", "south", "east", "west", "northern", "southern", "eastern", "western",
                      "northeast", "northwest", "southeast", "southwest"])
_ABBREVIATED = frozenset(a for a in ABBREVIATIONS if "." not in a)  # 'st', 'gen', 'aug' (text.ABBREVIATIONS)


def _shown_tag(entity: str) -> bool:
    """Whether a capitalised phrase may be shown as a tag. Not when it is:

    - a contraction that opened a sentence ("i'm");
    - two names run together across a dash ("WASHINGTON — The Supreme Court": an article inside the run);
    - a title or an abbreviation alone ('rep', 'secretary', 'st'): what is left of 'Rep. Ann Lee' or
      'St. Paul' where the sentence split (at every stop, for clustering) cut it off its name;
    - a name ending in an initial ('robert l', 'vice president joseph r'): cut at the initial's stop, its
      surname is in the next sentence (a party letter before a state, 'r calif', is no initial);
    - four or more words holding a word that joins a headline's words, never a name's ('… prompts reply from
      ledger'): a title written in headline case;
    - compass points alone ('east west', from 'East-West'): a direction, no name."""
    words = entity.split()
    if _CONTRACTION.search(entity) or any(w in ("the", "a", "an") for w in words[1:-1]):
        return False
    if len(words) == 1 and (words[0] in _TITLE_WORDS or words[0] in _ABBREVIATED):
        return False
    name, _ = _name_words(entity)
    if len(name) > 1 and len(name[-1]) == 1 and name[-1].isalpha():
        return False
    if len(words) >= 4 and any(w in _HEADLINE_WORDS for w in words[1:]):
        return False
    return not (len(words) > 1 and all(w in _COMPASS for w in words))


def shown_entities(counts: Counter, n: int = 8) -> tuple[str, ...]:
    """The ``n`` names a story's members mention most, as tags for a reader: none that is no name
    (``_shown_tag``); variants of one name shown once (``_variants``), in the form that names it most
    fully, in the fewest words, then the most mentioned ('barack obama' for 'obama', 'president obama' and
    'president barack obama'), its name alone when other words run into it (``_as_shown``), ranked by
    their mentions together. Read from the ``4 * n`` most mentioned. Display only:
    clustering reads the counts as they are."""
    tags = [(e, c) for e, c in counts.most_common(4 * n) if _shown_tag(e)]
    merged = []
    for group in _variants([e for e, _ in tags], [c for _, c in tags]):
        form = max(group, key=lambda i: (len(_name_key(tags[i][0])), _plain(tags[i][0]), -len(tags[i][0].split()),
                                         tags[i][1], -i))
        merged.append((_as_shown(tags[form][0]), sum(tags[i][1] for i in group), group[0]))
    merged.sort(key=lambda t: (-t[1], t[2]))  # most mentioned together first; the earlier at a tie
    return tuple(dict.fromkeys(e for e, _, _ in merged))[:n]
