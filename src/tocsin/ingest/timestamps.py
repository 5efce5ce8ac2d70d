"""Publication dates: any common written form to a naive UTC datetime.

Strict, cheap parses come first (ISO 8601, m/d/yy) because they cover most
machine-written inputs; dateutil handles the long tail of English forms and
dateparser is the last resort.  A string without a year is refused: filling
it in from today's date would invent a publication date.
"""
from __future__ import annotations

import re
import warnings
from datetime import datetime, timezone

import dateutil.parser
from dateutil.tz import tzoffset, tzutc

_EARLIEST_YEAR = 1900
_LATEST_YEAR = 2100
_SLASHED = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\s*$")
_HAS_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)")
_HOUR = 3600
_TZINFOS = {
    "UTC": tzutc(), "GMT": tzutc(), "Z": tzutc(),
    "EST": tzoffset("EST", -5 * _HOUR), "EDT": tzoffset("EDT", -4 * _HOUR),
    "CST": tzoffset("CST", -6 * _HOUR), "CDT": tzoffset("CDT", -5 * _HOUR),
    "MST": tzoffset("MST", -7 * _HOUR), "MDT": tzoffset("MDT", -6 * _HOUR),
    "PST": tzoffset("PST", -8 * _HOUR), "PDT": tzoffset("PDT", -7 * _HOUR),
    "BST": tzoffset("BST", 1 * _HOUR), "CET": tzoffset("CET", 1 * _HOUR),
    "CEST": tzoffset("CEST", 2 * _HOUR), "EET": tzoffset("EET", 2 * _HOUR),
    "EEST": tzoffset("EEST", 3 * _HOUR),
}


def to_naive_utc(moment: datetime) -> datetime:
    """Aware times are converted to UTC; naive ones are taken to be UTC."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def _plausible(moment: datetime | None) -> datetime | None:
    if moment is None or not _EARLIEST_YEAR <= moment.year <= _LATEST_YEAR:
        return None
    return to_naive_utc(moment)


def _slashed(text: str) -> datetime | None:
    """m/d/yy or m/d/yyyy (US order), day first only when the first part is > 12."""
    match = _SLASHED.match(text)
    if match is None:
        return None
    first, second, year = (int(part) for part in match.groups())
    month, day = (second, first) if first > 12 else (first, second)
    if year < 100:
        year += 2000 if year < 70 else 1900
    try:
        return datetime(year, month, day)
    except ValueError:
        return None


def _iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        return None


def _dateutil(text: str) -> datetime | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", dateutil.parser.UnknownTimezoneWarning)
        try:
            return dateutil.parser.parse(text, tzinfos=_TZINFOS)
        except (ValueError, OverflowError):
            return None


def _dateparser(text: str) -> datetime | None:
    import dateparser  # imported late: slow to load and rarely needed

    settings = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year"]}
    return dateparser.parse(text, languages=["en"], settings=settings)


def parse_published(value: str | datetime | None) -> datetime | None:
    """Parse a publication date, or return None when it is missing or unclear."""
    if isinstance(value, datetime):
        return _plausible(value)
    if value is None or not value.strip() or len(value) > 100:
        return None
    for parse in (_iso, _slashed):
        moment = parse(value)
        if moment is not None:
            return _plausible(moment)
    if not _HAS_YEAR.search(value):
        return None
    return _plausible(_dateutil(value) or _dateparser(value))
