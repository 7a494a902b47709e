"""Ranges of quantities: 'between 20 and 30 people', '20 to 30 people', '20-30 people', 'ranging from
$5 to $10 billion'. How the two numbers of a range are joined, and what only looks like a range: a score or
a tally ('won 3-2', 'a 5-4 decision', 'a 48 to 52 vote'), a poll's two shares ('44 percent to 49 percent'),
a change ('rose from 20 to 30'), '9-11', a phone number. :mod:`.numbers` reads a range as one quantity
with a lower and an upper value, and only when it is said with what it counts, a unit or a currency."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..names import PARTY_WORDS

__all__ = ["SPANS", "TALLIES", "ends", "joined", "members", "not_a_range", "record_before"]

# What joins the two numbers ('20 to 30', 'between 20 and 30', '1.5-2.5': '20-30' is one number match
# of ``numbers._NUMBER``, its ``second`` part), a currency of the second allowed ('$5 to $10 billion').
_JOIN = re.compile(r"\s+(?P<word>to|and)\s+(?:[$€£¥₹]\s?)?|[-–](?:[$€£¥₹])?")
_BETWEEN = re.compile(r"(?<![\w'’-])between\s+(?:[$€£¥₹]\s?)?$", re.IGNORECASE)
# A word or two making the first number approximate or a bound, between 'from' and it: 'rose from about 20'.
_APPROX = (r"(?:(?:about|around|roughly|approximately|some|nearly|almost|just|an\s+estimated|more\s+than"
           r"|less\s+than|fewer\s+than|over|under)\s+)?")
_FROM = re.compile(r"(?<![\w'’-])from\s+" + _APPROX + r"(?:[$€£¥₹]\s?)?$", re.IGNORECASE)
# 'from 20 to 30' is a range after a word saying so ('sentences ranging from', 'estimates run from'); else
# most often a change ('rose from 20 to 30', 'raise the wage from $7.25 to $15'), two values.
_RANGE_FROM = re.compile(r"(?<![\w'’-])(?:rang(?:e|es|ed|ing)|run(?:s|ning)?|anywhere|somewhere"
                         r"|var(?:y|ies|ied|ying))\s+from\s+" + _APPROX + r"(?:[$€£¥₹]\s?)?$", re.IGNORECASE)
# A change, not a range: 'rose by 12 to 40 people', 'fell 5 to $30', 'the Dow fell 300 to 25,000 points'.
_CHANGE = re.compile(r"(?<![\w'’-])(?:r(?:ose|ise|ises|ising|isen)|f(?:ell|all|alls|alling|allen)|climb(?:s|ed|ing)?"
                     r"|jump(?:s|ed|ing)?|increas(?:e|es|ed|ing)|decreas(?:e|es|ed|ing)|drop(?:s|ped|ping)?"
                     r"|gain(?:s|ed|ing)?|los(?:e|es|t|ing)|declin(?:e|es|ed|ing)|slip(?:s|ped|ping)?"
                     r"|soar(?:s|ed|ing)?|surg(?:e|es|ed|ing)|plung(?:e|es|ed|ing)|gr(?:ew|ow|ows|own|owing)"
                     r"|s(?:ank|ink|inks|inking)|slid(?:e|es|ing)?|tumbl(?:e|es|ed|ing)|up|down)"
                     r"(?:\s+(?:by|about|some|nearly|almost|roughly|more\s+than|as\s+much\s+as))*\s+(?:[$€£¥₹]\s?)?$",
                     re.IGNORECASE)
# The two shares of a poll or a vote after a verb of winning: 'Obama led 44 to 49 percent', 'won 52 to 48'.
_TALLY_VERB = re.compile(r"(?<![\w'’-])(?i:led|leads|leading|trail(?:s|ed|ing)?|beat|beats|won|wins|edged|"
                         r"defeated|voted|passed|approved|rejected)\s+(?:[A-Z][\w'’-]*\s+){0,3}$")
_CURRENCY_BEFORE = re.compile(r"[$€£¥₹]\s?$")
_PERCENT = frozenset(["%", "percent", "per cent"])
#: Nouns of the two numbers of a score or a tally, never of a range: 'a 48-52 vote', 'a 2-3 record'.
TALLIES = frozenset(["vote", "votes", "decision", "decisions", "ruling", "rulings", "verdict", "margin",
                     "majority", "split", "win", "wins", "victory", "loss", "losses", "defeat", "score",
                     "lead", "tie", "record", "ratio", "odds", "tally", "count", "edge", "advantage",
                     "deficit", "finish", "season", "game", "games", "series", "ballot", "punch", "defense",
                     "mark", "home", "road", "away", "start", "streak", "conference", "division", "league"])

#: Nouns of the time a range from 0 spans, an age ('children aged 0-14 years'): no tally's things.
SPANS = frozenset(["year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours",
                   "minute", "minutes"])
# What says a hyphenated pair before a capitalised plural is a team's record, not a count: a determiner or a
# possessive ('the 0-14 Lions', 'Detroit's 2-13 Chiefs', 'a 15-17 Bulldogs team').
_DETERMINER = re.compile(r"(?:(?<![\w'’-])(?:the|a|an|this|that|these|those|their|his|her|its|our|your|my)"
                         r"|['’]s?)\s+(?:[$€£¥₹]\s?)?$", re.IGNORECASE)


def record_before(before: str) -> bool:
    """Whether the text ``before`` a hyphenated pair of numbers said with a capitalised plural makes it a
    team's record ('the 0-14 Lions', 'Detroit's 2-13 Chiefs', 'beat 15-17 Bulldogs'), not a count of a
    group ('20-30 Democrats voted no')."""
    return bool(_DETERMINER.search(before) or _TALLY_VERB.search(before))


def members(noun: str) -> bool:
    """Whether a capitalised plural counts the members of a party ('Democrats', 'Tories'): people, never a team
    whose record a hyphenated pair before it may be ('the 20-30 Democrats', not 'the 20-30 Lions')."""
    one = noun[:-3] + "y" if noun.endswith("ies") else noun.removesuffix("s")
    return one != noun and one in PARTY_WORDS


def joined(text: str, a: re.Match, b: re.Match) -> int | None:
    """Where the range the numbers ``a`` and ``b`` of ``text`` make starts as it is shown ('between' of
    'between 20 and 30'; the first number, or its currency, of '20 to 30' and 'ranging from 20 to 30'),
    or None when they make no range: 'and' only after 'between', 'from ... to' only after a word
    saying a range ('ranging from'), no share of a poll ('44 percent to 49 percent')."""
    join = _JOIN.fullmatch(text, a.end(), b.start())
    if join is None or a["second"] or a["plus"] or b["second"] or b["plus"]:
        return None
    before = text[max(0, a.start() - 40):a.start()]
    start = a.start() - len(before) + len(before.rstrip("$€£¥₹ "))
    if join["word"] == "and":
        between = _BETWEEN.search(before)
        return a.start() - len(before) + between.start() if between else None
    if join["word"] == "to":
        if _FROM.search(before):
            return start if _RANGE_FROM.search(before) else None
        if (a["unit"] or "").strip(" ”\"’") in _PERCENT:  # a poll: 'Obama 49 percent to 44 percent'
            return None
        if _TALLY_VERB.search(before):  # 'led 44 to 49 percent', 'won 52 to 48'
            return None
        if _CHANGE.search(before) and (b["unit"] or "").strip(" ”\"’") not in _PERCENT:
            return None  # a change to a new value ('rose by 12 to 40 people'); 'rose 5 to 10 percent' is a range
        if _CURRENCY_BEFORE.search(before) and not _CURRENCY_BEFORE.search(text[a.end():b.start()]) \
                and not (b["unit"] or "").strip():  # 'gave $10 to 20 charities': a sum, then a count
            return None
    return start


def not_a_range(value: str, second: str) -> bool:
    """Whether a hyphenated pair of numbers ('20-30') is something else than a range: '9-11', a phone
    number ('555-1234')."""
    if (value, second) == ("9", "11"):
        return True
    return "," not in value + second and len(value) == 3 and len(second) == 4


def ends(low: str, low_unit: str, high: str, high_unit: str,
         amount: Callable[[str, str], float]) -> tuple[float, float, str] | None:
    """The lower and upper values of a range of numbers ``low`` and ``high`` (as written) with their
    units (``amount`` gives a number's value with its unit), and its key ('20-30', '5-10 percent',
    '500,000 to 1.6 million'); None when the units do not fit or the first value is not the lower. The
    first number said without a unit is in the unit of the second ('5 to 10 million'), unless that
    would put it above the second ('500,000 to 1.6 million')."""
    if low_unit and high_unit != low_unit:  # '5 percent to 10 people', '$500 million to $1.2 billion'
        if not high_unit or low_unit in _PERCENT or high_unit in _PERCENT:
            return None
        lo, hi = amount(low, low_unit), amount(high, high_unit)
        return (lo, hi, f"{low} {low_unit} to {high} {high_unit}") if lo < hi else None
    lo, hi = amount(low, high_unit), amount(high, high_unit)
    unit = "%" if high_unit == "%" else f" {high_unit}" if high_unit else ""
    key = f"{low}-{high}{unit}"
    if lo >= hi and high_unit and high_unit not in _PERCENT and not low_unit and amount(low, "") >= 1000:
        lo, key = amount(low, ""), f"{low} to {high}{unit}"  # '500,000 to 1.6 million'; not '$20 to $10 billion'
    return (lo, hi, key) if lo < hi else None
