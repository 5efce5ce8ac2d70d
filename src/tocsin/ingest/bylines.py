"""Bylines: "By John Smith", "By John Smith and Jane Doe", "By John Smith, Reuters"."""
from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYLINE_CHARS = 120
MAX_NAME_WORDS = 5

_BY = re.compile(r"^\s*by:?\s+(?P<rest>.+?)\s*\.?\s*$", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:,|;|\||\band\b|&|\s-\s|\s—\s|\s–\s)\s*")
_FOR = re.compile(r"\s+(?:for|at|of)\s+(?=[A-Z])")
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’.\-]*|van|von|de|del|der|da|al|el|bin|ibn|la|le|du)$")
_AGENCIES = frozenset({
    "reuters", "afp", "ap", "associated press", "agence france-presse", "agence france presse",
    "bbc", "bbc news", "al jazeera", "anadolu", "anadolu agency", "sana", "xinhua", "dpa",
    "upi", "tass", "ria novosti", "efe", "ansa", "kyodo", "irna", "press tv", "rt", "cnn",
})
_OUTLET_WORDS = frozenset({
    "news", "press", "agency", "times", "post", "journal", "tribune", "herald", "guardian",
    "telegraph", "research", "daily", "gazette", "network", "media", "wire", "observer",
    "monitor", "radio", "television", "tv", "magazine", "review", "reporter",
})
_ROLE_WORDS = frozenset({
    "staff", "writer", "correspondent", "editor", "contributor", "senior", "chief", "bureau",
    "special", "foreign", "political", "defence", "defense", "security", "columnist",
})


@dataclass(frozen=True, slots=True)
class Byline:
    author: str | None
    publisher: str | None


def _is_name(part: str) -> bool:
    words = part.split()
    return 0 < len(words) <= MAX_NAME_WORDS and all(_NAME_WORD.match(w) for w in words)


def _is_outlet(part: str) -> bool:
    folded = part.casefold()
    return folded in _AGENCIES or any(w in _OUTLET_WORDS for w in folded.split())


def _is_role(part: str) -> bool:
    return all(w in _ROLE_WORDS for w in part.casefold().split())


def parse_byline(line: str) -> Byline | None:
    """Authors and the outlet named in a byline, or None if `line` is not one."""
    match = _BY.match(line)
    if match is None or len(line) > MAX_BYLINE_CHARS:
        return None
    rest = match.group("rest")
    names_part, *outlet_part = _FOR.split(rest, maxsplit=1)
    outlet = outlet_part[0] if outlet_part else None
    if outlet is not None and not _is_name(outlet):
        return None
    authors: list[str] = []
    for index, part in enumerate(p for p in _SPLIT.split(names_part) if p):
        if not _is_name(part):
            return None
        if _is_role(part):
            continue
        if _is_outlet(part) or (index > 0 and len(part.split()) == 1):
            outlet = outlet or part
        else:
            authors.append(part)
    if not authors and outlet is None:
        return None
    return Byline(" and ".join(authors) or None, outlet)
