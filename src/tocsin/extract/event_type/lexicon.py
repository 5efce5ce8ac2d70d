"""Regex lexicons behind event typing: ACLED/CASE trigger cues and PLOVER cues.

Both lexicons live in data files (`event_triggers.tsv`, `event_plover_cues.tsv`)
so that the vocabulary can be reviewed and extended without touching code.
Each row is `label<TAB>weight<TAB>regex`; rows starting with `@` define macros
that later regexes use as `{NAME}`.
"""
from __future__ import annotations

import re
import re._parser as _regex_parser  # private but stable since 3.11 (as in anchors.py)
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from tocsin.extract.event_type.anchors import (
    AnchorFinder, AnchorIndex, Probe, all_literals_of_parsed, literals_of_parsed, split_alternatives,
)

_MACRO = re.compile(r"\{([A-Z]+)\}")


@dataclass(frozen=True, slots=True)
class Cue:
    """One lexicon hit: which label it supports, how strongly, and where."""

    label: str
    weight: float
    start: int
    end: int


@lru_cache(maxsize=None)
def _compiled(regex: str) -> re.Pattern[str]:
    return re.compile(regex, re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Part:
    """One top-level alternative of a rule, compiled the first time its anchors occur.

    A one-article ingest runs a few dozen of the ~800 parts; compiling them all
    up front was most of the lexicons' start-up cost."""

    regex: str
    #: None: no literal is guaranteed, always run the regex.
    anchors: frozenset[str] | None
    #: the other sets a match needs a string of (`anchors.all_literals_of_parsed`):
    #: checked before the regex runs, they skip two thirds of the trigger regexes the
    #: anchors let through over the FA-KES dev file, none of which could have matched
    needs: tuple[frozenset[str], ...] = ()

    @property
    def pattern(self) -> re.Pattern[str]:
        return _compiled(self.regex)

    def could_match(self, lowered: str) -> bool:
        """False when the lower-cased text lacks every string of one of `needs`."""
        for strings in self.needs:
            for string in strings:
                if string in lowered:
                    break
            else:
                return False
        return True


@dataclass(frozen=True, slots=True)
class _Rule:
    label: str
    weight: float
    #: the rule's regex, macros expanded (checked by the parser, compiled on use)
    regex: str
    #: the same regex split at its top-level "|", each part with its anchors.
    parts: tuple[_Part, ...] = ()

    @property
    def pattern(self) -> re.Pattern[str]:
        return _compiled(self.regex)


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Rules plus an index telling which of their parts can match a text."""

    rules: tuple[_Rule, ...]
    index: AnchorIndex
    #: every rule's parts, in order, and the position of the rule owning each.
    parts: tuple[_Part, ...]
    owners: tuple[int, ...]
    #: each part's compiled regex once it has run (None before): a look-up here costs
    #: a third of `_Part.pattern`'s property and cache calls, paid ~60,000 times over
    #: the FA-KES dev file
    compiled: list[re.Pattern[str] | None] = field(default_factory=list, compare=False,
                                                   repr=False)

    @classmethod
    def of(cls, rules: tuple[_Rule, ...]) -> "Lexicon":
        parts = [part for rule in rules for part in rule.parts]
        owners = [number for number, rule in enumerate(rules) for _ in rule.parts]
        return cls(rules, AnchorIndex(parts), tuple(parts), tuple(owners),  # type: ignore[arg-type]
                   [None] * len(parts))

    def matches(self, text: str, probe: Probe | None = None) -> list[tuple[_Rule, re.Match[str]]]:
        """Each rule's earliest match, in rule order (rules with no match left out).

        Only the parts whose anchors occur in the text are run: most
        sentences hold the anchors of a handful of the ~300 parts.
        """
        earliest: dict[int, re.Match[str]] = {}
        compiled, owners, parts = self.compiled, self.owners, self.parts
        probe = probe or Probe.of(text)
        lowered = probe.lowered
        for number in sorted(self.index.active(probe)):
            part = parts[number]
            if part.needs and not part.could_match(lowered):
                continue
            pattern = compiled[number]
            if pattern is None:
                pattern = compiled[number] = part.pattern
            match = pattern.search(text)
            if match is None:
                continue
            owner = owners[number]
            best = earliest.get(owner)
            if best is None or match.start() < best.start():
                earliest[owner] = match
        return [(self.rules[owner], earliest[owner]) for owner in sorted(earliest)]


class LexiconError(ValueError):
    """A lexicon data file is malformed (bad row or regex)."""


def _expand(regex: str, macros: dict[str, str], where: str) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            raise LexiconError(f"{where}: unknown macro {{{name}}}")
        return macros[name]
    return _MACRO.sub(replace, regex)


def parse_rules(lines: list[str], source: str) -> tuple[_Rule, ...]:
    """Parse lexicon rows; raise LexiconError naming the file and line on bad input."""
    macros: dict[str, str] = {}
    rules: list[_Rule] = []
    for number, line in enumerate(lines, start=1):
        where = f"{source}:{number}"
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.rstrip("\n").split("\t")
        if line.startswith("@") and len(fields) == 2:
            macros[fields[0][1:]] = _expand(fields[1], macros, where)
            continue
        if len(fields) != 3:
            raise LexiconError(f"{where}: expected label<TAB>weight<TAB>regex")
        label, weight, regex = fields
        try:
            expanded = _expand(regex, macros, where)
            rules.append(_Rule(label, float(weight), expanded, _parts(expanded)))
        except (re.error, ValueError) as exc:
            raise LexiconError(f"{where}: {exc}") from exc
    return tuple(rules)


def _parts(regex: str) -> tuple[_Part, ...]:
    """The rule's top-level alternatives, each parsed once: a bad regex fails here,
    not on use (the parts are what runs), and the parse gives the part's anchors.
    Parsing the whole rule as well doubled the lexicons' load, 0.2 s of typing's cost."""
    found: list[_Part] = []
    for part in split_alternatives(regex):
        parsed = _regex_parser.parse(part, re.IGNORECASE)
        anchors = literals_of_parsed(parsed)
        needs = tuple(s for s in all_literals_of_parsed(parsed) if s != anchors)
        found.append(_Part(part, anchors, needs))
    return tuple(found)


def _load(name: str) -> tuple[_Rule, ...]:
    text = resources.files("tocsin.data").joinpath(name).read_text(encoding="utf-8")
    return parse_rules(text.splitlines(), name)


@lru_cache(maxsize=1)
def trigger_rules() -> Lexicon:
    return Lexicon.of(_load("event_triggers.tsv"))


@lru_cache(maxsize=1)
def plover_rules() -> Lexicon:
    return Lexicon.of(_load("event_plover_cues.tsv"))


@lru_cache(maxsize=1)
def _both_finder() -> AnchorFinder:
    return AnchorFinder(trigger_rules().index.finder.strings | plover_rules().index.finder.strings)


def probe(text: str) -> Probe:
    """The text's `Probe`, with the anchors of both lexicons found in one scan (each
    lexicon scanning for its own cost a second pass over every sentence typed)."""
    return Probe.of(text, _both_finder())


def rule_hits(text: str, lexicon: Lexicon, probe: Probe | None = None) -> list[Cue]:
    """Every rule that matches, with its earliest match, in rule order."""
    return [Cue(rule.label, rule.weight, match.start(), match.end())
            for rule, match in lexicon.matches(text, probe)]


def best_cues(hits: list[Cue]) -> dict[str, Cue]:
    """The strongest (then earliest in rule order) hit per label."""
    best: dict[str, Cue] = {}
    for cue in hits:
        current = best.get(cue.label)
        if current is None or cue.weight > current.weight:
            best[cue.label] = cue
    return best


def trigger_hits(text: str, probe: Probe | None = None) -> list[Cue]:
    """Every trigger rule that matches `text`."""
    return rule_hits(text, trigger_rules(), probe)


def trigger_cues(text: str) -> dict[str, Cue]:
    """ACLED/CASE code -> strongest trigger cue found in `text`."""
    return best_cues(trigger_hits(text))


def main_plover_cue(text: str, probe: Probe | None = None) -> Cue | None:
    """The PLOVER cue most likely to be the sentence's main event.

    Every hit of every category competes; a cue loses a little weight the
    later it appears, because the main verb of a news lead comes early.
    """
    best: Cue | None = None
    best_score = 0.0
    length = max(len(text), 1)
    for rule, match in plover_rules().matches(text, probe):
        score = rule.weight - 0.35 * match.start() / length
        if score > best_score:
            best_score = score
            best = Cue(rule.label, rule.weight, match.start(), match.end())
    return best
