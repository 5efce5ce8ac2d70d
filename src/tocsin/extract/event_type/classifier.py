"""Type sentences: the learned model decides, a few measured overrides correct it.

For each text the model (`model.active_model()`, a linear classifier over
words, word pairs, character n-grams and the trigger lexicon's rules) scores
the 30 codes and NONE.  The best one is the answer, after the overrides in
`overrides.py` (who took territory; people are not territory; a capture told
as history).  NONE gives None, unless the sentence carries a verbal or
diplomatic act ("X accused Y", "the two sides met"): that comes back as a
non-ACLED DIPLO guess with its PLOVER category, which is never stored as an
event but lets PLOVER scoring see it.

The PLOVER category of an event is the code's default, or the sentence's
verbal cue (`data/event_plover_cues.tsv`) when it names a verbal act
("X accused Y of shelling Z" is ACCUSE).  A learned PLOVER head was built and
measured (`heads.py`) but scored well below this rule, so it is not used.
"""
from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from tocsin.extract.event_type.codes import ACLED_CODES, NO_EVENT, SURE_OF_AN_EVENT, taxonomy
from tocsin.extract.event_type.features import marked_spans
from tocsin.extract.event_type.anchors import Probe
from tocsin.extract.event_type.lexicon import (
    Cue, best_cues, main_plover_cue, probe as probe_of, trigger_hits,
)
from tocsin.extract.event_type.model import EventTypeModel, active_model
from tocsin.extract.event_type.overrides import apply
from tocsin.extract.event_type.territory import CHANGES_HANDS

#: PLOVER categories of physical acts.  When a sentence has an ACLED code, that
#: code names the physical act better than a generic verb cue such as "fired";
#: verbal cues ("accused", "threatened", "agreed") still take precedence.
MATERIAL = frozenset({"ASSAULT", "COERCE", "PROTEST"})
#: PLOVER categories a non-event ("the striker's attack", "rebels vote") can fake.
PHYSICAL = MATERIAL | {"MOBILIZE"}
#: A verbal act in a non-event sentence is scored this much lower than its cue.
VERBAL_DISCOUNT = 0.8


@dataclass(frozen=True, slots=True)
class EventTypeGuess:
    code: str
    event_type: str
    sub_event_type: str
    plover: str | None
    score: float
    #: (start, end) offsets in the classified text of the words that decided it.
    trigger: tuple[int, int] | None = None


@dataclass(frozen=True)
class Scored:
    """The model's view of one text, before the answer is chosen."""

    text: str
    classes: tuple[str, ...]
    probabilities: tuple[float, ...]
    cues: dict[str, Cue]
    probe: Probe

    @property
    def top(self) -> str:
        return self.classes[max(range(len(self.classes)), key=self.probabilities.__getitem__)]

    @property
    def ranking(self) -> list[tuple[str, float]]:
        """(code, probability), best first."""
        return sorted(zip(self.classes, self.probabilities), key=lambda pair: -pair[1])

    def probability(self, code: str) -> float:
        return self.probabilities[self.classes.index(code)] if code in self.classes else 0.0


def is_political_violence(guess: EventTypeGuess | None) -> bool:
    """True when the guess is one of the 25 ACLED sub-event types.

    That is the scope of an ACLED-style database: battles, explosions,
    violence against civilians, protests, riots and strategic developments.
    Crime, disasters, diplomacy and claims of responsibility are not.
    """
    return guess is not None and guess.code in ACLED_CODES


def score_texts(texts: Sequence[str], model: EventTypeModel | None = None,
                syntax: Sequence[Sequence[str]] | None = None) -> list[Scored]:
    """Rank every class for every text, in one model call.  `syntax`: each text's
    `features.syntax_features` from the caller's parse (else parsed when the model needs it)."""
    if isinstance(texts, str):
        raise TypeError("expected a sequence of strings, not a string")
    model = model or active_model()
    probes = [probe_of(t) for t in texts]
    hits = [trigger_hits(t, p) if t.strip() else [] for t, p in zip(texts, probes)]
    probabilities = model.predict_proba(texts, probes, hits, syntax) if texts else np.zeros((0, 0))
    return [Scored(text, model.classes, tuple(row.tolist()), best_cues(found), probe)
            for text, found, row, probe in zip(texts, hits, probabilities, probes)]


#: A text's guess: its text and the syntax features it was typed with (None: parsed here).
_Key = tuple[str, tuple[str, ...] | None]
#: Guesses remembered per model; past this many for one model the memory starts again.
GUESS_CACHE_SIZE = 10_000
#: id(model) -> (the model, kept alive so that its id is not reused, and its guesses)
_remembered: dict[int, tuple[EventTypeModel, dict[_Key, "EventTypeGuess | None"]]] = {}


