"""Article clean-up: headline, byline, publisher and date lines, dateline, furniture, body.

Two entry points.  `parse_plain_text` reads a text file that carries its own
header (site name, section labels, headline, byline, date line).
`parse_body` cleans a body whose metadata came from elsewhere (HTML, JSONL,
CSV, feeds), where the header lines may still be repeated at the top.

The header is read as a whole before anything is decided: a page may start
with its site name and section labels ("Global Research", "Region: Middle
East, USA", "In-depth Report: SYRIA") and only then give the headline, so
the headline is the longest title-shaped line before the byline, not simply
the first line.  Furniture lines go to `removed`; they never reach a sentence.
"""
from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from tocsin.ingest.boilerplate import (WRAP_WIDTH, assemble, drop_boilerplate, is_boilerplate, is_caption, split_units,
                                       strip_inline_junk)
from tocsin.ingest.bylines import parse_byline
from tocsin.ingest.cleanup_dateline import Dateline, find_dateline
from tocsin.ingest.cleanup_lead import strip_lead
from tocsin.ingest.furniture import (drop_furniture, furniture_kind, is_genre_label, is_section_label,
                                     is_site_name)
from tocsin.ingest.site_names import split_title
from tocsin.ingest.timestamps import Stamp, parse_stamp

__all__ = ["Dateline", "ParsedText", "find_dateline", "parse_body", "parse_date_line", "parse_plain_text"]

MAX_TITLE_CHARS = 200
MAX_TITLE_WORDS = 30
#: Header lines read before the body must have begun (site name, labels, title, byline, date).
MAX_HEADER_LINES = 10
MAX_PUBLISHER_WORDS = 6
_PUBLISHED_PREFIX = re.compile(
    r"^(?:published|posted|updated|last updated|first published|date)(?:\s+(?:on|at))?\s*:?\s*", re.I)
_LETTER = re.compile(r"[^\W\d_]")
#: "Title: ...", "Source: ...", "Genre: opinion": a header written as labelled fields, as
#: scrapers and archive exports write it.  The key says what the value is, so it is read
#: as that, never guessed from the line's shape (a "Title: " prefix is no headline).
_FIELD = re.compile(r"(?i)(?P<key>title|headline|source|publisher|outlet|author|byline|by|genre"
                    r"|section|type|category)\s*:\s*(?P<value>\S.*)")
_FIELD_KINDS = {"title": "title", "headline": "title", "source": "publisher",
                "publisher": "publisher", "outlet": "publisher", "author": "author",
                "byline": "author", "by": "author", "genre": "genre", "section": "genre",
                "type": "genre", "category": "genre"}
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
    #: UTC offset, in minutes, of the zone `published` was written in (published is UTC)
    published_offset_minutes: int | None = None
    #: a header line labels the piece opinion or analysis ("Opinion", "Analysis | Congo")
    opinion_label: bool = False


def parse_date_line(line: str) -> tuple[str | None, datetime] | None:
    """(publisher, date) from lines like "Global Research, June 13, 2014"."""
    found = _parse_date_line(line)
    return (found[0], found[1].utc) if found is not None else None


def _parse_date_line(line: str) -> tuple[str | None, Stamp] | None:
    text = _PUBLISHED_PREFIX.sub("", line.strip())
    if len(text) > 100:
        return None
    whole = parse_stamp(text)
    if whole is not None:
        return None, whole
    for separator in _SEPARATORS:
        left, found, right = text.partition(separator)
        if not found:
            continue
        for name, date_text in ((left, right), (right, left)):
            moment = parse_stamp(date_text.strip())
            if moment is not None and _looks_like_publisher(name.strip()):
                return name.strip(), moment
    return None


def _looks_like_publisher(name: str) -> bool:
    words = name.split()
    return 0 < len(words) <= MAX_PUBLISHER_WORDS and name[:1].isupper() and not name.endswith(".")


