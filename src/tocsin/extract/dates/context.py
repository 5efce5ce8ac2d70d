"""Dates through an article: a sentence that quotes an earlier report moves
the anchor that later relative dates ("on Friday") resolve against."""
from __future__ import annotations

import re
from datetime import date, datetime

from tocsin.extract.dates.rules import _PREFILTER, DateGuess, _anchor_day, all_dates, resolve

_REPORT_VERB = r"(?:reported|wrote|published|revealed|quoted|cited|said|stated|announced|added)"
_REPORT_AFTER = re.compile(r"(?i:^[,\s]*(?:[^,.;]{0,60}?\s)?" + _REPORT_VERB + r"\b)")
_REPORT_BEFORE = re.compile(
    r"(?i:\b(?:(?:report|article|statement|study|story|investigation|survey|edition)s?\s+"
    r"(?:published|released|issued|dated|from|of|on)|(?:reported|wrote|published|revealed|"
    r"announced)(?:\s+(?:on|in))?)\s+(?:on\s+|in\s+)?$)")
_REPORT_NOUN_AFTER = re.compile(r"(?i:^\s*(?:report|article|edition|statement|study|story)\b)")
_CONTINUES_REPORT = re.compile(
    r"(?i:\b(?:the|that|its|this)\s+(?:report|newspaper|paper|daily|article|agency|outlet|"
    r"study|investigation)\b|\b(?:it|the newspaper|the paper|the daily)\s+(?:added|quoted|"
    r"went on|continued)\b)")
_PRESENT_CUE = re.compile(r"(?i:\b(?:today|now|currently|at present|this (?:week|month|"
                          r"morning|afternoon|evening)|yesterday|last night|tonight)\b)")
#: how far before the current anchor a report must be to re-anchor later sentences.
REPORT_ANCHOR_MIN_DAYS = 3


def _report_date(text: str, anchor: date) -> DateGuess | None:
    """The date phrase that dates a quoted report in `text`, if any."""
    for guess in all_dates(text, anchor):
        before, after = text[:guess.start], text[guess.end:]
        opens_sentence = len(before.strip(" \"'“”(")) <= 3
        if ((opens_sentence and _REPORT_AFTER.search(after))
                or _REPORT_BEFORE.search(before[-60:])
                or _REPORT_NOUN_AFTER.search(after)):
            return guess
    return None


def resolve_reported_anchor(text: str, anchor: date | datetime) -> date | None:
    """The date of an earlier report quoted by `text` ("In March 2014 the
    newspaper reported that ..."), against which its other dates resolve."""
    if not text or _PREFILTER.search(text) is None:
        return None
    found = _report_date(text, _anchor_day(anchor))
    return found.date if found else None


class DateContext:
    """Dates for the sentences of one article, read in order.

    Rule: a sentence that quotes an earlier report ("On 14 March, Al-Hayat
    reported that ...") dates its own relative phrases against that report.
    If the report is more than REPORT_ANCHOR_MIN_DAYS before the current
    anchor, later sentences also resolve against it, until a sentence names the
    present (today, now, this week, yesterday ...) or a new paragraph starts
    whose first sentence does not continue the report ("the newspaper added").
    A sentence without a date phrase gets the current anchor, `inferred=True`.
    """

    def __init__(self, published: date | datetime | None) -> None:
        self.published = _anchor_day(published) if published is not None else None
        self._anchor = self.published
        self._precision = "day"

    @property
    def anchor(self) -> date | None:
        return self._anchor

    def resolve(self, sentence: str, *, new_paragraph: bool = False) -> DateGuess | None:
        """The sentence's event date; None only when no anchor is known and
        the sentence names no date with a year."""
        if self._anchor is None:
            return _absolute_only(sentence)
        if _returns_to_present(sentence, new_paragraph):
            self._reset()
        report = _report_date(sentence, self._anchor) if _PREFILTER.search(sentence) else None
        if report is None:
            found = resolve(sentence, self._anchor)
            return found or DateGuess(self._anchor, self._precision, -1, -1, "", inferred=True)
        if (self._anchor - report.date).days > REPORT_ANCHOR_MIN_DAYS:
            self._anchor, self._precision = report.date, report.precision
        rest = sentence[:report.start] + " " * (report.end - report.start) + sentence[report.end:]
        return resolve(rest, report.date) or report

    def _reset(self) -> None:
        self._anchor, self._precision = self.published, "day"


def _returns_to_present(sentence: str, new_paragraph: bool) -> bool:
    if _PRESENT_CUE.search(sentence):
        return True
    return new_paragraph and _CONTINUES_REPORT.search(sentence) is None


def _absolute_only(sentence: str) -> DateGuess | None:
    dated = [g for g in all_dates(sentence, date.today()) if re.search(r"(?:19|20)\d{2}", g.phrase)]
    return dated[0] if dated else None
