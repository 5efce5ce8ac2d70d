"""Event typing: does a sentence report an event, and of which kind?

`classify(text)` returns an `EventTypeGuess` with a CASE-2021-style code
(e.g. AIR_STRIKE), the ACLED event and sub-event type, a PLOVER category and a
score, or None when the sentence reports nothing (sport, economy, elections,
general statements).

How it decides, and why:
1. A trigger lexicon (`data/event_triggers.tsv`) proposes codes with a weight.
   Only a lexicon hit can make a sentence an event, which keeps false events
   (the costly error for the database) rare and explainable.
2. A small TF-IDF + logistic-regression model trained on our own example
   sentences (`data/event_examples.tsv`) breaks ties between proposed codes and
   vetoes weak hits it judges to be non-events.
3. The PLOVER category comes from the sentence's main verbal cue
   (`data/event_plover_cues.tsv`), so "X accused Y of shelling Z" is ACCUSE,
   and falls back to the code's default category.
Verbal and diplomatic sentences without violence come back with code DIPLO
(event_type "None") and their PLOVER category.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from tocsin.extract.event_type_lexicon import Cue, main_plover_cue, trigger_cues
from tocsin.extract.event_type_model import NO_EVENT, predict_proba
from tocsin.extract.event_type_territory import (
    TERRITORY_CODES, direction, is_background, takes_people,
)

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

#: ACLED event_type used for the five non-ACLED CASE classes.
NOT_ACLED = "None"
#: Weight of the model's probability next to the lexicon weight.
MODEL_WEIGHT = 0.6
#: A lexicon hit at least this strong is kept even if the model says "no event".
STRONG_CUE = 0.8
#: Model probability of "no event" above which weak hits are dropped.
NONE_VETO = 0.45
#: The same for verbal/diplomatic acts (code DIPLO).  Looser, because the model's
#: "no event" examples include politics-like sentences (budgets, elections) that
#: sit close to verbal acts; these guesses never become pipeline events.
VERBAL_NONE_VETO = 0.65
#: PLOVER categories of physical acts.  When a sentence has an ACLED code, that
#: code names the physical act better than a generic verb cue such as "fired";
#: verbal cues ("accused", "threatened", "agreed") still take precedence.
_MATERIAL = frozenset({"ASSAULT", "COERCE", "PROTEST"})
#: PLOVER categories that a non-event context (sport, markets, elections) can
#: fake.  A verbal act there ("the opposition threatened to boycott the vote")
#: is still a verbal act: it comes back as DIPLO, which never becomes an ACLED
#: event, so the election sentence stays out of the conflict database.
_PHYSICAL = _MATERIAL | {"MOBILIZE"}


@dataclass(frozen=True, slots=True)
class CodeInfo:
    code: str
    event_type: str
    sub_event_type: str
    plover: str | None


@dataclass(frozen=True, slots=True)
class EventTypeGuess:
    code: str
    event_type: str
    sub_event_type: str
    plover: str | None
    score: float
    #: (start, end) offsets in the classified text of the cue that decided it.
    trigger: tuple[int, int] | None = None


@lru_cache(maxsize=1)
def taxonomy() -> Mapping[str, CodeInfo]:
    """The 30 codes (25 ACLED + 5 CASE extras) with their ACLED/PLOVER names."""
    text = resources.files("tocsin.data").joinpath("event_taxonomy.tsv").read_text("utf-8")
    codes: dict[str, CodeInfo] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 4:
            raise ValueError(f"event_taxonomy.tsv:{number}: expected 4 tab-separated fields")
        code, event_type, sub_type, plover = fields
        codes[code] = CodeInfo(code, event_type, sub_type, None if plover == "-" else plover)
    return codes


ACLED_CODES = frozenset({
    "ARMED_CLASH", "GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER", "CHEM_WEAP",
    "AIR_STRIKE", "SUIC_BOMB", "ART_MISS_ATTACK", "REM_EXPLOS", "GRENADE", "SEX_VIOL",
    "ATTACK", "ABDUCT_DISSAP", "PEACE_PROTEST", "PROTEST_WITH_INTER",
    "FORCE_AGAINST_PROTEST", "VIOL_DEMONSTR", "MOB_VIOL", "AGREEMENT", "ARREST",
    "CHANGE_TO_GROUP_ACT", "DISR_WEAP", "HQ_ESTABLISHED", "PROPERTY_DISTRUCT",
    "NON_VIOL_TERRIT_TRANSFER", "OTHER",
})


def is_political_violence(guess: EventTypeGuess | None) -> bool:
    """True when the guess is one of the 25 ACLED sub-event types.

    That is the scope of an ACLED-style database: battles, explosions,
    violence against civilians, protests, riots and strategic developments.
    Crime, disasters, diplomacy and claims of responsibility are not.
    """
    return guess is not None and guess.code in ACLED_CODES


def classify(text: str) -> EventTypeGuess | None:
    """Type one sentence (or short snippet); None when it reports no event."""
    return classify_many([text])[0]


@dataclass(frozen=True, slots=True)
class _Cues:
    """What the lexicons found in one text, before the model is asked."""

    triggers: Mapping[str, Cue]     # code -> cue, with codes vetoed by a NONE cue removed
    vetoed: bool                    # a NONE cue beat every trigger and no verbal act is left
    plover: Cue | None

    @property
    def needs_model(self) -> bool:
        """False when the answer is None whatever the model says: the cheap path."""
        return not self.vetoed and (bool(self.triggers) or self.plover is not None)


def _cues(text: str) -> _Cues:
    if not text or not text.strip():
        return _Cues({}, True, None)
    triggers = trigger_cues(text)
    veto = triggers.pop(NO_EVENT, None)
    if veto is not None:
        triggers = {code: cue for code, cue in triggers.items() if cue.weight > veto.weight}
    vetoed = veto is not None and not triggers
    plover = main_plover_cue(text)
    if vetoed and plover is not None and plover.label in _PHYSICAL:
        plover = None  # "the striker's attack", "rebels vote": borrowed words, no act
    return _Cues(triggers, vetoed and plover is None, plover)


def classify_many(texts: Sequence[str]) -> list[EventTypeGuess | None]:
    """Batch version of `classify`: one model call for the texts that need it.

    Texts with no trigger or PLOVER cue (most sentences of an article) never
    reach the model, so the "no event" path costs only the lexicon look-up.
    """
    if isinstance(texts, str):
        raise TypeError("classify_many expects a sequence of strings, not a string")
    found = [_cues(text) for text in texts]
    asked = [i for i, cues in enumerate(found) if cues.needs_model]
    results: list[EventTypeGuess | None] = [None] * len(found)
    if asked:
        classes, probs = predict_proba([texts[i] for i in asked])
        for i, row in zip(asked, probs):
            results[i] = _decide(texts[i], found[i], dict(zip(classes, row)))
    return results


def best_codes(texts: Sequence[str], model: Pipeline | None = None) -> list[str]:
    """Forced choice among the 30 codes, for benchmarks that have no 'no event' class.

    Uses the same evidence as `classify` but never abstains: with no lexicon hit,
    the model's best event code wins.  `model` replaces the shipped text model
    (cross-validation trains one per fold).
    """
    texts = list(texts)
    if not texts:
        return []
    classes, probs = predict_proba(texts, model)
    return [_forced_code(text, dict(zip(classes, row))) for text, row in zip(texts, probs)]


def _combined(cues: Mapping[str, Cue], probs: Mapping[str, float]) -> dict[str, float]:
    """Lexicon weight plus the model's probability, per proposed code."""
    return {code: cue.weight + MODEL_WEIGHT * probs.get(code, 0.0) for code, cue in cues.items()}


