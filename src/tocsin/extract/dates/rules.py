"""Event dates from sentence text, resolved against an anchor date.

Rules (regex + calendar arithmetic) do almost all the work; dateparser is only
asked about a short window around a month name or numeric date that no rule
understood.  A cheap pre-filter returns None before any rule runs when a
sentence holds no date-like token, which is the common case.

Conventions (documented here because callers depend on them):
- A DateGuess carries the *first day* of the period it names: day precision is
  the day itself, week precision the Monday of that ISO week, month precision
  the 1st of the month, year precision 1 January.
- "on Friday" / "Friday" is the latest Friday on or before the anchor (the
  anchor's own day counts); "last Friday" is strictly before the anchor;
  "this Friday" is the Friday of the anchor's week; "next Friday" is after it.
- "in March" is the latest March on or before the anchor's month; "last
  March" is the latest March strictly before the anchor's month.
- A day and month without a year take the year that puts them closest to the
  anchor without being more than FUTURE_GRACE_DAYS after it.
- Phrases after "since", "until" and "by" open or close a period; they are not
  the event date and are never chosen.
- A phrase right after a speech verb ("said on Friday") dates the statement,
  not the event; it is chosen only when the sentence offers nothing else.
- "last night" and "overnight" are the day before the anchor; "the past 48
  hours" is the anchor minus one day (the middle of the window).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Callable

from tocsin import vocabulary

FUTURE_GRACE_DAYS = 7
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
             "saturday": 5, "sunday": 6}
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                 "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
                 "twelve": 12, "a few": 3, "several": 3, "twenty-four": 24,
                 "thirty-six": 36, "forty-eight": 48, "seventy-two": 72}

# Month and weekday names are matched case-sensitively (capitalised or upper
# case) so that the modal "may" and the verb "march" are not taken for dates.
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|"
          r"November|December|JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|"
          r"SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|"
          r"Oct|Nov|Dec)\b\.?")
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WEEKDAY_ANY = _WEEKDAY + r"|(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\b\.?"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?P<y>(?:19|20)\d{2})(?!\d)"
_TIME_OF_DAY = r"(?:\s+(?i:morning|afternoon|evening|night))?"
_NUM = (r"(?P<n>\d{1,3}|(?i:a few|several|an|a|one|two|three|four|five|six|seven|eight|"
        r"nine|ten|eleven|twelve|twenty-four|thirty-six|forty-eight|seventy-two))")

_PREFILTER = re.compile(
    r"\b(?:" + _MONTH.replace(r"\b\.?", "") + r"|" + _WEEKDAY + r")\b"
    r"|(?i:\b(?:yesterday|today|tonight|tomorrow|overnight|ago|dawn|hours|day (?:before|after)"
    r"|(?:following|next|previous) day|days? earlier|(?:last|this|next|previous|past|earlier|"
    r"later) (?:night|week|weekend|month|year|morning|afternoon|evening))\b)"
    r"|\b(?:19|20)\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")


@dataclass(frozen=True, slots=True)
class DateGuess:
    """The date a phrase names; `date` is the first day of the period."""

    date: date
    precision: str          # one of models.DATE_PRECISIONS
    start: int              # offsets of `phrase` in the sentence; -1 when inferred
    end: int
    phrase: str
    #: True when no phrase named it and it was taken from the context anchor.
    inferred: bool = False
    #: True when the phrase is relative to the anchor ("on Friday", "last week"):
    #: it cannot be more precise than the anchor it was read against.
    relative: bool = False


@dataclass(frozen=True, slots=True)
class _Candidate:
    guess: DateGuess
    rank: int               # lower is a better event-date candidate


_Resolver = Callable[["re.Match[str]", date, bool], "tuple[date, str] | None"]


# --- calendar helpers -------------------------------------------------------

def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_start(d: date, months_back: int = 0) -> date:
    index = d.year * 12 + d.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def _week_start(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _nearest_year(month: int, day: int, anchor: date, future: bool) -> date | None:
    """The dated day closest to the anchor that is not too far after it."""
    options = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1)
               if (d := _safe_date(y, month, day)) is not None]
    if future:
        ahead = [d for d in options if d >= anchor - timedelta(days=FUTURE_GRACE_DAYS)]
        return min(ahead, default=None)
    allowed = [d for d in options if d <= anchor + timedelta(days=FUTURE_GRACE_DAYS)]
    return max(allowed, default=None)


def _weekday_date(weekday: int, anchor: date, modifier: str) -> date:
    back = (anchor.weekday() - weekday) % 7
    if modifier in ("last", "this past", "previous"):
        return anchor - timedelta(days=back or 7)
    if modifier in ("next", "this coming", "coming", "future"):
        return anchor + timedelta(days=(weekday - anchor.weekday()) % 7 or 7)
    if modifier == "this":
        return _week_start(anchor) + timedelta(days=weekday)
    return anchor - timedelta(days=back)


def _month_year(month: int, anchor: date, modifier: str) -> date:
    year = anchor.year if month <= anchor.month else anchor.year - 1
    if modifier == "last" and month == anchor.month:
        year -= 1
    if modifier in ("next", "this coming", "future"):
        year = anchor.year if month > anchor.month else anchor.year + 1
    return date(year, month, 1)


def _number(text: str) -> int:
    text = text.lower()
    return int(text) if text.isdigit() else _NUMBER_WORDS.get(text, 1)


# --- rule resolvers ---------------------------------------------------------

def _full_date(m: re.Match[str], anchor: date, future: bool) -> tuple[date, str] | None:
    month = _MONTHS[m["m"].lower().rstrip(".")]
    day = int(m["d"])
    if m["y"]:
        found = _safe_date(int(m["y"]), month, day)
    else:
        found = _nearest_year(month, day, anchor, future)
    return (found, "day") if found else None


def _iso_date(m: re.Match[str], anchor: date, future: bool) -> tuple[date, str] | None:
    found = _safe_date(int(m["y"]), int(m["a"]), int(m["b"]))
    return (found, "day") if found else None


def _numeric_date(m: re.Match[str], anchor: date, future: bool) -> tuple[date, str] | None:
    """dd.mm.yyyy / dd-mm-yyyy are day first; with '/' the reading nearest the
    anchor (and not after it) wins, because both orders are in use."""
    year = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
    first, second = int(m["a"]), int(m["b"])
    readings = [_safe_date(year, second, first)]
    if m["sep"] == "/":
        readings.append(_safe_date(year, first, second))
    valid = [d for d in readings if d is not None]
    if not valid:
        return None
    limit = anchor + timedelta(days=FUTURE_GRACE_DAYS)
    return min(valid, key=lambda d: (d > limit, abs((anchor - d).days))), "day"


def _month_and_year(m: re.Match[str], anchor: date, future: bool) -> tuple[date, str] | None:
    return date(int(m["y"]), _MONTHS[m["m"].lower().rstrip(".")], 1), "month"


def _month_only(m: re.Match[str], anchor: date, future: bool) -> tuple[date, str] | None:
    modifier = "future" if future else (m["mod"] or "").lower()
    return _month_year(_MONTHS[m["m"].lower().rstrip(".")], anchor, modifier), "month"


def _year_only(m: re.Match[str], anchor: date, future: bool) -> tuple[date, str] | None:
    return date(int(m["y"]), 1, 1), "year"


def _weekday(m: re.Match[str], anchor: date, future: bool) -> tuple[date, str] | None:
    modifier = " ".join((m["mod"] or "").lower().split())
    if future and modifier in ("", "on", "late", "early"):
        modifier = "future"
    return _weekday_date(_WEEKDAYS[m["wd"].lower()], anchor, modifier), "day"


_FIXED_OFFSETS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0,
                  "this evening": 0, "earlier today": 0, "at dawn": 0,
                  "yesterday": -1, "last night": -1, "overnight": -1,
                  "the previous day": -1, "the day before": -1, "a day earlier": -1,
                  "the day before yesterday": -2, "tomorrow": 1, "the following day": 1,
                  "the next day": 1, "the day after": 1}


def _fixed_day(m: re.Match[str], anchor: date, future: bool) -> tuple[date, str] | None:
    key = " ".join(m[0].lower().split())
    key = re.sub(r"^(?:late|early)\s+", "", key)
    return anchor + timedelta(days=_FIXED_OFFSETS.get(key, 0)), "day"


def _period(m: re.Match[str], anchor: date, future: bool) -> tuple[date, str] | None:
    words = " ".join(m[0].lower().split())
    unit = words.split()[-1]
    back = 1 if re.search(r"\b(?:last|previous|past)\b", words) else 0
    back = -1 if "next" in words else back
    if unit in ("week", "weekend"):
        start = _week_start(anchor) - timedelta(weeks=back)
        return (start + timedelta(days=5) if unit == "weekend" else start), "week"
    if unit == "month":
        return _month_start(anchor, back), "month"
    return date(anchor.year - back, 1, 1), "year"


def _ago(m: re.Match[str], anchor: date, future: bool) -> tuple[date, str] | None:
    count, unit = _number(m["n"]), m["u"].lower().rstrip("s")
    if unit == "day":
        return anchor - timedelta(days=count), "day"
    if unit == "week":
        return _week_start(anchor - timedelta(weeks=count)), "week"
    if unit == "month":
        return _month_start(anchor, count), "month"
    return date(anchor.year - count, 1, 1), "year"


def _hours(m: re.Match[str], anchor: date, future: bool) -> tuple[date, str] | None:
    hours = _number(m["n"])
    if hours <= 24:
        return anchor, "day"
    if hours <= 72:
        return anchor - timedelta(days=hours // 48), "day"
    return _week_start(anchor - timedelta(hours=hours // 2)), "week"


_MOD = r"(?:(?P<mod>(?i:last|this past|this coming|this|next|previous|early|late|on|in|"
_RULES: tuple[tuple[re.Pattern[str], _Resolver], ...] = (
    (re.compile(r"(?:(?:" + _WEEKDAY_ANY + r"),?\s+)?\b" + _DAY + r"(?:\s+of)?\s+(?P<m>"
                + _MONTH + r"),?(?:\s+" + _YEAR + r")?"), _full_date),
    (re.compile(r"(?:(?:" + _WEEKDAY_ANY + r"),?\s+)?(?P<m>" + _MONTH + r")\s+" + _DAY
                + r"(?:,?\s+" + _YEAR + r")?"), _full_date),
    (re.compile(r"\b" + _YEAR + r"-(?P<a>[01]?\d)-(?P<b>[0-3]?\d)\b"),
     _iso_date),
    (re.compile(r"\b(?P<a>[0-3]?\d)(?P<sep>[./-])(?P<b>[01]?\d)(?P=sep)(?P<y>(?:19|20)?\d{2})\b"),
     _numeric_date),
    (re.compile(r"(?P<m>" + _MONTH + r")\s+(?:of\s+)?" + _YEAR), _month_and_year),
    # "in mid-March", "in the middle of March", "by the end of March": that month
    (re.compile(_MOD + r"early|late|mid-?|since|until|by|during))\s+)(?:(?i:early|late|mid-?)\s*"
                r"|(?i:the\s+(?:middle|beginning|start|end|first\s+half|second\s+half)\s+of)\s+)?"
                r"(?P<m>" + _MONTH + r")(?!\s*\d)"), _month_only),
    (re.compile(r"(?:(?P<mod>(?i:in|during|of|since|until|by|early|late|mid-?|from))\s+)"
                r"(?:(?i:early|late|mid-?)\s*)?" + _YEAR + r"(?![-/.]\d)"), _year_only),
    (re.compile(_MOD + r"this coming|since|until|by))\s+)?(?P<wd>" + _WEEKDAY + r")(?!s)\b"
                + _TIME_OF_DAY), _weekday),
    (re.compile(r"(?i:\b(?:(?:late|early)\s+)?(?:the day before yesterday|yesterday|today|"
                r"tonight|tomorrow|this (?:morning|afternoon|evening)|earlier today|"
                r"last night|overnight|at dawn|the previous day|the day before|a day earlier|"
                r"the following day|the next day|the day after)\b)"), _fixed_day),
    (re.compile(r"(?i:\b(?:earlier this|later this|this past|last|this|previous|next)\s+"
                r"(?:week(?:end)?|month|year)\b)"), _period),
    (re.compile(r"\b" + _NUM + r"\s+(?P<u>(?i:days?|weeks?|months?|years?))\s+(?i:ago|earlier)\b"),
     _ago),
    (re.compile(r"(?i:\b(?:(?:in|over|during|within)\s+)?(?:the\s+)?(?:past|last|previous|"
                r"preceding)\s+)" + _NUM + r"\s+(?i:hours)\b"), _hours),
)

#: resolvers whose phrase names a date only relative to the anchor
_RELATIVE = frozenset([_weekday, _fixed_day, _period, _ago, _hours, _month_only])
_SPEECH_BEFORE = re.compile(r"(?i:\b(?:" + vocabulary.pattern("attribution", verbs_only=True)
                            + r"|say)\s*(?:late\s+|early\s+)?$)")
_PERIOD_EDGE = re.compile(r"(?i:^(?:since|until|till|by)\b|\b(?:since|until|till|by)\s+$)")
#: times of day that only date an event when nothing more specific is said.
_VAGUE_TIME = re.compile(r"(?i:^(?:at dawn|overnight)$)")
_FUTURE_CUE = re.compile(r"(?i:\b(?:will|shall|would|is due|are due|scheduled|planned|plans|"
                         r"expected|set to|next)\b)")
_FALLBACK_WINDOW = re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|" + _MONTH + r"[^.;]{0,12}\d")


def _anchor_day(anchor: date | datetime) -> date:
    return anchor.date() if isinstance(anchor, datetime) else anchor


def _candidates(text: str, anchor: date) -> list[_Candidate]:
    found: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    for order, (pattern, resolver) in enumerate(_RULES):
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(start < e and s < end for s, e in taken):
                continue
            future = bool(_FUTURE_CUE.search(text, max(0, start - 40), start))
            try:
                result = resolver(m, anchor, future)
            except (ValueError, OverflowError):
                result = None
            if result is None:
                continue
            taken.append((start, end))
            if _PERIOD_EDGE.search(m[0]) or _PERIOD_EDGE.search(text, max(0, start - 7), start):
                continue
            guess = DateGuess(result[0], result[1], start, end, m[0],
                              relative=resolver in _RELATIVE)
            speech = 10 if _SPEECH_BEFORE.search(text, max(0, start - 20), start) else 0
            vague = 5 if _VAGUE_TIME.search(m[0]) else 0
            found.append(_Candidate(guess, speech + vague + _PRECISION_RANK[result[1]]))
    return found


def _fallback(text: str, anchor: date) -> DateGuess | None:
    """Ask dateparser about a window no rule understood (slow, so rare)."""
    window = _FALLBACK_WINDOW.search(text)
    if window is None:
        return None
    import dateparser  # imported lazily: it is slow to import and rarely needed

    settings = {"RELATIVE_BASE": datetime(anchor.year, anchor.month, anchor.day),
                "PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["day", "month"]}
    start, end = window.span()
    parsed = dateparser.parse(text[start:end + 6].strip(), languages=["en"], settings=settings)
    if parsed is None:
        return None
    return DateGuess(parsed.date(), "day", start, end, text[start:end])


def resolve(text: str, anchor: date | datetime) -> DateGuess | None:
    """The event date a sentence names, relative to `anchor`, or None."""
    if not text or _PREFILTER.search(text) is None:
        return None
    anchor = _anchor_day(anchor)
    candidates = _candidates(text, anchor)
    if not candidates:
        return _fallback(text, anchor)
    return min(candidates, key=lambda c: (c.rank, c.guess.start)).guess


def all_dates(text: str, anchor: date | datetime) -> list[DateGuess]:
    """Every date phrase in `text`, in reading order (for callers that choose)."""
    if not text or _PREFILTER.search(text) is None:
        return []
    guesses = [c.guess for c in _candidates(text, _anchor_day(anchor))]
    return sorted(guesses, key=lambda g: g.start)
