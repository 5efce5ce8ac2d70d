"""Publication datelines: the date a text opens with, or that follows a
publishing cue ("Published", "Last updated at") near its start."""
from __future__ import annotations

import re
from datetime import date

from tocsin.extract.dates.rules import _MONTH, _RULES, _WEEKDAY_ANY, DateGuess, _full_date

_DATELINE_CUE = re.compile(r"(?i:(?:published|posted|updated|date of publication|last updated"
                           r"|posted on|updated on|created|first published)(?:\s+(?:on|at))?"
                           r"[:\s]*$)")
_GLUED_DATE = re.compile(r"(?P<m>" + _MONTH + r")\s*(?P<d>[0-3]\d)(?P<y>(?:19|20)\d{2})\b")
_CLOCK_AFTER = re.compile(r"^\s*(?:\d{1,2}:\d{2}|\d{4}\s*(?:UTC|GMT)|(?:UTC|GMT))")
_DATELINE_SPAN = 300


def find_dateline(text: str) -> date | None:
    """A full date (with year) that opens the text or follows a publishing
    cue ("Published", "Last updated at", a weekday) in its first 300 chars."""
    found = find_dateline_phrase(text)
    return found.date if found else None


def find_dateline_phrase(text: str) -> DateGuess | None:
    """Like find_dateline, with the phrase and its offsets in `text`."""
    head = text[:_DATELINE_SPAN]
    found: list[DateGuess] = []
    for pattern, resolver in (*_RULES[:4], (_GLUED_DATE, _full_date)):
        for m in pattern.finditer(head):
            if not m.groupdict().get("y") or not _looks_like_dateline(head, m):
                continue
            result = resolver(m, date.today(), False)
            if result is not None:
                found.append(DateGuess(result[0], "day", m.start(), m.end(), m[0]))
    return min(found, key=lambda g: g.start) if found else None


def _looks_like_dateline(head: str, m: re.Match[str]) -> bool:
    before = head[:m.start()]
    if not before.strip(" \t\r\n|-–—:(") or _DATELINE_CUE.search(before):
        return True
    if re.match(_WEEKDAY_ANY, m[0]) or _CLOCK_AFTER.match(head[m.end():]):
        return not re.search(r"(?i:\b(?:on|since|until|by|from)\s*$)", before)
    return False
