"""Dates through an article: a sentence that quotes an earlier report moves
the anchor that later relative dates ("on Friday") resolve against, and a
claim relayed from a cited report resolves against that report's date.

Honest precision: a relative phrase is never more precise than the anchor it
is read against.  "On Friday" in a report dated only "March 2014" gives March
2014 with month precision, not an invented day.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from tocsin import vocabulary
from tocsin.extract.dates.rules import _PREFILTER, DateGuess, _anchor_day, all_dates, resolve

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_REPORT_VERB = (r"(?:" + vocabulary.pattern("report", "speech", verbs_only=True)
                + r"|published|ran|carried|printed)")
_REPORT_AFTER = re.compile(r"(?i:^[,\s]*(?:[^,.;]{0,60}?\s)?" + _REPORT_VERB + r"\b)")
_REPORT_NOUNS = r"(?:" + vocabulary.pattern("report_noun") + r")"
_REPORT_BEFORE = re.compile(
    r"(?i:\b(?:" + _REPORT_NOUNS + r"\s+(?:published|released|issued|dated|from|of|on)|"
    r"(?:" + vocabulary.pattern("report", verbs_only=True) + r"|wrote|published|announced|ran|"
    r"carried)(?:\s+(?:on|in))?)\s+(?:on\s+|in\s+)?$)")
_REPORT_NOUN_AFTER = re.compile(r"(?i:^\s*" + _REPORT_NOUNS + r"\b)")
#: "a short item that ran in al-Hayat in the middle of March": dated after its outlet
_RAN_IN_OUTLET = re.compile(r"(?i:\b(?:" + vocabulary.pattern("appearance", verbs_only=True)
                            + r")\s+(?:in|on)\s+[^,.;]{1,40}?\s*$)")
_CONTINUES_REPORT = re.compile(
    r"(?i:\b(?:the|that|its|this)\s+(?:" + vocabulary.pattern("report_noun", "outlet_noun")
    + r")\b|\b(?:it|the newspaper|the paper|the daily)\s+(?:added|quoted|went on|continued)\b)")
_PRESENT_CUE = re.compile(r"(?i:\b(?:today|now|currently|at present|this (?:week|month|"
                          r"morning|afternoon|evening)|yesterday|last night|tonight)\b)")
#: how far before the current anchor a report must be to re-anchor later sentences.
REPORT_ANCHOR_MIN_DAYS = 3


def report_date(text: str, anchor: date) -> DateGuess | None:
    """The date phrase that dates a quoted report in `text`, if any."""
    for guess in all_dates(text, anchor):
        before, after = text[:guess.start], text[guess.end:]
        opens_sentence = len(before.strip(" \"'“”(")) <= 3
        if ((opens_sentence and _REPORT_AFTER.search(after))
                or _REPORT_BEFORE.search(before[-60:]) or _RAN_IN_OUTLET.search(before[-60:])
                or _REPORT_NOUN_AFTER.search(after)):
            return guess
    return None


def resolve_reported_anchor(text: str, anchor: date | datetime) -> date | None:
    """The date of an earlier report quoted by `text` ("In March 2014 the
    newspaper reported that ..."), against which its other dates resolve."""
    if not text or _PREFILTER.search(text) is None:
        return None
    found = report_date(text, _anchor_day(anchor))
    return found.date if found else None


def period_start(day: date, precision: str) -> date:
    """The first day of the period of `precision` that contains `day`."""
    if precision == "week":
        return day - timedelta(days=day.weekday())
    if precision == "month":
        return day.replace(day=1)
    if precision == "year":
        return day.replace(month=1, day=1)
    return day


def within_anchor(guess: DateGuess, anchor: date, precision: str) -> DateGuess:
    """`guess` no more precise than the anchor it was read against."""
    if not guess.relative or _PRECISION_RANK[guess.precision] >= _PRECISION_RANK[precision]:
        return guess
    return DateGuess(period_start(anchor, precision), precision, guess.start, guess.end,
                     guess.phrase, relative=True)


class DateContext:
    """Dates for the sentences of one article, read in order.

    Rule: a sentence that quotes an earlier report ("On 14 March, Al-Hayat
    reported that ...") dates its own relative phrases against that report.
    If the report is more than REPORT_ANCHOR_MIN_DAYS before the current
    anchor, later sentences also resolve against it, until a sentence names the
    present (today, now, this week, yesterday ...) or a new paragraph starts
    whose first sentence does not continue the report ("the newspaper added").
    A sentence without a date phrase gets the current anchor, `inferred=True`.
    A claim relayed from a cited report (`resolve(..., report_anchor=...)`)
    resolves against the report's date and precision instead.
    """

    def __init__(self, published: date | datetime | None) -> None:
        self.published = _anchor_day(published) if published is not None else None
        self._anchor = self.published
        self._precision = "day"
        #: the last date a sentence named: "the following day" is the day after it
        self._last: DateGuess | None = None

    @property
    def anchor(self) -> date | None:
        return self._anchor

    @property
    def precision(self) -> str:
        return self._precision

    def resolve(self, sentence: str, *, new_paragraph: bool = False,
                report_anchor: tuple[date, str] | None = None) -> DateGuess | None:
        """The sentence's event date; None only when no anchor is known and
        the sentence names no date with a year."""
        if report_anchor is not None:
            return self._relayed(sentence, *report_anchor)
        if self._anchor is None:
            return _absolute_only(sentence)
        if _returns_to_present(sentence, new_paragraph):
            self._reset()
        sequel = self._sequel(sentence)
        if sequel is not None:
            return sequel
        report = report_date(sentence, self._anchor) if _PREFILTER.search(sentence) else None
        if report is None:
            found = resolve(sentence, self._anchor)
            if found is None:
                return DateGuess(self._anchor, self._precision, -1, -1, "", inferred=True)
            self._last = within_anchor(found, self._anchor, self._precision)
            return self._last
        if (self._anchor - report.date).days > REPORT_ANCHOR_MIN_DAYS:
            self._anchor, self._precision = report.date, report.precision
        rest = sentence[:report.start] + " " * (report.end - report.start) + sentence[report.end:]
        found = resolve(rest, report.date)
        # "three months later" in a later sentence counts from the report's date
        self._last = within_anchor(found, report.date, report.precision) if found else report
        return self._last

    def report_date(self, sentence: str, phrase: str = "") -> DateGuess | None:
        """The date of a report the sentence cites (`phrase`: the words naming
        the report, "a report in ... last March", tried when the sentence's
        grammar dates nothing).  Without a publication date only a phrase
        with a year can date it."""
        if self._anchor is not None:
            found = report_date(sentence, self._anchor)
            return found or next(iter(all_dates(phrase, self._anchor)), None) if phrase else found
        dated = [g for g in all_dates(sentence, date.today())
                 if re.search(r"(?:19|20)\d{2}", g.phrase)]
        return dated[0] if dated else None

    def _sequel(self, sentence: str) -> DateGuess | None:
        """"The following day", "two days later", "weeks later": counted from the
        last date a sentence named (never from the publication day, which
        would put the event after the article), no more precise than that date
        and never after publication."""
        m = _SEQUEL.search(sentence)
        if m is None or self._last is None or self._anchor is None \
                or resolve(sentence[:m.start()], self._anchor) is not None:
            return None             # "On Monday ... and the next day ...": Monday dates it
        last = self._last
        unit = (m.group("unit") or m.group("unit2") or m.group("vague") or "day").lower().rstrip("s")
        if m.group("vague"):                # "days later", "weeks later": how many is not said
            step, precision = {"hour": (0, "day"), "day": (3, "week"), "week": (14, "month"),
                               "month": (60, "year")}[unit]
        else:
            number = (m.group("n") or "one").lower()
            count = int(number) if number.isdigit() else _NUMBERS.get(number, 1)
            step = count * {"hour": 0, "day": 1, "week": 7, "month": 30}[unit]
            precision = unit if unit in ("week", "month") else "day"
        day = last.date + timedelta(days=step)
        rank = max(_PRECISION_RANK[last.precision], _PRECISION_RANK[precision])
        coarse = next(p for p, r in _PRECISION_RANK.items() if r == rank)
        if self.published is not None and day > self.published:
            day = self.published
        self._last = DateGuess(period_start(day, coarse), coarse, m.start(), m.end(), m.group(0),
                               relative=True)
        return self._last

    def _relayed(self, sentence: str, anchor: date, precision: str) -> DateGuess:
        # "The paper said they took Konna two days later": counted from the last date
        # the article named (the report's own "on 8 January"), as outside a report
        sequel = self._sequel(sentence) if self._last is not None else None
        if sequel is not None:
            return sequel
        found = resolve(sentence, anchor)
        if found is None:
            return DateGuess(anchor, precision, -1, -1, "", inferred=True)
        self._last = within_anchor(found, anchor, precision)
        return self._last

    def _reset(self) -> None:
        self._anchor, self._precision = self.published, "day"


_NUMBERS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_SEQUEL = re.compile(
    r"(?i)\b(?:(?:on\s+)?the\s+(?:following|next)\s+(?P<unit>day|week|month)"
    r"|(?P<n>\d+|one|a|an|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?P<unit2>hours?|days?|weeks?|months?)\s+later"
    r"|(?P<vague>hours|days|weeks|months)\s+later"
    r"|the\s+day\s+after)\b")


def _returns_to_present(sentence: str, new_paragraph: bool) -> bool:
    if _PRESENT_CUE.search(sentence):
        return True
    return new_paragraph and _CONTINUES_REPORT.search(sentence) is None


def _absolute_only(sentence: str) -> DateGuess | None:
    dated = [g for g in all_dates(sentence, date.today()) if re.search(r"(?:19|20)\d{2}", g.phrase)]
    return dated[0] if dated else None
