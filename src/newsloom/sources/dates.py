"""Date parsing shared by the feed and sitemap readers.

A date that names no real moment is missing, never moved: ``2022-02-30`` is not 2 March. ISO 8601
is read strictly by :func:`newsloom.dates.parse_datetime`; the other shapes feeds write (RFC 822,
asctime, localised month names...) by feedparser's handlers, minus those that roll impossible
fields over into the next month or year (its ISO 8601 handler, which also fills a field it cannot
read from today's date, and its Perforce one, which is checked here first).
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime, time
from typing import Any

from feedparser.datetimes.asctime import _parse_date_asctime
from feedparser.datetimes.greek import _parse_date_greek
from feedparser.datetimes.hungarian import _parse_date_hungarian
from feedparser.datetimes.korean import _parse_date_nate, _parse_date_onblog
from feedparser.datetimes.perforce import _parse_date_perforce
from feedparser.datetimes.rfc822 import _parse_date_rfc822
from feedparser.datetimes.w3dtf import _parse_date_w3dtf

from ..dates import parse_datetime

__all__ = ["parse_feed_date"]


# month names (and common abbreviations) of languages whose feeds often localise RFC 822 dates
_MONTHS = {
    "jan": ("janv", "janvier", "ene", "enero", "gen", "gennaio", "januar", "jänner", "janeiro", "jan."),
    "feb": ("févr", "fevr", "février", "febrero", "febbraio", "februar", "fev", "fevereiro", "feb."),
    "mar": ("mars", "marzo", "märz", "mär", "mrz", "março", "marco"),
    "apr": ("avr", "avril", "abr", "abril", "aprile", "april"),
    "may": ("mai", "mayo", "mag", "maggio", "maio"),
    "jun": ("juin", "junio", "giu", "giugno", "juni", "junho"),
    "jul": ("juil", "juillet", "julio", "lug", "luglio", "juli", "julho"),
    "aug": ("août", "aout", "ago", "agosto", "august"),
    "sep": ("sept", "septembre", "septiembre", "set", "settembre", "september", "setembro"),
    "oct": ("octobre", "octubre", "ott", "ottobre", "okt", "oktober", "out", "outubro"),
    "nov": ("novembre", "noviembre", "november", "novembro"),
    "dec": ("déc", "decembre", "décembre", "dic", "diciembre", "dicembre", "dez", "dezember", "dezembro"),
}
_LOCAL_MONTH = {name: en for en, names in _MONTHS.items() for name in names}
_WEEKDAY_PREFIX = re.compile(r"^\s*[^\W\d]+\.?,\s*")
_WORD = re.compile(r"[^\W\d]+\.?")
# what ISO 8601 looks like: 2024-05-01..., 20240501T..., a year beyond 9999 ("99999-01-01")
_ISO_SHAPE = re.compile(r"^\s*[+-]?\d{4,}-\d|^\s*\d{8}(?:T|\s*$)")
_PERFORCE = re.compile(r"\w{,3}, (\d{,4})/(\d{,2})/(\d{2}) (\d{,2}):(\d{2}):(\d{2}) \w{,3}")


def parse_feed_date(value: Any) -> datetime | None:
    """A date as feeds write it: ISO 8601, RFC 822 (English or with localised day/month names such as
    ``mer, 16 nov 2022 00:38:15 +0100``) and the other forms feedparser knows; aware UTC or None.

    None too for a date that does not exist (``2022-02-30``, ``Mon, 30 Feb 2022 10:00:00 GMT``, month
    13, hour 99, year 99999): rolled over, it would be a wrong date that looks right."""
    if not isinstance(value, str) or not value.strip():
        return None
    iso = parse_datetime(value)
    if iso is not None:
        if iso.timetz() == time(0, tzinfo=iso.tzinfo) and _ISO_SHAPE.match(value):
            # parse_datetime keeps only the day of a time it cannot read whole ("03:18:00+00:0", a
            # truncated offset); feedparser's W3C-DTF reader, which checks every field, may still read it
            return _utc(_parse_date_w3dtf(value.strip())) or iso
        return iso
    if _ISO_SHAPE.match(value):  # ISO 8601 that parse_datetime refused: only a shorter form may remain
        return _utc(_parse_date_w3dtf(value.strip()))  # "2024-05" (w3dtf checks every field)
    for text in (value, _englished(value)):
        parsed = _lenient(text)
        if parsed:
            return _utc(parsed)
    return None


def _lenient(text: str):
    """feedparser's reading of a non-ISO date (its ``_parse_date`` without the handlers that roll over)."""
    for handler in _HANDLERS:
        try:
            parsed = handler(text)
        except (KeyError, OverflowError, ValueError, AttributeError, IndexError):
            continue
        if parsed and len(parsed) == 9:
            return parsed
    return None


def _perforce_checked(text: str):
    """feedparser's Perforce reading (``Fri, 2006/09/15 08:19:53 EDT``), for a date that exists only:
    it normalises through ``mktime``, so 2022/02/30 would come out as 2 March."""
    found = _PERFORCE.search(text)
    if found is None:
        return None
    year, month, day, hour, minute, second = (int(part or 0) for part in found.groups())
    try:
        datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    return _parse_date_perforce(text)


# feedparser's handlers in its own order, less the ISO 8601 one (ISO is parse_datetime's) and with
# the Perforce one checked; the others refuse impossible fields themselves (rfc822, w3dtf, and the
# asctime, Greek, Hungarian and Korean ones that rewrite a date for those two)
_HANDLERS = (_parse_date_w3dtf, _parse_date_rfc822, _parse_date_asctime, _perforce_checked,
             _parse_date_hungarian, _parse_date_greek, _parse_date_nate, _parse_date_onblog)


def _utc(parsed) -> datetime | None:
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def _englished(value: str) -> str:
    text = _WEEKDAY_PREFIX.sub("", value.strip())
    return _WORD.sub(lambda m: _LOCAL_MONTH.get(m.group(0).lower().rstrip("."), m.group(0)), text)
