"""Cheap pre-checks that let the lexicon skip regexes that cannot match.

Python's `re` tries every alternative of a pattern at every position of the
text, so thirty rules with dozens of alternatives each cost milliseconds per
sentence.  Nearly every alternative needs some literal word ("shell", "truce"),
so we split each rule at its top-level `|`, work out for each part a set of
lower-case strings of which any match must contain one, and run a part's regex
only when the lower-cased sentence contains one of them.  Results are
identical; typing runs several times faster.
"""
from __future__ import annotations

import re
import re._parser as _regex_parser  # private but stable since 3.11; read-only use
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from re._constants import AT, BRANCH, LITERAL, MAX_REPEAT, MIN_REPEAT, SUBPATTERN
from typing import Any


@dataclass(frozen=True, slots=True)
class AnchoredRegex:
    """One top-level alternative of a rule, with the strings it needs."""

    pattern: re.Pattern[str]
    #: None: no literal is guaranteed, always run the regex.
    anchors: frozenset[str] | None

    def could_match(self, lowered: str) -> bool:
        return self.anchors is None or any(a in lowered for a in self.anchors)


def split_alternatives(regex: str) -> list[str]:
    """Split a regex at its top-level `|` (outside groups and character classes)."""
    parts: list[str] = []
    depth, start, i, in_class = 0, 0, 0, False
    while i < len(regex):
        char = regex[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]" or regex[i - 1] == "["
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(regex[start:i])
            start = i + 1
        i += 1
    parts.append(regex[start:])
    return parts


def anchored(regex: str, flags: int = re.IGNORECASE) -> tuple[AnchoredRegex, ...]:
    """Compile each top-level alternative of `regex` with its anchors."""
    return tuple(AnchoredRegex(re.compile(part, flags), required_literals(part))
                 for part in split_alternatives(regex))


def required_literals(regex: str) -> frozenset[str] | None:
    """Lower-case strings of which any match of `regex` must contain one, or None."""
    try:
        parsed = _regex_parser.parse(regex, re.IGNORECASE)
    except (re.error, TypeError, ValueError):
        return None
    return literals_of_parsed(parsed)


def literals_of_parsed(parsed: Any) -> frozenset[str] | None:
    """`required_literals` of a regex already parsed (`re._parser.parse`)."""
    return _required(list(parsed))


def all_literals_of_parsed(parsed: Any) -> tuple[frozenset[str], ...]:
    """Every set of which a match of the regex must contain one string: one per literal
    run or required sub-part in its top-level sequence (`literals_of_parsed` is the
    most selective of them).  A match needs all of them, so a text lacking one
    cannot match."""
    return tuple(_candidates(list(parsed)))


def _required(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """Best guaranteed set over a sequence: literal runs or required sub-parts."""
    candidates = _candidates(items)
    if not candidates:
        return None
    # the most selective set: longest shortest string, then fewest strings
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)))


