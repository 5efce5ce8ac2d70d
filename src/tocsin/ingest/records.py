"""Record formats, streamed one record at a time: JSON Lines and CSV/TSV.

These files hold many articles, so the whole-file size limit that guards
single documents does not apply; `max_bytes` limits each record instead, and
one bad record is one Problem while the rest of the file is still read:
whatever fails inside a record (even a RecursionError from a line of
100,000 nested brackets) stays with that record.
"""
from __future__ import annotations

import csv
import itertools
import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from tocsin.ingest.build import Fields, from_body
from tocsin.ingest.textio import InputError, Oversized, iter_lines
from tocsin.models import Article, Problem

_log = logging.getLogger(__name__)
#: Longest message kept from an unexpected exception.
MAX_ERROR_CHARS = 300
_GUESSES = {
    "text": ("text", "content", "body", "article_content", "article_text", "article", "full_text", "story"),
    "title": ("title", "headline", "article_title"),
    "date": ("published", "date", "pubdate", "publish_date", "published_at", "datetime"),
    "id": ("id", "article_id", "doc_id"),
    "url": ("url", "link"),
    "source": ("source", "publisher", "outlet", "site"),
    "author": ("author", "authors", "byline"),
}


@dataclass(frozen=True, slots=True)
class CsvColumns:
    """Which CSV columns hold an article's text and metadata (header names)."""

    text: str
    title: str | None = None
    date: str | None = None
    id: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None

    @classmethod
    def guess(cls, header: list[str]) -> CsvColumns | None:
        """Columns picked by common names, or None when no text column is found."""
        by_name = {name.strip().casefold(): name for name in header}
        found = {role: next((by_name[n] for n in names if n in by_name), None)
                 for role, names in _GUESSES.items()}
        text = found.pop("text")
        return None if text is None else cls(text=text, **found)


def _too_large(origin: str, size: int, max_bytes: int) -> Problem:
    return Problem(origin, "too_large", f"record of {size:,} characters is over the {max_bytes:,} limit")


def failed_record(origin: str, error: Exception) -> Problem:
    """The Problem for a record that raised; the traceback goes to the debug log only."""
    _log.debug("record %s failed", origin, exc_info=error)
    message = " ".join(f"{type(error).__name__}: {error}".split())
    return Problem(origin, "error", message[:MAX_ERROR_CHARS])


def guarded(origin: str, build: Callable[[], Article | Problem]) -> Article | Problem:
    """`build()`, or a Problem if it raises: one record never takes its file down."""
    try:
        return build()
    except InputError as error:
        return Problem(origin, error.reason, error.message)
    except Exception as error:  # noqa: BLE001 - per-record isolation is the point
        return failed_record(origin, error)


def _json_record(line: str, origin: str) -> dict[str, Any] | Problem:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return Problem(origin, "bad_json", f"invalid JSON: {error.msg} at column {error.colno}")
    except RecursionError:
        return Problem(origin, "bad_json", "JSON nested too deeply to read")
    if not isinstance(record, dict):
        return Problem(origin, "bad_json", f"expected a JSON object, got {type(record).__name__}")
    return record


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def jsonl_record(line: str, origin: str) -> Article | Problem:
    """One {id, url, title, source, author, published, text} JSON line as an Article."""
    record = _json_record(line, origin)
    if isinstance(record, Problem):
        return record
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return Problem(origin, "no_text", "JSON record has no 'text' string")
    meta = Fields(**{name: _str_or_none(record.get(name)) for name in
                     ("id", "title", "url", "source", "author", "published")})
    return from_body(text, origin, meta)


def jsonl_items(lines: Iterator[tuple[int, str | Oversized]], origin: str,
                max_bytes: int) -> Iterator[Article | Problem]:
    """Articles and Problems from numbered JSON lines; origins are `origin:N`."""
    for number, line in lines:
        where = f"{origin}:{number}"
        if isinstance(line, Oversized):
            yield _too_large(where, line.size, max_bytes)
        elif len(line) > max_bytes:
            yield _too_large(where, len(line), max_bytes)
        elif line.strip():
            yield guarded(where, lambda: jsonl_record(line, where))


