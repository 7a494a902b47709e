"""Date parsing shared by the feed and sitemap readers."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime
from typing import Any

from feedparser.datetimes import _parse_date

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


def parse_feed_date(value: Any) -> datetime | None:
    """A date as feeds write it: ISO 8601, RFC 822 (English or with localised day/month names such as
    ``mer, 16 nov 2022 00:38:15 +0100``) and the other forms feedparser knows; aware UTC or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    iso = parse_datetime(value)
    if iso is not None:
        return iso
    for text in (value, _englished(value)):
        parsed = _parse_date(text)
        if parsed:
            try:
                return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
            except (OverflowError, ValueError, OSError):
                return None
    return None


def _englished(value: str) -> str:
    text = _WEEKDAY_PREFIX.sub("", value.strip())
    return _WORD.sub(lambda m: _LOCAL_MONTH.get(m.group(0).lower().rstrip("."), m.group(0)), text)
