"""Credits and attribution: bylines, credit lines, datelines, copyright and the wire agency.

The wire agency is only taken from places where a text declares its origin (dateline,
credit line, copyright line, byline, sign-off, page metadata), never from agencies merely
cited in the story ("AP reported", "told Reuters").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from newsloom.extract.agencies import AGENCIES, TOKEN_PATTERN, agency_by_token, match_agency_name
from newsloom.model import Credit, WireCredit

__all__ = ["classify_credit", "detect_wire", "find_dateline", "reported_from_place", "split_names"]

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

_CREDIT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(rx, re.IGNORECASE)) for kind, rx in (
        ("reporting", r"^\(?\s*(?:additional )?reporting by\b"),
        ("editing", r"(?:^\(?\s*|;\s*|\.\s+)(?:editing|edited|writing|compiled|written) by\b"),
        ("reported_from", r"\breported from\b.{0,200}\bcontributed\b"),
        ("contributed", r"\bcontributed (?:to )?(?:this |the )?report(?:ing)?\b"),
    )
)
_BYLINE = re.compile(r"^By\s+(?P<who>[A-ZÀ-Ý][\w.'’-]+(?:[ ,]+(?:and\s+)?[A-ZÀ-Ý][\w.'’-]+){0,7})(?P<rest>.*)$")
_NAME = re.compile(r"^[A-ZÀ-Ý][\w.'’-]+(?: [A-ZÀ-Ý][\w.'’-]+){0,3}$")
_EDITING_TAIL = re.compile(r"(?:editing|edited|writing|compiled) by\s+([^;)]+)", re.IGNORECASE)
_REPORTING_TAIL = re.compile(r"reporting by\s+([^;)]+?)(?=;|\)|,?\s*(?:editing|writing|additional) |$)", re.IGNORECASE)
_REPORTED_FROM = re.compile(r"\breported from ([A-Z][\w.'’-]+(?:[ -][A-Z][\w.'’-]+)*(?:, [A-Z][\w.'’-]+)?)")
_SIGNOFF = re.compile(rf"(?:^\((?P<a1>{TOKEN_PATTERN})\)\s*[—–-]|[—–-]\s*(?P<a2>{TOKEN_PATTERN})\s*$|"
                      rf"\((?P<a3>{TOKEN_PATTERN})\)\s*$|^/?(?P<a4>{TOKEN_PATTERN})/?$)")


def split_names(text: str) -> tuple[str, ...]:
    """Personal names from a credit fragment: "Phil Stewart, Sabine Siebold and Robin Emmott"."""
    text = re.sub(r"[.()]+$|^[.()]+", "", text.strip())
    parts = re.split(r",\s*(?:and\s+)?|;\s*|\s+and\s+|\s+&\s+|\s+und\s+", text)
    names = []
    for part in parts:
        part = re.sub(r"\s+(?:in|from|at)\s+[A-Z].*$", "", part.strip())
        if _NAME.match(part):
            names.append(part)
    return tuple(names)


def classify_credit(line: str) -> list[Credit]:
    """Credits carried by one line (empty if it is not a credit line)."""
    if len(line) > 600:
        return []
    credits = []
    for kind, rx in _CREDIT_RULES:
        if rx.search(line):
            credits.append(Credit(kind, line, _names_for(kind, line)))
    byline = _BYLINE.match(line) if len(line) <= 120 else None
    if not credits and byline:
        credits.append(Credit("byline", line, split_names(byline.group("who"))))
    return credits


def _names_for(kind: str, line: str) -> tuple[str, ...]:
    if kind == "reporting":
        found = _REPORTING_TAIL.search(line)
        return split_names(found.group(1)) if found else ()
    if kind == "editing":
        found = _EDITING_TAIL.search(line)
        return split_names(found.group(1)) if found else ()
    if kind == "reported_from":
        return split_names(line.split(" reported from", 1)[0])
    head = re.split(r"\bcontributed\b", line, maxsplit=1)[0]
    head = head.rsplit(". ", 1)[-1]
    return split_names(re.sub(r"\s+in\s+[A-Z][\w]+", "", head))


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


def detect_wire(*, dateline: tuple[str, str | None, str] | None, credits: Iterable[Credit],
                paragraphs: Sequence[str], authors: Sequence[str] = ()) -> tuple[WireCredit, ...]:
    """Every agency the text declares itself to come from, strongest evidence first."""
    found: dict[str, WireCredit] = {}

    def add(agency_name: str, evidence: str, how: str) -> None:
        found.setdefault(agency_name, WireCredit(agency_name, evidence.strip()[:300], how))

    if dateline and dateline[1] and (agency := agency_by_token(dateline[1])):
        add(agency.name, dateline[2], "dateline")
    credits = list(credits)
    credit_text = " ".join(c.text for c in credits if c.kind not in ("copyright", "photo"))
    for agency in AGENCIES:
        for style in agency.styles:
            if hit := re.search(style, credit_text, re.IGNORECASE | re.DOTALL):
                add(agency.name, hit.group(0), "credit")
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


def _agency_in_byline(text: str) -> object | None:
    tail = re.split(r"\s*[,|/–—-]\s*|\s+(?:of|for)\s+", text.strip())[-1]
    agency = match_agency_name(text)
    if agency is not None:
        return agency
    return agency_by_token(tail)