def read_jsonl(path: Path, max_bytes: int) -> Iterator[Article | Problem]:
    """Articles from {id, url, title, source, author, published, text} lines."""
    lines = ((n, line) for n, line in iter_lines(path, max_bytes)
             if isinstance(line, Oversized) or line.strip())
    first = next(lines, None)
    if first is None:
        raise InputError("empty", "file holds only whitespace")
    yield from jsonl_items(itertools.chain([first], lines), str(path), max_bytes)


def _delimiter(path: Path, header_line: str) -> str:
    if path.suffix.lower() == ".tsv":
        return "\t"
    if "," not in header_line and header_line.count(";") > header_line.count("\t"):
        return ";"
    return "\t" if "," not in header_line and "\t" in header_line else ","


def _column_index(columns: CsvColumns, header: list[str]) -> dict[str, int]:
    position = {name.strip(): i for i, name in enumerate(header)}
    wanted = {f.name: getattr(columns, f.name) for f in fields(columns) if getattr(columns, f.name)}
    missing = [name for name in wanted.values() if name.strip() not in position]
    if missing:
        raise InputError("bad_columns", f"no column(s) {', '.join(map(repr, missing))} in header {header}")
    return {role: position[name.strip()] for role, name in wanted.items()}


def _row_article(row: list[str], index: dict[str, int], origin: str) -> Article | Problem:
    def cell(role: str) -> str | None:
        i = index.get(role)
        return row[i] if i is not None and i < len(row) else None

    meta = Fields(id=cell("id"), title=cell("title"), url=cell("url"), source=cell("source"),
                  author=cell("author"), published=cell("date"))
    text = cell("text")
    if text is None or not text.strip():
        return Problem(origin, "no_text", f"row has no text in column {index['text'] + 1}")
    return from_body(text, origin, meta)


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    """csv's field limit is module-wide: set it for one read and put it back.

    The default 128 KiB is smaller than many articles; with the record limit
    instead, an unclosed quote that would swallow the rest of the file stops
    at `limit` as a `bad_csv` row, and reading resumes on the next line.
    """
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


#: Stands in for a physical line over the record limit (private-use characters).
_OVERSIZED_LINE = "\ue000oversized line\ue000"


def _text_lines(path: Path, max_bytes: int) -> Iterator[str]:
    for _, line in iter_lines(path, max_bytes):
        # An over-long physical line is never held whole: a marker takes its
        # place, and the row that holds the marker is reported as too large.
        yield _OVERSIZED_LINE + "\n" if isinstance(line, Oversized) else line


def read_csv(path: Path, max_bytes: int, columns: CsvColumns | None) -> Iterator[Article | Problem]:
    """Articles from the rows of a CSV/TSV file with a header line."""
    lines = _text_lines(path, max_bytes)
    first = next(lines, None)
    if first is None or not first.strip():
        raise InputError("empty", "no header line")
    reader = csv.reader(itertools.chain([first], lines), delimiter=_delimiter(path, first))
    try:
        with _field_limit(max_bytes):
            header = next(reader)
    except (csv.Error, StopIteration) as error:
        raise InputError("bad_csv", f"malformed CSV header line: {error}") from None
    columns = columns or CsvColumns.guess(header)
    if columns is None:
        raise InputError("bad_columns", f"no text column in header {header}; pass CsvColumns(text=...)")
    index = _column_index(columns, header)
    while True:
        origin = f"{path}:{reader.line_num + 1}"
        try:
            with _field_limit(max_bytes):
                row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield Problem(origin, "bad_csv", f"malformed CSV row: {error}")
            continue
        size = sum(len(cell) for cell in row)
        if any(_OVERSIZED_LINE in cell for cell in row):
            yield Problem(origin, "too_large", f"record has a line over the {max_bytes:,} limit")
        elif size > max_bytes:
            yield _too_large(origin, size, max_bytes)
        elif any(cell.strip() for cell in row):
            yield guarded(origin, lambda: _row_article(row, index, origin))
