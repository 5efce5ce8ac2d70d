"""Publication times: any common written form to a UTC time and the zone it was written in.

Strict, cheap parses come first (ISO 8601, m/d/yy) because they cover most
machine-written inputs; dateutil handles the long tail of English forms and
dateparser is the last resort.  A string without a year is refused: filling
it in from today's date would invent a publication date.

The time of day is kept whenever the source gives one, and a named zone
("EDT", "+03:00", "GMT+3") is applied, so `Stamp.utc` is the true instant.
`Stamp.offset_minutes` remembers the zone the page wrote, so a reader can
show "16:15 EDT" rather than "20:15 UTC".
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import dateutil.parser
from dateutil.tz import tzoffset, tzutc

_EARLIEST_YEAR = 1900
_LATEST_YEAR = 2100
_SLASHED = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\s*$")
#: "12.03.2014": dotted dates are written day first wherever they are used.
_DOTTED = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_HAS_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)")
_HOUR = 3600
#: Zone names that mean one offset in English-language news.  Ambiguous ones
#: (IST, AST) are left out: dateutil then reads the time as UTC.
_ZONE_HOURS = {
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "BST": 1, "CET": 1, "CEST": 2, "EET": 2, "EEST": 3, "WET": 0, "WEST": 1,
    "WAT": 1, "CAT": 2, "SAST": 2, "EAT": 3, "MSK": 3, "TRT": 3, "GST": 4, "IRST": 3.5,
    "AFT": 4.5, "PKT": 5, "ICT": 7, "WIB": 7, "HKT": 8, "SGT": 8, "JST": 9, "AEST": 10, "AEDT": 11,
}
_TZINFOS = {"UTC": tzutc(), "GMT": tzutc(), "Z": tzutc(),
            **{name: tzoffset(name, int(hours * _HOUR)) for name, hours in _ZONE_HOURS.items()}}
#: "GMT+3", "UTC +03:00": dateutil would read these POSIX-style, with the sign turned round.
_NAMED_OFFSET = re.compile(r"\b(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\b")
#: "16.45 GMT": a dot between hour and minute.
_DOTTED_TIME = re.compile(r"\b([01]?\d|2[0-3])\.([0-5]\d)\b(?=\s*(?:[aApP]\.?[mM]\.?|[A-Z]{1,4}\b|[+-]\d|,|$))")
_MERIDIEM = re.compile(r"\b([aApP])\.[mM]\.")
_AT = re.compile(r"(?<=\d)\s+at\s+(?=\d)")


@dataclass(frozen=True, slots=True)
class Stamp:
    """A publication time: the instant in UTC (naive) and the zone it was written in."""

    utc: datetime
    #: minutes east of UTC of the zone the source named; None when it named none.
    offset_minutes: int | None = None

    @property
    def local(self) -> datetime:
        """The time as the source wrote it, zone attached (UTC when none was named)."""
        offset = timedelta(minutes=self.offset_minutes or 0)
        return (self.utc + offset).replace(tzinfo=timezone(offset))


def to_naive_utc(moment: datetime) -> datetime:
    """Aware times are converted to UTC; naive ones are taken to be UTC."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def _stamp(moment: datetime | None) -> Stamp | None:
    if moment is None or not _EARLIEST_YEAR <= moment.year <= _LATEST_YEAR:
        return None
    offset = moment.utcoffset()
    minutes = None if offset is None else int(offset.total_seconds() // 60)
    try:
        return Stamp(to_naive_utc(moment), minutes)
    except OverflowError:
        return None


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


def _dotted(text: str) -> datetime | None:
    match = _DOTTED.match(text)
    if match is None:
        return None
    day, month, year = (int(part) for part in match.groups())
    rest = text[match.end():].strip()
    try:
        moment = datetime(year, month, day)
    except ValueError:
        return None
    if not rest:
        return moment
    clock = _dateutil(_normalised(f"{year}-{month:02d}-{day:02d} {rest}"))
    return clock or moment


def _iso(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        return None


def _normalised(text: str) -> str:
    """Rewrite the forms dateutil misreads or refuses: zone offsets, dotted times, p.m."""
    def offset(match: re.Match[str]) -> str:
        return f"{match.group(1)}{int(match.group(2)):02d}:{match.group(3) or '00'}"

    text = _NAMED_OFFSET.sub(offset, text)
    text = _DOTTED_TIME.sub(r"\1:\2", text)
    text = _MERIDIEM.sub(lambda m: f"{m.group(1).upper()}M", text)
    return _AT.sub(" ", text)


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
    try:
        return dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, OverflowError):
        return None


def parse_stamp(value: str | datetime | None) -> Stamp | None:
    """A publication time with its zone, or None when it is missing or unclear."""
    if isinstance(value, datetime):
        return _stamp(value)
    if value is None or not value.strip() or len(value) > 100:
        return None
    for parse in (_iso, _slashed, _dotted):
        moment = parse(value)
        if moment is not None:
            return _stamp(moment)
    if not _HAS_YEAR.search(value):
        return None
    text = _normalised(value)
    return _stamp(_dateutil(text) or _dateparser(text))


def parse_published(value: str | datetime | None) -> datetime | None:
    """A publication time as a naive UTC datetime, or None when it is missing or unclear."""
    stamp = parse_stamp(value)
    return stamp.utc if stamp is not None else None
