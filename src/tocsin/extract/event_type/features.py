"""The text features of the event-type model, identical at training and run time.

A sentence becomes a bag of strings:
- `w|word`: each lower-cased word (digits folded to 0, so "killed 12" and
  "killed 7" share evidence);
- `b|word word`: each pair of neighbouring words;
- `c|abcd`: character 4- and 5-grams inside each word, padded with `<` and `>`
  (5-fold CV on our set chose them over 3–5, 2–5 and 3–6-grams: as good or
  better, stratified or grouped by theatre, with fewer features).
  They let "shelled", "shelling" and "shellfire" share evidence, and carry
  names and spellings never seen in training ("Kataib", "Shabab");
- `k|CODE|weight`: each trigger-lexicon rule that matches (`cue_features`);
- `s|word`: the words of a subordinate clause that sets the scene in the past
  ("after militants seized the town, ...", "... since rebels overran it"),
  instead of `w|word`: a type named there is background, and the model
  learns how much that matters;
- syntax (`syntax_features`, models trained with `syntax`): read from the
  spaCy parse the pipeline already has, never from a second parse: each
  word's lemma (`l|`), each verb's lemma and the lemmas of its object, subject and negation
  (`v|`, `vo|`, `vs|`, `vn|`), and each sentence's main predicate with its
  arguments (`r|`, `d|`).  Lemmas let "seized", "seizes" and "seizing the
  town" share evidence with "seize|town" whatever the words around them.

Training (scikit-learn's TfidfVectorizer with `analyzer=features`) and the
shipped scorer (plain numpy, `scorer.py`) both call these functions, so the
two cannot drift apart.  A word's features are the same wherever it occurs,
which lets the scorer cache them per word.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import repeat
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from tocsin.extract.event_type.anchors import Probe
    from tocsin.extract.event_type.lexicon import Cue

#: Version of the feature definition; stored with every model, checked at load
#: (2: character 4- and 5-grams instead of 3- to 5-grams).
FEATURES_VERSION = 2
CHAR_SIZES = (4, 5)
#: The feature of two neighbouring words.
PAIR = "b|{} {}"

_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+(?:[.,:]\d+)*")
_DIGITS = re.compile(r"\d")
#: Words that open a scene-setting clause when they start it.
_SCENE_OPENERS = frozenset({"after", "since", "following", "before", "until", "when", "once",
                            "ago", "previously", "earlier"})
#: Words that end such a clause (the main clause resumes).
_CLAUSE_END = frozenset({",", ";", ":", "—", "–"})
_SPLIT = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+(?:[.,:]\d+)*|[,;:—–]")


def tokens(text: str) -> list[str]:
    """Lower-cased words, digits folded to 0 ("Kunduz's" stays one word)."""
    return _TOKEN.findall(_DIGITS.sub("0", text.lower()))


@lru_cache(maxsize=200_000)
def word_features(word: str) -> tuple[str, ...]:
    """`w|word` and the word's character n-grams."""
    found = [f"w|{word}"]
    if not word[0].isdigit():
        padded = f"<{word}>"
        for size in CHAR_SIZES:
            found.extend(f"c|{padded[i:i + size]}" for i in range(len(padded) - size + 1))
    return tuple(found)


@lru_cache(maxsize=50_000)
def scene_features(word: str) -> tuple[str, ...]:
    """A word in a scene-setting clause: its own mark, and its character n-grams."""
    return (f"s|{word}",) + word_features(word)[1:]


def marked_tokens(text: str) -> list[tuple[str, bool]]:
    """(word, in a scene-setting clause) for each word of the text."""
    words, scene = marked_words(text)
    return list(zip(words, scene if scene is not None else repeat(False)))


def marked_words(text: str) -> tuple[list[str], list[bool] | None]:
    """The words of `marked_tokens` and whether each is in a scene-setting clause,
    None when none is (most sentences open no such clause: then the words are
    found without a loop in Python)."""
    found = _SPLIT.findall(_DIGITS.sub("0", text.lower()))
    if _SCENE_OPENERS.isdisjoint(found):
        if not _CLAUSE_END.isdisjoint(found):
            found = [word for word in found if word not in _CLAUSE_END]
        return found, None
    words: list[str] = []
    scene: list[bool] = []
    in_scene = False
    for word in found:
        if word in _CLAUSE_END:
            in_scene = False
            continue
        if word in _SCENE_OPENERS:
            in_scene = True
        words.append(word)
        scene.append(in_scene)
    return words, scene


def marked_spans(text: str) -> list[tuple[str, bool, int, int]]:
    """(word, in a scene-setting clause, start, end) for each word, offsets into `text`."""
    spans: list[tuple[str, bool, int, int]] = []
    in_scene = False
    for match in _SPLIT.finditer(_DIGITS.sub("0", text)):
        word = match.group(0).lower()
        if word in _CLAUSE_END:
            in_scene = False
            continue
        if word in _SCENE_OPENERS:
            in_scene = True
        spans.append((word, in_scene, match.start(), match.end()))
    return spans


