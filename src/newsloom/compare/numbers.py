"""Numbers in coverage: the quantities each source states (value, unit or scale, currency, the noun
they count), which sources state the same fact, and near-equal values of one thing stated differently."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from ..model import SharedNumber
from ..text import is_abbreviation
from . import ranges
from .text import FactTerms, Linked, same_fact, stem

__all__ = ["Figure", "compared_figures", "consistent", "differing_numbers", "extract_numbers", "shared_numbers"]

_NUMBER = re.compile(
    r"(?<![\w.,:])(?P<value>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:[-–](?P<second>\d{1,3}(?:,\d{3})+|\d+)(?![.,]\d))?"  # a tally or a score: '98-0', '5-4 decisions'
    r"(?P<plus>-plus\b|\+)?(?!\w|,\d|:\d)"
    # its unit or scale, a closing quote mark allowed between: '“we’re asking for $5.6” billion'
    r"(?P<unit>[”\"’]?\s*(?:%|(?:percent|per cent|million|billion|trillion|thousand)\b))?")
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_CURRENCY = re.compile(r"([$€£¥₹])\s?$")  # '$750,000': the amount's currency, before it
_CLOCK = re.compile(r"\s*([ap])\.?m\.?(?![A-Za-z])", re.IGNORECASE)  # '9 p.m.': a time of day, not a count
_MONTHS = frozenset(["january", "february", "march", "april", "may", "june", "july", "august", "september",
                     "october", "november", "december"])
# Words that follow a number without saying what it counts: '12 and 13, respectively', '$10 monthly',
# '700 billion out of', 'Redemption 2 isn't'.
_NOT_NOUNS = frozenset(["respectively", "apiece", "ago", "later", "earlier", "out", "up", "down", "off", "back",
                        "away", "again", "too", "alone", "altogether", "combined", "overall", "instead", "less",
                        "plus", "minus", "p", "pm", "am"])
_LY_NOUNS = frozenset(["family", "assembly", "supply", "rally", "ally", "anomaly", "monopoly", "butterfly",
                       "belly", "jelly", "bully", "lily", "fly", "reply", "italy", "july"])
# A compound of a number: '21-year veteran', '10-year-old lawsuit', '200-meter flag' (what it measures, first).
_COMPOUND = re.compile(r"-([a-z][a-z]+)((?:-[a-z]+)*)\b")
_YEAR_VALUE = re.compile(r"(?:19|20)\d\d")
#: Least relative difference at which two values of one thing are more than a rounding apart (1.5 and 1.6
#: million women: 6%; 20 and 21 years: 5%).
NEAR_VALUES = 0.1
#: How far an approximation ('about 100', 'some 20', 'nearly 1.5 million') reaches from its value: 5%, half of
#: ``NEAR_VALUES``. A rounded figure stands for the values that round to it ('about 20': 19 to 21); as wide
#: as ``NEAR_VALUES``, an approximation would agree with every value it could be told apart from.
APPROXIMATE = 0.05
# Words before a number that make it a bound or an approximation, by the values they allow: (low, high)
# as multiples of the value, and whether each end is left out ('more than 20': above 20; 'at least 20':
# 20 or above). A longer phrase wins over its tail ('no more than' is not 'more than'). Quantities said in
# words ('dozens of', 'hundreds of') are no figures here: only numbers written in digits are read.
_OVER, _AT_LEAST = (1.0, math.inf, True, False), (1.0, math.inf, False, False)
_UNDER, _UP_TO = (0.0, 1.0, False, True), (0.0, 1.0, False, False)
_ROUNDED = APPROXIMATE + 1e-9  # a hair wider: 20 * 1.05 is not quite 21 in floating point
_NEARLY, _ABOUT = (1 - _ROUNDED, 1.0, False, False), (1 - _ROUNDED, 1 + _ROUNDED, False, False)
_QUALIFIERS = {
    **dict.fromkeys(["more than", "over", "above", "exceeding", "upwards of", "in excess of"], _OVER),
    **dict.fromkeys(["at least", "no fewer than", "no less than", "not less than", "as few as", "as little as",
                     "a minimum of"], _AT_LEAST),
    **dict.fromkeys(["fewer than", "less than", "under", "below"], _UNDER),
    **dict.fromkeys(["up to", "at most", "no more than", "not more than", "as many as", "as much as",
                     "a maximum of"], _UP_TO),
    **dict.fromkeys(["nearly", "almost", "close to"], _NEARLY),
    **dict.fromkeys(["about", "around", "roughly", "approximately", "some", "an estimated", "estimated"], _ABOUT),
}
# Qualifiers that name an end of a range said after them ('a minimum of 20 to 30'), not a bound of it.
_RANGE_ENDS = frozenset(["a minimum of", "a maximum of"])
_QUALIFIER = re.compile(r"(?<![\w'’-])(" + "|".join(q.replace(" ", r"\s+") for q in _QUALIFIERS)
                        + r")\s+(?:[$€£¥₹]\s?)?$", re.IGNORECASE)
_NEXT_WORD = re.compile(r"\s+([A-Za-z][A-Za-z'’-]*)")
_MONTH = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+$")
_MONTH_AFTER = re.compile(r"(?:st|nd|rd|th)?\s+(?:of\s+)?(?:January|February|March|April|May|June|July|August"
                          r"|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?")
_FUNCTION = frozenset(["a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "by", "for",
                       "from", "with", "without", "into", "onto", "over", "under", "near", "since", "until",
                       "than", "as", "per", "via", "about", "around", "across", "after", "before", "during",
                       "against", "among", "between", "through", "toward", "towards", "within", "is", "are",
                       "was", "were", "be", "been", "being", "am", "has", "have", "had", "do", "does", "did",
                       "will", "would", "shall", "should", "can", "could", "may", "might", "must", "that",
                       "which", "who", "whom", "whose", "what", "when", "where", "while", "if", "this",
                       "these", "those", "there", "here", "it", "its", "they", "them", "their", "he", "she",
                       "his", "her", "we", "our", "you", "your", "i", "me", "my", "us", "so", "not", "no",
                       "also", "only", "just", "already", "still", "yet", "even", "each"])
_ADJECTIVES = frozenset(["new", "more", "other", "additional", "extra", "further", "young", "old", "small",
                         "large", "big", "few", "many", "several", "total", "active", "armed", "own", "fresh",
                         "key", "main", "major", "minor", "senior", "junior", "top", "former", "current",
                         "local", "foreign", "full", "half", "last", "next", "first"])
_ADJECTIVE_ENDINGS = ("al", "ic", "ive", "ous", "ful", "less", "able", "ible", "ian", "ese", "ish", "ary",
                      "ed", "ing")
# Nouns ending in -ed: neither verbs nor adjectives ('3 hundred', 'a 4 speed gearbox', '2 bed flat').
_ED_NOUNS = frozenset(["hundred", "bed", "red", "shed", "sled", "seed", "speed", "need", "feed", "weed",
                       "deed", "breed", "creed", "greed", "reed"])
# Participles that say what befell the people counted: casualty reports count people by them ('3 killed,
# 12 injured'), so one is kept when no noun follows.
_COUNTED_PARTICIPLES = frozenset(["killed", "injured", "wounded", "arrested", "detained", "displaced",
                                  "evacuated", "rescued", "hospitalized", "hospitalised", "infected",
                                  "trapped", "stranded", "kidnapped", "abducted", "jailed", "charged",
                                  "convicted", "accused", "deceased", "affected", "confirmed"])
# Verb forms without -ed that follow a number as its verb: reporting verbs and the commonest irregular
# past tenses ('5 said', '$7,000 paid to', '10 held by'). Forms that are also nouns ('won', 'rose', 'saw',
# 'cut') are left out.
_VERBS = frozenset(["say", "says", "said", "told", "think", "thinks", "thought", "believe", "believes",
                    "knew", "went", "came", "made", "held", "paid", "left", "lost", "fell", "got", "took",
                    "gave", "sent", "spent", "met", "ran", "stood", "fought", "sold", "built", "grew", "flew",
                    "began", "became"])


def _adjective(word: str) -> bool:
    return word in _ADJECTIVES or (len(word) > 4 and word.endswith(_ADJECTIVE_ENDINGS)
                                   and word not in _ED_NOUNS)


def _verb(word: str) -> bool:
    """Whether ``word`` (lower case) after a number is a verb form: what the things counted did or
    had done to them ('30 died', '12 fled', '5 said', 'the 30 chugged', '10,000 gathered for'), never
    what they are. A past tense or participle in -ed, save nouns ('4 speed'), adjectives ('armed',
    'undocumented') and the participles casualty reports count people by ('3 killed'); or one of
    the common verb forms without -ed (``_VERBS``)."""
    if word in _VERBS:
        return True
    return (word.endswith("ed") and word not in _ED_NOUNS and word not in _COUNTED_PARTICIPLES
            and word not in _ADJECTIVES and not word.startswith("un"))


def _adverb(word: str) -> bool:
    """'respectively', 'roughly', 'annually' (not 'family', 'rally' or 'daily', which may be counted)."""
    return len(word) > 4 and word.endswith("ly") and word not in _LY_NOUNS


def _may_count(word: str) -> bool:
    """Whether ``word`` (lower case) may say what a number counts: not a month ('12 March'), a
    contraction ("2 isn't") or a word that never does ('respectively', 'out', 'ago')."""
    return (len(word) > 1 and word not in _NOT_NOUNS and word not in _MONTHS
            and not word.endswith(("n't", "n’t")))


def _capitalised_noun(word: str, nxt: str | None, then: str | None = None) -> bool:
    """Whether a capitalised ``word`` after a number is what it counts: a plural ('10 Democrats
    facing', '13 million elderly Americans out of') not followed by a lower-case noun ('3,000 Yankees
    caps', '40 Fox News staff', 'Gardens gang member'). A lower-case word ``nxt`` that is no plural, with
    no other lower-case word but a function word after it (``then``: None at a punctuation mark or the
    end), is its verb ('20 Democrats oppose the bill', '40 Britons want a vote', '20 Democrats abstain.')."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "'s", "’s")):
        return False
    if nxt is None or not nxt[0].islower():
        return True
    low = nxt.lower()
    if low in _FUNCTION or _verb(low) or low.endswith("ing") or not _may_count(low):
        return True
    return not _plural(low) and (then is None or not then[0].islower() or then in _FUNCTION)


# Plurals without an -s: what a capitalised word before them may describe ('40 Fox News staff', '3 CBS News people').
_PLURALS = frozenset(["people", "men", "women", "children", "police", "staff", "personnel", "crew", "crews",
                      "folk", "youth", "cattle"])


def _plural(word: str) -> bool:
    """Whether ``word`` (lower case) may be a plural noun: in -s (not 'press', 'focus', 'this'), or one
    without ('people', 'staff'). A plural subject's verb in the present has no -s ('20 Democrats oppose')."""
    return word in _PLURALS or (word.endswith("s") and not word.endswith(("ss", "us", "is")))


def _head_noun(rest: str) -> str | None:
    """The noun a number counts, from the text right after it: '4,000 new troops in' -> 'troops',
    'more than 150,000 Russian troops were' -> 'troops', '11 Pacific Rim nations' -> 'nations'.
    Adjectives are passed over; one is kept only when no noun follows ('3 killed'). Verb forms are
    passed over and never kept: '30 died in' says nothing about what is counted, '6 blocked shots'
    counts shots."""
    fallback, pos = None, 0
    for _ in range(4):
        w = _NEXT_WORD.match(rest, pos)
        if not w:
            break
        word, low = w.group(1), w.group(1).lower().rstrip("'’")
        if low in _FUNCTION or not _may_count(low):
            break
        nxt = _NEXT_WORD.match(rest, w.end())
        if _adverb(low) or (word[0].islower() and _verb(low)):  # passed over, never what is counted
            pass
        elif word[0].isupper():  # a capitalised adjective ('Russian') counts only before another word
            then = nxt and _NEXT_WORD.match(rest, nxt.end())
            if _capitalised_noun(word, nxt and nxt.group(1), then and then.group(1)):
                return word
            if not nxt or (nxt.group(1)[0].islower() and nxt.group(1).lower() in _FUNCTION):
                break
        elif not _adjective(low):
            if (nxt and not low.endswith("s") and nxt.group(1).islower() and nxt.group(1).endswith("s")
                    and nxt.group(1) not in _FUNCTION and rest[w.end():nxt.start() + 1].isspace()):
                return nxt.group(1)  # a compound: '2,300 dock workers' -> 'workers'
            return low
        else:
            fallback = low
        pos = w.end()
        if rest[pos:pos + 1] in (",", ".", ";", ":", ")", "!", "?"):
            break
    return fallback


@dataclass(frozen=True, slots=True)
class Figure:
    """A quantity as a source states it: ``key`` its value with its unit ('1.5 million', '48%',
    '98-0'), ``label`` as shown ('1.5 million women', '$5.7 billion', '21-year veteran'), ``noun``
    what it counts or measures ('women', 'year'; None when unsaid), ``currency``, ``amount`` its size
    (None for a tally), whether it is said with anything telling what it is (``context``: a noun, a
    unit, a currency, a time of day, the shape of a tally), the terms of its sentence, the words
    that make it a bound or an approximation (``qualifier``, lower case: 'more than', 'about'), and
    for a range ('between 20 and 30 people', key '20-30', label as written) its upper value
    (``upper``; ``amount`` the lower)."""

    key: str
    label: str
    noun: str | None = None
    currency: str = ""
    amount: float | None = None
    context: bool = False
    fact: FactTerms | None = None
    qualifier: str = ""
    upper: float | None = None

    @property
    def said(self) -> str:
        """The quantity as shown where sources give it differently: with its qualifier ('over 20 years')."""
        return f"{self.qualifier} {self.label}" if self.qualifier else self.label


def _qualifier(text: str, start: int) -> str:
    """The words before the number at ``start`` of ``text`` that bound it or make it approximate ('more than
    $5 billion': 'more than'), else ''."""
    m = _QUALIFIER.search(text, max(0, start - 30), start)
    return " ".join(m.group(1).lower().split()) if m else ""


# An emergency number named with what it is for: '911 call', '999 operator', '112 dispatcher' count nothing.
_EMERGENCY = re.compile(r"\s*(?:call|calls|caller|callers|dispatcher|dispatchers|operator|operators|center|centre"
                        r"|centers|centres|line|lines|system|tape|tapes|recording|recordings|supervisor|emergency)\b",
                        re.IGNORECASE)


def _skipped(text: str, m: re.Match) -> bool:
    """A number that is no quantity: a year or a span of years, a day of the month, a rank ('No. 2'), an
    emergency number ('a 911 call')."""
    value, unit = m["value"], m["unit"]
    if _YEAR_VALUE.fullmatch(value) and not unit and (not m["second"] or len(m["second"]) in (2, 4)):
        return True
    if value in ("911", "999", "112") and not unit and not m["second"] and _EMERGENCY.match(text, m.end()):
        return True
    before = text[max(0, m.start() - 12):m.start()]
    if _MONTH.search(before) or before.rstrip().endswith("#"):  # a day of the month, a rank
        return True
    if not unit and _MONTH_AFTER.match(text, m.end()):  # '12 March': a day of the month
        return True
    return before.rstrip().endswith(".") and is_abbreviation(before.rstrip())  # 'No. 2 official'


def _amount(value: str, unit: str) -> float:
    return float(value.replace(",", "")) * _SCALES.get(unit, 1.0)


def _figure(text: str, m: re.Match) -> Figure | None:
    """The quantity ``m`` matched in ``text``, with its unit, currency and the noun it counts."""
    if _skipped(text, m):
        return None
    unit = (m["unit"] or "").strip(" ”\"’")
    value = m["value"] + (f"-{m['second']}" if m["second"] else "") + ("-plus" if m["plus"] else "")
    key = value + unit if unit == "%" else " ".join(p for p in (value, unit) if p)
    currency = _CURRENCY.search(text[max(0, m.start() - 12):m.start()])
    cur = currency.group(1) if currency else ""
    amount = None if m["second"] or m["plus"] else _amount(m["value"], unit)
    context = bool(unit or cur or m["second"])
    clock = None if unit else _CLOCK.match(text, m.end())
    if clock:  # '9 p.m.' is a time of day: said with it, not with a noun
        return Figure(key, f"{cur}{key} {clock.group(1).lower()}.m.", currency=cur, context=True)
    compound = _COMPOUND.match(text, m.end())
    end = compound.end() if compound else m.end()
    noun = _head_noun(text[end:end + 80])
    label = cur + key + (compound.group(0) if compound else "") + (f" {noun}" if noun else "")
    measure = compound.group(1) if compound else noun
    return Figure(key, label, measure, cur, amount, context or measure is not None,
                  qualifier=_qualifier(text, m.start()) if amount is not None else "")


def _range(text: str, a: re.Match, b: re.Match | None) -> Figure | None:
    """The range the numbers ``a`` and ``b`` of ``text`` make ('between 20 and 30 people'), or ``a``
    alone ('20-30 people', ``b`` None), with the noun it counts, a unit or a currency; None when they
    make none (``ranges.joined``), are no quantities (``_skipped``: years, days of the month), say
    nothing of what they are or count a tally's things ('a 2-3 record', 'the 2-13 Chiefs': ``_record``), or
    end in a time of day. The words before it that bound it or make it approximate are its ``qualifier``,
    as a single value's ('about 20 to 30 people', 'as many as 20-30 people')."""
    if b is None:
        if not a["second"] or a["plus"] or ranges.not_a_range(a["value"], a["second"]):
            return None
        cur = _CURRENCY.search(text[max(0, a.start() - 12):a.start()])
        start = a.start() - (len(cur.group(0)) if cur else 0)
        low, high, low_unit, end = a["value"], a["second"], "", a.end()
    else:
        start = ranges.joined(text, a, b)
        if start is None or _skipped(text, b):
            return None
        low, high, low_unit, end = a["value"], b["value"], (a["unit"] or "").strip(" ”\"’"), b.end()
    unit = (b or a)["unit"]
    if _skipped(text, a) or (not unit and _CLOCK.match(text, end)):  # '9 to 11 p.m.'
        return None
    currencies = {c.group(1) for n in (a, b) if n is not None
                  and (c := _CURRENCY.search(text[max(0, n.start() - 12):n.start()]))}
    found = ranges.ends(low, low_unit, high, (unit or "").strip(" ”\"’"), _amount)
    if found is None or len(currencies) > 1:  # '$5 to €10'
        return None
    compound = _COMPOUND.match(text, end)
    after = compound.end() if compound else end
    noun = _head_noun(text[after:after + 80])
    measure = compound.group(1) if compound else noun
    if not (unit or currencies or measure) or (measure or "").lower() in ranges.TALLIES:
        return None
    if b is None and _record(text, start, after, measure, low, unit):  # a record: 'the 0-14 Lions'
        return None
    said = " ".join(text[start:end].replace("”", "").replace('"', "").split())
    said = "b" + said[1:] if said.startswith("Between") else said  # as written, but mid-sentence
    label = said + (compound.group(0) if compound else "") + (f" {noun}" if noun else "")
    qualifier = _qualifier(text, start if text[start:a.start()].strip("$€£¥₹ ") else a.start())
    if qualifier in _RANGE_ENDS:  # 'a minimum of $888,600 to $1.4 million': its lower end, no bound of it
        qualifier = ""
    return Figure(found[2], label, measure, "".join(currencies), found[0], True, qualifier=qualifier,
                  upper=found[1])


def _record(text: str, start: int, after: int, measure: str | None, low: str, unit: str | None) -> bool:
    """Whether a hyphenated pair of numbers from ``start`` of ``text``, said with ``measure`` from
    ``after`` (and ``unit``), is a team's record rather than a range: said with a capitalised word that
    is not the plural it counts, or after a determiner or a verb of winning ('the 0-14 Lions', 'beat
    15-17 Bulldogs'; not '20-30 Democrats', nor 'the 20-30 Democrats': a party's members, ``ranges.members``),
    or from 0 ('0-3 start') unless a unit or a time it spans says what it is ('0-5%', 'children aged 0-14
    years')."""
    if low == "0" and not unit and (measure or "").lower() not in ranges.SPANS:
        return True
    nxt = _NEXT_WORD.match(text, after)
    if nxt is None or not nxt.group(1)[0].isupper():
        return False
    if nxt.group(1) != measure:
        return True
    return ranges.record_before(text[max(0, start - 60):start]) and not ranges.members(measure)


def _figures(text: str, fact: FactTerms | None = None) -> list[Figure]:
    """Each quantity of ``text`` (a sentence, with its ``fact_terms``); a range ('20 to 30 people') one."""
    found = []
    matches = list(_NUMBER.finditer(text))
    k = 0
    while k < len(matches):
        m = matches[k]
        fig = _range(text, m, matches[k + 1]) if k + 1 < len(matches) else None
        k += 1 if fig is None else 2
        fig = fig or _range(text, m, None) or _figure(text, m)
        if fig is not None:
            found.append(replace(fig, fact=fact))
    return found


def _numbers(text: str) -> list[tuple[str, str]]:
    """(value with unit, value with unit and noun) for each quantity of ``text``."""
    return [(f.key, f.label) for f in _figures(text)]


def _merge_numbers(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Once each, a bare value left out when the same value is also given with its noun."""
    pairs = list(dict.fromkeys(pairs))
    labelled = {key for key, label in pairs if label != key}
    return [(key, label) for key, label in pairs if label != key or key not in labelled]


def extract_numbers(text: str) -> list[str]:
    """Numbers with their unit or the noun they count: '150,000 troops', '4,000 troops', '3.5 percent'."""
    return [label for _, label in _merge_numbers(_numbers(text))]


def compared_figures(sentences: Sequence[tuple[str, FactTerms]],
                     known: dict[str, list[Figure]] | None = None) -> list[Figure]:
    """The quantities of an article that are compared across sources: those said with what they are
    (a bare '48', an age, a docket number, are not), each with the terms of its sentence. ``known``
    keeps each sentence's quantities for the next article that carries it (one comparison's)."""
    known = {} if known is None else known
    out = []
    for sent, ft in sentences:
        figs = known.get(sent)
        if figs is None or (figs and figs[0].fact is not ft):
            figs = known[sent] = [f for f in _figures(sent, ft) if f.context]
        out.extend(figs)
    return out


def _noun_key(noun: str | None) -> str | None:
    """A noun as nouns are compared: 'years', 'year' -> 'year'; 'Democrats' -> 'democrat'."""
    if noun is None:
        return None
    low = noun.lower()
    return low[:-1] if len(low) > 3 and low.endswith("s") and not low.endswith("ss") else low


def _shared_words(a: Figure, b: Figure) -> frozenset[str]:
    """The content words the sentences of two quantities share, besides numbers, the nouns and scales."""
    if a.fact is None or b.fact is None:
        return frozenset()
    own = {stem(w) for f in (a, b) for w in (f.noun, _noun_key(f.noun), *f.key.split()[1:]) if w}
    return (a.fact.sentence.words & b.fact.sentence.words) - a.fact.sentence.numbers - own


def _same_noun(a: Figure, b: Figure) -> bool:
    """Whether two quantities count the same thing: the same noun, one said without one, or the
    sentence of one naming what the other counts ('150,000 troops'; '4,000 new troops and 150,000
    soldiers')."""
    ka, kb = _noun_key(a.noun), _noun_key(b.noun)
    if ka is None or kb is None or ka == kb:
        return True
    return any(f.fact is not None and stem(g.noun or "") in f.fact.sentence.words for f, g in ((a, b), (b, a)))


# Nouns that measure rather than count: one value in two of them is two quantities ('100,000 gallons',
# '100,000 pounds'), never one thing named two ways.
_MEASURES = frozenset(_noun_key(w) for w in (
    "year", "month", "week", "day", "hour", "minute", "second", "mile", "kilometer", "kilometre", "km", "meter",
    "metre", "feet", "foot", "inch", "yard", "acre", "hectare", "square", "gallon", "liter", "litre", "barrel",
    "pound", "ton", "tonne", "kilogram", "kilo", "kg", "gram", "ounce", "degree", "point", "dollar", "euro",
    "cent", "percent", "mph", "megawatt", "kilowatt", "watt", "calorie", "byte", "share", "vote", "time"))
_DIGITS = re.compile(r"([\d,.]+)\D*")
#: Significant digits of an exact value that two sources give with different nouns for one thing ('689,800 DACA
#: recipients', '689,800 Dreamers', '$447 billion'): a round value ('12,000 homes', '12,000 people'; '2 million
#: customers', '2 million residents') counts two things of one story too often, however large.
DISTINCTIVE_DIGITS = 3


def _one_thing_two_names(a: Figure, b: Figure) -> bool:
    """Whether two quantities of different nouns are one thing named two ways ('689,800 DACA recipients',
    '689,800 Dreamers'): one exact value, too precise to count two things of a story by chance
    (``DISTINCTIVE_DIGITS``), nothing measured ('100,000 gallons', '100,000 pounds'), in sentences sharing a
    word besides them (``_same_claim`` asks the same fact of them too)."""
    if a.amount is None or a.amount != b.amount or a.upper is not None or b.upper is not None:
        return False
    if a.qualifier or b.qualifier or _noun_key(a.noun) in _MEASURES or _noun_key(b.noun) in _MEASURES:
        return False
    if a.key.endswith(("%", "percent", "per cent")):  # a share: of what, its noun says
        return False
    written = _DIGITS.fullmatch(a.key.split()[0])
    if written is None or len(written.group(1).replace(",", "").replace(".", "").strip("0")) < DISTINCTIVE_DIGITS:
        return False
    return bool(_shared_words(a, b))


def _same_claim(a: Figure, b: Figure) -> bool:
    """Whether two sources' quantity of one key states one fact: they agree on what it counts
    (``_same_noun``, or one thing named two ways: ``_one_thing_two_names``), on the currency, on a value
    (``consistent``: not 'more than 20 homes' and 'fewer than 20 homes'), and their sentences state the same
    fact (``same_fact``)."""
    if a.currency and b.currency and a.currency != b.currency:
        return False
    if not _same_noun(a, b) and not _one_thing_two_names(a, b):
        return False
    if a.amount is not None and b.amount is not None and not consistent(a, b):
        return False
    return a.fact is not None and b.fact is not None and same_fact(a.fact, b.fact)


def _values(f: Figure) -> tuple[float, float, bool, bool]:
    """The values ``f`` (an amount) allows: (lowest, highest, whether each is left out). An exact figure
    allows its value only; 'more than 20' any above 20, 'about 100' 95 to 105 (``APPROXIMATE``), a range
    its values ('between 20 and 30': 20 to 30), its qualifier reaching from its ends as from one value
    ('about 20 to 30': 19 to 31.5; 'as many as 20 to 30': up to 30; 'at least 20 to 30': 20 or above)."""
    amount = f.amount or 0.0
    low, high, low_out, high_out = _QUALIFIERS.get(f.qualifier, (1.0, 1.0, False, False))
    return amount * low, (amount if f.upper is None else f.upper) * high, low_out, high_out


def _direction(f: Figure) -> int:
    """Which way a bound reaches from its value: 1 above ('more than', 'at least'), -1 below ('fewer than',
    'up to', 'nearly'), 0 neither (an exact value, 'about')."""
    low, high, _, _ = _QUALIFIERS.get(f.qualifier, (1.0, 1.0, False, False))
    return 1 if low >= 1.0 and high > 1.0 else -1 if high <= 1.0 and low < 1.0 else 0


def consistent(a: Figure, b: Figure) -> bool:
    """Whether one value could make both quantities (amounts) true: 'over 20 years' and '21 years', 'about
    100' and '97'; not 'more than 20' and '18', nor two different exact values. One value said with a bound
    and without ('more than 150,000 troops', '150,000 troops') is one figure rounded; only bounds reaching
    opposite ways may exclude each other ('more than 20' and 'fewer than 20'). A range ('20 to 30 people')
    agrees with the values in it and the ranges it overlaps, its ends included ('between 20 and 30' and
    'fewer than 20' do not agree)."""
    if a.upper is None and b.upper is None and a.amount == b.amount and _direction(a) * _direction(b) >= 0:
        return True
    (la, ha, la_out, ha_out), (lb, hb, lb_out, hb_out) = _values(a), _values(b)
    low, low_out = max((la, la_out), (lb, lb_out))  # the higher low end; at a tie, the one left out
    high, high_in = min((ha, not ha_out), (hb, not hb_out))  # the lower high end; at a tie, the one left out
    return low < high or (low == high and not low_out and high_in)


def _gap(a: Figure, b: Figure) -> float:
    """How far apart the values of two quantities (amounts) are, relative to the higher: of a range
    ('20 to 30'), its end nearer the other ('20 to 30' and '32': 2/32); 0 or below where they meet."""
    low = max(a.amount or 0.0, b.amount or 0.0)
    return (low - min(a.amount if a.upper is None else a.upper, b.amount if b.upper is None else b.upper)) / low


def _near(a: Figure, b: Figure) -> bool:
    """Whether two quantities are near-equal values of one thing that cannot both be true (``consistent``):
    the same noun (an amount of money said without one, '$6 billion', may be any sum), currency and unit
    kind, values less than ``NEAR_VALUES`` apart (``_gap``; one value with bounds no value meets: 'more than
    20' and 'fewer than 20'), in sentences sharing a word besides them."""
    if a.amount is None or b.amount is None or not a.amount or not b.amount:
        return False
    if consistent(a, b):  # 'over 20 years' and '21-year veteran': no dispute
        return False
    ka, kb = _noun_key(a.noun), _noun_key(b.noun)
    if ka != kb or ka is None or a.currency != b.currency:
        return False
    if a.key.endswith("%") != b.key.endswith("%"):
        return False
    return _gap(a, b) < NEAR_VALUES and bool(_shared_words(a, b))




def _classes(items: Sequence[tuple[str, Figure]]) -> list[list[int]]:
    """``items`` (article id, quantity) in classes of quantities that are the same for ``_near`` and
    ``_same_claim`` (everything but the label as shown), each in item order, by first item: the many
    copies of one sentence are compared once."""
    classes: dict[tuple, list[int]] = defaultdict(list)
    for k, (_, f) in enumerate(items):
        classes[(f.key, f.noun, f.currency, f.amount, f.upper, f.fact, f.qualifier)].append(k)
    return list(classes.values())


class _Links:
    """The groups of items that links between classes of items make (``Linked.join_across``), each
    pair of classes compared once, and not at all when its link could join nothing new."""

    def __init__(self, items: Sequence[tuple[str, Figure]], linked: Callable[[Figure, Figure], bool]) -> None:
        self.items, self.linked = items, linked
        self.owners = [aid for aid, _ in items]
        self.groups = Linked(len(items))
        self.settled: set[int] = set()  # classes (by first item) whose items are in one group

    def _together(self, members: list[int]) -> bool:
        if members[0] in self.settled or len(members) == 1:
            return True
        if self.groups.together(members):
            self.settled.add(members[0])
            return True
        return False

    def compare(self, xs: list[int], ys: list[int]) -> None:
        """Link the classes ``xs`` and ``ys`` (item indices; the same list for a class with itself)
        when ``linked`` says their quantities are linked."""
        if xs is ys:
            if len({self.owners[k] for k in xs}) < 2 or self._together(xs):
                return
        elif (self._together(xs) and self._together(ys)
              and self.groups.find(xs[0]) == self.groups.find(ys[0])):
            return
        if self.linked(self.items[xs[0]][1], self.items[ys[0]][1]):
            self.groups.join_across(xs, ys, self.owners)

    def compare_each(self, xs: list[int], others: Sequence[list[int]]) -> None:
        """``compare`` the class ``xs`` with each of ``others`` (the common case, classes of one
        quantity already in one group, passed over first)."""
        find, settled = self.groups.find, self.settled
        if not self._together(xs):
            for ys in others:
                self.compare(xs, ys)
            return
        root = find(xs[0])
        for ys in others:
            if (len(ys) == 1 or ys[0] in settled) and find(ys[0]) == root:
                continue
            self.compare(xs, ys)
            root = find(xs[0])


def _linked(items: Sequence[tuple[str, Figure]], linked: Callable[[Figure, Figure], bool]) -> list[list[int]]:
    """Groups of ``items`` (article id, quantity) of different articles that ``linked`` connects:
    each class of identical quantities compared once with itself and with every other."""
    classes = _classes(items)
    links = _Links(items, linked)
    for a, xs in enumerate(classes):
        links.compare(xs, xs)
        links.compare_each(xs, classes[a + 1:])
    return links.groups.groups()


def _near_groups(items: Sequence[tuple[str, Figure]]) -> list[list[int]]:
    """The groups ``_linked(items, _near)`` gives, comparing only quantities that may be near: of
    one noun (or currency), unit kind and currency, values less than ``NEAR_VALUES`` apart."""
    buckets: dict[tuple, dict[float, list[list[int]]]] = defaultdict(lambda: defaultdict(list))
    for xs in _classes(items):
        f = items[xs[0]][1]
        noun = _noun_key(f.noun)
        if f.amount and noun is not None:  # _near needs a noun, and a value other than 0
            for amount in {f.amount, f.upper or f.amount}:  # a range by either end ('20 to 30': 20, 30)
                buckets[(noun, f.currency, f.key.endswith("%"))][amount].append(xs)
    links = _Links(items, _near)
    window = 1 - NEAR_VALUES * (1 + 1e-9)  # a little wider than NEAR_VALUES: _near decides
    for by_amount in buckets.values():
        amounts = sorted(by_amount)
        end = 0
        for u, low in enumerate(amounts):
            _compare_bounds(items, links, by_amount[low])
            end = max(end, u + 1)
            while end < len(amounts) and low >= amounts[end] * window:
                end += 1
            if end > u + 1:
                near = [ys for high in amounts[u + 1:end] for ys in by_amount[high]]
                for xs in by_amount[low]:
                    links.compare_each(xs, near)
    return links.groups.groups()


def _compare_bounds(items: Sequence[tuple[str, Figure]], links: _Links, same: list[list[int]]) -> None:
    """Compare the classes of one amount said with bounds reaching opposite ways ('more than 20', 'fewer
    than 20'), and the ranges that end in it with the rest ('20 to 30' and 'fewer than 20'), the only ones
    of one amount that may exclude each other (``consistent``): the many said exactly or as an
    approximation are not compared at all."""
    up = [xs for xs in same if _direction(items[xs[0]][1]) > 0]
    down = [xs for xs in same if _direction(items[xs[0]][1]) < 0]
    if up and down:
        for xs in up:
            links.compare_each(xs, down)
    for xs in same:
        if items[xs[0]][1].upper is not None:
            links.compare_each(xs, [ys for ys in same if ys is not xs])


def claims(figures: Mapping[str, list[Figure]]) -> dict[str, list[tuple[str, Figure]]]:
    """(article id, quantity) of every quantity, by its value with its unit."""
    out: dict[str, list[tuple[str, Figure]]] = defaultdict(list)
    for aid, figs in figures.items():
        for f in figs:
            out[f.key].append((aid, f))
    return out


def shared_number(key: str, items: Sequence[tuple[str, Figure]], group: Sequence[int]) -> SharedNumber | None:
    """The claim ``group`` of ``items`` (all of value ``key``) makes, when more than one source makes it; its
    label the commonest of those saying what the value counts."""
    aids = tuple(dict.fromkeys(items[k][0] for k in group))
    if len(aids) < 2:
        return None
    labels = Counter(items[k][1].label for k in group)
    nouns = {items[k][1].label: items[k][1].noun is not None for k in group}
    return SharedNumber(key, max(labels.items(), key=lambda kv: (nouns[kv[0]], kv[1]))[0], aids, tuple(labels))


def shared_numbers(figures: Mapping[str, list[Figure]]) -> tuple[SharedNumber, ...]:
    """The quantities that more than one source states as the same fact (``_same_claim``)."""
    return tuple(n for key, items in claims(figures).items() for group in _linked(items, _same_claim)
                 if (n := shared_number(key, items, group)) is not None)


def _one_source_gives_two(group: Sequence[int], items: Sequence[tuple[str, Figure]],
                          figures: Mapping[str, list[Figure]]) -> bool:
    """Whether an article of ``group`` states two of its values of the thing it counts ('1.5 million women
    get the fund and 1.6 million women wait'): then the values are of two things."""
    first = items[group[0]][1]
    noun, values = _noun_key(first.noun), {items[k][1].amount for k in group}
    return any(len({f.amount for f in figures[aid] if f.amount in values and _noun_key(f.noun) == noun
                    and f.currency == first.currency}) > 1 for aid in {items[k][0] for k in group})


def differing_numbers(figures: Mapping[str, list[Figure]]) -> tuple[SharedNumber, ...]:
    """Near-equal values of one thing that sources state differently (``_near``): what they count
    as ``value``, the values as ``label`` ('1.5 million women / 1.6 million women'), and each
    source's value in ``labels``, one per entry of ``article_ids``."""
    items = [(aid, f) for aid, figs in figures.items() for f in figs if f.amount is not None]
    out = []
    for group in _near_groups(items):
        if not values_differ(items, group):
            continue
        if _one_source_gives_two(group, items, figures):  # two things, not a dispute
            continue
        out.append(differing_number(items, group))
    return tuple(out)


def values_differ(items: Sequence[tuple[str, Figure]], group: Sequence[int]) -> bool:
    """Whether ``group`` of ``items`` gives more than one value: two amounts, or one with different bounds."""
    return len({(items[k][1].amount, items[k][1].upper, items[k][1].qualifier) for k in group}) > 1


def differing_number(items: Sequence[tuple[str, Figure]], group: Sequence[int]) -> SharedNumber:
    """The values of one thing ``group`` of ``items`` gives differently, smallest first (by the values each
    allows: 'fewer than 20' before 'more than 20'), each as said (``Figure.said``: 'over 20 years', a bound
    shown as a bound)."""
    amounts = {(items[k][0], items[k][1].said): _values(items[k][1])[:2] for k in group}
    entries = [e for e, _ in sorted(amounts.items(), key=lambda kv: kv[1])]  # smallest values first
    first = items[group[0]][1]
    return SharedNumber(first.noun or first.currency, " / ".join(dict.fromkeys(lab for _, lab in entries)),
                        tuple(aid for aid, _ in entries), tuple(lab for _, lab in entries))