def _is_title(line: str, *, before_meta: bool = False) -> bool:
    """Title-shaped: short, no dateline, no boilerplate.  A line that ends in a
    full stop is a sentence, unless a byline or date line follows it: opinion
    headlines are often two short sentences ("The Warning Came. Nobody Listened.")."""
    return (len(line) <= MAX_TITLE_CHARS and len(line.split()) <= MAX_TITLE_WORDS
            and _LETTER.search(line) is not None
            and (before_meta or not line.endswith(".")) and find_dateline(line) is None
            and not is_boilerplate(line) and not is_caption(line))


def _is_meta(line: str) -> bool:
    """A byline or a publisher/date line."""
    return bool(line) and (parse_byline(line) is not None or _parse_date_line(line) is not None)


@dataclass
class _Header:
    """Mutable scratch state while reading the header of one text."""

    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: Stamp | None = None
    removed: list[str] = field(default_factory=list)
    #: a labelled field said the piece is opinion or analysis ("Genre: opinion")
    opinion_field: bool = False
    #: title-shaped header lines that are not the title: a standfirst, kept as body
    leftover: list[str] = field(default_factory=list)

    def sites(self) -> list[str]:
        return [self.publisher] if self.publisher else []


def _header_kind(line: str, following: str, header: _Header, *, first: bool = False,
                 before_meta: bool = False) -> str | None:
    """What one header line is, or None when the body has begun.  `before_meta`:
    the next non-blank line is a byline or date line."""
    labelled = _FIELD.fullmatch(line)
    if labelled is not None:
        return _read_field(_FIELD_KINDS[labelled["key"].lower()], labelled["value"].strip(), line, header)
    byline = parse_byline(line)
    if byline is not None:
        if header.author is None:
            header.author = byline.author
            header.publisher = header.publisher or byline.publisher
        return "byline"
    dated = _parse_date_line(line)
    if dated is not None:
        if header.published is None:
            header.publisher = header.publisher or dated[0]
            header.published = dated[1]
        return "date"
    if is_boilerplate(line) or furniture_kind(line, header.sites()) is not None:
        header.removed.append(line)
        return "furniture"
    # A title-shaped line that runs on into a lower-case line is a wrapped sentence;
    # after the first line, so is a long one that runs on into a line of prose.
    if _is_title(line, before_meta=before_meta) and not following[:1].islower() \
            and (first or before_meta or not _wraps_on(line, following)):
        return "title"
    return None


def _read_field(kind: str, value: str, line: str, header: _Header) -> str:
    if kind == "title" and header.title is None:
        header.title = value
    elif kind == "publisher":
        header.publisher = header.publisher or value
    elif kind == "author":
        header.author = header.author or value
    elif kind == "genre":
        header.opinion_field = header.opinion_field or is_genre_label(value)
    header.removed.append(line)
    return "field"


def _wraps_on(line: str, following: str) -> bool:
    return (len(line) >= WRAP_WIDTH and bool(following) and parse_byline(following) is None
            and _parse_date_line(following) is None and furniture_kind(following) is None)


def _choose_title(entries: list[tuple[str, str]], header: _Header) -> None:
    """The headline: the longest title line before the byline and date (the first among equals)."""
    titles = [line for kind, line in entries if kind == "title"]
    first_meta = next((i for i, (kind, _) in enumerate(entries) if kind in ("byline", "date")), len(entries))
    before = [line for kind, line in entries[:first_meta] if kind == "title"]
    pool = [line for line in (before or titles) if not is_site_name(line, header.sites())]
    if header.title is None and pool:
        header.title = max(pool, key=lambda line: len(line.split()))
    for line in titles:
        if line == header.title:
            continue
        if is_section_label(line) or is_site_name(line, header.sites()):
            header.removed.append(line)
        else:
            header.leftover.append(line)


