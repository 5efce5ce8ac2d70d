"""The start of a scraped body that lost its line breaks.

Texts from CSV exports and feeds often begin with one run of page header:
"Wed 05 Apr 2017 <headline> Reuters Print Tweet Views 12 Region: Middle East
Theme: Terrorism <first sentence>".  `strip_lead` takes that run off the
first paragraph and returns the publication time it found there.
"""
from __future__ import annotations

import re

from tocsin.ingest.boilerplate import prose_starts_at, word_matches
from tocsin.ingest.cleanup_dateline import DAY_MONTH, MONTH
from tocsin.ingest.furniture import INLINE_LABEL as _INLINE_LABEL
from tocsin.ingest.furniture import PROSE_LABELS, is_name_list
from tocsin.ingest.timestamps import Stamp, parse_stamp

_WEEKDAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?"
_LEAD_DATE = re.compile(
    r"^(?:(?:date of publication|published|posted|updated|last updated)(?:\s+(?:on|at))?\s*:?\s*)?"
    rf"(?P<date>(?:{_WEEKDAY}\s*)?(?:{DAY_MONTH},?\s*\d{{4}}|{MONTH}\s+\d{{1,2}},?\s*\d{{4}}"
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2})"
    r"(?:\s+\d{1,2}[:.]\d{2}(?:\s*[AP]\.?M\.?)?(?:\s+(?:GMT|UTC|[ECMP][SD]T|BST|CES?T|EES?T)\b)?)?)[\s.:|,-]*",
    re.IGNORECASE,
)
_LEAD_AGENCY = re.compile(
    r"^(?:Reuters|AFP|AP|DPA|UPI|TASS|EFE|IRNA|SANA|Xinhua|Anadolu(?: Agency)?)\b[\s.:|,-]*(?=[A-Z0-9])")
_GLUED_YEAR = re.compile(r"\b(\d{1,2})((?:19|20)\d{2})\b")
#: "Posted on July 12 2016 by Jane Roe": the byline after a posting date.
_POSTED_BY = re.compile(r"^by\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+(?=\S)")
#: A scraped page's header ends with its share buttons this early in the text.
MAX_HEADER_CHARS = 300
_PRINT_TWEET = re.compile(r"\bPrint\s+Tweet(?:\s+Views\s+\d[\d,]*)?\s+")
_LEAD_FURNITURE = re.compile(
    r"^(?:SEND\s+\S+\s+)?(?:(?:AA\s+)?(?:Video|Photo|Watch|Listen)\b:?\s+(?=[A-Z]))?")
MAX_LABEL_VALUE_WORDS = 12


def _strip_lead_date(unit: str) -> tuple[str, Stamp | None]:
    match = _LEAD_DATE.match(unit)
    if match is None or match.end() >= len(unit):
        return unit, None
    # "Apr 232017": a page that lost the space between day and year
    date_text = _GLUED_YEAR.sub(r"\1 \2", match.group("date"))
    moment = parse_stamp(date_text)
    if moment is None:
        return unit, None
    rest = unit[match.end():]
    return _POSTED_BY.sub("", rest, count=1) if _posted(match.group(0)) else rest, moment


def _posted(prefix: str) -> bool:
    return prefix.lower().startswith(("posted", "published"))


def _strip_lead_furniture(unit: str) -> str:
    """'SEND <link>', 'Video', 'AA Photo', and a '<headline> <agency> <date> Print
    Tweet Views 12' header in front of the first sentence."""
    header = _PRINT_TWEET.search(unit[:MAX_HEADER_CHARS])
    if header is not None and header.end() < len(unit):
        unit = unit[header.end():]
    match = _LEAD_FURNITURE.match(unit)
    return unit[match.end():] if match is not None and match.end() < len(unit) else unit


def _strip_title(unit: str, title: str | None) -> str:
    if not title:
        return unit
    wanted = " ".join(title.casefold().split())
    if unit.casefold().startswith(wanted) and len(unit) > len(wanted) + 1:
        return unit[len(wanted):].lstrip(" .:|-—–")
    return unit


def _strip_agency(unit: str) -> str:
    match = _LEAD_AGENCY.match(unit)
    return unit[match.end():] if match is not None else unit


def _label_value_end(unit: str, start: int) -> int:
    """Where the value of a leading "Label: value" ends: at the next label, or
    where a sentence of prose begins; -1 when it is not a list of names."""
    following = _INLINE_LABEL.search(unit, start)
    words = word_matches(unit[start:])
    end = following.start() if following is not None else len(unit)
    for i, word in enumerate(words[:MAX_LABEL_VALUE_WORDS + 1]):
        if start + word.start() >= end:
            break
        if i and prose_starts_at(words, i):
            end = start + word.start()
            break
    else:
        if len(words) > MAX_LABEL_VALUE_WORDS and following is None:
            return -1
    value = unit[start:end].strip()
    return end if value and end < len(unit) and is_name_list(value) else -1


def _strip_lead_labels(unit: str) -> str:
    """'Region: Middle East, USA Theme: Terrorism In-depth Report: SYRIA The group ...'."""
    while (match := _INLINE_LABEL.match(unit)) is not None and match.start() == 0:
        if match.group("label").casefold() in PROSE_LABELS:
            break
        end = _label_value_end(unit, match.end())
        if end < 0:
            break
        unit = unit[end:].lstrip()
    return unit


def strip_lead(unit: str, title: str | None) -> tuple[str, Stamp | None]:
    """Drop a leading "<date> <headline> <agency> <labels>" run that scraped texts often begin with.

    Returns the rest of the unit and the first date found, if any.
    """
    published = None
    for _ in range(3):
        before = unit
        unit, moment = _strip_lead_date(unit)
        published = published or moment
        unit = _strip_lead_labels(_strip_lead_furniture(_strip_agency(_strip_title(unit, title))))
        if unit == before:
            break
    return unit, published
