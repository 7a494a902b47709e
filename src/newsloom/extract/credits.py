"""Credits and attribution: bylines, credit lines, datelines, copyright and the wire agency.

The wire agency is only taken from places where a text declares its origin (dateline,
credit line, copyright line, byline, sign-off, page metadata), never from agencies merely
cited in the story ("AP reported", "told Reuters"). Its evidence is the whole credit line (or
the sentence of a long one) that declares it, never a fragment cut at the end of a pattern.

The names in a credit are kept per credit (``Credit.names``); :func:`authors_from_credits`
turns a byline, or failing that the reporters of a credit line, into the article's authors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from newsloom.extract.agencies import (
    AGENCIES,
    NAME_PATTERN,
    TOKEN_PATTERN,
    agency_by_token,
    match_agency_name,
)
from newsloom.model import Credit, WireCredit

__all__ = ["authors_from_credits", "classify_credit", "detect_wire", "find_dateline", "reported_from_place",
           "split_names"]

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_CAPS_WORD = r"[A-ZÀ-Ý][A-ZÀ-Ý.'’]+(?:-[A-ZÀ-Ý.'’]+)*"
_DATELINE_CAPS = re.compile(
    rf"^(?P<place>{_CAPS_WORD}(?: {_CAPS_WORD}){{0,3}}"
    rf"(?:,\s*(?!{_MONTH}\s+\d)[A-Z][\w.]+(?: [A-Z][\w.]+){{0,2}})?)"
    rf"(?:,\s*(?P<date>{_MONTH}\s+\d{{1,2}}))?"
    rf"\s*(?:\((?P<agency>{TOKEN_PATTERN})(?:/[\w-]+)?\))?\s*(?:—|–|--?)\s+")
_DATELINE_AGENCY = re.compile(
    rf"^(?P<place>[A-ZÄÖÜÀ-Ý][\w.'’-]+(?:[ /-][A-ZÄÖÜÀ-Ý][\w.'’-]+){{0,2}})"
    rf"(?:,\s*(?P<date>{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\.\s*\w+))?"
    rf"\s*\((?P<agency>{TOKEN_PATTERN})(?:/[\w-]+)?\)\s*(?:—|–|--?|:)\s+")

# agency full names in any case, tokens as written ("AP", "dpa"): the start of a role or an agency tail
_AGENCY_NAMES = "(?i:" + NAME_PATTERN + ")|" + TOKEN_PATTERN
_CREDIT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(rx, re.IGNORECASE)) for kind, rx in (
        ("reporting", r"^\(?\s*(?:additional )?reporting by\b"),
        ("editing", r"(?:^\(?\s*|;\s*|\.\s+)(?:editing|edited|writing|compiled|written) by\b"),
        ("reported_from", r"\breported from\b.{0,200}\bcontributed\b"),
        ("contributed", r"\bcontributed (?:to )?(?:this |the )?report(?:ing)?\b"),
        # "Associated Press writers A in B and C in D contributed." (no "to this report")
        ("contributed", rf"^(?:the )?(?:{_AGENCY_NAMES}) (?:staff )?(?:writers?|reporters?|correspondents?|journalists?)"
                        + r"\s+\S.{0,300}\bcontributed\b"),
    )
)
_NAME_WORD = r"[A-ZÀ-Ý][\w.'’-]+"
_ONE_NAME = rf"{_NAME_WORD}(?: {_NAME_WORD}){{0,3}}"
_SOME_NAMES = rf"{_ONE_NAME}(?:(?:,\s*(?:and\s+)?|\s+and\s+){_ONE_NAME})*"
_PLACE_WORD = r"[A-ZÀ-Ý][\w.'’]+"
_PLACE = rf"{_PLACE_WORD}(?:[ -]{_PLACE_WORD}){{0,3}}(?:,\s*{_PLACE_WORD}(?:[ -]{_PLACE_WORD}){{0,3}})?"
_PRONOUN = r"(?:He|She|They|It|We|I|You|This|That|Who|Which)\b"
# One sentence of a line made only of "X reported from P." sentences ("Karmanau reported from Kyiv,
# Ukraine. Lorne Cook reported from Brussels."): a credit line even without the "contributed" sentence
# that usually follows it.
_REPORTED_SENTENCE = re.compile(
    rf"^(?!{_PRONOUN}){_SOME_NAMES} reported from {_PLACE}(?:,?\s+and\s+{_SOME_NAMES} from {_PLACE})?\.$")
_ALSO_FROM = re.compile(rf"(?:,\s*|\s+)and\s+(?P<who>{_SOME_NAMES})\s+from\s+[A-ZÀ-Ý]")
_ROLE_PREFIX = re.compile(
    rf"^(?:the\s+)?(?:(?:{_AGENCY_NAMES})\s+)?(?:staff\s+)?(?:writers?|reporters?|correspondents?|journalists?)\s+",
    re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"(?<=[a-zà-ÿ\d)]{2}[.!?])\s+(?=[A-ZÀ-Ý\"“(])")
_BYLINE = re.compile(r"^By\s+(?P<who>[A-ZÀ-Ý][\w.'’-]+(?:[ ,]+(?:and\s+)?[A-ZÀ-Ý][\w.'’-]+){0,7})(?P<rest>.*)$")
# what may follow the names of a byline ("By Jane Doe, staff writer", "By Jane Doe for The Times"); a
# lowercase word beyond these makes the line prose ("By Tuesday, the army had withdrawn.")
_BYLINE_REST_PROSE = re.compile(
    r"\b(?!(?:and|for|the|with|from|staff|writers?|reporters?|correspondents?|editors?|contributors?|"
    r"published|updated|special|senior|chief|political|diplomatic|foreign|ago|mins?|minutes?|hours?|days?|"
    r"weeks?|read|last)\b)[a-zà-ÿ]{3,}\b")
_NOT_A_BYLINE = frozenset((  # "By Tuesday, ...", "By then ...": a sentence, not a byline
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december", "then", "now",
    "contrast", "comparison", "law", "far", "day", "night", "noon", "midnight"))
_AGENCY_TAIL = re.compile(rf"(?:\s*,\s*|\s+)(?:the\s+)?\b(?:{_AGENCY_NAMES})\b.*$")
_NAME = re.compile(r"^[A-ZÀ-Ý][\w.'’-]+(?: [A-ZÀ-Ý][\w.'’-]+){0,3}$")
_EDITING_TAIL = re.compile(r"(?:editing|edited|writing|compiled) by\s+([^;)]+)", re.IGNORECASE)
_REPORTING_TAIL = re.compile(r"reporting by\s+([^;)]+?)(?=;|\)|,?\s*(?:editing|writing|additional) |$)", re.IGNORECASE)
_REPORTED_FROM = re.compile(r"\breported from ([A-Z][\w.'’-]+(?:[ -][A-Z][\w.'’-]+)*(?:, [A-Z][\w.'’-]+)?)")
_SIGNOFF = re.compile(rf"(?:^\((?P<a1>{TOKEN_PATTERN})\)\s*[—–-]|[—–-]\s*(?P<a2>{TOKEN_PATTERN})\s*$|"
                      rf"\((?P<a3>{TOKEN_PATTERN})\)\s*$|^/?(?P<a4>{TOKEN_PATTERN})/?$)")


def split_names(text: str) -> tuple[str, ...]:
    """Personal names from a credit fragment: "Phil Stewart, Sabine Siebold and Robin Emmott".

    A place after a name ("Jill Lawless in London") is dropped, and so is the country that
    continues it ("Cook in Kyiv, Ukraine, and ...": "Ukraine" is not a name).
    """
    text = re.sub(r"[.()]+$|^[.()]+", "", text.strip())
    parts = re.split(r",\s*(?:and\s+)?|;\s*|\s+and\s+|\s+&\s+|\s+und\s+", text)
    names: list[str] = []
    after_place = False
    for part in parts:
        part = part.strip()
        name = re.sub(r"\s+(?:in|from|at)\s+[A-Z].*$", "", part)
        if after_place and " " not in name and name == part:
            after_place = False  # the country or region of the place before
            continue
        after_place = name != part
        if _NAME.match(name):
            names.append(name)
    return tuple(names)


def classify_credit(line: str) -> list[Credit]:
    """Credits carried by one line (empty if it is not a credit line)."""
    if len(line) > 600:
        return []
    credits = []
    for kind, rx in _CREDIT_RULES:
        if rx.search(line) and not any(c.kind == kind for c in credits):
            credits.append(Credit(kind, line, _names_for(kind, line)))
    if not any(c.kind == "reported_from" for c in credits) and _only_reported_from(line):
        credits.insert(0, Credit("reported_from", line, _names_for("reported_from", line)))
    byline = _BYLINE.match(line) if len(line) <= 120 else None
    if not credits and byline and _is_byline(byline.group("who"), byline.group("rest")):
        credits.append(Credit("byline", line, split_names(_AGENCY_TAIL.sub("", byline.group("who")))))
    return credits


def _only_reported_from(line: str) -> bool:
    return " reported from " in line and all(_REPORTED_SENTENCE.match(s.strip()) for s in _sentences(line))


def _is_byline(who: str, rest: str) -> bool:
    """"By Jane Doe", "By JANE DOE, Associated Press": names, not "By Tuesday, the army had left."."""
    if who.casefold() in _NOT_A_BYLINE:
        return False
    return not _BYLINE_REST_PROSE.search(rest)


def _sentences(line: str) -> list[str]:
    """The sentences of one credit line: cut after a stop that follows two lower-case letters or digits
    (so not after "J.", "Jr.", "U.S."), before any capital, accented ones too ("Émile"). Not
    ``newsloom.text.split_sentences``, which starts no sentence at an accented capital."""
    return [s for s in _SENTENCE_BREAK.split(line) if s.strip()]


def _names_for(kind: str, line: str) -> tuple[str, ...]:
    if kind == "reporting":
        found = _REPORTING_TAIL.search(line)
        return split_names(found.group(1)) if found else ()
    if kind == "editing":
        found = _EDITING_TAIL.search(line)
        return split_names(found.group(1)) if found else ()
    if kind == "reported_from":  # "Karmanau reported from Kyiv, Ukraine and Cook from Brussels."
        names: list[str] = []
        for sentence in _sentences(line):
            head, found, tail = sentence.partition(" reported from ")
            if not found:
                continue
            names += split_names(_ROLE_PREFIX.sub("", head.strip()))
            if also := _ALSO_FROM.search(tail):
                names += split_names(also.group("who"))
        return tuple(dict.fromkeys(names))
    # contributed: the sentence that ends in "contributed", without its "Associated Press writers" role
    before = re.split(r"\bcontributed\b", line, maxsplit=1)[0]
    head = _sentences(before)[-1] if before.strip() else ""
    return split_names(_ROLE_PREFIX.sub("", head.strip()))


def find_dateline(paragraphs: Sequence[str]) -> tuple[str, str | None, str] | None:
    """(place, agency token or None, the matched text) from the first paragraphs of a story."""
    for para in paragraphs[:4]:
        found = _DATELINE_CAPS.match(para) or _DATELINE_AGENCY.match(para)
        if found and len(found.group("place")) >= 3:
            return found.group("place").strip(" ,"), found.group("agency"), found.group(0).strip()
    return None


def reported_from_place(credits: Iterable[Credit]) -> str | None:
    """Where the first-named reporter filed from ("X reported from Kyiv, Ukraine and Y from ...")."""
    for credit in credits:
        if credit.kind == "reported_from" and (hit := _REPORTED_FROM.search(credit.text)):
            return hit.group(1).strip(" ,")
    return None


EVIDENCE_CHARS = 600  # a credit line longer than this is cited by the sentence that declares the agency
_NOT_ORIGIN = ("copyright", "photo", "disclaimer", "poster", "dateline")  # kinds no agency style is read from


def detect_wire(*, dateline: tuple[str, str | None, str] | None, credits: Iterable[Credit],
                paragraphs: Sequence[str], authors: Sequence[str] = ()) -> tuple[WireCredit, ...]:
    """Every agency the text declares itself to come from, strongest evidence first."""
    found: dict[str, WireCredit] = {}

    def add(agency_name: str, evidence: str, how: str) -> None:
        found.setdefault(agency_name, WireCredit(agency_name, _trim(evidence.strip()), how))

    if dateline and dateline[1] and (agency := agency_by_token(dateline[1])):
        add(agency.name, dateline[2], "dateline")
    credits = list(credits)
    lines = list(dict.fromkeys(c.text for c in credits if c.kind not in _NOT_ORIGIN))
    for agency in AGENCIES:
        for style in agency.styles:
            if evidence := _style_evidence(style, lines):
                add(agency.name, evidence, "credit")
    for credit in credits:
        if credit.kind == "copyright" and (agency := match_agency_name(credit.text)):
            add(agency.name, credit.text, "copyright")
        elif credit.kind == "byline" and (agency := _agency_in_byline(credit.text)):
            add(agency.name, credit.text, "byline")
    for author in authors:
        if agency := _agency_in_byline(author):
            add(agency.name, author, "meta")
    for para in (paragraphs[:1] + paragraphs[-1:]) if paragraphs else ():
        hit = _SIGNOFF.search(para.strip())
        if hit and (agency := agency_by_token(next(g for g in hit.groups() if g))):
            add(agency.name, hit.group(0), "credit")
    return tuple(found.values())


def _style_evidence(style: str, lines: Sequence[str]) -> str | None:
    """The whole credit line a house-style pattern matches (the lines it spans, when it spans several)."""
    rx = re.compile(style, re.IGNORECASE | re.DOTALL)
    for line in lines:
        if hit := rx.search(line):
            return _declaring_part(line, hit.start(), hit.end())
    joined, spans, pos = "", [], 0
    for line in lines:
        spans.append((pos, pos + len(line), line))
        pos += len(line) + 1
    joined = " ".join(lines)
    if hit := rx.search(joined):
        return " ".join(line for start, end, line in spans if start < hit.end() and end > hit.start())
    return None


def _declaring_part(line: str, start: int, end: int) -> str:
    """``line`` when it is short enough to cite whole, else the sentence or parenthesis around [start, end)."""
    if len(line) <= EVIDENCE_CHARS:
        return line
    stop = line.rfind(". ", 0, start)
    begin = max(stop + 2 if stop >= 0 else 0, line.rfind("(", 0, start + 1))
    close = [i for i in (line.find(")", end - 1), line.find(". ", end - 1)) if i >= 0]
    finish = min(close) + 1 if close else len(line)
    return line[begin:finish]


def _trim(text: str, limit: int = EVIDENCE_CHARS) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def authors_from_credits(credits: Iterable[Credit]) -> tuple[tuple[str, ...], str | None]:
    """(authors, where from): a byline's names ("byline"), else the reporters a credit line names
    ("credit": "X reported from ...", "Reporting by ..."); contributors and editors are not authors.
    Names printed in capitals ("By YURAS KARMANAU") are given in title case."""
    credits = list(credits)
    for kinds, how in ((("byline",), "byline"), (("reported_from", "reporting"), "credit")):
        names = [_display_name(n) for c in credits if c.kind in kinds for n in c.names]
        if names:
            return tuple(dict.fromkeys(names)), how
    return (), None


def _display_name(name: str) -> str:
    return name.title() if name.isupper() and len(name) > 3 else name


def _agency_in_byline(text: str) -> object | None:
    tail = re.split(r"\s*[,|/–—-]\s*|\s+(?:of|for)\s+", text.strip())[-1]
    agency = match_agency_name(text)
    if agency is not None:
        return agency
    return agency_by_token(tail)