def _forced_code(text: str, probs: Mapping[str, float]) -> str:
    scores = {code: MODEL_WEIGHT * p for code, p in probs.items() if code != NO_EVENT}
    cues = trigger_cues(text)
    cues.pop(NO_EVENT, None)
    scores.update(_combined(cues, probs))
    return direction(text, max(scores, key=lambda code: scores[code]))


def _decide(text: str, cues: _Cues, probs: Mapping[str, float]) -> EventTypeGuess | None:
    no_event = probs.get(NO_EVENT, 0.0)
    scores = _combined(cues.triggers, probs)
    if scores and takes_people(text):  # "stormed the consulate and seized 49 people"
        scores = {code: value for code, value in scores.items() if code not in TERRITORY_CODES}
    if scores:
        code = max(scores, key=lambda c: scores[c])
        cue = cues.triggers[code]
        if (code in TERRITORY_CODES or cue.weight < STRONG_CUE) and is_background(text):
            return None  # history ("held since January", "in 2004") is not a new event
        if cue.weight >= STRONG_CUE or no_event < NONE_VETO:
            return _guess(direction(text, code), cue, probs.get(code, 0.0), cues.plover)
    if cues.plover is not None and no_event < VERBAL_NONE_VETO:
        return _verbal_guess(cues.plover, no_event)
    return None


def _guess(code: str, cue: Cue, prob: float, plover_cue: Cue | None) -> EventTypeGuess:
    info = taxonomy()[code]
    plover = info.plover
    if plover_cue is not None and (plover is None or plover_cue.label not in _MATERIAL):
        plover = plover_cue.label
    score = float(min(1.0, 0.7 * cue.weight + 0.3 * prob))
    return EventTypeGuess(code, info.event_type, info.sub_event_type, plover,
                          round(score, 3), (cue.start, cue.end))


def _verbal_guess(cue: Cue, no_event: float) -> EventTypeGuess:
    """A sentence with a diplomatic or verbal act but no ACLED event."""
    info = taxonomy()["DIPLO"]
    score = float(min(1.0, 0.6 * cue.weight + 0.4 * (1.0 - no_event)) * 0.8)
    return EventTypeGuess("DIPLO", info.event_type, info.sub_event_type, cue.label,
                          round(score, 3), (cue.start, cue.end))


def plover_of(texts: Iterable[str]) -> list[str | None]:
    """PLOVER category per text (None for non-events); a convenience for scoring."""
    return [g.plover if g else None for g in classify_many(list(texts))]