def _candidates(items: list[tuple[Any, Any]]) -> list[frozenset[str]]:
    """The guaranteed sets of a sequence, in order: its literal runs and required sub-parts."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if len(run) >= 2:
            candidates.append(frozenset({"".join(run).lower()}))
        run.clear()

    for op, arg in items:
        if op is LITERAL:
            run.append(chr(arg))
        elif op is not AT:  # \b, ^ and $ consume nothing, so a literal run goes on
            close_run()
            found = _required_in(op, arg)
            if found:
                candidates.append(found)
    close_run()
    return candidates


def _required_in(op: Any, arg: Any) -> frozenset[str] | None:
    if op is SUBPATTERN:
        return _required(list(arg[3]))
    if op is BRANCH:
        parts = [_required(list(branch)) for branch in arg[1]]
        if any(part is None for part in parts):
            return None
        return frozenset().union(*parts)  # type: ignore[arg-type]
    if op in (MAX_REPEAT, MIN_REPEAT) and arg[0] >= 1:
        return _required(list(arg[2]))
    return None


def longest_first_pattern(strings: Iterable[str]) -> str:
    """A regex that matches, at a position, the longest of `strings` starting there.

    The strings are laid out as a trie, one branch per next character, so at each
    position the engine follows a single path (a text has one character there) and
    stops at the deepest string on it: a few comparisons a character, where an
    alternation of ~1,000 literals would try each of them in turn."""
    trie: dict[str, Any] = {}
    for string in strings:
        node = trie
        for char in string:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body   # greedy: the longer string first
    return emit(trie)


class AnchorFinder:
    """Every string of a set that occurs in a lower-cased text, found in one pass.

    One regex (`longest_first_pattern`) reports, at every position, the longest
    string that starts there; a string that is a prefix of that one ("shell" of
    "shelling") starts there too, so each reported string stands for itself and
    its prefixes in the set."""

    def __init__(self, strings: Iterable[str]) -> None:
        self.strings = frozenset(strings)
        self._with_prefixes = {
            string: frozenset(string[:end] for end in range(1, len(string) + 1)
                              if string[:end] in self.strings)
            for string in self.strings}
        self._pattern = f"(?=({longest_first_pattern(self.strings)}))"
        self._compiled: re.Pattern[str] | None = None   # compiled on first use

    def find(self, lowered: str) -> frozenset[str]:
        if not self.strings:
            return frozenset()
        if self._compiled is None:
            self._compiled = re.compile(self._pattern)
        longest = set(self._compiled.findall(lowered))
        return frozenset().union(*map(self._with_prefixes.__getitem__, longest))


class AnchorIndex:
    """Which parts of a rule set can match a text, found with one pass over it.

    Checking 900 anchor strings one by one costs more than the regexes saved, so
    an `AnchorFinder` finds the anchors that occur in one regex scan, and the parts
    found are exactly those with an anchor somewhere in the text.  A `Probe` that
    already holds the anchors of a finder covering this index's (`lexicon.probe`
    scans once for both lexicons) is not scanned again.  Over the FA-KES dev file
    this took half the time of the 4-gram index it replaced (the text's 4-grams
    intersected with the anchors' first four characters), with the same parts found.
    """

    def __init__(self, parts: Sequence[AnchoredRegex]) -> None:
        self._always = frozenset(i for i, part in enumerate(parts) if part.anchors is None)
        owners: dict[str, set[int]] = {}
        for i, part in enumerate(parts):
            for anchor in part.anchors or ():
                owners.setdefault(anchor, set()).add(i)
        self._owners = {anchor: tuple(sorted(found)) for anchor, found in owners.items()}
        self.finder = AnchorFinder(owners)
        #: id(finder) -> (the finder, kept so that its id is not reused; whether it
        #: looks for every anchor of this index)
        self._coverage: dict[int, tuple[AnchorFinder, bool]] = {}

    def _covered_by(self, finder: AnchorFinder) -> bool:
        known = self._coverage.get(id(finder))
        if known is None or known[0] is not finder:
            known = self._coverage[id(finder)] = (finder, self.finder.strings <= finder.strings)
        return known[1]

    def active(self, probe: "Probe") -> set[int]:
        """Indices of the parts whose anchors occur in the text."""
        if probe.anchors is not None and probe.finder is not None and self._covered_by(probe.finder):
            present = probe.anchors
        else:
            present = self.finder.find(probe.lowered)
        found = set(self._always)
        owners = self._owners
        for anchor in present:
            parts = owners.get(anchor)
            if parts is not None:
                found.update(parts)
        return found


@dataclass(frozen=True, slots=True)
class Probe:
    """A text lower-cased once, and the anchors a finder found in it, for every
    lexicon that reads it."""

    lowered: str
    #: the strings of `finder` that occur in the text (None: not looked for)
    anchors: frozenset[str] | None = None
    finder: AnchorFinder | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, text: str, finder: AnchorFinder | None = None) -> "Probe":
        lowered = text.lower()
        return cls(lowered) if finder is None else cls(lowered, finder.find(lowered), finder)
