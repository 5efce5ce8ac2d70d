"""Paragraph splitting, boilerplate removal and caption spotting for article bodies.

A body is cut into *units*: paragraphs, with hard-wrapped lines joined back
into one line.  A unit that is site furniture (disclaimers, copyright,
subscription pleas, share buttons, wire-service footers) is removed and
reported; a unit that is an image caption is kept but its offsets are
recorded, so later stages can ignore it without losing the words.
"""
from __future__ import annotations

import re
from collections.abc import Collection

from tocsin.ingest.furniture import furniture_kind, trailing_label_run

#: Units longer than this are prose, whatever words they contain.
MAX_BOILERPLATE_CHARS = 400
MAX_CAPTION_CHARS = 300
#: A line at least this long that breaks mid-sentence was hard-wrapped.
WRAP_WIDTH = 60

_I = re.IGNORECASE
_BOILERPLATE = [re.compile(pattern, _I) for pattern in (
    r"^\W*(the\s+)?(views|opinions)\s+(and\s+opinions\s+)?expressed\b",
    r"\bdo(es)? not necessarily (reflect|represent) (the )?(views?|opinions?|positions?|polic(y|ies)|editorial)",
    r"^\W*disclaimer\b",
    r"^\W*(©|\(c\)\s*\d{4}|copyright\b)",
    r"\ball rights reserved\b",
    r"\b(become a (member|subscriber|patron)|members[- ]only|subscribers? only|subscribe (now|today|to our)"
    r"|sign up (for|to) our|support (our|independent) (journalism|reporting|work)|(please )?donate (now|today))\b",
    r"^\W*(please\s+)?(comment|like us|follow us|join us|find us|join the discussion)\b.{0,30}"
    r"\b(facebook|twitter|instagram|telegram|x)\b",
    r"^\W*comments? (are|is) (now )?(closed|disabled|off)\b",
    r"\bmedia (inquiries|enquiries|contacts?)\b",
    r"^\W*share (this|on|via)\b",
    r"\bclick here\b",
    r"^\W*(additional\s+)?(reporting|writing|editing|compiled|compiling) by\b",
    r"^\W*(advertisement|sponsored( content)?|related( articles| stories| coverage| topics)?|tags?|share"
    r"|topics|categories|keywords|filed under)\W*$",
    r"\b(follow|like|join|find) us\b.{0,40}\b(facebook|twitter|instagram|telegram|youtube|linkedin|x)\b",
    r"^\W*subscribe to (the )?[\w\s'’-]{0,40}newsletter\b",
    r"^\W*sign up (here|now|today|for free)\b",
    r"\bshare buttons?\b",
    r"^\W*url of this article\b",
    r"^\W*our standards\s*:",
    r"^\W*thanks? (you )?for reading\b",
    r"^\W*read (the full (story|article)|more) (at|on)\b",
    r"\b(story|article) continues (below|after)\b",
    r"^\W*(read more|related|see also|also read|more from|recommended)\s*[:|»>]",
    r"^\W*this (article|story|piece) (was |is |has been |first )*(originally )?(published|appeared|posted)\b",
    r"^\W*the original source of this article is\b",
)]
_CAPTION = [re.compile(pattern, flags) for pattern, flags in (
    (r"^\W*(image|photo|photograph|picture|caption|file photo|pictured|video)\s*(:|\||–|—|-\s)", _I),
    (r"^\((photo|image|picture|file photo)\b", _I),
    (r"^\W*(featured|cover|top|header|main|lead)\s+(image|photo|picture)\b", _I),
    (r"^\W*(image|photo|picture)s?\s+(is\s+|are\s+)?(from|by|via|courtesy)\b", _I),
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
    if furniture_kind(previous) is not None or furniture_kind(line) is not None:
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


def assemble(units: list[str], known_captions: Collection[str] = ()) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Join units with blank lines; return the body and its caption offsets.

    A unit is a caption when it reads as one or is in `known_captions` (a page's <figcaption>s).
    """
    captions: list[tuple[int, int]] = []
    offset = 0
    for unit in units:
        if unit in known_captions or is_caption(unit):
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


# -- web furniture inside one paragraph -----------------------------------------
# Scraped texts that lost their line breaks carry page furniture inline: a
# "Tags ..." keyword run, "Print Tweet Views 1662", "Related News <headlines>".
# Each is cut out of the paragraph, leaving the sentences around it intact.

#: How far after "Tags" the article's own text may resume, in words.
MAX_TAG_WORDS = 40
#: Lower-case words that prose is full of and keyword lists almost never hold.
_PROSE_WORDS = frozenset("""
the a an of in on at by to for with from that was were is are has have had been be said says say
as its their his her who which after since including least than into while when where will would
near up out over against during also not more this these there it they he she we did do can could
may among about between before under
""".split())
#: Words that open a news sentence far more often than they stand in a keyword list.
_OPENERS = frozenset("""
The A An At In On More Some Dozens Scores Several Hundreds Thousands Two Three Four Five Six Seven
Eight Nine Ten Eleven Twelve Fifteen Twenty Thirty Forty Fifty
""".split())
_TAGS = re.compile(r"(?:(?<=[.!?\"”])|(?<=\s)|^)Tags?\s*:?\s+(?=\S)")
_TRAILING_JUNK = re.compile(
    r"(?:\s*\.\.\.\s+\d+)?\s*(?:\bSource\s+[A-Z][\w-]*(?:\s+(?:and\s+)?[\w-]+){0,3}\s+)?"
    r"(?:\bTopic\s+[A-Z][^\n]*?)?"
    r"\b(?:Related(?:\s+News)?\s+[A-Z\d]|Community standards|Read Also\W*$|Share this\W*$)[^\n]*$")
_INLINE_JUNK = [re.compile(p) for p in (
    r"\bPrint\s+Tweet(?:\s+Views\s+\d[\d,]*)?\s*",
    r"\bShare this(?: article| story)?\s*(?=[A-Z])",
    r"\bRead more(?: on [A-Z][^.\n]{0,60}?)? here\s+",
    r"(?:(?<=[.!?])|^)\s*Read more\W*$",
)]


def word_matches(text: str) -> list[re.Match[str]]:
    return list(re.finditer(r"\S+", text))


def prose_starts_at(words: list[re.Match[str]], i: int) -> bool:
    """Whether an article sentence plausibly starts at word i: an opener such
    as "The" or "Three", or a capitalised word followed by lower-case words
    up to a function word; with function words soon after either way."""
    first = words[i].group()
    if not (first[:1].isupper() or first[:1].isdigit()):
        return False
    window = []
    for word in words[i + 1:i + 9]:
        window.append(word.group().lower().strip("\"“”,;:()"))
        if word.group().endswith("."):
            break
    if sum(w in _PROSE_WORDS for w in window) < 2:
        return False
    if first in _OPENERS:
        return True
    for word, folded in zip(words[i + 1:i + 9], window):
        if folded in _PROSE_WORDS:
            return True
        if not word.group()[:1].islower() and not word.group()[:1].isdigit():
            return False
    return False


def _tag_run_end(text: str, start: int) -> int:
    """Where the keyword run beginning at `start` ends: the next sentence of
    prose, a full stop, or the end of the paragraph."""
    words = word_matches(text[start:])
    for i, word in enumerate(words[:MAX_TAG_WORDS]):
        if i and prose_starts_at(words, i):
            return start + word.start()
        if word.group().endswith(".") and len(word.group()) > 2:
            return start + word.end()
    return len(text) if len(words) <= MAX_TAG_WORDS else -1


def _strip_tags(text: str, removed: list[str]) -> str:
    for match in reversed(list(_TAGS.finditer(text))):
        after = word_matches(text[match.end():match.end() + 40])
        if not after or after[0].group().lower() in _PROSE_WORDS:
            continue                                  # "Tags were fitted to ..." is prose
        end = _tag_run_end(text, match.end())
        if end < 0:
            continue
        removed.append(text[match.start():end].strip())
        text = f"{text[:match.start()].rstrip()} {text[end:].lstrip()}".strip()
    return text


def strip_inline_junk(unit: str) -> tuple[str, tuple[str, ...]]:
    """Cut page furniture out of one paragraph; return (text, removed pieces)."""
    removed: list[str] = []
    text = unit
    trailing = _TRAILING_JUNK.search(text)
    if trailing is not None and trailing.start() > len(text) // 3:
        removed.append(trailing.group().strip())
        text = text[:trailing.start()].rstrip()
    labels = trailing_label_run(text)
    if labels > 0:
        removed.append(text[labels:].strip())
        text = text[:labels].rstrip()
    text = _strip_tags(text, removed)
    for pattern in _INLINE_JUNK:
        for match in pattern.finditer(text):
            removed.append(match.group().strip())
        text = pattern.sub("", text).strip()
    return re.sub(r"\s{2,}", " ", text) if removed else text, tuple(removed)
