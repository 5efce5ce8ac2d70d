"""The event-type training set: sentences we wrote ourselves, one file per code.

`data/event_training/<CODE>.tsv` holds rows `code<TAB>register<TAB>theatre<TAB>text`;
lines starting with '#' are comments.  `data/event_examples.tsv`, the older
set, holds rows `code<TAB>text` and is read with register and theatre
"unknown".  Every problem (unknown code or register, wrong column count, a
code that does not match its file, an empty text, the same text twice
anywhere in the set) is reported with file and line, all at once.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.abc import Traversable

from tocsin.extract.event_type.codes import NO_EVENT, taxonomy

REGISTERS = frozenset({"wire", "local", "ngo", "acled_note", "translated", "headline",
                       "analysis", "social"})
UNKNOWN = "unknown"
TRAINING_FOLDER = "event_training"
LEGACY_FILE = "event_examples.tsv"
#: At most this many problems are listed in one error.
SHOWN_PROBLEMS = 20


@dataclass(frozen=True, slots=True)
class Example:
    code: str
    text: str
    register: str = UNKNOWN
    theatre: str = UNKNOWN
    #: "file:line" the example was read from.
    source: str = ""


class TrainingDataError(ValueError):
    """The training set has malformed rows; the message lists them."""

    def __init__(self, problems: Sequence[str]) -> None:
        shown = list(problems[:SHOWN_PROBLEMS])
        more = len(problems) - len(shown)
        super().__init__("; ".join(shown) + (f"; and {more} more" if more > 0 else ""))
        self.problems = tuple(problems)


def known_codes() -> frozenset[str]:
    return frozenset(taxonomy()) | {NO_EVENT}


def parse_rows(lines: Iterable[str], source: str, problems: list[str], *,
               expected_code: str | None = None,
               codes: frozenset[str] | None = None) -> list[Example]:
    """Rows of one training file (4 columns); problems are appended, not raised.
    `codes` are the labels allowed (default: the event codes and NONE)."""
    codes = codes if codes is not None else known_codes()
    examples = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        where = f"{source}:{number}"
        fields = line.rstrip("\r\n").split("\t")
        if len(fields) != 4:
            problems.append(f"{where}: expected 4 tab-separated fields "
                            f"(code, register, theatre, text), found {len(fields)}")
            continue
        code, register, theatre, text = (f.strip() for f in fields)
        problem = _row_problem(code, register, text, codes, expected_code)
        if problem:
            problems.append(f"{where}: {problem}")
            continue
        examples.append(Example(code, text, register, theatre or UNKNOWN, where))
    return examples


def _row_problem(code: str, register: str, text: str, codes: frozenset[str],
                 expected_code: str | None) -> str | None:
    if code not in codes:
        return f"unknown code {code!r}"
    if expected_code is not None and code != expected_code:
        return f"code {code} in the file for {expected_code}"
    if register not in REGISTERS:
        return f"unknown register {register!r} (one of {', '.join(sorted(REGISTERS))})"
    if not text:
        return "empty text"
    return None


def parse_legacy_rows(lines: Iterable[str], source: str, problems: list[str]) -> list[Example]:
    """Rows `code<TAB>text` of the older examples file."""
    codes = known_codes()
    examples = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.rstrip("\r\n").split("\t")
        where = f"{source}:{number}"
        if len(fields) != 2 or not fields[1].strip():
            problems.append(f"{where}: expected code<TAB>sentence")
        elif fields[0] not in codes:
            problems.append(f"{where}: unknown code {fields[0]!r}")
        else:
            examples.append(Example(fields[0], fields[1].strip(), source=where))
    return examples


def duplicate_problems(examples: Sequence[Example]) -> list[str]:
    """The same text (exactly, ignoring surrounding space) in two places."""
    first: dict[str, str] = {}
    problems = []
    for example in examples:
        seen = first.setdefault(example.text, example.source)
        if seen != example.source:
            problems.append(f"{example.source}: duplicate of {seen}")
    return problems


def read_folder(folder: Traversable, legacy: Traversable | None = None,
                codes: frozenset[str] | None = None, name: str = TRAINING_FOLDER) -> tuple[Example, ...]:
    """Every example of a training folder (files sorted by name), legacy file first.
    `codes` are the labels (and file names) allowed, by default the event codes.

    Raises TrainingDataError listing every problem found.
    """
    codes = codes if codes is not None else known_codes()
    problems: list[str] = []
    examples: list[Example] = []
    if legacy is not None and legacy.is_file():
        examples += parse_legacy_rows(legacy.read_text("utf-8").splitlines(), legacy.name, problems)
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".tsv")), key=lambda f: f.name) \
        if folder.is_dir() else []
    for path in files:
        code = path.name.removesuffix(".tsv")
        where = f"{name}/{path.name}"
        if code not in codes:
            problems.append(f"{where}: file named after no known code")
            continue
        examples += parse_rows(path.read_text("utf-8").splitlines(), where, problems,
                               expected_code=code, codes=codes)
    problems += duplicate_problems(examples)
    if problems:
        raise TrainingDataError(problems)
    return tuple(examples)


@lru_cache(maxsize=1)
def shipped_examples() -> tuple[Example, ...]:
    """The training set shipped in `tocsin/data/`."""
    data = resources.files("tocsin.data")
    return read_folder(data.joinpath(TRAINING_FOLDER), data.joinpath(LEGACY_FILE))
