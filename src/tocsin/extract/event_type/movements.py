"""The learned movement kind: withdraw, advance, redeploy, mobilize, or none.

    from tocsin.extract import event_type
    event_type.movement_kinds(["ISIS pulled its fighters out of Idlib."])
    # -> [MovementKind(kind='withdraw', probability=0.8, ranking=(...))]

The movement head (`heads.MOVEMENT_HEAD`) is a linear model over the same
word and character features as the event-type model, trained on our own
sentences (`data/movement_training/`).  It answers for a sentence as a whole;
`extract/movement.py` finds the trigger, the origin and the destination, and
decides how to combine its own reading of the verb with this one.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tocsin.extract.event_type.model import shipped_head

NO_MOVEMENT = "none"


@dataclass(frozen=True, slots=True)
class MovementKind:
    #: withdraw, advance, redeploy or mobilize; "none" when the sentence tells no movement.
    kind: str
    probability: float
    #: every kind with its probability, best first.
    ranking: tuple[tuple[str, float], ...]

    @property
    def is_movement(self) -> bool:
        return self.kind != NO_MOVEMENT


def movement_kinds(texts: Sequence[str]) -> list[MovementKind | None]:
    """The movement kind of each text, in one model call; None for an empty text
    (or every text when the movement head is not installed)."""
    if isinstance(texts, str):
        raise TypeError("expected a sequence of strings, not a string")
    head = shipped_head("movement")
    asked = [i for i, t in enumerate(texts) if t.strip()]
    found: list[MovementKind | None] = [None] * len(texts)
    if head is None or not asked:
        return found
    rows = head.predict_proba([texts[i] for i in asked])
    for i, row in zip(asked, rows):
        ranking = tuple(sorted(((c, round(float(p), 4)) for c, p in zip(head.classes, row)),
                               key=lambda pair: -pair[1]))
        found[i] = MovementKind(ranking[0][0], ranking[0][1], ranking)
    return found
