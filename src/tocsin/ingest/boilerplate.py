"""Paragraph splitting, boilerplate removal and caption spotting for article bodies.

A body is cut into *units*: paragraphs, with hard-wrapped lines joined back
into one line.  A unit that is site furniture (disclaimers, copyright,
subscription pleas, share buttons, wire-service footers) is removed and
reported; a unit that is an image caption is kept but its offsets are
recorded, so later stages can ignore it without losing the words.
"""
from __future__ import annotations

import re

#: Units longer than this are prose, whatever words they contain.
MAX_BOILERPLATE_CHARS = 400
MAX_CAPTION_CHARS = 300
#: A line at least this long that breaks mid-sentence was hard-wrapped.
WRAP_WIDTH = 60

_I = re.IGNORECASE
_BOILERPLATE = [re.compile(pattern, _I) for pattern in (
    r"^\W*(the\s+)?(views|opinions)\s+(and\s+opinions\s+)?expressed\b",
    r"\bdo(es)? not necessarily reflect\b",
    r"^\W*disclaimer\b",
    r"^\W*(©|\(c\)\s*\d{4}|copyright\b)",
    r"\ball rights reserved\b",
    r"\b(become a (member|subscriber|patron)|members[- ]only|subscribers? only|subscribe (now|today|to (our|the))"
    r"|sign up (for|to) (our|the)|support (our|independent) (journalism|reporting|work)|(please )?donate (now|today))\b",
    r"\b(comment|like us|follow us|join us|find us|join the discussion)\b.{0,20}\b(facebook|twitter|instagram|telegram)\b",
    r"\bmedia (inquiries|enquiries|contacts?)\b",
    r"^\W*share (this|on|via)\b",
    r"\bclick here\b",
    r"^\W*(additional\s+)?(reporting|writing|editing|compiled|compiling) by\b",
    r"^\W*(advertisement|sponsored( content)?|related( articles| stories| coverage)?|tags?|share)\W*$",
    r"^\W*(read more|related|see also|also read|more from|recommended)\s*[:|»>]",
    r"^\W*this (article|story|piece) (was |is |has been |first )*(originally )?(published|appeared|posted)\b",
    r"^\W*the original source of this article is\b",
)]
_CAPTION = [re.compile(pattern, flags) for pattern, flags in (
    (r"^\W*(image|photo|photograph|picture|caption|file photo|pictured|video)\s*(:|\||–|—|-\s)", _I),
    (r"^\((photo|image|picture|file photo)\b", _I),
    (r"\((reuters|afp|ap|epa|getty images|anadolu( agency)?|sana|xinhua)"
     r"( photo)?(\s*/[^)]{0,60})?\)\W*$", _I),
    (r"\b(REUTERS|AFP|AP|EPA)/[A-Z][\w .'’-]{1,60}$", 0),
    (r"\b(photo|image|picture) (credit|courtesy)\b", _I),
    (r"\b(photo|image|picture)\s*:\s*[^.]{1,60}$", _I),
)]
_TERMINAL = tuple(".!?:;\"'”’)]")
_BULLET = re.compile(r"^\s*([-*•·–—]|\d+[.)])\s")


def is_boilerplate(unit: str) -> bool:
    return len(unit) <= MAX_BOILERPLATE_CHARS and any(p.search(unit) for p in _BOILERPLATE)


def is_caption(unit: str) -> bool:
    return len(unit) <= MAX_CAPTION_CHARS and any(p.search(unit) for p in _CAPTION)


def _continues(previous: str, line: str) -> bool:
    """Whether `line` is the hard-wrapped continuation of `previous`."""
    if previous.endswith(_TERMINAL) or _BULLET.match(line):
        return False
    if is_caption(previous) or is_caption(line) or is_boilerplate(line):
        return False
    return line[:1].islower() or len(previous) >= WRAP_WIDTH


def split_units(text: str) -> list[str]:
    """Paragraphs of `text`, each hard-wrapped paragraph joined into one line."""
    units: list[str] = []
    previous_blank = True
    for raw_line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw_line.strip()
        if not line:
            previous_blank = True
            continue
        if units and not previous_blank and _continues(units[-1], line):
            units[-1] = f"{units[-1]} {line}"
        else:
            units.append(line)
        previous_blank = False
    return units


def assemble(units: list[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Join units with blank lines; return the body and its caption offsets."""
    captions: list[tuple[int, int]] = []
    offset = 0
    for unit in units:
        if is_caption(unit):
            captions.append((offset, offset + len(unit)))
        offset += len(unit) + 2
    return "\n\n".join(units), tuple(captions)


def drop_boilerplate(units: list[str]) -> tuple[list[str], list[str]]:
    """Split units into (kept, removed)."""
    kept: list[str] = []
    removed: list[str] = []
    for unit in units:
        (removed if is_boilerplate(unit) else kept).append(unit)
    return kept, removed


def clean_body(text: str) -> tuple[str, tuple[tuple[int, int], ...], tuple[str, ...]]:
    """Remove boilerplate units; return (body, caption offsets, removed units)."""
    kept, removed = drop_boilerplate(split_units(text))
    body, captions = assemble(kept)
    return body, captions, tuple(removed)
