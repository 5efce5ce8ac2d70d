"""Plain-text article parsing: headline, byline, publisher line, dateline, body.

Decision on datelines: the prefix "BAGHDAD, June 10 --" is *removed* from the
first paragraph and kept in `dateline_place` / `dateline_date_text`.  Left in,
it glues the reporter's location onto the first sentence, where event and
place extraction would read the filing city as the scene of the story; the
remaining words of the paragraph are untouched.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from tocsin.ingest.boilerplate import (assemble, drop_boilerplate, is_boilerplate, is_caption, split_units,
                                       strip_inline_junk)
from tocsin.ingest.bylines import parse_byline
from tocsin.ingest.timestamps import parse_published

MAX_TITLE_CHARS = 200
MAX_TITLE_WORDS = 30
MAX_HEADER_LINES = 6
MAX_PUBLISHER_WORDS = 6
#: A leading date or title must start within this many characters of a unit.
MAX_LEAD_OFFSET = 40

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
          r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_WEEKDAY = r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?"
_DAY_MONTH = rf"(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})"
_CAPS_PLACE = r"[A-Z][A-Z'’.\-]*[A-Z](?:\s+[A-Z][A-Z'’.\-]*[A-Z]){0,3}"
_TITLE_PLACE = r"[A-Z][a-z'’.\-]+(?:[\s\-][A-Z][a-z'’.\-]+){0,3}"
_DATELINE = re.compile(
    rf"^(?P<place>{_CAPS_PLACE}|{_TITLE_PLACE})"
    rf"(?:,\s*(?!{_MONTH}\s)(?P<region>[A-Z][A-Za-z.'’\-]*(?:\s[A-Z][A-Za-z.'’\-]*){{0,2}}))?"
    rf"(?:,?\s*(?P<date>{_DAY_MONTH}(?:,?\s*\d{{4}})?))?"
    r"\s*(?:\((?P<agency>[^()]{1,40})\))?"
    rf"(?:,?\s*(?P<date2>{_DAY_MONTH}(?:,?\s*\d{{4}})?))?"
    r"\s*(?:--|—|–|-|:)\s+(?=\S)"
)
_NOT_PLACES = frozenset({
    "UPDATE", "UPDATED", "BREAKING", "EXCLUSIVE", "ANALYSIS", "WATCH", "VIDEO", "FACTBOX",
    "REFILE", "CORRECTED", "OPINION", "COMMENT", "EDITORIAL", "NOTE", "WARNING", "URGENT",
    "FLASH", "LIVE", "PHOTOS", "EXPLAINER", "INTERVIEW", "UPDATE 1", "UPDATE 2", "NEWS",
})
_LEAD_DATE = re.compile(
    r"^(?:(?:date of publication|published|posted|updated|last updated)(?:\s+(?:on|at))?\s*:?\s*)?"
    rf"(?P<date>(?:{_WEEKDAY}\s*)?(?:{_DAY_MONTH},?\s*\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s*\d{{4}}"
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2})"
    r"(?:\s+\d{1,2}[:.]\d{2}(?:\s*[AP]\.?M\.?)?(?:\s+(?:GMT|UTC|[ECMP][SD]T|BST|CES?T|EES?T)\b)?)?)[\s.:|,-]*",
    re.IGNORECASE,
)
_LEAD_AGENCY = re.compile(
    r"^(?:Reuters|AFP|AP|DPA|UPI|TASS|EFE|IRNA|SANA|Xinhua|Anadolu(?: Agency)?)\b[\s.:|,-]*(?=[A-Z0-9])")
_PUBLISHED_PREFIX = re.compile(
    r"^(?:published|posted|updated|last updated|first published|date)(?:\s+(?:on|at))?\s*:?\s*", re.I)
_LETTER = re.compile(r"[^\W\d_]")
_GLUED_YEAR = re.compile(r"\b(\d{1,2})((?:19|20)\d{2})\b")
#: "Posted on July 12 2016 by Jane Roe": the byline after a posting date.
_POSTED_BY = re.compile(r"^by\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+(?=\S)")
#: A scraped page's header ends with its share buttons this early in the text.
MAX_HEADER_CHARS = 300
_PRINT_TWEET = re.compile(r"\bPrint\s+Tweet(?:\s+Views\s+\d[\d,]*)?\s+")
_LEAD_FURNITURE = re.compile(
    r"^(?:SEND\s+\S+\s+)?(?:(?:AA\s+)?(?:Video|Photo|Watch|Listen)\b:?\s+(?=[A-Z]))?")
_SEPARATORS = ("|", " — ", " – ", " - ", ", ")


@dataclass(frozen=True, slots=True)
class ParsedText:
    title: str | None
    author: str | None
    publisher: str | None
    published: datetime | None
    dateline_place: str | None
    dateline_date_text: str | None
    body: str
    captions: tuple[tuple[int, int], ...] = ()
    removed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Dateline:
    place: str
    date_text: str | None
    end: int
    #: news agency named in brackets, as in "RAQQA, Syria (Reuters) -"
    agency: str | None = None


def find_dateline(unit: str) -> Dateline | None:
    """The dateline at the start of a paragraph, e.g. "RAQQA, Syria (Reuters) -"."""
    match = _DATELINE.match(unit)
    if match is None or match.group("place").upper() in _NOT_PLACES:
        return None
    place = match.group("place")
    date_text = match.group("date") or match.group("date2")
    if not place.isupper() and not (match.group("agency") or date_text):
        return None  # "Rebels - who ..." is prose, not a dateline
    if match.group("region"):
        place = f"{place}, {match.group('region')}"
    agency = match.group("agency")
    return Dateline(place, date_text, match.end(), agency.strip() if agency else None)


def parse_date_line(line: str) -> tuple[str | None, datetime] | None:
    """(publisher, date) from lines like "Global Research, June 13, 2014"."""
    text = _PUBLISHED_PREFIX.sub("", line.strip())
    if len(text) > 100:
        return None
    whole = parse_published(text)
    if whole is not None:
        return None, whole
    for separator in _SEPARATORS:
        left, found, right = text.partition(separator)
        if not found:
            continue
        for name, date_text in ((left, right), (right, left)):
            moment = parse_published(date_text.strip())
            if moment is not None and _looks_like_publisher(name.strip()):
                return name.strip(), moment
    return None


def _looks_like_publisher(name: str) -> bool:
    words = name.split()
    return 0 < len(words) <= MAX_PUBLISHER_WORDS and name[:1].isupper() and not name.endswith(".")


def _is_title(line: str) -> bool:
    return (len(line) <= MAX_TITLE_CHARS and len(line.split()) <= MAX_TITLE_WORDS
            and _LETTER.search(line) is not None
            and not line.endswith(".") and find_dateline(line) is None
            and not is_boilerplate(line) and not is_caption(line))


@dataclass
class _Header:
    """Mutable scratch state while reading the header lines of one text."""

    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: datetime | None = None


def _read_header(lines: list[str], header: _Header, removed: list[str]) -> int:
    """Consume title, byline, date and boilerplate lines; return the body start."""
    seen = 0
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if seen >= MAX_HEADER_LINES or not _read_header_line(line, following, header, removed, first=seen == 0):
            return index
        seen += 1
    return len(lines)


def _read_header_line(line: str, following: str, header: _Header, removed: list[str], *,
                      first: bool) -> bool:
    byline = parse_byline(line)
    dated = None if byline else parse_date_line(line)
    if byline is not None and header.author is None:
        header.author = byline.author
        header.publisher = header.publisher or byline.publisher
    elif dated is not None and header.published is None:
        header.publisher = header.publisher or dated[0]
        header.published = dated[1]
    elif is_boilerplate(line):
        removed.append(line)
    elif first and _is_title(line) and not following[:1].islower():
        # A first line that runs on into a lower-case line is a wrapped sentence.
        header.title = line
    else:
        return False
    return True


def _strip_lead_date(unit: str) -> tuple[str, datetime | None]:
    match = _LEAD_DATE.match(unit)
    if match is None or match.end() >= len(unit):
        return unit, None
    # "Apr 232017": a page that lost the space between day and year
    date_text = _GLUED_YEAR.sub(r"\1 \2", match.group("date"))
    moment = parse_published(date_text)
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


def strip_lead(unit: str, title: str | None) -> tuple[str, datetime | None]:
    """Drop a leading "<date> <headline> <agency>" run that scraped texts often begin with.

    Returns the rest of the unit and the first date found, if any.
    """
    published = None
    for _ in range(3):
        before = unit
        unit, moment = _strip_lead_date(unit)
        published = published or moment
        unit = _strip_lead_furniture(_strip_agency(_strip_title(unit, title)))
        if unit == before:
            break
    return unit, published


def _finish(units: list[str], removed: list[str], header: _Header) -> ParsedText:
    cleaned = []
    for unit in units:
        text, junk = strip_inline_junk(unit)
        removed.extend(junk)
        if text:
            cleaned.append(text)
    kept, dropped = drop_boilerplate(cleaned)
    removed.extend(dropped)
    dateline = None
    for index, unit in enumerate(kept):
        if is_caption(unit):
            continue
        dateline = find_dateline(unit)
        if dateline is not None and unit[dateline.end:].strip():
            kept[index] = unit[dateline.end:]
        break
    body, captions = assemble(kept)
    return ParsedText(
        title=header.title, author=header.author,
        publisher=header.publisher or (dateline.agency if dateline else None),
        published=header.published,
        dateline_place=dateline.place if dateline else None,
        dateline_date_text=dateline.date_text if dateline else None,
        body=body, captions=captions, removed=tuple(removed),
    )


def parse_plain_text(raw: str) -> ParsedText:
    """Read headline, byline, publisher/date line and dateline off a plain-text article."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header, removed = _Header(), []
    start = _read_header(lines, header, removed)
    units = split_units("\n".join(lines[start:]))
    if not units:  # a lone short line is the article, not its headline
        header, removed, units = _Header(), [], split_units(raw)
    return _finish(units, removed, header)


def parse_body(text: str, title: str | None = None) -> ParsedText:
    """Clean a body whose metadata came from elsewhere (HTML, JSONL, CSV, feeds).

    Drops a leading date and a repeated headline, removes boilerplate, finds
    the dateline and captions.  `published` is the leading date, if any.
    """
    units = split_units(text)
    published = None
    if units:
        units[0], published = strip_lead(units[0], title)
        if title and units[0].casefold() == title.casefold() and len(units) > 1:
            units.pop(0)
    header = _Header(title=title, published=published)
    return _finish(units, [], header)