def _read_header(lines: list[str], header: _Header) -> int:
    """Consume the header lines of a plain text; return the index where the body starts."""
    entries: list[tuple[str, str]] = []
    start = len(lines)
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        next_line = next((other.strip() for other in lines[index + 1:index + 4] if other.strip()), "")
        kind = (None if len(entries) >= MAX_HEADER_LINES
                else _header_kind(line, following, header, first=not entries,
                                  before_meta=_is_meta(next_line)))
        if kind is None:
            start = index
            break
        entries.append((kind, line))
    _choose_title(entries, header)
    return start


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _read_leading_units(units: list[str], header: _Header) -> list[str]:
    """Take repeated header lines off the top of a body: the headline, byline,
    date line, site name and section labels, in any order."""
    entries: list[tuple[str, str]] = []
    while len(units) > 1 and len(entries) < MAX_HEADER_LINES:
        unit = units[0]
        if header.title and _same_text(unit, header.title):
            entries.append(("same-title", unit))
        else:
            kind = _header_kind(unit, units[1], header, before_meta=_is_meta(units[1]))
            if kind == "title" and header.title is not None:
                if not is_section_label(unit):
                    break                    # a sub-heading or standfirst: the body has begun
                header.removed.append(unit)
                kind = "furniture"
            if kind is None:
                break
            entries.append((kind, unit))
        units = units[1:]
    _choose_title(entries, header)
    return header.leftover + units


def _drop_trailing_labels(units: list[str], removed: list[str]) -> list[str]:
    """Short capitalised lines after the last paragraph are the page's footer links."""
    while len(units) > 1 and is_section_label(units[-1]) and not is_caption(units[-1]):
        removed.append(units.pop())
    return units


def _finish(units: list[str], header: _Header, captions: Collection[str] = (),
            sites: Sequence[str] = ()) -> ParsedText:
    removed = header.removed
    opinion_label = header.opinion_field or any(is_genre_label(line) for line in removed)
    cleaned = []
    for unit in units:
        text, junk = strip_inline_junk(unit)
        removed.extend(junk)
        if text:
            cleaned.append(text)
    # Furniture first: a "Related" heading (also boilerplate) opens a block of headlines.
    kept, furniture = drop_furniture(cleaned, [*sites, *header.sites()])
    kept, dropped = drop_boilerplate(kept)
    gone = {*furniture, *dropped}
    removed.extend(unit for unit in cleaned if unit in gone)   # in page order
    kept = _drop_trailing_labels(kept, removed)
    dateline = None
    for index, unit in enumerate(kept):
        if is_caption(unit) or unit in captions:
            continue
        dateline = find_dateline(unit)
        if dateline is not None and unit[dateline.end:].strip():
            kept[index] = unit[dateline.end:]
        break
    body, caption_spans = assemble(kept, captions)
    stamp = header.published
    return ParsedText(
        title=header.title, author=header.author,
        publisher=header.publisher or (dateline.agency if dateline else None),
        published=stamp.utc if stamp else None,
        dateline_place=dateline.place if dateline else None,
        dateline_date_text=dateline.date_text if dateline else None,
        body=body, captions=caption_spans, removed=tuple(removed),
        published_offset_minutes=stamp.offset_minutes if stamp else None,
        opinion_label=opinion_label,
    )


def parse_plain_text(raw: str) -> ParsedText:
    """Read site name, labels, headline, byline, publisher/date line and dateline off a plain-text article."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header = _Header()
    start = _read_header(lines, header)
    units = header.leftover + split_units("\n".join(lines[start:]))
    if not units:  # a lone short line is the article, not its headline
        header, units = _Header(), split_units(raw)
    if header.title:
        header.title, site = split_title(header.title, header.sites())
        header.publisher = header.publisher or site
    return _finish(units, header)


def parse_body(text: str, title: str | None = None, *, captions: Collection[str] = (),
               sites: Sequence[str] = ()) -> ParsedText:
    """Clean a body whose metadata came from elsewhere (HTML, JSONL, CSV, feeds).

    Takes a site name off the title ("Headline | Site"), drops a leading date
    and repeated headline, byline and section labels, removes boilerplate and
    furniture, finds the dateline, and marks captions: those the page marked
    (`captions`, exact paragraph texts) and those that read as captions.
    `sites` are the site's names known from the page's metadata.
    """
    site = None
    if title:
        title, site = split_title(title, sites)
    units = split_units(text)
    published = None
    if units:
        units[0], published = strip_lead(units[0], title)
    header = _Header(title=title, publisher=site, published=published)
    units = _read_leading_units(units, header)
    return _finish(units, header, captions, [*sites, *([site] if site else [])])
