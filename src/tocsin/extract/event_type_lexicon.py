"""Regex lexicons behind event typing: ACLED/CASE trigger cues and PLOVER cues.

Both lexicons live in data files (`event_triggers.tsv`, `event_plover_cues.tsv`)
so that the vocabulary can be reviewed and extended without touching code.
Each row is `label<TAB>weight<TAB>regex`; rows starting with `@` define macros
that later regexes use as `{NAME}`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_MACRO = re.compile(r"\{([A-Z]+)\}")


@dataclass(frozen=True, slots=True)
class Cue:
    """One lexicon hit: which label it supports, how strongly, and where."""

    label: str
    weight: float
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Rule:
    label: str
    weight: float
    pattern: re.Pattern[str]


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
            pattern = re.compile(_expand(regex, macros, where), re.IGNORECASE)
            rules.append(_Rule(label, float(weight), pattern))
        except (re.error, ValueError) as exc:
            raise LexiconError(f"{where}: {exc}") from exc
    return tuple(rules)


def _load(name: str) -> tuple[_Rule, ...]:
    text = resources.files("tocsin.data").joinpath(name).read_text(encoding="utf-8")
    return parse_rules(text.splitlines(), name)


@lru_cache(maxsize=1)
def trigger_rules() -> tuple[_Rule, ...]:
    return _load("event_triggers.tsv")


@lru_cache(maxsize=1)
def plover_rules() -> tuple[_Rule, ...]:
    return _load("event_plover_cues.tsv")


def best_cues(text: str, rules: tuple[_Rule, ...]) -> dict[str, Cue]:
    """The strongest (then earliest) hit per label."""
    best: dict[str, Cue] = {}
    for rule in rules:
        match = rule.pattern.search(text)
        if match is None:
            continue
        current = best.get(rule.label)
        if current is None or rule.weight > current.weight:
            best[rule.label] = Cue(rule.label, rule.weight, match.start(), match.end())
    return best


def trigger_cues(text: str) -> dict[str, Cue]:
    """ACLED/CASE code -> strongest trigger cue found in `text`."""
    return best_cues(text, trigger_rules())


def main_plover_cue(text: str) -> Cue | None:
    """The PLOVER cue most likely to be the sentence's main event.

    Every hit of every category competes; a cue loses a little weight the
    later it appears, because the main verb of a news lead comes early.
    """
    best: Cue | None = None
    best_score = 0.0
    length = max(len(text), 1)
    for rule in plover_rules():
        for match in rule.pattern.finditer(text):
            score = rule.weight - 0.35 * match.start() / length
            if score > best_score:
                best_score = score
                best = Cue(rule.label, rule.weight, match.start(), match.end())
            break  # later hits of the same rule only score lower
    return best
