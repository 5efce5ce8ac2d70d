"""Two more learned decisions on the same features: the PLOVER category and the movement kind.

Each is a linear model like the event-type model (`training.train`).  The
movement head is shipped as arrays in `tocsin/data/event_model/movement/` and
used at run time by `movements.movement_kinds`.  The PLOVER head is measured
(`python -m tocsin.extract.event_type.heads plover`) but not shipped: it
scored well below the PLOVER cue rule that `classifier` keeps.

Training sets, all written by us:
- PLOVER: `data/plover_training/<CATEGORY>.tsv` for the verbal and
  diplomatic categories (AGREE, CONSULT, ACCUSE, ...), plus the event training
  set relabelled with each code's PLOVER category where the code fixes it
  (an air strike is ASSAULT, an arrest COERCE, a protest PROTEST), plus the
  movement set (a withdrawal is RETREAT, a mobilisation MOBILIZE).  The codes
  whose PLOVER category depends on the sentence (change to group/activity,
  other, diplomacy, claims, crime, disasters, non-events) are left out.
- Movement kind: `data/movement_training/<kind>.tsv` (withdraw, advance,
  redeploy, mobilize, none), plus event training rows of codes that never
  describe a movement (air strikes, protests, arrests, disasters, ...) as none.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

from tocsin.extract.event_type.codes import ACLED_CODES, taxonomy
from tocsin.extract.event_type.scorer import LinearScorer
from tocsin.extract.event_type.training import Settings, train
from tocsin.extract.event_type.training_data import (
    Example, TrainingDataError, duplicate_problems, read_folder, shipped_examples,
)

PLOVER_CATEGORIES = frozenset({
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
})
MOVEMENT_KINDS = ("withdraw", "advance", "redeploy", "mobilize")
NO_MOVEMENT = "none"
#: event codes whose PLOVER category depends on the sentence, not on the code.
PLOVER_OPEN_CODES = frozenset({"CHANGE_TO_GROUP_ACT", "OTHER"})
#: PLOVER category of each movement kind (as `extract/events.py` stores movements).
MOVEMENT_PLOVER = {"withdraw": "RETREAT", "advance": "MOBILIZE", "redeploy": "MOBILIZE",
                   "mobilize": "MOBILIZE"}
#: event codes whose sentences never describe an armed movement.
STATIC_CODES = frozenset({
    "AIR_STRIKE", "ART_MISS_ATTACK", "GRENADE", "SUIC_BOMB", "REM_EXPLOS", "CHEM_WEAP", "SEX_VIOL",
    "PEACE_PROTEST", "PROTEST_WITH_INTER", "ARREST", "NATURAL_DISASTER", "MAN_MADE_DISASTER",
    "ORG_CRIME", "DIPLO", "ATTRIB", "DISR_WEAP", "AGREEMENT",
})


def _folder(name: str) -> tuple[Example, ...]:
    data = resources.files("tocsin.data")
    labels = PLOVER_CATEGORIES if name == "plover_training" else frozenset(MOVEMENT_KINDS) | {NO_MOVEMENT}
    return read_folder(data.joinpath(name), codes=labels, name=name)


def plover_examples() -> tuple[Example, ...]:
    written = _folder("plover_training")
    fixed = _codes_with_fixed_plover()
    derived = [replace(e, code=str(taxonomy()[e.code].plover)) for e in shipped_examples()
               if e.code in fixed]
    moves = [replace(e, code=MOVEMENT_PLOVER[e.code]) for e in _folder("movement_training")
             if e.code in MOVEMENT_PLOVER]
    return _checked(tuple(written) + tuple(derived) + tuple(moves))


def _codes_with_fixed_plover() -> frozenset[str]:
    """ACLED codes whose PLOVER category the code itself fixes."""
    return frozenset(c for c in ACLED_CODES - PLOVER_OPEN_CODES
                     if taxonomy()[c].plover in PLOVER_CATEGORIES)


#: At most this many event rows of static codes join the movement set as none: with
#: thousands of them next to 45 rows per kind, the kinds drown.
DERIVED_NONE = 200


def movement_examples() -> tuple[Example, ...]:
    written = _folder("movement_training")
    static = sorted((e for e in shipped_examples() if e.code in STATIC_CODES),
                    key=lambda e: hashlib.sha1(e.text.encode("utf-8")).hexdigest())
    derived = [replace(e, code=NO_MOVEMENT) for e in static[:DERIVED_NONE]]
    return _checked(tuple(written) + tuple(derived))


def _checked(examples: tuple[Example, ...]) -> tuple[Example, ...]:
    problems = duplicate_problems(examples)
    if problems:
        raise TrainingDataError(problems)
    return examples


@dataclass(frozen=True, slots=True)
class HeadSpec:
    name: str
    examples: Callable[[], tuple[Example, ...]]
    settings: Settings
    description: str
    sources: tuple[str, ...]


MOVEMENT_HEAD = HeadSpec(
    "movement", movement_examples, Settings(cues=False, sides=False),
    "movement-kind head: trained on tocsin's own sentences",
    ("tocsin/data/movement_training/", "tocsin/data/event_training/ (static codes as none)"))
#: Measured, not shipped: on the PLOVER gold file's tune half it scored 0.54 against
#: 0.79 for the cue rule in `classifier.plover_category` (docs/accuracy_notes.md).
PLOVER_HEAD = HeadSpec(
    "plover", plover_examples, Settings(cues=True, sides=False, plover_cues=True),
    "PLOVER category head: trained on tocsin's own sentences",
    ("tocsin/data/plover_training/", "tocsin/data/event_training/ (relabelled)",
     "tocsin/data/movement_training/ (relabelled)"))
#: The heads shipped in subfolders of tocsin/data/event_model/.
HEADS = (MOVEMENT_HEAD,)


def train_head(spec: HeadSpec, progress: Callable[[str], None] | None = None
               ) -> tuple[LinearScorer, dict[str, Any]]:
    return train(spec.examples(), spec.settings, description=spec.description,
                 sources=list(spec.sources), progress=progress)


def main(argv: list[str] | None = None) -> int:
    """`python -m tocsin.extract.event_type.heads [plover|movement]`: 5-fold CV of a head."""
    import json
    import sys

    names = (argv if argv is not None else sys.argv[1:]) or ["movement", "plover"]
    specs = {spec.name: spec for spec in (MOVEMENT_HEAD, PLOVER_HEAD)}
    for name in names:
        if name not in specs:
            print(f"unknown head {name!r}; choose from {', '.join(specs)}", file=sys.stderr)
            return 2
        _, card = train_head(specs[name])
        print(json.dumps({"head": name, "rows": card["training_data"]["rows"],
                          "cv": card["cross_validation"]["with_none"]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
