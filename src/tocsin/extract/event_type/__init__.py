"""Event typing: does a sentence report an event, and of which kind?

    from tocsin.extract import event_type
    event_type.classify_many(texts)   # -> [EventTypeGuess | None], one model call
    event_type.is_political_violence(guess)

An `EventTypeGuess` carries a CASE 2021 code (AIR_STRIKE, ...), the ACLED
event and sub-event type, a PLOVER category, a score (the model's
probability) and the offsets of the words that decided it.  None means the
sentence reports no event.

A linear model trained on sentences we wrote ourselves decides (`classifier`,
`model`, `scorer`, `features`); the trigger lexicon's rules are among its
features, and three measured overrides read who took territory (`overrides`).
`training` fits it and writes the arrays shipped in `tocsin/data/event_model/`;
`acled_training` fits the same model on a user's ACLED export.  A second
learned model, the movement head, gives `movement_kinds(texts)` (withdraw,
advance, redeploy, mobilize or none).
"""
from __future__ import annotations

from collections.abc import Iterable

from tocsin.extract.event_type.classifier import (
    EventTypeGuess, Scored, best_codes, claimed_acts, classify, classify_many, is_political_violence,
    score_texts,
)
from tocsin.extract.event_type.codes import (
    ACLED_CODES, NO_EVENT, NOT_ACLED, PROTEST_FAMILY, CodeInfo, code_for_sub_event_type, taxonomy,
)
from tocsin.extract.event_type.features import syntax_features
from tocsin.extract.event_type.model import EventTypeModel, active_model, load_model, use_model
from tocsin.extract.event_type.movements import MovementKind, movement_kinds
from tocsin.extract.event_type.scorer import ModelError

__all__ = [
    "ACLED_CODES", "NO_EVENT", "NOT_ACLED", "PROTEST_FAMILY", "CodeInfo", "EventTypeGuess",
    "EventTypeModel", "ModelError", "MovementKind", "Scored", "active_model", "best_codes", "claimed_acts", "classify",
    "classify_many", "code_for_sub_event_type", "is_political_violence", "load_model",
    "movement_kinds",
    "plover_of", "score_texts", "syntax_features", "taxonomy", "use_model",
]


def plover_of(texts: Iterable[str]) -> list[str | None]:
    """PLOVER category per text (None for non-events); a convenience for scoring."""
    return [g.plover if g else None for g in classify_many(list(texts))]
