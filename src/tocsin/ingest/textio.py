"""Turning the bytes of an input file into text, or into a reason it cannot be.

Real news dumps are mostly UTF-8 with stray Windows-1252 bytes (smart quotes,
bullets, accented letters pasted from Word).  We decode UTF-8 strictly and
re-decode only the bytes that fail as cp1252, one run at a time, so a single
bad byte never costs a whole article.  Text in some other legacy encoding
(long runs of high bytes, as in cp1251 or Shift-JIS) goes to charset
detection instead; what nothing can decode is an ``encoding`` problem.
"""
from __future__ import annotations

import codecs
import io
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import AnyStr, BinaryIO

import charset_normalizer

#: Bytes inspected to decide whether a file is binary or what codec a stream uses.
SNIFF_BYTES = 65_536
#: Share of ASCII control characters above which a file is called binary.
MAX_CONTROL_RATIO = 0.05
#: Share of bytes undefined even in cp1252 above which decoding has failed.
MAX_UNDEFINED_RATIO = 0.01
#: ...and above this count, so one stray byte in a short text is forgiven.
MAX_UNDEFINED_BYTES = 8
#: Share of cp1252-rescued bytes that may sit in long runs before we suspect
#: the file is in another encoding altogether.
MAX_LONG_RUN_SHARE = 0.5

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_ESCAPED_RUN = re.compile("[\udc80-\udcff]+")
_CONTROL_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x20)) | {0x7F}


class InputError(ValueError):
    """A file or record that cannot be read; `reason` is the Problem reason code."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    codec: str


def bom_codec(head: bytes) -> str | None:
    """The codec announced by a byte-order mark, if any."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec
    return None


def check_not_binary(head: bytes) -> None:
    """Raise a ``binary`` InputError for NUL bytes or many control characters."""
    if bom_codec(head) in ("utf-16", "utf-32"):
        return
    if b"\x00" in head:
        raise InputError("binary", "contains NUL bytes; not a text file")
    controls = sum(1 for byte in head if byte in _CONTROL_BYTES)
    if head and controls / len(head) > MAX_CONTROL_RATIO:
        raise InputError("binary", f"{controls} control bytes in the first {len(head)}; not a text file")


def _rescue(text: str) -> tuple[str, int]:
    """Re-decode escaped bytes as cp1252; drop (and count) bytes cp1252 leaves undefined."""
    undefined = 0

    def rescue_run(match: re.Match[str]) -> str:
        nonlocal undefined
        decoded = bytes(ord(char) - 0xDC00 for char in match.group()).decode("cp1252", errors="replace")
        undefined += decoded.count("\ufffd")
        return decoded.replace("\ufffd", "")

    return _ESCAPED_RUN.sub(rescue_run, text), undefined


def _long_run_share(text: str) -> float:
    """Share of escaped bytes that sit in runs of three or more.

    cp1252 accents in Western text are isolated bytes inside ASCII words;
    multi-byte legacy encodings produce long runs.
    """
    runs = [len(m.group()) for m in _ESCAPED_RUN.finditer(text)]
    total = sum(runs)
    return sum(n for n in runs if n >= 3) / total if total else 0.0


def _check_undefined(undefined: int, length: int) -> None:
    if undefined > MAX_UNDEFINED_BYTES and undefined / max(length, 1) > MAX_UNDEFINED_RATIO:
        raise InputError("encoding", f"{undefined} bytes undecodable as UTF-8 or cp1252; unknown text encoding")


def _detect(raw: bytes) -> Decoded:
    best = charset_normalizer.from_bytes(raw[:SNIFF_BYTES * 4]).best()
    if best is None or best.encoding is None:
        raise InputError("encoding", "not UTF-8 and no known text encoding fits")
    try:
        return Decoded(raw.decode(best.encoding), best.encoding)
    except (UnicodeDecodeError, LookupError) as error:
        raise InputError("encoding", f"looked like {best.encoding} but failed: {error}") from error


def decode(raw: bytes, *, lenient: bool = False) -> Decoded:
    """Decode bytes as UTF-8, rescuing stray cp1252 bytes; raise InputError.

    `lenient` is for single lines of a stream whose codec was already chosen:
    no charset detection and no error for a few undefined bytes.
    """
    codec = bom_codec(raw[:4])
    if codec is not None:
        try:
            return Decoded(raw.decode(codec), codec)
        except UnicodeDecodeError as error:
            raise InputError("encoding", f"bad {codec} after byte-order mark: {error}") from error
    text = raw.decode("utf-8", errors="surrogateescape")
    if _ESCAPED_RUN.search(text):
        if not lenient and _long_run_share(text) > MAX_LONG_RUN_SHARE:
            return _detect(raw)
        text, undefined = _rescue(text)
        if not lenient:
            _check_undefined(undefined, len(text))
        return Decoded(text, "utf-8+cp1252")
    return Decoded(text, "utf-8")