def features(text: str) -> list[str]:
    """Every feature string of a text, with repeats (term frequency counts them)."""
    marked = marked_tokens(text)
    found: list[str] = []
    for word, scene in marked:
        found.extend(scene_features(word) if scene else word_features(word))
    words = [word for word, _ in marked]
    found.extend(map(PAIR.format, words, words[1:]))
    return found


#: Dependents of a sentence's main predicate that `syntax_features` names.
_ARGUMENTS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "prep", "agent", "xcomp", "ccomp", "neg"})


def syntax_features(parsed: "Doc | Span", text: str | None = None) -> list[str]:
    """The syntax features of a parsed sentence or snippet (spaCy Doc or Span).

    `text` is the text typed when it differs from the parsed one only by blanked
    characters (an attribution blanked out, `claims.attribution.without_attribution`):
    tokens blanked there are left out.
    """
    offset = parsed.start_char if hasattr(parsed, "start_char") else 0

    def kept(token: "Token") -> bool:
        if text is None:
            return True
        start = token.idx - offset
        return bool(text[start:start + len(token.text)].strip())

    found = [f"l|{token.lemma_.lower()}" for token in parsed
             if not token.is_punct and not token.is_space and kept(token)]
    # Span.sents exists since spaCy 3.4; its type stubs do not list it
    sentences: Iterable[Span] = parsed.sents  # type: ignore[union-attr]
    for sentence in sentences:
        root = sentence.root
        if root.pos_ not in ("VERB", "AUX", "NOUN") or not kept(root):
            continue
        head = root.lemma_.lower()
        found.append(f"r|{head}")
        for child in root.children:
            if child.dep_ not in _ARGUMENTS or not kept(child):
                continue
            if child.dep_ == "neg":
                found.append(f"r|{head}|neg")
            elif child.dep_ == "prep":
                objects = [g for g in child.children if g.dep_ == "pobj"]
                found.append(f"r|{head}|{child.lemma_.lower()}|"
                             f"{objects[0].lemma_.lower() if objects else ''}")
            else:
                found.append(f"r|{head}|{child.dep_}|{child.lemma_.lower()}")
                found.append(f"d|{child.dep_}|{child.lemma_.lower()}")
    for token in parsed:
        if token.pos_ != "VERB" or not kept(token):
            continue
        verb = token.lemma_.lower()
        found.append(f"v|{verb}")
        for child in token.children:
            if not kept(child):
                continue
            if child.dep_ in ("dobj", "nsubjpass"):
                found.append(f"vo|{verb}|{child.lemma_.lower()}")
            elif child.dep_ == "nsubj":
                found.append(f"vs|{verb}|{child.lemma_.lower()}")
            elif child.dep_ == "neg":
                found.append(f"vn|{verb}")
    return found


def cue_features(hits: Iterable[Cue]) -> list[str]:
    """`k|CODE|weight` for each trigger-lexicon rule that matched.

    The lexicon no longer decides; its rules are evidence the model weighs,
    one feature per rule (a rule's weight names it), so a cue that fires on
    background in our training data earns a small or negative weight.
    """
    return [f"k|{cue.label}|{cue.weight:g}" for cue in hits]


def plover_features(text: str, probe: "Probe | None" = None) -> list[str]:
    """`p|CATEGORY` for each PLOVER-lexicon category with a cue in the text, and
    `pm|CATEGORY` for the cue that comes first and strongest (`main_plover_cue`)."""
    from tocsin.extract.event_type.lexicon import main_plover_cue, plover_rules, rule_hits

    found = [f"p|{label}" for label in dict.fromkeys(c.label for c in rule_hits(text, plover_rules(), probe))]
    main = main_plover_cue(text, probe)
    if main is not None:
        found.append(f"pm|{main.label}")
    return found


def extra_features(text: str, *, cues: bool, sides: bool, plover_cues: bool = False,
                   probe: "Probe | None" = None, hits: "Sequence[Cue] | None" = None) -> list[str]:
    """The features that are not words, as a model's settings ask for them:
    trigger-lexicon rules (`cue_features`; `hits` when already found), territory
    sides (`territory.side_features`) and PLOVER cues (`plover_features`)."""
    from tocsin.extract.event_type.lexicon import trigger_hits
    from tocsin.extract.event_type.territory import side_features

    found: list[str] = []
    if cues:
        found += cue_features(hits if hits is not None else trigger_hits(text, probe))
    if sides:
        found += side_features(text)
    if plover_cues:
        found += plover_features(text, probe)
    return found
