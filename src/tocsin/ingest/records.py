"""Record formats, streamed one record at a time: JSON Lines and CSV/TSV.

These files hold many articles, so the whole-file size limit that guards
single documents does not apply; `max_bytes` limits each record instead, and
one bad record is one Problem while the rest of the file is still read.
"""
from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from tocsin.ingest.build import Fields, from_body
from tocsin.ingest.textio import InputError, iter_lines
from tocsin.models import Article, Problem

#: csv's default 128 KiB field limit is smaller than many articles.
CSV_FIELD_LIMIT = 2**31 - 1
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


def _json_record(line: str, origin: str) -> dict[str, Any] | Problem:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return Problem(origin, "bad_json", f"invalid JSON: {error.msg} at column {error.colno}")
    if not isinstance(record, dict):
        return Problem(origin, "bad_json", f"expected a JSON object, got {type(record).__name__}")
    return record


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def read_jsonl(path: Path, max_bytes: int) -> Iterator[Article | Problem]:
    """Articles from {id, url, title, source, author, published, text} lines."""
    seen_record = False
    for number, line in iter_lines(path):
        if not line.strip():
            continue
        seen_record = True
        origin = f"{path}:{number}"
        if len(line) > max_bytes:
            yield _too_large(origin, len(line), max_bytes)
            continue
        record = _json_record(line, origin)
        if isinstance(record, Problem):
            yield record
            continue
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            yield Problem(origin, "no_text", "JSON record has no 'text' string")
            continue
        meta = Fields(**{name: _str_or_none(record.get(name)) for name in
                         ("id", "title", "url", "source", "author", "published")})
        yield from_body(text, origin, meta)
    if not seen_record:
        raise InputError("empty", "file holds only whitespace")


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


def read_csv(path: Path, max_bytes: int, columns: CsvColumns | None) -> Iterator[Article | Problem]:
    """Articles from the rows of a CSV/TSV file with a header line."""
    lines = (line for _, line in iter_lines(path))
    first = next(lines, None)
    if first is None or not first.strip():
        raise InputError("empty", "no header line")
    # Raising the module-wide limit is the only way csv offers; never lowered.
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    reader = csv.reader(itertools.chain([first], lines), delimiter=_delimiter(path, first))
    header = next(reader)
    columns = columns or CsvColumns.guess(header)
    if columns is None:
        raise InputError("bad_columns", f"no text column in header {header}; pass CsvColumns(text=...)")
    index = _column_index(columns, header)
    while True:
        origin = f"{path}:{reader.line_num + 1}"
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield Problem(origin, "bad_csv", f"malformed CSV row: {error}")
            continue
        size = sum(len(cell) for cell in row)
        if size > max_bytes:
            yield _too_large(origin, size, max_bytes)
        elif any(cell.strip() for cell in row):
            yield _row_article(row, index, origin)
