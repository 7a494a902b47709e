"""Wire agencies as data: canonical short name -> the names and tokens they appear under.

``tokens`` are the short forms used in datelines ("MOSCOW (AP) —"), photo credits
("NAME/REUTERS") and sign-offs ("— AFP"); ``names`` are full names used in bylines and
copyright lines ("Copyright 2022 The Associated Press"). ``styles`` are credit-line
patterns that identify the agency's house style even when its name is absent; a match only
identifies the agency: the evidence kept is the whole credit line it falls in
(:func:`newsloom.extract.credits.detect_wire`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["AGENCIES", "NAME_PATTERN", "TOKEN_PATTERN", "Agency", "agency_by_token", "match_agency_name"]


@dataclass(frozen=True, slots=True)
class Agency:
    name: str
    tokens: tuple[str, ...]
    names: tuple[str, ...] = ()
    styles: tuple[str, ...] = ()


AGENCIES: tuple[Agency, ...] = (
    Agency("AP", ("AP",), ("Associated Press", "The Associated Press"),
           (r"\b\w+ (?:and \w+ )?reported from [^.]{2,80}\..{0,400}?\bcontributed (?:to )?(?:this )?report",
            r"\bAssociated Press writers? .{2,200}? contributed")),
    Agency("Reuters", ("Reuters", "REUTERS"), ("Thomson Reuters", "Reuters"),
           ((r"\(?\s*Reporting by [^;)]{2,200}?[;,]?\s*(?:additional reporting by [^;)]{2,200}?[;,]?\s*)?"
             r"(?:Writing by [^;)]{2,120}?[;,]?\s*)?(?:Editing|Edited) by [^;).]{2,120}"),)),
    Agency("AFP", ("AFP",), ("Agence France-Presse", "Agence France Presse")),
    Agency("dpa", ("dpa", "DPA"), ("Deutsche Presse-Agentur",)),
    Agency("PA", ("PA",), ("PA Media", "Press Association", "PA Wire")),
    Agency("UPI", ("UPI",), ("United Press International",)),
    Agency("Xinhua", ("Xinhua",), ("Xinhua News Agency",)),
    Agency("Bloomberg", ("Bloomberg",), ("Bloomberg News",)),
    Agency("ANI", ("ANI",), ("Asian News International",)),
    Agency("PTI", ("PTI",), ("Press Trust of India",)),
    Agency("IANS", ("IANS",), ("Indo-Asian News Service",)),
    Agency("EFE", ("EFE",), ("Agencia EFE",)),
    Agency("ANSA", ("ANSA",), ("Agenzia Nazionale Stampa Associata",)),
    Agency("Kyodo", ("Kyodo",), ("Kyodo News",)),
    Agency("Yonhap", ("Yonhap",), ("Yonhap News Agency",)),
    Agency("TASS", ("TASS",), ("TASS News Agency",)),
    Agency("CP", ("CP",), ("The Canadian Press", "Canadian Press")),
    Agency("AAP", ("AAP",), ("Australian Associated Press",)),
    Agency("APA", ("APA",), ("Austria Presse Agentur",)),
    Agency("KNA", ("KNA",), ("Katholische Nachrichten-Agentur",)),
    Agency("epd", ("epd",), ("Evangelischer Pressedienst",)),
    Agency("SDA", ("SDA", "Keystone-SDA"), ("Schweizerische Depeschenagentur",)),
    Agency("PAP", ("PAP",), ("Polska Agencja Prasowa",)),
    Agency("Anadolu", ("AA",), ("Anadolu Agency",)),
    Agency("CNA", ("CNA",), ("Central News Agency",)),
    Agency("Interfax", ("Interfax",), ()),
    Agency("RIA Novosti", ("RIA",), ("RIA Novosti",)),
    Agency("Europa Press", (), ("Europa Press",)),
    Agency("Belga", ("Belga",), ()),
    Agency("ANP", ("ANP",), ()),
    Agency("NTB", ("NTB",), ()),
    Agency("TT", ("TT",), ()),
)

_BY_TOKEN = {t.casefold(): a for a in AGENCIES for t in a.tokens}
_BY_NAME = {n.casefold(): a for a in AGENCIES for n in a.names}
#: Alternation of every agency's full names ("Associated Press", "Agence France-Presse"), longest first.
NAME_PATTERN = "|".join(sorted({re.escape(n) for a in AGENCIES for n in a.names}, key=len, reverse=True))
#: Alternation of every agency's tokens ("AP", "REUTERS", "dpa"), longest first.
TOKEN_PATTERN = "|".join(sorted({re.escape(t) for a in AGENCIES for t in a.tokens}, key=len, reverse=True))
_NAME_RX = re.compile(r"\b(" + NAME_PATTERN + r")\b")


def agency_by_token(token: str) -> Agency | None:
    return _BY_TOKEN.get(token.strip().casefold())


def match_agency_name(text: str) -> Agency | None:
    """The agency whose full name (or, failing that, exact token) the text is, or contains."""
    found = _NAME_RX.search(text)
    if found:
        return _BY_NAME[found.group(1).casefold()]
    return agency_by_token(text)
