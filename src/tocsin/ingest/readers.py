"""The ingest entry point: paths in, a stream of Articles and Problems out.

Files are read one at a time and folders walked lazily in sorted order, so
the output is deterministic and memory holds one document (or one record)
at a time.  Nothing raises: each bad file or record becomes a `Problem` with
a reason code, and reading goes on with the next.

Only regular files are opened: a FIFO, socket or device (in a folder or
named on the command line) is a `not_a_file` problem, never a hang.

Reason codes: unreadable, not_a_file, empty, binary, encoding, too_large,
unsupported, bad_json, bad_csv, bad_columns, no_text, error (an unexpected
failure; its traceback goes to the debug log, never to stderr).  Articles
may also carry notices (`truncated`, `collapsed`) from `ingest.limits`.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from tocsin.ingest.documents import read_feed, read_html, read_txt, sniff_kind
from tocsin.ingest.records import CsvColumns, failed_record, read_csv, read_jsonl
from tocsin.ingest.textio import InputError, check_regular, decode
from tocsin.models import Article, Problem

__all__ = ["CsvColumns", "decode_bytes", "iter_inputs", "iter_files", "read_file", "SUFFIXES"]

DEFAULT_MAX_BYTES = 20_000_000

Reader = Callable[[Path, int, "CsvColumns | None"], Iterator["Article | Problem"]]
_READERS: dict[str, Reader] = {
    "txt": lambda path, limit, _: read_txt(path, limit),
    "html": lambda path, limit, _: read_html(path, limit),
    "feed": lambda path, limit, _: read_feed(path, limit),
    "jsonl": lambda path, limit, _: read_jsonl(path, limit),
    "csv": read_csv,
}
#: File name endings and the format each is read as.
SUFFIXES = {
    ".txt": "txt", ".text": "txt",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv", ".tsv": "csv",
}


def decode_bytes(raw: bytes) -> str:
    """Text of `raw`: UTF-8 with stray cp1252 bytes rescued, else a detected codec.

    Raises `InputError` (a ValueError) with reason ``encoding`` when nothing fits.
    """
    return decode(raw).text


def _listing(folder: Path) -> list[os.DirEntry[str]] | Problem:
    try:
        with os.scandir(folder) as entries:
            return sorted((e for e in entries if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as error:
        return Problem(str(folder), "unreadable", f"cannot list folder: {error.strerror or error}")


def _walk(folder: Path) -> Iterator[Path | Problem]:
    # Depth-first with an explicit stack: a folder tree deeper than Python's
    # recursion limit is still walked, in the same order as a recursive walk.
    stack: list[Iterator[os.DirEntry[str]]] = []
    listing = _listing(folder)
    if isinstance(listing, Problem):
        yield listing
        return
    stack.append(iter(listing))
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_folder = False
        if not is_folder:
            yield Path(entry.path)
            continue
        listing = _listing(Path(entry.path))
        if isinstance(listing, Problem):
            yield listing
        else:
            stack.append(iter(listing))


def iter_files(folder: Path) -> Iterator[Path]:
    """Files under `folder`, recursively, sorted by name at each level.

    Hidden entries (".git", ".DS_Store") are skipped, and symlinked folders
    are not followed, which rules out cycles.  Unlistable folders are skipped.
    """
    return (item for item in _walk(folder) if isinstance(item, Path))


def _kind(path: Path) -> str | None:
    return SUFFIXES.get(path.suffix.lower()) or sniff_kind(path)


def read_file(path: Path, *, columns: CsvColumns | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Problem]:
    """Articles from one file; a Problem (never an exception) for bad input."""
    origin = str(path)
    try:
        check_regular(path)
        kind = _kind(path)
        if kind is None:
            raise InputError("unsupported", f"unsupported file type {path.suffix or '(no extension)'!r}")
        yield from _READERS[kind](path, max_bytes, columns)
    except InputError as error:
        yield Problem(origin, error.reason, error.message)
    except Exception as error:  # noqa: BLE001 - one broken file must not stop the batch
        yield failed_record(origin, error)


def _iter_path(path: Path, columns: CsvColumns | None, max_bytes: int) -> Iterator[Article | Problem]:
    try:
        is_folder = path.is_dir()
    except OSError:  # e.g. a name too long for the file system: read_file reports it
        is_folder = False
    if not is_folder:
        yield from read_file(path, columns=columns, max_bytes=max_bytes)
        return
    for item in _walk(path):
        if isinstance(item, Problem):
            yield item
        else:
            yield from read_file(item, columns=columns, max_bytes=max_bytes)


def _printable(origin: str) -> str:
    # A file name that is not valid UTF-8 decodes to lone surrogates, which
    # neither the store nor a terminal accepts: show the bad bytes as U+FFFD.
    if not any("\udc80" <= char <= "\udcff" for char in origin):
        return origin
    return os.fsencode(origin).decode("utf-8", errors="replace")


def iter_inputs(paths: Iterable[str | Path], *, columns: CsvColumns | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Problem]:
    """Stream Articles and Problems from files and folders, in a deterministic order.

    `columns` names the CSV columns (guessed from the header when None).
    `max_bytes` caps single-document files (.txt, .html, feeds) and each
    record of a .jsonl or .csv file.
    """
    for path in paths:
        for item in _iter_path(Path(path), columns, max_bytes):
            origin = _printable(item.origin)
            yield item if origin == item.origin else replace(item, origin=origin)