def classify_many(texts: Sequence[str], model: EventTypeModel | None = None,
                  syntax: Sequence[Sequence[str]] | None = None) -> list[EventTypeGuess | None]:
    """Type each text (a sentence or short snippet); None where it reports no event.
    `syntax`: each text's `features.syntax_features` from a parse the caller has
    (the event extractor's); without it the texts are parsed when the model needs it.

    A guess depends on the text, its syntax features and the model alone (each text
    is scored on its own row), so one already made is not made again: 436 of the
    6,092 texts the bench types over the FA-KES dev file come twice (a conjunct clause
    typed for the sentence and again for its predicate, a story two sources carry)."""
    if isinstance(texts, str):
        raise TypeError("expected a sequence of strings, not a string")
    chosen = model or active_model()
    if syntax is not None and len(syntax) != len(texts):
        return _classify_each(texts, chosen, syntax)
    keys: list[_Key] = [(t, None) for t in texts] if syntax is None else \
        [(t, tuple(found)) for t, found in zip(texts, syntax)]
    known = _guesses_of(chosen)
    found = {key: known[key] for key in keys if key in known}
    new = [key for key in dict.fromkeys(keys) if key not in found]
    if new:
        guesses = _classify_each([t for t, _ in new], chosen,
                                 None if syntax is None else [list(s or ()) for _, s in new])
        found.update(zip(new, guesses))
        if len(known) + len(new) > GUESS_CACHE_SIZE:
            known.clear()
        known.update(zip(new, guesses))
    return [found[key] for key in keys]


def _guesses_of(model: EventTypeModel) -> dict[_Key, EventTypeGuess | None]:
    entry = _remembered.get(id(model))
    if entry is None or entry[0] is not model:
        if len(_remembered) >= 4:
            _remembered.clear()
        entry = _remembered[id(model)] = (model, {})
    return entry[1]


def _classify_each(texts: Sequence[str], chosen: EventTypeModel,
                   syntax: Sequence[Sequence[str]] | None) -> list[EventTypeGuess | None]:
    guesses: list[EventTypeGuess | None] = []
    for scored in score_texts(texts, chosen, syntax):
        if not scored.text.strip():
            guesses.append(None)
            continue
        code = _event_code(scored, chosen)
        cue = main_plover_cue(scored.text, scored.probe)
        if code in (NO_EVENT, "DIPLO"):
            guesses.append(_verbal_guess(scored, cue))
        else:
            guesses.append(_guess(scored, code, cue, chosen))
    return guesses


def classify(text: str, model: EventTypeModel | None = None) -> EventTypeGuess | None:
    return classify_many([text], model)[0]


#: Least probability the act a speaker claims needs (`claimed_acts`).
CLAIMED_ACT_MIN = 0.2


def claimed_acts(texts: Sequence[str], model: EventTypeModel | None = None,
                 syntax: Sequence[Sequence[str]] | None = None) -> list[EventTypeGuess | None]:
    """The act each text's speaker claims to have done: the model's best ACLED
    code, whatever it ranks above it (a claim of responsibility, ATTRIB, above
    all); None where no act reaches `CLAIMED_ACT_MIN`.  For a sentence the model
    types as a claim and whose speaker tells of its own deed ("the Houthis said
    they had fired a missile at a tanker"): the claim is how the act is known."""
    chosen = model or active_model()
    guesses: list[EventTypeGuess | None] = []
    for scored in score_texts(texts, chosen, syntax):
        acts = [(c, p) for c, p in scored.ranking if c in ACLED_CODES]
        if not scored.text.strip() or not acts or acts[0][1] < CLAIMED_ACT_MIN:
            guesses.append(None)
            continue
        code = apply(scored.text, acts[0][0], lambda: acts, forced=True)[0]
        guesses.append(_guess(scored, code, main_plover_cue(scored.text, scored.probe), chosen)
                       if code in ACLED_CODES else None)
    return guesses


def best_codes(texts: Sequence[str], model: EventTypeModel | None = None,
               codes: Collection[str] | None = None) -> list[str]:
    """Forced choice among the model's codes, never NONE (the CASE 2021 rule);
    `codes` narrows the choice (ACLED notes: `ACLED_CODES`).  A snippet of several
    sentences is scored as a whole and sentence by sentence (`snippet_scores`)."""
    return [forced_code(s, codes) for s in snippet_scores(list(texts), model)]


#: A sentence ends at . ! or ? followed by space and a capital, digit or quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“])")
#: Share of the whole-snippet scores in a snippet's scores (the rest: its sentences).
WHOLE_SHARE = 0.5


def snippet_scores(texts: Sequence[str], model: EventTypeModel | None = None) -> list[Scored]:
    """Scores of snippets that may hold several sentences.

    Context around the event sentence ("... The town has 20,000 inhabitants.")
    dilutes a bag of words.  So a snippet's score for each code is half its
    whole-text score and half a mix of its sentences' scores, each sentence
    weighted by how much the model thinks it reports an event (1 - P(NONE)).
    In 5-fold CV on our set with a non-event sentence added to each held-out
    snippet, weighted F1 rose from 0.82 to 0.86, and on the plain snippets it
    stayed at 0.90 (docs/accuracy_notes.md).  NONE keeps the whole-text score.
    """
    chosen = model or active_model()
    whole = score_texts(texts, chosen)
    parts = [[p for p in _SENTENCE_END.split(t) if p.strip()] for t in texts]
    several = [i for i, found in enumerate(parts) if len(found) > 1]
    flat = [p for i in several for p in parts[i]]
    sentences = iter(score_texts(flat, chosen))
    for i in several:
        mixed = _mix(whole[i], [next(sentences) for _ in parts[i]])
        whole[i] = Scored(whole[i].text, whole[i].classes, mixed, whole[i].cues, whole[i].probe)
    return whole