_FILE_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
               (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
               (stat.S_ISBLK, "a block device"))


def _not_regular(mode: int) -> InputError | None:
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _FILE_KINDS if test(mode)), "not a regular file")
    return InputError("not_a_file", f"{kind}, not a regular file; only regular files are read")


def check_regular(path: Path) -> None:
    """Raise unless `path` is a regular file (following symlinks).

    Checked before anything opens the file: opening a FIFO blocks until a
    writer appears, and a device can be endless.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        reason = "broken symbolic link" if os.path.islink(path) else "missing file"
        raise InputError("unreadable", f"cannot read: {reason}") from None
    except OSError as error:
        raise InputError("unreadable", f"cannot read: {error.strerror or error}") from error
    problem = _not_regular(mode)
    if problem is not None:
        raise problem


def open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading; never blocks on a FIFO swapped in after a check."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise InputError("unreadable", f"cannot read: {error.strerror or error}") from error
    try:
        problem = _not_regular(os.fstat(fd).st_mode)
        if problem is not None:
            raise problem
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def check_size(path: Path, max_bytes: int) -> int:
    """Return the file size; raise ``unreadable``, ``too_large`` or ``empty``."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise InputError("unreadable", f"cannot read: {error.strerror or error}") from error
    if size > max_bytes:
        raise InputError("too_large", f"{size:,} bytes is over the {max_bytes:,}-byte limit")
    if size == 0:
        raise InputError("empty", "file is empty")
    return size


def read_bytes(path: Path) -> bytes:
    try:
        with open_regular(path) as handle:
            return handle.read()
    except OSError as error:
        raise InputError("unreadable", f"cannot read: {error.strerror or error}") from error


def read_text(path: Path, max_bytes: int) -> str:
    """Read a whole single-document file as text, or raise InputError."""
    check_size(path, max_bytes)
    raw = read_bytes(path)
    check_not_binary(raw[:SNIFF_BYTES])
    text = decode(raw).text
    if not text.strip():
        raise InputError("empty", "file holds only whitespace")
    return text


def stream_codec(head: bytes) -> str:
    """Pick the codec for a streamed (line-by-line) file from its first bytes."""
    codec = bom_codec(head)
    if codec is not None:
        return codec
    cut = head.rfind(b"\n")
    sample = head[:cut] if cut > 0 else head
    decoded = decode(sample)
    return "utf-8" if decoded.codec.startswith("utf-8") else decoded.codec


@dataclass(frozen=True, slots=True)
class Oversized:
    """A line longer than the cap given to `iter_lines`; its text was never kept."""

    size: int


def _capped(read_line: Callable[[int], AnyStr], cap: int | None) -> Iterator[AnyStr | Oversized]:
    """Lines from `read_line(size)`; a line over `cap` is skipped chunk by chunk."""
    limit = -1 if cap is None else cap + 1
    while line := read_line(limit):
        if cap is None or len(line) <= cap:
            yield line
            continue
        size = len(line)
        while line[-1:] not in ("\n", b"\n"):
            line = read_line(1 << 20)
            if not line:
                break
            size += len(line)
        yield Oversized(size)


def iter_lines(path: Path, max_line: int | None = None) -> Iterator[tuple[int, str | Oversized]]:
    """Stream (line number, text) from a file, decoding each line on its own.

    Raises InputError for unreadable, empty, binary or undecodable files
    before the first line; a bad line later on is rescued byte by byte.  A
    line longer than `max_line` (bytes, or characters in a legacy codec)
    comes as `Oversized` and is never held in memory whole.
    """
    with open_regular(path) as handle:
        head = handle.read(SNIFF_BYTES)
        if not head:
            raise InputError("empty", "file is empty")
        check_not_binary(head)
        codec = stream_codec(head)
        handle.seek(0)
        if codec not in ("utf-8", "utf-8-sig"):
            # newline="" keeps "\r\n" inside quoted CSV fields intact.
            text = io.TextIOWrapper(handle, encoding=codec, errors="replace", newline="")
            yield from enumerate(_capped(text.readline, max_line), start=1)
            return
        if codec == "utf-8-sig":
            handle.seek(len(codecs.BOM_UTF8))
        for number, line in enumerate(_capped(handle.readline, max_line), start=1):
            yield number, line if isinstance(line, Oversized) else decode(line, lenient=True).text
