"""The one vocabulary of reporting, speech, denial, hedging, modal, prediction and
movement words, read from `data/vocabulary.toml`.

Every stage that needs to know whether a word reports, denies, hedges or moves
someone asks this module, so that "deny" or "warn" cannot be speech in one
module and not in another.  It is a leaf: it imports nothing from tocsin, so
extract/ and geo/ can both read it.

Words come in named classes (`speech`, `report`, `denial`, `modal`, `withdrawal`
...) and groups of classes (`reporting`, `irrealis`, `movement`); every function
takes any mix of class and group names.

- `lemmas(*names)`: the base forms of a class's verbs.
- `forms(*names)`: every written form, lower case: inflections of the verbs
  (said, denies, withdrawing) plus the class's fixed words (reportedly, could).
- `forms_of(lemma)`: the written forms of one verb.
- `lemma_of(word)`: the base form of any verb form in the vocabulary, or None.
  spaCy pipelines may run without a lemmatizer; callers use this then.
- `has(word, *names, lemma="")`: whether a written word (or its lemma, when the
  caller has one) belongs to the named classes.
- `verb_forms(*names)`: only the forms that cannot be nouns (-s, past,
  participle: "states", "stated"), for rules that read text without a parse.
- `pattern(*names, verbs_only=False)`: a regular-expression alternation of
  `forms` (or `verb_forms`), longest first, for text-only rules; wrap it in
  word boundaries and (?i) yourself.
- `expand(template)`: a regex template with `{class}`, `{class:verbs}` and
  `{=lemma}` placeholders filled in, for data files of cue patterns.
- `particles(name)`: {lemma: words that must follow it} for the verbs of a class
  that need a particle ("pull" moves someone only when "out" or "back" follows);
  `word_class(name)` gives the whole class (with `reach` and `before_place`).
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_VOWELS = frozenset("aeiou")


@dataclass(frozen=True, slots=True)
class WordClass:
    name: str
    lemmas: frozenset[str]
    words: frozenset[str]
    particles: dict[str, tuple[str, ...]]
    #: how many words may stand between a particle verb and its particle
    reach: dict[str, int]
    #: verbs that count only before a place name
    before_place: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    classes: dict[str, WordClass]
    groups: dict[str, tuple[str, ...]]
    #: written form -> base form, for every verb of every class
    base: dict[str, str]
    #: base form -> its written forms
    inflected: dict[str, frozenset[str]]
    #: base form -> its forms that are only verbs (-s, past, participle)
    finite: dict[str, frozenset[str]]
    irregular: dict[str, list[str]]


def inflect(lemma: str, irregular: dict[str, list[str]] | None = None) -> frozenset[str]:
    """The written forms of a regular English verb: base, -s, -ed, -ing.

    Irregular and consonant-doubling verbs are listed in the data file; the
    rules here cover the rest ("deny" -> denies, denied; "state" -> stated).
    """
    third, past, participle, gerund = _parts(lemma, irregular)
    # forms after the first four are other spellings ("traveled", "traveling")
    other = irregular[lemma][4:] if irregular and lemma in irregular else []
    return frozenset([lemma, third, past, participle, gerund, *other])


def finite(lemma: str, irregular: dict[str, list[str]] | None = None) -> frozenset[str]:
    """The forms that can only be a verb in running text: -s, past, participle
    ("states", "stated"; not "state", which is also a noun)."""
    third, past, participle, _ = _parts(lemma, irregular)
    return frozenset([third, past, participle])


def _parts(lemma: str, irregular: dict[str, list[str]] | None) -> tuple[str, str, str, str]:
    if irregular and lemma in irregular:
        third, past, participle, gerund = irregular[lemma][:4]
        return third, past, participle, gerund
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        third = lemma + "es"
    elif lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        third = lemma[:-1] + "ies"
    else:
        third = lemma + "s"
    if lemma.endswith("e"):
        past = lemma + "d"
    elif lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        past = lemma[:-1] + "ied"
    else:
        past = lemma + "ed"
    if lemma.endswith("ie"):
        gerund = lemma[:-2] + "ying"
    elif lemma.endswith("e") and not lemma.endswith(("ee", "ye", "oe")):
        gerund = lemma[:-1] + "ing"
    else:
        gerund = lemma + "ing"
    return third, past, past, gerund


@lru_cache(maxsize=1)
def _vocabulary() -> _Vocabulary:
    raw = tomllib.loads(resources.files("tocsin").joinpath("data/vocabulary.toml")
                        .read_text("utf-8"))
    irregular: dict[str, list[str]] = raw.get("irregular", {})
    classes: dict[str, WordClass] = {}
    base: dict[str, str] = {}
    inflected: dict[str, frozenset[str]] = {}
    finite_forms: dict[str, frozenset[str]] = {}
    for name, body in raw["class"].items():
        lemmas = frozenset(w.lower() for w in body.get("lemmas", []))
        words = frozenset(w.lower() for w in body.get("words", []))
        found = {k: tuple(v) for k, v in body.get("particles", {}).items()}
        unknown = set(found) - lemmas
        if unknown:
            raise ValueError(f"vocabulary.toml: particles for verbs not in class {name}: "
                             f"{sorted(unknown)}")
        reach = {k: int(v) for k, v in body.get("reach", {}).items()}
        before = frozenset(body.get("before_place", []))
        if set(reach) - set(found) or before - lemmas:
            raise ValueError(f"vocabulary.toml: class {name}: reach or before_place names "
                             f"verbs without particles or outside the class")
        classes[name] = WordClass(name, lemmas, words, found, reach, before)
        for lemma in lemmas:
            inflected[lemma] = inflect(lemma, irregular)
            finite_forms[lemma] = finite(lemma, irregular)
            for form in inflected[lemma]:
                base.setdefault(form, lemma)
    groups = {name: tuple(members) for name, members in raw.get("group", {}).items()}
    for name, members in groups.items():
        missing = [m for m in members if m not in classes]
        if missing or name in classes:
            raise ValueError(f"vocabulary.toml: group {name} names unknown classes {missing}"
                             if missing else f"vocabulary.toml: {name} is a class and a group")
    return _Vocabulary(classes, groups, base, inflected, finite_forms, irregular)


def _classes(names: tuple[str, ...]) -> list[WordClass]:
    vocabulary = _vocabulary()
    out: list[WordClass] = []
    for name in names:
        if name in vocabulary.classes:
            out.append(vocabulary.classes[name])
        elif name in vocabulary.groups:
            out.extend(vocabulary.classes[m] for m in vocabulary.groups[name])
        else:
            raise KeyError(f"no word class or group named {name!r} in vocabulary.toml")
    return out


def class_names() -> tuple[str, ...]:
    return tuple(_vocabulary().classes)


def group_names() -> tuple[str, ...]:
    return tuple(_vocabulary().groups)


@lru_cache(maxsize=256)
def lemmas(*names: str) -> frozenset[str]:
    """Base forms of the verbs in the named classes or groups."""
    return frozenset(lemma for c in _classes(names) for lemma in c.lemmas)


@lru_cache(maxsize=256)
def forms(*names: str) -> frozenset[str]:
    """Every written form (lower case) in the named classes or groups."""
    inflected = _vocabulary().inflected
    out: set[str] = set()
    for c in _classes(names):
        out.update(c.words)
        for lemma in c.lemmas:
            out.update(inflected[lemma])
    return frozenset(out)


def forms_of(lemma: str, verbs_only: bool = False) -> frozenset[str]:
    """The written forms of one verb (irregular ones as the data file lists them)."""
    irregular = _vocabulary().irregular
    return finite(lemma, irregular) if verbs_only else inflect(lemma, irregular)


def lemma_of(word: str) -> str | None:
    """The base form of a verb form in the vocabulary ("denied" -> "deny"), or None."""
    return _vocabulary().base.get(word.lower())


def irregular_past(word: str) -> bool:
    """An irregular verb's past tense ("retook", "overran") that is not also its
    base form ("hit"): the small tagger reads some of these as present."""
    return word.lower() in _irregular_pasts()


@lru_cache(maxsize=1)
def _irregular_pasts() -> frozenset[str]:
    return frozenset(forms[1] for lemma, forms in _vocabulary().irregular.items()
                     if forms[1] != lemma)


def has(word: str, *names: str, lemma: str = "") -> bool:
    """Whether `word` (as written) or `lemma` belongs to the named classes.

    Pass a spaCy token's `lower_` and `lemma_`; an empty lemma (no
    lemmatizer ran) falls back to the written form.
    """
    lower = word.lower()
    if lower in forms(*names):
        return True
    return bool(lemma) and lemma.lower() in lemmas(*names)


@lru_cache(maxsize=64)
def verb_forms(*names: str) -> frozenset[str]:
    """The forms of the named classes' verbs that are only verbs in running
    text (-s, past, participle: "states", "stated", "said"), for rules that read
    text without a parse; no base forms ("state", "report" are nouns too)."""
    finite_forms = _vocabulary().finite
    return frozenset(f for c in _classes(names) for lemma in c.lemmas for f in finite_forms[lemma])


@lru_cache(maxsize=64)
def pattern(*names: str, verbs_only: bool = False) -> str:
    """A regex alternation of every form in the named classes, longest first;
    `verbs_only` gives only `verb_forms`."""
    found = verb_forms(*names) if verbs_only else forms(*names)
    return "|".join(re.escape(f).replace(r"\ ", r"\s+")
                    for f in sorted(found, key=lambda f: (-len(f), f)))


_PLACEHOLDER = re.compile(r"\{(=?)([a-z_]+)(:verbs)?\}")


def expand(template: str) -> str:
    """A regular expression with vocabulary placeholders filled in: `{class}` is
    every form of a class (or group), `{class:verbs}` its verb-only forms and
    `{=lemma}` every form of one verb.  Data files of cue patterns write
    verbs this way instead of listing them again."""
    def words(m: re.Match[str]) -> str:
        verbs_only = bool(m.group(3))
        if m.group(1):
            found = forms_of(m.group(2), verbs_only=verbs_only)
            return "(?:" + "|".join(sorted(map(re.escape, found), key=len, reverse=True)) + ")"
        return "(?:" + pattern(m.group(2), verbs_only=verbs_only) + ")"
    return _PLACEHOLDER.sub(words, template)


def particles(name: str) -> dict[str, tuple[str, ...]]:
    """{lemma: words one of which must follow it} for a class's particle verbs."""
    return dict(_classes((name,))[0].particles)


def word_class(name: str) -> WordClass:
    """One class as the data file gives it (lemmas, words, particles, reach ...)."""
    return _classes((name,))[0]