def _mix(whole: Scored, sentences: Sequence[Scored]) -> tuple[float, ...]:
    none = whole.classes.index(NO_EVENT) if NO_EVENT in whole.classes else None
    combined = [0.0] * len(whole.classes)
    for sentence in sentences:
        weight = 1.0 - (sentence.probabilities[none] if none is not None else 0.0)
        for j, p in enumerate(sentence.probabilities):
            if j != none:
                combined[j] += weight * p
    total = sum(combined) or 1.0
    events = 1.0 - (whole.probabilities[none] if none is not None else 0.0)
    return tuple(whole.probabilities[j] if j == none else
                 WHOLE_SHARE * whole.probabilities[j] + (1 - WHOLE_SHARE) * events * c / total
                 for j, c in enumerate(combined))


def forced_code(scored: Scored, codes: Collection[str] | None = None) -> str:
    ranking = [(c, p) for c, p in scored.ranking
               if c != NO_EVENT and (codes is None or c in codes)]
    return apply(scored.text, ranking[0][0], lambda: ranking, forced=True)[0]


def decided_code(scored: Scored) -> str:
    """The model's best class (NONE included) after the overrides."""
    return apply(scored.text, scored.top, lambda: scored.ranking, forced=False)[0]


def belief(scored: Scored, code: str) -> float:
    """How sure the model is of an event of `code`.  For a place changing hands it is
    the model's belief that the place changed hands, however and to whom: who took it
    is for the territory override and the actors to say (`taker_kind`), and the model
    often splits a plain takeover between the two sides ("Islamic State militants
    drove Syrian troops out of Palmyra": 0.37 the militants', 0.28 the army's) or an
    abandoned town between a handover and a retaking, so that no one code alone
    reaches the event threshold."""
    if code in CHANGES_HANDS:
        return sum(scored.probability(c) for c in CHANGES_HANDS)
    return scored.probability(code)


def violence(scored: Scored) -> float:
    """How sure the model is that the text tells some political-violence event,
    whichever: every ACLED code's probability together."""
    return sum(scored.probability(c) for c in ACLED_CODES)


def _event_code(scored: Scored, model: EventTypeModel) -> str:
    code = decided_code(scored)
    if code in ACLED_CODES and belief(scored, code) < model.event_threshold \
            and violence(scored) < SURE_OF_AN_EVENT:
        return NO_EVENT  # the model half-believes it: no event (threshold chosen in CV)
    return code


def _guess(scored: Scored, code: str, cue: Cue | None, model: EventTypeModel) -> EventTypeGuess:
    info = taxonomy()[code]
    return EventTypeGuess(code, info.event_type, info.sub_event_type, plover_category(code, cue),
                          round(belief(scored, code), 3), _trigger(scored, code, model))


def plover_category(code: str, cue: Cue | None) -> str | None:
    """The code's PLOVER category, unless the sentence's main PLOVER cue is a verbal act
    ("X accused Y of shelling Z" is ACCUSE).  A learned PLOVER head was measured and not
    used: it scored well below this rule (docs/accuracy_notes.md)."""
    default = taxonomy()[code].plover
    if cue is not None and (default is None or cue.label not in MATERIAL):
        return cue.label
    return default


def _verbal_guess(scored: Scored, cue: Cue | None) -> EventTypeGuess | None:
    """A verbal or diplomatic act (DIPLO), or None when the sentence holds none."""
    info = taxonomy()["DIPLO"]
    if cue is None or cue.label in PHYSICAL:
        if scored.top != "DIPLO":
            return None   # "the striker's attack", "rebels vote": borrowed words, no act
        return EventTypeGuess("DIPLO", info.event_type, info.sub_event_type, None,
                              round(scored.probability("DIPLO"), 3), None)
    score = VERBAL_DISCOUNT * max(scored.probability("DIPLO"), 1.0 - scored.probability(NO_EVENT))
    return EventTypeGuess("DIPLO", info.event_type, info.sub_event_type, cue.label,
                          round(score, 3), (cue.start, cue.end))


def _trigger(scored: Scored, code: str, model: EventTypeModel) -> tuple[int, int] | None:
    """The lexicon cue for the code if one fired, else the word that adds most to its score."""
    cue = scored.cues.get(code)
    if cue is not None:
        return cue.start, cue.end
    if code not in model.classes or code not in ACLED_CODES:
        return None   # only stored events need a highlight
    column = model.classes.index(code)
    vector_of = model.scorer.word_vector
    best: tuple[float, int, int] | None = None
    for word, scene, start, end in marked_spans(scored.text):
        weight = float(vector_of(word, scene)[column])
        if best is None or weight > best[0]:
            best = (weight, start, end)
    return (best[1], best[2]) if best is not None and best[0] > 0 else None
